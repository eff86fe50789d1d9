//! Destinations the traveller can switch to, and searching them by name.
//!
//! Names come from the browser (`Intl.DisplayNames`, in the page's language),
//! so this module only knows the codes and how to match what was typed.

/// ISO 3166-1 alpha-2 codes of every country and territory, two letters each.
const CODES: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ\
CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGM\
GNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLS\
LTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPL\
PMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTT\
TVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// Every ISO 3166-1 alpha-2 code, alphabetically.
pub fn codes() -> impl Iterator<Item = &'static str> {
    (0..CODES.len() / 2).map(|i| &CODES[i * 2..i * 2 + 2])
}

/// Whether `code` is an ISO 3166-1 alpha-2 code (upper case).
pub fn is_code(code: &str) -> bool {
    code.len() == 2 && codes().any(|c| c == code)
}

/// Lower case without accents or punctuation: `"Côte d’Ivoire"` → `"cote divoire"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(crate::case::lower) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ț' | 'ţ' => 't',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            c if c.is_alphanumeric() => c,
            c if c.is_whitespace() || c == '-' => ' ',
            _ => continue,
        };
        if plain == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(plain);
    }
    out.trim().to_string()
}

/// A destination with its name in the page's language, prepared for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// ISO code.
    pub code: String,
    /// Display name.
    pub name: String,
    folded: String,
}

impl Destination {
    /// A destination called `name`.
    pub fn new(code: &str, name: &str) -> Self {
        Destination {
            code: code.to_string(),
            name: name.to_string(),
            folded: fold(name),
        }
    }
}

/// The best `limit` destinations for `query`, best first: the code itself, then
/// names starting with the query, then names with a word starting with it, then
/// names containing it (from three letters on); alphabetical within each.
pub fn search(destinations: &[Destination], query: &str, limit: usize) -> Vec<usize> {
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    let upper = query.trim().to_ascii_uppercase();
    let mut hits: Vec<(u8, usize)> = destinations
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let rank = if d.code == upper {
                0
            } else if d.folded.starts_with(&q) {
                1
            } else if d.folded.split(' ').any(|w| w.starts_with(&q)) {
                2
            } else if q.len() >= 3 && d.folded.contains(&q) {
                3
            } else {
                return None;
            };
            Some((rank, i))
        })
        .collect();
    itt_contract::sort::sort_by(&mut hits, |a, b| {
        a.0.cmp(&b.0)
            .then_with(|| destinations[a.1].folded.cmp(&destinations[b.1].folded))
    });
    hits.into_iter().take(limit).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<Destination> {
        [
            ("TH", "Thailand"),
            ("TW", "Taiwan"),
            ("CI", "Côte d’Ivoire"),
            ("DE", "Deutschland"),
            ("AE", "Vereinigte Arabische Emirate"),
            ("US", "Vereinigte Staaten"),
            ("TR", "Türkei"),
        ]
        .iter()
        .map(|(c, n)| Destination::new(c, n))
        .collect()
    }

    #[test]
    fn codes_are_complete_and_valid() {
        let all: Vec<&str> = codes().collect();
        assert_eq!(all.len(), 249);
        assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(is_code("TH") && is_code("GB") && !is_code("UK") && !is_code("th"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Côte d’Ivoire"), "cote divoire");
        assert_eq!(fold("  Türkei "), "turkei");
        assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn ranking() {
        let l = list();
        let names = |q: &str| -> Vec<String> {
            search(&l, q, 5)
                .iter()
                .map(|&i| l[i].name.clone())
                .collect()
        };
        assert_eq!(names("th"), ["Thailand"], "code first, then prefixes");
        assert_eq!(names("t"), ["Taiwan", "Thailand", "Türkei"]);
        assert_eq!(names("staaten"), ["Vereinigte Staaten"]);
        assert_eq!(names("cote"), ["Côte d’Ivoire"]);
        assert_eq!(names("turk"), ["Türkei"]);
        assert_eq!(names("land"), ["Deutschland", "Thailand"]);
        assert!(names("   ").is_empty());
        assert_eq!(names("ae")[0], "Vereinigte Arabische Emirate");
    }
}
