// Firefox: Debian's firefox-esr over WebDriver BiDi (built into Firefox), driven
// by puppeteer-core with the Debian binary: nothing is downloaded.
//
// Besides the front's in-page recorder, the driver's own console and page-error
// events are recorded too (`report`), so an error the page cannot see still fails.

import puppeteer from "puppeteer-core";
import { PHONE, contextEngine } from "./page.mjs";

const FIREFOX = process.env.ITT_FIREFOX_BIN || "/usr/bin/firefox-esr";

/** Starts headless Firefox; `newTab(report)` opens a page in a fresh browser context. */
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: FIREFOX,
    headless: true,
    // No network beyond loopback here: no updates, telemetry or remote settings.
    extraPrefsFirefox: {
      "app.update.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.enabled": false,
      "network.captive-portal-service.enabled": false,
      "network.connectivity-service.enabled": false,
      // A phone's scrollbars float over the page; desktop Linux's take 12 px of its width.
      "ui.useOverlayScrollbars": 1,
      "widget.gtk.overlay-scrollbars.enabled": true,
    },
  });
  return contextEngine("firefox", browser, async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(PHONE);
    return { context, page };
  });
}
