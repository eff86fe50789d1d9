//! The proxy's answer filter ([`filter_answer`]) and failure reduction
//! ([`reduce_failure`]); the rules are in the [module docs](super).

use super::{reads, Reads, PROXY_KEYS};
use crate::recognize::{clean_text, ENVELOPE_STATUS_KEYS};
use crate::reference::extraction;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// Deepest nesting kept (the recognition reads no deeper either).
const MAX_DEPTH: usize = 24;

/// The key names that may reach the browser in one operation's answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    /// Allowed key names, lower case.
    keys: BTreeSet<String>,
    /// Keys whose object may be a keyed container, lower case.
    containers: BTreeSet<String>,
    /// Containers of numbered texts, lower case.
    text_lists: BTreeSet<String>,
}

fn lower(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_ascii_lowercase()).collect()
}

impl Allowlist {
    /// `operation`'s allowlist: the reference's response keys and what the widget
    /// reads; for an operation the browser does not call, status and reason only.
    pub fn of(operation: &str) -> &'static Allowlist {
        static LISTS: LazyLock<HashMap<String, Allowlist>> = LazyLock::new(|| {
            extraction()
                .operations
                .iter()
                .filter_map(|op| {
                    let reads = reads(&op.operation)?;
                    Some((
                        op.operation.clone(),
                        Allowlist::build(&op.operation, &reads),
                    ))
                })
                .collect()
        });
        static ENVELOPE: LazyLock<Allowlist> = LazyLock::new(|| Allowlist {
            keys: lower(&super::ENVELOPE_FIELDS),
            ..Allowlist::default()
        });
        LISTS.get(operation).unwrap_or(&ENVELOPE)
    }

    fn build(operation: &str, reads: &Reads) -> Allowlist {
        let documented: Vec<&str> = extraction()
            .operation(operation)
            .map(|op| op.response.keys.iter().map(|k| k.name.as_str()).collect())
            .unwrap_or_default();
        let mut keys = lower(&reads.keys);
        keys.extend(lower(&documented));
        for proxy in PROXY_KEYS {
            keys.remove(proxy);
        }
        Allowlist {
            keys,
            containers: lower(&reads.containers),
            text_lists: lower(&reads.text_lists),
        }
    }

    /// Whether `key` may pass (any ASCII case).
    pub fn allows(&self, key: &str) -> bool {
        // Most keys are lower case already: no copy for them (answers have thousands).
        match has_upper(key) {
            false => self.keys.contains(key),
            true => self.keys.contains(&key.to_ascii_lowercase()),
        }
    }

    /// The allowed key names, lower case, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(String::as_str)
    }

    fn place_of(&self, key: &str) -> Place {
        let lowered;
        let key = match has_upper(key) {
            false => key,
            true => {
                lowered = key.to_ascii_lowercase();
                lowered.as_str()
            }
        };
        if self.text_lists.contains(key) {
            Place::Steps
        } else if self.containers.contains(key) {
            Place::Keyed
        } else {
            Place::Named
        }
    }
}

fn has_upper(key: &str) -> bool {
    key.bytes().any(|b| b.is_ascii_uppercase())
}

/// What a value's position accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// An object of named fields: only allowlisted keys.
    Named,
    /// Under a container key: keyed containers too.
    Keyed,
    /// Under a text-list key: numbered texts too.
    Steps,
    /// The value of a group key inside a container: entries (objects) only.
    Group,
}

/// Whether a key of a keyed container names money or credentials (refused even there).
fn sensitive(key: &str) -> bool {
    const INSIDE: [&str; 14] = [
        "price",
        "cost",
        "markup",
        "margin",
        "commission",
        "profit",
        "wholesale",
        "apikey",
        "secret",
        "password",
        "token",
        "header",
        "cookie",
        "credential",
    ];
    const WORDS: [&str; 8] = ["net", "buy", "buying", "fee", "fees", "key", "api", "auth"];
    let lower = key.to_ascii_lowercase();
    if INSIDE.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // Words: split at non-alphanumerics and lower-to-upper case changes (`netPrice`).
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase();
        current.push(c.to_ascii_lowercase());
    }
    words.push(current);
    words.iter().any(|w| WORDS.contains(&w.as_str()))
}

fn positional(key: &str) -> bool {
    key.trim().parse::<u64>().is_ok()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// `path.key`, positions written `#` (one line per kind of key, not per entry).
fn child_path(path: &str, key: &str) -> String {
    let key = if positional(key) { "#" } else { key };
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

struct Filter<'a> {
    list: &'a Allowlist,
    dropped: BTreeSet<String>,
}

impl Filter<'_> {
    fn drop(&mut self, path: &str, key: &str) {
        self.dropped.insert(child_path(path, key));
    }

    fn object(&mut self, map: &mut Map<String, Value>, place: Place, path: &str, depth: usize) {
        let list = self.list;
        // A pure group: no allowlisted key at all (ids, positions, supplier names).
        let pure = place != Place::Named && !map.keys().any(|k| list.allows(k));
        map.retain(|key, value| {
            let nested = matches!(value, Value::Object(_) | Value::Array(_));
            if nested && depth >= MAX_DEPTH {
                self.drop(path, key);
                return false;
            }
            let child_path = child_path(path, key);
            if list.allows(key) {
                self.value(value, list.place_of(key), &child_path, depth + 1);
                return true;
            }
            let keep = match place {
                Place::Named | Place::Group => false,
                Place::Keyed | Place::Steps if !nested => {
                    place == Place::Steps
                        && positional(key)
                        && matches!(value, Value::String(_) | Value::Number(_))
                }
                Place::Keyed | Place::Steps => {
                    if positional(key) || (pure && !sensitive(key)) {
                        self.value(value, Place::Group, &child_path, depth + 1);
                        !is_empty(value)
                    } else {
                        false
                    }
                }
            };
            if !keep {
                self.drop(path, key);
            }
            keep
        });
    }

    fn value(&mut self, value: &mut Value, place: Place, path: &str, depth: usize) {
        match value {
            Value::Object(map) => {
                let inner = if place == Place::Group {
                    Place::Named
                } else {
                    place
                };
                self.object(map, inner, path, depth);
            }
            Value::Array(items) => {
                let path = format!("{path}[]");
                items.retain_mut(|item| match item {
                    Value::Object(_) | Value::Array(_) if depth >= MAX_DEPTH => {
                        self.dropped.insert(path.clone());
                        false
                    }
                    Value::Object(_) | Value::Array(_) => {
                        self.value(item, place, &path, depth + 1);
                        // A group keeps only entries that still say something.
                        place != Place::Group || !is_empty(item)
                    }
                    // Scalars in a named list pass (its key is allowlisted); a group holds entries.
                    _ => place != Place::Group,
                });
            }
            _ => {}
        }
    }
}

/// Filters an ITT answer of `operation` down to what the widget reads (see the
/// [module docs](super)); returns the paths of what was dropped (key names only,
/// `[]` for list items, `#` for positions), sorted and once each, for a debug
/// log. Pure: the proxy's own keys ([`PROXY_KEYS`]) are added by the caller
/// afterwards. Kept keys keep their values untouched; the map's key order is
/// serde_json's (sorted), which no reader depends on but for groups keyed by
/// name (`{"airalo": [...], "esimgo": [...]}` are then read in name order).
pub fn filter_answer(operation: &str, answer: &mut Map<String, Value>) -> Vec<String> {
    let mut filter = Filter {
        list: Allowlist::of(operation),
        dropped: BTreeSet::new(),
    };
    filter.object(answer, Place::Named, "", 0);
    filter.dropped.into_iter().collect()
}

/// Longest `reason` a reduced failure keeps, in characters (an ellipsis included).
pub const MAX_REASON_CHARS: usize = 200;
/// Longest `status` a reduced failure keeps.
pub const MAX_STATUS_CHARS: usize = 40;

/// A value as text, as the widget reads scalars (cleaned; `null` spellings none).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean_text(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Plain text of at most `max` characters: HTML tags removed, control
/// characters and runs of white space made one space, cut with an ellipsis.
fn plain(text: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
        if tag {
            // Up to the tag's end (an unterminated tag takes the rest).
            for t in chars.by_ref() {
                if t == '>' {
                    break;
                }
            }
            out.push(' ');
        } else if c.is_control() || c.is_whitespace() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let text = clean_text(&words.join(" "))?;
    if text.chars().count() <= max {
        return Some(text);
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Some(cut)
}

/// An ITT failure reduced to what the widget reads of it: `status` (ITT's
/// `status`/`Status` as text, `failed` when it gives none) and `reason` (its
/// `reason`/`Reason` as plain text of at most [`MAX_REASON_CHARS`] characters,
/// when it gives one). Everything else ITT sent (echoed headers or request,
/// stack traces, per-field details) stays at the proxy.
pub fn reduce_failure(answer: &Map<String, Value>) -> Map<String, Value> {
    let first_text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| answer.get(*k).and_then(scalar_text))
    };
    let status = first_text(&ENVELOPE_STATUS_KEYS)
        .and_then(|s| plain(&s, MAX_STATUS_CHARS))
        .unwrap_or_else(|| "failed".to_string());
    let mut out = Map::new();
    out.insert("status".into(), Value::String(status));
    if let Some(reason) =
        first_text(&["reason", "Reason"]).and_then(|r| plain(&r, MAX_REASON_CHARS))
    {
        out.insert("reason".into(), Value::String(reason));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filtered(operation: &str, answer: Value) -> (Value, Vec<String>) {
        let Value::Object(mut map) = answer else {
            panic!("an object")
        };
        let dropped = filter_answer(operation, &mut map);
        (Value::Object(map), dropped)
    }

    #[test]
    fn named_positions_keep_only_allowlisted_keys() {
        let (out, dropped) = filtered(
            "create-booking",
            json!({
                "status": "success", "booking_id": "ES1",
                "buying_price": 5, "markup": {"amount": 3},
                "price": {"total_price": 10, "currency": "USD", "net_price": 7, "supplier_cost": {"total": 6}},
                "general": {"payment_status": "paid", "headers": {"apikey": "k"}},
                "booking_token": "from-itt", "tracking_key": "from-itt",
            }),
        );
        assert_eq!(
            out,
            json!({"status": "success", "booking_id": "ES1",
                   "price": {"total_price": 10, "currency": "USD"},
                   "general": {"payment_status": "paid"}})
        );
        assert_eq!(
            dropped,
            [
                "booking_token",
                "buying_price",
                "general.headers",
                "markup",
                "price.net_price",
                "price.supplier_cost",
                "tracking_key"
            ]
        );
    }

    #[test]
    fn keyed_containers_pass_under_container_keys_only() {
        let esim = json!({"iccid": "1", "qrcode": "LPA:1$a.b$C", "buying_price": 2});
        let (out, _) = filtered(
            "booking-details",
            json!({
                "status": "success",
                "eSim": {"0": esim, "airalo": [esim, 7], "markup": {"iccid": "9"}, "x": "scalar"},
                "pax": {"adult": [{"first_name": "Amara", "net_price": 1}]},
                "general": {"0": {"booking_id": "smuggled"}, "airalo": [{"booking_id": "x"}]},
                "booking": {"payment_url": "https://pay.example/1", "0": {"booking_id": "x"}},
            }),
        );
        let clean = json!({"iccid": "1", "qrcode": "LPA:1$a.b$C"});
        assert_eq!(
            out,
            json!({
                "status": "success",
                "eSim": {"0": clean, "airalo": [clean]},
                "pax": {"adult": [{"first_name": "Amara"}]},
                "general": {},
                "booking": {"payment_url": "https://pay.example/1"},
            })
        );
    }

    #[test]
    fn mixed_containers_keep_positions_not_names() {
        let (out, dropped) = filtered(
            "search",
            json!({"status": "success", "data": {
                "0": {"package_id": "A", "sell_price": 4.5, "buying_price": 3},
                "x_unexpected_0": {"nested": [1, "two", null]},
                "wholesale": {"package_id": "B"},
                "1": "scalar",
            }, "-\"filter\"": {}}),
        );
        assert_eq!(
            out,
            json!({"status": "success", "data": {"0": {"package_id": "A", "sell_price": 4.5}}})
        );
        assert!(
            dropped.contains(&"data.x_unexpected_0".to_string()),
            "{dropped:?}"
        );
        for path in ["data.wholesale", "data.#.buying_price", "data.#"] {
            assert!(dropped.contains(&path.to_string()), "{path}: {dropped:?}");
        }
    }

    #[test]
    fn numbered_steps_keep_their_texts() {
        let (out, _) = filtered(
            "installation-instructions",
            json!({"status": "success", "instructions": {"language": "en", "ios": {"0": {
                "version": "17",
                "installation_via_qr_code": {"steps": {"1": "a", "2": "b", "x": "c", "3": {"y": 1}}},
                "network_setup": {"steps": ["a", "b"], "markup": 1},
            }}}}),
        );
        assert_eq!(
            out["instructions"]["ios"]["0"],
            json!({"version": "17",
                   "installation_via_qr_code": {"steps": {"1": "a", "2": "b"}},
                   "network_setup": {"steps": ["a", "b"]}})
        );
    }

    #[test]
    fn sensitive_group_names() {
        for yes in [
            "buying_price",
            "netPrice",
            "net",
            "Markup",
            "supplier_cost",
            "headers",
            "apikey",
            "x-api-key",
            "fee",
        ] {
            assert!(sensitive(yes), "{yes}");
        }
        for no in [
            "airalo", "esimgo", "Google", "adult", "OnePlus", "0", "Motorola",
        ] {
            assert!(!sensitive(no), "{no}");
        }
    }

    #[test]
    fn too_deep_is_dropped() {
        let mut deep = json!({"package_id": "A"});
        for _ in 0..30 {
            deep = json!({"package_details": deep});
        }
        let (out, dropped) = filtered("search", json!({"status": "success", "data": [deep]}));
        assert!(!dropped.is_empty());
        assert!(out.to_string().len() < deep.to_string().len());
    }

    #[test]
    fn failures_keep_status_and_a_short_plain_reason() {
        let reduced = |v: Value| Value::Object(reduce_failure(v.as_object().unwrap()));
        assert_eq!(
            reduced(json!({"Status": "Failed", "Reason": "Booking not found.",
                           "headers": {"apikey": "secret"}, "request": {"member_id": 2}})),
            json!({"status": "Failed", "reason": "Booking not found."})
        );
        assert_eq!(
            reduced(
                json!({"status": "error,", "reason": "<html><body><h1>500\nServer\tError</h1></body></html>"})
            ),
            json!({"status": "error", "reason": "500 Server Error"})
        );
        assert_eq!(
            reduced(json!({"message": "x"})),
            json!({"status": "failed"})
        );
        let long = reduced(json!({"status": "failed", "reason": "é".repeat(500)}));
        let reason = long["reason"].as_str().unwrap();
        assert_eq!(reason.chars().count(), MAX_REASON_CHARS);
        assert!(reason.ends_with('…'));
        assert_eq!(
            reduced(json!({"status": null, "Status": 0, "reason": "a\u{0}b"})),
            json!({"status": "0", "reason": "a b"})
        );
    }
}
