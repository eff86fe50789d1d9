//! The sandbox: an in-process ITT simulator for demos and tests.
//!
//! It answers in ITT's shapes, by default with ITT's habits (numbers as strings,
//! stray commas, lists keyed `"0"`, `"1"`), so the widget is always exercised
//! against the odd form. It checks credentials and required fields like ITT.
//!
//! Magic destinations, like a payment provider's test cards:
//! `XE` answers HTTP 500, `XR` answers 429 with `Retry-After: 7`, `ZZ` finds no plans.

pub mod catalogue;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Credentials the sandbox accepts (the proxy injects them in sandbox mode).
pub const SANDBOX_API_KEY: &str = "sandbox-apikey";
/// See [`SANDBOX_API_KEY`].
pub const SANDBOX_SECRET_CODE: &str = "sandbox-secretecode";

/// Sandbox settings.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Currency of all prices (one of the sandbox's rates).
    pub currency: String,
    /// Partner id the sandbox expects (the proxy must inject it).
    pub partner_id: String,
    /// Answer in ITT's sloppy form (default) or clean JSON.
    pub odd_form: bool,
}

struct Sandbox {
    config: SandboxConfig,
    next_tracking: AtomicU64,
}

/// The simulator as a router of ITT upstream paths.
pub fn router(config: SandboxConfig) -> Router {
    let state = Arc::new(Sandbox {
        config,
        next_tracking: AtomicU64::new(1),
    });
    Router::new()
        .route("/esim/search", post(search))
        .fallback(|| async {
            IttFailure::new(StatusCode::NOT_FOUND, "Requested endpoint was not found.")
        })
        .with_state(state)
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

fn parse_body(body: &str) -> Result<Map<String, Value>, IttFailure> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(IttFailure::new(
            StatusCode::BAD_REQUEST,
            "The request body must be valid JSON.",
        )),
    }
}

impl Sandbox {
    fn tracking_id(&self, prefix: &str) -> String {
        let n = self.next_tracking.fetch_add(1, Ordering::Relaxed);
        format!("{prefix}{:010}SBX", 1_176_000_000 + n)
    }

    /// A number as ITT's samples send it: a string, sometimes with a stray comma.
    fn num(&self, n: impl std::fmt::Display, comma: bool) -> Value {
        if !self.config.odd_form {
            return serde_json::from_str(&n.to_string()).unwrap_or(Value::Null);
        }
        Value::String(if comma {
            format!("{n},")
        } else {
            n.to_string()
        })
    }

    fn boolean(&self, b: bool) -> Value {
        if self.config.odd_form {
            Value::String(format!("{b},"))
        } else {
            Value::Bool(b)
        }
    }

    fn null(&self) -> Value {
        if self.config.odd_form {
            Value::String("null,".into())
        } else {
            Value::Null
        }
    }

    /// A list as ITT sometimes sends it: an object keyed "0", "1", ...
    fn list(&self, items: Vec<Value>) -> Value {
        if !self.config.odd_form {
            return Value::Array(items);
        }
        Value::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
        )
    }
}

async fn search(
    State(sb): State<Arc<Sandbox>>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<Value>, IttFailure> {
    check_credentials(&headers)?;
    let body = parse_body(&body)?;
    if body.get("partner_id").and_then(Value::as_str) != Some(sb.config.partner_id.as_str()) {
        return Err(IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid partner_id.",
        ));
    }
    let Some(esim) = body.get("eSim").and_then(Value::as_object) else {
        return Err(IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The eSim field is required.",
        ));
    };
    let Some(code) = esim.get("country_code").and_then(Value::as_str) else {
        return Err(IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The eSim.country_code field is required.",
        ));
    };
    match code.to_ascii_uppercase().as_str() {
        "XE" => {
            return Err(IttFailure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal server error.",
            ))
        }
        "XR" => {
            return Err(IttFailure {
                retry_after: Some(7),
                ..IttFailure::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests.")
            })
        }
        _ => {}
    }
    let tracking_id = sb.tracking_id("1");
    let currency = sb.config.currency.as_str();
    let packages: Vec<Value> = match catalogue::country(code) {
        None => Vec::new(),
        Some(country) => catalogue::SHAPES
            .iter()
            .enumerate()
            .map(|(i, shape)| {
                let slug_country = country.name.to_ascii_lowercase().replace(' ', "-");
                let data_label = match shape.data_mb {
                    Some(mb) => format!("{} GB", mb / 1024),
                    None => "Unlimited".to_string(),
                };
                json!({
                    "package_id": format!("SBX{:05}||{slug_country}||{}||{}", i + 1, 1000 + i, shape.slug),
                    "supplier": "airalo",
                    "supplier_partner_code": format!("{}-{}", country.code.to_ascii_lowercase(), shape.slug),
                    "sell_price": sb.num(catalogue::price_text(country, shape, currency), true),
                    "sell_currency": currency,
                    "package_type": "sim",
                    "title": format!("{data_label} - {} days", shape.days),
                    "data": data_label,
                    "package_details": {
                        "data_amount": shape.data_mb.map_or_else(|| sb.null(), |mb| sb.num(mb, false)),
                        "voice_amount": sb.null(),
                        "text_amount": sb.null(),
                        "validity_days": sb.num(shape.days, true),
                        "is_unlimited": sb.boolean(shape.data_mb.is_none()),
                        "has_fair_usage_policy": sb.boolean(shape.data_mb.is_none()),
                    },
                    "region_details": {
                        "id": sb.num(100 + i, false),
                        "name": country.name,
                        "country_code": country.code,
                        "image": format!("https://sandbox.invalid/flags/{}.png", country.code.to_ascii_lowercase()),
                    },
                    "operator_details": { "name": country.operator, "image": sb.null() },
                    "validity": { "activation_days": sb.num(180, false), "topup_days": sb.num(shape.days, false) },
                    "coverage_type": "local",
                    "esim_type": "data",
                    "plan_type": "data",
                    "activation_policy": "first-usage",
                    "rechargeable": sb.boolean(true),
                })
            })
            .collect(),
    };
    let total = packages.len();
    let mut answer = json!({
        "status": "success",
        "reason": format!("A total of {total} eSIM packages were found for your search."),
        "tracking_id": tracking_id,
        "search_parameter": Value::Object(body.clone()),
        "total_esim_package": sb.num(total, true),
        "data": sb.list(packages),
        "supplier": { "airalo": "Airalo" },
        "filter": { "coverage_type": ["local"] },
    });
    if sb.config.odd_form {
        // The published samples carry this mangled key; clients must ignore it.
        answer["-\"filter\""] = json!({});
    }
    Ok(Json(answer))
}
