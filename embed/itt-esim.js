/*!
 * ITT eSIM widget loader. Include once, async:
 *   <script async src="https://your-cdn.example/itt-esim/itt-esim.js"></script>
 * then place <div data-itt-esim data-proxy-url="/itt" data-country="TH"></div>
 * or <itt-esim-widget proxy-url="/itt" country="TH"></itt-esim-widget>,
 * or call IttEsim.mount(element, {proxyUrl: "/itt", country: "TH"}).
 *
 * A classic script on purpose: document.currentScript (null in modules) tells
 * where this file was served from, and the bundle is loaded relative to it, so
 * the files work from any path or CDN.
 */
(function () {
  "use strict";
  if (window.IttEsim && window.IttEsim.mount) return; // included twice: keep the first

  var script = document.currentScript;
  var base = new URL(".", (script && script.src) || document.baseURI).href;
  var KEYS = ["proxyUrl", "country", "checkIn", "checkOut", "lang", "guestName", "guestEmail",
    "guestPhone", "redirectUrl", "paymentHosts", "grantUrl", "bookingId", "bookingToken"];
  var ATTRS = ["proxy-url", "country", "check-in", "check-out", "lang", "guest-name", "guest-email",
    "guest-phone", "redirect-url", "payment-hosts", "grant-url", "booking-id", "booking-token"];
  var bundle = null;

  // One download and one wasm instantiation for every instance on the page.
  function load() {
    if (!bundle) {
      bundle = import(base + "itt-esim-widget.js").then(function (m) {
        return m.default().then(function () { return m; });
      });
    }
    return bundle;
  }

  // The sanitizer module, fetched the first time supplier HTML is shown.
  var sanitizer = null;
  function loadSanitizer() {
    if (!sanitizer) {
      sanitizer = import(base + "itt-esim-sanitizer.js").then(function (m) {
        return m.default().then(function () { return m; });
      });
      sanitizer.catch(function () { sanitizer = null; }); // a later attempt may succeed
    }
    return sanitizer;
  }

  function fail(el, err) {
    var detail = { code: "load", message: "The eSIM offer could not be loaded.", detail: String(err && err.message || err), operation: null };
    if (window.console) console.error("itt-esim: " + detail.detail);
    el.dispatchEvent(new CustomEvent("itt-esim:error", { bubbles: true, composed: true, detail: detail }));
  }

  // Reserve the widget's space at once so the host page does not jump when it
  // appears. Inline styles set through the DOM need no CSP 'unsafe-inline'.
  // Returns whether this loader set the reservation (a host's own inline style is left alone).
  function reserve(el) {
    if (el.style.minHeight) return false;
    if (getComputedStyle(el).display === "inline") el.style.display = "block";
    el.style.minHeight = "var(--esim-reserved-height, 480px)";
    return true;
  }

  function pick(options) {
    var out = {};
    if (options) KEYS.forEach(function (k) { if (options[k] != null) out[k] = String(options[k]); });
    return out;
  }

  /**
   * Mounts a widget into `el`. Returns a handle at once; it applies `update`
   * calls made before the bundle arrived and `unmount` cancels a pending mount.
   */
  function mount(el, options) {
    if (!(el instanceof HTMLElement)) throw new TypeError("IttEsim.mount: element expected");
    if (el.__ittEsim) el.__ittEsim.unmount();
    var opts = pick(options);
    var widget = null;
    var gone = false;
    var reserved = reserve(el);
    // The widget builds its first view over a few short tasks and says
    // itt-esim:ready when it is on screen; then it takes its own height (its
    // loading view is as tall as the plans), so the reservation ends and short
    // states (error, empty) leave no gap.
    function release() {
      el.removeEventListener("itt-esim:ready", shown);
      if (reserved) { el.style.minHeight = ""; reserved = false; }
    }
    function shown() {
      release();
      el.setAttribute("data-itt-esim-mounted", "");
    }
    var handle = {
      update: function (next) {
        var changes = pick(next);
        if (widget) widget.update(changes);
        else Object.assign(opts, changes);
      },
      unmount: function () {
        if (gone) return;
        gone = true;
        release(); // an unmounted element keeps no blank space
        if (widget) { widget.unmount(); widget.free(); widget = null; }
        el.removeAttribute("data-itt-esim-mounted");
        if (el.__ittEsim === handle) el.__ittEsim = null;
      },
      ready: null
    };
    // Each mount runs in a task of its own, after the one that instantiated the
    // wasm: the host page's main thread is never held for all of them at once.
    handle.ready = load().then(function (m) {
      return new Promise(function (resolve) { setTimeout(resolve, 0, m); });
    }).then(function (m) {
      if (!gone) {
        el.addEventListener("itt-esim:ready", shown);
        widget = m.mount(el, opts);
      }
      return handle;
    }).catch(function (err) {
      // Nothing can be shown: give the reserved space back to the host page.
      release();
      fail(el, err);
      throw err;
    });
    handle.ready.catch(function () {}); // reported through itt-esim:error
    el.__ittEsim = handle;
    return handle;
  }

  function fromDataset(el) {
    var o = {};
    KEYS.forEach(function (k) { if (el.dataset[k] != null) o[k] = el.dataset[k]; });
    return o;
  }

  function fromAttributes(el) {
    var o = {};
    ATTRS.forEach(function (a, i) { if (el.hasAttribute(a)) o[KEYS[i]] = el.getAttribute(a); });
    return o;
  }

  if (window.customElements && !customElements.get("itt-esim-widget")) {
    class IttEsimWidget extends HTMLElement {
      static get observedAttributes() { return ATTRS; }
      connectedCallback() {
        if (!this.__ittEsim) mount(this, fromAttributes(this));
      }
      disconnectedCallback() {
        var self = this;
        // A move within the page disconnects and reconnects at once: keep the widget then.
        queueMicrotask(function () {
          if (!self.isConnected && self.__ittEsim) self.__ittEsim.unmount();
        });
      }
      attributeChangedCallback() {
        if (this.__ittEsim) this.__ittEsim.update(fromAttributes(this));
      }
    }
    customElements.define("itt-esim-widget", IttEsimWidget);
  }

  function scan() {
    var els = document.querySelectorAll("[data-itt-esim]");
    for (var i = 0; i < els.length; i++) {
      if (!els[i].__ittEsim) mount(els[i], fromDataset(els[i]));
    }
  }

  // `sanitizer()` is for the widget itself: it resolves to the module with `sanitize(html)`.
  // `get(el)` is the handle of a mounted element (one found by scan() included), or null.
  function get(el) { return (el && el.__ittEsim) || null; }

  window.IttEsim = { mount: mount, scan: scan, get: get, sanitizer: loadSanitizer, version: "0.1.0" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
  document.dispatchEvent(new CustomEvent("itt-esim:loaded"));
})();
