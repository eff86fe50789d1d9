//! `POST /esim/{operation}`: the browser-facing proxy.

use crate::error::ProxyError;
use crate::guard::{self, Once};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

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

/// The header carrying a booking token from the widget.
pub const BOOKING_TOKEN_HEADER: &str = "x-booking-token";

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
    /// Overwrites what the browser may not choose (whatever it sent for them).
    pub fn apply(&self, operation: &str, body: &mut serde_json::Map<String, Value>) {
        let mut set = |key: &str, value: &str| {
            body.insert(key.into(), Value::String(value.to_string()));
        };
        if operation == "search" {
            set("partner_id", &self.partner_id);
            return;
        }
        set("member_id", &self.member_id);
        match operation {
            "update-customer-info" => set("save_pax", "yes"),
            "create-booking" => {
                set("isPartialPay", "no");
                set("agency_email", &self.agency_email);
            }
            _ => {}
        }
    }
}

/// Forwards one browser operation upstream, enforcing the booking rules.
#[tracing::instrument(skip_all, fields(operation = %operation, status))]
pub async fn forward(
    State(state): State<AppState>,
    Path(operation): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ProxyError> {
    let Some(operation) = BROWSER_OPERATIONS.iter().copied().find(|o| *o == operation) else {
        return Err(ProxyError::UnknownOperation(operation));
    };
    let mut json = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(ProxyError::BadBody("not an object".into())),
        Err(e) => return Err(ProxyError::BadBody(e.to_string())),
    };
    let policy = &state.policy;
    let token = headers
        .get(BOOKING_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok());
    let claims = policy.authorize(operation, token, &json)?;
    state.server_values.apply(operation, &mut json);
    match operation {
        "create-booking" => {
            let subject = guard::text(&json, "booking_tracking_id");
            let payment_type = policy.payment_type(&mut json, subject);
            json.insert("payment_type".into(), Value::String(payment_type));
            policy.check_redirect(&json)?;
        }
        "create-topup-booking" => {
            let subject = guard::text(&json, "eSim_iccid");
            let payment_type = policy.payment_type(&mut json, subject);
            json.insert("payment_type".into(), Value::String(payment_type));
            policy.check_redirect(&json)?;
        }
        _ => {
            json.remove("payment_grant");
        }
    }

    // Data usage: travellers poll; a short per-ICCID cache keeps ITT's own rate limit away.
    let iccid = guard::text(&json, "eSim_iccid");
    if operation == "data-usage" {
        if let Some((status, body)) = iccid.as_deref().and_then(|i| policy.cached_usage(i)) {
            return Ok(json_response(status, body, None));
        }
    }

    // Exactly once: one create-booking per booking_tracking_id.
    let once_key = (operation == "create-booking")
        .then(|| guard::text(&json, "booking_tracking_id"))
        .flatten();
    if let Some(key) = &once_key {
        let mut bookings = policy.bookings.lock().expect("bookings lock");
        match bookings.get(key) {
            Some(Once::Done { status, body }) => {
                return Ok(json_response(*status, body.clone(), None));
            }
            Some(Once::InFlight) => return Err(ProxyError::BookingInProgress),
            Some(Once::Unknown) => return Err(ProxyError::BookingOutcomeUnknown),
            None => {
                bookings.insert(key.clone(), Once::InFlight);
            }
        }
    }

    let path = state.upstream_path(operation);
    let tracking_ids: Vec<String> = ["booking_tracking_id", "package_tracking_id", "tracking_id"]
        .iter()
        .filter_map(|k| guard::text(&json, k))
        .collect();
    let result = state
        .upstream
        .call(&path, Value::Object(json.clone()).to_string())
        .await;
    let answer = match result {
        Ok(answer) => answer,
        Err(error) => {
            if let Some(key) = &once_key {
                let mut bookings = policy.bookings.lock().expect("bookings lock");
                if matches!(error, ProxyError::UpstreamTimeout) {
                    // It may have been booked: never send it again, tell the widget to check.
                    bookings.insert(key.clone(), Once::Unknown);
                    return Err(ProxyError::BookingOutcomeUnknown);
                }
                bookings.remove(key); // never reached ITT: safe to try again
            }
            return Err(error);
        }
    };
    tracing::Span::current().record("status", answer.status.as_u16());
    let status = answer.status.as_u16();
    let mut body = String::from_utf8_lossy(&answer.body).into_owned();

    if answer.status.is_success() {
        if let Ok(Value::Object(mut reply)) = serde_json::from_str::<Value>(&body) {
            let token = match operation {
                "create-booking" | "create-topup-booking" | "booking-details" => {
                    if operation != "booking-details" {
                        if let Err(e) = policy.check_payment_url(&reply) {
                            if let Some(key) = &once_key {
                                policy.bookings.lock().expect("bookings lock").remove(key);
                            }
                            return Err(e);
                        }
                    }
                    self::booking_token(&state, operation, &reply, &json, tracking_ids, claims)
                        .await
                }
                _ => None,
            };
            if let Some(token) = token {
                reply.insert("booking_token".into(), Value::String(token));
                body = Value::Object(reply).to_string();
            }
        }
    }
    if let Some(key) = &once_key {
        let mut bookings = policy.bookings.lock().expect("bookings lock");
        let readable = serde_json::from_str::<Value>(&body).is_ok_and(|v| v.is_object());
        match (answer.status.is_success(), readable) {
            (true, true) => {
                bookings.insert(
                    key.clone(),
                    Once::Done {
                        status,
                        body: body.clone(),
                    },
                );
            }
            // ITT took it but the answer is unreadable: it may be booked; never resend.
            (true, false) => {
                bookings.insert(key.clone(), Once::Unknown);
                return Err(ProxyError::BookingOutcomeUnknown);
            }
            // Refused by ITT: nothing was booked, the traveller may try again.
            (false, _) => {
                bookings.remove(key);
            }
        }
    }
    if operation == "data-usage" && answer.status.is_success() {
        if let Some(iccid) = iccid {
            policy.remember_usage(iccid, status, body.clone());
        }
    }
    Ok(json_response(status, body, answer.retry_after))
}

/// The booking token for a booking answer: bound to its id, tracking ids and ICCIDs.
async fn booking_token(
    state: &AppState,
    operation: &str,
    reply: &serde_json::Map<String, Value>,
    request: &serde_json::Map<String, Value>,
    tracking_ids: Vec<String>,
    claims: Option<crate::token::BookingClaims>,
) -> Option<String> {
    let policy = &state.policy;
    match operation {
        "create-booking" => {
            let booking_id = guard::text(reply, "booking_id")?;
            let mut iccids = guard::iccids(reply);
            if iccids.is_empty() {
                // Not in the create answer: ask booking details once (they may be issued already).
                let lookup = serde_json::json!({
                    "booking_id": booking_id,
                    "member_id": state.server_values.member_id,
                });
                if let Ok(answer) = state
                    .upstream
                    .call(&state.upstream_path("booking-details"), lookup.to_string())
                    .await
                {
                    if let Ok(Value::Object(details)) =
                        serde_json::from_slice::<Value>(&answer.body)
                    {
                        iccids = guard::iccids(&details);
                    }
                }
            }
            Some(policy.token_for(booking_id, tracking_ids, iccids))
        }
        "create-topup-booking" => {
            let booking_id = guard::text(reply, "booking_id")?;
            let iccid = guard::text(request, "eSim_iccid")?;
            Some(policy.token_for(booking_id, tracking_ids, vec![iccid]))
        }
        "booking-details" => {
            // Refresh: eSIMs issued after payment join the token of their booking.
            let claims = claims?;
            let mut iccids = claims.iccids.clone();
            iccids.extend(guard::iccids(reply));
            iccids.sort();
            iccids.dedup();
            Some(policy.token_for(claims.booking_id, claims.tracking_ids, iccids))
        }
        _ => None,
    }
}

fn json_response(status: u16, body: String, retry_after: Option<HeaderValue>) -> Response {
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
