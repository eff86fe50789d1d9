//! The client of the real ITT API on the hot path: hyper-util's pooled HTTP/1.1
//! client over rustls (ring, the webpki roots: what reqwest used here), with the
//! connect timeout, the overall deadline and the bounded answer the proxy needs.
//!
//! Why not reqwest for this: even with redirects off it runs its redirect and
//! proxy machinery per request (the URL parsed twice more, the header map cloned
//! twice), which callgrind put at 29 % of a proxied search's instructions. reqwest
//! stays where an egress proxy is configured (`HTTPS_PROXY`, see
//! [`egress_proxy_configured`]), which it supports and this client does not.

use super::{Answer, Credentials, MAX_ANSWER_BYTES};
use crate::error::ProxyError;
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use http::{Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The longest a connection may take to open (a dead host fails fast; a slow
/// answer still gets the whole timeout).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long an idle pooled connection to ITT is kept (reqwest's default).
const POOL_IDLE: Duration = Duration::from_secs(90);

/// Whether the environment names an egress proxy for `upstream` (reqwest's
/// variables): then the proxy goes through it with reqwest, as before.
pub fn egress_proxy_configured(upstream: &str) -> bool {
    let names: &[&str] = if upstream.starts_with("https://") {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    };
    names
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// A pooled client bound to one ITT base URL, with the credentials in every call.
pub struct DirectClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    base_url: String,
    /// `Content-Type` and the two credential headers, built once.
    headers: HeaderMap,
    timeout: Duration,
    /// Upstream URIs by path, parsed once.
    uris: Mutex<HashMap<String, Uri>>,
}

impl std::fmt::Debug for DirectClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectClient")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl DirectClient {
    /// A client of `base_url` (https, or http for loopback) giving up after `timeout`.
    pub fn new(
        base_url: &str,
        credentials: &Credentials,
        timeout: Duration,
    ) -> Result<Self, String> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in [
            (&credentials.api_key_header, &credentials.api_key),
            (&credentials.secret_code_header, &credentials.secret_code),
        ] {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| format!("the {name} credential is not a valid header value"))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        // The provider named, not the process default: nothing else can change it.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(timeout.min(CONNECT_TIMEOUT)));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(DirectClient {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            headers,
            timeout,
            uris: Mutex::default(),
        })
    }

    fn uri(&self, path: &str) -> Result<Uri, ProxyError> {
        let mut uris = self.uris.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(uri) = uris.get(path) {
            return Ok(uri.clone());
        }
        let uri: Uri = format!("{}{path}", self.base_url)
            .parse()
            .map_err(|e: http::uri::InvalidUri| ProxyError::UpstreamConnect(e.to_string()))?;
        // Paths are the operations' (at most a dozen or so); bounded anyway.
        if uris.len() < 64 {
            uris.insert(path.to_string(), uri.clone());
        }
        Ok(uri)
    }

    /// POSTs `body` to `path`: ITT's status, `Retry-After` and body (at most
    /// [`MAX_ANSWER_BYTES`]), within the timeout.
    pub async fn call(&self, path: &str, body: String) -> Result<Answer, ProxyError> {
        let mut request = Request::post(self.uri(path)?)
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| ProxyError::UpstreamConnect(e.to_string()))?;
        *request.headers_mut() = self.headers.clone();
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                // Only a connection that never opened proves ITT did not get it.
                if e.is_connect() {
                    ProxyError::UpstreamConnect(error_chain(&e))
                } else {
                    ProxyError::Upstream(error_chain(&e))
                }
            })?;
            let status = response.status();
            let retry_after = response.headers().get(RETRY_AFTER).cloned();
            // Bounded: an upstream cannot make the proxy hold an endless answer.
            let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        ProxyError::UpstreamBadAnswer(status.as_u16())
                    } else {
                        ProxyError::Upstream(e.to_string())
                    }
                })?
                .to_bytes();
            Ok(Answer {
                status,
                retry_after,
                body,
            })
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| ProxyError::UpstreamTimeout)?
    }
}

/// An error and its causes on one line (hyper-util's own text says little).
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
