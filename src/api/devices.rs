//! `compatible-devices`: phones and tablets that can use an eSIM.

use super::lenient;
use super::Reply;
use serde::Deserialize;

/// Asks for the list (the member id is server-side, so the body is empty).
pub const COMPATIBLE_DEVICES_BODY: &str = "{}";

#[derive(Clone, Debug, Default, Deserialize)]
struct RawDevice {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    model: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    os: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    brand: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    name: Option<String>,
}

/// A device model known to support eSIM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// Marketing name, e.g. `Pixel 8a`.
    pub name: String,
    /// Maker, e.g. `Google`.
    pub brand: Option<String>,
    /// `ios` or `android`.
    pub os: Option<String>,
    /// Model code, e.g. `akita` or `SM-S911B`.
    pub model: Option<String>,
}

/// `compatible-devices` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawDevices {
    #[serde(default, alias = "devices", deserialize_with = "lenient::lenient_list")]
    data: Vec<RawDevice>,
}

impl Reply for RawDevices {
    type Output = Vec<Device>;

    fn finish(self) -> Result<Vec<Device>, &'static str> {
        // An entry without a name cannot be offered to the traveller; skip it.
        Ok(self
            .data
            .into_iter()
            .filter_map(|d| {
                Some(Device {
                    name: d.name?,
                    brand: d.brand,
                    os: d.os.map(|o| o.to_ascii_lowercase()),
                    model: d.model,
                })
            })
            .collect())
    }
}
