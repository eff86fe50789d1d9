//! Who may call the proxy and how often: browser origins, per-client rate limits,
//! per-client and overall caps on requests in flight, request bodies read in
//! time, and request ids.
//!
//! A client is an address: the socket's peer, or, behind a trusted proxy, the
//! rightmost `X-Forwarded-For` hop that is not a trusted proxy. IPv4-mapped IPv6
//! addresses (`::ffff:a.b.c.d`, what a dual-stack `[::]` listener reports for
//! IPv4 peers) are IPv4 addresses everywhere; IPv6 clients are counted per /64.

use crate::error::ProxyError;
use crate::store::{RateStore, Rule, Shared};
use crate::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Most rate-limit buckets kept. Past it, buckets idle long enough to be full
/// again are forgotten (exact), then arbitrary ones (a forgotten client starts
/// with a full burst). About 48 bytes each in the table: a few MiB at most.
pub const MAX_BUCKETS: usize = 100_000;

/// `ip` as the limits see it: an IPv4-mapped IPv6 address is its IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

/// The key a client is counted under: its IPv4 address, or its IPv6 /64 (one
/// subscriber usually holds a whole /64 and could otherwise rotate addresses).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
        v4 => v4,
    }
}

/// Whether `ip` is in one of `nets` (IPv4-mapped addresses match IPv4 ranges).
pub fn is_trusted(nets: &[IpNet], ip: IpAddr) -> bool {
    let ip = canonical(ip);
    nets.iter().any(|net| net.contains(&ip))
}

/// A `--trusted-proxies` item: a CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or
/// one address (`127.0.0.1`, `::1`). IPv4-mapped IPv6 forms are read as IPv4.
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    let net = match text.parse::<IpNet>() {
        Ok(net) => net,
        Err(_) => match text.parse::<IpAddr>() {
            Ok(ip) => IpNet::from(ip),
            Err(_) => {
                return Err(format!(
                    "{text:?} is neither an IP address nor a CIDR range like 10.0.0.0/8"
                ))
            }
        },
    };
    Ok(match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.network().to_ipv4_mapped() {
            Some(v4) => IpNet::new(IpAddr::V4(v4), v6.prefix_len() - 96)
                .map_err(|e| format!("{text:?}: {e}"))?,
            None => net,
        },
        _ => net,
    }
    .trunc())
}

/// One `X-Forwarded-For` hop: an address, possibly with a port (`1.2.3.4:5`,
/// `[2001:db8::1]:443`) or in quotes.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// Per-client token buckets and caps on requests in flight.
#[derive(Debug)]
pub struct RateLimiter {
    /// Requests allowed per minute and client (0: unlimited).
    pub per_minute: u32,
    /// Extra requests a client may send at once.
    pub burst: u32,
    /// Peers whose `X-Forwarded-For` is believed: addresses and ranges.
    pub trusted_proxies: Vec<IpNet>,
    /// Requests one client may have under way at once (0: no cap).
    pub max_in_flight_per_client: usize,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
    /// One budget per client across instances (`None`: this instance's buckets).
    shared: Option<Shared<dyn RateStore>>,
    in_flight: Arc<ConcurrencyTable>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per client, `burst` at once.
    pub fn new(per_minute: u32, burst: u32, trusted_proxies: Vec<IpNet>) -> Self {
        RateLimiter {
            per_minute,
            burst,
            trusted_proxies,
            max_in_flight_per_client: 0,
            buckets: Mutex::new(HashMap::new()),
            shared: None,
            in_flight: Arc::new(ConcurrencyTable::new(0)),
        }
    }

    /// The same limiter counting budgets in a store shared by every instance
    /// (this instance's own buckets while the store is down).
    pub fn with_shared(mut self, shared: Option<Shared<dyn RateStore>>) -> Self {
        self.shared = shared;
        self
    }

    /// The same limiter with at most `max` requests under way per client (0: no cap).
    pub fn with_max_in_flight_per_client(mut self, max: usize) -> Self {
        self.max_in_flight_per_client = max;
        self.in_flight = Arc::new(ConcurrencyTable::new(max));
        self
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the
    /// rightmost hop of `X-Forwarded-For` that is not one. Every header line is
    /// read, in order, as one comma-separated list. The walk from the right stops
    /// at a hop that is no address (a proxy would not write one): the client is
    /// then the trusted hop after it, never something further left.
    pub fn client<I>(&self, peer: Option<IpAddr>, forwarded_for: I) -> Option<IpAddr>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let peer = canonical(peer?);
        if !is_trusted(&self.trusted_proxies, peer) {
            return Some(peer);
        }
        let lines: Vec<I::Item> = forwarded_for.into_iter().collect();
        let mut client = peer;
        for hop in lines
            .iter()
            .rev()
            .flat_map(|line| line.as_ref().rsplit(','))
        {
            if hop.trim().is_empty() {
                continue;
            }
            let Some(ip) = parse_hop(hop) else {
                break;
            };
            client = canonical(ip);
            if !is_trusted(&self.trusted_proxies, client) {
                break;
            }
        }
        Some(client)
    }

    /// Takes one request from the client's budget; `Err(seconds)` to wait when empty.
    ///
    /// Clients are counted by [`client_key`]: IPv4 addresses (also IPv4-mapped
    /// ones), IPv6 per /64. With a shared store the budget is one across every
    /// instance; while the store is down, each instance's own.
    pub async fn take(&self, client: IpAddr) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let client = client_key(client);
        if let Some(shared) = &self.shared {
            let rule = Rule {
                per_minute: self.per_minute,
                burst: self.burst.max(1),
            };
            let key = client.to_string();
            if let Some(answer) = shared.attempt(|rates| rates.take(&key, rule)).await {
                return answer;
            }
        }
        self.take_local(client)
    }

    /// [`RateLimiter::take`] from this instance's token buckets.
    fn take_local(&self, client: IpAddr) -> Result<(), u64> {
        let rate = f64::from(self.per_minute) / 60.0;
        let capacity = f64::from(self.burst.max(1));
        let mut buckets = self.buckets.lock().expect("rate limiter lock");
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(&client) {
            // A bucket idle this long is full again: forgetting it changes nothing.
            let refill = Duration::from_secs_f64(capacity / rate);
            buckets.retain(|_, (_, at)| at.elapsed() < refill);
            if buckets.len() >= MAX_BUCKETS {
                // A flood of addresses: bounded memory wins over exactness.
                let mut remove = buckets.len() - MAX_BUCKETS / 2;
                buckets.retain(|_, _| {
                    if remove == 0 {
                        return true;
                    }
                    remove -= 1;
                    false
                });
            }
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

    /// A slot for one more request of `client` under way, or `None` at the cap.
    pub fn enter(&self, client: IpAddr) -> Option<Slot> {
        self.in_flight.try_enter(client_key(client))
    }

    /// Requests under way per client key (for tests and diagnostics).
    pub fn in_flight_of(&self, client: IpAddr) -> usize {
        self.in_flight.count(client_key(client))
    }
}

/// Counts of things held per key (requests under way per client, connections
/// per peer), each capped. An entry exists only while its count is above zero,
/// so the table never holds more entries than there are slots held.
#[derive(Debug)]
pub struct ConcurrencyTable {
    max: usize,
    counts: Mutex<HashMap<IpAddr, usize>>,
}

impl ConcurrencyTable {
    /// A table allowing `max` per key (0: no cap, nothing counted).
    pub fn new(max: usize) -> Self {
        ConcurrencyTable {
            max,
            counts: Mutex::default(),
        }
    }

    /// One more for `key`, released when the slot drops; `None` at the cap.
    pub fn try_enter(self: &Arc<Self>, key: IpAddr) -> Option<Slot> {
        if self.max == 0 {
            return Some(Slot(None));
        }
        let mut counts = self.counts.lock().expect("concurrency table lock");
        let count = counts.entry(key).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(Slot(Some((self.clone(), key))))
    }

    /// How many `key` holds now.
    pub fn count(&self, key: IpAddr) -> usize {
        let counts = self.counts.lock().expect("concurrency table lock");
        counts.get(&key).copied().unwrap_or(0)
    }

    /// Keys holding at least one slot.
    pub fn len(&self) -> usize {
        self.counts.lock().expect("concurrency table lock").len()
    }

    /// Whether no key holds a slot.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One held slot of a [`ConcurrencyTable`]; dropping it gives it back.
#[derive(Debug)]
pub struct Slot(Option<(Arc<ConcurrencyTable>, IpAddr)>);

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some((table, key)) = self.0.take() {
            let mut counts = table.counts.lock().expect("concurrency table lock");
            if let Some(count) = counts.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    counts.remove(&key);
                }
            }
        }
    }
}

/// What [`guard_requests`] works with: the application state and how bodies are read.
#[derive(Clone)]
pub struct Guard {
    /// The shared state (limiter, overall cap on requests in flight, origins).
    pub state: AppState,
    /// Largest request body, bytes (413 `body_too_large` beyond).
    pub body_limit: usize,
    /// Time a request body has to arrive in full (408 `body_timeout`); `None`: no limit.
    pub body_timeout: Option<Duration>,
}

/// Origin, rate and concurrency checks in front of the proxy routes.
///
/// The order matters for slow clients: the per-client rate and concurrency
/// checks come first, then the body is read in full (within the body timeout and
/// the size limit), and only then is one of the overall in-flight permits taken.
/// A client trickling its body holds one of its own client's slots, never a
/// permit every other client needs.
pub async fn guard_requests(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let metrics = &guard.state.metrics;
    if !metrics.enabled() {
        return admit(&guard, request, next).await;
    }
    // Counted here, around the checks: refusals (origin, rate, body) are requests too.
    let operation = crate::metrics::http::operation_label(request.uri().path());
    let _in_flight = metrics.request_started();
    let response = admit(&guard, request, next).await;
    let error = response
        .extensions()
        .get::<crate::error::ErrorCode>()
        .map(|code| code.0);
    metrics.request_done(operation, response.status().as_u16(), error);
    response
}

async fn admit(guard: &Guard, request: Request, next: Next) -> Response {
    let state = &guard.state;
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
    // Every header line, in order (a proxy may add a line rather than extend one).
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()));
    // Held until the response is produced: one of this client's requests under way.
    let _client_slot = match state.limiter.client(peer, forwarded) {
        Some(client) => {
            if let Err(wait) = state.limiter.take(client).await {
                return ProxyError::RateLimited(wait).into_response();
            }
            match state.limiter.enter(client) {
                Some(slot) => Some(slot),
                None => return ProxyError::TooManyConcurrent.into_response(),
            }
        }
        None => None,
    };
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > guard.body_limit as u64) {
        return close_after(ProxyError::BodyTooLarge.into_response());
    }
    let read = http_body_util::Limited::new(body, guard.body_limit).collect();
    let read = match guard.body_timeout {
        Some(limit) => match tokio::time::timeout(limit, read).await {
            Ok(read) => read,
            Err(_) => return close_after(ProxyError::BodyTimeout.into_response()),
        },
        None => read.await,
    };
    let bytes = match read {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return close_after(ProxyError::BodyTooLarge.into_response())
        }
        Err(e) => return close_after(ProxyError::BadBody(e.to_string()).into_response()),
    };
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
        return ProxyError::Busy.into_response();
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The response, telling the client that the connection ends with it (the rest
/// of a body that was not read is not waited for).
fn close_after(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
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
mod tests;
