//! The proxy's rules against a fake ITT on loopback (a real HTTP upstream that
//! records what it receives and misbehaves on request).
//!
//! One test function: it sets the secrets in the environment once, before any
//! configuration is read, so no other thread reads the environment meanwhile.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::store::Stores;
use itt_esim_server::token::{self, BookingClaims, GrantClaims};
use itt_esim_server::{app, assemble_with, Config};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

const TOKEN_SECRET: &str = "test-token-secret-with-at-least-32-chars";
const GRANT_SECRET: &str = "test-grant-secret-with-at-least-32-chars";

/// What the fake ITT received: (path, headers, body).
type Seen = Arc<Mutex<Vec<(String, HeaderMap, Value)>>>;

/// A fake ITT: answers create-booking with a payment URL taken from the request's
/// `agency_email` marker, sleeps or fails when the body asks it to.
async fn fake_itt() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let store = seen.clone();
    let router = axum::Router::new().route(
        "/{*path}",
        axum::routing::post(
            move |axum::extract::Path(path): axum::extract::Path<String>,
                  headers: HeaderMap,
                  body: String| {
                let store = store.clone();
                async move {
                    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                    store.lock().unwrap().push((path.clone(), headers, body.clone()));
let marker = body["booking_tracking_id"]
                        .as_str()
                        .or(body["eSim"]["country_code"].as_str())
                        .unwrap_or_default()
                        .to_string();
                    if marker.starts_with("slow") {
                        tokio::time::sleep(Duration::from_secs(3)).await;
                    }
                    let reply = match marker.as_str() {
                        "status-500" => return (StatusCode::INTERNAL_SERVER_ERROR, HeaderMap::new(), "{\"status\":\"failed\",\"reason\":\"boom\"}".to_string()),
                        "status-429" => {
                            let mut h = HeaderMap::new();
                            h.insert(header::RETRY_AFTER, "30".parse().unwrap());
                            return (StatusCode::TOO_MANY_REQUESTS, h, "{\"status\":\"failed\",\"reason\":\"slow down\"}".to_string());
                        }
                        "malformed" => return (StatusCode::OK, HeaderMap::new(), "{\"status\": \"success\",, ".to_string()),
                        "truncated" => return (StatusCode::OK, HeaderMap::new(), "{\"status\":\"success\",\"booking_id\":\"ES".to_string()),
                        "refused-200" => json!({"status": "failed", "reason": "Insufficient account balance."}),
                        "evil-payment" => json!({"status": "success", "booking_id": "ES1", "booking": {"payment_url": "https://evil.example/pay"}}),
                        // A second payment page hidden where no fixed path looks.
                        "evil-payment-hidden" => json!({"status": "success", "booking_id": "ES2",
                            "booking": {"payment_url": "https://checkout.innotraveltech.com/pay/2"},
                            "general": {"links": {"pay_url": "https://evil.example/pay"}}}),
                        _ => json!({
                            "status": "success",
                            "booking_id": format!("ES-{marker}"),
                            "tracking_id": marker,
                            "booking": {"payment_url": "https://checkout.innotraveltech.com/pay/1", "booking_status": "pending"},
                            // Recognised by content: an ICCID with its activation string.
                            "eSim": {"0": {"iccid": "8944000000000000001", "qrcode": "LPA:1$lpa.example$M1"}},
                        }),
                    };
                    (StatusCode::OK, HeaderMap::new(), reply.to_string())
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, seen)
}

fn proxy(upstream: &str, extra: &[&str]) -> axum::Router {
    let args = [
        "itt-esim-server",
        "--upstream",
        upstream,
        "--allowed-origins",
        "https://hotel.example",
        "--member-id",
        "42",
        "--partner-id",
        "7",
        "--agency-email",
        "bookings@hotel.example",
        "--timeout-secs",
        "1",
    ]
    .into_iter()
    .chain(extra.iter().copied());
    let config = Config::try_parse_from(args).unwrap();
    // The embedded store in a folder of its own (not /var/lib/itt-esim).
    let (state, surface) =
        assemble_with(&config, config.listen, Stores::temporary().unwrap()).unwrap();
    app(state, &surface).layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 1], 4000))))
}

async fn call(
    router: &axum::Router,
    op: &str,
    body: Value,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Value) {
    let mut request =
        Request::post(format!("/esim/{op}")).header(header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn booking(marker: &str) -> Value {
    json!({
        "booking_tracking_id": marker,
        // As the proxy gave it with the tracking id (single-esim-package).
        "tracking_key": token::tracking_key(TOKEN_SECRET.as_bytes(), marker),
        "package_tracking_id": "PT",
        "eSim_quantity": 2,
        "redirect_url": "https://hotel.example/stay",
        "isd_code": "+44",
        "contact_no": "1",
        "email_address": "guest@example.com",
        // The browser tries to choose what it may not:
        "member_id": "1",
        "payment_type": "card",
        "agency_email": "attacker@example.com",
        "isPartialPay": "yes",
    })
}

/// Asserts a refusal by the proxy: its status and error code (and a message on failure).
#[track_caller]
fn assert_refused(status: StatusCode, reply: &Value, want: StatusCode, code: &str) {
    assert_eq!(
        (status, reply["error"].as_str()),
        (want, Some(code)),
        "{reply}"
    );
}

/// The status of a search from the client at `ip` (as a trusted proxy would tell).
async fn search_from(router: &axum::Router, ip: &str) -> StatusCode {
    call(router, "search", json!({}), &[("x-forwarded-for", ip)])
        .await
        .0
}

fn last(seen: &Seen) -> (String, HeaderMap, Value) {
    seen.lock().unwrap().last().cloned().unwrap()
}

#[tokio::test]
async fn every_rule_against_a_real_upstream() {
    std::env::set_var("ITT_API_KEY", "key-from-env");
    std::env::set_var("ITT_SECRET_CODE", "secret-from-env");
    std::env::set_var("ITT_TOKEN_SECRET", TOKEN_SECRET);
    std::env::set_var("ITT_GRANT_SECRET", GRANT_SECRET);
    let (itt, seen) = fake_itt().await;
    let router = proxy(&itt, &[]);

    // Credentials injected from the environment, server-side values enforced.
    let (status, headers, reply) = call(&router, "create-booking", booking("a"), &[]).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert!(
        headers.contains_key("x-request-id"),
        "request id on every response"
    );
    let (path, sent_headers, sent) = last(&seen);
    assert_eq!(path, "esim/create-booking");
    assert_eq!(sent_headers["apikey"], "key-from-env");
    assert_eq!(sent_headers["secretecode"], "secret-from-env");
    assert_eq!(sent["member_id"], "42");
    assert_eq!(sent["agency_email"], "bookings@hotel.example");
    assert_eq!(sent["isPartialPay"], "no");
    assert_eq!(
        sent["eSim_quantity"], "2",
        "a string, as the reference types it"
    );
    assert_eq!(
        sent["payment_type"], "onlinepayment",
        "the hosted payment type is the hotel's"
    );

    // The booking token is bound to the booking, its tracking id and ICCIDs.
    let token = reply["booking_token"].as_str().unwrap().to_string();
    let claims: BookingClaims =
        token::verify(TOKEN_SECRET.as_bytes(), &token, token::now()).unwrap();
    assert_eq!(claims.booking_id, "ES-a");
    assert_eq!(
        claims.tracking_id.as_deref(),
        Some("a"),
        "the tracking id ITT booked with"
    );
    assert_eq!(claims.iccids, ["8944000000000000001"]);

    // Exactly once: the same booking_tracking_id answers the first result without booking again.
    let calls_before = seen.lock().unwrap().len();
    let (status, _, again) = call(&router, "create-booking", booking("a"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, reply);
    // The same id with other details is not someone's way into this booking.
    let mut other = booking("a");
    other["email_address"] = "someone.else@example.com".into();
    let (status, _, reply_other) = call(&router, "create-booking", other, &[]).await;
    assert_refused(
        status,
        &reply_other,
        StatusCode::CONFLICT,
        "booking_conflict",
    );
    assert!(reply_other.get("booking_token").is_none());
    assert_eq!(
        seen.lock().unwrap().len(),
        calls_before,
        "not sent upstream again"
    );

    // account_balance with a grant for this booking; a grant for another booking is ignored.
    let mint = |bt: &str, q: u64| {
        token::sign(
            GRANT_SECRET.as_bytes(),
            &GrantClaims {
                booking_tracking_id: bt.into(),
                quantity: q,
                exp: token::now() + 60,
            },
        )
    };
    let mut granted = booking("b");
    granted["payment_grant"] = mint("b", 2).into();
    call(&router, "create-booking", granted, &[]).await;
    let (_, _, sent) = last(&seen);
    assert_eq!(sent["payment_type"], "account_balance");
    assert_eq!(sent["eSim_quantity"], "2");
    // With a grant the quantity must be exact.
    let mut vague = booking("b2");
    vague["eSim_quantity"] = "2.0".into();
    vague["payment_grant"] = mint("b2", 2).into();
    let (status, _, reply) = call(&router, "create-booking", vague, &[]).await;
    assert_refused(status, &reply, StatusCode::BAD_REQUEST, "bad_field");
    // Fields outside the contract never reach ITT; checked fields must be plain values.
    let mut smuggled = booking("e");
    smuggled["return_url"] = "https://evil.example".into();
    call(&router, "create-booking", smuggled, &[]).await;
    assert!(last(&seen).2.get("return_url").is_none());
    let mut array = booking("f");
    array["redirect_url"] = json!(["https://evil.example"]);
    let (status, _, _) = call(&router, "create-booking", array, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        sent.get("payment_grant").is_none(),
        "the grant is not sent to ITT"
    );
    // A booking that asks for the hotel's balance is never moved to the traveller's
    // payment: without a valid grant it is refused, and nothing reaches ITT.
    let expired_grant = token::sign(
        GRANT_SECRET.as_bytes(),
        &GrantClaims {
            booking_tracking_id: "c".into(),
            quantity: 2,
            exp: token::now() - 1,
        },
    );
    for (wrong, code) in [
        (Some(mint("other", 2)), "grant_invalid"),
        (Some(mint("c", 1)), "grant_invalid"),
        (
            Some(token::sign(
                b"not-the-grant-secret-but-long-enough!!",
                &GrantClaims {
                    booking_tracking_id: "c".into(),
                    quantity: 2,
                    exp: token::now() + 60,
                },
            )),
            "grant_invalid",
        ),
        (Some("".to_string()), "grant_invalid"),
        (None, "grant_invalid"),
        (Some(expired_grant), "grant_expired"),
    ] {
        let mut request = booking("c");
        match wrong {
            Some(grant) => request["payment_grant"] = grant.into(),
            None => request["payment_type"] = "account_balance".into(),
        }
        let router = proxy(&itt, &[]);
        let calls_before = seen.lock().unwrap().len();
        let (status, _, reply) = call(&router, "create-booking", request, &[]).await;
        assert_refused(status, &reply, StatusCode::FORBIDDEN, code);
        assert_eq!(
            seen.lock().unwrap().len(),
            calls_before,
            "{code}: nothing sent"
        );
    }
    // (A router of its own: these calls stay inside one client's rate limit.)
    let own = proxy(&itt, &[]);
    // A refused grant frees the booking: a fresh grant books it.
    let mut request = booking("c");
    request["payment_grant"] = mint("c", 2).into();
    let (status, _, _) = call(&own, "create-booking", request.clone(), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(last(&seen).2["payment_type"], "account_balance");
    // A recorded booking's identical retry replays, whatever its grant's expiry (here:
    // a re-fetched grant; the fingerprint ignores the grant).
    let calls_before = seen.lock().unwrap().len();
    let mut retry = request.clone();
    retry["payment_grant"] = token::sign(
        GRANT_SECRET.as_bytes(),
        &GrantClaims {
            booking_tracking_id: "c".into(),
            quantity: 2,
            exp: token::now() - 1,
        },
    )
    .into();
    let (status, _, replayed) = call(&own, "create-booking", retry, &[]).await;
    assert_eq!(status, StatusCode::OK, "{replayed}");
    assert_eq!(
        seen.lock().unwrap().len(),
        calls_before,
        "replayed, not resent"
    );

    // A stranger who learned a tracking id cannot use it without its key.
    for key in [
        None,
        Some("".to_string()),
        Some(token::tracking_key(TOKEN_SECRET.as_bytes(), "other")),
    ] {
        let mut stranger = booking("learned");
        match key {
            Some(key) => stranger["tracking_key"] = key.into(),
            None => {
                stranger.as_object_mut().unwrap().remove("tracking_key");
            }
        }
        let calls_before = seen.lock().unwrap().len();
        let (status, _, reply) = call(&own, "create-booking", stranger.clone(), &[]).await;
        assert_refused(
            status,
            &reply,
            StatusCode::FORBIDDEN,
            "tracking_key_invalid",
        );
        let update = json!({
            "booking_tracking_id": "learned",
            "tracking_key": stranger.get("tracking_key"),
            "passenger": [{"first_name": "Eve", "last_name": "X", "email": "eve@example.com"}],
        });
        let (status, _, reply) = call(&own, "update-customer-info", update, &[]).await;
        assert_refused(
            status,
            &reply,
            StatusCode::FORBIDDEN,
            "tracking_key_invalid",
        );
        assert_eq!(
            seen.lock().unwrap().len(),
            calls_before,
            "nothing sent for a stranger"
        );
    }
    // ...so the traveller's own booking still goes through.
    let (status, _, _) = call(&own, "create-booking", booking("learned"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        last(&seen).2.get("tracking_key").is_none(),
        "the key stays with the proxy"
    );

    // Ids are capped: a 60 KiB tracking id (within the body limit) is refused before anything is kept.
    let long = "x".repeat(60 * 1024);
    let (status, _, reply) = call(&own, "create-booking", booking(&long), &[]).await;
    assert_refused(status, &reply, StatusCode::BAD_REQUEST, "field_too_long");

    // No open redirect: redirect_url off the allowed origins is refused before ITT.
    let mut redirect = booking("d");
    redirect["redirect_url"] = "https://evil.example/phish".into();
    let calls_before = seen.lock().unwrap().len();
    let (status, _, reply) = call(&router, "create-booking", redirect, &[]).await;
    assert_eq!(
        (status, reply["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("redirect_not_allowed")
        )
    );
    assert_eq!(seen.lock().unwrap().len(), calls_before);
    // Empty and placeholder values are off the list too.
    for placeholder in ["", "null", ",", " ", "about:blank", "/stay"] {
        let mut redirect = booking("d");
        redirect["redirect_url"] = placeholder.into();
        let (status, _, reply) = call(&own, "create-booking", redirect, &[]).await;
        assert_refused(
            status,
            &reply,
            StatusCode::UNPROCESSABLE_ENTITY,
            "redirect_not_allowed",
        );
    }
    assert_eq!(seen.lock().unwrap().len(), calls_before);
    // ...and a payment page off the allowed hosts is never handed to the browser.
    let (status, _, reply) = call(&router, "create-booking", booking("evil-payment"), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::BAD_GATEWAY,
        "payment_url_not_allowed",
    );
    assert!(!reply.to_string().contains("evil.example"));
    // (A router of its own: this test's many calls stay inside one client's rate limit.)
    let fresh = proxy(&itt, &[]);
    let (status, _, reply) = call(
        &fresh,
        "create-booking",
        booking("evil-payment-hidden"),
        &[],
    )
    .await;
    assert_refused(
        status,
        &reply,
        StatusCode::BAD_GATEWAY,
        "payment_url_not_allowed",
    );

    // Tokens: required, bound, unforgeable.
    let details = json!({"booking_id": "ES-a"});
    let (status, _, reply) = call(&router, "booking-details", details.clone(), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::UNAUTHORIZED,
        "booking_token_missing",
    );
    let (status, _, _) = call(
        &router,
        "booking-details",
        details.clone(),
        &[("x-booking-token", &token)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // ITT requires the booking's tracking id: the proxy sends the token's.
    let (path, _, sent) = last(&seen);
    assert_eq!(path, "esim/booking-details");
    assert_eq!(
        (sent["tracking_id"].as_str(), sent["member_id"].as_str()),
        (Some("a"), Some("42"))
    );
    let (status, _, reply) = call(
        &fresh,
        "booking-details",
        json!({"booking_id": "ES-a", "tracking_id": "someone-elses"}),
        &[("x-booking-token", &token)],
    )
    .await;
    assert_refused(status, &reply, StatusCode::FORBIDDEN, "not_your_booking");
    // A hotel's token minted without the tracking id says how to mint one.
    let without_tracking = token::sign(
        TOKEN_SECRET.as_bytes(),
        &BookingClaims {
            tracking_id: None,
            ..claims.clone()
        },
    );
    let (status, _, reply) = call(
        &fresh,
        "booking-details",
        details.clone(),
        &[("x-booking-token", &without_tracking)],
    )
    .await;
    assert_refused(
        status,
        &reply,
        StatusCode::UNAUTHORIZED,
        "booking_token_without_tracking_id",
    );
    assert!(reply["reason"].as_str().unwrap().contains("\"tr\""));
    let (status, _, reply) = call(
        &fresh,
        "booking-details",
        json!({"booking_id": "ES-b"}),
        &[("x-booking-token", &token)],
    )
    .await;
    assert_refused(status, &reply, StatusCode::FORBIDDEN, "not_your_booking");
    let (status, _, _) = call(
        &router,
        "data-usage",
        json!({"eSim_iccid": "8944000000000000999"}),
        &[("x-booking-token", &token)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another eSIM cannot be read");
    let (status, _, _) = call(
        &router,
        "data-usage",
        json!({}),
        &[("x-booking-token", &token)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no ICCID, no enumeration");
    let expired = token::sign(
        TOKEN_SECRET.as_bytes(),
        &BookingClaims {
            exp: token::now() - 1,
            ..claims.clone()
        },
    );
    let (status, _, reply) = call(
        &router,
        "booking-details",
        details.clone(),
        &[("x-booking-token", &expired)],
    )
    .await;
    assert_refused(
        status,
        &reply,
        StatusCode::UNAUTHORIZED,
        "booking_token_invalid",
    );

    // Usage is cached per ICCID (polling travellers do not reach ITT each time).
    let usage = json!({"eSim_iccid": "8944000000000000001"});
    call(
        &router,
        "data-usage",
        usage.clone(),
        &[("x-booking-token", &token)],
    )
    .await;
    let calls_before = seen.lock().unwrap().len();
    call(&router, "data-usage", usage, &[("x-booking-token", &token)]).await;
    assert_eq!(seen.lock().unwrap().len(), calls_before);

    // Upstream failures: passed through in ITT's shape, or the proxy's own JSON error.
    // ITT's own JSON failures pass through; a 5xx on create-booking may follow a booking.
    let search = |marker: &str| json!({"eSim": {"country_code": marker}});
    let (status, _, reply) = call(&router, "search", search("status-500"), &[]).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, Some("boom"))
    );
    let (status, _, reply) = call(&router, "create-booking", booking("status-500"), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::GATEWAY_TIMEOUT,
        "booking_outcome_unknown",
    );
    // A refusal in ITT's terms (HTTP 200, failed status) is not remembered: retry allowed.
    for _ in 0..2 {
        let (status, _, reply) = call(&router, "create-booking", booking("refused-200"), &[]).await;
        assert_eq!(
            (status, reply["reason"].as_str()),
            (StatusCode::OK, Some("Insufficient account balance."))
        );
    }
    let (status, headers, _) = call(&router, "create-booking", booking("status-429"), &[]).await;
    assert_eq!(
        (status, headers[header::RETRY_AFTER].to_str().unwrap()),
        (StatusCode::TOO_MANY_REQUESTS, "30")
    );
    // A booking answer that cannot be read may still be a booking: never resent either.
    for marker in ["malformed", "truncated"] {
        for _ in 0..2 {
            let calls_before = seen.lock().unwrap().len();
            let (status, _, reply) = call(&router, "create-booking", booking(marker), &[]).await;
            assert_refused(
                status,
                &reply,
                StatusCode::GATEWAY_TIMEOUT,
                "booking_outcome_unknown",
            );
            assert!(seen.lock().unwrap().len() <= calls_before + 1);
        }
    }
    // Broken answers never reach the browser.
    let (status, _, reply) = call(&router, "search", search("malformed"), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::BAD_GATEWAY,
        "upstream_bad_answer",
    );
    // A create-booking that times out is never resent: the widget must check the status.
    let (status, _, reply) = call(&router, "create-booking", booking("slow-1"), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::GATEWAY_TIMEOUT,
        "booking_outcome_unknown",
    );
    let calls_before = seen.lock().unwrap().len();
    let (status, _, reply) = call(&router, "create-booking", booking("slow-1"), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::GATEWAY_TIMEOUT,
        "booking_outcome_unknown",
    );
    assert_eq!(seen.lock().unwrap().len(), calls_before, "not resent");
    // Upstream down.
    let down = proxy("http://127.0.0.1:9", &[]);
    let (status, headers, reply) = call(&down, "search", json!({"eSim": {}}), &[]).await;
    assert_refused(
        status,
        &reply,
        StatusCode::BAD_GATEWAY,
        "upstream_unreachable",
    );
    assert!(
        !reply.to_string().contains("127.0.0.1"),
        "no addresses leak: {reply}"
    );
    assert!(headers.get("apikey").is_none());

    // Origins: configured and same-origin pass, others are refused.
    let (status, _, _) = call(
        &router,
        "search",
        json!({}),
        &[("origin", "https://hotel.example")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = call(
        &router,
        "search",
        json!({}),
        &[
            ("origin", "http://localhost:8080"),
            ("host", "localhost:8080"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, reply) = call(
        &router,
        "search",
        json!({}),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_refused(status, &reply, StatusCode::FORBIDDEN, "origin_not_allowed");

    // Per-client rate limit with Retry-After; X-Forwarded-For only from trusted proxies.
    let limited = proxy(
        &itt,
        &["--rate-limit-per-minute", "60", "--rate-limit-burst", "2"],
    );
    for _ in 0..2 {
        assert_eq!(search_from(&limited, "203.0.113.1").await, StatusCode::OK);
    }
    let (status, headers, reply) = call(
        &limited,
        "search",
        json!({}),
        &[("x-forwarded-for", "203.0.113.2")],
    )
    .await;
    assert_refused(
        status,
        &reply,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    assert_eq!(headers[header::RETRY_AFTER], "1");
    let behind = proxy(
        &itt,
        &[
            "--rate-limit-per-minute",
            "60",
            "--rate-limit-burst",
            "1",
            "--trusted-proxies",
            "192.0.2.1",
        ],
    );
    assert_eq!(search_from(&behind, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(
        search_from(&behind, "203.0.113.2").await,
        StatusCode::OK,
        "another client behind the trusted proxy"
    );
    assert_eq!(
        search_from(&behind, "203.0.113.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Configurable upstream paths and header names.
    let custom = proxy(
        &itt,
        &[
            "--upstream-path",
            "data-usage=/v2/usage",
            "--api-key-header",
            "x-itt-key",
        ],
    );
    call(
        &custom,
        "data-usage",
        json!({"eSim_iccid": "8944000000000000001"}),
        &[("x-booking-token", &token)],
    )
    .await;
    let (path, headers, _) = last(&seen);
    assert_eq!(path, "v2/usage");
    assert_eq!(headers["x-itt-key"], "key-from-env");

    // Request ids are the proxy's own, whatever the client sends.
    let (_, headers, _) = call(
        &router,
        "search",
        json!({}),
        &[("x-request-id", "forged-by-client")],
    )
    .await;
    assert_ne!(headers["x-request-id"], "forged-by-client");

    // Health.
    let health = router
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let health: Value =
        serde_json::from_slice(&health.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(
        health,
        json!({"status": "ok", "store": {"backend": "embedded", "status": "ok"}}),
        "the default store, and nothing about where it is"
    );
}
