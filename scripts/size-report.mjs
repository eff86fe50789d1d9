// Size report: raw, gzip and brotli bytes of every file a host page downloads for
// the widget, with the first-view total and the lazily loaded total separately.
//   node scripts/size-report.mjs [dist]
import { readFileSync, existsSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import path from "node:path";

const dist = process.argv[2] || "dist";
const widget = path.join(dist, "widget");

// What a host page fetches before the widget can show anything, in load order.
const FIRST_VIEW = ["itt-esim.js", "itt-esim-widget.js", "itt-esim-widget_bg.wasm"];
// Fetched only when a feature needs it: the sanitizer, when supplier HTML is shown.
const LAZY = ["itt-esim-sanitizer.js", "itt-esim-sanitizer_bg.wasm"];

const measure = (name) => {
  const file = path.join(widget, name);
  if (!existsSync(file)) throw new Error(`missing ${file}: build first (trunk build --release)`);
  const raw = readFileSync(file);
  return {
    name,
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length,
  };
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const row = (r) => `${r.name.padEnd(30)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`;
const total = (name, rows) => rows.reduce(
  (t, r) => ({ name, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { name, raw: 0, gzip: 0, brotli: 0 });

const first = FIRST_VIEW.map(measure);
const lazy = LAZY.map(measure);
console.log(`${"file".padEnd(30)}${"raw".padStart(10)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
first.forEach((r) => console.log(row(r)));
console.log(row(total("first view total", first)));
lazy.forEach((r) => console.log(row(r)));
console.log(row(total("lazy total", lazy)));
console.log(`SIZE first_view_brotli_bytes=${total("", first).brotli} lazy_brotli_bytes=${total("", lazy).brotli}`);

// The sanitizer must stay out of the first view: no ammonia / html5ever code in
// the main module, and no static import of the sanitizer's glue.
const contains = (name, needle) => readFileSync(path.join(widget, name)).includes(needle);
const markers = ["ammonia", "html5ever", "markup5ever", "itt-esim-sanitizer"];
const leaked = FIRST_VIEW.flatMap((f) => markers.filter((m) => contains(f, m) && !(f === "itt-esim.js" && m === "itt-esim-sanitizer")).map((m) => `${f}: ${m}`));
const present = LAZY.some((f) => contains(f, "html5ever") || contains(f, "ammonia"));
console.log(`AMMONIA first_view=${leaked.length ? "PRESENT " + leaked.join(", ") : "absent"} lazy_module=${present ? "present" : "absent"}`);
if (leaked.length) process.exitCode = 1;

// Budgets. Byte sizes are deterministic, so an overrun fails the test command.
//   - the loader, which every host page runs: at most 3 KB brotli;
//   - the first view (loader, glue, main wasm with its CSS): target 120 KB brotli.
// The first view is over that target (see README, "Performance budget"): Leptos'
// runtime and typed views for the first step alone exceed it. Until the bundle is
// split, a ceiling a few KB above today's size stops it growing unnoticed; the
// target stays printed, and reported as missed, on every run.
const BUDGET = { loader: 3 * 1024, firstViewTarget: 120 * 1024, firstViewCeiling: 340 * 1024 };
const loader = first.find((r) => r.name === "itt-esim.js").brotli;
const firstView = total("", first).brotli;
const verdict = (ok) => (ok ? "ok" : "OVER");
console.log(`BUDGET loader brotli ${(loader / 1024).toFixed(1)} KB of 3.0 KB: ${verdict(loader <= BUDGET.loader)}`);
console.log(`BUDGET first view brotli ${(firstView / 1024).toFixed(1)} KB, target 120.0 KB: ${firstView <= BUDGET.firstViewTarget ? "met" : `NOT met (+${((firstView - BUDGET.firstViewTarget) / 1024).toFixed(1)} KB)`}; regression ceiling ${(BUDGET.firstViewCeiling / 1024).toFixed(1)} KB: ${verdict(firstView <= BUDGET.firstViewCeiling)}`);
if (loader > BUDGET.loader || firstView > BUDGET.firstViewCeiling) process.exitCode = 1;
