//! Tolerant decoding of ITT's sloppy JSON.
//!
//! The published ITT samples send numbers and booleans as strings, leave stray
//! commas inside values (`"24,"`, `"489.41,"`), write `"null,"` for absent values
//! and sometimes key a list as an object (`{"0": .., "1": ..}`). Every helper here
//! accepts all of those forms so one odd field never breaks a whole response.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// Cleans a scalar as ITT sends it: trims whitespace and trailing commas, and maps
/// the spellings of "nothing" (`""`, `"null"`, `"null,"`) to `None`.
pub fn clean_scalar(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(_) | Value::Object(_) => return None,
    };
    let trimmed = text.trim().trim_end_matches(',').trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("null") {
        None
    } else {
        Some(trimmed.to_string())
    }
}

/// A string field that may arrive as a number, a string with a stray comma, or `"null"`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(clean_scalar(&value))
}

/// A whole number that may arrive as `24`, `"24"`, `"24,"` or `"24.0"`.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(clean_scalar(&value).and_then(|s| parse_u64(&s)))
}

/// A decimal number kept as its cleaned text, so money never goes through `f64`.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(clean_scalar(&value).filter(|s| is_decimal(s)))
}

/// A boolean that may arrive as `true`, `"true"`, `"false,"`, `"yes"`, `1` or `"0"`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(clean_scalar(&value).and_then(|s| parse_bool(&s)))
}

/// A list that may arrive as a JSON array, as an object keyed `"0"`, `"1"`, ... or
/// not at all. Entries that do not decode are skipped rather than failing the list:
/// one malformed package must not hide the other 23.
pub fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(d)?;
    Ok(list_items(value)
        .into_iter()
        .filter_map(|item| serde_json::from_value(item).ok())
        .collect())
}

/// An object field that may be missing, `null`, `"null,"` or the wrong type: all become `None`.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(d)?;
    match value {
        Value::Object(_) => Ok(serde_json::from_value(value).ok()),
        _ => Ok(None),
    }
}

/// The items of an array, or of an object whose keys are list positions, in order.
pub fn list_items(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            // Keys "0".."n" sort numerically; any other keys keep their relative order after them.
            entries.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
            entries.into_iter().map(|(_, v)| v).collect()
        }
        _ => Vec::new(),
    }
}

/// Parses a whole number, accepting a zero fraction (`"7.0"`).
pub fn parse_u64(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let (whole, frac) = s.split_once('.')?;
    if frac.chars().all(|c| c == '0') {
        whole.parse().ok()
    } else {
        None
    }
}

/// Parses the boolean spellings ITT and its suppliers use.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// Whether `s` is a plain non-negative decimal such as `489.41` or `12`.
pub fn is_decimal(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "opt_decimal")]
        d: Option<String>,
        #[serde(default, deserialize_with = "lenient_list")]
        l: Vec<u64>,
    }

    fn probe(v: Value) -> Probe {
        serde_json::from_value(v).expect("probe decodes")
    }

    #[test]
    fn numbers_arrive_in_every_form() {
        assert_eq!(probe(json!({"n": 24})).n, Some(24));
        assert_eq!(probe(json!({"n": "24"})).n, Some(24));
        assert_eq!(probe(json!({"n": "24,"})).n, Some(24));
        assert_eq!(probe(json!({"n": " 7.0 "})).n, Some(7));
        assert_eq!(probe(json!({"n": "7.5"})).n, None);
        assert_eq!(probe(json!({"n": "null,"})).n, None);
        assert_eq!(probe(json!({"n": null})).n, None);
        assert_eq!(probe(json!({})).n, None);
    }

    #[test]
    fn booleans_arrive_as_strings() {
        assert_eq!(probe(json!({"b": "false,"})).b, Some(false));
        assert_eq!(probe(json!({"b": "TRUE"})).b, Some(true));
        assert_eq!(probe(json!({"b": 1})).b, Some(true));
        assert_eq!(probe(json!({"b": "yes"})).b, Some(true));
        assert_eq!(probe(json!({"b": "maybe"})).b, None);
    }

    #[test]
    fn strings_drop_null_spellings() {
        assert_eq!(probe(json!({"s": "null,"})).s, None);
        assert_eq!(probe(json!({"s": "NULL"})).s, None);
        assert_eq!(probe(json!({"s": ""})).s, None);
        assert_eq!(probe(json!({"s": 5})).s.as_deref(), Some("5"));
        assert_eq!(probe(json!({"s": "1 GB,"})).s.as_deref(), Some("1 GB"));
    }

    #[test]
    fn decimals_keep_their_text() {
        assert_eq!(probe(json!({"d": "489.41,"})).d.as_deref(), Some("489.41"));
        assert_eq!(probe(json!({"d": 12.5})).d.as_deref(), Some("12.5"));
        assert_eq!(probe(json!({"d": "-3"})).d, None);
        assert_eq!(probe(json!({"d": "12."})).d, None);
        assert_eq!(probe(json!({"d": "abc"})).d, None);
    }

    #[test]
    fn lists_arrive_as_arrays_or_numbered_objects() {
        assert_eq!(probe(json!({"l": [1, 2]})).l, vec![1, 2]);
        assert_eq!(
            probe(json!({"l": {"1": 20, "0": 10, "10": 30, "2": 25}})).l,
            vec![10, 20, 25, 30]
        );
        assert_eq!(probe(json!({"l": "null,"})).l, Vec::<u64>::new());
        // A bad entry is skipped, the rest survive.
        assert_eq!(probe(json!({"l": [1, "x", 3]})).l, vec![1, 3]);
    }
}
