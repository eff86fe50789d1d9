//! The HTTP side of the metrics: the operation label of a request path (the
//! guard in front of the API routes counts every request with it), and the router
//! of `--metrics-listen` that exposes them.

use super::{Metrics, UNKNOWN_OPERATION};
use crate::store::StoreHealth;
use crate::wire::BROWSER_OPERATIONS;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// The content type of the Prometheus text format.
pub const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The operation label of a request path: one the proxy knows, else [`UNKNOWN_OPERATION`].
pub fn operation_label(path: &str) -> &'static str {
    path.strip_prefix("/esim/")
        .and_then(|op| {
            BROWSER_OPERATIONS
                .iter()
                .copied()
                .find(|known| *known == op)
        })
        .unwrap_or(UNKNOWN_OPERATION)
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
        assert_eq!(
            operation_label("/esim/guest@example.com"),
            UNKNOWN_OPERATION
        );
        assert_eq!(operation_label("/esim/search/extra"), UNKNOWN_OPERATION);
        assert_eq!(operation_label("/healthz"), UNKNOWN_OPERATION);
    }
}
