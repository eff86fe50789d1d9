// WebKit (Safari's engine): Debian's WebKitGTK MiniBrowser, driven by its
// WebDriver (`WebKitWebDriver`, classic W3C WebDriver over HTTP) under Xvfb.
//
// Measured quirks this works around: element click refuses targets inside a
// shadow root (clicks are pointer actions at a point); one session at a time;
// no console log (the front's recorder reports from inside the page); the
// toolbar keeps a window at least 447 px wide (full screen has none, so the
// viewport is exactly the window); with no window manager, X gives the keyboard
// to the window under the pointer, which sits at the screen's centre: the screen
// is the phone's size, so the window keeps focus (`:focus`, `:focus-visible`,
// `document.hasFocus()`) once it is resized.

import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";
import { Tab, PHONE } from "./page.mjs";

/** WebKitGTK's MiniBrowser, under the machine's multiarch library folder. */
function miniBrowser() {
  if (process.env.ITT_MINIBROWSER) return process.env.ITT_MINIBROWSER;
  for (const dir of readdirSync("/usr/lib")) {
    const candidate = `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("WebKitGTK's MiniBrowser is missing: install webkit2gtk-driver (scripts/lib.sh does)");
}

/** A WebDriver command that never answers fails the test instead of hanging CI. */
const COMMAND_TIMEOUT_MS = 60_000;

/** WebDriver's codes for the keys the scenarios press. */
const KEYS = { Enter: "\uE007", Tab: "\uE004", ArrowDown: "\uE015", ArrowUp: "\uE013", Escape: "\uE00C", Backspace: "\uE003" };

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.on("error", reject);
  s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** Starts WebKitWebDriver under Xvfb; `newTab()` opens a fresh browser (one at a time). */
export async function launchWebKit() {
  const binary = miniBrowser();
  const port = await freePort();
  // Its own process group, so stopping it also stops Xvfb and the browser.
  const screen = `-screen 0 ${PHONE.width}x${PHONE.height}x24`;
  const child = spawn("xvfb-run", ["-a", "-s", screen, "WebKitWebDriver", `--port=${port}`, "--host=127.0.0.1"], {
    stdio: ["ignore", "ignore", "pipe"], detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const stop = () => {
    try { process.kill(-child.pid, "SIGTERM"); } catch {}
  };
  // However the test run ends, Xvfb and the browser end with it.
  process.once("exit", stop);
  const base = `http://127.0.0.1:${port}`;

  async function call(method, path, body) {
    const answer = await fetch(base + path, {
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await answer.json();
    if (!answer.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  for (let i = 0; ; i++) {
    try { await call("GET", "/status"); break; } catch (e) {
      if (i > 100 || child.exitCode !== null) {
        stop();
        throw new Error(`WebKitWebDriver did not start: ${e.message} ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let open = null;
  return {
    name: "webkit",
    async newTab() {
      if (open) await open.close();
      const session = await call("POST", "/session", {
        capabilities: {
          alwaysMatch: {
            browserName: "MiniBrowser",
            "webkitgtk:browserOptions": { binary, args: ["--automation", "--full-screen"] },
          },
        },
      });
      const s = `/session/${session.sessionId}`;
      await call("POST", `${s}/window/rect`, { width: PHONE.width, height: PHONE.height });
      const pointer = (actions) => call("POST", `${s}/actions`, {
        actions: [{ type: "pointer", id: "finger", parameters: { pointerType: "mouse" }, actions }],
      });
      const driver = {
        async run(source, args) {
          const result = await call("POST", `${s}/execute/async`, {
            script: `const done = arguments[arguments.length - 1];
              (${source})(...Array.prototype.slice.call(arguments, 0, -1))
                .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e && e.stack || e) }));`,
            args,
          });
          if (result?.error) throw new Error(`in the page: ${result.error}`);
          return result?.ok;
        },
        async clickAt(x, y) {
          await pointer([
            { type: "pointerMove", duration: 0, x, y, origin: "viewport" },
            { type: "pointerDown", button: 0 },
            { type: "pointerUp", button: 0 },
          ]);
        },
        async keys(list) {
          const actions = list.flatMap((k) => {
            const value = KEYS[k] ?? k;
            return [...(value.length === 1 ? [value] : value)].flatMap((c) => [{ type: "keyDown", value: c }, { type: "keyUp", value: c }]);
          });
          await call("POST", `${s}/actions`, { actions: [{ type: "key", id: "keyboard", actions }] });
        },
        goto: (url) => call("POST", `${s}/url`, { url }),
        reload: () => call("POST", `${s}/refresh`, {}),
        url: () => call("GET", `${s}/url`),
        async png() {
          return Buffer.from(await call("GET", `${s}/screenshot`), "base64");
        },
        async close() {
          open = null;
          await call("DELETE", s).catch(() => {});
        },
      };
      const tab = new Tab("webkit", driver);
      open = tab;
      const [width, height, focused] = await tab.eval(() => [innerWidth, innerHeight, document.hasFocus()]);
      if (width !== PHONE.width || !focused) {
        throw new Error(`WebKit's viewport is ${width}×${height} (${PHONE.width} wanted), ${focused ? "" : "not "}focused`);
      }
      return tab;
    },
    async close() {
      if (open) await open.close();
      stop();
    },
  };
}
