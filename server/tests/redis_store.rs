//! The Redis store against a real `redis-server`: what only a shared store has —
//! leases across instances, a late settle, waiters on another instance, shared
//! rate budgets, cache and offers, an outage of the record, rediss, the eviction
//! policy and malformed settings.
//!
//! The record's behaviours every store shares (claims, replays, caps, expiry,
//! the listing, a dead claimant, rate budgets and the usage cache as the proxy
//! uses them) run on Redis in the suite of every store: `stores.rs`, `redis::*`.
//!
//! Skipped without redis-server, unless `ITT_REQUIRE_REDIS=1`.

#[path = "support/redis_server.rs"]
mod redis_server;

use itt_esim_server::store::{
    Claim, Offer, OfferStore, OnceKey, OnceStore, RateStore, Recorded, RedisOptions, RedisStore,
    Rule, Settled, StoreError, StoreLimits, UsageCache,
};
use redis_server::{unique_prefix, RedisServer};
use std::time::{Duration, Instant};

fn answer(body: &str) -> Recorded {
    Recorded {
        status: 200,
        body: body.into(),
    }
}

fn open(url: &str, prefix: &str, limits: StoreLimits) -> RedisStore {
    RedisStore::open(
        RedisOptions {
            url: url.into(),
            prefix: prefix.into(),
            password: None,
            ca_pem: None,
        },
        limits,
    )
    .expect("the store opens")
}

/// A store on the shared server under a fresh prefix (None: no redis-server).
fn fresh(limits: StoreLimits) -> Option<(RedisStore, String)> {
    let server = RedisServer::shared()?;
    let prefix = unique_prefix();
    Some((open(&server.url(), &prefix, limits), prefix))
}

/// A second instance on the same prefix (another proxy process, as far as Redis knows).
fn another(prefix: &str, limits: StoreLimits) -> RedisStore {
    open(&RedisServer::shared().unwrap().url(), prefix, limits)
}

fn with_lease(ms: u64) -> StoreLimits {
    StoreLimits {
        lease: Duration::from_millis(ms),
        ..StoreLimits::default()
    }
}

#[tokio::test]
async fn a_live_claimant_is_renewed_past_its_lease() {
    let Some((first, prefix)) = fresh(with_lease(300)) else {
        return;
    };
    let key = OnceKey::booking("BT1");
    first.claim(&key, [1; 32]).await.unwrap();
    let second = another(&prefix, with_lease(300));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(second.claim(&key, [1; 32]).await, Ok(Claim::InFlight));
    first
        .settle(&key, Settled::Answered(answer("late but live")))
        .await
        .unwrap();
    assert_eq!(
        second.claim(&key, [1; 32]).await,
        Ok(Claim::Replay(answer("late but live")))
    );
}

#[tokio::test]
async fn a_late_settle_replaces_lease_expired_unknown() {
    let Some((first, prefix)) = fresh(with_lease(300)) else {
        return;
    };
    let key = OnceKey::booking("BT1");
    first.claim(&key, [1; 32]).await.unwrap();
    // The claimant stalls past its lease (as a paused process would): its lease is
    // made to lapse under it, and another instance sees that.
    let server = RedisServer::shared().unwrap();
    let client = redis::Client::open(server.url()).unwrap();
    let mut raw = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("HSET")
        .arg(format!("{prefix}once:booking:BT1"))
        .arg("lease_until")
        .arg(0)
        .query_async(&mut raw)
        .await
        .unwrap();
    let second = another(&prefix, with_lease(300));
    assert_eq!(second.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
    // The claimant's answer arrives: the real outcome replaces "unknown".
    first
        .settle(&key, Settled::Answered(answer("booked")))
        .await
        .unwrap();
    assert_eq!(
        second.claim(&key, [1; 32]).await,
        Ok(Claim::Replay(answer("booked")))
    );
    assert!(second.list().await.unwrap().is_empty());
    // Another instance cannot settle what it does not hold.
    let other = OnceKey::booking("BT2");
    first.claim(&other, [1; 32]).await.unwrap();
    second.settle(&other, Settled::NothingBooked).await.unwrap();
    assert_eq!(second.claim(&other, [1; 32]).await, Ok(Claim::InFlight));
}

#[tokio::test]
async fn a_waiter_on_another_instance_gets_the_outcome() {
    let Some((first, prefix)) = fresh(StoreLimits::default()) else {
        return;
    };
    let second = another(&prefix, StoreLimits::default());
    let key = OnceKey::booking("BT1");
    first.claim(&key, [1; 32]).await.unwrap();
    let waiter = {
        let key = key.clone();
        tokio::spawn(async move { second.wait(&key, [1; 32], Duration::from_secs(5)).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let settled = Instant::now();
    first
        .settle(&key, Settled::Answered(answer("ok")))
        .await
        .unwrap();
    assert_eq!(waiter.await.unwrap(), Ok(Claim::Replay(answer("ok"))));
    assert!(
        settled.elapsed() < Duration::from_millis(1500),
        "polled at most every 200 ms (slack for a loaded machine)"
    );
    // A key freed by its claimant goes to the waiter.
    let third = another(&prefix, StoreLimits::default());
    let freed = OnceKey::booking("BT2");
    first.claim(&freed, [1; 32]).await.unwrap();
    let waiter = {
        let freed = freed.clone();
        tokio::spawn(async move { third.wait(&freed, [1; 32], Duration::from_secs(5)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    first.settle(&freed, Settled::NothingBooked).await.unwrap();
    assert_eq!(waiter.await.unwrap(), Ok(Claim::Granted));
}

#[tokio::test]
async fn two_instances_share_one_rate_budget() {
    let Some((first, prefix)) = fresh(StoreLimits::default()) else {
        return;
    };
    let second = another(&prefix, StoreLimits::default());
    let rule = Rule {
        per_minute: 60,
        burst: 2,
    };
    assert_eq!(first.take("192.0.2.1", rule).await, Ok(Ok(())));
    assert_eq!(second.take("192.0.2.1", rule).await, Ok(Ok(())));
    assert_eq!(first.take("192.0.2.1", rule).await, Ok(Err(1)));
    assert_eq!(second.take("192.0.2.1", rule).await, Ok(Err(1)));
    assert_eq!(
        second.take("192.0.2.2", rule).await,
        Ok(Ok(())),
        "one budget per client"
    );
    let slow = Rule {
        per_minute: 1,
        burst: 0,
    };
    assert_eq!(
        first.take("192.0.2.3", slow).await,
        Ok(Ok(())),
        "burst 0 is 1"
    );
    assert_eq!(second.take("192.0.2.3", slow).await, Ok(Err(60)));
    // The budget refills at per_minute / 60 a second.
    let fast = Rule {
        per_minute: 600,
        burst: 1,
    };
    assert_eq!(first.take("192.0.2.4", fast).await, Ok(Ok(())));
    assert_eq!(second.take("192.0.2.4", fast).await, Ok(Err(1)));
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(second.take("192.0.2.4", fast).await, Ok(Ok(())));
}

#[tokio::test]
async fn usage_and_offers_expire_and_are_shared() {
    let Some((first, prefix)) = fresh(StoreLimits::default()) else {
        return;
    };
    let second = another(&prefix, StoreLimits::default());
    let usage = answer("{\"data_used\":1}");
    let ttl = Duration::from_millis(300);
    assert_eq!(UsageCache::get(&second, "8901").await, Ok(None));
    first.put("8901", &usage, ttl).await.unwrap();
    assert_eq!(UsageCache::get(&second, "8901").await, Ok(Some(usage)));
    let offer = Offer {
        iccid: "8901".into(),
        package_ids: vec!["P1".into(), "P2".into()],
    };
    assert_eq!(second.offer("TT1").await, Ok(None));
    first.remember("TT1", &offer, ttl).await.unwrap();
    assert_eq!(second.offer("TT1").await, Ok(Some(offer)));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(UsageCache::get(&second, "8901").await, Ok(None));
    assert_eq!(second.offer("TT1").await, Ok(None));
}

#[tokio::test]
async fn the_eviction_policy_is_read() {
    let Some((store, _)) = fresh(StoreLimits::default()) else {
        return;
    };
    assert_eq!(store.eviction_policy().await, Ok(Some("noeviction".into())));
}

#[tokio::test]
async fn store_down_claims_fail_nothing_granted() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let store = open(&server.url(), &unique_prefix(), StoreLimits::default());
    let before = OnceKey::booking("before");
    store.claim(&before, [1; 32]).await.unwrap();
    store
        .settle(&before, Settled::Answered(answer("kept")))
        .await
        .unwrap();
    let unsettled = OnceKey::booking("unsettled");
    store.claim(&unsettled, [1; 32]).await.unwrap();
    server.stop();
    // ITT answered but the outcome cannot be written: retried in the background.
    assert!(matches!(
        store
            .settle(&unsettled, Settled::Answered(answer("retried")))
            .await,
        Err(StoreError::Unavailable(_))
    ));
    let key = OnceKey::booking("during");
    let started = Instant::now();
    let claim = store.claim(&key, [1; 32]).await;
    assert!(
        matches!(claim, Err(StoreError::Unavailable(_))),
        "{claim:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    let Err(StoreError::Unavailable(text)) = claim else {
        unreachable!()
    };
    assert!(!text.contains("127.0.0.1"), "no address in {text:?}");
    assert!(store.ping().await.is_err());
    assert!(store.list().await.is_err());
    server.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    let claim = loop {
        match store.claim(&key, [1; 32]).await {
            Ok(claim) => break claim,
            Err(e) => assert!(Instant::now() < deadline, "still down: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(claim, Claim::Granted);
    assert_eq!(
        store.claim(&before, [1; 32]).await,
        Ok(Claim::Replay(answer("kept"))),
        "records written before the stop survive (append-only file)"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while store.claim(&unsettled, [1; 32]).await != Ok(Claim::Replay(answer("retried"))) {
        assert!(Instant::now() < deadline, "the settle was not retried");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[test]
fn malformed_settings_are_refused_without_secrets() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = runtime.enter();
    let options = |url: &str, ca: Option<&[u8]>| RedisOptions {
        url: url.into(),
        prefix: "p:".into(),
        password: Some("hunter2".into()),
        ca_pem: ca.map(<[u8]>::to_vec),
    };
    for (url, ca) in [
        ("http://user:hunter2@example.com/", None),
        ("redis://user:hunter2@exa mple.com:notaport/", None),
        ("redis://:hunter2@127.0.0.1/", Some(&b"not pem"[..])),
        ("rediss://:hunter2@127.0.0.1/", Some(&b"not pem"[..])),
        (
            "rediss://:hunter2@127.0.0.1/",
            Some(&b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"[..]),
        ),
    ] {
        let err = RedisStore::open(options(url, ca), StoreLimits::default()).expect_err(url);
        assert!(
            !err.contains("hunter2") && !err.contains("example"),
            "{err}"
        );
    }
    // Lazy: nothing listens there, and it still opens.
    assert!(RedisStore::open(
        options("redis://127.0.0.1:1/", None),
        StoreLimits::default()
    )
    .is_ok());
}

/// A CA and a server certificate for 127.0.0.1, made with the openssl CLI.
fn make_certs(dir: &std::path::Path) -> bool {
    let run = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=itt test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    ]
    .concat())
        && run(&[
            &["req"][..],
            &ec,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        ]
        .concat())
        && run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ])
}

#[tokio::test]
async fn rediss_with_a_private_ca() {
    if RedisServer::shared().is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("itt-test-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    if !make_certs(&dir) {
        eprintln!("openssl could not make certificates: skipping the rediss test");
        return;
    }
    let Some(server) = RedisServer::start_tls(
        &dir.join("server.crt"),
        &dir.join("server.key"),
        &dir.join("ca.crt"),
    ) else {
        return;
    };
    let store = RedisStore::open(
        RedisOptions {
            url: server.url(),
            prefix: unique_prefix(),
            password: None,
            ca_pem: Some(std::fs::read(dir.join("ca.crt")).unwrap()),
        },
        StoreLimits::default(),
    )
    .unwrap();
    let key = OnceKey::booking("TLS1");
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Granted));
    store
        .settle(&key, Settled::Answered(answer("tls")))
        .await
        .unwrap();
    assert_eq!(
        store.claim(&key, [1; 32]).await,
        Ok(Claim::Replay(answer("tls")))
    );
    // Without the private CA the server is not trusted: nothing is granted.
    let untrusted = open(&server.url(), &unique_prefix(), StoreLimits::default());
    assert!(untrusted
        .claim(&OnceKey::booking("TLS2"), [1; 32])
        .await
        .is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
