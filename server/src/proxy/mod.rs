//! `POST /esim/{operation}`: the browser-facing proxy.
//!
//! [`forward`] checks a browser request and fills in what the hotel decides;
//! [`exchange`] makes the upstream call and shapes the answer; [`once`] runs
//! create-booking and create-topup-booking exactly once, to completion, whatever
//! the browser's connection does.

mod exchange;
mod once;
mod values;

pub use crate::wire::{allowed_fields, BROWSER_OPERATIONS};
pub use values::ServerValues;

use crate::error::ProxyError;
use crate::guard;
use crate::metrics::PurchaseOutcome;
use crate::store::OnceKey;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

pub use itt_contract::BOOKING_TOKEN_HEADER;

/// Operations whose callers must hold the tracking key of their booking tracking id.
pub const TRACKING_KEY_OPERATIONS: [&str; 2] = ["update-customer-info", "create-booking"];

/// A browser request, checked and completed, ready to go upstream.
pub(crate) struct Prepared {
    /// One of [`BROWSER_OPERATIONS`].
    pub operation: &'static str,
    /// The body ITT gets.
    pub json: Map<String, Value>,
    /// The verified booking token, for operations about a booking.
    pub claims: Option<crate::token::BookingClaims>,
    /// The eSIM asked about.
    pub iccid: Option<String>,
}

/// Forwards one browser operation upstream, enforcing the booking rules.
pub async fn forward(
    State(state): State<AppState>,
    Path(operation): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ProxyError> {
    let Some(operation) = BROWSER_OPERATIONS.iter().copied().find(|o| *o == operation) else {
        return Err(ProxyError::UnknownOperation(operation));
    };
    let (json, claims) = match prepare(&state, operation, &headers, &body).await {
        Ok(prepared) => prepared,
        Err(error) => {
            if once::is_purchase(operation) {
                state.metrics.purchase(operation, PurchaseOutcome::Refused);
            }
            return Err(error);
        }
    };

    // Data usage: travellers poll; a short per-ICCID cache keeps ITT's own rate limit away.
    let iccid = guard::text(&json, "eSim_iccid");
    if operation == "data-usage" {
        if let Some(iccid) = iccid.as_deref() {
            if let Some((status, body)) = state.policy.cached_usage(iccid).await {
                return Ok(exchange::json_response(status, body, None));
            }
        }
    }
    let mut prepared = Prepared {
        operation,
        json,
        claims,
        iccid,
    };
    let reply = match once_key(operation, &prepared.json) {
        Some(key) => once::exactly_once(state, key, prepared).await?,
        None => {
            // A create-booking without its tracking id (ITT refuses it as incomplete)
            // still never chooses its own payment type.
            if let Err(error) = once::set_payment_type(&state, &mut prepared) {
                state.metrics.purchase(operation, PurchaseOutcome::Refused);
                return Err(error);
            }
            let exchanged = exchange::exchange(&state, prepared).await;
            once::count_sent(&state, operation, &exchanged.settled);
            exchanged.reply?
        }
    };
    Ok(reply.into_response())
}

/// The browser's request checked against the booking rules and completed with what
/// the hotel decides, and the booking token's claims.
async fn prepare(
    state: &AppState,
    operation: &'static str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Map<String, Value>, Option<crate::token::BookingClaims>), ProxyError> {
    let mut json = match serde_json::from_slice::<Value>(body) {
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
    if TRACKING_KEY_OPERATIONS.contains(&operation) {
        // Only whoever got this tracking id from our single-esim-package answer.
        policy.check_tracking_key(&mut json)?;
    }
    match operation {
        "create-booking" => policy.check_redirect(&json)?,
        "create-topup-booking" => {
            // Only a top-up offered for an eSIM of the caller's own booking.
            let iccids = claims
                .as_ref()
                .map(|c| c.iccids.as_slice())
                .unwrap_or_default();
            policy
                .topup_offers
                .check(
                    guard::text(&json, "topup_tracking_id").as_deref(),
                    guard::text(&json, "package_id").as_deref(),
                    iccids,
                )
                .await?;
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
    Ok((json, claims))
}

/// The exactly-once key of a purchase: its own tracking id.
fn once_key(operation: &str, json: &Map<String, Value>) -> Option<OnceKey> {
    match operation {
        "create-booking" => guard::text(json, "booking_tracking_id").map(OnceKey::booking),
        "create-topup-booking" => guard::text(json, "topup_tracking_id").map(OnceKey::topup),
        _ => None,
    }
}

/// What goes back to the browser.
#[derive(Debug)]
pub(crate) struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
    /// `Retry-After` from ITT.
    pub retry_after: Option<axum::http::HeaderValue>,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        exchange::json_response(self.status, self.body, self.retry_after)
    }
}
