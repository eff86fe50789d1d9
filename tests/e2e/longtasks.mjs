// Long tasks while the demo page loads, shared by tests/e2e/perf.test.mjs (which
// prints them) and scripts/bench-longtasks.mjs (which judges the 50 ms target).
//
// A PerformanceObserver for 'longtask' (and 'long-animation-frame', for the
// script that ran) is registered by an init script, before any script of the
// page; the page is loaded, every widget on it mounts and shows its first view,
// the page settles, and the entries are read.

import { open } from "./harness.mjs";

/** Runs in the page before its own scripts: records long tasks and long animation frames. */
function observeLongTasks() {
  const state = { supported: [], registered: false, error: null, tasks: [], frames: [] };
  window.__longtasks = state;
  try {
    state.supported = [...(PerformanceObserver.supportedEntryTypes || [])];
    const tasks = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        state.tasks.push({
          name: e.name, // "self", "same-origin-descendant", … (where the task ran)
          start: e.startTime,
          duration: e.duration,
          attribution: (e.attribution || []).map((a) => ({
            name: a.name, containerType: a.containerType, containerSrc: a.containerSrc,
            containerId: a.containerId, containerName: a.containerName,
          })),
        });
      }
    });
    tasks.observe({ type: "longtask", buffered: true });
    state.registered = true;
    state.flush = () => tasks.takeRecords().length;
    if (state.supported.includes("long-animation-frame")) {
      // Long animation frames name the scripts that ran, which long tasks do not.
      const frames = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          state.frames.push({
            start: e.startTime,
            duration: e.duration,
            blocking: e.blockingDuration,
            // Where the frame's time went: scripts until renderStart, then
            // rAF callbacks, then style and layout from styleAndLayoutStart.
            render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
            styleLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
            scripts: (e.scripts || []).map((s) => ({
              invoker: s.invoker, invokerType: s.invokerType, duration: s.duration,
              source: `${s.sourceURL || "?"}${s.sourceFunctionName ? ` ${s.sourceFunctionName}` : ""}`,
            })),
          });
        }
      });
      frames.observe({ type: "long-animation-frame", buffered: true });
    }
  } catch (e) {
    state.error = String(e);
  }
}

/** The widgets on the page: `[data-itt-esim]` elements and `<itt-esim-widget>`s. */
const WIDGETS = "[data-itt-esim], itt-esim-widget";

/**
 * Waits until every widget on the page is mounted and shows its first view (the
 * plans, or the device check's search a reload resumed), with nothing left
 * loading. Returns how many.
 */
export async function waitForFirstViews(page, timeout = 30000) {
  await page.waitForFunction((selector) => {
    const hosts = [...document.querySelectorAll(selector)];
    return hosts.length > 0 && hosts.every((el) => {
      const root = el.shadowRoot;
      return el.hasAttribute("data-itt-esim-mounted") && root &&
        !root.querySelector("[aria-busy=true]") &&
        !!root.querySelector(".esim-plan__title, input[role=combobox]");
    });
  }, WIDGETS, { timeout });
  return page.evaluate((selector) => document.querySelectorAll(selector).length, WIDGETS);
}

/**
 * Opens `url` with the harness's `open` (so its error recording and
 * `assertClean` apply), with the long-task observers installed before the
 * first script; waits for every widget's first view, lets the page settle for
 * `settleMs`, and returns the measurement with the harness's page handle.
 * `options` go to `open` (e.g. `deviceChecked: false` for a first visit).
 */
export async function measureLongTasks(browser, url, { settleMs = 1000, cpuSlowdown = 1, ...options } = {}) {
  // `open` navigates at once; it first goes to about:blank here so the
  // observer can be added before the real page's first script.
  const p = await open(browser, "about:blank", options);
  await p.page.addInitScript(observeLongTasks);
  if (cpuSlowdown > 1) {
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  }
  await p.page.goto(url);
  const widgets = await waitForFirstViews(p.page);
  await p.page.waitForTimeout(settleMs);
  const raw = await p.page.evaluate(() => {
    const s = window.__longtasks;
    s.flush?.();
    const { flush, ...data } = s;
    return JSON.parse(JSON.stringify(data));
  });
  return { p, widgets, ...raw, summary: summarize(raw.tasks, raw.frames) };
}

/**
 * Runs a task of at least `ms` in the page and resolves whether the observer
 * reported it: proof that the measurement sees long tasks at all.
 */
export function probeObserver(page, ms = 120) {
  return page.evaluate(async (ms) => {
    const s = window.__longtasks;
    const before = s.tasks.length;
    setTimeout(() => { const t = performance.now(); while (performance.now() - t < ms) {} }, 0);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s.flush?.();
      if (s.tasks.slice(before).some((t) => t.duration >= ms - 1)) return true;
    }
    return false;
  }, ms);
}

/** Longest, count, total and blocking time (the part of each task over 50 ms) of the long tasks. */
export function summarize(tasks, frames = []) {
  const longest = tasks.reduce((a, t) => (!a || t.duration > a.duration ? t : a), null);
  // The long animation frame that overlaps the longest task, for the scripts it ran.
  const frame = longest && frames
    .filter((f) => f.start < longest.start + longest.duration && longest.start < f.start + f.duration)
    .sort((a, b) => b.duration - a.duration)[0];
  const script = frame?.scripts.slice().sort((a, b) => b.duration - a.duration)[0];
  const scripts = frame ? frame.scripts.reduce((s, x) => s + x.duration, 0) : 0;
  return {
    count: tasks.length,
    longest: longest ? longest.duration : 0,
    total: tasks.reduce((s, t) => s + t.duration, 0),
    blocking: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    at: longest ? longest.start : null,
    attribution: longest
      ? `${longest.name}${longest.attribution.map((a) => ` ${a.containerType}${a.containerSrc ? ` ${a.containerSrc}` : ""}`).join("")}`
      : "none",
    script: script ? `${script.invokerType} ${script.invoker} (${script.source}, ${Math.round(script.duration)} ms)` : null,
    // The long animation frame around the longest task: its scripts, and its style and layout.
    frame: frame ? `${Math.round(frame.duration)} ms (scripts ${Math.round(scripts)} ms, style+layout ${Math.round(frame.styleLayout)} ms)` : null,
  };
}

/** The one-line report: `LONGTASK longest=XX ms count=N total=YY ms …`. */
export function formatLongTasks(s) {
  return `LONGTASK longest=${Math.round(s.longest)} ms count=${s.count} total=${Math.round(s.total)} ms` +
    ` blocking=${Math.round(s.blocking)} ms` +
    (s.at != null ? ` at=${Math.round(s.at)} ms attribution=${s.attribution}` : "") +
    (s.frame ? ` frame=${s.frame}` : "") +
    (s.script ? ` top-script=${s.script}` : "");
}
