// Checkout hand-off on the demo page: details, booking, the sandbox's hosted
// payment page, and the return, for pay, cancel and failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles, axeViolations } from "./harness.mjs";

const env = sandboxSuite();

/** Picks the recommended plan on the demo page and waits for the form. */
async function toCheckout(page) {
  await planTitles(page, "#esim");
  await page.locator("#esim .esim-reco .esim-plan__actions button").first().click();
  await page.locator("#esim form.esim-form").waitFor();
}

async function fill(page, { name = "Ana López", email = "ana@example.com", country = "TH", phone = "081 234 5678", quantity = "1" } = {}) {
  await page.locator("#esim-name").fill(name);
  await page.locator("#esim-email").fill(email);
  await page.locator("#esim-phone-country").selectOption(country);
  await page.locator("#esim-phone").fill(phone);
  await page.locator("#esim-quantity").fill(quantity);
}

const named = (events, name) => events.filter((e) => e.name === name).map((e) => e.detail);

test("pay on the hosted page and come back to a confirmed booking", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await toCheckout(p.page);
  assert.deepEqual(await axeViolations(p.page), [], "the empty form");

  // Nothing is sent until the form is valid; each field says what is wrong.
  await p.page.locator("#esim .esim-pay").click();
  await p.page.locator("#esim .esim-form__summary").waitFor();
  assert.equal(await p.page.locator("#esim [aria-invalid=true]").count(), 3);
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
  assert.deepEqual(returned, [{ bookingId, status: "paid" }]);
  assert.deepEqual(await axeViolations(p.page), [], "the confirmation");
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
  assert.equal(named(await p.events(), "itt-esim:payment-returned")[0].status, "cancelled");
  assert.equal(await p.page.locator("#esim .esim-pay").isEnabled(), true, "can try again");
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
