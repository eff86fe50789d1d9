use super::*;
use std::collections::HashSet;

fn find(brand: &str, model: &str) -> Option<&'static DeviceModel> {
    DEVICES
        .iter()
        .find(|d| d.brand == brand && d.model == model)
}

#[test]
fn has_at_least_320_entries() {
    assert!(DEVICES.len() >= 320, "only {} devices", DEVICES.len());
}

#[test]
fn covers_at_least_ten_brands() {
    let brands: HashSet<&str> = DEVICES.iter().map(|d| d.brand).collect();
    assert!(
        brands.len() >= 10,
        "only {} brands: {brands:?}",
        brands.len()
    );
}

#[test]
fn brand_and_model_pairs_are_unique() {
    let mut seen = HashSet::new();
    for d in DEVICES {
        assert!(
            seen.insert((d.brand, d.model)),
            "duplicate {} {}",
            d.brand,
            d.model
        );
    }
}

#[test]
fn os_is_ios_or_android_and_matches_brand() {
    for d in DEVICES {
        assert!(d.os == "ios" || d.os == "android", "{d:?}");
        assert_eq!(d.os == "ios", d.brand == "Apple", "{d:?}");
    }
}

#[test]
fn fields_are_non_empty_and_trimmed() {
    for d in DEVICES {
        for field in [d.brand, d.model, d.name] {
            assert!(!field.is_empty(), "{d:?}");
            assert_eq!(field, field.trim(), "{d:?}");
        }
    }
}

#[test]
fn codes_follow_each_vendor_scheme() {
    for d in DEVICES {
        match d.brand {
            "Samsung" => {
                assert!(d.model.starts_with("SM-"), "{d:?}");
                assert!(d.name.starts_with("Galaxy "), "{d:?}");
            }
            "Apple" => {
                let kind = if d.model.starts_with("iPhone") {
                    "iPhone"
                } else {
                    "iPad"
                };
                assert!(d.model.starts_with(kind), "{d:?}");
                assert!(d.name.starts_with(kind), "{d:?}");
            }
            "Google" => {
                assert!(d.name.starts_with("Pixel "), "{d:?}");
                let codename = d.model.chars().all(|c| c.is_ascii_lowercase());
                assert!(codename, "codename expected: {d:?}");
            }
            _ => {}
        }
    }
}

#[test]
fn spot_checks() {
    for (brand, model, name) in [
        ("Samsung", "SM-S911B", "Galaxy S23"),
        ("Samsung", "SM-S911U1", "Galaxy S23"),
        ("Samsung", "SM-S918B", "Galaxy S23 Ultra"),
        ("Samsung", "SM-F731B", "Galaxy Z Flip5"),
        ("Google", "akita", "Pixel 8a"),
        ("Google", "blueline", "Pixel 3"),
        ("Google", "komodo", "Pixel 9 Pro XL"),
        ("Apple", "iPhone11,2", "iPhone XS"),
        ("Apple", "iPhone16,2", "iPhone 15 Pro Max"),
        ("Apple", "iPhone17,1", "iPhone 16 Pro"),
    ] {
        let d = find(brand, model).unwrap_or_else(|| panic!("missing {brand} {model}"));
        assert_eq!(d.name, name, "{brand} {model}");
    }
}

#[test]
fn devices_without_esim_are_absent() {
    // Samsung's mainland-China / Hong Kong S23 and the US S21 have no eSIM.
    for model in ["SM-S9110", "SM-G991U", "SM-G781B"] {
        assert!(find("Samsung", model).is_none(), "{model}");
    }
    // Wi-Fi-only iPads have no modem at all.
    assert!(find("Apple", "iPad13,16").is_none());
}
