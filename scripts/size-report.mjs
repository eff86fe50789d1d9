// Size report: raw, gzip and brotli bytes of every file a host page downloads for
// the widget, and the bytes the demo server actually sends for each (encoded body,
// as a browser receives it with `Accept-Encoding: br`), grouped by when they load:
//   - before the card: what every view of a hotel page costs (the loader, which
//     carries the offer card, its strings and its CSS);
//   - tap to journey: the Leptos journey, fetched on intent (glue and wasm);
//   - booking: the booking module (install, usage, top-ups), fetched once there
//     is a booking (a confirmed one in the journey, or a "my trip" page alone);
//   - lazy: the sanitizer, fetched the first time supplier HTML is shown.
//   node scripts/size-report.mjs [dist]
import { readFileSync, existsSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import http from "node:http";
import path from "node:path";
import { startServer } from "../tests/e2e/harness.mjs";

const dist = process.argv[2] || "dist";
const widget = path.join(dist, "widget");

const BEFORE_CARD = ["itt-esim.js"];
const TAP_TO_JOURNEY = ["itt-esim-widget.js", "itt-esim-widget_bg.wasm"];
const BOOKING = ["itt-esim-booking.js", "itt-esim-booking_bg.wasm"];
const LAZY = ["itt-esim-sanitizer.js", "itt-esim-sanitizer_bg.wasm"];

// Body bytes as sent (Node's http client does not decode), and the encoding used.
const served = (origin, name) => new Promise((resolve, reject) => {
  http.get(`${origin}/widget/${name}`, { headers: { "accept-encoding": "br, gzip" } }, (res) => {
    let bytes = 0;
    res.on("data", (chunk) => (bytes += chunk.length));
    res.on("end", () => res.statusCode === 200
      ? resolve({ bytes, encoding: res.headers["content-encoding"] || "none" })
      : reject(new Error(`GET /widget/${name}: ${res.statusCode}`)));
  }).on("error", reject);
});

const measure = async (origin, name) => {
  const file = path.join(widget, name);
  if (!existsSync(file)) throw new Error(`missing ${file}: build first (trunk build --release)`);
  const raw = readFileSync(file);
  const sent = await served(origin, name);
  return {
    name,
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length,
    served: sent.bytes,
    encoding: sent.encoding,
  };
};

const server = await startServer();
let groups;
try {
  const all = async (names) => Promise.all(names.map((n) => measure(server.origin, n)));
  groups = { beforeCard: await all(BEFORE_CARD), tapToJourney: await all(TAP_TO_JOURNEY), booking: await all(BOOKING), lazy: await all(LAZY) };
} finally {
  server.stop();
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const row = (r) => `${r.name.padEnd(30)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}${kb(r.served)}  ${r.encoding ?? ""}`;
const total = (name, rows) => rows.reduce(
  (t, r) => ({ ...t, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli, served: t.served + r.served }),
  { name, raw: 0, gzip: 0, brotli: 0, served: 0 });
console.log(`${"file".padEnd(30)}${"raw".padStart(10)}${"gzip".padStart(10)}${"br q11".padStart(10)}${"served".padStart(10)}  encoding`);
const sums = {};
for (const [label, rows] of [["before the card", groups.beforeCard], ["tap to journey", groups.tapToJourney], ["booking", groups.booking], ["lazy", groups.lazy]]) {
  rows.forEach((r) => console.log(row(r)));
  sums[label] = total(`${label} total`, rows);
  console.log(row(sums[label]));
}
console.log(`SIZE before_card_served=${sums["before the card"].served} tap_to_journey_served=${sums["tap to journey"].served} booking_served=${sums.booking.served} lazy_served=${sums.lazy.served} before_card_brotli=${sums["before the card"].brotli} tap_to_journey_brotli=${sums["tap to journey"].brotli}`);

// The sanitizer must stay out of what loads before it is needed: no ammonia /
// html5ever code in the loader or the journey, and no static import of its glue.
const contains = (name, needle) => readFileSync(path.join(widget, name)).includes(needle);
const markers = ["ammonia", "html5ever", "markup5ever", "itt-esim-sanitizer"];
const eager = [...BEFORE_CARD, ...TAP_TO_JOURNEY];
const leaked = eager.flatMap((f) => markers.filter((m) => contains(f, m) && !(f === "itt-esim.js" && m === "itt-esim-sanitizer")).map((m) => `${f}: ${m}`));
const present = LAZY.some((f) => contains(f, "html5ever") || contains(f, "ammonia"));
console.log(`AMMONIA eager=${leaked.length ? "PRESENT " + leaked.join(", ") : "absent"} lazy_module=${present ? "present" : "absent"}`);
if (leaked.length) process.exitCode = 1;

// The post-booking card stays out of the journey: no QR code drawing
// (qrcodegen's own check message) in the journey's wasm, and it is in the
// booking module. The install section is the only user of QR codes.
const qr = "Mask value out of range";
const inJourney = TAP_TO_JOURNEY.some((f) => contains(f, qr));
const inBooking = BOOKING.some((f) => contains(f, qr));
console.log(`POST-BOOKING journey=${inJourney ? "PRESENT" : "absent"} booking_module=${inBooking ? "present" : "ABSENT"}`);
if (inJourney || !inBooking) process.exitCode = 1;

// Budgets on the bytes the server sends. Byte sizes are deterministic, so an
// overrun fails the test command.
//   - before the card (every page view): at most 50 KB, aim 25 KB;
//   - tap to journey (glue and wasm): at most 280 KB.
// The booking module has no budget of its own: it loads after the sale (or on
// a "my trip" page instead of the journey); it is printed to keep it in view.
const BUDGET = {
  beforeCard: 50 * 1024, beforeCardAim: 25 * 1024,
  tapToJourney: 280 * 1024,
};
const kib = (n) => `${(n / 1024).toFixed(1)} KB`;
const before = sums["before the card"].served;
const tap = sums["tap to journey"].served;
console.log(`BUDGET before the card served ${kib(before)} of ${kib(BUDGET.beforeCard)}: ${before <= BUDGET.beforeCard ? "ok" : "OVER"}; aim ${kib(BUDGET.beforeCardAim)}: ${before <= BUDGET.beforeCardAim ? "met" : "not met"}`);
console.log(`BUDGET tap to journey served ${kib(tap)} of ${kib(BUDGET.tapToJourney)}: ${tap <= BUDGET.tapToJourney ? "ok" : `OVER (+${kib(tap - BUDGET.tapToJourney)})`}`);
if (before > BUDGET.beforeCard || tap > BUDGET.tapToJourney) process.exitCode = 1;
