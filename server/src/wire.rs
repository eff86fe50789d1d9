//! Requests as ITT's reference says: only its documented fields, with its types,
//! and the fields the proxy fills in from the booking token.
//!
//! Everything here reads the committed extraction of the reference
//! (`contract/reference/extracted.json`), never a hand-typed list.

use crate::error::ProxyError;
use itt_contract::reference::extraction;
use serde_json::{Map, Number, Value};

/// The operations a browser may call; the twelfth (webhook registration) is server-side only.
pub const BROWSER_OPERATIONS: [&str; 11] = [
    "search",
    "single-esim-package",
    "update-customer-info",
    "create-booking",
    "booking-details",
    "data-usage",
    "installation-instructions",
    "compatible-devices",
    "topup-packages",
    "create-topup-booking",
    "topup-history",
];

/// Longest id the proxy accepts in a request (ITT's are well under 64 characters):
/// every id it checks or keys a table on is capped, so junk ids cannot cost memory.
pub const MAX_ID_CHARS: usize = 128;

/// Fields a browser may send that ITT never receives: the proxy reads and removes them.
const BROWSER_ONLY: [(&str, &str); 3] = [
    ("create-booking", "payment_grant"),
    // Proof that the caller got the tracking id from this proxy (see `token::tracking_key`).
    ("create-booking", "tracking_key"),
    ("update-customer-info", "tracking_key"),
];

/// Fields the proxy takes from the verified booking token: the booking's tracking id,
/// which ITT requires on every call about a booking.
pub const FROM_TOKEN: [(&str, &str); 6] = [
    ("booking-details", "tracking_id"),
    ("installation-instructions", "tracking_id"),
    ("data-usage", "tracking_id"),
    ("topup-packages", "tracking_id"),
    ("topup-history", "tracking_id"),
    ("create-topup-booking", "booking_tracking_id"),
];

/// The request fields `operation` may carry: the reference's, plus the browser-only
/// ones the proxy consumes. Others are dropped, so nothing the proxy does not check
/// reaches ITT under an alias.
pub fn allowed_fields(operation: &str) -> Vec<&'static str> {
    let documented = extraction()
        .operation(operation)
        .into_iter()
        .flat_map(|op| op.request.fields.iter().map(|f| f.name.as_str()));
    let extra = BROWSER_ONLY
        .iter()
        .filter(move |(op, _)| *op == operation)
        .map(|(_, field)| *field);
    documented.chain(extra).collect()
}

/// The field of `operation` that carries the booking's tracking id from the token.
pub fn token_field(operation: &str) -> Option<&'static str> {
    FROM_TOKEN
        .iter()
        .find(|(op, _)| *op == operation)
        .map(|(_, field)| *field)
}

/// Puts every documented field in the reference's JSON type where the value allows
/// it: `"2"` for a `string` quantity, `2` for an `integer` member id. A value that
/// cannot be converted is left for ITT to refuse.
pub fn coerce_types(operation: &str, body: &mut Map<String, Value>) {
    let Some(op) = extraction().operation(operation) else {
        return;
    };
    for field in &op.request.fields {
        let Some(value) = body.get_mut(&field.name) else {
            continue;
        };
        match (field.ty.as_str(), &*value) {
            ("string", Value::Number(n)) => *value = Value::String(n.to_string()),
            ("integer", Value::String(s)) => {
                if let Ok(n) = s.trim().parse::<i64>() {
                    *value = Value::Number(Number::from(n));
                }
            }
            _ => {}
        }
    }
}

/// Refuses a documented field that is still not of the reference's JSON type after
/// [`coerce_types`] (an object where ITT wants text): ITT would refuse it, and the
/// proxy's own checks read these fields as text.
pub fn check_types(operation: &str, body: &Map<String, Value>) -> Result<(), ProxyError> {
    let Some(op) = extraction().operation(operation) else {
        return Ok(());
    };
    for field in &op.request.fields {
        if let Some(value) = body.get(&field.name) {
            if !value.is_null() && field.type_fits(value) == Some(false) {
                return Err(ProxyError::BadField(field.name.as_str()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn allowed_fields_are_the_references() {
        let details = allowed_fields("booking-details");
        for f in ["member_id", "tracking_id", "booking_id"] {
            assert!(details.contains(&f), "{f}");
        }
        assert!(allowed_fields("create-booking").contains(&"payment_grant"));
        assert!(!allowed_fields("search").contains(&"payment_grant"));
        assert!(allowed_fields("installation-instructions").contains(&"preferred_language"));
        assert!(allowed_fields("nope").is_empty());
    }

    #[test]
    fn every_token_field_is_a_required_reference_field() {
        for (op, field) in FROM_TOKEN {
            let op = extraction().operation(op).expect(op);
            assert!(
                op.field(field).is_some_and(|f| f.required),
                "{} {field}",
                op.operation
            );
        }
    }

    #[test]
    fn types_follow_the_reference() {
        let mut devices = json!({"member_id": "2"}).as_object().unwrap().clone();
        coerce_types("compatible-devices", &mut devices);
        assert_eq!(devices["member_id"], json!(2));
        let mut booking = json!({"eSim_quantity": 2, "member_id": 7})
            .as_object()
            .unwrap()
            .clone();
        coerce_types("create-booking", &mut booking);
        assert_eq!(booking["eSim_quantity"], json!("2"));
        assert_eq!(booking["member_id"], json!("7"));
        let mut odd = json!({"member_id": "two"}).as_object().unwrap().clone();
        coerce_types("compatible-devices", &mut odd);
        assert_eq!(odd["member_id"], json!("two"), "left for ITT to refuse");
    }

    #[test]
    fn other_types_are_refused_naming_the_field() {
        let body = json!({"topup_tracking_id": {"x": 1}, "package_id": "p"});
        let err = check_types("create-topup-booking", body.as_object().unwrap()).unwrap_err();
        assert!(
            matches!(err, ProxyError::BadField("topup_tracking_id")),
            "{err}"
        );
        let fine = json!({"eSim": {"country_code": "TH"}, "language": "en"});
        assert!(check_types("search", fine.as_object().unwrap()).is_ok());
    }
}
