//! Outside `--sandbox` there is no simulator, no checkout page and no control route.
//! (Its own test binary: it sets credential environment variables.)

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Parser;
use itt_esim_server::store::Stores;
use itt_esim_server::{app, assemble_with, Config};
use tower::ServiceExt;

#[tokio::test]
async fn sandbox_routes_exist_only_in_sandbox_mode() {
    // This binary has a single test, so no other thread reads the environment meanwhile.
    std::env::set_var("ITT_API_KEY", "test-key-not-real");
    std::env::set_var("ITT_SECRET_CODE", "test-secret-not-real");
    std::env::set_var(
        "ITT_TOKEN_SECRET",
        "a-test-token-secret-of-32-chars-or-more",
    );
    let config = Config::try_parse_from([
        "itt-esim-server",
        "--upstream",
        "http://127.0.0.1:9",
        // Required outside the sandbox: the ITT account bookings are made under.
        "--partner-id",
        "7",
        "--member-id",
        "42",
    ])
    .unwrap();
    // The embedded store in a folder of its own (not /var/lib/itt-esim).
    let (state, surface) =
        assemble_with(&config, config.listen, Stores::temporary().unwrap()).unwrap();
    let router = app(state, &surface);
    for (method, path) in [
        ("GET", "/sandbox/clock"),
        ("POST", "/sandbox/clock/advance"),
        ("GET", "/sandbox/checkout/ES000001SBX"),
        ("POST", "/sandbox/esims/1/consume"),
    ] {
        let response = router
            .clone()
            .oneshot(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    // And the proxy reports an unreachable upstream as a clean JSON error.
    let response = router
        .oneshot(
            Request::post("/esim/search")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"eSim":{"country_code":"TH"}}"#))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
}
