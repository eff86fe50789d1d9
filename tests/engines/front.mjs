// The front every cross-engine test talks to: a loopback reverse proxy before the
// sandbox server that puts a recorder into every HTML page, collects what the
// recorder reports, and serves the tests' own pages (other hotel pages).
//
// Why a front and not the driver: WebKit's WebDriver has no init scripts and
// exposes no console log, so the page itself must report its console errors and
// warnings, page errors, unhandled rejections, CSP violations and the widget's
// error events. The recorder is a same-origin `<script src>` placed first in
// <head>, so it runs before the widget's loader and is allowed by the strict CSP
// the pages are served under. Reports go out by `sendBeacon`, which outlives the
// page: nothing is lost when the traveller is sent to the payment page and back.
//
// Every instrumented page gets an id; its recorder says hello, numbers its
// reports and counts them in the page (`window.__e2e`), so a test can wait for
// exactly the reports its page sent, and a page whose recorder never ran (a
// policy that blocks it, a page the front could not rewrite) is itself a problem.

import http from "node:http";
import assert from "node:assert/strict";
import { startServer } from "../e2e/harness.mjs";

/** The events the widget sends to its host page, recorded in order. */
export const WIDGET_EVENTS = ["itt-esim:ready", "itt-esim:error", "itt-esim:plans-loaded", "itt-esim:device-checked",
  "itt-esim:plan-selected", "itt-esim:details-submitted", "itt-esim:booking-created",
  "itt-esim:payment-redirect", "itt-esim:payment-returned", "itt-esim:opened"];

/** Runs first on every page: reports what went wrong and what the widget announced. */
const RECORDER = `(() => {
  const page = Number(new URL(document.currentScript.src).searchParams.get("page"));
  const state = (window.__e2e = { page, sent: 0 });
  const send = (report) => {
    const body = JSON.stringify({ ...report, page, seq: state.sent++, path: location.pathname });
    if (!navigator.sendBeacon("/__e2e/report", new Blob([body], { type: "text/plain" }))) {
      fetch("/__e2e/report", { method: "POST", body, keepalive: true });
    }
  };
  const show = (v) => {
    if (v instanceof Error) return v.message;
    if (typeof v === "string") return v;
    try { return JSON.stringify(v); } catch { return String(v); }
  };
  send({ kind: "hello" });
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
    document.addEventListener(name, (e) => {
      send({ kind: "event", name, id: e.target.id || e.target.tagName, detail: e.detail });
      // The widget says what failed by this event (a network error, a refusal),
      // often without a console message: a test that provokes one allows it.
      if (name === "itt-esim:error") send({ kind: "problem", text: "widget error: " + show(e.detail) });
    });
  }
})();
`;

/** Puts the recorder of page `id` first in the document's <head> (or first of all, without one). */
export function instrument(html, id) {
  const tag = `<script src="/__e2e/recorder.js?page=${id}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + tag + html.slice(at);
}

/**
 * Starts the sandbox server behind a recording front; `front.origin` is what the
 * browser opens. The server is told the front's URL (`--public-url`), so its
 * payment page and return addresses stay on the front too.
 */
export async function startFront() {
  const pages = new Map();
  // Reports of this test (pages of earlier tests may still be sending: dropped).
  let reports = [];
  let allowed = [];
  let generation = 0;
  let nextPage = 1;
  const pageGeneration = new Map();
  let upstream = null;

  /** A new page id for an HTML document about to be served. */
  const newPage = (path) => {
    const id = nextPage++;
    pageGeneration.set(id, generation);
    reports.push({ kind: "served", page: id, path, via: "front" });
    return id;
  };

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
        let report;
        try { report = { ...JSON.parse(body), via: "page" }; } catch { report = { kind: "problem", text: `unreadable report: ${body}`, via: "front" }; }
        if (!pageGeneration.has(report.page) || pageGeneration.get(report.page) === generation) reports.push(report);
        res.writeHead(204).end();
      });
      return;
    }
    const page = pages.get(url.pathname);
    if (page) {
      const headers = { "content-type": page.type, "cache-control": "no-store" };
      if (page.csp) headers["content-security-policy"] = page.csp;
      res.writeHead(200, headers);
      return res.end(page.type.startsWith("text/html") ? instrument(page.body, newPage(url.pathname)) : page.body);
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
      if (answer.statusCode >= 400) problem(`http ${answer.statusCode}: ${req.method} ${req.url}`);
      const html = (answer.headers["content-type"] || "").startsWith("text/html");
      // The sandbox's payment page stands in for the payment provider's site: its
      // policy (default-src 'none') refuses every script, the recorder's too, so
      // it is left as it is (Firefox's and Chromium's drivers still see its errors).
      const foreign = req.url.startsWith("/sandbox/checkout/");
      if (!html || foreign || answer.headers["content-encoding"]) {
        if (html && !foreign) problem(`front: ${req.url} came ${answer.headers["content-encoding"]}-encoded: no recorder on it`);
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      answer.on("data", (d) => chunks.push(d));
      answer.on("end", () => {
        const body = Buffer.from(instrument(Buffer.concat(chunks).toString("utf8"), newPage(req.url)));
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
    reports.push({ kind: "problem", text, via: "front" });
  }

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  let sandbox;
  try {
    sandbox = await startServer(["--public-url", origin]);
  } catch (e) {
    server.close();
    throw e;
  }
  upstream = new URL(sandbox.origin);

  const isAllowed = (text) => allowed.some((a) => (a instanceof RegExp ? a.test(text) : text.includes(a)));
  /** Problems so far, each as "text (via source, on path)"; allowed ones left out. */
  const problems = ({ via } = {}) => {
    const found = reports
      .filter((r) => r.kind === "problem" && (!via || r.via === via))
      .map((r) => `${r.text} (${r.via}${r.path ? `, on ${r.path}` : ""})`);
    // A page whose recorder never said hello was not watched at all.
    for (const served of reports.filter((r) => r.kind === "served")) {
      if (!reports.some((r) => r.kind === "hello" && r.page === served.page)) {
        found.push(`no recorder ran on ${served.path} (page ${served.page})`);
      }
    }
    return found.filter((text) => !isAllowed(text));
  };
  const received = (page) => reports.filter((r) => r.via === "page" && r.page === page).length;

  return {
    origin,
    /** Serves `body` at `pathname` (an HTML page gets the recorder), with an optional CSP. */
    page(pathname, body, { csp = null, type = "text/html; charset=utf-8" } = {}) {
      pages.set(pathname, { body, csp, type });
      return `${origin}${pathname}`;
    },
    /** Forgets every report and allowance: each test starts clean. */
    reset({ allow = [] } = {}) {
      generation++;
      reports = [];
      allowed = allow;
    },
    problems,
    /** Records a problem the driver saw outside the page's reach. */
    report: (text) => reports.push({ kind: "problem", text, via: "driver" }),
    /** Waits until `check()` holds (reports arrive by beacon, a moment after the fact). */
    async until(check, { timeout = 10000, what = "the reports" } = {}) {
      const end = Date.now() + timeout;
      while (!check()) {
        if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}: ${JSON.stringify(problems())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Widget events reported so far in this test, in the order pages sent them. */
    events: (name) => reports
      .filter((r) => r.kind === "event" && (!name || r.name === name))
      .sort((a, b) => a.page - b.page || a.seq - b.seq),
    /** Waits until an event of `name` has been reported; returns its detail. */
    async event(name, { timeout = 10000 } = {}) {
      let found;
      await this.until(() => (found = this.events(name)[0]), { timeout, what: `the event ${name}` });
      return found.detail;
    },
    /**
     * Fails on any problem recorded in this test. `current` is the page's own
     * count (`window.__e2e`): its reports are all waited for first.
     */
    async assertClean(current) {
      if (current) await this.until(() => received(current.page) >= current.sent, { what: `page ${current.page}'s ${current.sent} reports` });
      assert.deepEqual(problems(), [], "unexpected errors on the page");
    },
    async stop() {
      sandbox.stop();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
