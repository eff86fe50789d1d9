//! Normalising what people type and ranking device models against it.
//!
//! People type "iphone15 pro", "s23u", "pixel8a", "galaxy z flip 5" or a model
//! code such as "SM-S911B". Both the query and every model name are reduced to
//! the same tokens (lower case, split at punctuation and at letter/digit
//! boundaries, "+" as "plus", roman numerals and ordinals as digits), so spacing,
//! case and word order stop mattering. The brand may be left out, shorthand
//! ("pm", "promax", "zflip") is expanded, and the text with every separator
//! removed is compared too, for "galaxyzflip5" and model codes.

/// Splits text into match tokens.
///
/// `"Galaxy Z Flip5"` → `galaxy z flip 5`; `"iPhone SE (2nd generation)"` →
/// `iphone se 2 generation`; `"Galaxy S23+ 5G"` → `galaxy s 23 plus 5g`;
/// `"Xperia 1 IV"` → `xperia 1 4`.
pub fn tokens(text: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last_digit: Option<bool> = None;
    let flush = |current: &mut String, raw: &mut Vec<String>| {
        if !current.is_empty() {
            raw.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        if c == '+' {
            flush(&mut current, &mut raw);
            raw.push("plus".to_string());
            last_digit = None;
        } else if c.is_alphanumeric() {
            let digit = c.is_ascii_digit();
            if last_digit.is_some_and(|d| d != digit) {
                flush(&mut current, &mut raw);
            }
            current.extend(crate::case::lower(c));
            last_digit = Some(digit);
        } else {
            flush(&mut current, &mut raw);
            last_digit = None;
        }
    }
    flush(&mut current, &mut raw);

    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i].as_str();
        let next = raw.get(i + 1).map(String::as_str);
        let after_number = out.last().is_some_and(|p| is_number(p));
        match (t, next) {
            // "5G" is one word in model names ("Galaxy S21 5G").
            ("5", Some("g")) => {
                out.push("5g".to_string());
                i += 2;
                continue;
            }
            // Ordinals: "2nd generation" is "2 generation".
            ("st" | "nd" | "rd" | "th", _) if after_number => {}
            _ => out.push(roman(t).map_or_else(|| t.to_string(), str::to_string)),
        }
        i += 1;
    }
    out
}

/// Roman numerals used in model names ("Xperia 1 IV", "Magic V2") as digits.
fn roman(token: &str) -> Option<&'static str> {
    Some(match token {
        "ii" => "2",
        "iii" => "3",
        "iv" => "4",
        "v" => "5",
        "vi" => "6",
        "vii" => "7",
        _ => return None,
    })
}

fn is_number(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// Every letter and digit of `text`, lower case, "+" as "plus": `"SM-S911B"` → `sms911b`.
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '+' {
            out.push_str("plus");
        } else if c.is_alphanumeric() {
            out.extend(crate::case::lower(c));
        }
    }
    out
}

/// Query tokens with shorthand expanded: `ip15pm` → `iphone 15 pro max`.
pub fn query_tokens(query: &str) -> Vec<String> {
    let raw = tokens(query);
    let mut out: Vec<String> = Vec::with_capacity(raw.len() + 2);
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i].as_str();
        let next = raw.get(i + 1).map(String::as_str);
        let mut push = |words: &[&str]| out.extend(words.iter().map(|w| w.to_string()));
        match (t, next) {
            ("one", Some("plus")) => {
                push(&["oneplus"]);
                i += 1;
            }
            // The iPhone SE generations by the year people remember.
            ("se", Some("2020")) => {
                push(&["se", "2"]);
                i += 1;
            }
            ("se", Some("2022")) => {
                push(&["se", "3"]);
                i += 1;
            }
            ("pm" | "promax", _) => push(&["pro", "max"]),
            ("ip", _) => push(&["iphone"]),
            ("zflip", _) => push(&["z", "flip"]),
            ("zfold", _) => push(&["z", "fold"]),
            ("xsmax", _) => push(&["xs", "max"]),
            ("u", _) => push(&["ultra"]),
            ("sammy", _) => push(&["samsung"]),
            ("google", Some("pixel")) => {}
            // "Xperia 1 Mark 4": "mark" carries no information.
            ("mark" | "mk", _) => {}
            _ => push(&[t]),
        }
        i += 1;
    }
    out
}

/// How well one query token matches one name token.
fn token_score(query: &str, candidate: &str, last: bool) -> Option<i32> {
    if query == candidate {
        return Some(10);
    }
    let numeric = is_number(query);
    if candidate.starts_with(query) {
        // "ult" → "ultra" any time; "1" → "15" only while it is still being typed.
        if !numeric || (last && is_number(candidate)) {
            return Some(6);
        }
        return None;
    }
    if !numeric && query.len() >= 4 && candidate.len() >= 4 && one_edit_apart(query, candidate) {
        // "samsumg", "iphnoe": one slip of the finger.
        return Some(4);
    }
    None
}

/// Whether `a` becomes `b` with one insertion, deletion, substitution or swap of neighbours.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - prefix - suffix, b.len() - prefix - suffix);
    match (ra, rb) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix],
        _ => false,
    }
}

/// A model name prepared for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Searchable {
    name: Vec<String>,
    brand: Vec<String>,
    compact_names: Vec<String>,
    compact_models: Vec<String>,
    prefix_models: Vec<String>,
}

/// Name tokens a query need not mention ("Galaxy S21 5G" is what "s21" means).
fn optional(token: &str) -> bool {
    matches!(token, "5g" | "generation")
}

impl Searchable {
    /// Prepares `brand` + `name` (+ the model codes that report as it) for matching.
    pub fn new<'a>(brand: &str, name: &str, models: impl IntoIterator<Item = &'a str>) -> Self {
        let models: Vec<&str> = models.into_iter().collect();
        let mut brand_tokens = tokens(brand);
        // What people call the brand besides its name (model names carry "Galaxy",
        // "Pixel", "iPhone" themselves).
        if brand_tokens.first().is_some_and(|b| b == "motorola") {
            brand_tokens.push("moto".to_string());
        }
        Searchable {
            name: tokens(name),
            brand: brand_tokens,
            compact_names: vec![compact(name), compact(&format!("{brand}{name}"))],
            compact_models: models.iter().map(|m| compact(m)).collect(),
            // Apple's identifiers ("iPhone11,8" is the XR) read like names without
            // their comma: "iphone11" must not match them by prefix.
            prefix_models: models
                .iter()
                .filter(|m| !m.contains(','))
                .map(|m| compact(m))
                .collect(),
        }
    }

    /// A score for `query`, or `None` if it does not match. Higher is better.
    pub fn score(&self, query: &Query) -> Option<i32> {
        let whole = query.compact.as_str();
        if whole.len() >= 3 {
            if self.compact_models.iter().any(|m| m == whole) {
                return Some(1000);
            }
            if self.compact_names.iter().any(|n| n == whole) {
                return Some(900);
            }
        }
        let by_tokens = self.token_score(&query.tokens);
        let by_prefix = if whole.len() >= 4 {
            let model = self.prefix_models.iter().any(|m| m.starts_with(whole));
            let name = self.compact_names.iter().find(|n| n.starts_with(whole));
            match (model, name) {
                // "SM-S911" → every S23 variant.
                (true, _) if whole.len() >= 5 => Some(500),
                // "galaxyzflip" → "Galaxy Z Flip…": shorter names first.
                (_, Some(n)) => Some(300 - (n.len() - whole.len()) as i32),
                _ => None,
            }
        } else {
            None
        };
        by_tokens.max(by_prefix)
    }

    fn token_score(&self, query: &[String]) -> Option<i32> {
        if query.is_empty() {
            return None;
        }
        let mut used = vec![false; self.name.len()];
        let mut brand_used = vec![false; self.brand.len()];
        let mut total = 0;
        for (i, q) in query.iter().enumerate() {
            let last = i + 1 == query.len();
            let best = self
                .name
                .iter()
                .enumerate()
                .filter(|(j, _)| !used[*j])
                .filter_map(|(j, c)| token_score(q, c, last).map(|s| (s, j)))
                .max_by_key(|(s, j)| (*s, std::cmp::Reverse(*j)));
            if let Some((s, j)) = best {
                used[j] = true;
                total += s;
                continue;
            }
            let brand = self
                .brand
                .iter()
                .enumerate()
                .filter(|(j, _)| !brand_used[*j])
                .filter_map(|(j, c)| token_score(q, c, last).map(|s| (s, j)))
                .max_by_key(|(s, _)| *s);
            let (s, j) = brand?;
            brand_used[j] = true;
            // The brand confirms but does not distinguish models.
            total += s - 2;
        }
        let missing = self
            .name
            .iter()
            .zip(&used)
            .filter(|(t, u)| !**u && !optional(t))
            .count() as i32;
        // Fewer unexplained words first: "iphone 15" is the iPhone 15, then the 15 Pro.
        Some(total - 2 * missing)
    }
}

/// A query, prepared once for matching against every model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    tokens: Vec<String>,
    compact: String,
}

impl Query {
    /// Prepares what the traveller typed.
    pub fn new(text: &str) -> Self {
        Query {
            tokens: query_tokens(text),
            compact: compact(text),
        }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.compact.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> String {
        tokens(s).join(" ")
    }

    #[test]
    fn tokens_forgive_spacing_case_and_punctuation() {
        assert_eq!(toks("Galaxy Z Flip5"), "galaxy z flip 5");
        assert_eq!(toks("galaxy z flip 5"), "galaxy z flip 5");
        assert_eq!(toks("iPhone SE (2nd generation)"), "iphone se 2 generation");
        assert_eq!(toks("Galaxy S23+ 5G"), "galaxy s 23 plus 5g");
        assert_eq!(toks("Xperia 1 IV"), "xperia 1 4");
        assert_eq!(toks("pixel8a"), "pixel 8 a");
        assert_eq!(toks("  IPHONE15   pro "), "iphone 15 pro");
        assert_eq!(toks("Pixel 4a (5G)"), "pixel 4 a 5g");
        assert_eq!(toks(""), "");
    }

    #[test]
    fn shorthand_expands() {
        assert_eq!(query_tokens("ip15pm").join(" "), "iphone 15 pro max");
        assert_eq!(query_tokens("s23u").join(" "), "s 23 ultra");
        assert_eq!(query_tokens("zflip5").join(" "), "z flip 5");
        assert_eq!(query_tokens("one plus 12").join(" "), "oneplus 12");
        assert_eq!(query_tokens("iphone se 2020").join(" "), "iphone se 2");
        assert_eq!(query_tokens("xperia 1 mark iv").join(" "), "xperia 1 4");
    }

    #[test]
    fn compact_keeps_only_letters_and_digits() {
        assert_eq!(compact("SM-S911B"), "sms911b");
        assert_eq!(compact("Galaxy S23+"), "galaxys23plus");
        assert_eq!(compact("iPhone16,2"), "iphone162");
    }

    #[test]
    fn edits() {
        assert!(one_edit_apart("samsumg", "samsung"));
        assert!(one_edit_apart("iphnoe", "iphone"));
        assert!(one_edit_apart("galaxi", "galaxy"));
        assert!(one_edit_apart("pixl", "pixel"));
        assert!(!one_edit_apart("pixel", "piano"));
        assert!(!one_edit_apart("ultra", "ul"));
    }

    fn score(brand: &str, name: &str, models: &[&str], q: &str) -> Option<i32> {
        Searchable::new(brand, name, models.iter().copied()).score(&Query::new(q))
    }

    #[test]
    fn exact_words_beat_extra_words() {
        let plain = score("Apple", "iPhone 15", &[], "iphone 15").unwrap();
        let pro = score("Apple", "iPhone 15 Pro", &[], "iphone 15").unwrap();
        assert!(plain > pro);
        // Word order of Pro/Max/Plus does not matter.
        assert!(score("Apple", "iPhone 15 Pro Max", &[], "iphone 15 max pro").is_some());
        // A number is a number: "15" is not the 14.
        assert!(score("Apple", "iPhone 14", &[], "iphone 15").is_none());
        // …but a number still being typed may grow: "iphone 1" → 15.
        assert!(score("Apple", "iPhone 15", &[], "iphone 1").is_some());
        assert!(score("Apple", "iPhone 15", &[], "iphone 1 pro").is_none());
    }

    #[test]
    fn brand_may_be_given_or_left_out() {
        let with = score("Samsung", "Galaxy S23 Ultra", &[], "samsung s23 ultra");
        let without = score("Samsung", "Galaxy S23 Ultra", &[], "s23 ultra");
        assert!(with.is_some() && without.is_some());
        assert!(score("Honor", "Magic V2", &[], "honor magic v2").is_some());
        assert!(score("Samsung", "Galaxy S23", &[], "apple s23").is_none());
    }

    #[test]
    fn model_codes_win() {
        let code = score("Samsung", "Galaxy S23", &["SM-S911B"], "sm-s911b").unwrap();
        assert_eq!(code, 1000);
        assert_eq!(
            score("Samsung", "Galaxy S23", &["SM-S911B"], "SM-S911"),
            Some(500)
        );
        assert!(score("Samsung", "Galaxy S23", &["SM-S911B"], "SM-S9110").is_none());
    }

    #[test]
    fn no_spaces_at_all() {
        assert!(score("Samsung", "Galaxy Z Flip5", &[], "galaxyzflip").is_some());
        assert_eq!(
            score("Samsung", "Galaxy Z Flip5", &[], "galaxyzflip5"),
            Some(900)
        );
    }

    #[test]
    fn empty_query_matches_nothing() {
        assert!(Query::new("  ").is_empty());
        assert!(score("Apple", "iPhone 15", &[], "").is_none());
    }
}
