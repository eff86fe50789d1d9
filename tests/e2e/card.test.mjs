// The offer card: the first view every hotel page pays for, and the journey it
// opens on intent. Pages here use the default start (the card), as a hotel's do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, STRICT_CSP, axeViolations, planTitles } from "./harness.mjs";
import { COUNTRY_NAMES, namesThatDiffer } from "./country-names.mjs";

const env = sandboxSuite();

/** Every request the page makes, by path (resource timing misses requests still under way). */
function recordRequests(page) {
  const paths = [];
  page.on("request", (r) => paths.push(new URL(r.url()).pathname));
  return {
    widget: () => paths.filter((p) => p.startsWith("/widget/")),
    journey: () => paths.filter((p) => /itt-esim-widget(_bg\.wasm|\.js)$/.test(p)),
    api: () => paths.filter((p) => p.startsWith("/esim/")),
  };
}

const button = (host = "#esim") => `${host} .esim-card__open`;

async function cardShown(page, host = "#esim") {
  await page.locator(button(host)).waitFor();
  return page.evaluate((h) => {
    const el = document.querySelector(h);
    const root = el.shadowRoot;
    const card = root.querySelector(".esim-card");
    return {
      title: root.querySelector(".esim-card__title").textContent,
      stay: root.querySelector(".esim-card__stay").hidden ? null : root.querySelector(".esim-card__stay").textContent,
      promise: root.querySelector(".esim-card__promise").textContent,
      button: root.querySelector(".esim-card__open").textContent,
      lang: card.lang,
      dir: card.dir,
      height: Math.round(el.getBoundingClientRect().height),
    };
  }, host);
}

/** Resolves when the journey is on screen; returns where focus is inside the widget. */
async function journeyShown(page, host = "#esim") {
  await page.waitForFunction((h) => document.querySelector(h).shadowRoot.querySelector(".esim-journey:not([hidden]) h2"), host);
  await page.evaluate((h) => IttEsim.get(document.querySelector(h)).journey, host);
  return page.evaluate((h) => {
    const root = document.querySelector(h).shadowRoot;
    return {
      card: !!root.querySelector(".esim-card"),
      focused: root.activeElement?.tagName === "H2" ? root.activeElement.textContent : root.activeElement?.outerHTML ?? null,
      sheets: root.adoptedStyleSheets.length,
    };
  }, host);
}

test("the demo page shows the card and nothing else of the widget until the traveller shows interest; hover prefetches, a click opens the plans", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  const requests = recordRequests(p.page);
  const card = await cardShown(p.page);
  assert.deepEqual(card, {
    title: "Data plans for Thailand",
    stay: "7 nights",
    promise: "Install an eSIM before you fly and be online the moment you land.",
    button: "See eSIM plans",
    lang: "en",
    dir: "ltr",
    height: 256,
  });
  await p.page.waitForTimeout(1000);
  assert.deepEqual(requests.journey(), [], "no journey bytes before intent");
  assert.deepEqual(requests.api(), [], "no API call before intent");
  const ready = await p.page.evaluate(() => IttEsim.get(document.querySelector("#esim")).ready.then((h) => !!h));
  assert.equal(ready, true);

  await p.page.locator(button()).hover();
  await p.page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("_bg.wasm")));
  assert.deepEqual(requests.journey().sort(), ["/widget/itt-esim-widget.js", "/widget/itt-esim-widget_bg.wasm"]);
  assert.deepEqual(requests.api(), [], "a prefetch runs nothing");
  assert.equal((await p.events()).some((e) => e.name === "itt-esim:plans-loaded"), false);

  await p.page.locator(button()).click();
  const journey = await journeyShown(p.page);
  assert.deepEqual(journey, { card: false, focused: "Stay connected on your trip", sheets: 1 });
  await planTitles(p.page, "#esim");
  const events = await p.events();
  assert.deepEqual(events.map((e) => e.name), ["itt-esim:ready", "itt-esim:opened", "itt-esim:plans-loaded"]);
  assert.deepEqual(events[0].detail, { version: "0.1.0", country: "TH", lang: "en", view: "card" });
  assert.deepEqual(events[1].detail, { country: "TH", lang: "en", prefetched: true });
  assert.equal(requests.journey().length, 2, "the prefetched bytes are used, not fetched again");
  assert.equal(await p.page.evaluate(() => document.querySelector("#esim").style.minHeight), "");
  await p.assertClean();
  await p.context.close();
});

test("keyboard: focus prefetches, Enter opens the journey with focus on its heading; Space too", async () => {
  for (const key of ["Enter", " "]) {
    const p = await open(env.browser, `${env.server.origin}/`, { card: true });
    const requests = recordRequests(p.page);
    await cardShown(p.page);
    // Tab from the page's last link before the widget lands on the card's button.
    await p.page.locator(".addon__lead").click();
    await p.page.keyboard.press("Tab");
    assert.equal(await p.page.evaluate(() => document.querySelector("#esim").shadowRoot.activeElement?.className), "esim-button esim-card__open");
    await p.page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("_bg.wasm")));
    assert.equal(requests.journey().length, 2, "focus is intent");
    await p.page.keyboard.press(key);
    const journey = await journeyShown(p.page);
    assert.equal(journey.focused, "Stay connected on your trip", `after ${JSON.stringify(key)}`);
    await planTitles(p.page, "#esim");
    await p.assertClean();
    await p.context.close();
  }
});

test("touch: a tap opens the journey (cold: progress shows while it loads)", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, {
    card: true,
    viewport: { width: 390, height: 844 },
    contextOptions: { hasTouch: true, isMobile: true },
    // A slow network: the journey's wasm takes a while.
    routes: {
      "/widget/itt-esim-widget_bg.wasm": async (route) => {
        await new Promise((r) => setTimeout(r, 800));
        await route.continue();
      },
    },
  });
  await cardShown(p.page);
  await p.page.locator(button()).tap();
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.querySelector(".esim-card__status")?.textContent === "Loading data plans…");
  const busy = await p.page.evaluate(() => {
    const root = document.querySelector("#esim").shadowRoot;
    return { busy: root.querySelector(".esim-card").getAttribute("aria-busy"), disabled: root.querySelector(".esim-card__open").getAttribute("aria-disabled"), height: Math.round(document.querySelector("#esim").getBoundingClientRect().height) };
  });
  assert.deepEqual(busy, { busy: "true", disabled: "true", height: 500 }, "the card takes the journey's reserved height at the tap");
  await journeyShown(p.page);
  await planTitles(p.page, "#esim");
  const opened = (await p.events()).find((e) => e.name === "itt-esim:opened");
  assert.equal(opened.detail.prefetched, true, "the touch itself started the download");
  await p.assertClean();
  await p.context.close();
});

test("a page where the widget sits far below the fold and nobody scrolls downloads only the loader", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Long hotel page</title>
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>Rooms</h1><div style="height:6000px"></div>
<div id="esim" data-itt-esim data-proxy-url="/" data-country="TH"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/long.html`, { html, card: true, viewport: { width: 412, height: 823 } });
  const requests = recordRequests(p.page);
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot?.querySelector(".esim-card"));
  await p.page.waitForTimeout(5000);
  const loaded = await p.page.evaluate(() =>
    performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).filter((n) => n.startsWith("/widget/") || n.startsWith("/esim/")));
  assert.deepEqual(loaded, ["/widget/itt-esim.js"]);
  assert.deepEqual(requests.journey(), []);
  await p.assertClean();
  await p.context.close();
});

test("a card at least half visible for 3 seconds prefetches (idle), without mounting; also without requestIdleCallback", async () => {
  for (const idle of [true, false]) {
    const p = await open(env.browser, `${env.server.origin}/`, { card: true });
    if (!idle) await p.page.addInitScript(() => { delete window.requestIdleCallback; });
    if (!idle) await p.page.reload();
    const requests = recordRequests(p.page);
    await cardShown(p.page);
    await p.page.waitForTimeout(2000);
    assert.deepEqual(requests.journey(), [], "not before 3 s");
    await p.page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("_bg.wasm")), null, { timeout: 8000 });
    const after = await p.page.evaluate(() => {
      const start = (end) => performance.getEntriesByType("resource").find((r) => r.name.endsWith(end)).startTime;
      return start("itt-esim-widget.js") - performance.getEntriesByType("resource").find((r) => r.name.endsWith("/itt-esim.js")).responseEnd;
    });
    assert.ok(after >= 3000, `prefetched ${Math.round(after)} ms after the loader arrived`);
    await p.page.waitForTimeout(500);
    assert.equal((await p.events()).filter((e) => e.name !== "itt-esim:ready").length, 0, "nothing mounted or sent");
    assert.deepEqual(requests.api(), []);
    await p.page.locator(button()).click();
    await journeyShown(p.page);
    await planTitles(p.page, "#esim");
    await p.assertClean();
    await p.context.close();
  }
});

test("Save-Data: no prefetch on hover, focus or visibility; the tap still loads the journey, with progress", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await p.page.addInitScript(() => {
    Object.defineProperty(NetworkInformation.prototype, "saveData", { get: () => true, configurable: true });
  });
  await p.page.reload();
  const requests = recordRequests(p.page);
  await cardShown(p.page);
  await p.page.locator(button()).hover();
  await p.page.locator(button()).focus();
  await p.page.waitForTimeout(4500);
  assert.deepEqual(requests.journey(), [], "nothing fetched on a connection that saves data");
  await p.page.locator(button()).click();
  await journeyShown(p.page);
  await planTitles(p.page, "#esim");
  const opened = (await p.events()).find((e) => e.name === "itt-esim:opened");
  assert.equal(opened.detail.prefetched, false);
  await p.assertClean();
  await p.context.close();
});

const LOCALES = [
  ["en", "Data plans for Thailand", "7 nights · from ", "See eSIM plans", "ltr"],
  ["de", "Datentarife für Thailand", "7 Nächte · ab ", "eSIM-Tarife ansehen", "ltr"],
  ["es", "Planes de datos para Tailandia", "7 noches · desde ", "Ver planes eSIM", "ltr"],
  ["fr", "Forfaits de données\u202f: Thaïlande", "7 nuits · à partir de ", "Voir les forfaits eSIM", "ltr"],
  ["ar", "باقات البيانات في تايلاند", "7 ليالٍ · ابتداءً من ", "عرض باقات eSIM", "rtl"],
];

test("five languages and right-to-left, both schemes, the host's tokens: axe-clean under a strict CSP, and exactly the reserved height at every width", async () => {
  const widgets = LOCALES.map(([lang]) =>
    `<div id="w-${lang}" data-itt-esim data-proxy-url="/" data-country="TH" data-check-in="2026-12-01" data-check-out="2026-12-08" data-lang="${lang}"></div>`).join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<link rel="stylesheet" href="/demo/hotel.css"><link rel="stylesheet" href="/card-test.css">
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>Your stay</h1>${widgets}
<div id="w-dark" data-itt-esim data-theme="dark" data-proxy-url="/" data-country="JP" data-lang="ar"></div></main></body></html>`;
  // A phone's page margins: the card is drawn in the 280 px left of a 320 px screen.
  const css = "#w-de { --esim-color-accent: #7a3e16; } body { margin: 0; } main { padding: 0 20px; }";
  for (const width of [320, 412, 1280]) {
    const p = await open(env.browser, `${env.server.origin}/langs.html`, {
      html, csp: STRICT_CSP, card: true, viewport: { width, height: 900 },
      routes: { "/card-test.css": { contentType: "text/css", body: css } },
    });
    await p.page.evaluate(() => sessionStorage.setItem("itt-esim:from:TH", "p1\u001f1234.50\u001fUSD"));
    await p.page.reload();
    for (const [lang, title, stay, open_, dir] of LOCALES) {
      const card = await cardShown(p.page, `#w-${lang}`);
      assert.deepEqual([card.title, card.button, card.lang, card.dir], [title, open_, lang, dir], `${lang} at ${width}px`);
      // The longest stay line: a four-digit lowest price from earlier in the visit.
      assert.ok(card.stay.startsWith(stay) && /1.?234.50/.test(card.stay), `${lang}: ${card.stay}`);
      assert.equal(card.height, 256, `${lang} at ${width}px fits the reserved card height (no shift)`);
    }
    const dark = await cardShown(p.page, "#w-dark");
    assert.equal(dark.stay, null, "no dates: no stay line");
    assert.equal(dark.dir, "rtl");
    const colours = await p.page.evaluate(() => ({
      accent: getComputedStyle(document.querySelector("#w-de").shadowRoot.querySelector(".esim-card__open")).backgroundColor,
      dark: getComputedStyle(document.querySelector("#w-dark").shadowRoot.querySelector(".esim-card__open")).backgroundColor,
    }));
    assert.deepEqual(colours, { accent: "rgb(122, 62, 22)", dark: "rgb(122, 184, 255)" });
    if (width === 320) assert.deepEqual(await axeViolations(p.page), []);
    await p.assertClean();
    await p.context.close();
  }
});

test("no layout shift from the page's first paint to the card, with the host CSS docs/embedding.md documents", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await cardShown(p.page);
  const cls = await p.page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0)))
      .observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(0), 500);
  }));
  assert.equal(cls, 0);
  await p.assertClean();
  await p.context.close();
});

test("update() on the card changes it, and the journey starts with the update; handle.ready and handle.journey", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await cardShown(p.page);
  await p.page.evaluate(() => IttEsim.get(document.querySelector("#esim")).update({ country: "JP", checkIn: "2026-12-01", checkOut: "2026-12-02" }));
  const card = await cardShown(p.page);
  assert.equal(card.title, "Data plans for Japan");
  assert.equal(card.stay, "1 night");
  const order = await p.page.evaluate(async () => {
    const h = IttEsim.get(document.querySelector("#esim"));
    const seen = [];
    h.journey.then(() => seen.push("journey"));
    document.querySelector("#esim").shadowRoot.querySelector(".esim-card__open").click();
    await h.journey;
    return seen;
  });
  assert.deepEqual(order, ["journey"]);
  await journeyShown(p.page);
  await planTitles(p.page, "#esim");
  const loaded = (await p.events()).find((e) => e.name === "itt-esim:plans-loaded");
  assert.equal(loaded.detail.country, "JP");
  await p.assertClean();
  await p.context.close();
});

test("a failed download keeps the card, says so in the page's language, and tries again on the button", async () => {
  let fail = true;
  const p = await open(env.browser, `${env.server.origin}/`, {
    card: true,
    allow: ["itt-esim: ", "itt-esim-widget_bg.wasm"],
    routes: {
      "/widget/itt-esim-widget_bg.wasm": (route) => (fail ? route.abort("internetdisconnected") : route.continue()),
    },
  });
  await cardShown(p.page);
  await p.page.locator(button()).click();
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.querySelector(".esim-card__status--error"));
  const failed = await p.page.evaluate(() => {
    const root = document.querySelector("#esim").shadowRoot;
    return { status: root.querySelector(".esim-card__status").textContent, button: root.querySelector(".esim-card__open").textContent };
  });
  assert.match(failed.status, /connection/);
  assert.equal(failed.button, "Try again");
  const error = (await p.events()).find((e) => e.name === "itt-esim:error");
  assert.equal(error.detail.code, "load");
  fail = false;
  await p.page.locator(button()).click();
  await journeyShown(p.page);
  await planTitles(p.page, "#esim");
  await p.context.close();
});

test("while only the card shows: the custom element follows its attributes, unmount() and removal leave nothing behind", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>Stay</h1>
<itt-esim-widget id="el" proxy-url="/" country="TH"></itt-esim-widget>
<div id="api"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/element.html`, { html, card: true });
  const requests = recordRequests(p.page);
  assert.equal((await cardShown(p.page, "#el")).title, "Data plans for Thailand");
  await p.page.evaluate(() => document.getElementById("el").setAttribute("country", "IT"));
  await p.page.waitForFunction(() => document.getElementById("el").shadowRoot.querySelector(".esim-card__title").textContent === "Data plans for Italy");
  const after = await p.page.evaluate(async () => {
    const api = document.getElementById("api");
    const handle = IttEsim.mount(api, { proxyUrl: "/", country: "FR" });
    await handle.ready;
    const before = api.shadowRoot.childElementCount;
    handle.unmount();
    handle.unmount(); // twice is harmless
    const journey = await handle.journey.then(() => "resolved", (e) => e.message);
    document.getElementById("el").remove();
    await new Promise((r) => setTimeout(r, 0));
    return {
      before,
      after: api.shadowRoot.childElementCount,
      mounted: api.hasAttribute("data-itt-esim-mounted"),
      minHeight: api.style.minHeight,
      handle: IttEsim.get(api),
      journey,
    };
  });
  assert.deepEqual(after, { before: 1, after: 0, mounted: false, minHeight: "", handle: null, journey: "itt-esim: unmounted" });
  // Gone cards do not prefetch: pointer and focus on their old place fetch nothing.
  await p.page.mouse.move(100, 150);
  await p.page.waitForTimeout(3500);
  assert.deepEqual(requests.journey(), []);
  await p.assertClean();
  await p.context.close();
});

test("card to journey: the only layout shifts are the ones the traveller asked for", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await cardShown(p.page);
  await p.page.locator(button()).click();
  await journeyShown(p.page);
  await planTitles(p.page, "#esim");
  const shifts = await p.page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const all = list.getEntries();
      resolve({ unasked: all.filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0), asked: all.filter((e) => e.hadRecentInput).length });
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve({ unasked: 0, asked: 0 }), 500);
  }));
  console.log(`# layout shift from load through card and journey, not from input: ${shifts.unasked.toFixed(4)}`);
  // The journey grows as its plans arrive, as it always has (demo.test.mjs); the card adds nothing.
  assert.ok(shifts.unasked < 0.1, `CLS ${shifts.unasked}`);
  await p.assertClean();
  await p.context.close();
});

test("the card's destination names (generated from CLDR) are the browser's own, so the card and the journey agree", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  const differ = await p.page.evaluate(namesThatDiffer, COUNTRY_NAMES);
  assert.deepEqual(differ, [], "blank these in scripts/country-names.mjs (ASK_THE_BROWSER) or regenerate");
  // A name left to the browser is still shown: Hong Kong from Intl.DisplayNames.
  await p.page.evaluate(() => IttEsim.get(document.querySelector("#esim")).update({ country: "HK" }));
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.querySelector(".esim-card__title").textContent === "Data plans for Hong Kong");
  await p.context.close();
});
