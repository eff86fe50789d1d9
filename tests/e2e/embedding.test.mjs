// Other hotel pages: several instances, the custom element, the JS API, hostile CSS, failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, startServer, open, planTitles, STRICT_CSP } from "./harness.mjs";

const env = sandboxSuite();

const page = (body, head = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,">${head}<script async src="/widget/itt-esim.js"></script></head><body>${body}</body></html>`;

test("several instances, the custom element and the JS API work independently", async () => {
  const html = page(`
    <div id="a" data-itt-esim data-proxy-url="/" data-country="TH"></div>
    <div id="b" data-itt-esim data-proxy-url="/" data-country="JP" data-lang="de"
         data-check-in="2026-12-01" data-check-out="2026-12-04"></div>
    <itt-esim-widget id="c" proxy-url="/" country="FR"></itt-esim-widget>
    <div id="d"></div>`);
  const p = await open(env.browser, `${env.server.origin}/hotel-multi.html`, { html, csp: STRICT_CSP });
  await planTitles(p.page, "#a");
  await planTitles(p.page, "#b");
  await planTitles(p.page, "#c");
  const trips = await p.page.evaluate(() =>
    ["a", "b", "c"].map((id) => document.getElementById(id).shadowRoot.querySelector(".esim__trip").textContent));
  assert.match(trips[0], /Thailand/);
  assert.match(trips[1], /Datentarife für Japan · 1\.–4\. Dez\. 2026 · 3 Nächte/);
  assert.match(trips[2], /France/);

  // JS API: mount, update, unmount.
  await p.page.evaluate(() => { window.__d = IttEsim.mount(document.getElementById("d"), { proxyUrl: "/", country: "SG" }); });
  await planTitles(p.page, "#d");
  await p.page.evaluate(() => window.__d.update({ country: "AE" }));
  await p.page.waitForFunction(() =>
    /United Arab Emirates/.test(document.getElementById("d").shadowRoot.querySelector(".esim__trip")?.textContent));
  await planTitles(p.page, "#d");
  // The custom element follows its attributes.
  await p.page.evaluate(() => document.getElementById("c").setAttribute("country", "IT"));
  await p.page.waitForFunction(() =>
    /Italy/.test(document.getElementById("c").shadowRoot.querySelector(".esim__trip")?.textContent));
  // Let the new search finish: removing the element mid-search would (rightly) abort it.
  await planTitles(p.page, "#c");
  const countA = () => p.page.evaluate(() => document.getElementById("a").shadowRoot.querySelectorAll(".esim-plan").length);
  const before = await countA();
  await p.page.evaluate(() => window.__d.unmount());
  const after = await p.page.evaluate(() => document.getElementById("d").shadowRoot.children.length);
  assert.equal(after, 0, "unmount empties the shadow root");
  assert.ok(before > 0);
  assert.equal(await countA(), before, "other instances are untouched");
  // Removing the custom element unmounts it.
  await p.page.evaluate(() => document.getElementById("c").remove());

  const events = await p.events();
  const ready = events.filter((e) => e.name === "itt-esim:ready").map((e) => e.id).sort();
  assert.deepEqual(ready, ["a", "b", "c", "d"]);
  const wasmRequests = await p.page.evaluate(() =>
    performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".wasm")).length);
  assert.equal(wasmRequests, 1, "one bundle download for all instances");
  await p.assertClean();
  await p.context.close();
});

test("a hostile host stylesheet cannot restyle the widget, and the widget's CSS does not leak out", async () => {
  const hostile = `<link rel="stylesheet" href="/hostile.css">`;
  const html = page(`
    <ul class="esim-plans" id="outside"><li class="esim-plan"><h3 class="esim-plan__title">host list</h3></li></ul>
    <button class="esim-button" id="host-button">host button</button>
    <div id="w" data-itt-esim data-proxy-url="/" data-country="XE"></div>`, hostile);
  const p = await open(env.browser, `${env.server.origin}/hotel-hostile.html`, {
    html, csp: STRICT_CSP,
    allow: ["status of 500", "http 500: POST"],
    routes: {
      "/hostile.css": {
        contentType: "text/css",
        body: `* { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", cursive !important; }
               button { all: unset; } h3 { font-size: 40px !important; } ul { padding: 99px; }
               .esim-button { background: rgb(0, 255, 0) !important; }`,
      },
    },
  });
  await p.page.locator("#w .esim-alert button").waitFor({ timeout: 20000 });
  const s = await p.page.evaluate(() => {
    const root = document.getElementById("w").shadowRoot;
    const btn = root.querySelector(".esim-alert button");
    const text = root.querySelector(".esim-alert__text");
    const title = root.querySelector(".esim__title");
    const cs = (e) => getComputedStyle(e);
    const outside = document.querySelector("#outside");
    return {
      textColor: cs(text).color,
      titleColor: cs(title).color,
      titleSize: cs(title).fontSize,
      font: cs(title).fontFamily,
      buttonBg: cs(btn).backgroundColor,
      buttonPadding: cs(btn).paddingLeft,
      buttonCursor: cs(btn).cursor,
      outsidePadding: cs(outside).paddingLeft,
      outsideListStyle: cs(outside).listStyleType,
      outsideTitleWeight: cs(document.querySelector("#outside h3")).fontWeight,
      hostButtonBg: cs(document.getElementById("host-button")).backgroundColor,
    };
  });
  assert.notEqual(s.textColor, "rgb(255, 0, 0)");
  assert.notEqual(s.titleColor, "rgb(255, 0, 0)");
  assert.equal(s.titleSize, "20px");
  assert.doesNotMatch(s.font, /Comic/);
  assert.equal(s.buttonBg, "rgb(11, 92, 173)");
  assert.equal(s.buttonPadding, "16px");
  assert.equal(s.buttonCursor, "pointer");
  // The widget's classes mean nothing outside its shadow root.
  assert.equal(s.outsidePadding, "99px");
  assert.equal(s.outsideListStyle, "disc");
  assert.equal(s.outsideTitleWeight, "700");
  assert.equal(s.hostButtonBg, "rgb(0, 255, 0)");
  await p.assertClean();
  await p.context.close();
});

test("theming through --esim-* custom properties set by the host", async () => {
  const html = page(`<div id="w" data-itt-esim data-proxy-url="/" data-country="TH"></div>`,
    `<link rel="stylesheet" href="/theme.css">`);
  const p = await open(env.browser, `${env.server.origin}/hotel-theme.html`, {
    html, csp: STRICT_CSP,
    routes: {
      "/theme.css": {
        contentType: "text/css",
        body: `#w { --esim-color-accent: rgb(120, 20, 90); --esim-radius: 0px; --esim-font-family: serif; }`,
      },
    },
  });
  await planTitles(p.page, "#w");
  const s = await p.page.evaluate(() => {
    const root = document.getElementById("w").shadowRoot;
    return {
      price: getComputedStyle(root.querySelector(".esim-plan__price")).color,
      radius: getComputedStyle(root.querySelector(".esim-plan")).borderTopLeftRadius,
    };
  });
  assert.equal(s.price, "rgb(120, 20, 90)");
  assert.equal(s.radius, "0px");
  await p.assertClean();
  await p.context.close();
});

test("failures are explained to the traveller and reported to the host", async () => {
  const html = page(`
    <div id="down" data-itt-esim data-proxy-url="/" data-country="XE"></div>
    <div id="busy" data-itt-esim data-proxy-url="/" data-country="XR"></div>
    <div id="none" data-itt-esim data-proxy-url="/" data-country="ZZ"></div>
    <div id="bad" data-itt-esim data-proxy-url="/" data-check-in="2026-12-09" data-check-out="2026-12-01" data-country="TH"></div>`);
  const p = await open(env.browser, `${env.server.origin}/hotel-failures.html`, {
    html, csp: STRICT_CSP,
    // Provoked on purpose: the sandbox's failing destinations and a bad configuration.
    allow: ["status of 500", "status of 429", "http 500: POST", "http 429: POST", "itt-esim: `check-out`"],
  });
  for (const id of ["down", "busy"]) await p.page.locator(`#${id} .esim-alert button`).waitFor({ timeout: 20000 });
  await p.page.locator("#none .esim-empty").waitFor({ timeout: 20000 });
  await p.page.locator("#bad [data-error-code=config]").waitFor({ timeout: 20000 });
  const texts = await p.page.evaluate(() => Object.fromEntries(["down", "busy", "none", "bad"].map((id) =>
    [id, document.getElementById(id).shadowRoot.querySelector(".esim-alert, .esim-empty").textContent])));
  assert.match(texts.down, /having trouble/);
  assert.match(texts.busy, /Too many requests/);
  assert.match(texts.none, /No eSIM data plans/);
  assert.match(texts.bad, /cannot be shown/);
  for (const t of Object.values(texts)) assert.doesNotMatch(t, /[{}]|status|500|429/, "no raw JSON or codes");

  const errors = (await p.events()).filter((e) => e.name === "itt-esim:error");
  const byId = Object.fromEntries(errors.map((e) => [e.id, e.detail]));
  assert.equal(byId.down.code, "http");
  assert.equal(byId.busy.code, "rate_limited");
  assert.match(byId.busy.detail, /Retry-After: 7 s/);
  assert.equal(byId.bad.code, "config");
  assert.match(byId.bad.detail, /check-out/);
  await p.assertClean();
  await p.context.close();
});

test("a failed request can be retried without reloading the page", async () => {
  const html = page(`<div id="w" data-itt-esim data-proxy-url="/" data-country="TH"></div>`);
  let failOnce = true;
  const p = await open(env.browser, `${env.server.origin}/hotel-retry.html`, {
    html, csp: STRICT_CSP,
    // Provoked on purpose: the first search fails at the network level.
    allow: ["requestfailed: POST", "Failed to load resource"],
    routes: {
      // The local search is the essential one: without it there is nothing to show.
      "/esim/search": (route) => {
        if (failOnce && route.request().postData().includes('"region_type":"local"')) {
          failOnce = false;
          return route.abort("failed");
        }
        return route.continue();
      },
    },
  });
  const button = p.page.locator("#w .esim-alert button");
  await button.waitFor({ timeout: 20000 });
  assert.match(await p.page.locator("#w .esim-alert__text").textContent(), /could not reach/);
  await button.click();
  assert.equal((await planTitles(p.page, "#w")).length, 12, "a first page of Thailand's 22 plans");
  await p.assertClean();
  await p.context.close();
});

test("the widget files can be served from another origin (a CDN) with the documented CSP", async () => {
  const cdn = await startServer();
  try {
    const html = page(`<div id="w" data-itt-esim data-proxy-url="/" data-country="TH"></div>`)
      .replace(`src="/widget/itt-esim.js"`, `src="${cdn.origin}/widget/itt-esim.js"`);
    // The directives docs/embedding.md gives for a CDN: its origin in script-src and connect-src.
    const csp = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${cdn.origin}; ` +
      `style-src 'self'; img-src 'self' data:; connect-src 'self' ${cdn.origin}`;
    const p = await open(env.browser, `${env.server.origin}/hotel-cdn.html`, { html, csp });
    assert.equal((await planTitles(p.page, "#w")).length, 12);
    const wasm = await p.page.evaluate(() =>
      performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith(".wasm")));
    assert.deepEqual(wasm, [`${cdn.origin}/widget/itt-esim-widget_bg.wasm`]);
    await p.assertClean();
    await p.context.close();
  } finally {
    cdn.stop();
  }
});

test("short states leave no gap: the reservation ends when the widget is mounted", async () => {
  const html = page(`<div id="w" data-itt-esim data-proxy-url="/" data-country="ZZ"></div><p id="after">after</p>`);
  const p = await open(env.browser, `${env.server.origin}/hotel-short.html`, { html, csp: STRICT_CSP });
  await p.page.locator("#w .esim-empty").waitFor({ timeout: 20000 });
  const gap = await p.page.evaluate(() => {
    const host = document.getElementById("w").getBoundingClientRect();
    const inner = document.getElementById("w").shadowRoot.querySelector(".esim").getBoundingClientRect();
    return Math.round(host.height - inner.height);
  });
  assert.ok(gap <= 1, `the host is as tall as the widget (gap ${gap}px)`);
  await p.assertClean();
  await p.context.close();
});

test("if the bundle cannot load, the host hears about it and gets its space back", async () => {
  const html = page(`<div id="w" data-itt-esim data-proxy-url="/" data-country="TH"></div>`);
  const p = await open(env.browser, `${env.server.origin}/hotel-broken.html`, {
    html, csp: STRICT_CSP,
    // Provoked on purpose: the CDN is down.
    allow: ["itt-esim-widget.js", "itt-esim: ", "status of 503"],
    routes: { "/widget/itt-esim-widget.js": { status: 503, contentType: "text/plain", body: "down" } },
  });
  await p.page.waitForFunction(() => window.__events.some((e) => e.name === "itt-esim:error"));
  const [error] = (await p.events()).filter((e) => e.name === "itt-esim:error");
  assert.equal(error.detail.code, "load");
  const minHeight = await p.page.evaluate(() => document.getElementById("w").style.minHeight);
  assert.equal(minHeight, "");
  await p.assertClean();
  await p.context.close();
});
