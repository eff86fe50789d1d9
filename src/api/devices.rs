//! `compatible-devices`: phones and tablets that can use an eSIM.

use super::Reply;
use itt_contract::recognize::{self, Node};
use serde::Deserialize;

/// Asks for the list (the member id is server-side, so the body is empty).
pub const COMPATIBLE_DEVICES_BODY: &str = "{}";

/// A device model known to support eSIM.
pub type Device = itt_contract::recognize::DeviceEntry;

/// `compatible-devices` as ITT sends it: the entries anywhere inside
/// `"compatible_devices": {…}` (or a top-level `data` list), by content.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct RawDevices(Node);

impl Reply for RawDevices {
    type Output = Vec<Device>;

    fn finish(self) -> Result<Vec<Device>, &'static str> {
        Ok(recognize::devices(&self.0))
    }
}
