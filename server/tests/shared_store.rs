//! Real proxy processes on one store: identical purchases sent concurrently to
//! several instances reach ITT once and all hear the same answer; with Redis gone,
//! purchases are refused (never sent unrecorded) while searches go on, and
//! everything comes back without restarting the proxies.
//!
//! Each test has its own fake ITT, Redis server (and prefix) or state directory.
//! The Redis tests are skipped when redis-server is missing, unless
//! `ITT_REQUIRE_REDIS=1`.

mod support;

use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::fake_itt::{fake_itt, Received};
use support::proxy_process::{
    booking, esim, topup, unique_prefix, Options, ProxyProcess, Store, TempDir, PATIENCE,
};
use support::redis_server::RedisServer;

/// Identical requests at once.
const CONCURRENT: usize = 20;

/// How long the fake ITT takes to book: the first purchase is still under way when
/// the other 19 arrive.
const ITT_TAKES: Duration = Duration::from_millis(500);

/// `CONCURRENT` identical POSTs sent at once, alternating between `proxies`.
async fn at_once(
    proxies: &[Arc<ProxyProcess>],
    operation: &'static str,
    body: &Value,
    token: Option<&str>,
) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = (0..CONCURRENT)
        .map(|i| {
            let proxy = proxies[i % proxies.len()].clone();
            let body = body.clone();
            let token = token.map(String::from);
            tokio::spawn(async move { proxy.post(operation, &body, token.as_deref()).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// All answers are `status` and the same body.
fn all_equal(answers: &[(u16, Value)], status: u16) {
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer.0, status, "answer {i}: {}", answer.1);
        assert_eq!(answer, &answers[0], "answer {i} differs from the first");
    }
}

fn assert_never_twice(itt: &Received) {
    assert!(
        itt.sent_twice().is_empty(),
        "sent twice: {:?}",
        itt.sent_twice()
    );
}

/// 20 identical create-bookings, then 20 identical create-topup-bookings (the
/// offer asked for through the first proxy), spread over `proxies`.
async fn purchases_at_once_are_made_once(
    proxies: &[Arc<ProxyProcess>],
    itt: &Received,
    name: &str,
) {
    itt.set_booking_delay(ITT_TAKES);
    itt.set_topup_delay(ITT_TAKES);
    let id = format!("at-once-{name}");
    let answers = at_once(proxies, "create-booking", &booking(&id), None).await;
    assert_eq!(itt.bookings(&id), 1, "one booking reached ITT");
    all_equal(&answers, 200);
    assert_eq!(answers[0].1["booking_id"], format!("ES-{id}"));
    let token = answers[0].1["booking_token"]
        .as_str()
        .expect("a booking token")
        .to_string();

    let topup_id = format!("topup-at-once-{name}");
    itt.set_offer(&topup_id);
    let (status, offers) = proxies[0]
        .post("topup-packages", &esim(), Some(&token))
        .await;
    assert_eq!(status, 200, "{offers}");
    let answers = at_once(
        proxies,
        "create-topup-booking",
        &topup(&topup_id),
        Some(&token),
    )
    .await;
    assert_eq!(itt.topups(&topup_id), 1, "one top-up reached ITT");
    all_equal(&answers, 200);
    assert_eq!(answers[0].1["Status"], "Success");
    assert_never_twice(itt);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_redis_purchase_once() {
    let Some(redis) = RedisServer::shared() else {
        return;
    };
    let (itt, received) = fake_itt().await;
    let store = Store::Redis {
        url: redis.url(),
        prefix: unique_prefix("two-processes"),
    };
    let options = Options::new(&itt, store);
    let a = Arc::new(ProxyProcess::start(&options).await);
    let b = Arc::new(ProxyProcess::start(&options).await);
    a.assert_backend("redis").await;
    purchases_at_once_are_made_once(&[a, b], &received, "redis").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_on_the_embedded_store_purchases_once() {
    let dir = TempDir::new("state-at-once");
    let (itt, received) = fake_itt().await;
    let options = Options::new(&itt, Store::Embedded(dir.path().to_path_buf()));
    let proxy = Arc::new(ProxyProcess::start(&options).await);
    proxy.assert_backend("embedded").await;
    purchases_at_once_are_made_once(&[proxy], &received, "embedded").await;
}

/// Polls `/healthz` until its store status is `wanted` (up to [`PATIENCE`]).
async fn store_status_becomes(proxy: &ProxyProcess, wanted: &str) -> Value {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let health = proxy.health().await;
        if health["store"]["status"] == wanted {
            return health;
        }
        assert!(
            Instant::now() < deadline,
            "/healthz still says {health} (wanted store status {wanted})\n{}",
            proxy.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_gone_purchases_are_refused_and_come_back_without_a_restart() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let (itt, received) = fake_itt().await;
    let store = Store::Redis {
        url: redis.url(),
        prefix: unique_prefix("outage"),
    };
    let options = Options::new(&itt, store);
    let a = ProxyProcess::start(&options).await;
    let b = ProxyProcess::start(&options).await;
    let health = a.health().await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["store"]["backend"], "redis", "{health}");

    // Before: a booking through each.
    let before_a = a.book("outage-before-a").await;
    let before_b = b.book("outage-before-b").await;
    assert_eq!(before_a.0, 200, "{}", before_a.1);
    assert_eq!(before_b.0, 200, "{}", before_b.1);

    tokio::task::block_in_place(|| redis.stop());

    // Refused, never sent unrecorded: on both instances, every time.
    for proxy in [&a, &b] {
        for _ in 0..10 {
            let (status, reply) = proxy.book("outage-during").await;
            assert_eq!(
                (status, reply["error"].as_str()),
                (503, Some("store_unavailable")),
                "{reply}"
            );
        }
    }
    assert_eq!(received.bookings("outage-during"), 0, "nothing sent");
    // Searches and the post-booking card do not need the store.
    let token = before_a.1["booking_token"].as_str().unwrap();
    for proxy in [&a, &b] {
        let (status, reply) = proxy
            .post("search", &json!({"eSim": {"country_code": "TH"}}), None)
            .await;
        assert_eq!(status, 200, "{reply}");
        let (status, reply) = proxy.post("data-usage", &esim(), Some(token)).await;
        assert_eq!(status, 200, "{reply}");
    }
    for proxy in [&a, &b] {
        let health = store_status_becomes(proxy, "unavailable").await;
        assert_eq!(health["status"], "degraded", "{health}");
        assert_eq!(health["store"]["backend"], "redis", "{health}");
    }

    // Said once per outage, however many requests are refused.
    for proxy in [&a, &b] {
        proxy.wait_for_output("state store unavailable").await;
        let warned = proxy.log().matches("state store unavailable").count();
        assert_eq!(warned, 1, "warned once:\n{}", proxy.log());
    }

    // Back (same port, the AOF kept the records): no proxy restart needed.
    tokio::task::block_in_place(|| redis.restart());
    for proxy in [&a, &b] {
        let health = store_status_becomes(proxy, "ok").await;
        assert_eq!(health["status"], "ok", "{health}");
    }
    for proxy in [&a, &b] {
        proxy.wait_for_output("state store available again").await;
    }
    let (status, during) = a.book("outage-during").await;
    assert_eq!(status, 200, "{during}");
    assert_eq!(b.book("outage-during").await, (status, during));
    assert_eq!(received.bookings("outage-during"), 1);
    // The bookings made before replay, on either instance.
    assert_eq!(b.book("outage-before-a").await, before_a);
    assert_eq!(a.book("outage-before-b").await, before_b);
    assert_eq!(received.bookings("outage-before-a"), 1);
    assert_eq!(received.bookings("outage-before-b"), 1);
    assert_never_twice(&received);
}
