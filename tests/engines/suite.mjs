// The journeys a traveller takes, run the same way in every engine, on a phone-sized
// viewport (390 px): the offer card by pointer and by keyboard, the journey from
// the device search through the hosted payment page to the confirmation, the
// eSIM card's usage and a top-up, the card alone on a "my trip" page, two widgets
// under a strict CSP, Arabic switched in place, a reload mid-checkout, and a
// control page that must fail the checks (a test of the test).
//
// Every test fails on a console error or warning, a page error, an unhandled
// rejection, a CSP violation, a widget error event or an HTTP error, recorded
// inside the page by the front's recorder (tests/engines/front.mjs) and, where
// the driver can, by the driver; and on a page the recorder did not run on.

import { test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { STRICT_CSP } from "../e2e/harness.mjs";
import { COUNTRY_NAMES, namesThatDiffer } from "../e2e/country-names.mjs";
import { rmSync } from "node:fs";
import path from "node:path";
import { startFront } from "./front.mjs";
import { SCREENS } from "./page.mjs";

/** A hotel page of the tests' own, with the widget's one script tag. */
const hotelPage = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

/** The journey's heading, once the journey (not the card) is on screen. */
const JOURNEY_HEADING = ".esim-journey:not([hidden]) h2";

/**
 * Registers the suite for one engine. `launch()` starts the engine and returns
 * `{ name, newTab(report), close() }`.
 */
export function engineSuite(launch) {
  const env = {};
  let tab = null;

  before(async () => {
    env.front = await startFront();
    env.engine = await launch();
    // This run's screens only.
    rmSync(path.join(SCREENS, env.engine.name), { recursive: true, force: true });
  });
  after(async () => {
    await env.engine?.close();
    await env.front?.stop();
  });
  beforeEach(() => env.front.reset());
  afterEach(async () => {
    await tab?.close();
    tab = null;
  });

  /** A fresh browser (no storage) on `url`; `allow` lists problems the test provokes. */
  async function open(url, { allow } = {}) {
    env.front.reset({ allow });
    tab = await env.engine.newTab((text) => env.front.report(text));
    await tab.goto(url);
    return tab;
  }
  const events = (name) => env.front.events(name).map((e) => e.detail);
  /** Waits until `count` events of `name` (any, without a name) have arrived; returns their details. */
  async function counted(count, name) {
    await env.front.until(() => env.front.events(name).length >= count, { what: `${count} × ${name ?? "any event"}` });
    return events(name);
  }
  /** Fails on any problem of this test, once every report of the open page has arrived. */
  async function clean(t) {
    await env.front.assertClean(await t.eval(() => window.__e2e ?? null));
  }
  const host = (id = "#esim") => (inner) => `${id} >>> ${inner}`;
  const esim = host();

  /** Waits for the journey to list plans; returns how many. */
  const plansListed = (t, w = esim) =>
    t.waitFor((s) => $$(s).filter(shown).length, [w(".esim-plans:not(.esim-plans--one) .esim-plan__title")], { what: "the plans" });

  /** Chooses the recommended plan; with no device verdict yet, skips the check it asks first. */
  async function chooseRecommended(t) {
    await t.click(esim(".esim-reco .esim-plan__actions button"));
    const next = await t.waitFor((form, check) => (shown($(form)) ? "form" : shown($(check)) ? "check" : null),
      [esim("form.esim-form"), esim(".esim-device")], { what: "the checkout or the device check" });
    if (next === "check") await t.click(esim("button"), "Skip this check");
    await t.shown(esim("form.esim-form"));
  }

  /** The demo, its card opened, the recommended plan chosen, a name and e-mail typed. */
  async function typingDetails() {
    const t = await open(`${env.front.origin}/`);
    await t.click(esim(".esim-card__open"));
    await plansListed(t);
    await chooseRecommended(t);
    await t.fill(esim("#esim-name"), "Ana López");
    await t.fill(esim("#esim-email"), "ana@example.com");
    return t;
  }

  test("the offer card opens the journey on a pointer click, with focus on its heading", async () => {
    const t = await open(`${env.front.origin}/`);
    await t.shown(esim(".esim-card__open"));
    assert.equal(await t.text(esim(".esim-card__title")), "Data plans for Thailand");
    assert.equal(await t.text(esim(".esim-card__open")), "See eSIM plans");
    // The card fits the height the host reserved: nothing below it moves.
    assert.equal(await t.eval(() => Math.round(document.querySelector("#esim").getBoundingClientRect().height)), 256);
    // The phone's whole width is the page's: no scrollbar takes some, nothing scrolls sideways.
    assert.deepEqual(await t.eval(() => [document.documentElement.clientWidth, document.documentElement.scrollWidth]), [390, 390]);
    await t.screenshot("01-offer-card");
    await t.click(esim(".esim-card__open"));
    await t.shown(esim(JOURNEY_HEADING));
    await t.waitFor(() => document.querySelector("#esim").shadowRoot.activeElement?.textContent === "Stay connected on your trip",
      [], { what: "focus on the journey's heading" });
    assert.ok(await plansListed(t) >= 10);
    assert.equal(await t.eval(() => !!document.querySelector("#esim").shadowRoot.querySelector(".esim-card")), false);
    await t.screenshot("02-plans");
    await counted(3);
    await clean(t);
    assert.deepEqual(env.front.events().map((e) => e.name), ["itt-esim:ready", "itt-esim:opened", "itt-esim:plans-loaded"]);
    assert.equal(events("itt-esim:ready")[0].view, "card");
  });

  test("the offer card opens on the keyboard: Tab reaches its button, Enter opens the journey", async () => {
    const t = await open(`${env.front.origin}/`);
    await t.shown(esim(".esim-card__open"));
    // From the page's last text before the widget, one Tab lands on the card's button.
    await t.click(".addon__lead");
    await t.press("Tab");
    await t.waitFor(() => document.querySelector("#esim").shadowRoot.activeElement?.classList.contains("esim-card__open"),
      [], { what: "focus on the card's button after one Tab" });
    // Where focus is shows: the focus ring is drawn.
    assert.deepEqual(await t.eval(() => {
      const button = document.querySelector("#esim").shadowRoot.activeElement;
      return [button.matches(":focus-visible"), getComputedStyle(button).outlineStyle];
    }), [true, "solid"]);
    await t.screenshot("03-offer-card-focused");
    await t.press("Enter");
    await t.shown(esim(JOURNEY_HEADING));
    await t.waitFor(() => document.querySelector("#esim").shadowRoot.activeElement?.tagName === "H2", [], { what: "focus on the heading" });
    await plansListed(t);
    await counted(1, "itt-esim:opened");
    await clean(t);
    assert.equal(events("itt-esim:opened").length, 1);
  });

  test("a host that asks for the journey gets it at once, without the card", async () => {
    const url = env.front.page("/start-journey.html", hotelPage("Your stay",
      `<div id="esim" data-itt-esim data-start="journey" data-proxy-url="/" data-country="JP"
        data-check-in="2026-12-01" data-check-out="2026-12-04"></div>`), { csp: STRICT_CSP });
    const t = await open(url);
    await plansListed(t);
    assert.equal(await t.eval(() => !!document.querySelector("#esim").shadowRoot.querySelector(".esim-card")), false);
    assert.match(await t.text(esim(".esim__trip")), /Japan · Dec 1\s–\s4, 2026 · 3 nights/);
    await counted(1, "itt-esim:plans-loaded");
    await clean(t);
    assert.deepEqual(events("itt-esim:ready").map((d) => d.view), ["journey"]);
    assert.equal(events("itt-esim:opened").length, 0, "nobody opened anything");
  });

  test("the journey: the phone found by search, a plan, the details, the hosted payment page, the confirmation with its QR code; then usage and a top-up", async () => {
    const t = await open(`${env.front.origin}/`);
    await t.click(esim(".esim-card__open"));
    await plansListed(t);
    // No verdict yet: the plans offer the device check.
    await t.click(esim(".esim-device-summary[data-verdict=none] button"), "Check my phone");
    await t.fill(esim("input[role=combobox]"), "s23 ultra");
    await t.shown(esim("[role=option]"), "Galaxy S23 Ultra");
    await t.screenshot("04-device-search");
    await t.click(esim("[role=option]"), "Galaxy S23 Ultra");
    await t.shown(esim("[data-verdict=compatible]"));
    assert.match(await t.text(esim("[data-verdict=compatible]")), /Samsung Galaxy S23 Ultra supports eSIM/);
    await t.screenshot("05-device-verdict");
    await t.click(esim("button"), "Continue to data plans");
    await plansListed(t);
    assert.match(await t.text(esim(".esim-device-summary")), /Galaxy S23 Ultra supports eSIM/);

    // The recommended plan, then the traveller's details.
    await t.click(esim(".esim-reco .esim-plan__actions button"));
    await t.shown(esim("form.esim-form"));
    await t.fill(esim("#esim-name"), "Ana López");
    await t.fill(esim("#esim-email"), "ana@example.com");
    await t.choose(esim("#esim-phone-country"), "TH");
    await t.fill(esim("#esim-phone"), "081 234 5678");
    await t.fill(esim("#esim-quantity"), "1");
    assert.match(await t.text(esim(".esim-form__total")), /\$13\.00/);
    await t.screenshot("06-details");

    await t.click(esim(".esim-pay"));
    await t.waitForUrl((u) => u.pathname.startsWith("/sandbox/checkout/"));
    assert.match(await t.eval(() => document.body.textContent), /TEST MODE/);
    await t.screenshot("07-payment-page");
    const created = await env.front.event("itt-esim:booking-created");
    assert.match(created.bookingToken, /^v1\./);
    await t.click("button.pay");
    await t.waitForUrl((u) => u.pathname === "/");

    await t.shown(esim(".esim-confirmed"), "Your eSIM is booked", { timeout: 30000 });
    assert.equal(await t.text(esim(".esim-booking-id")), created.bookingId);
    await t.shown(esim("svg.esim-qr path"), undefined, { timeout: 30000 });
    const codes = await t.eval((s) => $$(s).map((e) => e.textContent), esim(".esim-codes .esim-code__value"));
    assert.equal(codes[0], "lpa.sandbox.invalid");
    assert.match(codes[1], /^[A-Z0-9-]+$/);
    await t.screenshot("08-confirmed-qr");
    // The activation code copied with one tap: announced only once it is on the clipboard.
    await t.click(esim(".esim-install__one .esim-code__copy"));
    await t.waitFor((s) => $(s)?.textContent === "Copied to the clipboard.", [esim(".esim-install > [role=status]")],
      { what: "\"Copied to the clipboard.\"" });
    const returned = await env.front.event("itt-esim:payment-returned");
    assert.equal(returned.status, "paid");

    // Usage: not active until used; 4 GB used of 5 GB, then a refresh shows the warning.
    await t.shown(esim(".esim-usage__status"), "Not active yet");
    const iccid = await t.text(esim(".esim-install__one .esim-install__iccid code"));
    const consumed = await t.eval(async (iccid) => (await fetch(`/sandbox/esims/${iccid}/consume`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mb: 4096 }),
    })).status, iccid);
    assert.equal(consumed, 200);
    await t.click(esim(".esim-install__one button"), "Refresh");
    await t.shown(esim(".esim-usage__warning"), "used 75%");
    assert.match(await t.text(esim(".esim-usage__text")), /4 GB of 5 GB used · 1 GB left/);
    await t.screenshot("09-usage");

    // A top-up, bought and shown in the history.
    await t.click(esim(".esim-install__one button"), "See top-ups");
    await t.shown(esim(".esim-topup__choose"));
    await t.click(esim(".esim-topup__choose"));
    await t.waitFor((s) => $(s)?.value === "ana@example.com", [esim("#esim-topups-0-topup-email")], { what: "the prefilled e-mail" });
    await t.screenshot("10-topup-form");
    await t.click(esim(".esim-topup-form__buy"));
    // ITT answers a top-up with a payment page or with "requested" (tests/e2e/topups.mjs).
    const shape = await t.waitFor((s) => (location.pathname.startsWith("/sandbox/checkout/") ? "payment-page"
      : $$(s).some((e) => e.textContent.includes("Top-up requested.")) ? "requested" : null),
    [esim("[data-topup-status]")], { what: "the top-up's answer" });
    if (shape === "payment-page") {
      await t.waitForUrl((u) => u.pathname.startsWith("/sandbox/checkout/"));
      await t.click("button.pay");
      await t.waitForUrl((u) => u.pathname === "/");
    } else {
      await t.shown(esim("[data-topup-status]"), "Your top-up has been added.", { timeout: 45000 });
    }
    await t.shown(esim(".esim-install__one .esim-history__item"), undefined, { timeout: 30000 });
    assert.equal(await t.eval((s) => $$(s).length, esim(".esim-install__one:first-of-type .esim-history__item")), 1);
    await t.eval((s) => $(s).scrollIntoView({ block: "center" }), esim(".esim-history__item"));
    await t.screenshot("11-topup-history");
    await clean(t);
  });

  test("a \"my trip\" page: the booking's card alone, with its QR code and usage", async () => {
    // A booking of its own: the hotel pays from its ITT balance (a grant from its
    // backend, here the sandbox's stand-in), so no payment page is involved.
    const hotelPays = env.front.page("/hotel-pays.html", hotelPage("Your stay",
      `<div id="esim" data-itt-esim data-start="journey" data-proxy-url="/" data-country="TH" data-check-in="2026-12-01"
        data-check-out="2026-12-08" data-grant-url="/sandbox/grant" data-guest-name="Ana López"
        data-guest-email="ana@example.com" data-guest-phone="+66 81 234 5678"></div>`), { csp: STRICT_CSP });
    let t = await open(hotelPays);
    await plansListed(t);
    await chooseRecommended(t);
    await t.click(esim(".esim-pay"), "Confirm booking");
    await t.shown(esim(".esim-confirmed"), "Your eSIM is booked", { timeout: 30000 });
    const created = await env.front.event("itt-esim:booking-created");
    assert.match(created.bookingToken, /^v1\./);
    await clean(t);

    // Later, on the hotel's "my trip" page: the card on its own, from the id and token the host kept.
    const url = env.front.page("/my-trip.html", hotelPage("My trip",
      `<div id="card" data-itt-esim data-proxy-url="/" data-booking-id="${created.bookingId}" data-booking-token="${created.bookingToken}"></div>`),
    { csp: STRICT_CSP });
    t = await open(url);
    const card = host("#card");
    await t.shown(card(".esim-summary"), created.bookingId);
    await t.shown(card("svg.esim-qr path"));
    await t.shown(card(".esim-usage__status"));
    assert.equal(await t.eval((s) => $$(s).length, card(".esim-device")), 0, "no journey, just the card");
    assert.equal(await t.eval(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith("itt-esim-widget_bg.wasm"))),
      false, "a \"my trip\" page never downloads the journey");
    await t.screenshot("12-my-trip");
    await clean(t);
  });

  test("a strict-CSP hotel page with two widgets: each works on its own", async () => {
    const url = env.front.page("/two-widgets.html", hotelPage("Two stays",
      `<div id="a" data-itt-esim data-proxy-url="/" data-country="TH" data-check-in="2026-12-01" data-check-out="2026-12-08"></div>
       <itt-esim-widget id="b" proxy-url="/" country="JP" lang="de" check-in="2026-12-08" check-out="2026-12-11"></itt-esim-widget>`),
    { csp: STRICT_CSP });
    const t = await open(url);
    await t.shown(host("#a")(".esim-card__open"));
    await t.shown(host("#b")(".esim-card__open"));
    assert.equal(await t.text(host("#b")(".esim-card__title")), "Datentarife für Japan");
    await t.screenshot("13-two-widgets-cards");
    await t.click(host("#b")(".esim-card__open"));
    await plansListed(t, host("#b"));
    assert.match(await t.text(host("#b")(".esim__trip")), /Japan/);
    assert.ok(await t.eval(() => !!document.querySelector("#a").shadowRoot.querySelector(".esim-card__open")), "the other widget still shows its card");
    await t.click(host("#a")(".esim-card__open"));
    await plansListed(t, host("#a"));
    assert.match(await t.text(host("#a")(".esim__trip")), /Thailand/);
    await t.screenshot("14-two-widgets-open");
    assert.equal(await t.eval(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("itt-esim-widget_bg.wasm")).length),
      1, "one journey download for both");
    await clean(t);
  });

  test("switched to Arabic in place mid-checkout: right to left, the typed details kept", async () => {
    const t = await typingDetails();
    const searches = (await counted(1, "itt-esim:plans-loaded")).length;
    await t.eval(() => IttEsim.get(document.getElementById("esim")).update({ lang: "ar" }));
    // The journey is drawn anew in Arabic: it searches again, then shows the checkout.
    await counted(searches + 1, "itt-esim:plans-loaded");
    await t.waitFor(() => document.querySelector("#esim").shadowRoot.querySelector("section.esim")?.getAttribute("dir") === "rtl",
      [], { what: "the widget right to left" });
    await t.shown(esim("form.esim-form"));
    assert.equal(await t.eval((s) => $(s).value, esim("#esim-name")), "Ana López", "the typed name survives");
    assert.equal(await t.eval((s) => $(s).value, esim("#esim-email")), "ana@example.com");
    await t.waitFor((s) => /[\u0600-\u06FF]/.test($(s)?.textContent), [esim(".esim-pay")], { what: "an Arabic label on the button" });
    // Right to left for real: the label's text starts at the form's right edge.
    const edges = await t.eval((s) => {
      const range = document.createRange();
      range.selectNodeContents($(s));
      const label = range.getBoundingClientRect();
      const form = $(s).closest("form").getBoundingClientRect();
      return { right: Math.round(form.right - label.right), left: Math.round(label.left - form.left) };
    }, esim("label[for=esim-name]"));
    assert.ok(edges.right < edges.left, `the label text hugs the right edge: ${JSON.stringify(edges)}`);
    await t.screenshot("15-arabic-form");
    await clean(t);
  });

  test("a reload mid-checkout resumes the checkout at once, the chosen plan kept", async () => {
    const t = await typingDetails();
    const plan = await t.text(esim(".esim-details__title"));
    await t.reload();
    await t.shown(esim("form.esim-form"));
    assert.equal(await t.eval(() => !!document.querySelector("#esim").shadowRoot.querySelector(".esim-card")), false, "no card first");
    assert.equal(await t.text(esim(".esim-details__title")), plan);
    assert.equal(await t.eval((s) => $(s).value, esim("#esim-name")), "Ana López", "typed details survive the reload");
    assert.equal(await t.eval((s) => $(s).value, esim("#esim-email")), "ana@example.com");
    await t.screenshot("16-checkout-resumed");
    assert.deepEqual((await counted(2, "itt-esim:ready")).map((d) => d.view), ["card", "journey"]);
    await clean(t);
  });

  test("the card's destination names are this engine's own, so the card and the journey agree", async () => {
    const t = await open(`${env.front.origin}/`);
    const differ = await t.eval(namesThatDiffer, COUNTRY_NAMES);
    assert.deepEqual(differ, [], "blank these in scripts/country-names.mjs (ASK_THE_BROWSER) or regenerate");
    // A name left blank there is the engine's own on the card (Türkiye, or Turkey on an older ICU).
    await t.shown(esim(".esim-card__title"));
    await t.eval(() => IttEsim.get(document.querySelector("#esim")).update({ country: "TR" }));
    const turkey = await t.eval(() => new Intl.DisplayNames(["en"], { type: "region" }).of("TR"));
    await t.shown(esim(".esim-card__title"), `Data plans for ${turkey}`);
    await clean(t);
  });

  test("the checks catch a page that throws, logs an error and a warning, breaks its CSP and meets a 404 (a test of the test)", async () => {
    const url = env.front.page("/control.html", `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Control</title><script src="/control.js"></script></head><body><h1>Control</h1></body></html>`, { csp: STRICT_CSP });
    env.front.page("/control.js", `console.error("control: logged");
console.warn("control: warned");
setTimeout(() => { throw new Error("control: thrown"); });
Promise.reject(new Error("control: rejected"));
fetch("/__e2e/no-such-file").catch(() => {});
addEventListener("load", () => { const img = new Image(); img.src = "http://192.0.2.1/control.png"; document.body.append(img); });`,
    { type: "text/javascript; charset=utf-8" });
    const t = await open(url);
    // Each seen by the recorder inside the page (not only by a driver that has a
    // console: WebKit's has none), the 404 by the front.
    const expected = [["page", "console.error: control: logged"], ["page", "console.warn: control: warned"],
      ["page", "pageerror: "], ["page", "control: thrown"], ["page", "unhandledrejection: control: rejected"],
      ["page", "csp: img-src http://192.0.2.1"], ["front", "http 404: GET /__e2e/no-such-file"]];
    for (const [via, text] of expected) {
      await env.front.until(() => env.front.problems({ via }).some((p) => p.includes(text)), { what: `"${text}" from the ${via}` });
    }
    await assert.rejects(env.front.assertClean(), (e) => {
      for (const [, text] of expected) assert.ok(e.message.includes(text), `the check must report ${JSON.stringify(text)}: ${e.message}`);
      return true;
    });
    // A page whose policy keeps the recorder out is not a clean page: it is an unwatched one.
    const blind = env.front.page("/blind.html", "<!doctype html><title>Blind</title><h1>Blind</h1>", { csp: "script-src 'none'" });
    await t.goto(blind);
    await assert.rejects(env.front.assertClean(), /no recorder ran on \/blind\.html/);
  });
}
