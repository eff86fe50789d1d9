// Chromium through Playwright, in the cross-engine suite as the reference the
// other engines' screens are compared with (its own, larger suite is tests/e2e).

import { launchBrowser } from "../e2e/harness.mjs";
import { Tab, PHONE, pageDriver } from "./page.mjs";

/** Starts Debian's headless Chromium; `newTab(report)` opens a page in a fresh context. */
export async function launchChromium() {
  const browser = await launchBrowser();
  let open = null;
  return {
    name: "chromium",
    async newTab(report = () => {}) {
      if (open) await open.close();
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const driver = pageDriver(page, report, async () => {
        open = null;
        await context.close().catch(() => {});
      });
      open = new Tab("chromium", driver);
      return open;
    },
    async close() {
      await browser.close();
    },
  };
}
