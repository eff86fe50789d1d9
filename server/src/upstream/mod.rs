//! Where the proxy sends operations: the real ITT API over HTTPS, or the in-process sandbox.

mod direct;

pub use direct::{egress_proxy_configured, DirectClient, CONNECT_TIMEOUT};

use crate::error::ProxyError;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::Router;
use bytes::Bytes;
use std::time::Duration;
use tower::ServiceExt;

/// The header names ITT expects for its two credentials (that spelling).
pub const API_KEY_HEADER: &str = "apikey";
/// See [`API_KEY_HEADER`].
pub const SECRET_CODE_HEADER: &str = "secretecode";

/// Largest upstream answer the proxy reads (compatible-devices lists are the biggest).
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// Credentials injected into every upstream call; never logged.
#[derive(Clone)]
pub struct Credentials {
    /// Header carrying the API key (ITT: `apikey`).
    pub api_key_header: String,
    /// `apikey` header value.
    pub api_key: String,
    /// Header carrying the secret code (ITT: `secretecode`).
    pub secret_code_header: String,
    /// `secretecode` header value.
    pub secret_code: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials { .. }")
    }
}

/// An upstream answer, reduced to what the browser may see.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: StatusCode,
    /// `Retry-After`, passed through for 429s.
    pub retry_after: Option<HeaderValue>,
    /// JSON body.
    pub body: Bytes,
}

/// The ITT API the proxy talks to.
pub enum Upstream {
    /// The real API, directly (see [`DirectClient`]).
    Direct(DirectClient),
    /// The real API through the egress proxy the environment names (reqwest).
    Http {
        /// HTTP client with the configured timeout.
        client: reqwest::Client,
        /// e.g. `https://api.innotraveltech.com`.
        base_url: String,
        /// Injected credentials.
        credentials: Credentials,
        /// Upstream URLs by path, parsed once.
        url_cache: std::sync::Mutex<std::collections::HashMap<String, reqwest::Url>>,
    },
    /// The built-in simulator, called in-process.
    Sandbox {
        /// The simulator's router.
        router: Router,
        /// Injected credentials (the sandbox checks them like ITT would).
        credentials: Credentials,
        /// Upper bound on a call, as for the real API.
        timeout: Duration,
    },
}

impl Upstream {
    /// Calls `path` with a JSON `body` and the credentials.
    pub async fn call(&self, path: &str, body: String) -> Result<Answer, ProxyError> {
        match self {
            Upstream::Direct(client) => client.call(path, body).await,
            Upstream::Http {
                client,
                base_url,
                credentials,
                url_cache,
            } => {
                // Parsed once per path: URL parsing (with IDNA) was a visible share of a call.
                let url = {
                    let mut cache = url_cache.lock().unwrap_or_else(|e| e.into_inner());
                    match cache.get(path) {
                        Some(url) => url.clone(),
                        None => {
                            let url = reqwest::Url::parse(&format!(
                                "{}{path}",
                                base_url.trim_end_matches('/')
                            ))
                            .map_err(|e| ProxyError::UpstreamConnect(e.to_string()))?;
                            if cache.len() < 64 {
                                cache.insert(path.to_string(), url.clone());
                            }
                            url
                        }
                    }
                };
                let response = client
                    .post(url)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .header(credentials.api_key_header.as_str(), &credentials.api_key)
                    .header(
                        credentials.secret_code_header.as_str(),
                        &credentials.secret_code,
                    )
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| {
                        if e.is_connect() {
                            ProxyError::UpstreamConnect(e.without_url().to_string())
                        } else if e.is_timeout() {
                            ProxyError::UpstreamTimeout
                        } else {
                            ProxyError::Upstream(e.without_url().to_string())
                        }
                    })?;
                let status = response.status();
                let retry_after = response.headers().get(http::header::RETRY_AFTER).cloned();
                let mut response = response;
                let mut body = Vec::new();
                // Bounded: an upstream cannot make the proxy hold an endless answer.
                while let Some(chunk) = response.chunk().await.map_err(|e| {
                    if e.is_timeout() {
                        ProxyError::UpstreamTimeout
                    } else {
                        ProxyError::Upstream(e.without_url().to_string())
                    }
                })? {
                    if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                        return Err(ProxyError::UpstreamBadAnswer(status.as_u16()));
                    }
                    body.extend_from_slice(&chunk);
                }
                let body = Bytes::from(body);
                Ok(Answer {
                    status,
                    retry_after,
                    body,
                })
            }
            Upstream::Sandbox {
                router,
                credentials,
                timeout,
            } => {
                let request = Request::post(path)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .header(credentials.api_key_header.as_str(), &credentials.api_key)
                    .header(
                        credentials.secret_code_header.as_str(),
                        &credentials.secret_code,
                    )
                    .body(Body::from(body))
                    .map_err(|e| ProxyError::Upstream(e.to_string()))?;
                let call = router.clone().oneshot(request);
                let response = tokio::time::timeout(*timeout, call)
                    .await
                    .map_err(|_| ProxyError::UpstreamTimeout)?
                    .map_err(|e| ProxyError::Upstream(e.to_string()))?;
                let status = response.status();
                let retry_after = response.headers().get(http::header::RETRY_AFTER).cloned();
                let body = axum::body::to_bytes(response.into_body(), MAX_ANSWER_BYTES)
                    .await
                    .map_err(|e| ProxyError::Upstream(e.to_string()))?;
                Ok(Answer {
                    status,
                    retry_after,
                    body,
                })
            }
        }
    }
}
