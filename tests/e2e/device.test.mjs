// The device check step on the demo page: "Will my phone work with an eSIM?"
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, axeViolations } from "./harness.mjs";

const env = sandboxSuite();

const ANDROID_S23 =
  "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

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
  await input.waitFor({ timeout: 20000 });
  assert.deepEqual(await axeViolations(p.page), [], "the step as it first appears");

  // Tab from the page into the widget: the search is the first stop.
  await p.page.focus("body");
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
  await input.waitFor({ timeout: 20000 });
  assert.match(await p.page.locator("#esim .esim-device__hint").textContent(), /shows an iPhone/);
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
