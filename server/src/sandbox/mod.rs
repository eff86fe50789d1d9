//! The sandbox: a stateful ITT simulator for demos and tests.
//!
//! It implements all twelve operations on in-memory state (optionally saved to
//! a data file), following ITT's reference as extracted in `itt-contract`:
//! requests are checked against the fields the reference documents
//! ([`required`]), and every answer carries every top-level key of the
//! reference's sample, with its kind ([`layout::complete`]). Where the
//! reference collapses the inside of an answer, each booking gets its own
//! arrangement ([`layout`]), so the widget and the proxy meet them all. By
//! default answers also have ITT's scalar habits (numbers as strings, stray
//! commas: [`odd`]). It checks credentials, member and partner ids, tracking
//! ids and what belongs to which booking like ITT does.
//!
//! Two routers: [`Sandbox::upstream_router`] is what the proxy calls instead of
//! ITT (in process), and [`Sandbox::public_router`] adds the browser-facing
//! test pages: the hosted checkout and the control routes that move the clock.
//!
//! Test triggers are magic values in the request body, so they pass through any
//! proxy (see the table in docs/sandbox.md).

mod booking_answer;
pub mod catalogue;
mod checkout;
mod control;
pub mod devices;
mod instructions;
pub mod layout;
pub mod odd;
mod ops;
mod post_booking;
pub mod required;
pub mod state;
pub mod webhook;

use axum::extract::{Path, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use state::State;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Credentials the sandbox accepts (the proxy injects them in sandbox mode).
pub const SANDBOX_API_KEY: &str = "sandbox-apikey";
/// See [`SANDBOX_API_KEY`].
pub const SANDBOX_SECRET_CODE: &str = "sandbox-secretecode";

/// The booking-token secret of the sandbox, so tests can mint tokens as a hotel backend would.
pub const SANDBOX_TOKEN_SECRET: &str = "sandbox-token-secret-not-for-production";

/// The grant secret of the sandbox, so tests and demos can mint payment grants.
pub const SANDBOX_GRANT_SECRET: &str = "sandbox-grant-secret-not-for-production";
/// Contact e-mail whose payment the checkout page declines.
pub const DECLINE_EMAIL: &str = "decline@sandbox.test";

/// Contact e-mail whose first create-booking (per booking tracking id) ITT
/// refuses with a 422, and whose second succeeds: a transient refusal to retry.
pub const REFUSE_ONCE_EMAIL: &str = "refuse-once@sandbox.test";

/// Sandbox settings.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Currency of all prices (one of the sandbox's rates).
    pub currency: String,
    /// Partner id the sandbox expects on searches (the proxy injects it).
    pub partner_id: String,
    /// Member id the sandbox expects on the other operations (the proxy injects it).
    pub member_id: String,
    /// Answer in ITT's sloppy form (default) or clean JSON.
    pub odd_form: bool,
    /// Base URL the browser reaches this server at (for payment URLs).
    pub public_url: String,
    /// Where to keep state across restarts (`None`: memory only).
    pub data_file: Option<PathBuf>,
    /// Low-data events go here when no webhook was registered.
    pub webhook_url: Option<String>,
    /// Secret for the events' HMAC-SHA512 signature.
    pub webhook_secret: String,
    /// One layout for every answer instead of one per booking (see [`layout`]
    /// for what each digit picks); `None`: seeded per booking.
    pub layout_seed: Option<u64>,
}

impl SandboxConfig {
    /// Defaults for tests and the demo.
    pub fn new(currency: &str, partner_id: &str, member_id: &str) -> Self {
        SandboxConfig {
            currency: currency.to_string(),
            partner_id: partner_id.to_string(),
            member_id: member_id.to_string(),
            odd_form: true,
            public_url: "http://127.0.0.1:8080".into(),
            data_file: None,
            webhook_url: None,
            webhook_secret: "sandbox-webhook-secret".into(),
            layout_seed: None,
        }
    }
}

/// The simulator: configuration and state.
pub struct Sandbox {
    config: SandboxConfig,
    state: Mutex<State>,
    http: reqwest::Client,
}

/// An ITT-style failure: `{"status": "failed", "reason": ...}` with an HTTP status.
#[derive(Debug)]
pub struct IttFailure {
    status: StatusCode,
    reason: String,
    retry_after: Option<u32>,
}

impl IttFailure {
    fn new(status: StatusCode, reason: impl Into<String>) -> Self {
        IttFailure {
            status,
            reason: reason.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for IttFailure {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({ "status": "failed", "reason": self.reason })),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// ITT refuses calls without its two credentials.
fn check_credentials(headers: &HeaderMap) -> Result<(), IttFailure> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if get("apikey") == Some(SANDBOX_API_KEY) && get("secretecode") == Some(SANDBOX_SECRET_CODE) {
        Ok(())
    } else {
        Err(IttFailure::new(
            StatusCode::UNAUTHORIZED,
            "Invalid API key or secret code.",
        ))
    }
}

/// The items of a list as ITT sends it (array, or object keyed "0", "1", ...).
fn list_items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Object(m)) => m.values().collect(),
        _ => Vec::new(),
    }
}

/// A test trigger found in a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    ServerError,
    RateLimited,
    Malformed,
    Truncated,
    Slow,
}

/// Finds a magic value anywhere in the body: a `sandbox-…` value in any field,
/// or the test destinations `XE`, `XR`, `XM`, `XT`, `XL` as `eSim.country_code`.
fn trigger(body: &Map<String, Value>) -> Option<Trigger> {
    fn walk(v: &Value) -> Option<Trigger> {
        match v {
            Value::String(s) => match s.trim() {
                "sandbox-500" => Some(Trigger::ServerError),
                "sandbox-429" => Some(Trigger::RateLimited),
                "sandbox-malformed" => Some(Trigger::Malformed),
                "sandbox-truncated" => Some(Trigger::Truncated),
                "sandbox-slow" => Some(Trigger::Slow),
                _ => None,
            },
            Value::Array(a) => a.iter().find_map(walk),
            Value::Object(m) => m.values().find_map(walk),
            _ => None,
        }
    }
    let country = body
        .get("eSim")
        .and_then(|e| e.get("country_code"))
        .and_then(Value::as_str)
        .map(|c| c.trim().to_ascii_uppercase());
    match country.as_deref() {
        Some("XE") => Some(Trigger::ServerError),
        Some("XR") => Some(Trigger::RateLimited),
        Some("XM") => Some(Trigger::Malformed),
        Some("XT") => Some(Trigger::Truncated),
        Some("XL") => Some(Trigger::Slow),
        _ => body.values().find_map(walk),
    }
}

/// How long the `Slow` trigger delays an answer.
pub const SLOW_TRIGGER: Duration = Duration::from_secs(3);

impl Sandbox {
    /// A sandbox with `config`, loading its data file when there is one.
    pub fn new(config: SandboxConfig) -> Result<Arc<Sandbox>, String> {
        let state = match &config.data_file {
            Some(path) => State::load(path)?,
            None => State::default(),
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Arc::new(Sandbox {
            config,
            state: Mutex::new(state),
            http,
        }))
    }

    /// The ITT API paths, as the proxy calls them.
    pub fn upstream_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/esim/{operation}", post(operation))
            .fallback(|| async {
                IttFailure::new(StatusCode::NOT_FOUND, "Requested endpoint was not found.")
            })
            .with_state(self.clone())
    }

    /// Browser-facing sandbox pages: hosted checkout and control routes.
    /// Only ever mounted with `--sandbox`.
    pub fn public_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/sandbox/checkout.css", get(checkout::stylesheet))
            .route("/sandbox/checkout/{booking_id}", get(checkout::show))
            .route("/sandbox/checkout/{booking_id}/pay", post(checkout::pay))
            .route(
                "/sandbox/checkout/{booking_id}/cancel",
                post(checkout::cancel),
            )
            .route("/sandbox/grant", post(control::grant))
            .route("/sandbox/clock", get(control::clock))
            .route("/sandbox/clock/advance", post(control::advance_clock))
            .route("/sandbox/esims/{iccid}/consume", post(control::consume))
            .with_state(self.clone())
    }

    /// Saves the state when a data file is configured (failures are logged, not fatal).
    fn persist(&self, state: &State) {
        if let Some(path) = &self.config.data_file {
            if let Err(e) = state.save(path) {
                tracing::warn!(error = %e, "sandbox state not saved");
            }
        }
    }

    /// Sends the low-data events that usage has crossed since the last check.
    fn announce_low_data(&self, state: &mut State) {
        let Some(url) = state
            .webhook_url
            .clone()
            .or_else(|| self.config.webhook_url.clone())
        else {
            return;
        };
        let now = state.clock_minutes;
        for esim in state.esims.values_mut() {
            let usage = esim.usage(now);
            let mut levels = Vec::new();
            if usage.status != "ACTIVE" {
                continue; // nothing to warn about before activation or after the end
            }
            if let Some(total) = usage.total_mb.filter(|t| *t > 0) {
                let used_pct = usage.used_mb * 100 / total;
                if used_pct >= 75 {
                    levels.push("75%");
                }
                if used_pct >= 90 {
                    levels.push("90%");
                }
            }
            if let (Some(expires), "ACTIVE") = (usage.expires_minute, usage.status) {
                let left = expires.saturating_sub(now);
                if left <= 3 * 24 * 60 {
                    levels.push("3days");
                }
                if left <= 24 * 60 {
                    levels.push("1days");
                }
            }
            for level in levels {
                if esim.warned.iter().any(|w| w == level) {
                    continue;
                }
                esim.warned.push(level.to_string());
                let remaining_percentage = usage
                    .total_mb
                    .filter(|t| *t > 0)
                    .map_or(100, |t| (t.saturating_sub(usage.used_mb)) * 100 / t);
                let body = json!({
                    "level": level,
                    "package_name": esim.title,
                    "remaining_percentage": remaining_percentage,
                    "iccid": esim.iccid,
                })
                .to_string();
                let signature = webhook::sign(&self.config.webhook_secret, body.as_bytes());
                let request = self
                    .http
                    .post(&url)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .header(webhook::SIGNATURE_HEADER, signature)
                    .body(body);
                tokio::spawn(async move {
                    if let Err(e) = request.send().await {
                        tracing::warn!(error = %e.without_url(), "sandbox webhook not delivered");
                    }
                });
            }
        }
    }
}

/// `POST /esim/{operation}`: one ITT operation.
async fn operation(
    AxumState(sb): AxumState<Arc<Sandbox>>,
    Path(operation): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Err(f) = check_credentials(&headers) {
        return f.into_response();
    }
    let body = match serde_json::from_str::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        _ => {
            return IttFailure::new(
                StatusCode::BAD_REQUEST,
                "The request body must be valid JSON.",
            )
            .into_response()
        }
    };
    match trigger(&body) {
        Some(Trigger::ServerError) => {
            return IttFailure::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
                .into_response()
        }
        Some(Trigger::RateLimited) => {
            return IttFailure {
                retry_after: Some(7),
                ..IttFailure::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests.")
            }
            .into_response()
        }
        Some(Trigger::Malformed) => {
            return (
                [(http::header::CONTENT_TYPE, "application/json")],
                "{\"status\": \"success\", \"data\": [{\"package_id\": \"A\",, }",
            )
                .into_response()
        }
        Some(Trigger::Truncated) => {
            return (
                [(http::header::CONTENT_TYPE, "application/json")],
                "{\"status\":\"success\",\"reason\":\"A total of 6 eSIM pack",
            )
                .into_response()
        }
        Some(Trigger::Slow) => tokio::time::sleep(SLOW_TRIGGER).await,
        None => {}
    }
    // ITT validates the body against its documented fields before it looks
    // anything up (the triggers above stand for failures that come even earlier).
    let reference = required::operation(&operation);
    if let Some(Err(failure)) = reference.map(|r| required::check(r, &body)) {
        return failure.into_response();
    }
    let mut state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    let answer = match operation.as_str() {
        "search" => sb.search(&mut state, &body),
        "single-esim-package" => sb.single_package(&mut state, &body),
        "update-customer-info" => sb.update_customer(&mut state, &body),
        "create-booking" => sb.create_booking(&mut state, &body),
        "booking-details" => sb.booking_details(&mut state, &body),
        "data-usage" => sb.data_usage(&mut state, &body),
        "installation-instructions" => sb.installation_instructions(&mut state, &body),
        "compatible-devices" => sb.compatible_devices(&mut state, &body),
        "topup-packages" => sb.topup_packages(&mut state, &body),
        "create-topup-booking" => sb.create_topup(&mut state, &body),
        "topup-history" => sb.topup_history(&mut state, &body),
        "register-webhook" => sb.register_webhook(&mut state, &body),
        _ => Err(IttFailure::new(
            StatusCode::NOT_FOUND,
            "Requested endpoint was not found.",
        )),
    };
    if answer.is_ok() {
        sb.announce_low_data(&mut state);
        sb.persist(&state);
    }
    drop(state);
    let mut value = match answer {
        Ok(value) => value,
        Err(failure) => return failure.into_response(),
    };
    if let (Some(reference), Value::Object(map)) = (reference, &mut value) {
        layout::complete(reference, map);
    }
    if sb.config.odd_form {
        let artefacts = reference.map_or(&[][..], |r| &r.response.artefacts[..]);
        value = odd::oddify(value, artefacts);
    }
    Json(value).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_found_anywhere() {
        let body = |v: Value| v.as_object().unwrap().clone();
        assert_eq!(
            trigger(&body(json!({"eSim": {"country_code": "xe"}}))),
            Some(Trigger::ServerError)
        );
        assert_eq!(
            trigger(&body(json!({"eSim_iccid": "sandbox-429"}))),
            Some(Trigger::RateLimited)
        );
        assert_eq!(
            trigger(&body(
                json!({"passenger": [{"first_name": "sandbox-slow"}]})
            )),
            Some(Trigger::Slow)
        );
        assert_eq!(
            trigger(&body(json!({"eSim": {"country_code": "TH"}}))),
            None
        );
    }
}
