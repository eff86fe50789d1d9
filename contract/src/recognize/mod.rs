//! Recognition of ITT's data by its content.
//!
//! ITT's reference collapses most nested objects (`{ }`), so where an eSIM, a
//! device or a payment status sits inside an answer is not known for sure. Each
//! kind of data is recognised here once, by what it contains, inside the
//! containers the reference names; the widget reads it and the proxy checks it
//! (ICCIDs for booking tokens, payment URLs for the host check) through the same
//! functions, so nothing the widget shows can escape the proxy's checks.

mod devices;
mod esims;
mod node;
mod pax;
mod payment;

pub use devices::{
    devices, DeviceEntry, DEVICE_CONTAINER, DEVICE_FALLBACK_CONTAINERS, DEVICE_KEYS,
    GENERIC_KEYS as DEVICE_GROUP_KEYS,
};
pub use esims::{esims, EsimEntry, ESIM_CONTAINERS, ESIM_KEYS};
pub use node::{clean_text, f64_text, Node};
pub use pax::{passengers, PaxEntry, PAX_CONTAINERS, PAX_KEYS};
pub use payment::{
    booking_state, payment, payment_urls, PaymentState, PaymentVerdict, MAX_PAYMENT_URLS,
    PAYMENT_ENTRY_KEYS, PAYMENT_KEYS, PAYMENT_TABLE,
};

/// The objects a booking answer's ids and payment status are read from, besides the top level.
pub const BOOKING_PLACES: [&str; 2] = ["general", "booking"];
/// The tracking id's key.
pub const TRACKING_ID_KEYS: [&str; 1] = ["tracking_id"];
/// The booking id's key.
pub const BOOKING_ID_KEYS: [&str; 1] = ["booking_id"];
/// ITT's status of an answer, in the order read.
pub const ENVELOPE_STATUS_KEYS: [&str; 2] = ["status", "Status"];

/// Every key [`tracking_id`], [`booking_id`], [`succeeded`] and [`refused`] read
/// (for the proxy's answer allowlist).
pub const ID_KEYS: [&[&str]; 4] = [
    &BOOKING_PLACES,
    &TRACKING_ID_KEYS,
    &BOOKING_ID_KEYS,
    &ENVELOPE_STATUS_KEYS,
];

/// The tracking id an answer names (`tracking_id`, at the top or in `general`/`booking`).
pub fn tracking_id(answer: &Node) -> Option<String> {
    answer.text_of(&TRACKING_ID_KEYS).or_else(|| {
        BOOKING_PLACES
            .iter()
            .find_map(|k| answer.get(k).and_then(|n| n.text_of(&TRACKING_ID_KEYS)))
    })
}

/// The booking id an answer names (`booking_id`, at the top or in `general`/`booking`).
pub fn booking_id(answer: &Node) -> Option<String> {
    answer.text_of(&BOOKING_ID_KEYS).or_else(|| {
        BOOKING_PLACES
            .iter()
            .find_map(|k| answer.get(k).and_then(|n| n.text_of(&BOOKING_ID_KEYS)))
    })
}

/// Whether a status text says success (`success` or `true`, any case, cleaned).
pub fn status_says_success(status: Option<&str>) -> bool {
    status.is_some_and(|s| s.eq_ignore_ascii_case("success") || s.eq_ignore_ascii_case("true"))
}

/// ITT's status of an answer: `status`, else `Status` (a `null` or empty one does not count).
fn status_text(answer: &Node) -> Option<String> {
    let [lower, capitalised] = ENVELOPE_STATUS_KEYS;
    answer
        .get(lower)
        .and_then(Node::text)
        .or_else(|| answer.get(capitalised).and_then(Node::text))
}

/// Whether an answer is a success in ITT's own terms. The widget and the proxy
/// decide with this one rule (a proxy that saw a failure where the widget saw a
/// success would let an unchecked payment page through).
pub fn succeeded(answer: &Node) -> bool {
    status_says_success(status_text(answer).as_deref())
}

/// Whether an answer clearly refuses (`failed`, `fail`, `error`, `false`): nothing
/// was done. An answer that says neither success nor this may have booked.
pub fn refused(answer: &Node) -> bool {
    status_text(answer).is_some_and(|s| {
        ["failed", "fail", "failure", "error", "false"]
            .iter()
            .any(|f| s.eq_ignore_ascii_case(f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(json: serde_json::Value) -> Node {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn success_is_one_rule() {
        for yes in [
            serde_json::json!({"status": "success"}),
            serde_json::json!({"Status": "Success"}),
            serde_json::json!({"status": null, "Status": "Success"}),
            serde_json::json!({"status": true}),
            serde_json::json!({"status": "SUCCESS,"}),
        ] {
            assert!(succeeded(&node(yes.clone())), "{yes}");
        }
        for no in [
            serde_json::json!({"status": "failed"}),
            serde_json::json!({}),
            serde_json::json!({"status": "pending"}),
        ] {
            assert!(!succeeded(&node(no.clone())), "{no}");
        }
        assert!(refused(&node(serde_json::json!({"status": "Failed"}))));
        assert!(!refused(&node(serde_json::json!({"status": "pending"}))));
        assert!(!refused(&node(serde_json::json!({}))));
    }
}
