// Puts the cross-engine suite's screens side by side, one sheet per step:
// `node scripts/engine-screens.mjs [screens dir]` writes <dir>/compare/<step>.png
// (Chromium | Firefox | WebKit at 390 px), for a look by eye.
import { readdirSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { launchBrowser } from "../tests/e2e/harness.mjs";
import { SCREENS } from "../tests/engines/page.mjs";

const dir = process.argv[2] || SCREENS;
const engines = ["chromium", "firefox", "webkit"].filter((e) => existsSync(path.join(dir, e)));
const steps = [...new Set(engines.flatMap((e) => readdirSync(path.join(dir, e))))].filter((f) => f.endsWith(".png")).sort();
mkdirSync(path.join(dir, "compare"), { recursive: true });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 390 * engines.length + 20 * (engines.length - 1), height: 884 } });
for (const step of steps) {
  const cells = engines.map((e) => {
    const file = path.join(dir, e, step);
    return `<figure><figcaption>${e}</figcaption>${existsSync(file) ? `<img src="data:image/png;base64,${readFileSync(file).toString("base64")}">` : "<p>(none)</p>"}</figure>`;
  }).join("");
  await page.setContent(`<style>body{margin:0;display:flex;gap:20px;font:16px sans-serif;background:#888}
figure{margin:0;width:390px}figcaption{height:40px;line-height:40px;text-align:center;color:#fff}img{display:block;width:390px}</style>${cells}`);
  await page.waitForLoadState("load");
  await page.screenshot({ path: path.join(dir, "compare", step), fullPage: true });
}
await browser.close();
console.log(`${steps.length} sheets in ${path.join(dir, "compare")}`);
