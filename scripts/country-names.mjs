// Writes embed/country-names.json: every destination's name in each of the
// widget's languages, from CLDR as this Node's ICU has it. The offer card shows
// the destination without `Intl.DisplayNames`, whose first use costs a phone
// tens of milliseconds of main thread on every page view; the journey (after
// the tap) still asks the browser. Run it when Node's ICU moves to a new CLDR:
//   node scripts/country-names.mjs
// then `cargo run --example card-strings` to put the names into the loader.
import { writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The codes, in the order src/countries.rs lists them.
const source = readFileSync(path.join(root, "src/countries.rs"), "utf8");
const codes = source.match(/const CODES: &str = "([A-Z\\\n]+)";/)[1].replace(/\\\n/g, "").match(/../g);
// The widget's languages and the tags it gives Intl (src/i18n/mod.rs: `intl_tag`).
const LOCALES = { en: "en", de: "de", es: "es", fr: "fr", ar: "ar-u-nu-latn" };
// Names browsers patch in their own copy of ICU (Chromium shows "Hong Kong" where
// CLDR says "Hong Kong SAR China"), or take from an older CLDR (WebKit on a
// distribution's ICU says "Turkey" where CLDR now says "Türkiye"): left blank, so
// the card asks the browser for them, as the journey does. A code alone is asked
// in every language, "lang:code" in one. tests/e2e/card.test.mjs (Chromium) and
// tests/engines/suite.mjs (WebKit, Firefox) fail when the engine disagrees with
// another name here.
const ASK_THE_BROWSER = ["FK", "HK", "MO", "PS", "en:TR", "ar:TK", "ar:VI"];
const ask = (lang, code) => ASK_THE_BROWSER.includes(code) || ASK_THE_BROWSER.includes(`${lang}:${code}`);
const names = {};
for (const [lang, tag] of Object.entries(LOCALES)) {
  const display = new Intl.DisplayNames([tag], { type: "region", fallback: "code" });
  names[lang] = codes.map((c) => (ask(lang, c) ? "" : display.of(c)));
}
const out = { cldr: process.versions.cldr, codes: codes.join(""), names };
writeFileSync(path.join(root, "embed/country-names.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`embed/country-names.json: ${codes.length} destinations in ${Object.keys(names).length} languages (CLDR ${out.cldr})`);
