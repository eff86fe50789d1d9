//! The sandbox's control routes: its clock, data use on an eSIM and the demo
//! hotel's payment grants. Browser-facing, mounted only with `--sandbox`.

use super::{state, IttFailure, Sandbox};
use axum::extract::{Path, State as AxumState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

/// `GET /sandbox/clock`: the sandbox time.
pub async fn clock(AxumState(sb): AxumState<Arc<Sandbox>>) -> Json<Value> {
    let state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    Json(json!({ "minutes": state.clock_minutes, "now": state::clock_text(state.clock_minutes) }))
}

/// `POST /sandbox/clock/advance` with `{"minutes": n}`, `{"hours": n}` or `{"days": n}`.
pub async fn advance_clock(
    AxumState(sb): AxumState<Arc<Sandbox>>,
    Json(body): Json<Value>,
) -> Response {
    // Checked: a huge value must be refused, not wrapped into a small one.
    let minutes = body["minutes"]
        .as_u64()
        .unwrap_or(0)
        .checked_add(body["hours"].as_u64().unwrap_or(0).saturating_mul(60))
        .and_then(|m| m.checked_add(body["days"].as_u64().unwrap_or(0).saturating_mul(24 * 60)))
        .unwrap_or(u64::MAX);
    if minutes == 0 || minutes > 366 * 24 * 60 {
        return IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Give minutes, hours or days (more than zero, at most a year).",
        )
        .into_response();
    }
    let mut state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    state.clock_minutes += minutes;
    sb.announce_low_data(&mut state);
    sb.persist(&state);
    Json(json!({ "minutes": state.clock_minutes, "now": state::clock_text(state.clock_minutes) }))
        .into_response()
}

/// `POST /sandbox/esims/{iccid}/consume` with `{"mb": n}`: uses data on an eSIM.
pub async fn consume(
    AxumState(sb): AxumState<Arc<Sandbox>>,
    Path(iccid): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let Some(mb) = body["mb"]
        .as_u64()
        .filter(|mb| (1..=10_000_000).contains(mb))
    else {
        return IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Give mb, from 1 to 10000000.",
        )
        .into_response();
    };
    let mut state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    let now = state.clock_minutes;
    let Some(esim) = state.esims.get_mut(&iccid) else {
        return IttFailure::new(StatusCode::NOT_FOUND, "eSIM not found.").into_response();
    };
    esim.extra_used_mb = esim.extra_used_mb.saturating_add(mb);
    let usage = esim.usage(now);
    sb.announce_low_data(&mut state);
    sb.persist(&state);
    Json(json!({
        "iccid": iccid,
        "status": usage.status,
        "used_mb": usage.used_mb,
        "total_mb": usage.total_mb,
    }))
    .into_response()
}

/// What the demo hotel's backend is asked for a payment grant.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantAsk {
    booking_tracking_id: String,
    quantity: u64,
}

/// `POST /sandbox/grant`: stands in for a hotel's backend that pays for the
/// guest's eSIM from its ITT balance. It signs a grant for this booking and
/// quantity with the sandbox's grant secret, valid for 15 minutes. A real hotel
/// does this in its own backend, after checking its guest (docs/embedding.md, "Payment grants").
pub async fn grant(axum::Json(ask): axum::Json<GrantAsk>) -> Response {
    if ask.booking_tracking_id.trim().is_empty() || !(1..=10).contains(&ask.quantity) {
        return IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bookingTrackingId and quantity (1-10) are required.",
        )
        .into_response();
    }
    let claims = crate::token::GrantClaims {
        booking_tracking_id: ask.booking_tracking_id,
        quantity: ask.quantity,
        exp: crate::token::now() + 15 * 60,
    };
    let grant = crate::token::sign(super::SANDBOX_GRANT_SECRET.as_bytes(), &claims);
    axum::Json(serde_json::json!({ "grant": grant })).into_response()
}
