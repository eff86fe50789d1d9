//! The server against the contract in `contract/`: the fixtures (read as JSON:
//! the server never reuses the widget's Rust types) and the reference's
//! extraction. The sandbox varies the inside of its answers per booking, so
//! answers are compared by their top-level keys and kinds, which do not vary.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use http_body_util::BodyExt;
use itt_contract::reference::{extraction, Kind};
use itt_esim_server::proxy::BROWSER_OPERATIONS;
use itt_esim_server::{app, assemble, Config};
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
    // Clean form: the kinds are compared with the clean fixtures'.
    let config =
        Config::try_parse_from(["itt-esim-server", "--sandbox", "--sandbox-clean"]).unwrap();
    let (state, surface) = assemble(&config).unwrap();
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

/// Every key of `expected` (the reference's keys, or a fixture's top level) is in
/// `answer` with the same kind: the deep shape varies per booking (see the
/// sandbox's `layout`), the top level does not.
fn assert_keys_and_kinds(what: &str, expected: &[(String, Kind)], answer: &Value) {
    for (key, kind) in expected {
        let value = answer
            .get(key)
            .unwrap_or_else(|| panic!("{what}: `{key}` missing from the sandbox answer {answer}"));
        assert_eq!(Kind::of(value), *kind, "{what}: `{key}` is {value}");
    }
}

#[tokio::test]
async fn the_sandbox_answers_with_the_references_keys_and_kinds() {
    for operation in ["search", "compatible-devices"] {
        let fixture = contract("clean")
            .into_iter()
            .find(|f| f["operation"] == operation)
            .unwrap();
        let mut request = fixture["request"].clone();
        if operation == "search" {
            request["eSim"]["country_code"] = "TH".into();
        }
        let response = router()
            .oneshot(
                Request::post(format!("/esim/{operation}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(request.to_string()))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{operation}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer: Value = serde_json::from_slice(&bytes).unwrap();
        let reference: Vec<(String, Kind)> = extraction()
            .operation(operation)
            .unwrap()
            .response
            .keys
            .iter()
            .map(|k| (k.name.clone(), k.kind))
            .collect();
        assert!(
            !reference.is_empty(),
            "{operation}: the reference shows keys"
        );
        assert_keys_and_kinds(operation, &reference, &answer);
        let clean: Vec<(String, Kind)> = fixture["response"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), Kind::of(v)))
            .collect();
        assert_keys_and_kinds(&format!("{operation} (clean fixture)"), &clean, &answer);
    }
}
