//! Compatible devices: entries anywhere inside `compatible_devices` (a list, an
//! object holding a list, ITT's `"0"`, `"1"` keyed objects, lists grouped by brand),
//! or a top-level `data`/`devices` list as the supplier sends it.

use super::Node;

/// A device model known to support eSIM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceEntry {
    /// Marketing name (`Pixel 8a`); the model code when no name is given.
    pub name: String,
    /// Maker (`Google`); from the group's key when the list is grouped by brand.
    pub brand: Option<String>,
    /// `ios` or `android`, lower case.
    pub os: Option<String>,
    /// Model code (`akita`, `SM-S911B`).
    pub model: Option<String>,
}

/// Keys that group entries without naming a brand.
const GENERIC_KEYS: [&str; 6] = [
    "data",
    "devices",
    "compatible_devices",
    "list",
    "items",
    "models",
];

fn brand_hint(path: &[&str]) -> Option<String> {
    path.iter()
        .rev()
        .find(|k| {
            k.trim().parse::<u64>().is_err()
                && !GENERIC_KEYS
                    .iter()
                    .any(|g| g.eq_ignore_ascii_case(k.trim()))
        })
        .map(|k| k.trim().to_string())
}

/// The device this object describes: a name or model code, with a brand, an OS or both.
fn entry(object: &Node, path: &[&str]) -> Option<DeviceEntry> {
    let name = object.text_of(&["name", "device_name", "model_name"]);
    let model = object.text_of(&["model", "model_code"]);
    let brand = object.text_of(&["brand", "manufacturer", "make"]);
    let os = object
        .text_of(&["os", "platform"])
        .map(|o| o.to_ascii_lowercase());
    let described = brand.is_some() || os.is_some() || (name.is_some() && model.is_some());
    if !described {
        return None;
    }
    Some(DeviceEntry {
        name: name.or_else(|| model.clone())?,
        brand: brand.or_else(|| brand_hint(path)),
        os,
        model,
    })
}

/// Every device in a compatible-devices answer, in order.
pub fn devices(answer: &Node) -> Vec<DeviceEntry> {
    let container = answer
        .get_any(&["compatible_devices"])
        .filter(|n| !matches!(n, Node::Null | Node::Text(_)))
        .or_else(|| answer.get_any(&["data", "devices"]));
    let Some(container) = container else {
        return Vec::new();
    };
    container
        .objects()
        .into_iter()
        .filter_map(|(path, object)| entry(object, &path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(answer: serde_json::Value) -> Vec<(String, Option<String>)> {
        devices(&serde_json::from_value(answer).unwrap())
            .into_iter()
            .map(|d| (d.name, d.brand))
            .collect()
    }

    #[test]
    fn every_layout_gives_the_same_list() {
        let pixel =
            json!({"model": "akita", "os": "android", "brand": "Google", "name": "Pixel 8a"});
        let iphone = json!({"model": "iPhone16,2", "os": "ios", "brand": "Apple", "name": "iPhone 15 Pro Max"});
        let want = vec![
            ("Pixel 8a".to_string(), Some("Google".to_string())),
            ("iPhone 15 Pro Max".to_string(), Some("Apple".to_string())),
        ];
        for answer in [
            json!({"compatible_devices": [pixel, iphone]}),
            json!({"compatible_devices": {"data": [pixel, iphone]}}),
            json!({"compatible_devices": {"0": pixel, "1": iphone}}),
            json!({"compatible_devices": {"total": 2, "devices": {"0": pixel, "1": iphone}}}),
            json!({"data": [pixel, iphone]}),
        ] {
            assert_eq!(names(answer.clone()), want, "{answer}");
        }
    }

    #[test]
    fn grouped_by_brand_takes_the_group_as_brand() {
        let answer =
            json!({"compatible_devices": {"Google": [{"name": "Pixel 8a", "model": "akita"}]}});
        assert_eq!(
            names(answer),
            vec![("Pixel 8a".into(), Some("Google".into()))]
        );
    }

    #[test]
    fn other_objects_are_not_devices() {
        let answer = json!({"status": "success", "compatible_devices": {"meta": {"count": 3}}});
        assert!(names(answer).is_empty());
        assert!(names(json!({"compatible_devices": "null,"})).is_empty());
    }
}
