// What the cross-engine scenarios can do with a page, whatever drives the engine.
//
// Each engine's driver supplies a few primitives (run a script, pointer click at
// a point, keys, navigation, a screenshot); `Tab` builds the rest on them, the
// same way in every engine. Elements are found with selectors that cross shadow
// roots: "#esim >>> .esim-pay" is `.esim-pay` inside `#esim`'s shadow root.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../e2e/harness.mjs";

/** The traveller's phone: an iPhone 12–15's CSS viewport. */
export const PHONE = { width: 390, height: 844 };

/** Where screenshots go: one folder per engine, checked by eye, not by the tests. */
export const SCREENS = process.env.ITT_ENGINE_SCREENS
  || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "engine-screens");

/** Defined before every script the tests run in the page. */
const PRELUDE = `
  const $$ = (selector, text) => {
    const [host, ...inner] = selector.split(" >>> ");
    let found = [...document.querySelectorAll(host)];
    for (const part of inner) found = found.flatMap((el) => el.shadowRoot ? [...el.shadowRoot.querySelectorAll(part)] : []);
    return text == null ? found : found.filter((el) => el.textContent.includes(text));
  };
  const $ = (selector, text) => $$(selector, text)[0] ?? null;
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
`;

/** The source of an async function that defines the prelude, then calls `fn`. */
export const wrap = (fn) => `async (...args) => { ${PRELUDE}\n return (${fn})(...args); }`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One page in one engine. `driver` has `run(source, args)`, `clickAt(x, y)`,
 * `keys(list)`, `goto(url)`, `reload()`, `url()`, `png()`, `close()`.
 */
export class Tab {
  constructor(engine, driver) {
    this.engine = engine;
    this.driver = driver;
  }

  /** Runs `fn(...args)` in the page (with `$`, `$$` and `shown`); returns its JSON value. */
  eval(fn, ...args) {
    return this.driver.run(wrap(fn), args);
  }

  /** Polls `fn(...args)` until it returns something truthy; errors while a page loads are retried. */
  async waitFor(fn, args = [], { timeout = 20000, what = String(fn) } = {}) {
    const end = Date.now() + timeout;
    let last = null;
    for (;;) {
      try {
        const value = await this.eval(fn, ...args);
        if (value) return value;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) {
        throw new Error(`${this.engine}: waited ${timeout} ms for ${what}${last ? ` (last error: ${last.message})` : ""}`);
      }
      await sleep(100);
    }
  }

  /** Waits until an element matching `selector` (and containing `text`) is on screen. */
  shown(selector, text, options = {}) {
    return this.waitFor((s, t) => shown($$(s, t).find(shown)), [selector, text], { what: `${selector}${text ? ` "${text}"` : ""} on screen`, ...options });
  }

  /** The text of the first element matching `selector`, or null. */
  text(selector) {
    return this.eval((s) => $(s)?.textContent ?? null, selector);
  }

  /**
   * A real pointer click at the centre of the element (scrolled to the middle of
   * the viewport first), as a traveller's finger or mouse does. WebKit's element
   * click refuses targets inside a shadow root, and a point works in every engine.
   */
  async click(selector, text) {
    const at = await this.waitFor((s, t) => {
      const el = $$(s, t).find(shown);
      if (!el) return null;
      el.scrollIntoView({ block: "center", inline: "center" });
      const r = el.getBoundingClientRect();
      // The element must be the one hit at its centre (nothing covers it).
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      let hit = document.elementFromPoint(x, y);
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit && (hit === el || el.contains(hit)) ? { x: Math.round(x), y: Math.round(y) } : null;
    }, [selector, text], { what: `${selector}${text ? ` "${text}"` : ""} to click` });
    await this.driver.clickAt(at.x, at.y);
  }

  /** Clicks the field, then types into it key by key. */
  async fill(selector, value) {
    await this.click(selector);
    await this.eval((s) => $(s).select?.(), selector);
    await this.driver.keys([...value]);
  }

  /**
   * Picks an option of a <select> by value. Set from script, with the events a
   * choice fires: native pickers are drawn outside the page (GTK menus in WebKit),
   * where no driver reaches.
   */
  async choose(selector, value) {
    await this.waitFor((s) => shown($(s)), [selector], { what: `${selector} to choose from` });
    await this.eval((s, v) => {
      const el = $(s);
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
      el.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
    }, selector, value);
  }

  /** Presses keys: "Enter", "Tab", "ArrowDown", " " or plain characters. */
  press(...keys) {
    return this.driver.keys(keys);
  }

  goto(url) {
    return this.driver.goto(url);
  }

  reload() {
    return this.driver.reload();
  }

  async url() {
    return new URL(await this.driver.url());
  }

  /** Waits until the page's address matches, and the new page has loaded. */
  async waitForUrl(test, { timeout = 20000 } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      try {
        if (test(await this.url()) && (await this.eval(() => document.readyState === "complete"))) return;
      } catch {
        // Between two pages: ask again.
      }
      if (Date.now() > end) throw new Error(`${this.engine}: the page did not reach the expected address (at ${await this.driver.url()})`);
      await sleep(100);
    }
  }

  /** Saves what the traveller sees, as `<screens>/<engine>/<name>.png`. */
  async screenshot(name) {
    const dir = path.join(SCREENS, this.engine);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.png`), await this.driver.png());
  }

  close() {
    return this.driver.close();
  }
}

/**
 * The driver primitives over a Playwright or Puppeteer page (their APIs agree
 * on everything used here); `report` gets the console errors, warnings and page
 * errors the driver sees, `close` ends the page's browser context.
 */
export function pageDriver(page, report, close) {
  page.on("console", (m) => {
    const type = m.type() === "warning" ? "warn" : m.type();
    if (type === "error" || type === "warn") report(`driver console.${type}: ${m.text()}`);
  });
  page.on("pageerror", (e) => report(`driver pageerror: ${e.message}`));
  return {
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
    close,
  };
}

/**
 * An engine whose tabs are pages of fresh browser contexts (Playwright's Chromium,
 * Puppeteer's Firefox): `newContext()` returns `{ context, page }` at the phone's
 * viewport. One tab at a time, as in WebKit.
 */
export function contextEngine(name, browser, newContext) {
  let open = null;
  return {
    name,
    async newTab(report = () => {}) {
      if (open) await open.close();
      const { context, page } = await newContext();
      open = new Tab(name, pageDriver(page, report, async () => {
        open = null;
        await context.close().catch(() => {});
      }));
      return open;
    },
    close: () => browser.close(),
  };
}
