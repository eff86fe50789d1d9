// The offer card's destination names (embed/country-names.json, generated from
// Node's CLDR by scripts/country-names.mjs) against the browser's own: a name
// that differs would make the card and the journey disagree.
import { readFileSync } from "node:fs";

/** embed/country-names.json: `codes` (two letters each) and `names` per language. */
export const COUNTRY_NAMES = JSON.parse(readFileSync(new URL("../../embed/country-names.json", import.meta.url), "utf8"));

/** Runs in the page: every name in `table` the browser's `Intl.DisplayNames` says otherwise. */
export function namesThatDiffer(table) {
  const tags = { en: "en", de: "de", es: "es", fr: "fr", ar: "ar-u-nu-latn" };
  const codes = table.codes.match(/../g);
  const out = [];
  for (const [lang, names] of Object.entries(table.names)) {
    const browser = new Intl.DisplayNames([tags[lang]], { type: "region", fallback: "code" });
    codes.forEach((code, i) => {
      if (names[i] && names[i] !== browser.of(code)) out.push(`${lang} ${code}: "${names[i]}" vs the browser's "${browser.of(code)}"`);
    });
  }
  return out;
}
