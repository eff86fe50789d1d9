//! The metrics ops scrape, and the logs they ship: names and labels as
//! Prometheus conventions want them, a bounded number of series whatever clients
//! send, never on the public address, and `--log-format json`.

mod support;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::assemble::{self, assemble};
use itt_esim_server::metrics::http::{router as metrics_router, TEXT_FORMAT};
use itt_esim_server::proxy::BROWSER_OPERATIONS;
use itt_esim_server::{app, Config};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use support::fake_itt::fake_itt;
use support::proxy_process::{booking, Options, ProxyProcess, Store, TempDir};
use tower::ServiceExt;

/// One sample of the text format: name, labels, value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// The exposition, parsed; every family has HELP and TYPE before its samples.
fn parse(text: &str) -> Vec<Sample> {
    let mut typed = BTreeSet::new();
    let mut helped = BTreeSet::new();
    let mut samples = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, help) = rest.split_once(' ').expect("HELP has a text");
            assert!(help.len() > 20, "{name}: say what it counts: {help:?}");
            helped.insert(name.to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            if kind == "counter" {
                assert!(
                    name.ends_with("_total"),
                    "a counter's name ends in _total: {name}"
                );
            }
            typed.insert(name.to_string());
            continue;
        }
        assert!(!line.starts_with('#'), "unexpected comment {line:?}");
        let (series, value) = line.rsplit_once(' ').expect("a sample has a value");
        let (name, labels) = match series.split_once('{') {
            Some((name, labels)) => (name, labels.strip_suffix('}').expect("closed labels")),
            None => (series, ""),
        };
        let labels = labels
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').expect("label=value");
                let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
                (
                    key.to_string(),
                    value.expect("quoted label value").to_string(),
                )
            })
            .collect();
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix).filter(|f| typed.contains(*f)))
            .unwrap_or(name);
        assert!(
            typed.contains(family) && helped.contains(family),
            "{name} without HELP/TYPE"
        );
        samples.push(Sample {
            name: name.to_string(),
            labels,
            value: value.parse().expect("a number"),
        });
    }
    samples
}

/// The value of the series `name` whose labels include `labels` (0 when absent).
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

/// The state store's calls.
const STORE_OPERATIONS: [&str; 11] = [
    "claim",
    "wait",
    "settle",
    "list",
    "resolve",
    "ping",
    "rate_take",
    "usage_get",
    "usage_put",
    "offer_put",
    "offer_get",
];

/// Every label is one the proxy chose from a fixed list.
fn assert_bounded_labels(samples: &[Sample]) {
    let operations: BTreeSet<&str> = BROWSER_OPERATIONS
        .iter()
        .copied()
        .chain(["unknown"])
        .collect();
    for sample in samples {
        assert!(sample.name.starts_with("itt_esim_"), "{}", sample.name);
        for (key, value) in &sample.labels {
            let store = sample.name.starts_with("itt_esim_store_");
            let allowed = match key.as_str() {
                "operation" if store => STORE_OPERATIONS.contains(&value.as_str()),
                "operation" => operations.contains(value.as_str()),
                "code" => {
                    value.len() == 3
                        && value.as_bytes()[0].is_ascii_digit()
                        && (value[1..].bytes().all(|b| b.is_ascii_digit()) || &value[1..] == "xx")
                }
                "error" => {
                    !value.is_empty() && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                }
                "outcome" => {
                    ["forwarded", "replayed", "unknown", "refused"].contains(&value.as_str())
                }
                "backend" => ["memory", "embedded", "redis"].contains(&value.as_str()),
                "reason" => {
                    ["connect", "timeout", "broken", "unreadable"].contains(&value.as_str())
                }
                "le" => value == "+Inf" || value.parse::<f64>().is_ok(),
                "version" => value == env!("CARGO_PKG_VERSION"),
                _ => false,
            };
            assert!(
                allowed,
                "{}: label {key}={value:?} is not from a fixed list",
                sample.name
            );
        }
    }
}

/// The sandbox proxy with metrics on, a tight rate budget, and its metrics router.
fn sandbox(extra: &[&str]) -> (axum::Router, axum::Router) {
    let args = [
        "itt-esim-server",
        "--sandbox",
        "--metrics-listen",
        "127.0.0.1:0",
        "--allowed-origins",
        "https://hotel.example",
    ]
    .into_iter()
    .chain(extra.iter().copied());
    let config = Config::try_parse_from(args).expect("flags");
    let (state, surface) = assemble(&config).expect("config builds");
    assert!(state.metrics.enabled());
    let metrics = metrics_router(state.metrics.clone(), state.store_health.clone());
    let peer: SocketAddr = "203.0.113.7:40000".parse().unwrap();
    (app(state, &surface).layer(MockConnectInfo(peer)), metrics)
}

async fn call(router: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn post(path: &str, body: &Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn scrape(metrics: &axum::Router) -> (String, Vec<Sample>) {
    let response = metrics
        .clone()
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], TEXT_FORMAT);
    let text = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    let samples = parse(&text);
    assert_bounded_labels(&samples);
    (text, samples)
}

fn search(country: &str) -> Value {
    json!({"eSim": {"region_type": "local", "country_code": country, "plan_type": "data"},
           "supplier_uid": "all", "language": "en"})
}

#[tokio::test]
async fn requests_refusals_and_upstream_calls_are_counted_by_operation_and_status() {
    let (proxy, metrics) = sandbox(&["--rate-limit-per-minute", "1", "--rate-limit-burst", "6"]);
    let (status, body) = call(&proxy, post("/esim/search", &search("TH"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = call(&proxy, post("/esim/search", &json!([]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let foreign = Request::post("/esim/search")
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(search("TH").to_string()))
        .unwrap();
    let (status, _) = call(&proxy, foreign).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The budget of 6 is spent (the refused origin took none): the rest are rate-limited.
    let mut limited = 0;
    for _ in 0..6 {
        let (status, _) = call(&proxy, post("/esim/compatible-devices", &json!({}))).await;
        limited += usize::from(status == StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(limited, 2);

    let (text, samples) = scrape(&metrics).await;
    let requests = "itt_esim_http_requests_total";
    assert_eq!(
        value(
            &samples,
            requests,
            &[("operation", "search"), ("code", "200")]
        ),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(
            &samples,
            requests,
            &[("operation", "search"), ("code", "400")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &samples,
            requests,
            &[("operation", "search"), ("code", "403")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &samples,
            requests,
            &[("operation", "compatible-devices"), ("code", "429")]
        ),
        2.0
    );
    let errors = "itt_esim_proxy_errors_total";
    assert_eq!(
        value(&samples, errors, &[("error", "origin_not_allowed")]),
        1.0,
        "{text}"
    );
    assert_eq!(value(&samples, errors, &[("error", "rate_limited")]), 2.0);
    assert_eq!(value(&samples, errors, &[("error", "bad_body")]), 1.0);
    // Each call ITT got is in the latency histogram of its operation.
    let upstream = "itt_esim_upstream_request_duration_seconds_count";
    assert_eq!(
        value(&samples, upstream, &[("operation", "search")]),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(&samples, upstream, &[("operation", "compatible-devices")]),
        4.0
    );
    assert_eq!(
        value(&samples, "itt_esim_http_requests_in_flight", &[]),
        0.0
    );
    assert_eq!(
        value(&samples, "itt_esim_store_up", &[("backend", "embedded")]),
        1.0,
        "{text}"
    );
    assert_eq!(value(&samples, "itt_esim_build_info", &[]), 1.0);
}

/// Ids, e-mails, made-up operations and origins by the hundred add no series.
#[tokio::test]
async fn what_clients_send_never_becomes_a_label() {
    let (proxy, metrics) = sandbox(&["--rate-limit-per-minute", "0"]);
    // Every kind of answer once, so each series that can exist exists.
    call(&proxy, post("/esim/search", &search("TH"))).await;
    call(&proxy, post("/esim/no-such-operation", &json!({}))).await;
    call(
        &proxy,
        post("/esim/booking-details", &json!({"booking_id": "B-0"})),
    )
    .await;
    let (_, before) = scrape(&metrics).await;
    let series = |samples: &[Sample]| -> BTreeSet<String> {
        samples
            .iter()
            .map(|s| format!("{}{:?}", s.name, s.labels))
            .collect()
    };
    let mut sent = Vec::new();
    for i in 0..150 {
        let marker = format!("guest{i}x@example.com");
        let operation = format!("op-{marker}");
        call(&proxy, post(&format!("/esim/{operation}"), &json!({}))).await;
        let body = json!({"booking_id": format!("B-{i}"), "email_address": marker});
        call(&proxy, post("/esim/booking-details", &body)).await;
        sent.push(marker);
    }
    let (text, after) = scrape(&metrics).await;
    assert_eq!(series(&before), series(&after), "no new series:\n{text}");
    for marker in &sent {
        assert!(!text.contains(marker.as_str()), "{marker} in the metrics");
    }
    assert!(!text.contains("B-1"), "a booking id in the metrics");
    let unknown = value(
        &after,
        "itt_esim_http_requests_total",
        &[("operation", "unknown")],
    );
    assert_eq!(unknown, 151.0, "{text}");
}

#[tokio::test]
async fn metrics_are_not_served_on_the_public_address() {
    let dir = TempDir::new("metrics-public");
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
    let (proxy, _) = sandbox(&["--serve-dir", dir.path().to_str().unwrap()]);
    for path in ["/metrics", "/esim/metrics", "/healthz/metrics"] {
        let response = proxy
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("itt_esim_"), "{path}: {status} {text}");
        assert_ne!(status, StatusCode::OK, "{path}");
    }
    // The same address as --listen is refused, with the setting named.
    for (listen, metrics) in [
        ("127.0.0.1:8080", "127.0.0.1:8080"),
        ("0.0.0.0:8080", "127.0.0.1:8080"),
    ] {
        let config = Config::try_parse_from([
            "itt-esim-server",
            "--sandbox",
            "--sandbox-public",
            "--listen",
            listen,
            "--metrics-listen",
            metrics,
        ])
        .unwrap();
        let error = assemble::check(&config)
            .expect_err("metrics on the public address")
            .to_string();
        assert!(
            error.contains("--metrics-listen") && error.contains("ITT_METRICS_LISTEN"),
            "{error}"
        );
    }
    // Off by default: nothing is recorded.
    let config = Config::try_parse_from(["itt-esim-server", "--sandbox"]).unwrap();
    assert!(config.metrics_listen.is_none());
    let (state, _) = assemble(&config).unwrap();
    assert!(!state.metrics.enabled());
}

/// The binary: metrics on their own address, purchases by outcome, JSON log lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_exposes_purchases_by_outcome_and_logs_json() {
    let (upstream, received) = fake_itt().await;
    let state = TempDir::new("metrics-process");
    let mut options = Options::new(&upstream, Store::Embedded(state.path().to_path_buf()));
    options.args = ["--metrics-listen", "127.0.0.1:0", "--log-format", "json"]
        .map(String::from)
        .to_vec();
    let proxy = ProxyProcess::start(&options).await;
    proxy.wait_for_output("metrics on http://").await;
    let log = proxy.log();
    let metrics_url = log
        .lines()
        .find_map(|l| {
            l.split_once("metrics on ")
                .map(|(_, url)| url.trim().to_string())
        })
        .unwrap();
    assert_ne!(metrics_url, format!("{}/metrics", proxy.base));

    assert_eq!(proxy.book("metrics-1").await.0, 200);
    assert_eq!(proxy.book("metrics-1").await.0, 200, "the retry replays");
    // ITT resets the connection after the request: it may have booked.
    assert_eq!(proxy.book("reset-metrics-2").await.0, 504);
    let mut elsewhere = booking("metrics-3");
    elsewhere["redirect_url"] = json!("https://evil.example/");
    assert_eq!(proxy.post("create-booking", &elsewhere, None).await.0, 422);
    assert_eq!(received.bookings("metrics-1"), 1);

    let (status, _) = proxy.get("/metrics").await;
    assert_eq!(status, 404, "not on the public address");
    let response = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], TEXT_FORMAT);
    let text = response.text().await.unwrap();
    let samples = parse(&text);
    assert_bounded_labels(&samples);
    let purchases = |outcome| {
        value(
            &samples,
            "itt_esim_purchases_total",
            &[("operation", "create-booking"), ("outcome", outcome)],
        )
    };
    assert_eq!(
        [
            purchases("forwarded"),
            purchases("replayed"),
            purchases("unknown"),
            purchases("refused")
        ],
        [1.0, 1.0, 1.0, 1.0],
        "{text}"
    );
    let failures = "itt_esim_upstream_failures_total";
    assert_eq!(
        value(
            &samples,
            failures,
            &[("operation", "create-booking"), ("reason", "broken")]
        ),
        1.0,
        "{text}"
    );
    // The record's claims and settles, timed on the embedded store.
    let claims = "itt_esim_store_operation_duration_seconds_count";
    assert_eq!(
        value(
            &samples,
            claims,
            &[("backend", "embedded"), ("operation", "claim")]
        ),
        3.0,
        "{text}"
    );
    assert_eq!(value(&samples, "itt_esim_store_errors_total", &[]), 0.0);

    // Every log line is one JSON object; a request's lines carry its id, path and operation.
    let log = proxy.log();
    let lines: Vec<Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        log.lines()
            .all(|l| l.starts_with('{') || l.starts_with("itt-esim-server ")),
        "only JSON lines besides the addresses:\n{log}"
    );
    let finished = lines
        .iter()
        .find(|l| {
            l["message"] == "finished processing request"
                && l["spans"][0]["path"] == "/esim/create-booking"
        })
        .unwrap_or_else(|| panic!("no request line in\n{log}"));
    for field in ["timestamp", "level", "latency", "status"] {
        assert!(!finished[field].is_null(), "{field} in {finished}");
    }
    assert!(finished["spans"][0]["id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    assert_eq!(finished["spans"][0]["method"], "POST");
    assert_eq!(finished["spans"][0]["operation"], "create-booking");
    let refused = lines
        .iter()
        .find(|l| l["code"] == "redirect_not_allowed")
        .unwrap_or_else(|| panic!("no refusal line in\n{log}"));
    assert_eq!(
        refused["spans"][0]["operation"], "create-booking",
        "{refused}"
    );
    assert!(!log.contains("guest@example.com"), "no e-mail in the log");
}
