// Browser benchmark (not a test): changing filters over 2,000 plans in headless
// Chromium. Each change comes at a random moment within a frame, as a tap
// would; prints the median, p95 and worst time from the input event to the next
// frame (goal: 16 ms, one frame at 60 Hz), and the widget's own work per change
// (from the event until every task it queued has run).
//   node scripts/bench-filters.mjs        (after a release build: dist/ and the server binary)
import { startServer, launchBrowser } from "../tests/e2e/harness.mjs";

const PLANS = 2000;
const ROUNDS = 120;

/** 2,000 plans in ITT's shape, deterministic. */
function catalogue() {
  let seed = 0x2545f491;
  const next = (m) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return Math.abs(seed) % m; };
  const data = [];
  for (let i = 0; i < PLANS; i++) {
    const unlimited = next(10) === 0;
    const mb = [512, 1024, 3072, 5120, 10240, 20480][next(6)];
    const days = [1, 3, 7, 10, 15, 30, 60, 90][next(8)];
    data.push({
      package_id: `BENCH${i}||thailand||${i}`,
      title: unlimited ? `Unlimited - ${days} days` : `${mb >= 1024 ? mb / 1024 + " GB" : mb + " MB"} - ${days} days`,
      data: unlimited ? "Unlimited" : `${mb} MB`,
      sell_price: (2 + next(9000) / 100).toFixed(2),
      sell_currency: "USD",
      coverage_type: ["local", "regional", "global"][next(3)],
      rechargeable: next(2) === 0,
      package_details: { data_amount: unlimited ? null : mb, validity_days: days, is_unlimited: unlimited },
    });
  }
  return JSON.stringify({ status: "success", tracking_id: "BENCH", total_esim_package: PLANS, data });
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => sessionStorage.setItem("itt-esim:device", "1\u001funknown"));
  const body = catalogue();
  const empty = JSON.stringify({ status: "success", tracking_id: "E", data: [] });
  await page.route("**/esim/search", (route) => {
    const local = route.request().postData().includes('"region_type":"local"');
    route.fulfill({ status: 200, contentType: "application/json", body: local ? body : empty });
  });
  await page.goto(`${server.origin}/`);
  await page.locator("#esim .esim-plans:not(.esim-plans--one) .esim-plan__title").first().waitFor({ timeout: 30000 });
  const times = await page.evaluate(async (rounds) => {
    const root = document.querySelector("#esim").shadowRoot;
    const selects = [...root.querySelectorAll(".esim-filters select")];
    const boxes = [...root.querySelectorAll(".esim-filters input[type=checkbox]")];
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    // A macrotask: runs after the microtasks (Leptos' effects) queued before it.
    const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); });
    const out = [];
    const work = [];
    for (let i = 0; i < rounds; i++) {
      await frame();
      await sleep((i * 7) % 13);
      const t0 = performance.now();
      if (i % 3 === 2) {
        const box = boxes[i % boxes.length];
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        const select = selects[i % selects.length];
        select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      const [painted, done] = await Promise.all([frame(), task()]);
      out.push(painted - t0);
      work.push(done - t0);
    }
    return { out, work };
  }, ROUNDS);
  const report = (name, list) => {
    list.sort((a, b) => a - b);
    const pct = (p) => list[Math.floor((list.length - 1) * p)].toFixed(1);
    return `${name}: median_ms=${pct(0.5)} p95_ms=${pct(0.95)} max_ms=${pct(1)}`;
  };
  console.log(`BENCH filters plans=${PLANS} rounds=${ROUNDS} goal_ms=16`);
  console.log(`BENCH ${report("input_to_next_frame", times.out)}`);
  console.log(`BENCH ${report("widget_work", times.work)}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
