//! The tables a store may share besides the record, on any [`Backend`]: top-up
//! offers, rate budgets and the data-usage cache, with the server's users of them
//! ([`RateLimiter`], [`Policy`]).

use crate::backends::{answer, connected, roomy, Backend};
use itt_esim_server::guard::{Policy, USAGE_MAX_BODY};
use itt_esim_server::limits::RateLimiter;
use itt_esim_server::store::{Offer, Stores};
use std::net::IpAddr;
use std::time::Duration;

pub(crate) async fn offers_expire_and_survive_a_restart(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let Some(offers) = s.offers.clone().map(|shared| shared.store) else {
        eprintln!("no offer table in this store");
        return;
    };
    let offer = |iccid: &str, ids: &[&str]| Offer {
        iccid: iccid.into(),
        package_ids: ids.iter().map(|s| s.to_string()).collect(),
    };
    assert_eq!(offers.offer("T1").await, Ok(None));
    let long = Duration::from_secs(60);
    offers
        .remember("T1", &offer("8944", &["p1"]), long)
        .await
        .unwrap();
    offers
        .remember("T1", &offer("8944", &["p1", "p2"]), long)
        .await
        .unwrap();
    offers
        .remember("T2", &offer("8945", &[]), Duration::from_millis(300))
        .await
        .unwrap();
    assert_eq!(offers.offer("T2").await, Ok(Some(offer("8945", &[]))));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(offers.offer("T2").await, Ok(None), "expired");
    assert_eq!(
        offers.offer("T1").await,
        Ok(Some(offer("8944", &["p1", "p2"]))),
        "the latest remembered"
    );
    drop(offers);
    let Some(s) = b.after_crash(s, roomy()).await else {
        return;
    };
    let offers = s.offers.clone().expect("offers after restart").store;
    assert_eq!(
        offers.offer("T1").await,
        Ok(Some(offer("8944", &["p1", "p2"])))
    );
    assert_eq!(offers.offer("T2").await, Ok(None));
}

pub(crate) fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A limiter as the server builds it on `stores` (`assemble/mod.rs`): the store's
/// rate table where it has one, this instance's buckets otherwise.
pub(crate) fn limiter(stores: &Stores, per_minute: u32, burst: u32) -> RateLimiter {
    RateLimiter::new(per_minute, burst, vec![]).with_shared(stores.rates.clone())
}

pub(crate) async fn rate_budgets_per_client(b: &impl Backend) {
    let s = b.open(roomy()).await;
    connected(&s).await;
    let limits = limiter(&s, 60, 2);
    let (one, two) = (ip("192.0.2.1"), ip("192.0.2.2"));
    assert_eq!(limits.take(one).await, Ok(()));
    assert_eq!(limits.take(one).await, Ok(()));
    assert_eq!(
        limits.take(one).await,
        Err(1),
        "burst 2, then a second's wait"
    );
    assert_eq!(
        limits.take(two).await,
        Ok(()),
        "clients are limited separately"
    );
    assert_eq!(
        limits.take(ip("::ffff:192.0.2.1")).await,
        Err(1),
        "an IPv4-mapped address is its IPv4 client"
    );
    assert_eq!(limits.take(ip("2001:db8:1:2::1")).await, Ok(()));
    assert_eq!(limits.take(ip("2001:db8:1:2::2")).await, Ok(()));
    assert_eq!(
        limits.take(ip("2001:db8:1:2::ffff")).await,
        Err(1),
        "IPv6 per /64"
    );
    assert_eq!(limits.take(ip("2001:db8:1:3::1")).await, Ok(()));

    // Another instance on the same store: one budget where the store keeps them.
    let other = limiter(&s, 60, 2);
    assert_eq!(
        other.take(one).await.is_err(),
        s.rates.is_some(),
        "shared exactly when the store has a rate table"
    );

    let off = limiter(&s, 0, 2);
    for _ in 0..10 {
        assert_eq!(off.take(one).await, Ok(()), "0 disables the limit");
    }
    let slow = limiter(&s, 1, 0);
    let three = ip("192.0.2.3");
    assert_eq!(slow.take(three).await, Ok(()), "burst 0 is 1");
    assert_eq!(slow.take(three).await, Err(60));
    // The budget refills at per_minute / 60 a second.
    let fast = limiter(&s, 600, 1);
    let four = ip("192.0.2.4");
    assert_eq!(fast.take(four).await, Ok(()));
    assert_eq!(fast.take(four).await, Err(1));
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(fast.take(four).await, Ok(()));
    assert_eq!(
        s.health.report()["store"]["status"],
        "ok",
        "answered by the store, never a fallback"
    );
}

/// A booking policy on `stores`, as the server builds it (`assemble/mod.rs`);
/// only its data-usage cache is used here.
pub(crate) fn policy(stores: &Stores, usage_ttl: Duration) -> Policy {
    Policy {
        token_secret: b"a test secret of at least 32 bytes".to_vec(),
        token_ttl: Duration::from_secs(3600),
        grant_secret: None,
        hosted_payment_type: "onlinepayment".into(),
        redirect_origins: vec![],
        payment_hosts: vec![],
        usage_ttl,
        once: stores.once.clone(),
        once_wait: Duration::from_secs(1),
        usage: Default::default(),
        shared_usage: stores.usage.clone(),
        topup_offers: itt_esim_server::topups::TopupOffers::new(stores.offers.clone()),
    }
}

/// Long enough to read an answer back on a loaded machine, short for the suite.
const USAGE_TTL: Duration = Duration::from_millis(600);

pub(crate) async fn usage_answers_are_fresh_until_their_time(b: &impl Backend) {
    let s = b.open(roomy()).await;
    connected(&s).await;
    let usage = answer("{\"data_used\":1}");
    // The store's own table, where it has one (Redis; the embedded store leaves the
    // cache to each instance).
    if let Some(shared) = &s.usage {
        let cache = &shared.store;
        assert_eq!(cache.get("8901").await, Ok(None));
        cache
            .put("8901", &answer("older"), USAGE_TTL)
            .await
            .unwrap();
        cache.put("8901", &usage, USAGE_TTL).await.unwrap();
        assert_eq!(
            cache.get("8901").await,
            Ok(Some(usage.clone())),
            "the latest"
        );
    }
    // As the proxy uses it, on every store.
    let proxy = policy(&s, USAGE_TTL);
    let body = "{\"data_used\":2}".to_string();
    assert_eq!(proxy.cached_usage("8902").await, None);
    proxy.remember_usage("8902".into(), 200, body.clone()).await;
    assert_eq!(proxy.cached_usage("8902").await, Some((200, body.clone())));
    assert_eq!(
        policy(&s, USAGE_TTL).cached_usage("8902").await.is_some(),
        s.usage.is_some(),
        "another instance sees it exactly when the store has a usage table"
    );
    let big = "x".repeat(USAGE_MAX_BODY + 1);
    proxy.remember_usage("8903".into(), 200, big).await;
    assert_eq!(proxy.cached_usage("8903").await, None, "too big to cache");
    let off = policy(&s, Duration::ZERO);
    off.remember_usage("8904".into(), 200, body.clone()).await;
    assert_eq!(off.cached_usage("8904").await, None, "0 disables the cache");
    assert_eq!(
        proxy.cached_usage("8904").await,
        None,
        "nothing was written"
    );

    tokio::time::sleep(USAGE_TTL + Duration::from_millis(300)).await;
    assert_eq!(proxy.cached_usage("8902").await, None, "expired");
    if let Some(shared) = &s.usage {
        assert_eq!(shared.store.get("8901").await, Ok(None), "expired");
    }
    assert_eq!(
        s.health.report()["store"]["status"],
        "ok",
        "answered by the store, never a fallback"
    );
}
