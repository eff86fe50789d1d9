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

/// Keys that group entries without naming a brand (also the containers a device list is read from).
pub const GENERIC_KEYS: [&str; 6] = [
    "data",
    "devices",
    "compatible_devices",
    "list",
    "items",
    "models",
];

/// Keys of a device's name.
pub const NAME_KEYS: [&str; 3] = ["name", "device_name", "model_name"];
/// Keys of its model code.
pub const MODEL_KEYS: [&str; 2] = ["model", "model_code"];
/// Keys of its maker.
pub const BRAND_KEYS: [&str; 3] = ["brand", "manufacturer", "make"];
/// Keys of its OS.
pub const OS_KEYS: [&str; 2] = ["os", "platform"];
/// The preferred container of the list.
pub const DEVICE_CONTAINER: [&str; 1] = ["compatible_devices"];
/// Top-level containers read when [`DEVICE_CONTAINER`] holds no list.
pub const DEVICE_FALLBACK_CONTAINERS: [&str; 2] = ["data", "devices"];

/// Every key [`devices`] reads (for the proxy's answer allowlist).
pub const DEVICE_KEYS: [&[&str]; 7] = [
    &DEVICE_CONTAINER,
    &DEVICE_FALLBACK_CONTAINERS,
    &GENERIC_KEYS,
    &NAME_KEYS,
    &MODEL_KEYS,
    &BRAND_KEYS,
    &OS_KEYS,
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
    let name = object.text_of(&NAME_KEYS);
    let model = object.text_of(&MODEL_KEYS);
    let brand = object.text_of(&BRAND_KEYS);
    let os = object.text_of(&OS_KEYS).map(|o| o.to_ascii_lowercase());
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
        .get_any(&DEVICE_CONTAINER)
        .filter(|n| !matches!(n, Node::Null | Node::Text(_)))
        .or_else(|| answer.get_any(&DEVICE_FALLBACK_CONTAINERS));
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
