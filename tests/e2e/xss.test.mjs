// The XSS corpus (tests/fixtures/xss-payloads.txt) in every HTML and text field
// of every answer the post-booking card renders: no script may run, nothing may
// load from elsewhere, and the markup that should survive (lists, bold, https
// links) survives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sandboxSuite, open, ROOT, STRICT_CSP } from "./harness.mjs";

const env = sandboxSuite();
const PAYLOADS = readFileSync(path.join(ROOT, "tests/fixtures/xss-payloads.txt"), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#"));
/** Markup supplier HTML may keep: it must still be there after sanitizing. */
const BENIGN = '<b>kept-bold</b> <a href="https://help.example/esim">help</a>';
/** Values the card needs to work (ids, codes, states); everything else is text it shows. */
const KEEP = new Set(["status", "Status", "booking_id", "booking_token", "iccid", "eSim_iccid", "lpa", "matching_id", "qrcode",
  "id", "package_id", "sell_currency", "currency", "payment_status", "booking_status", "language", "tracking_id"]);

function poison(value, payload, key = "", steps = false) {
  if (Array.isArray(value)) return value.map((v) => poison(v, payload, key, steps || key === "steps"));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, payload, k, steps || key === "steps")]));
  }
  if (typeof value !== "string" || KEEP.has(key)) return value;
  // Installation steps are HTML: the payload comes with markup that must survive.
  // The markup comes first: a payload opening a raw-text element (an unclosed
  // <textarea>, <style>…) rightly swallows whatever follows it.
  return steps || key === "steps" ? `${BENIGN} ${payload}` : payload;
}

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My trip</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head><body><main><h1>My trip</h1>${body}</main></body></html>`;

test(`${PAYLOADS.length} XSS payloads in every field the post-booking card renders run nothing`, async () => {
  assert.ok(PAYLOADS.length >= 100);
  // A paid booking to show: the hotel pays, so no payment page is involved.
  const hotel = page(`<div id="esim" data-itt-esim data-proxy-url="/" data-country="TH" data-grant-url="/sandbox/grant"
    data-guest-name="Ana López" data-guest-email="ana@example.com" data-guest-phone="+66 81 234 5678"></div>`);
  const p = await open(env.browser, `${env.server.origin}/hotel-xss-book.html`, { html: hotel, csp: STRICT_CSP });
  await p.page.locator("#esim .esim-reco .esim-plan__actions button").first().click({ timeout: 20000 });
  await p.page.locator("#esim .esim-pay").click();
  await p.page.locator("#esim .esim-confirmed").waitFor({ timeout: 20000 });
  const created = (await p.events()).find((e) => e.name === "itt-esim:booking-created").detail;
  await p.context.close();

  let payload = "";
  const card = page(`<div id="card" data-itt-esim data-proxy-url="/" data-booking-id="${created.bookingId}"
    data-booking-token="${created.bookingToken}"></div>`);
  const q = await open(env.browser, `${env.server.origin}/hotel-xss.html`, {
    html: card, csp: STRICT_CSP,
    routes: {
      "/esim/*": async (route) => {
        const response = await route.fetch();
        const json = poison(await response.json(), payload);
        await route.fulfill({ response, json });
      },
    },
  });
  const dialogs = [];
  q.page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const elsewhere = [];
  q.page.on("request", (r) => { if (!r.url().startsWith(env.server.origin)) elsewhere.push(r.url()); });
  for (const [i, p] of PAYLOADS.entries()) {
    payload = p;
    if (i > 0) await q.page.reload();
    try {
      await q.page.locator("#card .esim-install__one").first().waitFor({ timeout: 20000 });
    } catch (e) {
      console.log("DEBUG", await q.page.locator("#card").evaluate((el) => el.shadowRoot.innerHTML.slice(0, 1500)), JSON.stringify((await q.events()).filter((e) => e.name === "itt-esim:error")));
      throw e;
    }
    await q.page.locator("#card .esim-guide summary").first().click();
    try {
      await q.page.locator("#card .esim-guide .esim-supplier b, #card .esim-guide .esim-supplier--text, #card .esim-guide .esim-alert").first().waitFor({ timeout: 20000 });
    } catch (e) {
      console.log("DEBUG2", await q.page.locator("#card").evaluate((el) => el.shadowRoot.querySelector(".esim-guide").outerHTML.slice(0, 1500)), JSON.stringify((await q.events()).filter((e) => e.name === "itt-esim:error")));
      throw e;
    }
    await q.page.locator("#card .esim-topups-panel .esim-topup, #card .esim-topups-panel .esim-empty").first().waitFor({ timeout: 20000 });
    const state = await q.page.evaluate(() => ({
      xss: window.__xss,
      kept: [...document.getElementById("card").shadowRoot.querySelectorAll(".esim-guide b")].filter((b) => b.textContent === "kept-bold").length,
      links: [...document.getElementById("card").shadowRoot.querySelectorAll(".esim-guide a[href]")].map((a) => a.href),
      scripts: document.getElementById("card").shadowRoot.querySelectorAll("script, iframe, object, embed, img, form, style").length,
    }));
    assert.equal(state.xss, undefined, `script ran for ${p}`);
    assert.equal(state.scripts, 0, `active elements from ${p}`);
    assert.ok(state.kept > 0, `benign markup lost with ${p}`);
    assert.ok(state.links.length > 0 && state.links.every((h) => h.startsWith("https://")), `links for ${p}: ${state.links}`);
  }
  await q.page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], "no dialog opened");
  assert.deepEqual([...new Set(elsewhere)], [], "nothing loaded from elsewhere");
  await q.context.close();
});
