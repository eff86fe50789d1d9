//! The sandbox against ITT's reference, read from the committed extraction
//! (`itt_contract::reference::extraction()`), on the sandbox's upstream side
//! (what the proxy calls instead of ITT):
//!
//! - every required field of every operation, dropped (or null, or blank), is
//!   refused with ITT's 422 `The <field> field is required.`; a documented field
//!   of the wrong JSON type is refused too;
//! - complete journeys, one per booking, where every answer carries every
//!   top-level key of the reference's sample with its kind, and where, across
//!   the bookings, every layout alternative the sandbox varies shows up;
//! - through the proxy ([`through_proxy`]): ITT's refusals reach the caller
//!   unchanged, and what the proxy fills in is filled.

// Helpers and the through-the-proxy test live beside this file (a crate root
// finds its modules in `tests/`, hence the paths).
#[path = "reference_sandbox/journey.rs"]
mod journey;
#[path = "reference_sandbox/support.rs"]
mod support;
#[path = "reference_sandbox/through_proxy.rs"]
mod through_proxy;

use axum::http::StatusCode;
use itt_contract::reference::extraction;
use journey::journey;
use serde_json::{json, Value};
use support::{sandbox, Seen};

#[tokio::test]
async fn journeys_carry_every_reference_key_and_meet_every_layout() {
    assert_eq!(extraction().operations.len(), 12, "the twelve operations");
    let sb = sandbox(&[]);
    let mut seen = Seen::default();
    for i in 0..30 {
        let requests = journey(&sb, 1 + u32::from(i % 3 == 2), &mut seen).await;
        assert_eq!(requests.len(), 12, "every operation called");
    }
    seen.expect(
        "esim container",
        &["eSim", "voucher", "data", "esims", "sims"],
    );
    seen.expect("esim layout", &["list", "keyed", "single"]);
    seen.expect(
        "payment status place",
        &["general", "booking", "bookingPaymentRequestDtata", "top"],
    );
    seen.expect("payment status key", &["payment_status", "pay_status"]);
    seen.expect(
        "paid word",
        &["Paid", "PAID", "paid", "success", "completed"],
    );
    seen.expect("payment url", &["booking", "top", "data"]);
    seen.expect("pax", &["keyed", "list in adult"]);
    seen.expect("search data", &["keyed", "list in airalo"]);
    seen.expect("topup data", &["keyed", "list in airalo"]);
    seen.expect("topup answer", &["Status only", "with booking"]);
    seen.expect("topup completes after reads", &["0", "1", "2"]);
    seen.expect("instruction versions", &["list", "keyed"]);
    seen.expect("history", &["list", "keyed"]);
}

#[tokio::test]
async fn the_clean_form_carries_the_same_keys_with_plain_scalars() {
    let sb = sandbox(&["--sandbox-clean"]);
    let mut seen = Seen::default();
    for quantity in [1, 2, 1] {
        journey(&sb, quantity, &mut seen).await;
    }
    let (_, search) = sb
        .call(
            "search",
            &json!({"eSim": {"country_code": "TH"}, "partner_id": "1"}),
        )
        .await;
    assert!(
        search["total_esim_package"].is_number(),
        "no string numbers"
    );
    assert!(
        search.get("-\"filter\"").is_none(),
        "no rendering artefacts"
    );
}

/// Each required field dropped, null or blank: ITT's 422 and reason, exactly.
#[tokio::test]
async fn every_required_field_is_required() {
    let sb = sandbox(&[]);
    let requests = journey(&sb, 1, &mut Seen::default()).await;
    let mut checked = 0;
    for op in &extraction().operations {
        let request = &requests[op.operation.as_str()];
        for field in op.required() {
            for missing in [None, Some(Value::Null), Some(json!("  "))] {
                let mut body = request.clone();
                let map = body.as_object_mut().unwrap();
                match &missing {
                    None => map.remove(&field.name),
                    Some(v) => map.insert(field.name.clone(), v.clone()),
                };
                let (status, answer) = sb.call(&op.operation, &body).await;
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{} without {}",
                    op.operation,
                    field.name
                );
                assert_eq!(
                    answer,
                    json!({"status": "failed", "reason": format!("The {} field is required.", field.name)}),
                    "{} with {} = {missing:?}",
                    op.operation,
                    field.name
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} required fields");
}

/// Each documented field of the wrong JSON type: 422 with ITT's reason.
#[tokio::test]
async fn documented_fields_have_their_types() {
    let sb = sandbox(&[]);
    let requests = journey(&sb, 1, &mut Seen::default()).await;
    for op in &extraction().operations {
        let request = &requests[op.operation.as_str()];
        for field in &op.request.fields {
            let (wrong, problem) = match field.ty.as_str() {
                "string" => (json!(12345), "must be a string"),
                "integer" => (json!("2"), "must be an integer"),
                "object" => (json!("TH"), "must be an object"),
                "array" => (json!("Amara"), "must be an array"),
                other => panic!("{}: a type the test does not know: {other}", field.name),
            };
            let mut body = request.clone();
            body[field.name.as_str()] = wrong;
            let (status, answer) = sb.call(&op.operation, &body).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{} {}",
                op.operation,
                field.name
            );
            assert_eq!(
                answer["reason"],
                json!(format!("The {} field {problem}.", field.name)),
                "{}",
                op.operation
            );
        }
    }
    let (status, answer) = sb
        .call("compatible-devices", &json!({"member_id": "2"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["reason"], "The member_id field must be an integer.");
}

/// Tracking ids and top-up offers belong to their booking and eSIM.
#[tokio::test]
async fn foreign_tracking_ids_are_refused() {
    let sb = sandbox(&[]);
    let first = journey(&sb, 1, &mut Seen::default()).await;
    let second = journey(&sb, 1, &mut Seen::default()).await;
    for op in [
        "booking-details",
        "installation-instructions",
        "data-usage",
        "topup-packages",
        "topup-history",
    ] {
        let mut body = first[op].clone();
        body["tracking_id"] = second[op]["tracking_id"].clone();
        let (status, answer) = sb.call(op, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{op}: {answer}");
        assert_eq!(
            answer["reason"],
            "The tracking_id does not belong to this booking."
        );
    }
    let mut topup = first["create-topup-booking"].clone();
    topup["topup_tracking_id"] = json!("TUP999999SBX");
    let (status, answer) = sb.call("create-topup-booking", &topup).await;
    assert_eq!(
        (status, answer["reason"].clone()),
        (
            StatusCode::NOT_FOUND,
            json!("Top-up tracking_id not found.")
        )
    );
    let mut topup = first["create-topup-booking"].clone();
    topup["booking_tracking_id"] = second["create-booking"]["booking_tracking_id"].clone();
    let (status, answer) = sb.call("create-topup-booking", &topup).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(
        answer["reason"],
        "The booking_tracking_id does not belong to this eSIM."
    );
}
