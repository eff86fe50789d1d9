//! The server against the contract fixtures in `contract/` (read as JSON: the
//! server never reuses the widget's Rust types).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::proxy::BROWSER_OPERATIONS;
use itt_esim_server::{app, Config};
use serde_json::Value;
use std::path::PathBuf;
use tower::ServiceExt;

fn contract(kind: &str) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../contract")
        .join(kind);
    let mut out: Vec<Value> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
        })
        .collect();
    out.sort_by_key(|f| f["operation"].as_str().unwrap_or_default().to_string());
    out
}

fn router() -> axum::Router {
    // Clean form: the shapes are compared with the clean fixtures.
    let config =
        Config::try_parse_from(["itt-esim-server", "--sandbox", "--sandbox-clean"]).unwrap();
    let (state, surface) = config.build().unwrap();
    app(state, &surface)
}

#[test]
fn the_proxy_routes_exactly_the_contracts_browser_operations() {
    let mut browser: Vec<String> = contract("clean")
        .iter()
        .filter(|f| f["browser"] == true)
        .map(|f| f["operation"].as_str().unwrap().to_string())
        .collect();
    browser.sort();
    let mut routed: Vec<String> = BROWSER_OPERATIONS.iter().map(|s| s.to_string()).collect();
    routed.sort();
    assert_eq!(routed, browser);
    assert_eq!(contract("clean").len(), 12, "all twelve ITT operations");
}

#[tokio::test]
async fn webhook_registration_is_not_a_browser_route() {
    let response = router()
        .oneshot(
            Request::post("/esim/register-webhook")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// The items of a list as ITT sends it: an array or an object keyed "0", "1", ...
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(m) => m.values().collect(),
        _ => Vec::new(),
    }
}

/// Every key of the contract's answer is in `answer`, recursively (lists by their first item).
fn assert_same_shape(path: &str, contract: &Value, answer: &Value) {
    match contract {
        Value::Object(c) => {
            let a = answer
                .as_object()
                .unwrap_or_else(|| panic!("{path} is not an object: {answer}"));
            for (k, cv) in c {
                let av = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing from the sandbox answer"));
                assert_same_shape(&format!("{path}.{k}"), cv, av);
            }
        }
        Value::Array(c) => {
            if let Some(first) = c.first().filter(|v| v.is_object()) {
                let a = items(answer);
                let got = a
                    .first()
                    .unwrap_or_else(|| panic!("{path} is empty in the sandbox answer"));
                assert_same_shape(&format!("{path}[0]"), first, got);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_sandbox_search_answers_in_the_contracts_shape() {
    let fixture = contract("clean")
        .into_iter()
        .find(|f| f["operation"] == "search")
        .unwrap();
    let mut request = fixture["request"].clone();
    request["eSim"]["country_code"] = "TH".into();
    let response = router()
        .oneshot(
            Request::post("/esim/search")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(request.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    let mut expected = fixture["response"].clone();
    // Per-search details the sandbox need not echo.
    expected["search_parameter"] = Value::Object(Default::default());
    expected["filter"] = Value::Object(Default::default());
    assert_same_shape("search", &expected, &answer);
}
