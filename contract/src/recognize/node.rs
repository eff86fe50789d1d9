//! [`Node`]: a JSON answer as read for recognition.
//!
//! A small tree of its own rather than `serde_json::Value`: objects keep their
//! order in a `Vec` (no `BTreeMap`), numbers stay text (no float printing), so
//! the widget's wasm bundle pays little for it. The proxy builds one from its
//! `serde_json::Value` through the same `Deserialize`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value; numbers as their decimal text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Node {
    /// `null` (or a missing value).
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as decimal text.
    Number(String),
    /// A string, as sent.
    Text(String),
    /// An array.
    List(Vec<Node>),
    /// An object, in the order its keys arrived.
    Object(Vec<(String, Node)>),
}

/// Deepest nesting read: ITT's answers are a few levels deep; anything deeper is dropped
/// so a hostile answer cannot exhaust the stack.
const MAX_DEPTH: usize = 24;

/// Cleans a scalar as ITT sends it: trims whitespace and trailing commas, and maps
/// the spellings of "nothing" (`""`, `"null"`, `"null,"`) to `None`.
pub fn clean_text(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches(',').trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("null") {
        None
    } else {
        Some(trimmed.to_string())
    }
}

/// Decimal text of a JSON float, to at most six fraction digits, without the
/// float formatting machinery (which would weigh ~20 KB in the widget's bundle).
pub fn f64_text(v: f64) -> Option<String> {
    if !v.is_finite() || v.abs() >= 9.0e12 {
        return None;
    }
    let negative = v < 0.0;
    let micro = (v.abs() * 1_000_000.0 + 0.5) as u64;
    let (whole, frac) = (micro / 1_000_000, micro % 1_000_000);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if frac != 0 {
        let digits = format!("{frac:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    Some(out)
}

impl Node {
    /// The value of `key` in an object (exact name).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of the first of `keys` present in an object, any ASCII case.
    pub fn get_any(&self, keys: &[&str]) -> Option<&Node> {
        let Node::Object(entries) = self else {
            return None;
        };
        keys.iter().find_map(|key| {
            entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
    }

    /// The first of `keys` that holds usable text (cleaned by [`clean_text`]).
    pub fn text_of(&self, keys: &[&str]) -> Option<String> {
        let Node::Object(entries) = self else {
            return None;
        };
        keys.iter().find_map(|key| {
            entries
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(key))
                .find_map(|(_, v)| v.text())
        })
    }

    /// This value as text: strings cleaned, numbers and booleans spelled, others `None`.
    pub fn text(&self) -> Option<String> {
        match self {
            Node::Text(s) => clean_text(s),
            Node::Number(n) => Some(n.clone()),
            Node::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// The entries of an object, or nothing.
    pub fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    /// The items of something that stands for a list: an array, an object keyed
    /// `"0"`, `"1"`, … (in numeric order; stray keys such as `-"filter"` dropped when
    /// some keys are positions), or a single object (one item).
    pub fn items(&self) -> Vec<&Node> {
        match self {
            Node::List(items) => items.iter().collect(),
            Node::Object(entries) => {
                let positional = |k: &str| k.trim().parse::<u64>().ok();
                if entries.iter().any(|(k, _)| positional(k).is_some()) {
                    let mut keyed: Vec<(u64, &Node)> = entries
                        .iter()
                        .filter_map(|(k, v)| positional(k).map(|p| (p, v)))
                        .collect();
                    crate::sort::sort_by_key(&mut keyed, |(p, _)| *p);
                    keyed.into_iter().map(|(_, v)| v).collect()
                } else {
                    vec![self]
                }
            }
            _ => Vec::new(),
        }
    }

    /// Every object inside this value (itself included), depth first, with the key
    /// path that leads to it from here (`["voucher", "esims", "0"]`).
    pub fn objects(&self) -> Vec<(Vec<&str>, &Node)> {
        fn walk<'a>(
            node: &'a Node,
            path: &mut Vec<&'a str>,
            out: &mut Vec<(Vec<&'a str>, &'a Node)>,
        ) {
            match node {
                Node::Object(entries) => {
                    out.push((path.clone(), node));
                    for (k, v) in entries {
                        path.push(k);
                        walk(v, path, out);
                        path.pop();
                    }
                }
                Node::List(items) => {
                    for v in items {
                        walk(v, path, out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(self, &mut Vec::new(), &mut out);
        out
    }
}

/// Reads any JSON into a [`Node`], dropping what lies deeper than [`MAX_DEPTH`].
struct NodeSeed(usize);

impl<'de> de::DeserializeSeed<'de> for NodeSeed {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor(usize);

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(f64_text(v).map_or(Node::Null, Node::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        if self.0 >= MAX_DEPTH {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Node::Null);
        }
        while let Some(item) = seq.next_element_seed(NodeSeed(self.0 + 1))? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        if self.0 >= MAX_DEPTH {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            return Ok(Node::Null);
        }
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(NodeSeed(self.0 + 1))?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(json: &str) -> Node {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_any_json_and_keeps_order() {
        let n = node(r#"{"b": 1.5, "a": [true, null, "x,"], "c": {"0": 1}}"#);
        assert_eq!(n.get("b"), Some(&Node::Number("1.5".into())));
        assert_eq!(n.entries()[1].0, "a");
        assert_eq!(n.get("a").unwrap().items()[2].text(), Some("x".into()));
        assert_eq!(n.text_of(&["B"]), Some("1.5".into()));
    }

    #[test]
    fn keyed_objects_are_lists_and_single_objects_one_item() {
        let n = node(r#"{"1": {"v": 2}, "0": {"v": 1}, "-\"filter\"": {}}"#);
        let items = n.items();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text_of(&["v"]), Some("1".into()));
        assert_eq!(node(r#"{"v": 1}"#).items().len(), 1);
        assert!(node("\"null,\"").items().is_empty());
    }

    #[test]
    fn deep_nesting_is_cut_not_overflowed() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        let mut n = &serde_json::from_str::<Node>(&deep).unwrap();
        let mut depth = 0;
        while let Node::List(items) = n {
            depth += 1;
            n = &items[0];
        }
        assert_eq!((depth, n), (MAX_DEPTH, &Node::Null));
    }

    #[test]
    fn floats_are_decimal_text() {
        assert_eq!(f64_text(4.5), Some("4.5".into()));
        assert_eq!(f64_text(-0.25), Some("-0.25".into()));
        assert_eq!(f64_text(f64::NAN), None);
    }
}
