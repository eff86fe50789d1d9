//! ITT's habits, applied to a clean answer (the scalar habits of
//! `scripts/contract/oddify.py`).
//!
//! Numbers and booleans become strings, often with a stray trailing comma,
//! `null` becomes `"null,"`, unknown keys (`x_unexpected_*`) appear in nested
//! objects, and the reference's rendering artefacts (`-"filter"`) are added.
//! Deterministic, so tests and demos see the same bytes each time.
//!
//! The kinds are left alone: lists stay lists and objects stay objects, so an
//! answer keeps the reference's top-level kinds. Whether a collection is a list
//! or an object keyed `"0"`, `"1"` is [`super::layout`]'s concern, seeded per
//! booking and the same in the clean form.

use serde_json::{Map, Value};

struct Odd {
    n: u64,
}

impl Odd {
    fn tick(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    fn walk(&mut self, value: Value, depth: usize) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (i, (k, v)) in map.into_iter().enumerate() {
                    let v = self.walk(v, depth + 1);
                    out.insert(k.clone(), v);
                    if i == 0 && depth > 0 && self.tick() % 2 == 1 {
                        out.insert(
                            format!("x_unexpected_{k}"),
                            serde_json::json!({"nested": [1, "two", null]}),
                        );
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.walk(v, depth + 1)).collect())
            }
            Value::Null => {
                self.tick();
                Value::String("null,".into())
            }
            Value::Bool(b) => {
                let k = self.tick();
                Value::String(if k.is_multiple_of(3) {
                    b.to_string().to_uppercase()
                } else {
                    format!("{b},")
                })
            }
            Value::Number(n) => {
                let k = self.tick();
                Value::String(if k % 2 == 1 {
                    format!("{n},")
                } else {
                    n.to_string()
                })
            }
            Value::String(s) => Value::String(s),
        }
    }
}

/// The answer as ITT's samples would send it, with the reference's rendering
/// `artefacts` of the operation (`-"filter"`): each repeats the value of the
/// key it mangles when the answer has that key, else it is an empty object.
pub fn oddify(answer: Value, artefacts: &[String]) -> Value {
    let mut odd = Odd { n: 0 }.walk(answer, 0);
    if let Value::Object(map) = &mut odd {
        for artefact in artefacts {
            let mangled = artefact.trim_start_matches('-').trim_matches('"');
            let value = map
                .get(mangled)
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            map.insert(artefact.clone(), value);
        }
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn applies_the_habits_and_keeps_the_kinds() {
        let artefacts = ["-\"filter\"".to_string()];
        let odd = oddify(
            json!({
                "status": "success",
                "total": 2,
                "filter": {"a": 1},
                "data": [{"price": 4.5, "ok": true, "none": null}],
            }),
            &artefacts,
        );
        assert_eq!(odd["status"], "success");
        assert!(odd["total"].is_string());
        assert!(odd["data"].is_array(), "lists stay lists");
        assert!(odd["data"][0]["price"].as_str().unwrap().starts_with("4.5"));
        assert_eq!(odd["data"][0]["none"], "null,");
        assert_eq!(odd["-\"filter\""], odd["filter"]);
        assert_eq!(
            oddify(json!({"a": [1, 2]}), &[]),
            oddify(json!({"a": [1, 2]}), &[]),
            "deterministic"
        );
    }
}
