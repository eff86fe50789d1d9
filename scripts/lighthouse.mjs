// Lighthouse benchmark (not a test): a page of the demo (`/` unless --page says
// another, e.g. /demo/stay.html) from the sandbox server, audited by Lighthouse 12
// with its default (mobile) configuration: a phone's screen and simulated
// throttling (slow 4G, 4x slower CPU). Prints, per metric, the median over the
// runs (with the range), and whether each target is met: performance >= 95,
// accessibility 100, CLS 0. It exits 0 whatever the scores, and non-zero only if
// Lighthouse itself could not run.
//   node scripts/lighthouse.mjs [--runs N] [--page PATH] [--variant with|without|both] [--json DIR]
//   (after a release build: dist/ and the server binary; ITT_DIST and ITT_SERVER_BIN choose others)
// --variant: "with" is the page as served; "without" is the same page with the
// widget's files blocked (Lighthouse's blockedUrlPatterns, */widget/*), i.e. the
// hotel's page alone; "both" (the default) runs the two interleaved, alternating
// which goes first, and prints what the widget costs the page: the differences
// of the medians (with - without) for the performance score, Total Blocking Time
// and CLS, against the targets: no performance point lost, TBT +10 ms at most, CLS 0.
// The widget's journey (its wasm) need not load with the page; each variant
// says whether it was fetched during the runs.
// --json DIR keeps every run's full report (lighthouse-<variant>-N.json) for a closer look.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startServer, ROOT } from "../tests/e2e/harness.mjs";

const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const DIST = process.env.ITT_DIST || path.join(ROOT, "dist");
const CATEGORIES = ["performance", "accessibility", "best-practices"];
const RUN_TIMEOUT_MS = 240_000; // one Lighthouse run, navigation and audits
const ATTEMPTS = 3; // per run, when a run fails (e.g. dist/ is being rebuilt)

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const USAGE = "usage: node scripts/lighthouse.mjs [--runs N] [--page PATH] [--variant with|without|both] [--json DIR]";
const runs = Number(option("--runs") ?? 3);
const page = option("--page") ?? "/";
const variantOption = option("--variant") ?? "both";
if (!Number.isInteger(runs) || runs < 1 || !page.startsWith("/") || !["with", "without", "both"].includes(variantOption)) {
  console.error(USAGE);
  process.exit(2);
}
const VARIANTS = variantOption === "both" ? ["with", "without"] : [variantOption];
// The widget's files as a hotel hosts them (the loader, the bundle, the sanitizer).
const WIDGET_FILES = "*/widget/*";
const isWidgetFile = (url) => /\/widget\//.test(new URL(url).pathname);
const jsonDir = option("--json");
if (jsonDir) mkdirSync(jsonDir, { recursive: true });

const version = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("lighthouse/package.json"), "utf8")).version;

// chrome-launcher's own flags keep Chromium off the network (no background
// networking, component updates, sync, translation…); they go with the
// harness's flags, with one --disable-features list (Chromium keeps only the last).
const defaults = chromeLauncher.Launcher.defaultFlags();
const features = defaults.filter((f) => f.startsWith("--disable-features="))
  .flatMap((f) => f.slice("--disable-features=".length).split(","));
const chromeFlags = [
  ...defaults.filter((f) => !f.startsWith("--disable-features=")),
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  `--disable-features=${[...features, "LocalNetworkAccessChecks"].join(",")}`,
];

const distReady = () => existsSync(path.join(DIST, "widget/itt-esim.js"));

/** Starts the sandbox server as the tests do, waiting out a rebuild of dist/. */
async function server() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer();
    } catch (e) {
      if (attempt >= 10 || distReady()) throw e;
      console.error(`dist/ is incomplete (being rebuilt?): retrying in 30 s (${e.message.split("\n")[0]})`);
      await sleep(30_000);
    }
  }
}

const requestsOf = (lhr) => lhr.audits["network-requests"]?.details?.items || [];

/**
 * Why a finished run does not measure what its variant says: an error page,
 * missing files, no widget loader (with), or widget files that were not blocked
 * (without). The requests blocked on purpose do not count as failures.
 */
function unsound(lhr, variant) {
  if (lhr.runtimeError) return `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
  for (const c of CATEGORIES) {
    if (typeof lhr.categories[c]?.score !== "number") return `no ${c} score`;
  }
  const requests = requestsOf(lhr);
  const failed = requests.filter((r) => (r.statusCode >= 400 || r.statusCode === -1 && !r.finished) &&
    !(variant === "without" && isWidgetFile(r.url)));
  if (failed.length) return `failed requests: ${failed.map((r) => `${r.statusCode} ${r.url}`).join(", ")}`;
  if (variant === "with" && !requests.some((r) => /\/widget\/itt-esim\.js$/.test(r.url) && r.statusCode === 200)) {
    return "the widget's loader (widget/itt-esim.js) was not loaded";
  }
  if (variant === "without" && requests.some((r) => isWidgetFile(r.url) && r.statusCode > 0 && r.statusCode < 400)) {
    return "a widget file was not blocked";
  }
  return null;
}

/** Whether the widget's journey (the Leptos bundle's wasm) was downloaded during the run. */
const wasmFetched = (lhr) => requestsOf(lhr).some((r) => /itt-esim-widget_bg\.wasm$/.test(r.url) && r.statusCode === 200);

/** One Lighthouse run in a fresh Chromium; resolves with its report (lhr). */
async function runOnce(url, variant) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM, chromeFlags, ignoreDefaultFlags: true, logLevel: "silent",
  });
  let timer;
  try {
    const result = await Promise.race([
      lighthouse(url, {
        port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES,
        blockedUrlPatterns: variant === "without" ? [WIDGET_FILES] : [],
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Lighthouse did not finish in ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
      }),
    ]);
    if (!result?.lhr) throw new Error("Lighthouse returned no report");
    return result.lhr;
  } finally {
    clearTimeout(timer);
    await chrome.kill();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (!existsSync(CHROMIUM)) {
  console.error(`Lighthouse could not run: no Chromium at ${CHROMIUM}`);
  process.exit(1);
}

const reports = Object.fromEntries(VARIANTS.map((v) => [v, []]));
let srv = await server();
try {
  for (let run = 1; run <= runs; run++) {
    // Interleaved, the first variant alternating: both meet the same moments of a noisy machine.
    const order = run % 2 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      for (let attempt = 1; ; attempt++) {
        let problem;
        try {
          const lhr = await runOnce(new URL(page, srv.origin).href, variant);
          problem = unsound(lhr, variant);
          if (!problem) {
            reports[variant].push(lhr);
            if (jsonDir) writeFileSync(path.join(jsonDir, `lighthouse-${variant}-${run}.json`), JSON.stringify(lhr, null, 1));
            break;
          }
        } catch (e) {
          problem = e.message;
        }
        if (attempt >= ATTEMPTS) throw new Error(`run ${run} (${variant}): ${problem}`);
        console.error(`run ${run} (${variant}) failed (${problem}); retrying in 30 s`);
        await sleep(30_000);
        if (!distReady()) { srv.stop(); srv = await server(); }
      }
      const last = reports[variant].at(-1);
      const a = last.audits;
      console.error(`run ${run}/${runs} ${variant.padEnd(7)}: performance ${Math.round(last.categories.performance.score * 100)}, ` +
        `TBT ${Math.round(a["total-blocking-time"].numericValue)} ms, LCP ${Math.round(a["largest-contentful-paint"].numericValue)} ms, ` +
        `CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)}, wasm fetched: ${wasmFetched(last) ? "yes" : "no"}`);
    }
  }
} catch (e) {
  console.error(`Lighthouse could not run: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  srv.stop();
}

const performanceOf = (r) => Math.round(r.categories.performance.score * 100);
const tbtOf = (r) => r.audits["total-blocking-time"].numericValue;
const clsOf = (r) => r.audits["cumulative-layout-shift"].numericValue;

/** The summary of one variant's runs (the lines this script always printed, then the wasm line). */
function report(variant, reports) {
  const env = reports[0].environment;
  if (VARIANTS.length > 1 || variant === "without") {
    console.log(`== ${variant === "with" ? "with the widget" : "without the widget (its files blocked: */widget/*)"} ==`);
  }
  console.log(`Lighthouse ${version}, ${page}, ${reports[0].configSettings.formFactor} (${reports[0].configSettings.throttlingMethod} throttling), ` +
    `${env.hostUserAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0]}, ${runs} run${runs > 1 ? "s" : ""}: median (min-max); ` +
    `benchmarkIndex ${Math.round(median(reports.map((r) => r.environment.benchmarkIndex)))}`);
  const line = (label, values, fmt, target) => {
    const range = runs > 1 ? ` (${fmt(Math.min(...values))}-${fmt(Math.max(...values))})` : "";
    const verdict = target ? `  target ${target.text}: ${target.met(median(values)) ? "met" : "NOT met"}` : "";
    console.log(`${label.padEnd(26)}${(fmt(median(values)) + range).padEnd(28)}${verdict}`);
  };
  const score = (c) => reports.map((r) => Math.round(r.categories[c].score * 100));
  const metric = (id) => reports.map((r) => r.audits[id].numericValue);
  const int = (n) => String(Math.round(n));
  const ms = (n) => `${Math.round(n)} ms`;
  line("performance", score("performance"), int, { text: ">= 95", met: (v) => v >= 95 });
  line("accessibility", score("accessibility"), int, { text: "100", met: (v) => v === 100 });
  line("best-practices", score("best-practices"), int);
  line("total-blocking-time", metric("total-blocking-time"), ms);
  // Lighthouse shows CLS with three decimals; "0" is judged at that precision.
  line("cumulative-layout-shift", metric("cumulative-layout-shift"), (n) => n.toFixed(3),
    { text: "0", met: (v) => Number(v.toFixed(3)) === 0 });
  line("largest-contentful-paint", metric("largest-contentful-paint"), ms);
  line("first-contentful-paint", metric("first-contentful-paint"), ms);
  // Lighthouse's own long tasks (simulated 4x CPU); the unthrottled 50 ms target
  // is judged by scripts/bench-longtasks.mjs.
  line("longest task (simulated)", reports.map((r) =>
    Math.max(0, ...(r.audits["long-tasks"]?.details?.items || []).map((i) => i.duration))), ms);

  // What keeps accessibility and best practices from 100, in any run, with the elements.
  const failing = new Map();
  for (const r of reports) {
    for (const c of ["accessibility", "best-practices"]) {
      for (const ref of r.categories[c].auditRefs) {
        const audit = r.audits[ref.id];
        if (ref.weight === 0 || audit.score === null || audit.score === 1) continue;
        const key = `${c} ${ref.id}`;
        if (failing.has(key)) continue;
        const items = (audit.details?.items || []).map((i) =>
          i.node ? `${i.node.selector || ""} ${i.node.snippet || ""}`.trim() : i.description || i.source?.url || i.url || JSON.stringify(i).slice(0, 160));
        failing.set(key, `${audit.title}${items.length ? `: ${items.slice(0, 5).join(" | ")}${items.length > 5 ? ` (+${items.length - 5})` : ""}` : ""}`);
      }
    }
  }
  for (const [key, text] of failing) console.log(`failed audit ${key}: ${text}`);
  // Performance opportunities and diagnostics Lighthouse flags (they do not count in the score).
  const flagged = new Map();
  const errored = new Set();
  for (const r of reports) {
    for (const ref of r.categories.performance.auditRefs) {
      const audit = r.audits[ref.id];
      if (audit.scoreDisplayMode === "error") errored.add(ref.id);
      else if (ref.weight === 0 && typeof audit.score === "number" && audit.score < 0.9 && !flagged.has(ref.id)) {
        flagged.set(ref.id, `${audit.title}${audit.displayValue ? `: ${audit.displayValue}` : ""}`);
      }
    }
  }
  for (const [id, text] of flagged) console.log(`flagged performance audit ${id}: ${text}`);
  if (errored.size) console.log(`diagnostics Lighthouse could not compute with this Chromium: ${[...errored].join(", ")}`);
  for (const w of new Set(reports.flatMap((r) => r.runWarnings))) console.log(`warning: ${w}`);
  const fetched = reports.filter(wasmFetched).length;
  console.log(`widget journey (wasm) fetched during the run: ${fetched ? "yes" : "no"}${runs > 1 ? ` (${fetched}/${runs} runs)` : ""}`);
}

if (VARIANTS.every((v) => reports[v].length === runs)) {
  for (const variant of VARIANTS) report(variant, reports[variant]);
  if (VARIANTS.length === 2) {
    // What the widget costs the page: medians with the widget minus medians without it.
    const m = (variant, of) => median(reports[variant].map(of));
    const dPerf = m("with", performanceOf) - m("without", performanceOf);
    const dTbt = m("with", tbtOf) - m("without", tbtOf);
    const cls = m("with", clsOf);
    const dCls = cls - m("without", clsOf);
    const sign = (n, digits = 0) => `${n >= 0 ? "+" : ""}${n.toFixed(digits)}`;
    console.log(`== the widget's cost on ${page}: median with - median without (${runs} interleaved run${runs > 1 ? "s" : ""} each) ==`);
    console.log(`${"Δ performance".padEnd(26)}${`${sign(dPerf)} points (${m("with", performanceOf)} vs ${m("without", performanceOf)})`.padEnd(28)}` +
      `  target >= 0: ${dPerf >= 0 ? "met" : "NOT met"}`);
    console.log(`${"Δ total-blocking-time".padEnd(26)}${`${sign(dTbt)} ms (${Math.round(m("with", tbtOf))} vs ${Math.round(m("without", tbtOf))})`.padEnd(28)}` +
      `  target <= +10 ms: ${dTbt <= 10 ? "met" : "NOT met"}`);
    console.log(`${"Δ cumulative-layout-shift".padEnd(26)}${`${sign(dCls, 3)} (${cls.toFixed(3)} vs ${m("without", clsOf).toFixed(3)})`.padEnd(28)}` +
      `  target CLS 0 with the widget: ${Number(cls.toFixed(3)) === 0 ? "met" : "NOT met"}`);
  }
}
