// Chromium through Playwright, in the cross-engine suite as the reference the
// other engines' screens are compared with (its own, larger suite is tests/e2e).

import { launchBrowser } from "../e2e/harness.mjs";
import { Tab, PHONE } from "./page.mjs";

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
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") report(`driver console.${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => report(`driver pageerror: ${e.message}`));
      const driver = {
        run: (source, args) => page.evaluate(`(${source})(...${JSON.stringify(args)})`),
        clickAt: (x, y) => page.mouse.click(x, y),
        async keys(list) {
          for (const k of list) {
            if (k.length === 1) await page.keyboard.type(k);
            else await page.keyboard.press(k);
          }
        },
        goto: (url) => page.goto(url, { waitUntil: "load" }),
        reload: () => page.reload({ waitUntil: "load" }),
        url: async () => page.url(),
        png: () => page.screenshot(),
        async close() {
          open = null;
          await context.close().catch(() => {});
        },
      };
      open = new Tab("chromium", driver);
      return open;
    },
    async close() {
      await browser.close();
    },
  };
}
