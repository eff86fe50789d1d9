//! Redis only: an outage of the shared store (the other Redis-only behaviours,
//! about several instances, are in `redis_store.rs`). Run by `only_on!` in
//! `main.rs`, under its name at the top of the suite.

use crate::backends::{connected, roomy, Prefix, Redis};
use crate::redis_server::{unique_prefix, RedisServer};
use crate::tables::{ip, limiter, policy};
use itt_esim_server::store::{OnceKey, StoreError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// While its server is down, a Redis store's rate budgets and usage cache fall
/// back to each instance's own (the same numbers, answered at once); bookings do
/// not. The probe sees the server back, and budgets are shared again.
pub(crate) async fn redis_budgets_fall_back_while_the_server_is_down() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let s = Redis::stores(&server.url(), Arc::new(Prefix(unique_prefix())), roomy());
    connected(&s).await;
    // Two instances on one Redis.
    let (first, second) = (limiter(&s, 60, 2), limiter(&s, 60, 2));
    let shared_budget = |client| {
        let (first, second) = (&first, &second);
        async move {
            assert_eq!(first.take(client).await, Ok(()));
            assert_eq!(second.take(client).await, Ok(()));
            assert_eq!(first.take(client).await, Err(1), "one budget");
            assert_eq!(second.take(client).await, Err(1), "one budget");
        }
    };
    shared_budget(ip("192.0.2.1")).await;

    server.stop();
    let started = Instant::now();
    let client = ip("192.0.2.2");
    assert_eq!(first.take(client).await, Ok(()), "its own budget");
    assert_eq!(first.take(client).await, Ok(()));
    assert_eq!(first.take(client).await, Err(1), "with the same numbers");
    assert_eq!(second.take(client).await, Ok(()), "each instance its own");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "a request does not wait for the store (slack for a loaded machine): {:?}",
        started.elapsed()
    );
    let report = s.health.report();
    assert_eq!(report["store"]["status"], "unavailable", "{report}");
    assert_eq!(report["status"], "degraded");
    // The usage cache falls back to this instance's; bookings never do.
    let proxy = policy(&s, Duration::from_secs(60));
    proxy.remember_usage("8901".into(), 200, "{}".into()).await;
    assert_eq!(proxy.cached_usage("8901").await, Some((200, "{}".into())));
    assert!(matches!(
        s.once.claim(&OnceKey::booking("X"), [0; 32]).await,
        Err(StoreError::Unavailable(_))
    ));

    server.restart();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !s.health.is_up() {
        assert!(Instant::now() < deadline, "the probe never saw it back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(s.health.report()["store"]["status"], "ok");
    shared_budget(ip("192.0.2.3")).await;
    assert_eq!(s.health.report()["store"]["status"], "ok");
}
