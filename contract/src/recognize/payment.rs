//! Whether a booking was paid, and where its payment page is.
//!
//! "Paid" comes only from an explicit status; weaker signals mean "pending" and
//! are checked again; a failure, cancellation or refund anywhere wins. The table
//! [`PAYMENT_TABLE`] is the one documented rule (`docs/proxy.md` repeats it).

use super::{Node, BOOKING_PLACES};

/// Status keys read (any case).
pub const STATUS_KEYS: [&str; 3] = ["payment_status", "pay_status", "paymentStatus"];
/// Objects of one payment (or payment request) each.
pub const PAYMENT_ENTRY_KEYS: [&str; 4] = [
    "bookingPaymentRequestDtata",
    "bookingPaymentRequestData",
    "payments",
    "payment",
];
/// Keys holding the hosted payment page.
pub const URL_KEYS: [&str; 5] = [
    "payment_url",
    "paymentUrl",
    "payment_link",
    "pay_url",
    "checkout_url",
];
/// The weaker signal that a payment was started.
pub const PAY_TRACKING_KEYS: [&str; 1] = ["pay_tracking_id"];
/// Keys of the booking's own status ([`booking_state`]; `status` only inside `booking`/`general`).
pub const BOOKING_STATUS_KEYS: [&str; 2] = ["booking_status", "status"];
/// The places [`payment_urls`] looks in first (besides the top level).
pub const URL_PLACES: [&str; 2] = ["booking", "data"];

/// Every key [`payment`], [`booking_state`] and [`payment_urls`] read (for the
/// proxy's answer allowlist).
pub const PAYMENT_KEYS: [&[&str]; 7] = [
    &BOOKING_PLACES,
    &STATUS_KEYS,
    &PAYMENT_ENTRY_KEYS,
    &URL_KEYS,
    &PAY_TRACKING_KEYS,
    &BOOKING_STATUS_KEYS,
    &URL_PLACES,
];

/// The payment state of a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentState {
    /// An explicit status says paid.
    Paid,
    /// A payment was started (or requested) but no status says paid yet: check again.
    Pending,
    /// An explicit status says not paid, and nothing says a payment started.
    Unpaid,
    /// The payment failed or was declined.
    Failed,
    /// The payment or booking was cancelled.
    Cancelled,
    /// The money was returned.
    Refunded,
    /// Nothing in the answer says anything about payment.
    Unknown,
}

/// The one rule, in order, as documentation and for `docs/proxy.md`: (signal, where, state).
pub const PAYMENT_TABLE: [(&str, &str, &str); 6] = [
    (
        "`payment_status` / `pay_status` (any case) = cancelled / refunded / failed, declined",
        "top level, `general`, `booking`",
        "cancelled / refunded / failed: wins over paid there",
    ),
    (
        "`payment_status` / `pay_status` = paid, success, successful, completed, captured, settled",
        "top level, `general`, `booking`",
        "paid",
    ),
    (
        "the latest payment entry with one of those statuses",
        "`bookingPaymentRequestDtata`, `payments` (at the top, in `general` or `booking`)",
        "its state (a failed first attempt does not hide a paid second one)",
    ),
    (
        "`pay_tracking_id` set, or a payment entry without a status",
        "top level, `general`, `booking`",
        "pending: checked again for a while",
    ),
    (
        "`payment_status` / `pay_status` = unpaid, pending, due, anything else",
        "top level, `general`, `booking`",
        "unpaid",
    ),
    ("nothing about payment", "", "unknown (treated as unpaid)"),
];

/// The payment state and the field that decided it (`general.payment_status`),
/// so a hotel going live can see what ITT sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentVerdict {
    /// The state.
    pub state: PaymentState,
    /// The deciding field's path, when a field decided.
    pub field: Option<String>,
    /// Its value as sent.
    pub value: Option<String>,
}

fn classify(status: &str) -> PaymentState {
    match status
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
        .as_str()
    {
        "paid" | "success" | "successful" | "succeeded" | "completed" | "complete" | "captured"
        | "settled" => PaymentState::Paid,
        "failed" | "failure" | "declined" | "error" | "rejected" => PaymentState::Failed,
        "cancelled" | "canceled" | "void" | "voided" | "cancel" => PaymentState::Cancelled,
        "refunded" | "refund" | "partially_refunded" => PaymentState::Refunded,
        _ => PaymentState::Unpaid,
    }
}

/// The places a status is read, with their path prefix.
fn places(answer: &Node) -> Vec<(String, &Node)> {
    let mut out = vec![(String::new(), answer)];
    for key in BOOKING_PLACES {
        if let Some(n) = answer.get_any(&[key]).filter(|n| n.is_object()) {
            out.push((format!("{key}."), n));
        }
    }
    out
}

/// Payment entries: `(path prefix, entry)`.
fn payment_entries(answer: &Node) -> Vec<(String, &Node)> {
    let mut out = Vec::new();
    for (prefix, place) in places(answer) {
        for key in PAYMENT_ENTRY_KEYS {
            if let Some((name, list)) = place
                .entries()
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
            {
                for (i, item) in list.items().into_iter().enumerate() {
                    if item.is_object() {
                        out.push((format!("{prefix}{name}.{i}."), item));
                    }
                }
            }
        }
    }
    out
}

fn status_in(node: &Node) -> Option<(&str, String)> {
    node.entries().iter().find_map(|(k, v)| {
        STATUS_KEYS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(k))
            .then(|| v.text().map(|t| (k.as_str(), t)))
            .flatten()
    })
}

/// The payment state of a booking answer, by [`PAYMENT_TABLE`].
pub fn payment(answer: &Node) -> PaymentVerdict {
    let verdict = |field: &str, value: &str, state| PaymentVerdict {
        state,
        field: Some(field.to_string()),
        value: Some(value.to_string()),
    };
    // 1. The booking's own places: a cancellation, refund or failure there wins over "paid".
    let mut main: Vec<(String, String, PaymentState)> = Vec::new();
    for (prefix, node) in places(answer) {
        if let Some((key, value)) = status_in(node) {
            let state = classify(&value);
            main.push((format!("{prefix}{key}"), value, state));
        }
    }
    for wins in [
        PaymentState::Cancelled,
        PaymentState::Refunded,
        PaymentState::Failed,
        PaymentState::Paid,
    ] {
        if let Some((field, value, state)) = main.iter().find(|(.., s)| *s == wins) {
            return verdict(field, value, *state);
        }
    }
    // 2. Payment entries (attempts, in order): the latest one with a decisive status,
    // so a failed first attempt does not hide a paid second one.
    let entries = payment_entries(answer);
    let decisive = entries.iter().rev().find_map(|(prefix, entry)| {
        let (key, value) = status_in(entry)?;
        let state = classify(&value);
        (state != PaymentState::Unpaid).then(|| (format!("{prefix}{key}"), value, state))
    });
    if let Some((field, value, state)) = decisive {
        return verdict(&field, &value, state);
    }
    // 3. Weaker signals: a payment was started somewhere.
    for (prefix, place) in places(answer) {
        if let Some(id) = place.text_of(&PAY_TRACKING_KEYS) {
            return verdict(
                &format!("{prefix}{}", PAY_TRACKING_KEYS[0]),
                &id,
                PaymentState::Pending,
            );
        }
    }
    if let Some((prefix, _)) = entries.iter().find(|(_, e)| status_in(e).is_none()) {
        return PaymentVerdict {
            state: PaymentState::Pending,
            field: Some(prefix.trim_end_matches('.').to_string()),
            value: None,
        };
    }
    // 4. Said unpaid (or anything else), or nothing said at all.
    match main.first() {
        Some((field, value, state)) => verdict(field, value, *state),
        None => PaymentVerdict {
            state: PaymentState::Unknown,
            field: None,
            value: None,
        },
    }
}

/// The booking's own status (`booking_status`, or `status` inside `booking`/`general`),
/// with its field path. The top-level `status` is ITT's envelope, never the booking's.
pub fn booking_state(answer: &Node) -> Option<(String, String)> {
    if let Some(v) = answer.text_of(&BOOKING_STATUS_KEYS[..1]) {
        return Some((BOOKING_STATUS_KEYS[0].into(), v));
    }
    BOOKING_PLACES.iter().rev().find_map(|key| {
        let place = answer.get_any(&[key])?;
        let (name, v) = BOOKING_STATUS_KEYS
            .iter()
            .find_map(|k| place.text_of(&[k]).map(|v| (*k, v)))?;
        Some((format!("{key}.{name}"), v))
    })
}

/// Most payment page addresses [`payment_urls`] collects: an answer with more is
/// not a booking answer (the proxy refuses it rather than check only some).
pub const MAX_PAYMENT_URLS: usize = 16;

/// Every payment page address in an answer, wherever it is (the proxy checks them
/// all against its payment hosts; the widget opens the first), at most
/// [`MAX_PAYMENT_URLS`] + 1.
pub fn payment_urls(answer: &Node) -> Vec<(String, String)> {
    // Preferred places first, so the widget opens the one ITT most likely meant.
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |field: String, url: String| {
        if out.len() <= MAX_PAYMENT_URLS && !out.iter().any(|(_, u)| *u == url) {
            out.push((field, url));
        }
    };
    let [booking, data] = URL_PLACES;
    for (prefix, place) in [
        ("booking.", answer.get(booking)),
        ("", Some(answer)),
        ("data.", answer.get(data)),
    ] {
        if let Some(place) = place {
            for key in URL_KEYS {
                if let Some(url) = place.text_of(&[key]) {
                    push(format!("{prefix}{key}"), url);
                }
            }
        }
    }
    for (path, object) in answer.objects() {
        for (k, v) in object.entries() {
            if URL_KEYS.iter().any(|u| u.eq_ignore_ascii_case(k)) {
                if let Some(url) = v.text() {
                    let mut field = path.join(".");
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(k);
                    push(field, url);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdict(answer: serde_json::Value) -> PaymentVerdict {
        payment(&serde_json::from_value(answer).unwrap())
    }

    #[test]
    fn paid_only_from_an_explicit_status_anywhere_documented() {
        for (answer, field) in [
            (
                json!({"general": {"payment_status": "Paid"}}),
                "general.payment_status",
            ),
            (
                json!({"booking": {"pay_status": "SUCCESS"}}),
                "booking.pay_status",
            ),
            (json!({"payment_status": "completed"}), "payment_status"),
            (
                json!({"bookingPaymentRequestDtata": [{"pay_status": "paid"}]}),
                "bookingPaymentRequestDtata.0.pay_status",
            ),
        ] {
            let v = verdict(answer.clone());
            assert_eq!(
                (v.state, v.field.as_deref()),
                (PaymentState::Paid, Some(field)),
                "{answer}"
            );
        }
    }

    #[test]
    fn weaker_signals_are_pending() {
        let v =
            verdict(json!({"pay_tracking_id": "PT-1", "general": {"payment_status": "unpaid"}}));
        assert_eq!(
            (v.state, v.field.as_deref()),
            (PaymentState::Pending, Some("pay_tracking_id"))
        );
        let v = verdict(
            json!({"pay_tracking_id": null, "bookingPaymentRequestDtata": [{"amount": 5}]}),
        );
        assert_eq!(v.state, PaymentState::Pending);
        let v = verdict(json!({"pay_tracking_id": null, "bookingPaymentRequestDtata": []}));
        assert_eq!(v.state, PaymentState::Unknown);
        let v = verdict(json!({"booking": {"payment_status": "unpaid"}}));
        assert_eq!(v.state, PaymentState::Unpaid);
    }

    #[test]
    fn failure_cancel_and_refund_win() {
        let v = verdict(
            json!({"general": {"payment_status": "paid"}, "booking": {"payment_status": "Refunded"}}),
        );
        assert_eq!(
            (v.state, v.field.as_deref()),
            (PaymentState::Refunded, Some("booking.payment_status"))
        );
        let v = verdict(
            json!({"payments": {"0": {"pay_status": "paid"}, "1": {"pay_status": "failed"}}}),
        );
        assert_eq!(v.state, PaymentState::Failed, "the latest attempt");
        let v = verdict(json!({"pay_tracking_id": "x", "general": {"pay_status": "cancelled"}}));
        assert_eq!(v.state, PaymentState::Cancelled);
    }

    #[test]
    fn a_failed_first_attempt_does_not_hide_a_paid_booking() {
        let v = verdict(json!({
            "general": {"payment_status": "paid"},
            "bookingPaymentRequestDtata": [{"pay_status": "failed"}, {"pay_status": "paid"}],
        }));
        assert_eq!(
            (v.state, v.field.as_deref()),
            (PaymentState::Paid, Some("general.payment_status"))
        );
        let v = verdict(
            json!({"bookingPaymentRequestDtata": [{"pay_status": "failed"}, {"pay_status": "paid"}]}),
        );
        assert_eq!(
            (v.state, v.field.as_deref()),
            (
                PaymentState::Paid,
                Some("bookingPaymentRequestDtata.1.pay_status")
            )
        );
    }

    #[test]
    fn the_return_url_never_decides() {
        let v = verdict(json!({"redirect_url": "https://hotel.example/?paid=1&status=paid"}));
        assert_eq!(v.state, PaymentState::Unknown);
    }

    #[test]
    fn booking_status_never_from_the_envelope() {
        let n: Node = serde_json::from_value(
            json!({"status": "success", "general": {"status": "Confirmed"}}),
        )
        .unwrap();
        assert_eq!(
            booking_state(&n),
            Some(("general.status".into(), "Confirmed".into()))
        );
        let n: Node = serde_json::from_value(json!({"status": "success"})).unwrap();
        assert_eq!(booking_state(&n), None);
    }

    #[test]
    fn payment_urls_are_found_anywhere_preferred_first() {
        let n: Node = serde_json::from_value(json!({
            "general": {"links": {"pay_url": "https://evil.example/x"}},
            "booking": {"payment_url": "https://pay.example/a,"},
        }))
        .unwrap();
        assert_eq!(
            payment_urls(&n),
            vec![
                (
                    "booking.payment_url".to_string(),
                    "https://pay.example/a".to_string()
                ),
                (
                    "general.links.pay_url".to_string(),
                    "https://evil.example/x".to_string()
                ),
            ]
        );
    }
}
