//! Kill the proxy at each crash point of a purchase (`ITT_TEST_CRASH_AT`, debug
//! builds only, see `src/crash.rs`) and restart it on the same record: a purchase
//! is never sent twice, and the retry hears what really happened.
//!
//! | point          | ITT got | both retries after the restart            |
//! |----------------|---------|-------------------------------------------|
//! | after-claim    | 0       | 504 `booking_outcome_unknown`             |
//! | after-answer   | 1       | 504 `booking_outcome_unknown`             |
//! | after-outcome  | 1       | 200, the recorded booking (same body)     |
//!
//! The same for top-ups (create-topup-booking; the booking it is for is made
//! first, and the offer comes from the record after the restart).
//!
//! After-claim is unknown although nothing was sent: the restarted proxy cannot
//! tell "claimed, then died" from "sent, then died" (embedded: the start-up sweep
//! turns the claim unknown; Redis: the claim's lease runs out while the retry
//! waits). Ops resolve it (`GET /admin/purchases` lists it).
//!
//! Each test has its own fake ITT and state directory or Redis prefix (one
//! redis-server for the binary). The Redis variants are skipped when
//! redis-server is missing, unless `ITT_REQUIRE_REDIS=1`.

mod support;

use serde_json::Value;
use support::fake_itt::{fake_itt, Received};
use support::proxy_process::{
    booking, esim, topup, unique_prefix, Options, ProxyProcess, Store, TempDir,
};
use support::redis_server::RedisServer;

/// The claim lease the tests run with (Redis: a dead claimant's claim turns
/// unknown after it).
const LEASE_MS: u64 = 1000;

/// Where a test's record lives; kept alive for the test.
struct Place {
    store: Store,
    _dir: Option<TempDir>,
}

#[derive(Clone, Copy, Debug)]
enum Backend {
    Embedded,
    Redis,
}

impl Backend {
    /// Its name in `/healthz`.
    fn name(self) -> &'static str {
        match self {
            Backend::Embedded => "embedded",
            Backend::Redis => "redis",
        }
    }
}

/// A fresh record for one test, or None (Redis missing: skipped).
fn place(backend: Backend, name: &str) -> Option<Place> {
    match backend {
        Backend::Embedded => {
            let dir = TempDir::new(&format!("state-{name}"));
            Some(Place {
                store: Store::Embedded(dir.path().to_path_buf()),
                _dir: Some(dir),
            })
        }
        // One server for the binary, a prefix per test.
        Backend::Redis => Some(Place {
            store: Store::Redis {
                url: RedisServer::shared()?.url(),
                prefix: unique_prefix(name),
            },
            _dir: None,
        }),
    }
}

/// The process dies of SIGKILL at `point` while answering a purchase.
async fn dies_at(
    proxy: &mut ProxyProcess,
    point: &str,
    sent: Result<(u16, Value), reqwest::Error>,
) {
    assert!(
        sent.is_err(),
        "the connection should fail at {point}, the proxy answered {sent:?}: is {} a debug \
         build with crash points (another build sharing the target directory can replace it)?",
        support::proxy_process::server_binary().display()
    );
    // (The output is read to its end once the process is gone.)
    proxy.wait_killed().await;
    assert!(
        proxy
            .stderr()
            .contains(&format!("crash point {point}: SIGKILL")),
        "killed by its own crash point (is the binary a debug build of this branch?):\n{}",
        proxy.log()
    );
    assert!(
        proxy.log().contains("TEST BUILD WITH CRASH POINT"),
        "a loud warning first:\n{}",
        proxy.log()
    );
}

/// What both retries after the restart must get.
fn assert_retry(point: &str, id: &str, status: u16, reply: &Value, topup: bool) {
    match point {
        "after-claim" | "after-answer" => {
            assert_eq!(
                (status, reply["error"].as_str()),
                (504, Some("booking_outcome_unknown")),
                "{point}: {reply}"
            );
            let reason = reply["reason"].as_str().unwrap_or_default();
            assert!(reason.contains(id), "the reference to quote: {reason}");
        }
        "after-outcome" if topup => {
            assert_eq!(
                (status, reply["Status"].as_str()),
                (200, Some("Success")),
                "{point}: {reply}"
            );
        }
        "after-outcome" => {
            assert_eq!(status, 200, "{point}: {reply}");
            assert_eq!(reply["booking_id"], format!("ES-{id}"), "{reply}");
            assert!(reply["booking_token"].is_string(), "{reply}");
        }
        _ => unreachable!(),
    }
}

/// Ops see the unknown purchase (and nothing for a recorded one).
async fn assert_listed(proxy: &ProxyProcess, point: &str, id: &str) {
    let listed = proxy.purchases().await;
    let purchases = listed["purchases"].as_array().expect("a list");
    let found: Vec<&Value> = purchases.iter().filter(|p| p["id"] == id).collect();
    if point == "after-outcome" {
        assert!(
            found.is_empty(),
            "a recorded outcome is not for ops: {listed}"
        );
    } else {
        assert_eq!(found.len(), 1, "{listed}");
        assert_eq!(found[0]["state"], "unknown", "{listed}");
        // Why, for ops: the claimant died (embedded: found at open; Redis: its lease ran out).
        let reason = found[0]["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("stopped before ITT's answer was recorded"),
            "{listed}"
        );
    }
}

fn expected_sent(point: &str) -> usize {
    if point == "after-claim" {
        0
    } else {
        1
    }
}

fn assert_never_twice(itt: &Received) {
    assert!(
        itt.sent_twice().is_empty(),
        "sent twice: {:?}",
        itt.sent_twice()
    );
}

/// The embedded store says at open how many claims a dead process left.
fn assert_recovery_logged(backend: Backend, point: &str, proxy: &ProxyProcess) {
    if let Backend::Embedded = backend {
        let said = proxy.log().contains("1 booking record(s) were in flight");
        assert_eq!(said, point != "after-outcome", "{}", proxy.log());
    }
}

/// A create-booking killed at `point`, then retried twice by a restarted proxy.
async fn booking_killed_at(backend: Backend, point: &'static str) {
    let name = format!("{backend:?}-{point}").to_lowercase();
    let Some(place) = place(backend, &name) else {
        return;
    };
    let (itt, received) = fake_itt().await;
    let id = format!("crash-{name}");
    let options = Options::new(&itt, place.store.clone()).lease_ms(LEASE_MS);

    let mut doomed = ProxyProcess::start(&options.clone().crash_at(point)).await;
    let sent = doomed.try_post("create-booking", &booking(&id), None).await;
    dies_at(&mut doomed, point, sent).await;
    assert_eq!(received.bookings(&id), expected_sent(point), "{point}");

    let proxy = ProxyProcess::start(&options).await;
    proxy.assert_backend(backend.name()).await;
    assert_recovery_logged(backend, point, &proxy);
    let first = proxy.book(&id).await;
    let second = proxy.book(&id).await;
    for (status, reply) in [&first, &second] {
        assert_retry(point, &id, *status, reply, false);
    }
    assert_eq!(first, second, "both retries hear the same");
    assert_eq!(
        received.bookings(&id),
        expected_sent(point),
        "{point}: never resent"
    );
    assert_never_twice(&received);
    assert_listed(&proxy, point, &id).await;
}

/// A create-topup-booking killed at `point`, then retried twice by a restarted proxy.
async fn topup_killed_at(backend: Backend, point: &'static str) {
    let name = format!("{backend:?}-topup-{point}").to_lowercase();
    let Some(place) = place(backend, &name) else {
        return;
    };
    let (itt, received) = fake_itt().await;
    let id = format!("crash-{name}");
    let topup_id = format!("topup-{name}");
    received.set_offer(&topup_id);
    let options = Options::new(&itt, place.store.clone()).lease_ms(LEASE_MS);

    // The booking the top-up is for, made before (the crash point would hit it too).
    let mut first = ProxyProcess::start(&options).await;
    let (status, booked) = first.book(&id).await;
    assert_eq!(status, 200, "{booked}");
    let token = booked["booking_token"].as_str().unwrap().to_string();
    first.kill().await;

    let mut doomed = ProxyProcess::start(&options.clone().crash_at(point)).await;
    let (status, offers) = doomed.post("topup-packages", &esim(), Some(&token)).await;
    assert_eq!(status, 200, "{offers}");
    let sent = doomed
        .try_post("create-topup-booking", &topup(&topup_id), Some(&token))
        .await;
    dies_at(&mut doomed, point, sent).await;
    assert_eq!(received.topups(&topup_id), expected_sent(point), "{point}");

    // The offer is in the record too: the restarted proxy knows what it sold.
    let proxy = ProxyProcess::start(&options).await;
    proxy.assert_backend(backend.name()).await;
    assert_recovery_logged(backend, point, &proxy);
    let mut answers = Vec::new();
    for _ in 0..2 {
        let (status, reply) = proxy
            .post("create-topup-booking", &topup(&topup_id), Some(&token))
            .await;
        assert_retry(point, &topup_id, status, &reply, true);
        answers.push((status, reply));
    }
    assert_eq!(answers[0], answers[1], "both retries hear the same");
    assert_eq!(
        received.topups(&topup_id),
        expected_sent(point),
        "{point}: never resent"
    );
    assert_eq!(received.bookings(&id), 1);
    assert_never_twice(&received);
    assert_listed(&proxy, point, &topup_id).await;
}

macro_rules! crash_tests {
    ($($name:ident: $run:ident($backend:ident, $point:literal);)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $run(Backend::$backend, $point).await
            }
        )*
    };
}

crash_tests! {
    embedded_booking_after_claim: booking_killed_at(Embedded, "after-claim");
    embedded_booking_after_answer: booking_killed_at(Embedded, "after-answer");
    embedded_booking_after_outcome: booking_killed_at(Embedded, "after-outcome");
    redis_booking_after_claim: booking_killed_at(Redis, "after-claim");
    redis_booking_after_answer: booking_killed_at(Redis, "after-answer");
    redis_booking_after_outcome: booking_killed_at(Redis, "after-outcome");
    embedded_topup_after_claim: topup_killed_at(Embedded, "after-claim");
    embedded_topup_after_answer: topup_killed_at(Embedded, "after-answer");
    embedded_topup_after_outcome: topup_killed_at(Embedded, "after-outcome");
    redis_topup_after_claim: topup_killed_at(Redis, "after-claim");
    redis_topup_after_answer: topup_killed_at(Redis, "after-answer");
    redis_topup_after_outcome: topup_killed_at(Redis, "after-outcome");
}
