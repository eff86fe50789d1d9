// Fit for any hotel's page: languages (right to left included), the whole
// journey by keyboard alone, touch targets, narrow and zoomed layouts, reduced
// motion and the dark scheme, each checked with axe-core where a step appears.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles, axeViolations, STRICT_CSP, toCheckout, fill } from "./harness.mjs";
import { topUpAnswer, finishTopUp } from "./topups.mjs";

const env = sandboxSuite();

/** A hotel page with one widget; `attrs` are extra attributes of its element. */
const page = ({ htmlLang = "en", attrs = "" } = {}) => `<!doctype html>
<html${htmlLang ? ` lang="${htmlLang}"` : ""}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hotel</title><script async src="/widget/itt-esim.js"></script></head>
<body><main><h1>Your stay</h1><div id="esim" data-itt-esim data-proxy-url="/" data-country="TH"
data-check-in="2026-12-01" data-check-out="2026-12-08" ${attrs}></div></main></body></html>`;

/** The focused element, through shadow roots, and whether its focus is visible. */
const focused = (p) => p.evaluate(() => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  const cs = getComputedStyle(el);
  return {
    tag: el.tagName,
    id: el.id,
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 80),
    visible: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none",
  };
});

/** Presses Tab until the focused element matches `re` (text, id or tag); asserts its focus is visible. */
async function tabTo(p, re, { max = 40, key = "Tab" } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await p.keyboard.press(key);
    const f = await focused(p);
    seen.push(f.text || f.id || f.tag);
    if (re.test(f.text) || re.test(f.id) || re.test(f.tag)) {
      assert.ok(f.visible, `focus on ${f.text || f.id} is visible`);
      return f;
    }
  }
  assert.fail(`${re} not reached by ${key}; stops were: ${seen.join(" | ")}`);
}

test("the whole journey by keyboard alone: plans, device check, plan, checkout, payment, return, usage, top-up", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { deviceChecked: false });
  const { page: pg } = p;
  await planTitles(pg, "#esim");
  await pg.focus("body");

  // The plans come first; the device check is offered in their header and takes focus when opened.
  await tabTo(pg, /^Check my phone$/);
  await pg.keyboard.press("Enter");
  await pg.locator("#esim input[role=combobox]").waitFor({ timeout: 20000 });
  await pg.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.closest(".esim-device h2"));

  // Device check.
  await tabTo(pg, /^INPUT$/);
  await pg.keyboard.type("pixel 8");
  await pg.locator("#esim [role=option]").first().waitFor();
  // The result count is announced by a live region as the traveller types.
  assert.match(await pg.locator("#esim .esim-device__field [role=status]").textContent(), /\d+ phones? found/);
  await pg.keyboard.press("ArrowDown");
  await pg.keyboard.press("Enter");
  await pg.locator("#esim [data-verdict=compatible]").waitFor();
  await tabTo(pg, /Continue to data plans/);
  await pg.keyboard.press("Enter");

  // Plans: focus moves to the step's heading, the recommendation is a few stops away.
  await pg.locator("#esim .esim-plan__title").first().waitFor({ timeout: 20000 });
  await pg.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.tagName === "H2");
  await tabTo(pg, /^Choose this plan/);
  await pg.keyboard.press("Enter");

  // Checkout form: typed, the country code picked by typing on the select.
  await pg.locator("#esim form.esim-form").waitFor();
  await tabTo(pg, /^esim-name$/);
  await pg.keyboard.type("Ana López");
  await tabTo(pg, /^esim-email$/);
  await pg.keyboard.type("ana@example.com");
  await tabTo(pg, /^esim-phone-country$/);
  await pg.keyboard.type("Thailand");
  assert.equal(await pg.locator("#esim-phone-country").inputValue(), "TH");
  await tabTo(pg, /^esim-phone$/);
  await pg.keyboard.type("081 234 5678");
  await tabTo(pg, /^Continue to secure payment/);
  await Promise.all([pg.waitForURL(/\/sandbox\/checkout\//), pg.keyboard.press("Enter")]);

  // The hosted payment page, by keyboard too.
  await tabTo(pg, /^Pay /);
  await Promise.all([pg.waitForURL((u) => u.pathname === "/"), pg.keyboard.press("Enter")]);

  // Back: the confirmation takes focus so a screen reader hears it.
  const confirmed = pg.locator("#esim .esim-confirmed");
  await confirmed.waitFor({ timeout: 20000 });
  await pg.waitForFunction(() => {
    const a = document.querySelector("#esim").shadowRoot.activeElement;
    return a && a.closest(".esim-confirmed");
  }, null, { timeout: 20000 });
  assert.deepEqual(await axeViolations(pg), [], "the confirmation");

  // Usage: refreshed by keyboard; then a top-up through the payment page.
  const first = pg.locator("#esim .esim-install__one").first();
  await first.locator(".esim-usage__status").waitFor({ timeout: 20000 });
  await tabTo(pg, /^Refresh/, { max: 60 });
  await pg.keyboard.press("Enter");
  // A refresh the traveller asked for is announced briefly (not the whole panel).
  const said = first.locator(".esim-usage [role=status]");
  await pg.waitForFunction((el) => /^Updated .+ · Not active yet/.test(el.textContent), await said.elementHandle(), { timeout: 20000 });
  assert.equal(await first.locator(".esim-usage [aria-live], .esim-usage [role=status]").count(), 1, "one live region, the summary");
  // The top-up offers are part of the card (the warning's "See top-ups" only jumps there).
  await first.locator(".esim-topup").first().waitFor({ timeout: 20000 });
  assert.deepEqual(await axeViolations(pg), [], "the top-up offers");
  // Choosing a top-up opens its contact form (prefilled from the booking) and
  // takes focus to its heading; the e-mail and the phone follow, then Buy.
  await tabTo(pg, /^Choose: /);
  await pg.keyboard.press("Enter");
  await first.locator(".esim-topup-form").waitFor();
  await pg.waitForFunction(() => document.querySelector("#esim").shadowRoot.activeElement?.id === "esim-topups-0-topup-form-title");
  assert.deepEqual(await axeViolations(pg), [], "the top-up form");
  await tabTo(pg, /^esim-topups-0-topup-email$/, { max: 3 });
  await tabTo(pg, /^esim-topups-0-topup-phone-country$/, { max: 3 });
  await tabTo(pg, /^esim-topups-0-topup-phone$/, { max: 3 });
  await tabTo(pg, /^Buy$/, { max: 3 });
  await pg.keyboard.press("Enter");
  const shape = await topUpAnswer(pg, first);
  await finishTopUp(pg, first, shape, async () => {
    await tabTo(pg, /^Pay /);
    await pg.keyboard.press("Enter");
  });
  await pg.locator("#esim .esim-install__one").first().locator(".esim-history__item").first().waitFor({ timeout: 20000 });
  assert.deepEqual(await axeViolations(pg), [], "the top-up history");
  await p.assertClean();
  await p.context.close();
});

const LOCALES = {
  en: { heading: "Will your phone work with an eSIM?", dir: "ltr" },
  es: { heading: "¿Funcionará su teléfono con una eSIM?", dir: "ltr" },
  fr: { heading: "Votre téléphone est-il compatible eSIM\u202f?", dir: "ltr" },
  de: { heading: "Funktioniert Ihr Handy mit einer eSIM?", dir: "ltr" },
  ar: { heading: "هل يعمل هاتفك مع شريحة eSIM؟", dir: "rtl" },
};

test("five languages, Arabic mirrored right to left; every step passes axe in each, light and dark", async () => {
  for (const [lang, want] of Object.entries(LOCALES)) {
    for (const theme of ["light", "dark"]) {
      const p = await open(env.browser, `${env.server.origin}/hotel-${lang}-${theme}.html`, {
        html: page({ attrs: `data-lang="${lang}" data-theme="${theme}"` }), csp: STRICT_CSP, deviceChecked: false,
      });
      const root = p.page.locator("#esim section.esim");
      // The plans come first; the device check is opened from their header.
      await planTitles(p.page, "#esim");
      assert.deepEqual(await axeViolations(p.page), [], `${lang} ${theme}: plans with the device check offered`);
      await p.page.locator("#esim .esim-device-summary[data-verdict=none] button").click();
      const heading = p.page.locator("#esim .esim-device h2, #esim .esim-device h3").first();
      await heading.waitFor({ timeout: 20000 });
      assert.equal((await heading.textContent()).trim(), want.heading, `${lang} heading`);
      assert.equal(await root.getAttribute("lang"), lang);
      assert.equal(await root.getAttribute("dir"), want.dir);
      // Mirrored: the heading's text starts at the right edge in Arabic, the left elsewhere.
      const box = await root.boundingBox();
      const h = await heading.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const r = range.getBoundingClientRect();
        return { x: r.x, width: r.width };
      });
      const fromLeft = h.x - box.x;
      const fromRight = box.x + box.width - (h.x + h.width);
      if (want.dir === "rtl") assert.ok(fromRight < fromLeft, `${lang}: heading hugs the right (${fromRight} < ${fromLeft})`);
      else assert.ok(fromLeft < fromRight, `${lang}: heading hugs the left`);
      assert.deepEqual(await axeViolations(p.page), [], `${lang} ${theme}: device step`);

      // Plans and their prices, formatted by Intl for the language.
      await p.page.locator("#esim .esim-device__actions button").last().click(); // skip the check
      await planTitles(p.page, "#esim");
      const price = await p.page.locator("#esim .esim-plans:not(.esim-plans--one) .esim-plan__price").first().textContent();
      if (lang === "en") assert.match(price, /\$\d+\.\d\d/);
      if (lang === "de" || lang === "es" || lang === "fr") assert.match(price, /\d+,\d\d/, `${lang} decimal comma: ${price}`);
      if (lang === "ar") assert.match(price, /\d+\.\d\d/, `ar Latin digits: ${price}`);
      assert.deepEqual(await axeViolations(p.page), [], `${lang} ${theme}: plans`);
      if (theme === "dark") {
        const bg = await root.evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.equal(bg, "rgb(19, 22, 28)", "dark background");
      }
      await p.assertClean();
      await p.context.close();
    }
  }
});

test("data-theme=auto follows the traveller's colour scheme; without it the widget stays light", async () => {
  for (const [attrs, colorScheme, dark] of [
    ['data-theme="auto"', "dark", true],
    ['data-theme="auto"', "light", false],
    ["", "dark", false],
  ]) {
    const p = await open(env.browser, `${env.server.origin}/hotel-scheme.html`, {
      html: page({ attrs }), csp: STRICT_CSP, contextOptions: { colorScheme },
    });
    await planTitles(p.page, "#esim");
    const bg = await p.page.locator("#esim section.esim").evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bg, dark ? "rgb(19, 22, 28)" : "rgba(0, 0, 0, 0)", `${attrs || "no attribute"} with ${colorScheme}`);
    if (dark) assert.deepEqual(await axeViolations(p.page), [], "auto, dark");
    await p.context.close();
  }
});

test("the language follows the page, then the browser, and changes after mount without losing the form", async () => {
  // No lang option, no <html lang>: the browser's Spanish.
  let p = await open(env.browser, `${env.server.origin}/hotel-nolang.html`, {
    html: page({ htmlLang: "" }), csp: STRICT_CSP, contextOptions: { locale: "es-ES" },
  });
  await planTitles(p.page, "#esim");
  assert.equal(await p.page.locator("#esim section.esim").getAttribute("lang"), "es");
  await p.context.close();

  // A Japanese page (no catalog) read by a French browser: French.
  p = await open(env.browser, `${env.server.origin}/hotel-ja.html`, {
    html: page({ htmlLang: "ja" }), csp: STRICT_CSP, contextOptions: { locale: "fr-FR" },
  });
  await planTitles(p.page, "#esim");
  assert.equal(await p.page.locator("#esim section.esim").getAttribute("lang"), "fr");
  await p.context.close();

  // The demo (English), half-way through checkout, switched to Arabic and back to German.
  p = await open(env.browser, `${env.server.origin}/`);
  await toCheckout(p.page);
  await p.page.locator("#esim-name").fill("Ana López");
  await p.page.locator("#esim-email").fill("ana@example.com");
  await p.page.evaluate(() => IttEsim.get(document.getElementById("esim")).update({ lang: "ar" }));
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.querySelector("section.esim")?.getAttribute("dir") === "rtl");
  await p.page.locator("#esim form.esim-form").waitFor();
  assert.equal(await p.page.locator("#esim-name").inputValue(), "Ana López", "the typed name survives");
  assert.equal(await p.page.locator("#esim-email").inputValue(), "ana@example.com");
  assert.match(await p.page.locator("#esim .esim-pay").textContent(), /[\u0600-\u06FF]/, "Arabic label");
  await p.page.evaluate(() => IttEsim.get(document.getElementById("esim")).update({ lang: "de" }));
  await p.page.waitForFunction(() => document.querySelector("#esim").shadowRoot.querySelector("section.esim")?.getAttribute("lang") === "de");
  assert.equal(await p.page.locator("#esim-name").inputValue(), "Ana López");
  assert.match(await p.page.locator("#esim .esim-form__total").textContent(), /\d,\d\d/, "German price");
  assert.deepEqual(await axeViolations(p.page), [], "the form after the switch");
  await p.assertClean();
  await p.context.close();
});

/** Layout problems of the widget at this moment: sideways overflow and small targets. */
const layoutProblems = (p) => p.evaluate(() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${innerWidth}`);
  const host = document.querySelector("#esim");
  const edge = host.getBoundingClientRect();
  const all = host.shadowRoot.querySelectorAll("*");
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    if (el.closest(".esim-visually-hidden")) continue;
    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
    if (r.right > edge.right + 1 || r.left < edge.left - 1) problems.push(`${name} sticks out (${Math.round(r.left)}..${Math.round(r.right)})`);
    const interactive = el.matches("button, input:not([type=hidden]), select, textarea, summary, a[href], [role=option], [tabindex]:not([tabindex='-1'])");
    // WCAG 2.5.8: a link inside a sentence is exempt (its size is the text's).
    const inline = el.matches("a") && getComputedStyle(el).display === "inline" && el.parentElement.textContent.trim() !== el.textContent.trim();
    if (interactive && !inline && (r.width < 24 || r.height < 24)) problems.push(`${name} "${el.textContent.trim().slice(0, 30)}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return problems;
});

for (const [label, width] of [["320 px wide", 320], ["200% zoom (640 CSS px of a 1280 px window)", 640]]) {
  test(`${label}: nothing scrolls sideways or sticks out, every target is at least 24x24, at every step`, async () => {
    const p = await open(env.browser, `${env.server.origin}/`, {
      deviceChecked: false, viewport: { width, height: 700 }, contextOptions: { deviceScaleFactor: width === 640 ? 2 : 1 },
    });
    const { page: pg } = p;
    const check = async (step) => assert.deepEqual(await layoutProblems(pg), [], step);
    await planTitles(pg, "#esim");
    await check("plans with the device check offered");
    await pg.locator("#esim .esim-device-summary[data-verdict=none] button").click();
    await pg.locator("#esim input[role=combobox]").waitFor({ timeout: 20000 });
    await check("device step");
    await pg.locator("#esim input[role=combobox]").fill("iphone 15 pro max");
    await pg.locator("#esim [role=option]").first().waitFor();
    await check("device search results");
    await pg.locator("#esim [role=option]").first().click();
    await pg.locator("#esim [data-verdict=compatible]").waitFor();
    await check("verdict");
    await pg.locator("#esim .esim-device__actions .esim-button").first().click();
    await planTitles(pg, "#esim");
    await check("plans");
    await pg.locator("#esim .esim-plans:not(.esim-plans--one) .esim-plan").first().getByRole("button", { name: "Details" }).click();
    await pg.locator("#esim .esim-details").waitFor({ timeout: 20000 });
    await check("plan details");
    await pg.locator("#esim .esim-details .esim-device__actions .esim-button").first().click();
    await pg.locator("#esim form.esim-form").waitFor();
    await pg.locator("#esim .esim-pay").click();
    await pg.locator("#esim .esim-form__summary").waitFor();
    await check("checkout form with errors");
    await fill(pg);
    await Promise.all([pg.waitForURL(/\/sandbox\/checkout\//), pg.locator("#esim .esim-pay").click()]);
    await Promise.all([pg.waitForURL((u) => u.pathname === "/"), pg.click("button.pay")]);
    const first = pg.locator("#esim .esim-install__one").first();
    await first.locator(".esim-usage__status").waitFor({ timeout: 20000 });
    await check("eSIM card with install and usage");
    await first.locator(".esim-topup").first().waitFor({ timeout: 20000 });
    await check("top-ups");
    await first.locator(".esim-topup__choose").first().click();
    await first.locator(".esim-topup-form").waitFor();
    await check("top-up form");
    await p.assertClean();
    await p.context.close();
  });
}

test("reduced motion: the loading placeholders stop pulsing", async () => {
  for (const reducedMotion of ["no-preference", "reduce"]) {
    let release;
    const held = new Promise((r) => (release = r));
    const p = await open(env.browser, `${env.server.origin}/`, {
      contextOptions: { reducedMotion },
      // Plans are held back so the loading view stays on screen while it is measured.
      routes: { "/esim/search": async (route) => { await held; await route.continue(); } },
    });
    const card = p.page.locator("#esim .esim-skeleton__card").first();
    await card.waitFor({ timeout: 20000 });
    const animation = await card.evaluate((el) => getComputedStyle(el).animationName);
    assert.equal(animation, reducedMotion === "reduce" ? "none" : "esim-pulse", reducedMotion);
    release();
    await planTitles(p.page, "#esim");
    await p.context.close();
  }
});

test("the themes demo: two widgets side by side, each switching language in place, no axe violations", async () => {
  const p = await open(env.browser, `${env.server.origin}/demo/themes.html`);
  await planTitles(p.page, "#esim-light");
  await planTitles(p.page, "#esim-dark");
  const root = (id) => p.page.locator(`#${id} section.esim`);
  assert.equal(await root("esim-dark").getAttribute("dir"), "rtl");
  assert.notEqual(
    await root("esim-light").evaluate((el) => getComputedStyle(el).backgroundColor),
    await root("esim-dark").evaluate((el) => getComputedStyle(el).backgroundColor),
    "two themes");
  assert.deepEqual(await axeViolations(p.page), [], "both themes");
  await p.page.selectOption("select[data-for=esim-dark]", "fr");
  await p.page.waitForFunction(() => document.querySelector("#esim-dark").shadowRoot.querySelector("section.esim")?.getAttribute("lang") === "fr");
  assert.equal(await root("esim-dark").getAttribute("dir"), "ltr");
  assert.equal(await root("esim-light").getAttribute("lang"), "en", "the other widget is untouched");
  await p.assertClean();
  await p.context.close();
});

test("the reserved space is given back however the first build ends: unmounted early, or options changed meanwhile", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hotel</title>
<script async src="/widget/itt-esim.js"></script></head><body><div id="a"></div><div id="b"></div></body></html>`;
  const p = await open(env.browser, `${env.server.origin}/hotel-early.html`, { html, csp: STRICT_CSP, allow: ["itt-esim: "] });
  await p.page.waitForFunction(() => window.IttEsim);
  const result = await p.page.evaluate(async () => {
    const a = document.getElementById("a");
    const b = document.getElementById("b");
    const early = IttEsim.mount(a, { proxyUrl: "/", country: "TH" });
    early.unmount(); // before the bundle even arrived
    // `ready` goes out once however the first build ends: heard from the start.
    const readyEvents = [];
    b.addEventListener("itt-esim:ready", () => readyEvents.push(1));
    // The update lands while the first step is still being built: the shell is
    // in the shadow root (a mutation, heard in a microtask of the mounting task),
    // and the journey builds its first step over the tasks that follow.
    let updatedWhile;
    const updated = new Promise((resolve) => { updatedWhile = resolve; });
    const attach = b.attachShadow.bind(b);
    b.attachShadow = (init) => {
      const root = attach(init);
      new MutationObserver((_, observer) => {
        observer.disconnect();
        const building = !root.querySelector("[data-error-code], h2");
        late.update({ country: "Thailand" }); // unusable: the error replaces the journey being built
        updatedWhile(building);
      }).observe(root, { childList: true, subtree: true });
      return root;
    };
    const late = IttEsim.mount(b, { proxyUrl: "/", country: "TH" });
    const building = await updated;
    await new Promise((r) => setTimeout(r, 500));
    return { a: a.style.minHeight, b: b.style.minHeight, mounted: b.hasAttribute("data-itt-esim-mounted"), ready: readyEvents.length, building };
  });
  assert.deepEqual(result, { a: "", b: "", mounted: true, ready: 1, building: true });
  assert.equal(await p.page.locator("#b [data-error-code=config]").count(), 1);
  await p.context.close();
});
