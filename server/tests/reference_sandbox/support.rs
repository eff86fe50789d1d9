//! The sandbox's two sides and readers of ITT's answers, for the reference tests.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Parser;
use itt_contract::reference::{extraction, Kind};
use itt_esim_server::{app, assemble, Config, Upstream};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tower::ServiceExt;

/// The sandbox's two sides: its upstream (ITT's API) and the public app (its checkout page).
pub struct Sandbox {
    pub upstream: Arc<Upstream>,
    pub public: axum::Router,
}

pub fn sandbox(extra: &[&str]) -> Sandbox {
    let args = ["itt-esim-server", "--sandbox"]
        .into_iter()
        .chain(extra.iter().copied());
    let (state, surface) = assemble(&Config::try_parse_from(args).unwrap()).unwrap();
    Sandbox {
        upstream: state.upstream.clone(),
        public: app(state, &surface),
    }
}

impl Sandbox {
    /// One ITT call on the upstream side, credentials included.
    pub async fn call(&self, operation: &str, body: &Value) -> (StatusCode, Value) {
        let answer = self
            .upstream
            .call(&format!("/esim/{operation}"), body.to_string())
            .await
            .unwrap();
        let json = serde_json::from_slice(&answer.body)
            .unwrap_or_else(|e| panic!("{operation}: not JSON ({e})"));
        (answer.status, json)
    }

    /// A successful call whose answer carries the reference's keys and kinds.
    pub async fn ok(&self, operation: &str, body: &Value) -> Value {
        let (status, answer) = self.call(operation, body).await;
        assert_eq!(status, StatusCode::OK, "{operation}: {answer}");
        assert_reference_keys(operation, &answer);
        answer
    }

    /// The traveller on the hosted checkout page: opens it, then pays.
    pub async fn pay(&self, payment_url: &str) {
        let path = &payment_url[payment_url.find("/sandbox/").expect("sandbox checkout")..];
        let page = Request::get(path).body(Body::empty()).unwrap();
        let response = self.public.clone().oneshot(page).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let pay = Request::post(format!("{path}/pay"))
            .body(Body::empty())
            .unwrap();
        let response = self.public.clone().oneshot(pay).await.unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
    }
}

/// Every key of the reference's answer is there, with the reference's kind.
pub fn assert_reference_keys(operation: &str, answer: &Value) {
    let reference = extraction().operation(operation).expect(operation);
    for key in &reference.response.keys {
        let value = answer
            .get(&key.name)
            .unwrap_or_else(|| panic!("{operation}: no `{}` in {answer}", key.name));
        assert_eq!(
            Kind::of(value),
            key.kind,
            "{operation}: `{}` is {value}",
            key.name
        );
    }
}

/// A scalar as text, without ITT's stray comma.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim_end_matches(',').to_string(),
        Value::Number(n) => n.to_string(),
        other => panic!("not a scalar: {other}"),
    }
}

/// The entries of a list as ITT may send it: an array or an object keyed "0", "1", …
pub fn entries(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| k.parse::<usize>().is_ok())
            .map(|(_, v)| v)
            .collect(),
        _ => Vec::new(),
    }
}

/// Every object anywhere in `value` that has `key`.
pub fn objects_with<'a>(value: &'a Value, key: &str, out: &mut Vec<&'a Map<String, Value>>) {
    match value {
        Value::Object(m) => {
            if m.contains_key(key) {
                out.push(m);
            }
            m.values().for_each(|v| objects_with(v, key, out));
        }
        Value::Array(a) => a.iter().for_each(|v| objects_with(v, key, out)),
        _ => {}
    }
}

/// How a collection under `key` holding entries with `marker` is laid out:
/// `list`, `keyed`, `single` or `list in <group>`.
pub fn layout_of(value: &Value, marker: &str) -> Option<String> {
    match value {
        Value::Array(a) if a.iter().any(|v| v.get(marker).is_some()) => Some("list".into()),
        Value::Object(m) if m.contains_key(marker) => Some("single".into()),
        Value::Object(m) if m.get("0").is_some_and(|v| v.get(marker).is_some()) => {
            Some("keyed".into())
        }
        Value::Object(m) => m.iter().find_map(|(k, v)| {
            (v.is_array() && layout_of(v, marker).is_some()).then(|| format!("list in {k}"))
        }),
        _ => None,
    }
}

/// What the journeys saw, per varied thing.
#[derive(Default)]
pub struct Seen(BTreeMap<&'static str, BTreeSet<String>>);

impl Seen {
    pub fn saw(&mut self, what: &'static str, alternative: impl Into<String>) {
        self.0.entry(what).or_default().insert(alternative.into());
    }

    pub fn expect(&self, what: &'static str, alternatives: &[&str]) {
        let seen = self.0.get(what).cloned().unwrap_or_default();
        for alternative in alternatives {
            assert!(
                seen.contains(*alternative),
                "{what}: `{alternative}` never produced (saw {seen:?})"
            );
        }
    }
}

/// The payment URL of a booking answer and where it was.
pub fn payment_url(answer: &Value) -> Option<(String, &'static str)> {
    let places: [(&str, Option<&Value>); 3] = [
        (
            "booking",
            answer.get("booking").and_then(|b| b.get("payment_url")),
        ),
        ("top", answer.get("payment_url")),
        (
            "data",
            answer.get("data").and_then(|d| d.get("payment_url")),
        ),
    ];
    let found: Vec<_> = places
        .into_iter()
        .filter_map(|(place, v)| v.map(|v| (text(v), place)))
        .collect();
    assert!(found.len() <= 1, "one payment URL: {found:?}");
    found.into_iter().next()
}

/// The payment status of a booking answer: (place, key, word).
pub fn payment_status(answer: &Value) -> (&'static str, &'static str, String) {
    let request = answer
        .get("bookingPaymentRequestDtata")
        .and_then(|l| entries(l).first().copied());
    let places = [
        ("general", answer.get("general")),
        ("booking", answer.get("booking")),
        ("bookingPaymentRequestDtata", request),
        ("top", Some(answer)),
    ];
    let mut found = Vec::new();
    for (place, object) in places {
        for key in ["payment_status", "pay_status"] {
            if let Some(v) = object.and_then(|o| o.get(key)) {
                found.push((place, key, text(v)));
            }
        }
    }
    assert_eq!(found.len(), 1, "one payment status: {found:?} in {answer}");
    found.remove(0)
}
