//! The hotel's ops and purchases whose outcome is unknown.
//!
//! When ITT's answer to a create-booking (or create-topup-booking) is lost, the
//! proxy never sends it again, and the traveller is given the tracking id as the
//! reference to quote. Ops look it up with ITT, then tell the proxy what they
//! found, so the traveller's retry gets the booking (or books again):
//!
//! ```text
//! itt-esim-server purchases list
//! itt-esim-server purchases resolve --reference <tracking id> --booked <ITT booking id>
//! itt-esim-server purchases resolve --reference <tracking id> --not-booked
//! ```
//!
//! The subcommand talks to the running server's `/admin/purchases` routes, which
//! exist only when `ITT_ADMIN_TOKEN` is set, and need it as a bearer token.

use crate::store::{Kind, OnceKey, Recorded, Resolution, StoreError};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

/// Shortest admin token accepted.
pub const MIN_ADMIN_TOKEN: usize = 32;

/// A resolution as ops send it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResolveRequest {
    /// `booking` or `topup`.
    pub kind: Kind,
    /// The tracking id (the traveller's reference).
    pub reference: String,
    /// ITT's booking id, when ITT has the purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<String>,
    /// True when ITT does not have it.
    #[serde(default)]
    pub not_booked: bool,
}

#[derive(Clone)]
struct Admin {
    state: AppState,
    token: Arc<String>,
}

/// The admin routes, guarded by `token`.
pub fn routes(state: AppState, token: String) -> Router {
    Router::new()
        .route("/admin/purchases", get(list))
        .route("/admin/purchases/resolve", post(resolve))
        .with_state(Admin {
            state,
            token: Arc::new(token),
        })
}

fn authorized(admin: &Admin, headers: &HeaderMap) -> bool {
    use hmac::Mac;
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Constant time: compare MACs of both under a fixed key.
    let tag = |text: &str| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"itt-admin-compare")
            .expect("any key length");
        mac.update(text.as_bytes());
        mac.finalize().into_bytes()
    };
    tag(sent) == tag(&admin.token)
}

fn refused(status: StatusCode, reason: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"status": "failed", "reason": reason.into()})),
    )
        .into_response()
}

async fn list(State(admin): State<Admin>, headers: HeaderMap) -> Response {
    if !authorized(&admin, &headers) {
        return refused(StatusCode::UNAUTHORIZED, "admin token missing or wrong");
    }
    match admin.state.policy.once.list().await {
        Ok(records) => Json(json!({"status": "success", "purchases": records})).into_response(),
        Err(e) => refused(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    }
}

/// Largest resolution body, and how long it may take to arrive (read only after
/// the token was checked, so a stranger cannot hold a connection with it).
const RESOLVE_BODY_BYTES: usize = 4096;
const RESOLVE_BODY_TIME: std::time::Duration = std::time::Duration::from_secs(10);

async fn resolve(State(admin): State<Admin>, headers: HeaderMap, body: Body) -> Response {
    if !authorized(&admin, &headers) {
        return refused(StatusCode::UNAUTHORIZED, "admin token missing or wrong");
    }
    let read = tokio::time::timeout(
        RESOLVE_BODY_TIME,
        axum::body::to_bytes(body, RESOLVE_BODY_BYTES),
    );
    let request = match read.await {
        Ok(Ok(bytes)) => serde_json::from_slice::<ResolveRequest>(&bytes),
        _ => {
            return refused(
                StatusCode::BAD_REQUEST,
                "the body did not arrive in time or is too long",
            )
        }
    };
    let Ok(request) = request else {
        return refused(
            StatusCode::BAD_REQUEST,
            "expected {\"kind\", \"reference\", \"booked\" or \"not_booked\"}",
        );
    };
    // Written as ITT and the traveller may have it (stray commas and spaces).
    let reference = request.reference.trim().trim_end_matches(',').trim();
    let key = OnceKey {
        kind: request.kind,
        id: reference.to_string(),
    };
    let resolution = match (&request.booked, request.not_booked) {
        (Some(booking_id), false) => match booked_answer(&admin.state, &key, booking_id).await {
            Ok(recorded) => Resolution::Booked(recorded),
            Err(reason) => return refused(StatusCode::UNPROCESSABLE_ENTITY, reason),
        },
        (None, true) => Resolution::NotBooked,
        _ => {
            return refused(
                StatusCode::BAD_REQUEST,
                "say either booked (with ITT's booking id) or not_booked",
            )
        }
    };
    match admin.state.policy.once.resolve(&key, resolution).await {
        Ok(()) => {
            tracing::info!(kind = ?key.kind, reference = %key.id, "purchase resolved by ops");
            Json(json!({"status": "success"})).into_response()
        }
        Err(e @ StoreError::NotUnknown(_)) => refused(StatusCode::NOT_FOUND, e.to_string()),
        Err(e) => refused(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    }
}

/// The answer the traveller's retry gets for a purchase ITT has: for a booking,
/// ITT's booking details (checked to be this tracking id's) with a booking token;
/// for a top-up, ITT's own success answer.
async fn booked_answer(
    state: &AppState,
    key: &OnceKey,
    booking_id: &str,
) -> Result<Recorded, String> {
    let booking_id = booking_id.trim();
    if booking_id.is_empty() || booking_id.len() > crate::guard::MAX_ID_CHARS {
        return Err("booked needs ITT's booking id".into());
    }
    if key.kind == Kind::Topup {
        return Ok(Recorded {
            status: 200,
            body: json!({"Status": "Success", "topup_tracking_id": key.id}).to_string(),
        });
    }
    let lookup = json!({
        "member_id": state.server_values.member_id,
        "booking_id": booking_id,
        "tracking_id": key.id,
    });
    let answer = state
        .upstream
        .call(&state.upstream_path("booking-details"), lookup.to_string())
        .await
        .map_err(|e| format!("ITT could not be asked: {e}"))?;
    let Ok(Value::Object(mut details)) = serde_json::from_slice::<Value>(&answer.body) else {
        return Err(format!(
            "ITT's booking details were not readable (HTTP {})",
            answer.status
        ));
    };
    let node = crate::guard::node(&details);
    let found = itt_contract::recognize::booking_id(&node);
    if !answer.status.is_success()
        || !itt_contract::recognize::succeeded(&node)
        || found.as_deref() != Some(booking_id)
    {
        return Err(format!(
            "ITT does not confirm booking {booking_id} (HTTP {})",
            answer.status
        ));
    }
    if let Some(tracking) = itt_contract::recognize::tracking_id(&node) {
        if tracking != key.id {
            return Err(format!(
                "booking {booking_id} belongs to tracking id {tracking}, not {}",
                key.id
            ));
        }
    }
    // What the traveller gets is checked and filtered like any booking answer.
    state
        .policy
        .check_payment_url(&node)
        .map_err(|_| "ITT's booking details name a payment page off --payment-hosts".to_string())?;
    let iccids = crate::guard::iccids(&node);
    let token = state
        .policy
        .token_for(booking_id.to_string(), Some(key.id.clone()), iccids);
    crate::filter::success("booking-details", &mut details);
    details.insert("booking_token".into(), Value::String(token));
    Ok(Recorded {
        status: 200,
        body: Value::Object(details).to_string(),
    })
}

/// `itt-esim-server purchases ...`: what ops run against the live server.
#[derive(Clone, Debug, clap::Args)]
pub struct PurchasesCommand {
    /// The running server (its admin routes).
    #[arg(
        long,
        env = "ITT_ADMIN_SERVER",
        default_value = "http://127.0.0.1:8080"
    )]
    pub server: String,
    /// What to do.
    #[command(subcommand)]
    pub action: PurchasesAction,
}

/// List or resolve.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum PurchasesAction {
    /// Purchases in flight or with an unknown outcome, oldest first.
    List,
    /// Tell the proxy what ITT says about a purchase with an unknown outcome.
    Resolve {
        /// The tracking id the traveller quotes.
        #[arg(long)]
        reference: String,
        /// A top-up (its topup_tracking_id) rather than a booking.
        #[arg(long)]
        topup: bool,
        /// ITT has it, under this booking id: the traveller's retry gets it.
        #[arg(
            long,
            conflicts_with = "not_booked",
            required_unless_present = "not_booked"
        )]
        booked: Option<String>,
        /// ITT does not have it: the traveller's retry books again.
        #[arg(long)]
        not_booked: bool,
    },
}

/// Runs the subcommand; the process exit code.
pub async fn run(command: &PurchasesCommand) -> i32 {
    let Ok(Some(token)) =
        crate::secrets::optional_secret("ITT_ADMIN_TOKEN", "ITT_ADMIN_TOKEN_FILE")
    else {
        eprintln!(
            "itt-esim-server: ITT_ADMIN_TOKEN is not set: use the admin token the server runs with"
        );
        return 2;
    };
    let base = command.server.trim_end_matches('/');
    let client = reqwest::Client::new();
    let request = match &command.action {
        PurchasesAction::List => client.get(format!("{base}/admin/purchases")),
        PurchasesAction::Resolve {
            reference,
            topup,
            booked,
            not_booked,
        } => client
            .post(format!("{base}/admin/purchases/resolve"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(
                serde_json::to_string(&ResolveRequest {
                    kind: if *topup { Kind::Topup } else { Kind::Booking },
                    reference: reference.clone(),
                    booked: booked.clone(),
                    not_booked: *not_booked,
                })
                .unwrap_or_default(),
            ),
    };
    let response = match request.bearer_auth(token.trim()).send().await {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "itt-esim-server: cannot reach {base} (--server / ITT_ADMIN_SERVER): {}",
                e.without_url()
            );
            return 1;
        }
    };
    let status = response.status();
    let body: Value = response
        .bytes()
        .await
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    if !status.is_success() {
        let reason = body["reason"].as_str().unwrap_or("no reason given");
        eprintln!("itt-esim-server: the server refused ({status}): {reason}");
        if status == StatusCode::NOT_FOUND && body.is_null() {
            eprintln!(
                "(the admin routes exist only when the server runs with ITT_ADMIN_TOKEN set)"
            );
        }
        return 1;
    }
    match &command.action {
        PurchasesAction::List => {
            let records = body["purchases"].as_array().cloned().unwrap_or_default();
            if records.is_empty() {
                println!("no purchase in flight or with an unknown outcome");
            }
            for r in records {
                println!(
                    "{kind:<8} {id:<40} {state:<10} since {since} {reason}",
                    kind = r["kind"].as_str().unwrap_or("?"),
                    id = r["id"].as_str().unwrap_or("?"),
                    state = r["state"].as_str().unwrap_or("?"),
                    since = r["since"],
                    reason = r["reason"].as_str().unwrap_or(""),
                );
            }
        }
        PurchasesAction::Resolve { reference, .. } => println!("resolved {reference}"),
    }
    0
}
