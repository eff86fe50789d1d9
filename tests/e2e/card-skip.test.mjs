// When the traveller's intent is already known, the journey loads at once, as it
// did before the offer card: coming back from the payment page, a journey under
// way in this session, a "my trip" card, a host asking for it, and options the
// card cannot show (the journey names the setting to fix).
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles, toCheckout, fill } from "./harness.mjs";

const env = sandboxSuite();

/** What the host element shows once its first view is on screen. */
async function firstView(page, host = "#esim") {
  await page.waitForFunction((h) => document.querySelector(h)?.hasAttribute("data-itt-esim-mounted"), host);
  return page.evaluate((h) => {
    const root = document.querySelector(h).shadowRoot;
    return { card: !!root.querySelector(".esim-card"), journey: !!root.querySelector("section.esim:not(.esim-card)") };
  }, host);
}

const views = async (p) => (await p.events()).filter((e) => e.name === "itt-esim:ready").map((e) => e.detail.view);

/** The widget's wasm modules this page fetched (`widget`, `booking`, `sanitizer`). */
const modules = (page) => page.evaluate(() => performance.getEntriesByType("resource")
  .map((r) => /itt-esim-(\w+)_bg\.wasm$/.exec(new URL(r.name).pathname))
  .filter(Boolean).map((m) => m[1]).sort());

test("a host asking for the journey gets it at once: data-start markup, the start attribute and the start option", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>Stay</h1>
<div id="a" data-itt-esim data-start="journey" data-proxy-url="/" data-country="TH"></div>
<itt-esim-widget id="b" start="journey" proxy-url="/" country="JP"></itt-esim-widget>
<div id="c"></div><div id="d" data-start="journey"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/start.html`, { html, card: true });
  await p.page.waitForFunction(() => window.IttEsim);
  await p.page.evaluate(() => {
    IttEsim.mount(document.getElementById("c"), { proxyUrl: "/", country: "FR", start: "journey" });
    IttEsim.mount(document.getElementById("d"), { proxyUrl: "/", country: "IT" });
  });
  for (const id of ["#a", "#b", "#c", "#d"]) {
    assert.deepEqual(await firstView(p.page, id), { card: false, journey: true }, id);
    await planTitles(p.page, id);
  }
  assert.deepEqual(await views(p), ["journey", "journey", "journey", "journey"]);
  assert.equal((await p.events()).some((e) => e.name === "itt-esim:opened"), false, "nobody opened anything");
  await p.assertClean();
  await p.context.close();
});

test("options the card cannot show load the journey at once, which reports the setting to fix", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>Stay</h1>
<div id="country" data-itt-esim data-proxy-url="/" data-country="Thailand"></div>
<div id="dates" data-itt-esim data-proxy-url="/" data-country="TH" data-check-in="2026-12-08" data-check-out="2026-12-01"></div>
<div id="proxy" data-itt-esim data-proxy-url="//evil.example" data-country="TH"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/bad.html`, { html, card: true, allow: ["itt-esim: "] });
  for (const id of ["#country", "#dates", "#proxy"]) {
    assert.deepEqual(await firstView(p.page, id), { card: false, journey: true }, id);
    assert.equal(await p.page.locator(`${id} [data-error-code=config]`).count(), 1, id);
  }
  const errors = (await p.events()).filter((e) => e.name === "itt-esim:error");
  assert.deepEqual(errors.map((e) => [e.id, e.detail.code]).sort(), [["country", "config"], ["dates", "config"], ["proxy", "config"]]);
  await p.assertClean();
  await p.context.close();
});

test("a chosen plan in this session: the reload resumes the checkout at once, no card", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await p.page.locator("#esim .esim-card__open").click();
  await toCheckout(p.page);
  await p.page.reload();
  assert.deepEqual(await firstView(p.page), { card: false, journey: true });
  await p.page.locator("#esim form.esim-form").waitFor();
  assert.deepEqual(await views(p), ["journey"]);
  await p.assertClean();
  await p.context.close();
});

test("only plans looked at: the reload shows the card again, with the lowest price seen", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await p.page.locator("#esim .esim-card__open").click();
  await planTitles(p.page, "#esim");
  await p.page.reload();
  assert.deepEqual(await firstView(p.page), { card: true, journey: false });
  const stay = await p.page.evaluate(() => document.querySelector("#esim").shadowRoot.querySelector(".esim-card__stay").textContent);
  assert.equal(stay, "7 nights · from $4.50");
  await p.assertClean();
  await p.context.close();
});

test("coming back from the payment page opens the confirmed booking at once", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { card: true });
  await p.page.locator("#esim .esim-card__open").click();
  await toCheckout(p.page);
  await fill(p.page);
  await Promise.all([p.page.waitForURL(/\/sandbox\/checkout\//), p.page.locator("#esim .esim-pay").click()]);
  await Promise.all([p.page.waitForURL((u) => u.pathname === "/"), p.page.click("button.pay")]);
  assert.deepEqual(await firstView(p.page), { card: false, journey: true });
  await p.page.locator("#esim .esim-confirmed").waitFor({ timeout: 20000 });
  // The install section comes from the booking module, fetched with the journey
  // (the stored attempt says it is back from paying).
  await p.page.locator("#esim .esim-install__one").first().waitFor({ timeout: 20000 });
  assert.deepEqual(await modules(p.page), ["booking", "widget"]);
  assert.deepEqual(await views(p), ["journey"]);
  await p.assertClean();
  await p.context.close();
});

test("a \"my trip\" card (data-booking-id) loads at once", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My trip</title>
<script async src="/widget/itt-esim.js"></script></head><body><main><h1>My trip</h1>
<div id="trip" data-itt-esim data-proxy-url="/" data-booking-id="NO-SUCH-BOOKING"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/trip.html`, { html, card: true, allow: [/http 4\d\d/, "itt-esim: "] });
  assert.deepEqual(await firstView(p.page, "#trip"), { card: false, journey: true });
  assert.deepEqual(await views(p), ["booking"]);
  // Only the booking module: a "my trip" page never downloads the journey.
  assert.deepEqual(await modules(p.page), ["booking"]);
  // `update` reaches the booking module: the card speaks French.
  await p.page.evaluate(() => IttEsim.get(document.getElementById("trip")).update({ lang: "fr" }));
  await p.page.waitForFunction(() => document.querySelector("#trip").shadowRoot.querySelector("section.esim")?.getAttribute("lang") === "fr");
  assert.equal(await p.page.locator("#trip h2").textContent(), "Votre forfait eSIM");
  await p.context.close();
});
