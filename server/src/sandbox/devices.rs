//! Placeholder replaced by the full device list.

/// A device model known to support eSIM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceModel {
    /// Model code.
    pub model: &'static str,
    /// `ios` or `android`.
    pub os: &'static str,
    /// Maker.
    pub brand: &'static str,
    /// Marketing name.
    pub name: &'static str,
}

/// Known models.
pub const DEVICES: &[DeviceModel] = &[DeviceModel {
    model: "akita",
    os: "android",
    brand: "Google",
    name: "Pixel 8a",
}];
