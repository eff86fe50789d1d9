//! `POST /esim/{operation}`: the browser-facing proxy.

use crate::error::ProxyError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
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

/// Values the hotel decides, never the browser.
#[derive(Clone, Debug)]
pub struct ServerValues {
    /// ITT `partner_id` sent with searches.
    pub partner_id: String,
    /// ITT `member_id` sent with every other operation.
    pub member_id: String,
    /// `payment_type` of bookings and top-ups.
    pub payment_type: String,
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
                set("payment_type", &self.payment_type);
                set("isPartialPay", "no");
                set("agency_email", &self.agency_email);
            }
            "create-topup-booking" => set("payment_type", &self.payment_type),
            _ => {}
        }
    }
}

/// Forwards one browser operation upstream with the server-side values applied.
#[tracing::instrument(skip(state, body), fields(status))]
pub async fn forward(
    State(state): State<AppState>,
    Path(operation): Path<String>,
    body: Bytes,
) -> Result<Response, ProxyError> {
    let Some(operation) = BROWSER_OPERATIONS.iter().find(|o| **o == operation) else {
        return Err(ProxyError::UnknownOperation(operation));
    };
    let mut json = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(ProxyError::BadBody("not an object".into())),
        Err(e) => return Err(ProxyError::BadBody(e.to_string())),
    };
    state.server_values.apply(operation, &mut json);
    let answer = state
        .upstream
        .call(
            &format!("/esim/{operation}"),
            Value::Object(json).to_string(),
        )
        .await?;
    tracing::Span::current().record("status", answer.status.as_u16());
    let mut response = (answer.status, answer.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(retry_after) = answer.retry_after {
        headers.insert(header::RETRY_AFTER, retry_after);
    }
    Ok(response)
}
