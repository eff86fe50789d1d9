// The front every cross-engine test talks to: a loopback reverse proxy before the
// sandbox server that puts a recorder into every HTML page, collects what the
// recorder reports, and serves the tests' own pages (other hotel pages).
//
// Why a front and not the driver: WebKit's WebDriver has no init scripts and
// exposes no console log, so the page itself must report its console errors,
// page errors, unhandled rejections and CSP violations. The recorder is a
// same-origin `<script src>` placed first in <head>, so it runs before the
// widget's loader and is allowed by the strict CSP the pages are served under.
// Reports go out by `sendBeacon`, which outlives the page: nothing is lost when
// the traveller is sent to the payment page and back.

import http from "node:http";
import assert from "node:assert/strict";
import { startServer } from "../e2e/harness.mjs";

/** The events the widget sends to its host page, recorded in order. */
export const WIDGET_EVENTS = ["itt-esim:ready", "itt-esim:error", "itt-esim:plans-loaded", "itt-esim:device-checked",
  "itt-esim:plan-selected", "itt-esim:details-submitted", "itt-esim:booking-created",
  "itt-esim:payment-redirect", "itt-esim:payment-returned", "itt-esim:opened"];

/** Runs first on every page: reports what went wrong and what the widget announced. */
const RECORDER = `(() => {
  const send = (report) => {
    const body = JSON.stringify({ ...report, page: location.pathname });
    if (!navigator.sendBeacon("/__e2e/report", new Blob([body], { type: "text/plain" }))) {
      fetch("/__e2e/report", { method: "POST", body, keepalive: true });
    }
  };
  const show = (v) => {
    if (v instanceof Error) return v.message;
    if (typeof v === "string") return v;
    try { return JSON.stringify(v); } catch { return String(v); }
  };
  for (const level of ["error", "warn"]) {
    const original = console[level];
    console[level] = function (...args) {
      send({ kind: "problem", text: "console." + level + ": " + args.map(show).join(" ") });
      return original.apply(this, args);
    };
  }
  // Capturing: script errors (ErrorEvent) and failed <script>/<link>/<img> loads of the page.
  addEventListener("error", (e) => {
    if (e instanceof ErrorEvent) send({ kind: "problem", text: "pageerror: " + e.message });
    else if (e.target && e.target !== window) send({ kind: "problem", text: "failed to load: " + (e.target.src || e.target.href || e.target.tagName) });
  }, true);
  addEventListener("unhandledrejection", (e) => send({ kind: "problem", text: "unhandledrejection: " + show(e.reason) }));
  document.addEventListener("securitypolicyviolation", (e) =>
    send({ kind: "problem", text: "csp: " + e.violatedDirective + " " + e.blockedURI }));
  for (const name of ${JSON.stringify(WIDGET_EVENTS)}) {
    document.addEventListener(name, (e) => send({ kind: "event", name, id: e.target.id || e.target.tagName, detail: e.detail }));
  }
})();
`;

const TAG = '<script src="/__e2e/recorder.js"></script>';

/** Puts the recorder first in the document's <head> (or first of all, without one). */
export function instrument(html) {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + TAG + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + TAG + html.slice(at);
}

/**
 * Starts the sandbox server behind a recording front; `front.origin` is what the
 * browser opens. The server is told the front's URL (`--public-url`), so its
 * payment page and return addresses stay on the front too.
 */
export async function startFront() {
  const pages = new Map();
  let reports = [];
  let allowed = [];
  let upstream = null;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://front");
    if (url.pathname === "/__e2e/recorder.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      return res.end(RECORDER);
    }
    if (url.pathname === "/__e2e/report" && req.method === "POST") {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        try { reports.push(JSON.parse(body)); } catch { reports.push({ kind: "problem", text: `unreadable report: ${body}` }); }
        res.writeHead(204).end();
      });
      return;
    }
    const page = pages.get(url.pathname);
    if (page) {
      const headers = { "content-type": page.type, "cache-control": "no-store" };
      if (page.csp) headers["content-security-policy"] = page.csp;
      res.writeHead(200, headers);
      return res.end(page.type.startsWith("text/html") ? instrument(page.body) : page.body);
    }
    proxy(req, res);
  });

  function proxy(req, res) {
    const headers = { ...req.headers };
    // Pages are rewritten, so they come uncompressed; everything else keeps the
    // engine's own Accept-Encoding (its brotli and gzip are tested too).
    const navigation = /text\/html/.test(req.headers.accept || "");
    if (navigation) delete headers["accept-encoding"];
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      if (answer.statusCode >= 400) {
        problem(`http ${answer.statusCode}: ${req.method} ${req.url}`);
      }
      const type = answer.headers["content-type"] || "";
      // The sandbox's payment page stands in for the payment provider's site: its
      // policy (default-src 'none') refuses every script, the recorder's too, so
      // it is left as it is (the Firefox driver still sees its errors).
      const foreign = req.url.startsWith("/sandbox/checkout/");
      if (!type.startsWith("text/html") || answer.headers["content-encoding"] || foreign) {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      answer.on("data", (d) => chunks.push(d));
      answer.on("end", () => {
        const body = Buffer.from(instrument(Buffer.concat(chunks).toString("utf8")));
        const headers = { ...answer.headers, "content-length": body.length };
        delete headers["transfer-encoding"];
        res.writeHead(answer.statusCode, headers);
        res.end(body);
      });
    });
    out.on("error", (e) => {
      problem(`front: ${req.method} ${req.url}: ${e.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  }

  function problem(text) {
    reports.push({ kind: "problem", text, page: "(front)" });
  }

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const sandbox = await startServer(["--public-url", origin]);
  upstream = new URL(sandbox.origin);

  const problems = () => reports
    .filter((r) => r.kind === "problem")
    .map((r) => `${r.text} (on ${r.page})`)
    .filter((text) => !allowed.some((a) => (a instanceof RegExp ? a.test(text) : text.includes(a))));

  return {
    origin,
    /** Serves `body` at `pathname` (an HTML page gets the recorder), with an optional CSP. */
    page(pathname, body, { csp = null, type = "text/html; charset=utf-8" } = {}) {
      pages.set(pathname, { body, csp, type });
      return `${origin}${pathname}`;
    },
    /** Forgets every report and allowance: each test starts clean. */
    reset({ allow = [] } = {}) {
      reports = [];
      allowed = allow;
    },
    problems,
    /** Records a problem the driver saw outside the page's reach. */
    report: (text) => reports.push({ kind: "problem", text, page: "(driver)" }),
    /** Waits until `check()` holds (reports arrive by beacon, a moment after the fact). */
    async until(check, { timeout = 10000, what = "the reports" } = {}) {
      const end = Date.now() + timeout;
      while (!check()) {
        if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}: ${JSON.stringify(problems())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Widget events reported so far, across every page load of this test. */
    events: (name) => reports.filter((r) => r.kind === "event" && (!name || r.name === name)),
    /** Waits until an event of `name` has been reported; returns its detail. */
    async event(name, { timeout = 10000 } = {}) {
      const end = Date.now() + timeout;
      for (;;) {
        const found = reports.find((r) => r.kind === "event" && r.name === name);
        if (found) return found.detail;
        if (Date.now() > end) throw new Error(`no ${name} event within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Fails on any recorded problem (after a moment for beacons still on their way). */
    async assertClean() {
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(problems(), [], "unexpected errors on the page");
    },
    async stop() {
      sandbox.stop();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
