// The plan picker on the demo page: recommendation, filters, details, choice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles, axeViolations } from "./harness.mjs";

const env = sandboxSuite();

const wasmFiles = (page) =>
  page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name.split("/").pop()).filter((n) => n.endsWith(".wasm")));

test("a traveller filters, reads the details and picks a plan by keyboard; the choice survives a reload", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await planTitles(p.page, "#esim");
  assert.deepEqual(await axeViolations(p.page), [], "the plan list");
  assert.deepEqual(await wasmFiles(p.page), ["itt-esim-widget_bg.wasm"], "no sanitizer before supplier HTML is shown");

  // Filters by keyboard: focus the sort select and choose "Lowest price per GB".
  const sort = p.page.locator("#esim select").nth(2);
  await sort.focus();
  await sort.selectOption("price-per-gb");
  const titles = await planTitles(p.page, "#esim");
  assert.equal(titles[0], "20 GB - 30 days", "cheapest per GB first ($1.70)");
  // Minimum 10 GB and "lasts my whole stay".
  await p.page.locator("#esim select").nth(0).selectOption(String(10 * 1024));
  await p.page.getByLabel("Lasts my whole stay").check();
  const count = await p.page.locator("#esim .esim-plans__count").textContent();
  assert.match(count, /^Showing \d+ of \d+ plans$/);
  const data = await p.page.locator("#esim .esim-plans:not(.esim-plans--one) .esim-plan__data").allTextContents();
  assert.ok(data.length > 0 && data.every((d) => d === "Unlimited" || parseInt(d, 10) >= 10), data.join());
  // Unlimited only, local only: Thailand's one unlimited plan.
  await p.page.getByLabel("Unlimited data only").check();
  await p.page.locator("#esim select").nth(1).selectOption("local");
  assert.deepEqual(await planTitles(p.page, "#esim"), ["Unlimited - 10 days"]);
  await p.page.getByLabel("Unlimited data only").uncheck();
  await p.page.locator("#esim select").nth(1).selectOption("all");

  // The usage profile moves the recommendation.
  await p.page.getByLabel("Heavy: streaming, hotspot").check();
  // 7 nights of heavy use (about 10.5 GB): unlimited for 10 days is cheaper than 20 GB.
  assert.equal(await p.page.locator("#esim .esim-reco .esim-plan__title").textContent(), "Unlimited - 10 days");
  await p.page.getByLabel("Typical: social media, some video").check();

  // Details of the recommended plan: the sanitizer module loads now, once.
  await p.page.locator("#esim .esim-reco .esim-plan__actions button").nth(1).press("Enter");
  const heading = p.page.locator("#esim .esim-details__title");
  await heading.waitFor();
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.classList.contains("esim-details__title"));
  await p.page.locator("#esim .esim-supplier ol").first().waitFor({ timeout: 20000 });
  const details = await p.page.locator("#esim .esim-details").textContent();
  assert.match(details, /Countries covered\s*Thailand/);
  assert.match(details, /Validity starts\s*When you first use data/);
  const links = await p.page.locator("#esim .esim-supplier a").evaluateAll((as) => as.map((a) => [a.href, a.rel, a.target]));
  assert.ok(links.length > 0 && links.every(([href, rel]) => href.startsWith("https://") && rel.includes("noopener")), JSON.stringify(links));
  assert.deepEqual((await wasmFiles(p.page)).sort(), ["itt-esim-sanitizer_bg.wasm", "itt-esim-widget_bg.wasm"]);
  assert.deepEqual(await axeViolations(p.page), [], "the details");

  // Choose it (keyboard), and the host hears about it.
  await p.page.getByRole("button", { name: "Choose this plan" }).press("Enter");
  await p.page.locator("#esim .esim-checkout").waitFor();
  assert.match(await p.page.locator("#esim .esim-checkout h3").textContent(), /Your details · 5 GB - 30 days/);
  assert.match(await p.page.locator("#esim .esim-form__total").textContent(), /\$13\.00/);
  const selected = (await p.events()).filter((e) => e.name === "itt-esim:plan-selected");
  assert.equal(selected.length, 1);
  assert.deepEqual(
    { ...selected[0].detail, packageId: selected[0].detail.packageId.split("||")[1] },
    { country: "TH", packageId: "thailand", title: "5 GB - 30 days", price: "13.00", currency: "USD", dataMb: 5120, unlimited: false, validityDays: 30 },
  );
  assert.deepEqual(await axeViolations(p.page), [], "the checkout form");

  // A reload resumes on the chosen plan; changing it returns to the list with the same filters.
  await p.page.reload();
  await p.page.locator("#esim .esim-checkout").waitFor({ timeout: 20000 });
  await p.page.getByRole("button", { name: "Change plan" }).click();
  await planTitles(p.page, "#esim");
  assert.equal(await p.page.locator("#esim select").nth(2).inputValue(), "price-per-gb");
  await p.assertClean();
  await p.context.close();
});

test("the traveller can switch destination with a country search in the page's language", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await planTitles(p.page, "#esim");
  await p.page.getByRole("button", { name: "Change destination" }).click();
  const input = p.page.locator("#esim .esim-country input[role=combobox]");
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.getAttribute("role") === "combobox");
  await p.page.keyboard.type("jap");
  await p.page.locator("#esim .esim-country [role=option]").first().waitFor();
  assert.equal(await p.page.locator("#esim .esim-country [role=option]").first().textContent(), "Japan");
  assert.deepEqual(await axeViolations(p.page), [], "the country search");
  await p.page.keyboard.press("ArrowDown");
  await p.page.keyboard.press("Enter");
  await p.page.waitForFunction(() => /Data plans for Japan/.test(document.querySelector("#esim").shadowRoot.querySelector(".esim__trip").textContent));
  await planTitles(p.page, "#esim");
  const loaded = (await p.events()).filter((e) => e.name === "itt-esim:plans-loaded").map((e) => e.detail.country);
  assert.deepEqual(loaded, ["TH", "JP"]);
  assert.equal(await input.count(), 0, "the search closes");
  await p.assertClean();
  await p.context.close();
});
