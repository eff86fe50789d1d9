//! The hotel-side server of the ITT eSIM widget.
//!
//! It is the widget's only way to the ITT API: it holds the API keys, forwards
//! the browser-safe operations with server-side values filled in, and can serve
//! the built widget and demo page. With `--sandbox` its upstream is a built-in,
//! stateful ITT simulator, so the demo and the tests need no ITT account.

pub mod config;
pub mod error;
pub mod proxy;
pub mod sandbox;
pub mod upstream;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::post;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use error::ProxyError;
pub use upstream::Upstream;

/// The Content-Security-Policy the served demo page runs under: the widget needs
/// nothing beyond `'wasm-unsafe-eval'` (documented for hosts in the README).
pub const DEMO_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Everything the request handlers share.
#[derive(Clone)]
pub struct AppState {
    /// Where operations go.
    pub upstream: Arc<Upstream>,
    /// Values the browser may not choose.
    pub server_values: Arc<proxy::ServerValues>,
}

/// Options of the HTTP surface that are not request-handling state.
#[derive(Clone, Debug, Default)]
pub struct Surface {
    /// Browser origins allowed to call the proxy cross-origin.
    pub allowed_origins: Vec<String>,
    /// Folder with the built widget and demo page to serve at `/`.
    pub serve_dir: Option<PathBuf>,
    /// Maximum request body size in bytes.
    pub body_limit: usize,
    /// The sandbox's checkout page and control routes (only with `--sandbox`).
    pub sandbox_routes: Option<Router>,
}

/// The whole application as one router (tests drive it with `oneshot`).
pub fn app(state: AppState, surface: &Surface) -> Router {
    let origins: Vec<HeaderValue> = surface
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([http::Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::HeaderName::from_static("x-booking-token"),
        ])
        .expose_headers([header::RETRY_AFTER]);
    let api = Router::new()
        .route("/esim/{operation}", post(proxy::forward))
        .layer(DefaultBodyLimit::max(surface.body_limit.max(1024)))
        .layer(cors)
        .with_state(state);
    let api = match &surface.sandbox_routes {
        Some(sandbox) => api.merge(sandbox.clone()),
        None => api,
    };
    let router = match &surface.serve_dir {
        Some(dir) => api.fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(DEMO_CSP),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                // The widget's files may be loaded from another origin (a CDN-like setup).
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ))
                .service(ServeDir::new(dir)),
        ),
        None => api,
    };
    router.layer(TraceLayer::new_for_http())
}
