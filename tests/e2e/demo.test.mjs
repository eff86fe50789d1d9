// The demo hotel page, loaded from the demo server exactly as a traveller would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandboxSuite, open, planTitles } from "./harness.mjs";

const env = sandboxSuite();

test("the demo page shows live sandbox plans inside the widget's shadow root", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  const titles = await planTitles(p.page, "#esim");
  assert.equal(titles.length, 12, "a first page of plans");
  const shadow = await p.page.evaluate(() => {
    const root = document.querySelector("#esim").shadowRoot;
    const list = root.querySelector(".esim-plans:not(.esim-plans--one)");
    return {
      open: !!root,
      lightChildren: document.querySelector("#esim").children.length,
      prices: [...list.querySelectorAll(".esim-plan__price")].map((e) => e.textContent.trim()),
      coverage: [...list.querySelectorAll(".esim-plan__coverage")].map((e) => e.textContent.trim()),
      trip: root.querySelector(".esim__trip").textContent,
      count: root.querySelector(".esim-plans__count").textContent,
      more: root.querySelector(".esim-plans__more")?.textContent,
      reco: root.querySelector(".esim-reco .esim-plan__title").textContent,
      recoCoverage: root.querySelector(".esim-reco .esim-plan__coverage").textContent,
      reason: root.querySelector(".esim-reco__reason").textContent,
    };
  });
  assert.equal(shadow.open, true);
  assert.equal(shadow.lightChildren, 0, "nothing is added to the host page's DOM");
  assert.equal(titles[0], "1 GB - 7 days");
  assert.equal(shadow.prices[0], "Price: $4.50$4.50 per GB", "cheapest first, formatted by Intl, with its price per GB");
  assert.ok(shadow.coverage.includes("Regional · Asia") && shadow.coverage.includes("Global"), shadow.coverage.join());
  assert.match(shadow.trip, /Data plans for Thailand · Dec 1\s–\s8, 2026 · 7 nights/);
  assert.equal(shadow.count, "Showing 12 of 22 plans");
  assert.equal(shadow.more, "Show 10 more");
  // 7 nights of typical use (about 4 GB): the cheapest plan that lasts and has the data.
  assert.equal(shadow.reco, "5 GB - 30 days");
  assert.equal(shadow.recoCoverage, "Local");
  assert.equal(shadow.reason, "Covers your 7 nights with room to spare.");

  const events = await p.events();
  assert.deepEqual(events.map((e) => e.name), ["itt-esim:ready", "itt-esim:plans-loaded"]);
  assert.deepEqual(events[0].detail, { version: "0.1.0", country: "TH", lang: "en", view: "journey" });
  assert.deepEqual(events[1].detail, { country: "TH", count: 22 });
  await p.assertClean();
  await p.context.close();
});

test("the host reserves the widget's space at once: the page barely shifts", async () => {
  const p = await open(env.browser, `${env.server.origin}/`);
  await planTitles(p.page, "#esim");
  const { cls, minHeight, mounted } = await p.page.evaluate(async () => {
    const entries = await new Promise((resolve) => {
      new PerformanceObserver((list) => resolve(list.getEntries()))
        .observe({ type: "layout-shift", buffered: true });
      setTimeout(() => resolve([]), 500);
    });
    return {
      cls: entries.filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0),
      minHeight: document.querySelector("#esim").style.minHeight,
      mounted: document.querySelector("#esim").hasAttribute("data-itt-esim-mounted"),
    };
  });
  assert.equal(mounted, true);
  assert.equal(minHeight, "", "the reservation is released once the widget sizes itself");
  console.log(`# cumulative layout shift on the demo page: ${cls.toFixed(4)}`);
  assert.ok(cls < 0.1, `CLS ${cls} is not "good" (< 0.1)`);
  await p.assertClean();
  await p.context.close();
});

test("on a phone the plans stack in one column and stay readable", async () => {
  const p = await open(env.browser, `${env.server.origin}/`, { viewport: { width: 360, height: 740 } });
  await planTitles(p.page, "#esim");
  const layout = await p.page.evaluate(() => {
    const root = document.querySelector("#esim").shadowRoot;
    const cards = [...root.querySelectorAll(".esim-plan")].map((c) => c.getBoundingClientRect());
    return {
      lefts: new Set(cards.map((r) => Math.round(r.left))).size,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
      fontSize: parseFloat(getComputedStyle(root.querySelector(".esim-plan__title")).fontSize),
    };
  });
  assert.equal(layout.lefts, 1, "one column");
  assert.equal(layout.overflow, false, "no horizontal scrolling");
  assert.ok(layout.fontSize >= 14);
  await p.assertClean();
  await p.context.close();
});

test("the demo page with the widget has no serious accessibility violations (axe-core)", async () => {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const p = await open(env.browser, `${env.server.origin}/`);
  await planTitles(p.page, "#esim");
  // Evaluated through the DevTools protocol, so the page's strict CSP stays untouched.
  await p.page.evaluate(axeSource);
  const violations = await p.page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, []);
  await p.assertClean();
  await p.context.close();
});
