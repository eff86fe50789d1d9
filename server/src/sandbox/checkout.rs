//! The sandbox's hosted payment page, clearly marked TEST MODE.
//!
//! Like a payment provider's hosted checkout: the traveller arrives from the
//! booking's `payment_url`, pays or cancels, and is sent back to the booking's
//! `redirect_url` with the outcome (`itt_booking_id`, `itt_payment`). The
//! outcome is settled here too: eSIMs issued, top-ups applied.

use super::catalogue;
use super::state::{BookingKind, EsimRecord, State as SandboxState};
use super::Sandbox;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::sync::Arc;

/// The page's CSP: its own stylesheet, no scripts at all.
const CHECKOUT_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}\
.test{background:#ffcc00;color:#000;text-align:center;font-weight:700;padding:10px;letter-spacing:.05em}\
main{max-width:420px;margin:32px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 12px rgba(0,0,0,.08)}\
h1{font-size:1.25rem;margin:0 0 16px}dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:0 0 24px}\
dt{color:#5b6170}dd{margin:0;font-weight:600}form{display:inline}button{font:inherit;font-weight:600;min-height:44px;\
padding:8px 20px;border-radius:8px;border:0;cursor:pointer;margin-right:8px}.pay{background:#0b5cad;color:#fff}\
.cancel{background:#e3e6ec;color:#1d2330}.note{color:#5b6170;font-size:.875rem;margin-top:20px}";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: String) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/sandbox/checkout.css\"></head><body>\
<div class=\"test\" role=\"note\">TEST MODE: sandbox checkout, no real payment</div><main>{body}</main></body></html>",
        title = escape(title)
    );
    let mut response = Html(html).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CHECKOUT_CSP),
    );
    response
}

/// The page for a payment link that leads nowhere.
fn not_found() -> Response {
    let body = "<h1>This payment link is not valid.</h1>".to_string();
    (StatusCode::NOT_FOUND, page("Payment not found", body)).into_response()
}

/// `GET /sandbox/checkout.css`.
pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css")], STYLE).into_response()
}

/// `GET /sandbox/checkout/{booking_id}`: the payment page.
pub async fn show(State(sb): State<Arc<Sandbox>>, Path(booking_id): Path<String>) -> Response {
    let mut state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    if !state.bookings.contains_key(&booking_id) {
        return not_found();
    }
    if visited(&mut state, &booking_id) {
        sb.persist(&state);
    }
    let b = &state.bookings[&booking_id];
    if b.payment_status == "paid" {
        return page(
            "Already paid",
            format!(
                "<h1>This booking is already paid.</h1><p>Booking {}</p>",
                escape(&b.booking_id)
            ),
        );
    }
    if b.payment_status != "unpaid" {
        return page(
            "Payment closed",
            "<h1>This payment was cancelled or declined.</h1><p>Start a new booking to try again.</p>".into(),
        );
    }
    let id = escape(&b.booking_id);
    page(
        "Pay for your eSIM",
        format!(
            "<h1>Pay for your eSIM</h1><dl><dt>Booking</dt><dd>{id}</dd><dt>Plan</dt><dd>{plan}</dd>\
<dt>Quantity</dt><dd>{qty}</dd><dt>Total</dt><dd>{currency} {total}</dd></dl>\
<form method=\"post\" action=\"/sandbox/checkout/{id}/pay\"><button class=\"pay\" type=\"submit\">Pay {currency} {total}</button></form>\
<form method=\"post\" action=\"/sandbox/checkout/{id}/cancel\"><button class=\"cancel\" type=\"submit\">Cancel</button></form>\
<p class=\"note\">Sandbox: the contact e-mail decline@sandbox.test makes Pay fail like a declined card.</p>",
            plan = escape(&b.title),
            qty = b.quantity,
            currency = escape(&b.currency),
            total = escape(&b.total_price),
        ),
    )
}

/// Gives the booking its `pay_tracking_id` when the traveller first reaches
/// the payment page (ITT's booking-details shows it from then on); true if new.
fn visited(state: &mut SandboxState, booking_id: &str) -> bool {
    let fresh = state
        .bookings
        .get(booking_id)
        .is_some_and(|b| b.pay_tracking_id.is_none());
    if fresh {
        let id = state.issue("PAY");
        if let Some(b) = state.bookings.get_mut(booking_id) {
            b.pay_tracking_id = Some(id);
        }
    }
    fresh
}

fn finish(sb: &Sandbox, booking_id: &str, pay: bool) -> Response {
    let mut state = sb.state.lock().unwrap_or_else(|e| e.into_inner());
    if !state.bookings.contains_key(booking_id) {
        return not_found();
    }
    visited(&mut state, booking_id);
    let b = state.bookings[booking_id].clone();
    let outcome = if b.payment_status == "paid" {
        "paid" // a second click never pays twice
    } else if b.payment_status == "cancelled" {
        "cancelled"
    } else if b.payment_status != "unpaid" {
        "failed"
    } else if !pay {
        sb.settle(&mut state, booking_id, false);
        state
            .bookings
            .get_mut(booking_id)
            .expect("exists")
            .payment_status = "cancelled".into();
        "cancelled"
    } else if b.email.eq_ignore_ascii_case(super::DECLINE_EMAIL) {
        sb.settle(&mut state, booking_id, false);
        "failed"
    } else {
        sb.settle(&mut state, booking_id, true);
        "paid"
    };
    sb.persist(&state);
    drop(state);
    match b.redirect_url {
        Some(url) => {
            let sep = if url.contains('?') { '&' } else { '?' };
            Redirect::to(&format!(
                "{url}{sep}itt_booking_id={booking_id}&itt_payment={outcome}"
            ))
            .into_response()
        }
        None => page("Done", format!("<h1>Payment {outcome}.</h1>")),
    }
}

/// `POST /sandbox/checkout/{booking_id}/pay`.
pub async fn pay(State(sb): State<Arc<Sandbox>>, Path(booking_id): Path<String>) -> Response {
    finish(&sb, &booking_id, true)
}

/// `POST /sandbox/checkout/{booking_id}/cancel`.
pub async fn cancel(State(sb): State<Arc<Sandbox>>, Path(booking_id): Path<String>) -> Response {
    finish(&sb, &booking_id, false)
}

impl Sandbox {
    /// Marks a booking paid (issuing its eSIMs or applying its top-up) or failed.
    pub(super) fn settle(&self, state: &mut SandboxState, booking_id: &str, paid: bool) {
        let now = state.clock_minutes;
        let Some(b) = state.bookings.get(booking_id).cloned() else {
            return;
        };
        if b.payment_status == "paid" {
            return; // never twice
        }
        if !paid {
            let b = state.bookings.get_mut(booking_id).expect("exists");
            b.payment_status = "failed".into();
            b.status = "cancelled".into();
            if let BookingKind::Topup { iccid } = &b.kind {
                let iccid = iccid.clone();
                if let Some(e) = state.esims.get_mut(&iccid) {
                    for t in e.topups.iter_mut().filter(|t| t.booking_id == booking_id) {
                        t.status = "failed".into();
                    }
                }
            }
            return;
        }
        match &b.kind {
            BookingKind::Esims { .. } => {
                let p = catalogue::package_by_id(&b.package_id, &b.currency);
                let mut iccids = Vec::new();
                for _ in 0..b.quantity {
                    let iccid = state.issue_iccid();
                    let matching_id = format!("SBX-{}", &iccid[iccid.len() - 8..]);
                    state.esims.insert(
                        iccid.clone(),
                        EsimRecord {
                            iccid: iccid.clone(),
                            booking_id: booking_id.to_string(),
                            package_id: b.package_id.clone(),
                            title: b.title.clone(),
                            matching_id,
                            issued_minute: now,
                            plan_mb: p.as_ref().and_then(|p| p.data_mb),
                            validity_days: p.as_ref().map_or(7, |p| p.days),
                            extra_used_mb: 0,
                            topups: Vec::new(),
                            warned: Vec::new(),
                        },
                    );
                    iccids.push(iccid);
                }
                let b = state.bookings.get_mut(booking_id).expect("exists");
                b.iccids = iccids;
            }
            BookingKind::Topup { iccid } => {
                if let Some(e) = state.esims.get_mut(iccid) {
                    for t in e.topups.iter_mut().filter(|t| t.booking_id == booking_id) {
                        t.status = "completed".into();
                    }
                    // New data, new warnings: the levels can be crossed again.
                    e.warned.clear();
                }
            }
        }
        let b = state.bookings.get_mut(booking_id).expect("exists");
        b.payment_status = "paid".into();
        b.status = "confirmed".into();
    }

    /// Settles a top-up ITT took without a payment page: paid, unless the
    /// contact is the sandbox's declining one.
    pub(super) fn settle_without_page(&self, state: &mut SandboxState, booking_id: &str) {
        let declined = state
            .bookings
            .get(booking_id)
            .is_some_and(|b| b.email.eq_ignore_ascii_case(super::DECLINE_EMAIL));
        self.settle(state, booking_id, !declined);
    }
}
