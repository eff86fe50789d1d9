//! Fault injection: purchases under a misbehaving ITT and clients that go away.
//!
//! A fake ITT on a raw socket (`support/fake_itt.rs`, so it can be slow, reset
//! mid-body, truncate, fail) and the proxy on a real listener (so a client can
//! really disconnect). Each scenario counts what reached ITT: a purchase is made
//! at most once, its real outcome reaches the traveller's retry, and "unknown" is
//! left only when ITT itself did not answer.

mod support;

use clap::Parser;
use itt_esim_server::assemble::{assemble_with, serve_options};
use itt_esim_server::serve::serve;
use itt_esim_server::store::{EmbeddedStore, StoreLimits, Stores};
use itt_esim_server::{app, token, Config};
use serde_json::{json, Value};
use std::sync::Once;
use std::time::{Duration, Instant};
use support::fake_itt::{count, fake_itt};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const TOKEN_SECRET: &str = "faults-token-secret-with-32-characters!";
const GRANT_SECRET: &str = "faults-grant-secret-with-32-characters!";
const ADMIN_TOKEN: &str = "faults-admin-token-with-32-characters!!";

/// Environment set once, before any configuration is read by any test thread.
fn environment() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        std::env::set_var("ITT_API_KEY", "key");
        std::env::set_var("ITT_SECRET_CODE", "secret");
        std::env::set_var("ITT_TOKEN_SECRET", TOKEN_SECRET);
        std::env::set_var("ITT_GRANT_SECRET", GRANT_SECRET);
        std::env::set_var("ITT_ADMIN_TOKEN", ADMIN_TOKEN);
    });
}

/// The proxy on a real listener, in production mode against `itt`.
async fn proxy(itt: &str, max_records: Option<usize>) -> String {
    environment();
    let config = Config::try_parse_from([
        "itt-esim-server",
        "--upstream",
        itt,
        "--member-id",
        "42",
        "--partner-id",
        "7",
        "--allowed-origins",
        "https://hotel.example",
        "--timeout-secs",
        "1",
        "--rate-limit-per-minute",
        "0",
    ])
    .unwrap();
    // The default store (embedded) in a folder of its own, its cap shrunk if asked.
    let limits = StoreLimits {
        max_entries: max_records.unwrap_or(StoreLimits::default().max_entries),
        ..StoreLimits::default()
    };
    let stores = Stores::embedded(EmbeddedStore::temporary(limits).unwrap());
    let (state, surface) = assemble_with(&config, config.listen, stores).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // The real accept loop, as `main` runs it.
    let options = serve_options(&config);
    tokio::spawn(async move {
        serve(
            listener,
            app(state, &surface),
            options,
            std::future::pending(),
        )
        .await
    });
    url
}

fn booking(id: &str) -> Value {
    json!({
        "booking_tracking_id": id,
        "tracking_key": token::tracking_key(TOKEN_SECRET.as_bytes(), id),
        "package_tracking_id": "PT",
        "eSim_quantity": "1",
        "redirect_url": "https://hotel.example/stay",
        "isd_code": "+44",
        "contact_no": "7700900123",
        "email_address": "guest@example.com",
    })
}

async fn post(base: &str, op: &str, body: &Value) -> (u16, Value) {
    post_with(base, op, body, None).await
}

async fn post_with(base: &str, op: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/esim/{op}"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(token) = token {
        request = request.header("x-booking-token", token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Sends a request on a raw socket and hangs up after `stay` (before the answer).
async fn send_and_hang_up(base: &str, op: &str, body: &Value, stay: Duration) {
    send_and_hang_up_with(base, op, body, None, stay).await
}

async fn send_and_hang_up_with(
    base: &str,
    op: &str,
    body: &Value,
    token: Option<&str>,
    stay: Duration,
) {
    let address = base.trim_start_matches("http://");
    let mut socket = TcpStream::connect(address).await.unwrap();
    let body = body.to_string();
    let token = token
        .map(|t| format!("x-booking-token: {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /esim/{op} HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n{token}content-length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(stay).await;
    drop(socket);
}

#[tokio::test]
async fn a_dropped_connection_keeps_the_booking_for_the_retry() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let id = "slow-600-dropped";
    // The phone loses its connection while ITT is booking.
    send_and_hang_up(
        &base,
        "create-booking",
        &booking(id),
        Duration::from_millis(150),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    // The widget's identical retry gets the booking ITT made, with its token.
    let (status, reply) = post(&base, "create-booking", &booking(id)).await;
    println!(
        "dropped connection: retry got {status}, ITT booked {} time(s)",
        count(&received, id)
    );
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["booking_id"], format!("ES-{id}"));
    assert!(reply["booking_token"].is_string());
    assert_eq!(count(&received, id), 1, "booked once");
}

#[tokio::test]
async fn a_retry_during_the_call_waits_for_its_outcome() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let id = "slow-700-waiting";
    let first = tokio::spawn({
        let base = base.clone();
        async move { post(&base, "create-booking", &booking(id)).await }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = Instant::now();
    let (status, second) = post(&base, "create-booking", &booking(id)).await;
    let (first_status, first) = first.await.unwrap();
    assert_eq!((first_status, status), (200, 200), "{first} {second}");
    assert_eq!(first, second, "the same outcome");
    assert!(started.elapsed() >= Duration::from_millis(300), "it waited");
    assert_eq!(count(&received, id), 1);
}

#[tokio::test]
async fn a_client_gone_mid_request_books_nothing() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let id = "half-sent";
    // Headers and half a body, then gone: nothing reaches ITT, nothing is held.
    let address = base.trim_start_matches("http://");
    let mut socket = TcpStream::connect(address).await.unwrap();
    let body = booking(id).to_string();
    let head = format!(
        "POST /esim/create-booking HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
        .write_all(&body.as_bytes()[..body.len() / 2])
        .await
        .unwrap();
    drop(socket);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count(&received, id), 0);
    let (status, reply) = post(&base, "create-booking", &booking(id)).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(count(&received, id), 1);
}

#[tokio::test]
async fn a_stranger_with_a_learned_tracking_id_cannot_block_preempt_or_rewrite() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let id = "slow-300-travellers";
    let mut stranger = booking(id);
    stranger.as_object_mut().unwrap().remove("tracking_key");
    stranger["email_address"] = "stranger@example.com".into();
    // Sends a booking with the id and disconnects: refused before anything is kept.
    send_and_hang_up(
        &base,
        "create-booking",
        &stranger,
        Duration::from_millis(50),
    )
    .await;
    let (status, reply) = post(&base, "create-booking", &stranger).await;
    assert_eq!(
        (status, reply["error"].as_str()),
        (403, Some("tracking_key_invalid"))
    );
    stranger["tracking_key"] = token::tracking_key(TOKEN_SECRET.as_bytes(), "their-own-id").into();
    let (status, _) = post(&base, "create-booking", &stranger).await;
    assert_eq!(status, 403, "a key for another id does not fit");
    let rewrite = json!({"booking_tracking_id": id, "passenger": [
        {"first_name": "Eve", "last_name": "Stranger", "email": "stranger@example.com"}]});
    let (status, reply) = post(&base, "update-customer-info", &rewrite).await;
    assert_eq!(
        (status, reply["error"].as_str()),
        (403, Some("tracking_key_invalid"))
    );
    assert_eq!(
        count(&received, id),
        0,
        "nothing forwarded for the stranger"
    );
    // The traveller's own booking goes through as if nothing happened.
    let (status, reply) = post(&base, "create-booking", &booking(id)).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(count(&received, id), 1);
}

#[tokio::test]
async fn unknown_only_when_itt_did_not_answer_and_never_resent() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    // ITT's own refusal: nothing booked, the retry may go through.
    let (status, reply) = post(&base, "create-booking", &booking("refused-1")).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (200, Some("Insufficient account balance."))
    );
    post(&base, "create-booking", &booking("refused-1")).await;
    assert_eq!(
        count(&received, "refused-1"),
        2,
        "a refusal is not remembered"
    );
    // No answer, a reset, a cut answer, a gateway page, a "success" that names no
    // booking: the outcome is unknown.
    for id in [
        "slow-1500-timeout",
        "reset-1",
        "midbody-1",
        "truncated-1",
        "bad-gateway-1",
        "no-booking-id-1",
    ] {
        for attempt in 0..2 {
            let (status, reply) = post(&base, "create-booking", &booking(id)).await;
            assert_eq!(
                (status, reply["error"].as_str()),
                (504, Some("booking_outcome_unknown")),
                "{id} attempt {attempt}: {reply}"
            );
            let reason = reply["reason"].as_str().unwrap();
            assert!(reason.contains(id), "the reference to quote: {reason}");
            assert!(!reason.contains('{'), "a sentence, not JSON");
        }
        assert_eq!(count(&received, id), 1, "{id}: sent once, never resent");
    }
}

#[tokio::test]
async fn an_answer_after_the_client_left_is_recorded() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let id = "slow-800-late";
    send_and_hang_up(
        &base,
        "create-booking",
        &booking(id),
        Duration::from_millis(50),
    )
    .await;
    // Still in flight: a retry now waits for it rather than hearing "unknown".
    let (status, reply) = post(&base, "create-booking", &booking(id)).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(count(&received, id), 1);
}

#[tokio::test]
async fn a_full_record_refuses_new_bookings_and_keeps_the_live_ones() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, Some(2)).await;
    for id in ["full-a", "full-b"] {
        assert_eq!(post(&base, "create-booking", &booking(id)).await.0, 200);
    }
    let (status, reply) = post(&base, "create-booking", &booking("full-c")).await;
    assert_eq!(
        (status, reply["error"].as_str()),
        (503, Some("booking_record_full"))
    );
    assert_eq!(count(&received, "full-c"), 0, "nothing forwarded");
    // No live record was evicted: the first booking's retry still replays.
    let (status, reply) = post(&base, "create-booking", &booking("full-a")).await;
    assert_eq!(
        (status, reply["booking_id"].as_str()),
        (200, Some("ES-full-a"))
    );
    assert_eq!(count(&received, "full-a"), 1);
}

#[tokio::test]
async fn ops_list_and_resolve_unknown_bookings() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let http = reqwest::Client::new();
    let admin = |request: reqwest::RequestBuilder| request.bearer_auth(ADMIN_TOKEN);
    for id in ["reset-ops-booked", "reset-ops-free"] {
        assert_eq!(post(&base, "create-booking", &booking(id)).await.0, 504);
    }
    let refused = http
        .get(format!("{base}/admin/purchases"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401, "the admin token is needed");
    let listed: Value = serde_json::from_str(
        &admin(http.get(format!("{base}/admin/purchases")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = listed["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["reset-ops-booked", "reset-ops-free"]);
    assert_eq!(listed["purchases"][0]["state"], "unknown");
    // Ops found it at ITT: the traveller's retry gets the booking and its token.
    let resolve = |body: Value| {
        admin(http.post(format!("{base}/admin/purchases/resolve")))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let response =
        resolve(json!({"kind": "booking", "reference": "reset-ops-booked", "booked": "ES-found"}))
            .await
            .unwrap();
    assert_eq!(response.status(), 200);
    let (status, reply) = post(&base, "create-booking", &booking("reset-ops-booked")).await;
    assert_eq!(
        (status, reply["booking_id"].as_str()),
        (200, Some("ES-found")),
        "{reply}"
    );
    assert!(reply["booking_token"].is_string());
    assert_eq!(count(&received, "reset-ops-booked"), 1, "not resent");
    // Ops found nothing at ITT: the retry books.
    let response =
        resolve(json!({"kind": "booking", "reference": "reset-ops-free", "not_booked": true}))
            .await
            .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        post(&base, "create-booking", &booking("reset-ops-free"))
            .await
            .0,
        504
    );
    assert_eq!(
        count(&received, "reset-ops-free"),
        2,
        "sent again after ops said so"
    );
    // Resolving what is not unknown is refused.
    let response =
        resolve(json!({"kind": "booking", "reference": "nothing-here", "not_booked": true}))
            .await
            .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_top_up_is_bought_once_whatever_the_connection_does() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let (status, booked) = post(&base, "create-booking", &booking("topup-owner")).await;
    assert_eq!(status, 200, "{booked}");
    let token = booked["booking_token"].as_str().unwrap().to_string();
    let esim = json!({"eSim_iccid": "8944000000000000001"});
    let (status, offers) = post_with(&base, "topup-packages", &esim, Some(&token)).await;
    assert_eq!(status, 200, "{offers}");
    let purchase = json!({
        "topup_tracking_id": "slow-600-topup",
        "package_id": "8944000000000000001||1gb",
        "redirect_url": "https://hotel.example/stay",
        "isd_code": "+44",
        "contact_no": "7700900123",
        "email_address": "guest@example.com",
    });
    send_and_hang_up_with(
        &base,
        "create-topup-booking",
        &purchase,
        Some(&token),
        Duration::from_millis(100),
    )
    .await;
    let (status, reply) = post_with(&base, "create-topup-booking", &purchase, Some(&token)).await;
    assert_eq!(
        (status, reply["Status"].as_str()),
        (200, Some("Success")),
        "{reply}"
    );
    assert_eq!(count(&received, "slow-600-topup"), 1, "bought once");
    // Another package under the same offer is another purchase: refused, not bought twice.
    let mut other = purchase.clone();
    other["email_address"] = "other@example.com".into();
    let (status, reply) = post_with(&base, "create-topup-booking", &other, Some(&token)).await;
    assert_eq!(
        (status, reply["error"].as_str()),
        (409, Some("booking_conflict"))
    );
    assert_eq!(count(&received, "slow-600-topup"), 1);
}

/// Writes `bytes` of a create-booking on a raw socket, then hangs up.
async fn hang_up_after(base: &str, request: &[u8], stay: Duration) {
    let address = base.trim_start_matches("http://");
    let mut socket = TcpStream::connect(address).await.unwrap();
    socket.write_all(request).await.unwrap();
    tokio::time::sleep(stay).await;
    drop(socket);
}

#[tokio::test]
async fn a_disconnect_at_each_stage_loses_nothing_and_books_once() {
    let (itt, received) = fake_itt().await;
    let base = proxy(&itt, None).await;
    let address = base.trim_start_matches("http://").to_string();
    let raw = |id: &str| {
        let body = booking(id).to_string();
        format!(
            "POST /esim/create-booking HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let short = Duration::from_millis(30);
    // Before the request is whole: nothing reaches ITT; the retry books once.
    let id = "stage-head";
    let request = raw(id);
    let head_end = request.find("\r\n\r\n").unwrap();
    hang_up_after(&base, &request.as_bytes()[..head_end / 2], short).await;
    let id2 = "stage-no-body";
    let request2 = raw(id2);
    hang_up_after(&base, &request2.as_bytes()[..head_end + 4], short).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    for id in [id, id2] {
        assert_eq!(count(&received, id), 0, "{id}: nothing sent");
        assert_eq!(post(&base, "create-booking", &booking(id)).await.0, 200);
        assert_eq!(count(&received, id), 1, "{id}");
    }
    // Whole, then gone while ITT books; the first retry gives up while waiting too:
    // the booking is recorded once and the next retry gets it.
    let id = "slow-700-stages";
    hang_up_after(&base, raw(id).as_bytes(), Duration::from_millis(100)).await;
    hang_up_after(&base, raw(id).as_bytes(), Duration::from_millis(200)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let (status, reply) = post(&base, "create-booking", &booking(id)).await;
    assert_eq!(
        (status, reply["booking_id"].as_str()),
        (200, Some("ES-slow-700-stages")),
        "{reply}"
    );
    assert_eq!(count(&received, id), 1, "booked once");
}
