//! `POST /esim/{operation}`: the browser-facing proxy.

use crate::error::ProxyError;
use crate::guard::{self, Once};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use itt_contract::recognize;
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
    /// Overwrites what the browser may not choose (whatever it sent for them), on
    /// the operations whose reference documents the field.
    pub fn apply(&self, operation: &str, body: &mut serde_json::Map<String, Value>) {
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

pub use crate::wire::allowed_fields;

/// Clears an in-flight create-booking if its handler is dropped mid-way (client
/// gone, shutdown): the request may have reached ITT, so it becomes `Unknown`.
struct InFlightGuard<'a> {
    policy: &'a guard::Policy,
    key: Option<String>,
}

impl InFlightGuard<'_> {
    fn settle(&mut self, outcome: Option<Once>) {
        if let Some(key) = self.key.take() {
            self.policy.record(key, outcome);
        }
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.settle(Some(Once::Unknown));
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
    let allowed = allowed_fields(operation);
    json.retain(|key, _| allowed.contains(&key.as_str()));
    guard::require_text_fields(&json)?;
    let policy = &state.policy;
    let token = headers
        .get(BOOKING_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok());
    let claims = policy.authorize(operation, token, &json)?;
    state.server_values.apply(operation, &mut json);
    // ITT requires the booking's tracking id; it is the token's, never the browser's.
    if let (Some(field), Some(tracking)) = (
        crate::wire::token_field(operation),
        claims.as_ref().and_then(|c| c.tracking()),
    ) {
        json.insert(field.into(), Value::String(tracking));
    }
    match operation {
        "create-booking" => {
            let payment_type = policy.payment_type(&mut json)?;
            json.insert("payment_type".into(), Value::String(payment_type));
            policy.check_redirect(&json)?;
        }
        "create-topup-booking" => {
            // Only a top-up offered for an eSIM of the caller's own booking.
            let iccids = claims
                .as_ref()
                .map(|c| c.iccids.as_slice())
                .unwrap_or_default();
            policy.topup_offers.check(
                guard::text(&json, "topup_tracking_id").as_deref(),
                guard::text(&json, "package_id").as_deref(),
                iccids,
            )?;
            // Top-ups always go through the hosted payment page.
            json.insert(
                "payment_type".into(),
                Value::String(policy.hosted_payment_type.clone()),
            );
            policy.check_redirect(&json)?;
        }
        _ => {}
    }
    crate::wire::coerce_types(operation, &mut json);
    crate::wire::check_types(operation, &json)?;

    // Data usage: travellers poll; a short per-ICCID cache keeps ITT's own rate limit away.
    let iccid = guard::text(&json, "eSim_iccid");
    if operation == "data-usage" {
        if let Some((status, body)) = iccid.as_deref().and_then(|i| policy.cached_usage(i)) {
            return Ok(json_response(status, body, None));
        }
    }

    // Exactly once: one create-booking per booking_tracking_id, replayed only to
    // the very same request (so a guessed id does not reveal someone's booking).
    let once_key = (operation == "create-booking")
        .then(|| guard::text(&json, "booking_tracking_id"))
        .flatten();
    let fingerprint = match &once_key {
        Some(_) => guard::fingerprint(&json),
        None => [0; 32],
    };
    if let Some(key) = &once_key {
        if let Some((status, body)) = policy.begin_booking(key, fingerprint)? {
            return Ok(json_response(status, body, None));
        }
    }
    let mut in_flight = InFlightGuard {
        policy,
        key: once_key.clone(),
    };

    let path = state.upstream_path(operation);
    let answer = match state
        .upstream
        .call(&path, Value::Object(json.clone()).to_string())
        .await
    {
        Ok(answer) => answer,
        Err(error) => {
            // Only a connection that never opened proves ITT did not get it.
            let never_sent = matches!(error, ProxyError::UpstreamConnect(_));
            in_flight.settle((!never_sent).then_some(Once::Unknown));
            if once_key.is_some() && !never_sent {
                return Err(ProxyError::BookingOutcomeUnknown);
            }
            return Err(error);
        }
    };
    tracing::Span::current().record("status", answer.status.as_u16());
    let status = answer.status.as_u16();
    let reply = match serde_json::from_slice::<Value>(&answer.body) {
        Ok(Value::Object(reply)) => Some(reply),
        _ => None,
    };
    let Some(mut reply) = reply else {
        // Not ITT's JSON (an HTML error page, a truncated body): never shown to the browser.
        in_flight.settle(match answer.status.as_u16() {
            400..=499 => None,
            _ => Some(Once::Unknown),
        });
        if once_key.is_some() && !answer.status.is_client_error() {
            return Err(ProxyError::BookingOutcomeUnknown);
        }
        return Err(ProxyError::UpstreamBadAnswer(status));
    };
    let node = guard::node(&reply);
    let booking_answer = matches!(operation, "create-booking" | "create-topup-booking");
    if booking_answer && answer.status.is_success() {
        // Every payment page in a 2xx booking answer, whatever its status says: the
        // widget and the proxy must never disagree on what reaches the traveller.
        if let Err(e) = policy.check_payment_url(&node) {
            // Possibly booked at ITT, but its payment page cannot be handed out: never resent.
            in_flight.settle(Some(Once::Unknown));
            return Err(e);
        }
    }
    // The widget decides success with the same function.
    let success = answer.status.is_success() && recognize::succeeded(&node);
    if !success {
        // ITT refused (4xx, or a 2xx whose status says failed): nothing was booked.
        // A 5xx, or a 2xx that says neither, may come after the booking was made: never resent.
        let unknown = answer.status.is_server_error()
            || (answer.status.is_success() && !recognize::refused(&node));
        in_flight.settle(unknown.then_some(Once::Unknown));
        if once_key.is_some() && unknown {
            return Err(ProxyError::BookingOutcomeUnknown);
        }
        // Answer shaping (1/2): ITT's failure reduced to status and a short reason.
        let reduced = crate::filter::failure(operation, &reply);
        return Ok(json_response(
            status,
            Value::Object(reduced).to_string(),
            answer.retry_after,
        ));
    }
    let token = booking_token(&state, operation, &node, &json, claims).await;
    // Answer shaping (2/2): every answer is re-serialized from what was checked (a
    // duplicate key cannot show the browser another payment page than the one checked),
    // filtered to what the widget reads (any `booking_token` ITT sent goes with the
    // rest); the proxy's own keys are added after.
    crate::filter::success(operation, &mut reply);
    if let Some(token) = token {
        reply.insert("booking_token".into(), Value::String(token));
    }
    let body = Value::Object(reply).to_string();
    if in_flight.key.is_some() {
        in_flight.settle(Some(Once::Done {
            status,
            body: body.clone(),
            fingerprint,
            at: std::time::Instant::now(),
        }));
    }
    if operation == "data-usage" {
        if let Some(iccid) = iccid {
            policy.remember_usage(iccid, status, body.clone());
        }
    } else if operation == "topup-packages" {
        // The eSIM was checked against the token: its offers may be bought with it.
        if let (Some(offer), Some(iccid)) = (node.text_of(&["topup_tracking_id"]), iccid) {
            let ids = crate::topups::offered_ids(&node);
            policy.topup_offers.remember(offer, iccid, ids);
        }
    }
    Ok(json_response(status, body, answer.retry_after))
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
                // Not in the create answer: ask booking details once (they may be issued already).
                let mut lookup = serde_json::json!({
                    "member_id": state.server_values.member_id,
                    "booking_id": booking_id,
                });
                if let Some(tracking) = &tracking_id {
                    lookup["tracking_id"] = Value::String(tracking.clone());
                }
                if let Ok(answer) = state
                    .upstream
                    .call(&state.upstream_path("booking-details"), lookup.to_string())
                    .await
                {
                    if let Ok(details) = serde_json::from_slice::<recognize::Node>(&answer.body) {
                        iccids = guard::iccids(&details);
                    }
                }
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
