//! Values the hotel decides, never the browser.

use serde_json::{Map, Value};

/// Values the hotel decides, never the browser.
#[derive(Clone, Debug)]
pub struct ServerValues {
    /// ITT `partner_id` sent with searches.
    pub partner_id: String,
    /// ITT `member_id` sent with every other operation.
    pub member_id: String,
    /// `agency_email` of bookings.
    pub agency_email: String,
}

impl ServerValues {
    /// Overwrites what the browser may not choose (whatever it sent for them), on
    /// the operations whose reference documents the field.
    pub fn apply(&self, operation: &str, body: &mut Map<String, Value>) {
        let documented = |field: &str| {
            itt_contract::reference::extraction()
                .operation(operation)
                .is_some_and(|op| op.field(field).is_some())
        };
        let mut set = |key: &str, value: &str| {
            if documented(key) {
                body.insert(key.into(), Value::String(value.to_string()));
            }
        };
        set("partner_id", &self.partner_id);
        set("member_id", &self.member_id);
        set("agency_email", &self.agency_email);
        if operation == "update-customer-info" {
            set("save_pax", "yes");
        }
        if operation == "create-booking" {
            set("isPartialPay", "no");
        }
    }
}
