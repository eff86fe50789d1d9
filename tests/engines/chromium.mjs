// Chromium through Playwright, in the cross-engine suite as the reference the
// other engines' screens are compared with (its own, larger suite is tests/e2e).

import { launchBrowser } from "../e2e/harness.mjs";
import { PHONE, contextEngine } from "./page.mjs";

/** Starts Debian's headless Chromium; `newTab(report)` opens a page in a fresh context. */
export async function launchChromium() {
  const browser = await launchBrowser();
  return contextEngine("chromium", browser, async () => {
    const context = await browser.newContext({ viewport: PHONE });
    return { context, page: await context.newPage() };
  });
}
