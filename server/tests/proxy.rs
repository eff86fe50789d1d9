//! The proxy and sandbox driven through the router with `oneshot` (no sockets).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::{app, assemble, sandbox, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

fn router(extra: &[&str]) -> axum::Router {
    let args = ["itt-esim-server", "--sandbox"]
        .into_iter()
        .chain(extra.iter().copied());
    let config = Config::try_parse_from(args).expect("flags");
    let (state, surface) = assemble(&config).expect("config builds");
    app(state, &surface)
}

async fn post(
    router: &axum::Router,
    path: &str,
    body: Value,
) -> (StatusCode, header::HeaderMap, Value) {
    let response = router
        .clone()
        .oneshot(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, headers, json)
}

/// The first package of a search answer: `data` is an object (the reference's kind),
/// keyed "0", "1", … or holding a list per supplier, depending on the search's layout.
fn first_package(body: &Value) -> &Value {
    body["data"]
        .get("0")
        .or_else(|| body["data"]["airalo"].get(0))
        .unwrap_or_else(|| panic!("no package in {body}"))
}

fn search_body(country: &str) -> Value {
    json!({"eSim": {"region_type": "local", "country_code": country, "plan_type": "data"}, "supplier_uid": "all", "language": "en"})
}

#[tokio::test]
async fn search_goes_through_with_server_side_values_and_odd_form() {
    let r = router(&[]);
    let (status, headers, body) = post(&r, "/esim/search", search_body("TH")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    // ITT's habits: string numbers with stray commas, unknown keys, rendering artefacts.
    assert_eq!(body["status"], "success");
    // The sandbox only answers when the proxy injected the credentials; its echo of
    // the request is not read by the widget, so it stays at the proxy.
    assert_eq!(body["search_parameter"], json!({}));
    let total = body["total_esim_package"]
        .as_str()
        .expect("a string number");
    assert_eq!(total.trim_end_matches(','), "6");
    assert!(body["data"].is_object());
    assert_eq!(first_package(&body)["sell_currency"], "USD");
    let price = first_package(&body)["sell_price"]
        .as_str()
        .expect("a string number");
    assert_eq!(price.trim_end_matches(','), "4.5");
    // The reference's rendering artefact (`-"filter"`) is not read either.
    assert!(body.get("-\"filter\"").is_none());
}

#[tokio::test]
async fn browser_cannot_choose_the_partner_id() {
    let r = router(&["--partner-id", "77"]);
    let mut body = search_body("TH");
    body["partner_id"] = json!("1");
    let (status, _, answer) = post(&r, "/esim/search", body).await;
    // The sandbox refuses any partner id but its own (here 77): the proxy's was sent.
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "success");
}

#[tokio::test]
async fn clean_form_and_currency() {
    let r = router(&["--sandbox-clean", "--sandbox-currency", "jpy"]);
    let (_, _, body) = post(&r, "/esim/search", search_body("JP")).await;
    assert_eq!(body["total_esim_package"], 6);
    assert_eq!(first_package(&body)["sell_currency"], "JPY");
    assert_eq!(first_package(&body)["sell_price"], 878);
}

#[tokio::test]
async fn empty_and_failing_destinations() {
    let r = router(&[]);
    let (status, _, body) = post(&r, "/esim/search", search_body("ZZ")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total_esim_package"], "0,");

    let (status, _, body) = post(&r, "/esim/search", search_body("XE")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["status"], "failed");

    let (status, headers, _) = post(&r, "/esim/search", search_body("XR")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers[header::RETRY_AFTER], "7");
}

#[tokio::test]
async fn validation_like_itt() {
    let r = router(&[]);
    let (status, _, body) = post(&r, "/esim/search", json!({"supplier_uid": "all"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["reason"].as_str().unwrap().contains("eSim"));
    let (status, _, body) = post(
        &r,
        "/esim/search",
        json!({"eSim": {"region_type": "local"}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["reason"].as_str().unwrap().contains("country_code"));
}

#[tokio::test]
async fn only_browser_operations_are_routed() {
    let r = router(&[]);
    for op in ["register-webhook", "webhook", "..%2Fadmin", "SEARCH"] {
        let (status, _, body) = post(&r, &format!("/esim/{op}"), json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{op}");
        assert_eq!(body["status"], "failed");
    }
    let get = r
        .clone()
        .oneshot(Request::get("/esim/search").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn bad_bodies_get_clear_json_errors() {
    let r = router(&[]);
    for body in ["not json", "[1,2]", ""] {
        let response = r
            .clone()
            .oneshot(
                Request::post("/esim/search")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body:?}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["reason"], "The request body must be a JSON object.");
    }
    let huge = "x".repeat(64 * 1024);
    let (status, _, _) = post(&r, "/esim/search", json!({ "pad": huge })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn cors_only_for_configured_origins() {
    let r = router(&["--allowed-origins", "https://hotel.example"]);
    let preflight = |origin: &'static str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/esim/search")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let ok = r
        .clone()
        .oneshot(preflight("https://hotel.example"))
        .await
        .unwrap();
    assert_eq!(
        ok.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://hotel.example"
    );
    let other = r
        .clone()
        .oneshot(preflight("https://evil.example"))
        .await
        .unwrap();
    assert!(other
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn sandbox_checks_credentials_like_itt() {
    let sb = sandbox::Sandbox::new(sandbox::SandboxConfig::new("USD", "1", "2"))
        .unwrap()
        .upstream_router();
    let response = sb
        .oneshot(
            Request::post("/esim/search")
                .header("apikey", "wrong")
                .header("secretecode", sandbox::SANDBOX_SECRET_CODE)
                .body(Body::from(search_body("TH").to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn serves_the_demo_under_a_strict_csp() {
    let dir = std::env::temp_dir().join(format!("itt-esim-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    let r = router(&["--serve-dir", dir.to_str().unwrap()]);
    let response = r
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"));
    let (status, _, body) = post(&r, "/esim/search", search_body("TH")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "API still routed next to static files"
    );
    assert_eq!(body["status"], "success");
    let missing = r
        .oneshot(Request::get("/nope.js").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn served_files_are_compressed_for_browsers_that_accept_it() {
    let dir = std::env::temp_dir().join(format!("itt-esim-br-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Repetitive, like a wasm module's code: compresses well.
    let wasm: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8 / 4).collect();
    std::fs::write(dir.join("w.wasm"), &wasm).unwrap();
    let r = router(&["--serve-dir", dir.to_str().unwrap()]);
    let (encoding, _, body) = get_encoded(&r, "/w.wasm", "gzip, deflate, br").await;
    let len = body.len();
    assert_eq!(encoding.as_deref(), Some("br"));
    assert!(len < wasm.len() / 4, "{len} bytes of {}", wasm.len());
    let (encoding, _, body) = get_encoded(&r, "/w.wasm", "identity").await;
    let len = body.len();
    assert_eq!(
        (encoding, len),
        (None, wasm.len()),
        "no compression unless asked"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The build's precompressed variants are sent as they are (quality 11 instead
/// of the per-response quality 5), and the plain file to a client without brotli.
#[tokio::test]
async fn static_files_are_sent_precompressed() {
    let dir = std::env::temp_dir().join(format!("itt-esim-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("widget")).unwrap();
    let plain = "console.log('loader');".repeat(40);
    std::fs::write(dir.join("widget/itt-esim.js"), &plain).unwrap();
    std::fs::write(dir.join("widget/itt-esim.js.br"), b"BROTLI-VARIANT").unwrap();
    std::fs::write(dir.join("widget/itt-esim.js.gz"), b"GZIP-VARIANT").unwrap();
    let router = router(&["--serve-dir", dir.to_str().unwrap()]);
    let path = "/widget/itt-esim.js";
    let (encoding, kind, body) = get_encoded(&router, path, "gzip, deflate, br").await;
    assert_eq!(encoding.as_deref(), Some("br"));
    assert_eq!(kind.as_deref(), Some("text/javascript"));
    assert_eq!(&body[..], b"BROTLI-VARIANT");
    let (encoding, _, body) = get_encoded(&router, path, "gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert_eq!(&body[..], b"GZIP-VARIANT");
    let (encoding, _, body) = get_encoded(&router, path, "identity").await;
    assert_eq!(encoding, None);
    assert_eq!(&body[..], plain.as_bytes());
    // Every variant tells a cache in between that it depends on Accept-Encoding, once.
    for accept in ["br", "gzip", "identity", ""] {
        let response = get_accepting(&router, path, accept).await;
        let vary: Vec<_> = response.headers().get_all(header::VARY).iter().collect();
        assert_eq!(vary, ["accept-encoding"], "Accept-Encoding: {accept:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// API answers are compressed where it pays: the device list (tens of KB) in
/// brotli, a short answer or error as it is.
#[tokio::test]
async fn api_answers_are_compressed_only_above_the_threshold() {
    let r = router(&["--sandbox-clean"]);
    let send = |operation: &str, body: Value| {
        Request::post(format!("/esim/{operation}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let devices = r
        .clone()
        .oneshot(send("compatible-devices", json!({})))
        .await
        .unwrap();
    assert_eq!(devices.status(), StatusCode::OK);
    assert_eq!(devices.headers()[header::CONTENT_ENCODING], "br");
    let vary: Vec<_> = devices.headers().get_all(header::VARY).iter().collect();
    assert!(vary.iter().any(|v| *v == "accept-encoding"), "{vary:?}");
    let compressed = devices
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .len();
    let plain = post(&r, "/esim/compatible-devices", json!({}))
        .await
        .2
        .to_string()
        .len();
    assert!(
        plain > 8 * 1024 && compressed < plain / 4,
        "{compressed} of {plain} bytes"
    );
    let refused = r
        .clone()
        .oneshot(send("no-such-operation", json!({})))
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
    let length = refused
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .len();
    assert!(
        length < usize::from(itt_esim_server::COMPRESS_ABOVE),
        "{length}"
    );
}

/// GETs `path` with `Accept-Encoding: accept`; the response's encoding, type and body.
async fn get_encoded(
    router: &axum::Router,
    path: &str,
    accept: &'static str,
) -> (Option<String>, Option<String>, axum::body::Bytes) {
    let response = get_accepting(router, path, accept).await;
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let (encoding, kind) = (
        header_text(header::CONTENT_ENCODING),
        header_text(header::CONTENT_TYPE),
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (encoding, kind, body)
}

/// The response to GET `path` with `Accept-Encoding: accept`.
async fn get_accepting(
    router: &axum::Router,
    path: &str,
    accept: &'static str,
) -> axum::response::Response {
    router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::ACCEPT_ENCODING, accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
}
