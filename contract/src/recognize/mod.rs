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

pub use devices::{devices, DeviceEntry};
pub use esims::{esims, EsimEntry, ESIM_CONTAINERS};
pub use node::{clean_text, f64_text, Node};
pub use pax::{passengers, PaxEntry};
pub use payment::{
    booking_state, payment, payment_urls, PaymentState, PaymentVerdict, PAYMENT_TABLE,
};

/// The tracking id an answer names (`tracking_id`, at the top or in `general`/`booking`).
pub fn tracking_id(answer: &Node) -> Option<String> {
    answer.text_of(&["tracking_id"]).or_else(|| {
        ["general", "booking"]
            .iter()
            .find_map(|k| answer.get(k).and_then(|n| n.text_of(&["tracking_id"])))
    })
}

/// The booking id an answer names (`booking_id`, at the top or in `general`/`booking`).
pub fn booking_id(answer: &Node) -> Option<String> {
    answer.text_of(&["booking_id"]).or_else(|| {
        ["general", "booking"]
            .iter()
            .find_map(|k| answer.get(k).and_then(|n| n.text_of(&["booking_id"])))
    })
}
