//! Tolerant decoding of ITT's sloppy JSON.
//!
//! The published ITT samples send numbers and booleans as strings, leave stray
//! commas inside values (`"24,"`, `"489.41,"`), write `"null,"` for absent values
//! and sometimes key a list as an object (`{"0": .., "1": ..}`). Every helper here
//! accepts all of those forms so one odd field never breaks a whole response.
//!
//! The helpers are serde visitors working on the token stream, not on a
//! `serde_json::Value` tree: this keeps the wasm bundle small (no `Value`, no
//! `BTreeMap`, no float printing) and decodes in one pass.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A JSON scalar as text, or nothing for `null`, objects and arrays.
struct ScalarText(Option<String>);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ScalarText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(clean_text(v)))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<ScalarText, E> {
                Ok(ScalarText(clean_text(&v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ScalarText, E> {
                Ok(ScalarText(f64_text(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ScalarText, E> {
                Ok(ScalarText(Some(
                    if v { "true" } else { "false" }.to_string(),
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ScalarText, E> {
                Ok(ScalarText(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<ScalarText, E> {
                Ok(ScalarText(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ScalarText, D::Error> {
                ScalarText::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ScalarText, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ScalarText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ScalarText, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ScalarText(None))
            }
        }
        d.deserialize_any(V)
    }
}

use crate::money::is_decimal;
pub use itt_contract::recognize::clean_text;
use itt_contract::recognize::f64_text;

/// A string field that may arrive as a number, a string with a stray comma, or `"null"`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(ScalarText::deserialize(d)?.0)
}

/// A whole number that may arrive as `24`, `"24"`, `"24,"` or `"24.0"`.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(ScalarText::deserialize(d)?.0.and_then(|s| parse_u64(&s)))
}

/// A decimal number kept as its cleaned text, so money never goes through `f64` arithmetic.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(ScalarText::deserialize(d)?.0.filter(|s| is_decimal(s)))
}

/// A boolean that may arrive as `true`, `"true"`, `"false,"`, `"yes"`, `1` or `"0"`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(ScalarText::deserialize(d)?.0.and_then(|s| parse_bool(&s)))
}

/// Visitor methods answering `$value` for every scalar: used where a scalar
/// stands in for an object or a list, which ITT does with `"null,"` and friends.
macro_rules! scalars_are {
    ($ty:ty, $value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<$ty, E> {
            Ok($value)
        }
    };
}

/// An entry of a list: decoded when it is an object, skipped (`None`) otherwise.
struct Entry<T>(Option<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Entry<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Entry(opt_object(d)?))
    }
}

/// An object field that may be missing, `null`, `"null,"` or the wrong type: all become `None`.
///
/// `T` should itself be lenient (every field optional and tolerant), so that an
/// object always decodes; a non-object is skipped rather than failing the response.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        scalars_are!(Option<T>, None);
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// The value of one key of an object that stands for a list: an entry, or a group
/// of entries (`{"airalo": [..], "esimgo": [..]}`: lists grouped per supplier).
struct Group<T>(Vec<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Group<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Group<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an entry or a group of entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Group<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|entry| Group(vec![entry]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Group<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(Entry(item)) = seq.next_element::<Entry<T>>()? {
                    out.extend(item);
                }
                Ok(Group(out))
            }
            scalars_are!(Group<T>, Group(Vec::new()));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list that may arrive as a JSON array, as an object keyed `"0"`, `"1"`, ...
/// (or by id), as an object of groups (`{"airalo": [...]}`), or not at all. Entries
/// that are not objects are skipped rather than failing the list: one malformed
/// package must not hide the other 23.
pub fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(Entry(item)) = seq.next_element::<Entry<T>>()? {
                out.extend(item);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            let mut keyed: Vec<(u64, usize, T)> = Vec::new();
            while let Some((key, Group(items))) = map.next_entry::<String, Group<T>>()? {
                // Keys "0".."n" sort numerically; other keys keep their order after them.
                let position = key.trim().parse::<u64>().unwrap_or(u64::MAX);
                for item in items {
                    keyed.push((position, keyed.len(), item));
                }
            }
            Ok(positional(keyed))
        }
        scalars_are!(Vec<T>, Vec::new());
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// A list of texts (installation steps), as an array or an object keyed `"1"`, `"2"`, ...
/// Entries that are not text are skipped; numbered keys keep their numeric order.
pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of texts")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(ScalarText(item)) = seq.next_element::<ScalarText>()? {
                out.extend(item);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keyed: Vec<(u64, usize, String)> = Vec::new();
            while let Some((key, ScalarText(item))) = map.next_entry::<String, ScalarText>()? {
                if let Some(item) = item {
                    let position = key.trim().parse::<u64>().unwrap_or(u64::MAX);
                    keyed.push((position, keyed.len(), item));
                }
            }
            Ok(positional(keyed))
        }
        scalars_are!(Vec<String>, Vec::new());
    }
    d.deserialize_any(V)
}

/// The items of an object that stands for a list, in list order.
///
/// When some keys are positions (`"0"`, `"1"`, ...), the others are stray keys
/// (such as `-"filter"`) and are dropped; when none is, every entry is kept in
/// the order it arrived.
fn positional<T>(mut keyed: Vec<(u64, usize, T)>) -> Vec<T> {
    if keyed.iter().any(|(position, ..)| *position != u64::MAX) {
        keyed.retain(|(position, ..)| *position != u64::MAX);
    }
    itt_contract::sort::sort_by_key(&mut keyed, |(position, arrival, _)| (*position, *arrival));
    keyed.into_iter().map(|(_, _, item)| item).collect()
}

/// Parses a whole number, accepting a zero fraction (`"7.0"`).
pub fn parse_u64(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let (whole, frac) = s.split_once('.')?;
    if !frac.is_empty() && frac.chars().all(|c| c == '0') {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Item {
        #[serde(default, deserialize_with = "opt_u64")]
        id: Option<u64>,
    }

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
        l: Vec<Item>,
        #[serde(default, deserialize_with = "opt_object")]
        o: Option<Item>,
        #[serde(default, deserialize_with = "text_list")]
        t: Vec<String>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect("probe decodes")
    }

    fn ids(p: Probe) -> Vec<u64> {
        p.l.into_iter().filter_map(|i| i.id).collect()
    }

    #[test]
    fn numbers_arrive_in_every_form() {
        assert_eq!(probe(r#"{"n": 24}"#).n, Some(24));
        assert_eq!(probe(r#"{"n": "24"}"#).n, Some(24));
        assert_eq!(probe(r#"{"n": "24,"}"#).n, Some(24));
        assert_eq!(probe(r#"{"n": " 7.0 "}"#).n, Some(7));
        assert_eq!(probe(r#"{"n": 7.0}"#).n, Some(7));
        assert_eq!(probe(r#"{"n": "7.5"}"#).n, None);
        assert_eq!(probe(r#"{"n": "7."}"#).n, None);
        assert_eq!(probe(r#"{"n": "null,"}"#).n, None);
        assert_eq!(probe(r#"{"n": null}"#).n, None);
        assert_eq!(probe(r#"{"n": {"x": [1]}}"#).n, None);
        assert_eq!(probe(r#"{}"#).n, None);
    }

    #[test]
    fn booleans_arrive_as_strings() {
        assert_eq!(probe(r#"{"b": "false,"}"#).b, Some(false));
        assert_eq!(probe(r#"{"b": "TRUE"}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": 1}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": true}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": "yes"}"#).b, Some(true));
        assert_eq!(probe(r#"{"b": "maybe"}"#).b, None);
    }

    #[test]
    fn strings_drop_null_spellings() {
        assert_eq!(probe(r#"{"s": "null,"}"#).s, None);
        assert_eq!(probe(r#"{"s": "NULL"}"#).s, None);
        assert_eq!(probe(r#"{"s": ""}"#).s, None);
        assert_eq!(probe(r#"{"s": 5}"#).s.as_deref(), Some("5"));
        assert_eq!(probe(r#"{"s": -5}"#).s.as_deref(), Some("-5"));
        assert_eq!(probe(r#"{"s": "1 GB,"}"#).s.as_deref(), Some("1 GB"));
        assert_eq!(probe(r#"{"s": ["a"]}"#).s, None);
    }

    #[test]
    fn decimals_keep_their_text() {
        assert_eq!(probe(r#"{"d": "489.41,"}"#).d.as_deref(), Some("489.41"));
        assert_eq!(probe(r#"{"d": 12.5}"#).d.as_deref(), Some("12.5"));
        assert_eq!(probe(r#"{"d": 0.1}"#).d.as_deref(), Some("0.1"));
        assert_eq!(probe(r#"{"d": 19.99}"#).d.as_deref(), Some("19.99"));
        assert_eq!(probe(r#"{"d": 878}"#).d.as_deref(), Some("878"));
        assert_eq!(probe(r#"{"d": "-3"}"#).d, None);
        assert_eq!(probe(r#"{"d": -3.5}"#).d, None);
        assert_eq!(probe(r#"{"d": "12."}"#).d, None);
        assert_eq!(probe(r#"{"d": "abc"}"#).d, None);
        assert_eq!(probe(r#"{"d": 1e300}"#).d, None);
    }

    #[test]
    fn lists_arrive_as_arrays_or_numbered_objects() {
        // Grouped per supplier, as a collapsed `data: {…}` may hold them.
        assert_eq!(
            ids(probe(
                r#"{"l": {"airalo": [{"id": 1}, {"id": 2}], "other": {"id": 3}}}"#
            )),
            vec![1, 2, 3]
        );
        assert_eq!(
            ids(probe(r#"{"l": [{"id": 1}, {"id": "2,"}]}"#)),
            vec![1, 2]
        );
        assert_eq!(
            ids(probe(
                r#"{"l": {"1": {"id": 20}, "0": {"id": 10}, "10": {"id": 30}, "2": {"id": 25}}}"#
            )),
            vec![10, 20, 25, 30]
        );
        // Stray keys next to positions are not entries; without positions, all are.
        assert_eq!(
            ids(probe(
                r#"{"l": {"1": {"id": 2}, "-\"filter\"": {"id": 9}, "0": {"id": 1}}}"#
            )),
            vec![1, 2]
        );
        assert_eq!(
            ids(probe(r#"{"l": {"b": {"id": 2}, "a": {"id": 1}}}"#)),
            vec![2, 1]
        );
        assert!(probe(r#"{"l": "null,"}"#).l.is_empty());
        assert!(probe(r#"{"l": null}"#).l.is_empty());
        // A bad entry is skipped, the rest survive.
        assert_eq!(
            ids(probe(r#"{"l": [{"id": 1}, "x", 7, null, [], {"id": 3}]}"#)),
            vec![1, 3]
        );
    }

    #[test]
    fn text_lists_keep_step_order() {
        assert_eq!(
            probe(r#"{"t": {"2": "b", "1": "a", "10": "c"}}"#).t,
            vec!["a", "b", "c"]
        );
        assert_eq!(
            probe(r#"{"t": ["a", null, "b,", {"x": 1}]}"#).t,
            vec!["a", "b"]
        );
        assert!(probe(r#"{"t": "null,"}"#).t.is_empty());
    }

    #[test]
    fn objects_or_nothing() {
        assert_eq!(
            probe(r#"{"o": {"id": "4,"}}"#).o,
            Some(Item { id: Some(4) })
        );
        assert_eq!(probe(r#"{"o": "null,"}"#).o, None);
        assert_eq!(probe(r#"{"o": [1]}"#).o, None);
        assert_eq!(probe(r#"{"o": {}}"#).o, Some(Item { id: None }));
    }
}
