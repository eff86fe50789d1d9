//! One upstream exchange: the call, the checks on ITT's answer, the booking token,
//! and what the exactly-once record should say about it.

use super::{Prepared, Reply};
use crate::error::ProxyError;
use crate::guard;
use crate::store::{Recorded, Settled};
use crate::AppState;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use itt_contract::recognize;
use serde_json::Value;

/// The outcome of an exchange for the browser, and for the exactly-once record.
pub(crate) struct Exchanged {
    /// What the browser gets.
    pub reply: Result<Reply, ProxyError>,
    /// What the record says (only purchases are recorded).
    pub settled: Settled,
}

impl Exchanged {
    fn refused(error: ProxyError) -> Self {
        Exchanged {
            reply: Err(error),
            settled: Settled::NothingBooked,
        }
    }
}

/// Sends a prepared request upstream and shapes ITT's answer for the browser.
pub(crate) async fn exchange(state: &AppState, prepared: Prepared) -> Exchanged {
    let Prepared {
        operation,
        json,
        claims,
        iccid,
    } = prepared;
    let policy = &state.policy;
    let purchase = matches!(operation, "create-booking" | "create-topup-booking");
    // The reference a traveller quotes when the outcome of a purchase is unknown.
    let reference_field = match operation {
        "create-topup-booking" => "topup_tracking_id",
        _ => "booking_tracking_id",
    };
    let reference = guard::text(&json, reference_field).unwrap_or_default();
    let unknown = |reason: String, error: ProxyError| Exchanged {
        reply: Err(if purchase {
            ProxyError::BookingOutcomeUnknown(reference.clone())
        } else {
            error
        }),
        settled: Settled::Unknown { reason },
    };
    // A map of JSON values always serializes.
    let request = serde_json::to_string(&json).unwrap_or_default();
    let answer = match call_upstream(state, operation, request).await {
        Ok(answer) => answer,
        // Only a connection that never opened proves ITT did not get it.
        Err(error @ ProxyError::UpstreamConnect(_)) => return Exchanged::refused(error),
        Err(error) => return unknown(format!("no answer from ITT ({})", error.code()), error),
    };
    let status = answer.status.as_u16();
    let reply = match serde_json::from_slice::<Value>(&answer.body) {
        Ok(Value::Object(reply)) => Some(reply),
        _ => None,
    };
    let Some(mut reply) = reply else {
        // Not ITT's JSON (an HTML error page, a truncated body): never shown to the browser.
        state.metrics.upstream_failure(operation, "unreadable");
        let error = ProxyError::UpstreamBadAnswer(status);
        return if answer.status.is_client_error() {
            Exchanged::refused(error)
        } else {
            unknown(format!("unreadable answer from ITT (HTTP {status})"), error)
        };
    };
    let node = guard::node(&reply);
    if purchase && answer.status.is_success() {
        // Every payment page in a 2xx booking answer, whatever its status says: the
        // widget and the proxy must never disagree on what reaches the traveller.
        if let Err(e) = policy.check_payment_url(&node) {
            // Possibly booked at ITT, but its payment page cannot be handed out: never
            // resent, and the hotel's misconfiguration (or ITT's change) is named.
            return Exchanged {
                reply: Err(e),
                settled: Settled::Unknown {
                    reason: "payment page outside --payment-hosts".into(),
                },
            };
        }
    }
    // The widget decides success with the same function.
    let success = answer.status.is_success() && recognize::succeeded(&node);
    if !success {
        // ITT refused (4xx, or a 2xx whose status says failed): nothing was booked.
        // A 5xx, or a 2xx that says neither, may come after the booking was made: never resent.
        let maybe_booked = answer.status.is_server_error()
            || (answer.status.is_success() && !recognize::refused(&node));
        if purchase && maybe_booked {
            return unknown(
                format!("ITT answered HTTP {status} without saying it refused"),
                ProxyError::UpstreamBadAnswer(status),
            );
        }
        // Answer shaping (1/2): ITT's failure reduced to status and a short reason.
        let reduced = crate::filter::failure(operation, &reply);
        return Exchanged {
            reply: Ok(Reply {
                status,
                body: serde_json::to_string(&reduced).unwrap_or_default(),
                retry_after: answer.retry_after,
            }),
            settled: Settled::NothingBooked,
        };
    }
    if operation == "create-booking" && recognize::booking_id(&node).is_none() {
        // "Success" without a booking id: something may be booked, nothing can be shown.
        return unknown(
            "ITT answered success without a booking id".into(),
            ProxyError::UpstreamBadAnswer(status),
        );
    }
    let token = booking_token(state, operation, &node, &json, claims).await;
    // Answer shaping (2/2): every answer is re-serialized from what was checked (a
    // duplicate key cannot show the browser another payment page than the one checked),
    // filtered to what the widget reads (any `booking_token` or `tracking_key` ITT sent
    // goes with the rest); the proxy's own keys are added after.
    crate::filter::success(operation, &mut reply);
    if let Some(token) = token {
        reply.insert("booking_token".into(), Value::String(token));
    }
    if operation == "single-esim-package" {
        // Proof for update-customer-info and create-booking that the caller got this id here.
        if let Some(tracking) = node.text_of(&["tracking_id"]) {
            reply.insert(
                "tracking_key".into(),
                Value::String(crate::token::tracking_key(&policy.token_secret, &tracking)),
            );
        }
    }
    let body = serde_json::to_string(&reply).unwrap_or_default();
    if operation == "data-usage" {
        if let Some(iccid) = iccid {
            policy.remember_usage(iccid, status, body.clone()).await;
        }
    } else if operation == "topup-packages" {
        // The eSIM was checked against the token: its offers may be bought with it.
        if let (Some(offer), Some(iccid)) = (node.text_of(&["topup_tracking_id"]), iccid) {
            let ids = crate::topups::offered_ids(&node);
            policy.topup_offers.remember(offer, iccid, ids).await;
        }
    }
    Exchanged {
        settled: Settled::Answered(Recorded {
            status,
            body: body.clone(),
        }),
        reply: Ok(Reply {
            status,
            body,
            retry_after: answer.retry_after,
        }),
    }
}

/// The booking token for a booking answer: bound to its id, tracking id and ICCIDs.
///
/// The tracking id comes from a verified token, or from a create-booking ITT accepted.
async fn booking_token(
    state: &AppState,
    operation: &str,
    answer: &recognize::Node,
    request: &serde_json::Map<String, Value>,
    claims: Option<crate::token::BookingClaims>,
) -> Option<String> {
    let policy = &state.policy;
    match operation {
        "create-booking" => {
            let booking_id = recognize::booking_id(answer)?;
            // ITT's echo, else the request's: ITT booked with it, so it is this booking's.
            let tracking_id = recognize::tracking_id(answer)
                .or_else(|| guard::text(request, "booking_tracking_id"));
            let mut iccids = guard::iccids(answer);
            if iccids.is_empty() {
                iccids = issued_iccids(state, &booking_id, tracking_id.as_deref()).await;
            }
            Some(policy.token_for(booking_id, tracking_id, iccids))
        }
        "create-topup-booking" => {
            // ITT's reference answers only {"Status": "Success"}: a token only when it names
            // a booking.
            // Only the eSIMs the caller's token already covers: an eSIM ITT's answer
            // may echo is never added here.
            let booking_id = recognize::booking_id(answer)?;
            let claims = claims?;
            Some(policy.token_for(booking_id, claims.tracking(), claims.iccids))
        }
        "booking-details" => {
            // Refresh: eSIMs issued after payment join the token of their booking.
            let claims = claims?;
            let mut iccids = claims.iccids.clone();
            iccids.extend(guard::iccids(answer));
            iccids.sort();
            iccids.dedup();
            Some(policy.token_for(claims.booking_id.clone(), claims.tracking(), iccids))
        }
        _ => None,
    }
}

/// How long the booking-details lookup after a create-booking may take (a token
/// without ICCIDs is refreshed by the widget's own booking-details call later).
const LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// ICCIDs of a booking as booking details list them (they may be issued already
/// when the create answer does not name them); none when ITT cannot say.
pub(crate) async fn issued_iccids(
    state: &AppState,
    booking_id: &str,
    tracking_id: Option<&str>,
) -> Vec<String> {
    let mut lookup = serde_json::json!({
        "member_id": state.server_values.member_id,
        "booking_id": booking_id,
    });
    if let Some(tracking) = tracking_id {
        lookup["tracking_id"] = Value::String(tracking.to_string());
    }
    // Short: the purchase's outcome waits for it, and the widget waits for that.
    let call = call_upstream(state, "booking-details", lookup.to_string());
    match tokio::time::timeout(LOOKUP_TIMEOUT, call).await {
        Ok(Ok(answer)) => serde_json::from_slice::<recognize::Node>(&answer.body)
            .map(|details| guard::iccids(&details))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// One call to ITT for `operation`, timed, its failures counted, for the metrics.
async fn call_upstream(
    state: &AppState,
    operation: &'static str,
    body: String,
) -> Result<crate::upstream::Answer, ProxyError> {
    let started = std::time::Instant::now();
    let answer = state
        .upstream
        .call(&state.upstream_path(operation), body)
        .await;
    state.metrics.upstream_call(operation, started.elapsed());
    let failure = match &answer {
        Ok(_) => None,
        Err(ProxyError::UpstreamConnect(_)) => Some("connect"),
        Err(ProxyError::UpstreamTimeout) => Some("timeout"),
        Err(_) => Some("broken"),
    };
    if let Some(reason) = failure {
        state.metrics.upstream_failure(operation, reason);
    }
    answer
}

/// A JSON answer that no cache keeps.
pub(crate) fn json_response(
    status: u16,
    body: String,
    retry_after: Option<HeaderValue>,
) -> Response {
    let status =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_GATEWAY);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(retry_after) = retry_after {
        headers.insert(header::RETRY_AFTER, retry_after);
    }
    response
}
