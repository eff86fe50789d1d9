// The device check on the demo page: "Will my phone work with an eSIM?", offered
// on the plans and asked before checkout when the session has not answered it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, axeViolations, planTitles } from "./harness.mjs";

const env = sandboxSuite();

const ANDROID_S23 =
  "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Waits for the plans with no verdict yet, then opens the device check from their header. */
async function openCheckFromPlans(page) {
  await planTitles(page, "#esim");
  const offer = page.locator("#esim .esim-device-summary[data-verdict=none]");
  assert.match(await offer.textContent(), /Will your phone work with an eSIM\?/);
  await offer.getByRole("button", { name: "Check my phone" }).click();
  await page.locator("#esim .esim-device").waitFor();
}

/** Waits until the device check's heading has focus. */
function deviceHeadingFocused(page) {
  return page.waitForFunction(() => {
    const a = document.querySelector("#esim").shadowRoot.activeElement;
    return a?.tagName === "H2" && !!a.closest(".esim-device");
  });
}

/** The active element inside the widget's shadow root, described. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.querySelector("#esim").shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.className ? "." + el.className.split(" ")[0] : ""} ${el.textContent.trim().slice(0, 40)}` : "none";
  });
}

test("a traveller finds their phone by keyboard, gets a verdict, and goes on to plans", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false });
  const input = p.page.locator("#esim input[role=combobox]");
  // The plans come first; the check is offered in their header.
  await openCheckFromPlans(p.page);
  await input.waitFor({ timeout: 20000 });
  await deviceHeadingFocused(p.page);
  assert.equal(await p.page.locator("#esim .esim-plan__title").first().isVisible(), false, "the plans wait behind the check");
  assert.deepEqual(await axeViolations(p.page), [], "the step as it first appears");

  // Tab from the step's heading: the search is the first stop.
  await p.page.keyboard.press("Tab");
  for (let i = 0; i < 10 && !(await input.evaluate((el) => el.matches(":focus"))); i++) {
    await p.page.keyboard.press("Tab");
  }
  assert.equal(await input.evaluate((el) => el.matches(":focus")), true, "reachable by Tab");

  await p.page.keyboard.type("s23 ultra");
  await p.page.locator("#esim [role=option]").first().waitFor();
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  const options = await p.page.locator("#esim [role=option]").allTextContents();
  assert.equal(options[0], "Galaxy S23 Ultra");
  assert.deepEqual(await axeViolations(p.page), [], "with the listbox open");

  await p.page.keyboard.press("ArrowDown");
  const activeId = await input.getAttribute("aria-activedescendant");
  assert.equal(await p.page.locator(`#esim [id="${activeId}"]`).textContent(), "Galaxy S23 Ultra");
  await p.page.keyboard.press("Enter");
  const verdict = p.page.locator("#esim [data-verdict=compatible]");
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /Samsung Galaxy S23 Ultra supports eSIM/);
  assert.deepEqual(await axeViolations(p.page), [], "with the verdict");

  // On to the plans: the Continue button is the next Tab stop; focus follows the step.
  await p.page.keyboard.press("Tab");
  assert.match(await focused(p.page), /Continue to data plans/);
  await p.page.keyboard.press("Enter");
  await p.page.locator("#esim .esim-plan__title").first().waitFor({ timeout: 20000 });
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.tagName === "H2");
  assert.match(await focused(p.page), /Stay connected/);
  const summary = await p.page.locator("#esim .esim-device-summary").textContent();
  assert.match(summary, /Galaxy S23 Ultra supports eSIM/);

  const checked = (await p.events()).filter((e) => e.name === "itt-esim:device-checked");
  assert.deepEqual(checked.map((e) => e.detail), [
    { verdict: "compatible", brand: "Samsung", name: "Galaxy S23 Ultra", reported: null, detected: false },
  ]);

  // The answer is remembered for the session: a reload opens on the plans.
  await p.page.reload();
  await p.page.locator("#esim .esim-plan__title").first().waitFor({ timeout: 20000 });
  assert.equal(await p.page.locator("#esim .esim-device").count(), 0);
  assert.match(await p.page.locator("#esim .esim-device-summary").textContent(), /Galaxy S23 Ultra/);
  // …and the check can be repeated.
  await p.page.locator("#esim .esim-device-summary button").click();
  await input.waitFor();
  assert.equal(await p.page.locator("#esim .esim-plan__title").first().isVisible(), false);
  await p.assertClean();
  await p.context.close();
});

test("an Android phone is recognised from its user agent and pre-selected", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, {
    deviceChecked: false,
    userAgent: ANDROID_S23,
    viewport: { width: 390, height: 800 },
  });
  await openCheckFromPlans(p.page);
  const verdict = p.page.locator("#esim [data-verdict=compatible]");
  await verdict.waitFor({ timeout: 20000 });
  assert.match(await verdict.textContent(), /Samsung Galaxy S23 supports eSIM/);
  assert.match(await verdict.textContent(), /recognised your phone from your browser/);
  assert.equal(await p.page.locator("#esim input[role=combobox]").inputValue(), "Galaxy S23");
  const checked = (await p.events()).filter((e) => e.name === "itt-esim:device-checked");
  assert.deepEqual(checked.map((e) => e.detail), [
    { verdict: "compatible", brand: "Samsung", name: "Galaxy S23", reported: null, detected: true },
  ]);
  assert.deepEqual(await axeViolations(p.page), []);
  await p.assertClean();
  await p.context.close();
});

test("an iPhone is offered its family; a phone that is not listed gets what to check", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false, userAgent: IPHONE });
  const input = p.page.locator("#esim input[role=combobox]");
  await openCheckFromPlans(p.page);
  await input.waitFor({ timeout: 20000 });
  // The guess comes with the list of phones, which may still be on its way when the field shows.
  await p.page.locator("#esim .esim-device__hint").filter({ hasText: /shows an iPhone/ }).waitFor();
  await input.focus();
  await p.page.locator("#esim [role=option]").first().waitFor();
  const offered = await p.page.locator("#esim [role=option]").allTextContents();
  assert.ok(offered.length >= 3 && offered.every((o) => o.startsWith("iPhone")), offered.join(", "));
  assert.equal(await p.page.locator("#esim [role=listbox] [role=group]").count(), 1, "one brand group");

  await p.page.keyboard.type("iphone 8");
  await p.page.locator("#esim .esim-device__nomatch").waitFor();
  await p.page.getByRole("button", { name: "My phone isn't listed" }).click();
  const verdict = p.page.locator("#esim [data-verdict=not_listed]");
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /\*#06#/);
  assert.match(await verdict.textContent(), /Settings > Mobile Service/);
  assert.deepEqual(await axeViolations(p.page), []);
  const checked = (await p.events()).filter((e) => e.name === "itt-esim:device-checked");
  assert.equal(checked.at(-1).detail.verdict, "not_listed");

  // Skipping is always possible and lands on the plans.
  await p.page.reload();
  await p.page.locator("#esim .esim-plan__title").first().waitFor({ timeout: 20000 });
  await p.page.locator("#esim .esim-device-summary button").click();
  await p.page.getByRole("button", { name: "Skip this check" }).click();
  await p.page.locator("#esim .esim-plan__title").first().waitFor();
  assert.match(await p.page.locator("#esim .esim-device-summary").textContent(), /Phone not checked/);
  await p.assertClean();
  await p.context.close();
});

const named = (events, name) => events.filter((e) => e.name === name).map((e) => e.detail);
const chooseRecommended = (page) => page.locator("#esim .esim-reco .esim-plan__actions button").first().click();
const checkoutHeadingFocused = (page) => page.waitForFunction(() => {
  const a = document.querySelector("#esim").shadowRoot.activeElement;
  return a?.tagName === "H3" && !!a.closest(".esim-checkout");
});

test("with no verdict, choosing a plan asks the device check before checkout; a skip counts as the answer", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false });
  await planTitles(p.page, "#esim");
  assert.equal(await p.page.locator("#esim .esim-device").count(), 0, "no device check before the prices");
  const offer = p.page.locator("#esim .esim-device-summary[data-verdict=none]");
  assert.match(await offer.textContent(), /Will your phone work with an eSIM\?/);
  assert.equal(await offer.getByRole("button", { name: "Check my phone" }).count(), 1);
  assert.deepEqual(await axeViolations(p.page), [], "the plans with the check offered");

  // Choosing a plan: the plan is selected (event), then the check is asked, its heading focused.
  await chooseRecommended(p.page);
  await p.page.locator("#esim .esim-device").waitFor();
  await deviceHeadingFocused(p.page);
  assert.equal(named(await p.events(), "itt-esim:plan-selected").length, 1);
  assert.equal(await p.page.locator("#esim form.esim-form").count(), 0, "no checkout before the check");
  assert.equal(await p.page.locator("#esim .esim-plan__title").first().isVisible(), false);
  assert.deepEqual(await axeViolations(p.page), [], "the check asked before checkout");

  // Skipping goes on to the chosen plan's checkout, its heading focused.
  await p.page.getByRole("button", { name: "Skip this check" }).click();
  await p.page.locator("#esim form.esim-form").waitFor();
  await checkoutHeadingFocused(p.page);
  assert.equal(await p.page.locator("#esim .esim-device").count(), 0);
  assert.deepEqual(named(await p.events(), "itt-esim:device-checked").map((d) => d.verdict), ["unknown"]);

  // The skip is an answer: back on the plans it shows, and choosing again goes straight to checkout.
  await p.page.getByRole("button", { name: "Change plan" }).click();
  await planTitles(p.page, "#esim");
  assert.match(await p.page.locator("#esim .esim-device-summary").textContent(), /Phone not checked/);
  await chooseRecommended(p.page);
  await p.page.locator("#esim form.esim-form").waitFor();
  assert.equal(await p.page.locator("#esim .esim-device").count(), 0, "not asked again");
  assert.equal(named(await p.events(), "itt-esim:device-checked").length, 1);
  assert.equal(named(await p.events(), "itt-esim:plan-selected").length, 2);
  await p.assertClean();
  await p.context.close();
});

test("the check asked before checkout finds the phone and continues to checkout; a reload resumes it", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false });
  await planTitles(p.page, "#esim");
  await chooseRecommended(p.page);
  const input = p.page.locator("#esim input[role=combobox]");
  await input.waitFor();
  // Still unanswered after a reload: asked again, for the same plan.
  await p.page.reload();
  await input.waitFor({ timeout: 20000 });
  assert.equal(await p.page.locator("#esim form.esim-form").count(), 0);

  await input.fill("s23 ultra");
  await p.page.locator("#esim [role=option]").first().click();
  await p.page.locator("#esim [data-verdict=compatible]").waitFor();
  assert.equal(await p.page.getByRole("button", { name: "Continue to data plans" }).count(), 0);
  await p.page.getByRole("button", { name: "Continue to checkout" }).click();
  await p.page.locator("#esim form.esim-form").waitFor();
  await checkoutHeadingFocused(p.page);
  assert.deepEqual(named(await p.events(), "itt-esim:device-checked"), [
    { verdict: "compatible", brand: "Samsung", name: "Galaxy S23 Ultra", reported: null, detected: false },
  ]);
  await p.assertClean();
  await p.context.close();
});

test("a verdict given from the plans' header: choosing a plan goes straight to checkout; another phone can be checked", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false });
  await openCheckFromPlans(p.page);
  await deviceHeadingFocused(p.page);
  await p.page.locator("#esim input[role=combobox]").fill("pixel 8");
  await p.page.locator("#esim [role=option]").first().click();
  await p.page.locator("#esim [data-verdict=compatible]").waitFor();
  assert.equal(await p.page.getByRole("button", { name: "Continue to checkout" }).count(), 0);
  await p.page.getByRole("button", { name: "Continue to data plans" }).click();
  await planTitles(p.page, "#esim");
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.tagName === "H2");
  assert.match(await focused(p.page), /Stay connected/);
  const summary = p.page.locator("#esim .esim-device-summary");
  assert.match(await summary.textContent(), /Pixel 8.* supports eSIM/);
  assert.equal(await summary.getAttribute("data-verdict"), "compatible");
  assert.deepEqual(named(await p.events(), "itt-esim:device-checked").map((d) => d.verdict), ["compatible"]);

  // "Check another phone" reopens the check, which leads back to the plans.
  await summary.getByRole("button", { name: "Check another phone" }).click();
  await deviceHeadingFocused(p.page);
  await p.page.getByRole("button", { name: "My phone isn't listed" }).click();
  await p.page.locator("#esim [data-verdict=not_listed]").waitFor();
  await p.page.getByRole("button", { name: "Continue to data plans" }).click();
  await planTitles(p.page, "#esim");
  assert.match(await summary.textContent(), /Phone not in the eSIM list/);
  assert.deepEqual(named(await p.events(), "itt-esim:device-checked").map((d) => d.verdict), ["compatible", "not_listed"]);

  // With a verdict, choosing goes straight to checkout.
  await chooseRecommended(p.page);
  await p.page.locator("#esim form.esim-form").waitFor();
  assert.equal(await p.page.locator("#esim .esim-device").count(), 0);
  assert.equal(named(await p.events(), "itt-esim:plan-selected").length, 1);
  assert.deepEqual(await axeViolations(p.page), []);
  await p.assertClean();
  await p.context.close();
});
