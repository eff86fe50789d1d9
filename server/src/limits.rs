//! Who may call the proxy and how often: browser origins, per-client rate limits,
//! a cap on requests in flight, and request ids.

use crate::error::ProxyError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Per-client token buckets.
#[derive(Debug)]
pub struct RateLimiter {
    /// Requests allowed per minute and client (0: unlimited).
    pub per_minute: u32,
    /// Extra requests a client may send at once.
    pub burst: u32,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per client, `burst` at once.
    pub fn new(per_minute: u32, burst: u32, trusted_proxies: Vec<IpAddr>) -> Self {
        RateLimiter {
            per_minute,
            burst,
            trusted_proxies,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The client's address: the peer, or the last untrusted hop of
    /// `X-Forwarded-For` when the peer is a trusted proxy.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let hops: Vec<IpAddr> = forwarded_for
            .unwrap_or_default()
            .split(',')
            .filter_map(|h| h.trim().parse().ok())
            .collect();
        Some(
            hops.into_iter()
                .rev()
                .find(|h| !self.trusted_proxies.contains(h))
                .unwrap_or(peer),
        )
    }

    /// Takes one request from the client's bucket; `Err(seconds)` to wait when empty.
    ///
    /// IPv6 clients are counted per /64: one subscriber usually holds a whole
    /// /64 and could otherwise rotate addresses to dodge the limit.
    pub fn take(&self, client: IpAddr) -> Result<(), u64> {
        let client = match client {
            IpAddr::V6(v6) => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
            v4 => v4,
        };
        if self.per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(self.per_minute) / 60.0;
        let capacity = f64::from(self.burst.max(1));
        let mut buckets = self.buckets.lock().expect("rate limiter lock");
        if buckets.len() > 100_000 {
            // Bounded memory under a flood of addresses: forget idle clients.
            buckets.retain(|_, (_, at)| at.elapsed().as_secs() < 60);
        }
        let (tokens, at) = buckets.entry(client).or_insert((capacity, Instant::now()));
        *tokens = (*tokens + at.elapsed().as_secs_f64() * rate).min(capacity);
        *at = Instant::now();
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil() as u64)
        }
    }
}

/// Origin, rate and concurrency checks in front of the proxy routes.
pub async fn guard_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        // With a configured public URL, that is this site's origin (a Host header
        // can be made up, e.g. by DNS rebinding); without one, the Host header.
        let same_origin = match state.public_origin.as_deref() {
            Some(public) => origin.eq_ignore_ascii_case(public),
            None => origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host)),
        };
        let allowed = same_origin
            || state
                .allowed_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin));
        // Preflights are answered by the CORS layer (without allow headers for strangers).
        if !allowed && request.method() != axum::http::Method::OPTIONS {
            return ProxyError::OriginNotAllowed.into_response();
        }
    }
    // The socket's peer; tests stand one in with axum's `MockConnectInfo`.
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| {
            request
                .extensions()
                .get::<axum::extract::connect_info::MockConnectInfo<SocketAddr>>()
                .map(|m| m.0.ip())
        });
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    if let Some(client) = state.limiter.client(peer, forwarded) {
        if let Err(wait) = state.limiter.take(client) {
            return ProxyError::RateLimited(wait).into_response();
        }
    }
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
        return ProxyError::Busy.into_response();
    };
    next.run(request).await
}

/// Issues `x-request-id`s: a per-process prefix and a counter.
#[derive(Clone, Debug)]
pub struct RequestIds {
    prefix: String,
    next: std::sync::Arc<AtomicU64>,
}

impl Default for RequestIds {
    fn default() -> Self {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        RequestIds {
            prefix: format!("{:x}", started & 0xffff_ffff),
            next: Default::default(),
        }
    }
}

impl tower_http::request_id::MakeRequestId for RequestIds {
    fn make_request_id<B>(
        &mut self,
        _: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let limiter = RateLimiter::new(60, 2, vec![proxy]);
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(
            limiter.client(Some(proxy), Some("198.51.100.1, 203.0.113.9")),
            Some(client),
            "the last hop before our proxy"
        );
        let stranger: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(
            limiter.client(Some(stranger), Some("203.0.113.9")),
            Some(stranger),
            "a spoofed header from an untrusted peer is ignored"
        );
    }

    #[test]
    fn buckets_empty_and_tell_how_long_to_wait() {
        let limiter = RateLimiter::new(60, 2, vec![]);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limiter.take(ip).is_ok());
        assert!(limiter.take(ip).is_ok());
        assert_eq!(limiter.take(ip), Err(1));
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(
            limiter.take(other).is_ok(),
            "clients are limited separately"
        );
        assert!(
            RateLimiter::new(0, 0, vec![]).take(ip).is_ok(),
            "0 disables"
        );
    }
}
