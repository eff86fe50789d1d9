//! What the hotel's ops see: Prometheus metrics, served on their own address
//! (`--metrics-listen`, off by default, never on the public one: see [`http`]).
//!
//! Every label value is chosen by the proxy from a fixed list: an operation it
//! knows, an HTTP status, one of its error codes, a store operation. Nothing a
//! client sends (an id, an e-mail, a path it made up) ever becomes a label, so the
//! number of series is bounded whatever the traffic.
//!
//! With metrics off, [`Metrics::disabled`] records nothing and costs a branch.

pub mod http;

use crate::store::{StoreHealth, StoreObserver, Stores};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Prefix of every metric name.
pub const NAMESPACE: &str = "itt_esim";

/// The operation label of a proxied path whose operation is not one the proxy knows.
pub const UNKNOWN_OPERATION: &str = "unknown";

impl StoreObserver for Metrics {
    fn observe(
        &self,
        backend: &'static str,
        operation: &'static str,
        took: Duration,
        failed: bool,
    ) {
        self.store(backend, operation, took, failed);
    }
}

/// Upstream latency buckets, seconds: ITT answers in tenths of a second to seconds;
/// the proxy gives up at `--timeout-secs` (20 by default).
const UPSTREAM_BUCKETS: [f64; 11] = [0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0];

/// Store latency buckets, seconds: the embedded store answers in microseconds, Redis
/// in under a millisecond on a LAN; a shared table is given up on at 250 ms.
const STORE_BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

/// How a purchase request (create-booking, create-topup-booking) ended for the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PurchaseOutcome {
    /// Sent to ITT by this request, with a definite answer (booked, or refused by ITT).
    Forwarded,
    /// Answered from the record: a retry of a purchase already made or under way.
    Replayed,
    /// Sent to ITT by this request without a definite answer: it may be booked and is
    /// never sent again (`itt-esim-server purchases` resolves it).
    Unknown,
    /// Not sent: the proxy refused it (token, tracking key, redirect, grant,
    /// conflicting retry, state store unavailable).
    Refused,
}

impl PurchaseOutcome {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseOutcome::Forwarded => "forwarded",
            PurchaseOutcome::Replayed => "replayed",
            PurchaseOutcome::Unknown => "unknown",
            PurchaseOutcome::Refused => "refused",
        }
    }
}

/// The proxy's metrics (cheap to clone; all clones share the series).
#[derive(Clone, Default)]
pub struct Metrics {
    inner: Option<Arc<Registered>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("enabled", &self.enabled())
            .finish()
    }
}

struct Registered {
    registry: Registry,
    requests: IntCounterVec,
    /// The series of `requests`, resolved at first use, by operation and code.
    request_series: Vec<[OnceLock<IntCounter>; CODES.len()]>,
    /// The series of `upstream_seconds` by operation, resolved at first use (an
    /// unused one would be a histogram of zeros in every scrape).
    upstream_series: Vec<OnceLock<Histogram>>,
    in_flight: IntGauge,
    errors: IntCounterVec,
    upstream_seconds: HistogramVec,
    upstream_failures: IntCounterVec,
    purchases: IntCounterVec,
    store_seconds: HistogramVec,
    store_errors: IntCounterVec,
    store_up: IntGaugeVec,
}

/// Keeps the in-flight gauge up while it lives.
pub struct InFlight(Option<IntGauge>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(gauge) = &self.0 {
            gauge.dec();
        }
    }
}

impl Metrics {
    /// Metrics that record nothing (`--metrics-listen` not set).
    pub fn disabled() -> Self {
        Metrics { inner: None }
    }

    /// Every metric registered, at zero.
    pub fn new() -> Self {
        Metrics {
            inner: Some(Arc::new(Registered::new())),
        }
    }

    /// Whether anything is recorded.
    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// A proxied request started; it is in flight until the guard drops.
    pub fn request_started(&self) -> InFlight {
        InFlight(self.inner.as_ref().map(|m| {
            m.in_flight.inc();
            m.in_flight.clone()
        }))
    }

    /// A proxied request was answered with `status`, and the proxy's error code if it refused.
    pub fn request_done(&self, operation: &'static str, status: u16, error: Option<&'static str>) {
        let Some(m) = &self.inner else { return };
        // Resolved once per (operation, code): no label hashing per request.
        let (op, code) = (operation_index(operation), status_index(status));
        m.request_series[op][code]
            .get_or_init(|| {
                m.requests
                    .with_label_values(&[operation_label(op), CODES[code]])
            })
            .inc();
        if let Some(error) = error {
            m.errors.with_label_values(&[error]).inc();
        }
    }

    /// An upstream call for `operation` took `took` (answered or not).
    pub fn upstream_call(&self, operation: &'static str, took: Duration) {
        let Some(m) = &self.inner else { return };
        let op = operation_index(operation);
        m.upstream_series[op]
            .get_or_init(|| m.upstream_seconds.with_label_values(&[operation_label(op)]))
            .observe(took.as_secs_f64());
    }

    /// An upstream call for `operation` gave no usable answer, for `reason`.
    pub fn upstream_failure(&self, operation: &'static str, reason: &'static str) {
        let Some(m) = &self.inner else { return };
        m.upstream_failures
            .with_label_values(&[operation, reason])
            .inc();
    }

    /// A purchase request ended as `outcome`.
    pub fn purchase(&self, operation: &'static str, outcome: PurchaseOutcome) {
        let Some(m) = &self.inner else { return };
        m.purchases
            .with_label_values(&[operation, outcome.as_str()])
            .inc();
    }

    /// The stores, every call measured when metrics are on.
    pub fn measure(&self, stores: Stores) -> Stores {
        match self.enabled() {
            true => stores.measured(Arc::new(self.clone())),
            false => stores,
        }
    }

    /// A state-store call took `took`; `failed` when the store could not do it.
    pub fn store(
        &self,
        backend: &'static str,
        operation: &'static str,
        took: Duration,
        failed: bool,
    ) {
        let Some(m) = &self.inner else { return };
        m.store_seconds
            .with_label_values(&[backend, operation])
            .observe(took.as_secs_f64());
        if failed {
            m.store_errors
                .with_label_values(&[backend, operation])
                .inc();
        }
    }

    /// The text exposition (`text/plain; version=0.0.4`), the store's health read now.
    pub fn encode(&self, health: &StoreHealth) -> String {
        let Some(m) = &self.inner else {
            return String::new();
        };
        m.store_up
            .with_label_values(&[health.backend()])
            .set(i64::from(
                health.is_up() && health.misconfigured().is_none(),
            ));
        let mut out = Vec::with_capacity(16 * 1024);
        // Encoding our own, well-formed families into a Vec cannot fail.
        let _ = TextEncoder::new().encode(&m.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The `code` label values: the status itself for the ones a proxy answers with,
/// else its class (ITT's statuses pass through; an odd one must not make a series
/// of its own).
const CODES: [&str; 24] = [
    "200", "201", "204", "304", "400", "401", "403", "404", "405", "408", "409", "413", "415",
    "422", "429", "500", "502", "503", "504", "1xx", "2xx", "3xx", "4xx", "5xx",
];

/// The position of `status`'s label in [`CODES`].
fn status_index(status: u16) -> usize {
    let mut digits = [b'0'; 3];
    let mut rest = status.min(999);
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let class = match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    };
    CODES
        .iter()
        .position(|code| code.as_bytes() == digits)
        .or_else(|| CODES.iter().position(|code| *code == class))
        .unwrap_or(CODES.len() - 1)
}

/// The `operation` label values of the API: the browser's operations, then
/// [`UNKNOWN_OPERATION`].
fn operation_index(operation: &str) -> usize {
    crate::wire::BROWSER_OPERATIONS
        .iter()
        .position(|known| *known == operation)
        .unwrap_or(crate::wire::BROWSER_OPERATIONS.len())
}

/// How many operation labels there are.
const OPERATIONS: usize = crate::wire::BROWSER_OPERATIONS.len() + 1;

/// The label of an operation index.
fn operation_label(index: usize) -> &'static str {
    crate::wire::BROWSER_OPERATIONS
        .get(index)
        .copied()
        .unwrap_or(UNKNOWN_OPERATION)
}

impl Registered {
    fn new() -> Self {
        let registry = Registry::new();
        let opts = |name: &str, help: &str| Opts::new(name, help).namespace(NAMESPACE);
        let counter = |name: &str, help: &str, labels: &[&str]| {
            let metric = IntCounterVec::new(opts(name, help), labels).expect("valid metric");
            registry
                .register(Box::new(metric.clone()))
                .expect("registered once");
            metric
        };
        let histogram = |name: &str, help: &str, labels: &[&str], buckets: &[f64]| {
            let opts = HistogramOpts::new(name, help)
                .namespace(NAMESPACE)
                .buckets(buckets.to_vec());
            let metric = HistogramVec::new(opts, labels).expect("valid metric");
            registry
                .register(Box::new(metric.clone()))
                .expect("registered once");
            metric
        };
        let requests = counter(
            "http_requests_total",
            "Proxied API requests (POST /esim/<operation>) answered, by operation and HTTP status.",
            &["operation", "code"],
        );
        let errors = counter(
            "proxy_errors_total",
            "Requests the proxy answered with one of its own error codes (rate_limited, \
             origin_not_allowed, upstream_timeout, ...), by code.",
            &["error"],
        );
        let upstream_seconds = histogram(
            "upstream_request_duration_seconds",
            "Time ITT took to answer a call, by operation (failed calls included).",
            &["operation"],
            &UPSTREAM_BUCKETS,
        );
        let upstream_failures = counter(
            "upstream_failures_total",
            "Calls to ITT that gave no usable answer, by operation and reason \
             (connect, timeout, broken, unreadable).",
            &["operation", "reason"],
        );
        let purchases = counter(
            "purchases_total",
            "Purchase requests (create-booking, create-topup-booking) by outcome: forwarded to \
             ITT, replayed from the record, unknown (sent, outcome lost) or refused by the proxy.",
            &["operation", "outcome"],
        );
        let store_seconds = histogram(
            "store_operation_duration_seconds",
            "Time the state store took for an operation, by backend and operation.",
            &["backend", "operation"],
            &STORE_BUCKETS,
        );
        let store_errors = counter(
            "store_errors_total",
            "State-store operations that failed (store unreachable or broken), by backend and \
             operation.",
            &["backend", "operation"],
        );
        let in_flight = IntGauge::with_opts(opts(
            "http_requests_in_flight",
            "Proxied API requests being handled now.",
        ))
        .expect("valid metric");
        registry
            .register(Box::new(in_flight.clone()))
            .expect("registered once");
        let store_up = IntGaugeVec::new(
            opts(
                "store_up",
                "1 when the state store answers and may hold booking records, else 0 (bookings \
                 are refused).",
            ),
            &["backend"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(store_up.clone()))
            .expect("registered once");
        let build_info = IntGaugeVec::new(
            opts("build_info", "Always 1; the proxy's version as a label."),
            &["version"],
        )
        .expect("valid metric");
        build_info
            .with_label_values(&[env!("CARGO_PKG_VERSION")])
            .set(1);
        registry
            .register(Box::new(build_info))
            .expect("registered once");
        Registered {
            registry,
            request_series: (0..OPERATIONS).map(|_| Default::default()).collect(),
            upstream_series: (0..OPERATIONS).map(|_| OnceLock::new()).collect(),
            requests,
            in_flight,
            errors,
            upstream_seconds,
            upstream_failures,
            purchases,
            store_seconds,
            store_errors,
            store_up,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_label(status: u16) -> &'static str {
        CODES[status_index(status)]
    }

    #[test]
    fn every_status_has_its_label() {
        for status in 0..1100u16 {
            let label = status_label(status);
            let exact = label == status.to_string();
            let class = label.ends_with("xx");
            assert!(exact || class, "{status}: {label}");
        }
        assert_eq!(status_label(429), "429");
        assert_eq!(status_label(100), "1xx");
    }

    #[test]
    fn odd_statuses_share_their_class() {
        assert_eq!(status_label(200), "200");
        assert_eq!(status_label(299), "2xx");
        assert_eq!(status_label(418), "4xx");
        assert_eq!(status_label(599), "5xx");
        assert_eq!(status_label(999), "5xx");
    }

    #[test]
    fn disabled_metrics_record_and_expose_nothing() {
        let metrics = Metrics::disabled();
        let _guard = metrics.request_started();
        metrics.request_done("search", 200, None);
        metrics.purchase("create-booking", PurchaseOutcome::Forwarded);
        assert_eq!(metrics.encode(&StoreHealth::new("memory")), "");
    }
}
