//! The two HTTP sides of the metrics: counting the proxied requests (a layer on
//! the public API routes) and exposing them (a router of its own, served only on
//! `--metrics-listen`).

use super::{Metrics, UNKNOWN_OPERATION};
use crate::error::ErrorCode;
use crate::proxy::BROWSER_OPERATIONS;
use crate::store::StoreHealth;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// The content type of the Prometheus text format.
pub const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The operation label of a request path: one the proxy knows, else [`UNKNOWN_OPERATION`].
pub fn operation_label(path: &str) -> &'static str {
    path.strip_prefix("/esim/")
        .and_then(|op| BROWSER_OPERATIONS.iter().copied().find(|known| *known == op))
        .unwrap_or(UNKNOWN_OPERATION)
}

/// Counts a proxied request: in flight while it runs, then by operation, status
/// and the proxy's error code (the refusals of the guard in front included).
pub async fn count_requests(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    if !metrics.enabled() {
        return next.run(request).await;
    }
    let operation = operation_label(request.uri().path());
    let _in_flight = metrics.request_started();
    let response = next.run(request).await;
    let error = response.extensions().get::<ErrorCode>().map(|code| code.0);
    metrics.request_done(operation, response.status().as_u16(), error);
    response
}

/// `GET /metrics`, and nothing else: the router of `--metrics-listen`.
pub fn router(metrics: Metrics, health: Arc<StoreHealth>) -> Router {
    Router::new().route(
        "/metrics",
        get(move || async move {
            let mut response = metrics.encode(&health).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_FORMAT));
            response
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_operations_become_labels() {
        assert_eq!(operation_label("/esim/search"), "search");
        assert_eq!(operation_label("/esim/create-booking"), "create-booking");
        assert_eq!(operation_label("/esim/guest@example.com"), UNKNOWN_OPERATION);
        assert_eq!(operation_label("/esim/search/extra"), UNKNOWN_OPERATION);
        assert_eq!(operation_label("/healthz"), UNKNOWN_OPERATION);
    }
}
