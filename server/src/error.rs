//! The proxy's one error type: ITT-shaped JSON for the browser, details only in logs.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Why the proxy could not forward a request.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The operation is not one the browser may call.
    #[error("unknown operation {0:?}")]
    UnknownOperation(String),
    /// The body is not a JSON object.
    #[error("request body is not a JSON object: {0}")]
    BadBody(String),
    /// The upstream could not be reached or did not answer in time.
    #[error("upstream unreachable: {0}")]
    Upstream(String),
    /// The upstream took too long.
    #[error("upstream timed out")]
    UpstreamTimeout,
}

impl ProxyError {
    fn status(&self) -> StatusCode {
        match self {
            ProxyError::UnknownOperation(_) => StatusCode::NOT_FOUND,
            ProxyError::BadBody(_) => StatusCode::BAD_REQUEST,
            ProxyError::Upstream(_) => StatusCode::BAD_GATEWAY,
            ProxyError::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// What the browser is told: never upstream internals or addresses.
    fn public_reason(&self) -> String {
        match self {
            ProxyError::UnknownOperation(op) => {
                format!(
                    "Unknown operation: {}",
                    op.chars().take(40).collect::<String>()
                )
            }
            ProxyError::BadBody(_) => "The request body must be a JSON object.".to_string(),
            ProxyError::Upstream(_) => "The eSIM service is unreachable.".to_string(),
            ProxyError::UpstreamTimeout => "The eSIM service did not answer in time.".to_string(),
        }
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::warn!(error = %self, "proxy error");
        } else {
            tracing::debug!(error = %self, "rejected request");
        }
        (
            status,
            Json(json!({ "status": "failed", "reason": self.public_reason() })),
        )
            .into_response()
    }
}
