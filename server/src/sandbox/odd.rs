//! ITT's habits, applied to a clean answer (the Rust twin of `scripts/contract/oddify.py`).
//!
//! Numbers and booleans become strings, often with a stray trailing comma,
//! `null` becomes `"null,"`, lists of objects become objects keyed `"0"`,
//! `"1"`, ..., `status` becomes `"Status": "Success"` and a mangled `-"filter"`
//! key appears. Deterministic, so tests and demos see the same bytes each time.

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
                let all_objects = items.iter().all(Value::is_object);
                let items: Vec<Value> =
                    items.into_iter().map(|v| self.walk(v, depth + 1)).collect();
                if self.tick() % 2 == 1 || all_objects {
                    Value::Object(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect(),
                    )
                } else {
                    Value::Array(items)
                }
            }
            Value::Null => {
                self.tick();
                Value::String("null,".into())
            }
            Value::Bool(b) => {
                let k = self.tick();
                Value::String(if k % 3 == 0 {
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

/// The answer as ITT's samples would send it.
pub fn oddify(answer: Value) -> Value {
    let mut odd = Odd { n: 0 }.walk(answer, 0);
    if let Value::Object(map) = &mut odd {
        if let Some(Value::String(status)) = map.remove("status") {
            let mut chars = status.chars();
            let capitalised = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
            map.insert("Status".into(), Value::String(capitalised));
        }
        map.insert("-\"filter\"".into(), Value::Object(Map::new()));
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn applies_the_habits() {
        let odd = oddify(json!({
            "status": "success",
            "total": 2,
            "data": [{"price": 4.5, "ok": true, "none": null}],
        }));
        assert_eq!(odd["Status"], "Success");
        assert!(odd.get("status").is_none());
        assert!(odd["total"].is_string());
        assert!(odd["data"]["0"]["price"]
            .as_str()
            .unwrap()
            .starts_with("4.5"));
        assert_eq!(odd["data"]["0"]["none"], "null,");
        assert!(odd.get("-\"filter\"").is_some());
        assert_eq!(
            oddify(json!({"a": [1, 2]})),
            oddify(json!({"a": [1, 2]})),
            "deterministic"
        );
    }
}
