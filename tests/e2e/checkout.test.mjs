// Checkout hand-off on the demo page: details, booking, the sandbox's hosted
// payment page, and the return, for pay, cancel and failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles, axeViolations, STRICT_CSP, toCheckout, fill } from "./harness.mjs";
import { topUpAnswer, finishTopUp } from "./topups.mjs";

const env = sandboxSuite();

const named = (events, name) => events.filter((e) => e.name === name).map((e) => e.detail);

test("pay on the hosted page and come back to a confirmed booking", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await toCheckout(p.page);
  assert.deepEqual(await axeViolations(p.page), [], "the empty form");

  // Nothing is sent until the form is valid; each field says what is wrong.
  await p.page.locator("#esim .esim-pay").click();
  await p.page.locator("#esim .esim-form__summary").waitFor();
  assert.equal(await p.page.locator("#esim [aria-invalid=true]").count(), 4, "name, e-mail, country code, number");
  assert.match(await p.page.locator("#esim-name-error").textContent(), /Please fill this in/);
  assert.equal(await p.page.evaluate(() => document.querySelector("#esim").shadowRoot.activeElement?.id), "esim-name");
  assert.deepEqual(await axeViolations(p.page), [], "the form with errors");
  assert.equal(named(await p.events(), "itt-esim:details-submitted").length, 0);

  await fill(p.page, { quantity: "2" });
  assert.match(await p.page.locator("#esim .esim-form__total").textContent(), /\$26\.00/);
  await Promise.all([p.page.waitForURL(/\/sandbox\/checkout\//), p.page.locator("#esim .esim-pay").click()]);
  assert.match(await p.page.textContent("body"), /TEST MODE/);
  await Promise.all([p.page.waitForURL((u) => u.pathname === "/"), p.page.click("button.pay")]);

  const confirmed = p.page.locator("#esim .esim-confirmed");
  await confirmed.waitFor({ timeout: 20000 });
  assert.match(await confirmed.textContent(), /Your eSIM is booked/);
  const bookingId = await p.page.locator("#esim .esim-booking-id").textContent();
  assert.match(bookingId, /^\S+$/);
  // Events across both page loads are in this page's record only after the return.
  const returned = named(await p.events(), "itt-esim:payment-returned");
  assert.equal(returned.length, 1);
  const { field, ...rest } = returned[0];
  assert.deepEqual(rest, { bookingId, status: "paid" });
  // The field of booking-details that said "paid", wherever this booking's layout put it.
  assert.match(field, /(^|\.)pay(ment)?_status$/);
  // Two eSIMs to install: each with a locally drawn QR code and its codes to copy.
  await p.page.locator("#esim .esim-install__one").first().waitFor({ timeout: 20000 });
  assert.equal(await p.page.locator("#esim .esim-install__one").count(), 2);
  assert.equal(await p.page.locator("#esim svg.esim-qr path").count(), 2);
  // One eSIM at a time; the traveller picks which.
  const pick = p.page.locator("#esim .esim-install__pick select");
  assert.equal(await p.page.locator("#esim .esim-install__one").nth(1).isVisible(), false);
  await pick.selectOption("1");
  assert.equal(await p.page.locator("#esim .esim-install__one").nth(1).isVisible(), true);
  assert.equal(await p.page.locator("#esim .esim-install__one").nth(0).isVisible(), false);
  await pick.selectOption("0");
  const codes = await p.page.locator("#esim .esim-codes .esim-code__value").allTextContents();
  assert.equal(codes[0], "lpa.sandbox.invalid");
  assert.match(codes[1], /^[A-Z0-9-]+$/);
  assert.equal(await p.page.locator("#esim .esim-install__tap").count(), 0, "no one-tap link on a computer");
  const images = await p.page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.initiatorType === "img").length);
  assert.equal(images, 0, "no QR image from a third party");
  // Usage: not active until used; the sandbox uses 80% of the 5 GB; a refresh shows the warning.
  const first = p.page.locator("#esim .esim-install__one").first();
  await first.locator(".esim-usage__status").waitFor({ timeout: 20000 });
  assert.match(await first.locator(".esim-usage__status").textContent(), /Not active yet/);
  const iccid = await first.locator(".esim-install__iccid code").textContent();
  const consumed = await p.page.evaluate(async (iccid) =>
    (await fetch(`/sandbox/esims/${iccid}/consume`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mb: 4096 }) })).status, iccid);
  assert.equal(consumed, 200);
  await first.getByRole("button", { name: "Refresh" }).click();
  await first.locator(".esim-usage__warning").waitFor({ timeout: 20000 });
  assert.match(await first.locator(".esim-usage__warning").textContent(), /used 75%/);
  assert.match(await first.locator(".esim-usage__text").textContent(), /4 GB of 5 GB used · 1 GB left/);
  assert.equal(await first.locator("meter").getAttribute("value"), "4096");
  assert.deepEqual(await axeViolations(p.page), [], "the confirmation with usage");

  // A top-up: chosen, the traveller's contact details (prefilled from the
  // booking's lead traveller), then the payment page or only "requested".
  await first.getByRole("button", { name: "See top-ups" }).click();
  await first.locator(".esim-topup").first().waitFor({ timeout: 20000 });
  assert.match(await first.locator(".esim-history, .esim-topups-panel .esim-empty").last().textContent(), /No top-ups yet/);
  const choose = first.locator(".esim-topup__choose").first();
  await choose.click();
  assert.equal(await choose.getAttribute("aria-pressed"), "true");
  const email = first.locator("#esim-topups-0-topup-email");
  await email.waitFor();
  assert.equal(await email.inputValue(), "ana@example.com");
  assert.equal(await first.locator("#esim-topups-0-topup-phone-country").inputValue(), "TH");
  assert.match(await first.locator("#esim-topups-0-topup-phone").inputValue(), /^0?81 ?234 ?5678$|^812345678$/);
  assert.equal(await first.locator(".esim-topup-form button[type=submit]").count(), 1, "one Buy button");
  // Checked like the checkout: the field is named, focus goes there, nothing is sent.
  await email.fill("ana@");
  const buy = first.locator(".esim-topup-form__buy");
  await buy.click();
  const error = first.locator("#esim-topups-0-topup-email-error");
  await error.waitFor();
  assert.match(await error.textContent(), /name@example\.com/);
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  assert.equal(await p.page.evaluate(() => document.querySelector("#esim").shadowRoot.activeElement?.id), "esim-topups-0-topup-email");
  assert.deepEqual(await axeViolations(p.page), [], "the top-up form with an error");
  await email.fill("ana@example.com");
  await buy.click();
  const shape = await topUpAnswer(p.page, first);
  if (shape === "requested") {
    // No second purchase while it is awaited.
    assert.equal(await buy.isDisabled(), true);
    assert.equal(await choose.isDisabled(), true);
  }
  await finishTopUp(p.page, first, shape);
  const history = p.page.locator("#esim .esim-install__one").first().locator(".esim-history__item");
  await history.first().waitFor({ timeout: 20000 });
  assert.equal(await history.count(), 1);
  // Personal details are gone once confirmed.
  const stored = await p.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.endsWith(":contact")));
  assert.deepEqual(stored, []);
  await p.assertClean();
  await p.context.close();
});

test("cancel on the payment page: back to the form, intact, with a message and a retry", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await toCheckout(p.page);
  await fill(p.page, { name: "Jean Dupont", email: "jean@example.fr", country: "FR", phone: "+33 6 12 34 56 78" });
  await Promise.all([p.page.waitForURL(/\/sandbox\/checkout\//), p.page.locator("#esim .esim-pay").click()]);
  await Promise.all([p.page.waitForURL((u) => u.pathname === "/"), p.page.click("button.cancel")]);
  const alert = p.page.locator("#esim .esim-checkout .esim-alert");
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.textContent(), /payment was cancelled/);
  assert.equal(await p.page.locator("#esim-name").inputValue(), "Jean Dupont");
  assert.equal(await p.page.locator("#esim-email").inputValue(), "jean@example.fr");
  assert.equal(await p.page.locator("#esim-phone").inputValue(), "+33 6 12 34 56 78");
  const returned = named(await p.events(), "itt-esim:payment-returned");
  assert.equal(returned.length, 1);
  assert.equal(returned[0].status, "cancelled");
  assert.ok("field" in returned[0]);
  assert.equal(await p.page.locator("#esim .esim-pay").isEnabled(), true, "can try again");
  await p.assertClean();
  await p.context.close();
});

test("a hand-edited ?status=paid on an unpaid booking shows payment pending, never a confirmation", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await toCheckout(p.page);
  await fill(p.page);
  await Promise.all([p.page.waitForURL(/\/sandbox\/checkout\//), p.page.locator("#esim .esim-pay").click()]);
  const bookingId = p.page.url().split("/").pop();
  // Instead of paying, the traveller types the "paid" return address by hand.
  await p.page.goto(`${env.server.origin}/?itt_booking_id=${bookingId}&itt_payment=paid&status=paid`);
  // Not paid yet: checked again by itself a few times (3, 5, 8, 13 and 20 s apart)…
  const checking = p.page.locator("#esim .esim-checkout [role=status]", { hasText: "Checking your payment" });
  await checking.waitFor({ timeout: 20000 });
  await p.page.waitForTimeout(10000);
  assert.equal(await checking.count(), 1, "still checking after 10 s");
  assert.deepEqual(named(await p.events(), "itt-esim:payment-returned"), [], "nothing reported while checking");
  // …then the pending screen and its "check again".
  const pending = p.page.locator("#esim .esim-checkout [role=status] .esim-verdict__title");
  await pending.waitFor({ timeout: 90000 });
  assert.equal(await pending.textContent(), "Payment pending");
  assert.equal(await p.page.locator("#esim .esim-confirmed").count(), 0);
  const returned = named(await p.events(), "itt-esim:payment-returned");
  assert.equal(returned.length, 1, "reported once, when the checks end");
  assert.equal(returned[0].bookingId, bookingId);
  assert.equal(returned[0].status, "pending");
  assert.ok("field" in returned[0], "the deciding field (or null)");
  const again = p.page.getByRole("button", { name: "Check again" });
  assert.equal(await again.count(), 1);
  await again.click();
  // A check by hand is answered at once, with no automatic checks after it.
  await p.page.waitForFunction(() => window.__events.filter((e) => e.name === "itt-esim:payment-returned").length === 2,
    null, { timeout: 20000 });
  await pending.waitFor();
  await p.assertClean();
  await p.context.close();
});

test("twenty rapid clicks and Enter repeats create one booking", async () => {
  let creates = 0;
  const p = await open(env.browser, `${env.server.origin}/`, {
    routes: {
      "/esim/create-booking": async (route) => {
        creates += 1;
        await new Promise((r) => setTimeout(r, 300)); // a slow network
        return route.continue();
      },
    },
  });
  await toCheckout(p.page);
  await fill(p.page);
  const pay = p.page.locator("#esim .esim-pay");
  const clicks = [];
  for (let i = 0; i < 20; i++) clicks.push(pay.click({ force: true, noWaitAfter: true }).catch(() => {}));
  for (let i = 0; i < 5; i++) clicks.push(p.page.locator("#esim-email").press("Enter", { noWaitAfter: true }).catch(() => {}));
  await Promise.all(clicks);
  try {
    await p.page.waitForURL(/\/sandbox\/checkout\//, { timeout: 20000 });
  } catch (e) {
    console.log("DEBUG", creates, p.page.url(), p.problems, JSON.stringify(await p.events()));
    console.log(await p.page.locator("#esim .esim-checkout").innerHTML().catch(() => "gone"));
    throw e;
  }
  assert.equal(creates, 1, "one create-booking request");
  await p.context.close();
});

test("a refused create-booking explains itself and is retried without retyping", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, {
    // Provoked on purpose: the sandbox refuses this address's first booking.
    allow: ["status of 422", "http 422: POST"],
  });
  await toCheckout(p.page);
  await fill(p.page, { email: "refuse-once@sandbox.test" });
  await p.page.locator("#esim .esim-pay").click();
  const alert = p.page.locator("#esim .esim-checkout .esim-alert");
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.textContent(), /could not complete|trouble/);
  assert.doesNotMatch(await alert.textContent(), /[{}]|422/);
  assert.equal(await p.page.locator("#esim-name").inputValue(), "Ana López", "nothing to retype");
  await Promise.all([p.page.waitForURL(/\/sandbox\/checkout\//), p.page.locator("#esim .esim-pay").click()]);
  await p.assertClean();
  await p.context.close();
});

test("a lost create-booking answer is checked again with the same request, never booked twice", async () => {
  let creates = 0;
  const p = await open(env.browser, `${env.server.origin}/`, {
    // Provoked on purpose: the first create-booking is cut off on its way.
    allow: ["requestfailed: POST", "Failed to load resource"],
    routes: {
      "/esim/create-booking": (route) => {
        creates += 1;
        return creates === 1 ? route.abort("timedout") : route.continue();
      },
    },
  });
  await toCheckout(p.page);
  await fill(p.page);
  await p.page.locator("#esim .esim-pay").click();
  const uncertain = p.page.locator("#esim .esim-checkout [role=alert]");
  await uncertain.waitFor({ timeout: 20000 });
  assert.match(await uncertain.textContent(), /do not book again/);
  // A reload keeps it uncertain: nothing is sent by itself.
  await p.page.reload();
  await uncertain.waitFor({ timeout: 20000 });
  assert.equal(creates, 1);
  await Promise.all([
    p.page.waitForURL(/\/sandbox\/checkout\//),
    p.page.getByRole("button", { name: "Check again" }).click(),
  ]);
  assert.equal(creates, 2, "the identical request, once more");
  await p.context.close();
});

test("the hotel pays from its ITT balance: a grant from its backend, confirmed at once", async () => {
  // A hotel page whose backend (here the sandbox's stand-in) signs payment grants.
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel pays</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head><body><main><h1>Your stay</h1>
<div id="esim" data-itt-esim data-proxy-url="/" data-country="TH" data-check-in="2026-12-01" data-check-out="2026-12-08"
     data-grant-url="/sandbox/grant" data-guest-name="Ana López" data-guest-email="ana@example.com"
     data-guest-phone="+66 81 234 5678"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/hotel-pays.html`, {
    html, csp: STRICT_CSP,
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  await toCheckout(p.page);
  // Prefilled from what the hotel knows.
  assert.equal(await p.page.locator("#esim-name").inputValue(), "Ana López");
  assert.equal(await p.page.locator("#esim-phone-country").inputValue(), "TH");
  assert.equal(await p.page.locator("#esim-phone").inputValue(), "81 234 5678");
  const button = p.page.locator("#esim .esim-pay");
  assert.equal(await button.textContent(), "Confirm booking");
  await button.click();
  await p.page.locator("#esim .esim-confirmed").waitFor({ timeout: 20000 });
  assert.equal(new URL(p.page.url()).pathname, "/hotel-pays.html", "no payment page");
  const created = named(await p.events(), "itt-esim:booking-created");
  assert.equal(created.length, 1);
  assert.equal(created[0].paid, true);
  assert.equal(named(await p.events(), "itt-esim:payment-redirect").length, 0);
  // On an iPhone the one-tap link comes first, built from the activation code.
  const tap = p.page.locator("#esim .esim-install__tap");
  await tap.waitFor({ timeout: 20000 });
  assert.equal(await tap.textContent(), "Install on this iPhone");
  assert.match(await tap.getAttribute("href"), /^https:\/\/esimsetup\.apple\.com\/esim_qrcode_provisioning\?carddata=LPA%3A1%24lpa\.sandbox\.invalid%24[A-Z0-9-]+$/);
  assert.deepEqual(await axeViolations(p.page), []);
  await p.assertClean();
  await p.context.close();

  // Later, on the hotel's "my trip" page: the card on its own, from the id and token the host kept.
  const { bookingId, bookingToken } = created[0];
  assert.match(bookingToken, /^v1\./);
  const trip = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My trip</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head><body><main><h1>My trip</h1>
<div id="card" data-itt-esim data-proxy-url="/" data-booking-id="${bookingId}" data-booking-token="${bookingToken}"></div>
</main></body></html>`;
  const q = await open(env.browser, `${env.server.origin}/hotel-mytrip.html`, { html: trip, csp: STRICT_CSP });
  await q.page.locator("#card .esim-summary").waitFor({ timeout: 20000 });
  assert.match(await q.page.locator("#card .esim-summary").textContent(), new RegExp(`Booking reference${bookingId}`));
  await q.page.locator("#card svg.esim-qr path").first().waitFor();
  await q.page.locator("#card .esim-usage__status").first().waitFor({ timeout: 20000 });
  assert.equal(await q.page.locator("#card .esim-device").count(), 0, "no journey, just the card");
  assert.deepEqual(await axeViolations(q.page), [], "the card on its own");
  await q.assertClean();
  await q.context.close();
});

test("a booking in a running journey: the booking module draws its card, and a failed download can be tried again", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head><body><main><h1>Stay</h1>
<div id="esim"></div></main></body></html>`;
  let offline = true;
  const p = await open(env.browser, `${env.server.origin}/hotel-booking-module.html`, {
    html, csp: STRICT_CSP,
    allow: [/http 4\d\d/, /status of 40\d/, "itt-esim: ", "itt-esim-booking_bg.wasm", "net::ERR_INTERNET_DISCONNECTED"],
    routes: { "/widget/itt-esim-booking_bg.wasm": (route) => (offline ? route.abort("internetdisconnected") : route.continue()) },
  });
  await p.page.waitForFunction(() => window.IttEsim);
  await p.page.evaluate(() => { window.__widget = IttEsim.mount(document.getElementById("esim"), { proxyUrl: "/", country: "TH" }); });
  await planTitles(p.page, "#esim");
  // The host hands the journey a booking: its card, whose install section is the booking module's.
  await p.page.evaluate(() => window.__widget.update({ bookingId: "NO-SUCH-BOOKING" }));
  const failed = p.page.locator("#esim .esim-alert[data-error-code=network]");
  await failed.waitFor();
  assert.equal(await p.page.locator("#esim h2").textContent(), "Your eSIM plan");
  const errors = named(await p.events(), "itt-esim:error");
  assert.deepEqual(errors.map((e) => e.code), ["network"]);
  offline = false;
  await failed.locator("button").click();
  // Drawn by the booking module: ITT knows no such booking, which the section says.
  await p.page.locator("#esim section.esim-install .esim-alert").waitFor({ timeout: 20000 });
  assert.equal(await failed.count(), 0);
  assert.deepEqual(await axeViolations(p.page), []);
  // Another language: the section is drawn anew in it.
  await p.page.evaluate(() => window.__widget.update({ lang: "de" }));
  await p.page.locator("#esim section.esim-install h3").getByText("eSIM installieren", { exact: false }).waitFor();
  await p.assertClean();
  await p.context.close();
});

test("an unsafe return address is a configuration error, never a redirect", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad return</title>
<link rel="icon" href="data:,"><script async src="/widget/itt-esim.js"></script></head><body><main>
<div id="esim" data-itt-esim data-proxy-url="/" data-country="TH" data-redirect-url="https://evil.example/steal"></div></main></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/hotel-bad-return.html`, {
    html, csp: STRICT_CSP,
    allow: ["itt-esim: `data-redirect-url`"],
  });
  await planTitles(p.page, "#esim");
  await p.page.locator("#esim .esim-reco .esim-plan__actions button").first().click();
  const alert = p.page.locator("#esim .esim-checkout [data-error-code=config]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /not available on this page/);
  assert.equal(await p.page.locator("#esim form.esim-form").count(), 0, "no form to send");
  const errors = (await p.events()).filter((e) => e.name === "itt-esim:error").map((e) => e.detail);
  assert.equal(errors[0].code, "config");
  assert.match(errors[0].detail, /data-redirect-url/);
  await p.assertClean();
  await p.context.close();
});
