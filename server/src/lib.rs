//! The hotel-side server of the ITT eSIM widget.
//!
//! It is the widget's only way to the ITT API: it holds the API keys, forwards
//! the browser-safe operations with server-side values filled in, and can serve
//! the built widget and demo page. With `--sandbox` its upstream is a built-in,
//! stateful ITT simulator, so the demo and the tests need no ITT account.

pub mod admin;
pub mod assemble;
pub mod config;
pub mod crash;
pub mod detached;
pub mod error;
pub mod filter;
pub mod guard;
pub mod limits;
pub mod metrics;
pub mod proxy;
pub mod sandbox;
pub mod secrets;
pub mod serve;
pub mod store;
pub mod token;
pub mod topups;
pub mod upstream;
pub mod wire;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue};
use axum::routing::post;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use assemble::{assemble, assemble_for, assemble_with};
pub use config::Config;
pub use error::ProxyError;
pub use upstream::Upstream;

/// The Content-Security-Policy the served demo page runs under: the widget needs
/// nothing beyond `'wasm-unsafe-eval'` (documented for hosts in docs/embedding.md).
pub const DEMO_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Answers (and files without a precompressed variant) smaller than this, in bytes,
/// go uncompressed: with its response head such an answer fits in the first TCP
/// segment (about 1.4 KB) anyway, so compressing it saves no packet and no round
/// trip, and costs tens of microseconds of CPU per answer
/// (`cargo run --release -p itt-esim-server --example compression-levels`).
pub const COMPRESS_ABOVE: u16 = 1024;

/// Brotli (and gzip) quality of on-the-fly compression. Measured on the sandbox's
/// answers (`examples/compression-levels.rs`): quality 1 takes a search answer from
/// 2.7 KB to 0.64 KB and the device list from 31.6 KB to 4.3 KB in about 40 % of
/// quality 5's CPU time; quality 5 saves another 0.1 KB and 1 KB, less than a packet.
pub const COMPRESSION_QUALITY: i32 = 1;

/// Everything the request handlers share.
#[derive(Clone)]
pub struct AppState {
    /// Where operations go.
    pub upstream: Arc<Upstream>,
    /// Values the browser may not choose.
    pub server_values: Arc<proxy::ServerValues>,
    /// Booking rules: tokens, grants, redirects, payment hosts, exactly once.
    pub policy: Arc<guard::Policy>,
    /// Upstream path of each operation (default `/esim/<operation>`).
    pub upstream_paths: Arc<std::collections::HashMap<String, String>>,
    /// Browser origins allowed to call cross-origin.
    pub allowed_origins: Arc<Vec<String>>,
    /// This site's origin, when `--public-url` says it (then Host is not trusted).
    pub public_origin: Option<String>,
    /// Per-client rate limit.
    pub limiter: Arc<limits::RateLimiter>,
    /// Cap on requests in flight.
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Purchases sent upstream that finish whatever their client does; shutdown waits for them.
    pub detached: Arc<detached::Detached>,
    /// Whether the state store answers (`GET /healthz`).
    pub store_health: Arc<store::StoreHealth>,
    /// What ops see on `--metrics-listen` (records nothing when that is not set).
    pub metrics: metrics::Metrics,
}

impl AppState {
    /// The upstream path of `operation`.
    pub fn upstream_path(&self, operation: &str) -> String {
        self.upstream_paths
            .get(operation)
            .cloned()
            .unwrap_or_else(|| format!("/esim/{operation}"))
    }
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
    /// Time a proxied request's body has to arrive in full (`None`: no limit).
    pub body_timeout: Option<std::time::Duration>,
    /// The sandbox's checkout page and control routes (only with `--sandbox`).
    pub sandbox_routes: Option<Router>,
    /// `ITT_ADMIN_TOKEN`: when set, the ops routes of [`admin`] exist and need it.
    pub admin_token: Option<String>,
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
            header::HeaderName::from_static(itt_contract::BOOKING_TOKEN_HEADER),
        ])
        .expose_headers([header::RETRY_AFTER]);
    let body_limit = surface.body_limit.max(1024);
    let guard = limits::Guard {
        state: state.clone(),
        body_limit,
        body_timeout: surface.body_timeout,
    };
    // One layer of services per level: each `Router::layer` boxes every route again
    // and clones the boxes per request (measured: 6 % of a search's instructions).
    let api = Router::new()
        .route("/esim/{operation}", post(proxy::forward))
        .layer(
            tower::ServiceBuilder::new()
                .layer(cors)
                // Reads the body (in time, within the limit) before taking an in-flight
                // permit; counts every request for the metrics, refused or not.
                .layer(axum::middleware::from_fn_with_state(
                    guard,
                    limits::guard_requests,
                ))
                .layer(DefaultBodyLimit::max(body_limit)),
        )
        // The cached health only: a probe cannot make this public route touch the store.
        .route(
            "/healthz",
            axum::routing::get(|State(state): State<AppState>| async move {
                axum::Json(state.store_health.report())
            }),
        )
        .with_state(state.clone());
    let api = match &surface.admin_token {
        Some(token) => api.merge(admin::routes(state, token.clone())),
        None => api,
    };
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
                // Each file may go as brotli, gzip or plain: a cache in between keeps
                // them apart (the compression layer adds it only where it compresses).
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::VARY,
                    HeaderValue::from_static("accept-encoding"),
                ))
                // The widget's files may be loaded from another origin (a CDN-like setup).
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ))
                // The build writes `.br` (quality 11) and `.gz` next to each file
                // (scripts/precompress.mjs): sent as they are, and the compression
                // layer below leaves a response that already has an encoding alone.
                .service(ServeDir::new(dir).precompressed_br().precompressed_gzip()),
        ),
        None => api,
    };
    // Outermost first: ids are ours (one sent by a client would be logged as if it
    // were), every response carries one and so does its log line.
    router.layer(
        tower::ServiceBuilder::new()
            .layer(axum::middleware::map_request(
                |mut request: axum::extract::Request| async move {
                    request.headers_mut().remove("x-request-id");
                    request
                },
            ))
            .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
                limits::RequestIds::default(),
            ))
            .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
            .layer(
                TraceLayer::new_for_http()
                    .on_response(
                        tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                    )
                    .make_span_with(request_span),
            )
            // Plan lists and the device list shrink to a fifth or less, which a
            // traveller on roaming data feels; small answers go as they are (see the
            // constants). Static files come precompressed at 11 when the build wrote
            // the variants.
            .layer(
                CompressionLayer::new()
                    .quality(tower_http::CompressionLevel::Precise(COMPRESSION_QUALITY))
                    .compress_when(
                        SizeAbove::new(COMPRESS_ABOVE)
                            .and(NotForContentType::IMAGES)
                            .and(NotForContentType::SSE),
                    ),
            ),
    )
}

/// The span of a request's log lines: its id, method, path and operation.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let path = request.uri().path();
    // A label from the proxy's own list, never the client's text.
    let operation = path
        .starts_with("/esim/")
        .then(|| metrics::http::operation_label(path));
    // The path only: query strings may carry personal data.
    tracing::info_span!("request", id, method = %request.method(), path, operation)
}
