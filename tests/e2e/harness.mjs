// Shared end-to-end harness: one sandbox server and one headless Chromium per test file.
//
// Every page opened through `open()` records console errors, page errors, CSP
// violations, failed requests and HTTP errors; `assertClean()` fails the test on
// any of them unless the test declared it provokes that one on purpose.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SERVER = process.env.ITT_SERVER_BIN || path.join(ROOT, "target/release/itt-esim-server");
const DIST = process.env.ITT_DIST || path.join(ROOT, "dist");
const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";

/** Starts the server in sandbox mode on a free loopback port, serving `dist/`. */
export async function startServer(extraArgs = []) {
  assert.ok(existsSync(SERVER), `server binary missing: ${SERVER} (run the test command)`);
  assert.ok(existsSync(path.join(DIST, "widget/itt-esim.js")), `no built widget in ${DIST}`);
  // Every test of a file is one client (127.0.0.1) of one server: the per-client
  // rate limit (tested in server/tests/rules.rs) is lifted so tests do not starve each other.
  const limits = ["--rate-limit-per-minute", "100000", "--rate-limit-burst", "10000",
    // Usage is read right after the sandbox consumes data; the proxy's cache is tested on its own.
    "--usage-cache-secs", "0"];
  const child = spawn(SERVER, ["--sandbox", "--listen", "127.0.0.1:0", "--serve-dir", DIST, ...limits, ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const origin = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return { origin, stop: () => child.kill("SIGTERM") };
}

/** `startServer()` for benchmarks: waits out a rebuild of dist/ (every 30 s, ten times at most). */
export async function startServerWhenBuilt(extraArgs = []) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer(extraArgs);
    } catch (e) {
      if (attempt >= 10 || existsSync(path.join(DIST, "widget/itt-esim.js"))) throw e;
      console.error(`dist/ is incomplete (being rebuilt?): retrying in 30 s (${e.message.split("\n")[0]})`);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
  }
}

/**
 * One sandbox server and one browser for the test file: `const env = sandboxSuite()`,
 * then `env.server.origin` and `env.browser` inside tests.
 */
export function sandboxSuite() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** Launches Debian's Chromium headless (never a downloaded browser). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
      // Every test origin is on 127.0.0.1; a real hotel page and CDN are public and never
      // meet Chromium's local-network permission prompt, which headless cannot answer.
      "--disable-features=LocalNetworkAccessChecks",
    ],
  });
}

/** Records everything that went wrong on a page, with an allow-list for provoked failures. */
export async function open(browser, url, { allow = [], html = null, csp = null, routes = {}, viewport, userAgent, deviceChecked = true, card = false, contextOptions = {} } = {}) {
  // `contextOptions` passes Playwright context settings through: locale, colorScheme, reducedMotion…
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 900 }, userAgent, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  const allowed = (text) => allow.some((a) => (a instanceof RegExp ? a.test(text) : text.includes(a)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") {
      const text = `console.${m.type()}: ${m.text()}`;
      if (!allowed(text)) problems.push(text);
    }
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => {
    const text = `requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`;
    if (!allowed(text)) problems.push(text);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) {
      const text = `http ${r.status()}: ${r.request().method()} ${r.url()}`;
      if (!allowed(text)) problems.push(text);
    }
  });
  // Events the widget sends to the host, and CSP violations, recorded from the first script on.
  await page.addInitScript(() => {
    window.__events = [];
    window.__csp = [];
    for (const name of ["itt-esim:ready", "itt-esim:error", "itt-esim:plans-loaded", "itt-esim:device-checked",
      "itt-esim:plan-selected", "itt-esim:details-submitted", "itt-esim:booking-created",
      "itt-esim:payment-redirect", "itt-esim:payment-returned", "itt-esim:opened"]) {
      document.addEventListener(name, (e) =>
        window.__events.push({ name, id: e.target.id || e.target.tagName, detail: e.detail }));
    }
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (!card) {
    // Most tests are about the journey: their widgets start it at once, as a host
    // asking for it does (data-start="journey"), instead of showing the offer card
    // first. Markup gets the attribute as it is parsed; the JS API the option.
    await page.addInitScript(() => {
      const journeyFirst = (el) => {
        if (el.matches?.("[data-itt-esim], itt-esim-widget") && !el.hasAttribute("data-start") && !el.hasAttribute("start")) {
          el.setAttribute("data-start", "journey");
        }
      };
      new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
        if (n.nodeType !== 1) return;
        journeyFirst(n);
        n.querySelectorAll("[data-itt-esim], itt-esim-widget").forEach(journeyFirst);
      }))).observe(document, { childList: true, subtree: true });
      // The loader may run before the observer has seen the elements (an async
      // script can execute in the parser's task): it finds them through
      // querySelectorAll, which marks them first.
      const querySelectorAll = Document.prototype.querySelectorAll;
      Document.prototype.querySelectorAll = function (selector) {
        const found = querySelectorAll.call(this, selector);
        found.forEach(journeyFirst);
        return found;
      };
      // A custom element may upgrade while the page is parsed, before the observer runs.
      const define = customElements.define.bind(customElements);
      customElements.define = (name, cls, options) => {
        if (name === "itt-esim-widget") {
          const connected = cls.prototype.connectedCallback;
          cls.prototype.connectedCallback = function () { journeyFirst(this); return connected.call(this); };
        }
        return define(name, cls, options);
      };
      document.addEventListener("itt-esim:loaded", () => {
        const mount = window.IttEsim.mount;
        window.IttEsim.mount = (el, options) => mount(el, { start: "journey", ...options });
      });
    });
  }
  if (deviceChecked) {
    // Most tests are about later steps: this session has already answered the
    // device check (as "unknown"), so widgets open on the plans.
    await page.addInitScript(() => {
      try {
        if (!sessionStorage.getItem("itt-esim:device")) sessionStorage.setItem("itt-esim:device", "1\u001funknown");
      } catch {}
    });
  }
  if (html !== null) {
    // A test page served from the demo origin, as another hotel page would be.
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        headers: csp ? { "content-security-policy": csp } : {},
        body: html,
      }));
  }
  // Extra files or interceptions the test needs, installed before the first request.
  for (const [pathname, handler] of Object.entries(routes)) {
    const target = new URL(pathname, url).href;
    await page.route(target, typeof handler === "function"
      ? handler
      : (route) => route.fulfill({ status: 200, ...handler }));
  }
  await page.goto(url);
  return {
    page,
    context,
    problems,
    events: () => page.evaluate(() => window.__events),
    async assertClean() {
      const csp = await page.evaluate(() => window.__csp);
      assert.deepEqual([...problems, ...csp.map((c) => `csp: ${c}`)], [], "unexpected errors on the page");
    },
  };
}

/** The CSP the demo server sends, for test pages that stand in for other hotel pages. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/** Runs axe-core (WCAG 2.2 A/AA rules) over the page, shadow roots included; returns violations. */
export async function axeViolations(page) {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  // Evaluated through the DevTools protocol, so the page's strict CSP stays untouched.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(source);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      resultTypes: ["violations"],
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** Picks the recommended plan and waits for the checkout form. */
export async function toCheckout(page, host = "#esim") {
  await planTitles(page, host);
  await page.locator(`${host} .esim-reco .esim-plan__actions button`).first().click();
  await page.locator(`${host} form.esim-form`).waitFor();
}

/** Fills the checkout form with a valid traveller (any field can be overridden). */
export async function fill(page, { name = "Ana López", email = "ana@example.com", country = "TH", phone = "081 234 5678", quantity = "1" } = {}) {
  await page.locator("#esim-name").fill(name);
  await page.locator("#esim-email").fill(email);
  await page.locator("#esim-phone-country").selectOption(country);
  await page.locator("#esim-phone").fill(phone);
  await page.locator("#esim-quantity").fill(quantity);
}

/** Waits until the widget inside `hostSelector` lists plans; returns the list's titles (not the recommendation's). */
export async function planTitles(page, hostSelector) {
  const cards = page.locator(`${hostSelector} .esim-plans:not(.esim-plans--one) .esim-plan__title`);
  await cards.first().waitFor({ timeout: 20000 });
  return cards.allTextContents();
}
