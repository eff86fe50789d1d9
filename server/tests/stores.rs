//! One suite, every store: each behaviour of the exactly-once record, the offers,
//! the rate budgets and the data-usage cache is written once as a generic async fn
//! over [`Backend`], then run on every store by [`every_store!`]; test names read
//! `embedded::claims_replays_and_conflicts`, `redis::rate_budgets_per_client`.
//!
//! Adding a backend:
//! 1. a struct implementing [`Backend`]: `open` a fresh, empty store with its own
//!    data (own dir, own key prefix), as the server's [`Stores`] (the record, and
//!    the rate, usage and offer tables the store shares, or `None`); `after_crash`
//!    the same data after the process died without settling, or `None`; `skip` says
//!    why not to run (no server);
//! 2. one line in the `every_store!` invocation at the bottom, `name => expression
//!    building the backend` (evaluated in the generated module), e.g.
//!    `redis => super::Redis,`.
//!
//! Behaviours a backend does not share (or that need its internals) are plain
//! tests below the invocation, prefixed with the backend's name; Redis-only ones
//! about several instances are in `redis_store.rs`.
//!
//! Limits and times are short so the suite is fast.

#[path = "support/redis_server.rs"]
mod redis_server;

use itt_esim_server::guard::{Policy, USAGE_MAX_BODY};
use itt_esim_server::limits::RateLimiter;
use itt_esim_server::store::{
    spawn_probe, Claim, EmbeddedStore, Guarded, MemoryStore, Offer, OnceKey, OnceStore, OpenError,
    Recorded, RedisOptions, RedisStore, Resolution, Settled, Shared, StoreError, StoreHealth,
    StoreLimits, Stores,
};
use redis_server::{unique_prefix, RedisServer};
use std::any::Any;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A store under test as the server holds it ([`Stores`], also reached through
/// `Deref`), with what keeps its data alive.
struct Opened {
    stores: Stores,
    /// Owned by the test, not the store: outlives a simulated crash (a dir, a prefix).
    place: Arc<dyn Any + Send + Sync>,
}

impl std::ops::Deref for Opened {
    type Target = Stores;

    fn deref(&self) -> &Stores {
        &self.stores
    }
}

/// A factory of one kind of store. Used generically only, so `async fn` is fine.
trait Backend: Sync {
    /// A fresh, empty store with these limits.
    async fn open(&self, limits: StoreLimits) -> Opened;
    /// The same data as `old` after `old`'s process died without settling;
    /// `None` when nothing survives a restart (memory).
    async fn after_crash(&self, old: Opened, limits: StoreLimits) -> Option<Opened>;
    /// Whether a dead process's claim stays in flight until its lease
    /// ([`StoreLimits::lease`]) runs out, as another instance cannot tell a dead
    /// claimant from a slow one (Redis); otherwise it is unknown as soon as the
    /// store is opened again (embedded: one process holds the directory).
    fn claims_are_leased(&self) -> bool {
        false
    }
    /// Whether a settle changes only a claim (MemoryStore's replaces any state; the
    /// proxy settles only what it was granted, so the difference never shows there).
    fn settle_checks_the_claim(&self) -> bool {
        true
    }
    /// Why this backend's tests do not run here (e.g. no server), if so.
    fn skip(&self) -> Option<String> {
        None
    }
}

struct Memory;

impl Backend for Memory {
    async fn open(&self, limits: StoreLimits) -> Opened {
        Opened {
            stores: Stores {
                once: Arc::new(MemoryStore::new(
                    limits.ttl,
                    limits.max_entries,
                    limits.max_bytes,
                )),
                ..Stores::memory()
            },
            place: Arc::new(()),
        }
    }

    async fn after_crash(&self, _old: Opened, _limits: StoreLimits) -> Option<Opened> {
        None
    }

    fn settle_checks_the_claim(&self) -> bool {
        false
    }
}

/// A directory the test owns, removed at its end (not `EmbeddedStore::temporary`,
/// whose dir goes with the store: a restart must find it again).
struct TestDir(PathBuf);

impl TestDir {
    fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "itt-esim-stores-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        TestDir(dir)
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Embedded;

impl Embedded {
    /// The store in `dir`, as the server opens it ([`Stores::embedded`], probed).
    async fn stores(dir: Arc<TestDir>, limits: StoreLimits) -> Opened {
        // The health probe holds the old store while it pings: a restart finds the
        // directory free once it lets go.
        let deadline = Instant::now() + Duration::from_secs(10);
        let store = loop {
            match EmbeddedStore::open(&dir.0, limits) {
                Ok(store) => break store,
                Err(OpenError::InUse { .. }) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(10)).await
                }
                Err(e) => panic!("open: {e}"),
            }
        };
        Opened {
            stores: Stores::embedded(store),
            place: dir,
        }
    }
}

impl Backend for Embedded {
    async fn open(&self, limits: StoreLimits) -> Opened {
        Self::stores(Arc::new(TestDir::new()), limits).await
    }

    async fn after_crash(&self, old: Opened, limits: StoreLimits) -> Option<Opened> {
        let dir = old.place.clone().downcast::<TestDir>().ok()?;
        // Dropping the store closes the db and releases the lock, as the kernel does
        // for a killed process; nothing is settled.
        drop(old);
        Some(Self::stores(dir, limits).await)
    }
}

/// The key prefix a Redis test owns (the shared server keeps it until the test
/// binary exits: a restarted instance finds its keys again).
struct Prefix(String);

/// Redis on the binary's shared `redis-server`, a fresh prefix per store.
struct Redis;

impl Redis {
    /// A store on `url` under `prefix`, as the server opens it.
    fn stores(url: &str, prefix: Arc<Prefix>, limits: StoreLimits) -> Opened {
        let store = RedisStore::open(
            RedisOptions {
                url: url.into(),
                prefix: prefix.0.clone(),
                password: None,
                ca_pem: None,
            },
            limits,
        )
        .expect("the store opens");
        Opened {
            stores: redis_stores(Arc::new(store)),
            place: prefix,
        }
    }

    fn url() -> String {
        RedisServer::shared().expect("redis-server").url()
    }
}

/// [`Stores`] on a Redis store as the server builds them (`open_redis` in
/// `config/stores.rs`, private): every table shared, one health, probed every
/// second (answers, and keeps no records it could evict).
fn redis_stores(store: Arc<RedisStore>) -> Stores {
    let health = StoreHealth::new("redis");
    spawn_probe(health.clone(), Arc::downgrade(&store), |store| {
        Box::pin(async move {
            store.ping().await?;
            Ok(store.eviction_policy().await?.and_then(|policy| {
                (policy.starts_with("allkeys") || policy.starts_with("volatile"))
                    .then(|| format!("maxmemory-policy {policy} may evict booking records"))
            }))
        })
    });
    Stores {
        once: Arc::new(Guarded {
            inner: store.clone(),
            health: health.clone(),
        }),
        rates: Some(Shared {
            store: store.clone(),
            health: health.clone(),
        }),
        usage: Some(Shared {
            store: store.clone(),
            health: health.clone(),
        }),
        offers: Some(Shared {
            store,
            health: health.clone(),
        }),
        health,
    }
}

impl Backend for Redis {
    async fn open(&self, limits: StoreLimits) -> Opened {
        Self::stores(&Self::url(), Arc::new(Prefix(unique_prefix())), limits)
    }

    async fn after_crash(&self, old: Opened, limits: StoreLimits) -> Option<Opened> {
        let prefix = old.place.clone().downcast::<Prefix>().ok()?;
        // Dropping the store stops its lease renewals, as a killed process's stop;
        // nothing is settled. The next instance uses the same keys.
        drop(old);
        Some(Self::stores(&Self::url(), prefix, limits))
    }

    fn claims_are_leased(&self) -> bool {
        true
    }

    fn skip(&self) -> Option<String> {
        RedisServer::shared()
            .is_none()
            .then(|| "no redis-server".into())
    }
}

fn limits(ttl_ms: u64, max_entries: usize, max_bytes: usize) -> StoreLimits {
    StoreLimits {
        ttl: Duration::from_millis(ttl_ms),
        max_entries,
        max_bytes,
        ..StoreLimits::default()
    }
}

fn roomy() -> StoreLimits {
    limits(60_000, 100, usize::MAX)
}

fn answer(body: &str) -> Recorded {
    Recorded {
        status: 200,
        body: body.into(),
    }
}

fn unknown(reason: &str) -> Settled {
    Settled::Unknown {
        reason: reason.into(),
    }
}

async fn claims_replays_and_conflicts(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let store = &s.once;
    let key = OnceKey::booking("BT1");
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Granted));
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::InFlight));
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Conflict));
    store
        .settle(&key, Settled::Answered(answer("{}")))
        .await
        .unwrap();
    assert_eq!(
        store.claim(&key, [1; 32]).await,
        Ok(Claim::Replay(answer("{}")))
    );
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Conflict));
    assert_eq!(store.ping().await, Ok(()));
}

async fn topup_and_booking_with_one_id_are_two_records(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let store = &s.once;
    let booking = OnceKey::booking("T1");
    let topup = OnceKey::topup("T1");
    assert_eq!(store.claim(&booking, [1; 32]).await, Ok(Claim::Granted));
    assert_eq!(store.claim(&topup, [2; 32]).await, Ok(Claim::Granted));
    store
        .settle(&topup, Settled::Answered(answer("topup")))
        .await
        .unwrap();
    assert_eq!(store.claim(&booking, [1; 32]).await, Ok(Claim::InFlight));
    assert_eq!(
        store.claim(&topup, [2; 32]).await,
        Ok(Claim::Replay(answer("topup")))
    );
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind, listed[0].id.as_str()),
        (itt_esim_server::store::Kind::Booking, "T1")
    );
}

async fn nothing_booked_frees_the_key_and_unknown_holds_it(b: &impl Backend) {
    let s = b.open(limits(60_000, 1, usize::MAX)).await;
    let store = &s.once;
    let key = OnceKey::booking("BT1");
    store.claim(&key, [1; 32]).await.unwrap();
    store.settle(&key, Settled::NothingBooked).await.unwrap();
    // Deleted, not kept: with room for one record, another key is granted.
    assert_eq!(
        store.claim(&OnceKey::booking("other"), [1; 32]).await,
        Ok(Claim::Granted)
    );
    store
        .settle(&OnceKey::booking("other"), Settled::NothingBooked)
        .await
        .unwrap();
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Granted));
    store.settle(&key, unknown("timeout")).await.unwrap();
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Unknown));
    assert_eq!(store.claim(&key, [3; 32]).await, Ok(Claim::Conflict));
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].state.as_str(), listed[0].reason.as_deref()),
        ("unknown", Some("timeout"))
    );
    store
        .resolve(&key, Resolution::Booked(answer("{\"booking_id\":\"ES1\"}")))
        .await
        .unwrap();
    assert_eq!(
        store.claim(&key, [2; 32]).await,
        Ok(Claim::Replay(answer("{\"booking_id\":\"ES1\"}")))
    );
    assert_eq!(
        store.resolve(&key, Resolution::NotBooked).await,
        Err(StoreError::NotUnknown("booking:BT1".into())),
        "resolved once"
    );
    assert!(store.list().await.unwrap().is_empty());
}

async fn waiters_get_the_outcome(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let store = s.once.clone();
    let key = OnceKey::booking("BT1");
    store.claim(&key, [1; 32]).await.unwrap();
    let waiter = {
        let store = store.clone();
        let key = key.clone();
        tokio::spawn(async move { store.wait(&key, [1; 32], Duration::from_secs(5)).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    store
        .settle(&key, Settled::Answered(answer("ok")))
        .await
        .unwrap();
    assert_eq!(waiter.await.unwrap(), Ok(Claim::Replay(answer("ok"))));
    let other = OnceKey::booking("BT2");
    store.claim(&other, [1; 32]).await.unwrap();
    let started = Instant::now();
    assert_eq!(
        store.wait(&other, [1; 32], Duration::from_millis(30)).await,
        Ok(Claim::InFlight),
        "still in flight after the timeout"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout is kept (slack for a loaded machine): {:?}",
        started.elapsed()
    );
    assert_eq!(
        store.wait(&other, [2; 32], Duration::from_secs(5)).await,
        Ok(Claim::Conflict),
        "another request does not wait"
    );
}

async fn full_refuses_new_records_and_evicts_none(b: &impl Backend) {
    let s = b.open(limits(60_000, 3, usize::MAX)).await;
    let store = &s.once;
    for id in ["A", "B"] {
        let key = OnceKey::booking(id);
        store.claim(&key, [0; 32]).await.unwrap();
        store
            .settle(&key, Settled::Answered(answer(id)))
            .await
            .unwrap();
    }
    // Unknown and in-flight records count too.
    store.claim(&OnceKey::booking("U"), [0; 32]).await.unwrap();
    assert_eq!(
        store.claim(&OnceKey::booking("C"), [0; 32]).await,
        Ok(Claim::Full)
    );
    store
        .settle(&OnceKey::booking("U"), unknown("lost"))
        .await
        .unwrap();
    assert_eq!(
        store.claim(&OnceKey::booking("C"), [0; 32]).await,
        Ok(Claim::Full)
    );
    assert_eq!(
        store.claim(&OnceKey::booking("A"), [0; 32]).await,
        Ok(Claim::Replay(answer("A")))
    );
    assert_eq!(
        store.claim(&OnceKey::booking("U"), [0; 32]).await,
        Ok(Claim::Unknown)
    );

    let s = b.open(limits(60_000, 100, 1000)).await;
    let bytes = &s.once;
    let key = OnceKey::booking("A");
    bytes.claim(&key, [0; 32]).await.unwrap();
    bytes
        .settle(&key, Settled::Answered(answer(&"x".repeat(2000))))
        .await
        .unwrap();
    assert_eq!(
        bytes.claim(&OnceKey::booking("B"), [0; 32]).await,
        Ok(Claim::Full),
        "the byte budget counts too"
    );
    assert!(matches!(
        bytes.claim(&key, [0; 32]).await,
        Ok(Claim::Replay(_))
    ));

    // Freeing a record frees its bytes (nothing booked, or an unknown one resolved).
    let s = b.open(limits(60_000, 100, 1000)).await;
    let freed = &s.once;
    freed.claim(&key, [0; 32]).await.unwrap();
    freed.settle(&key, Settled::NothingBooked).await.unwrap();
    freed.claim(&key, [0; 32]).await.unwrap();
    freed.settle(&key, unknown(&"r".repeat(500))).await.unwrap();
    freed.resolve(&key, Resolution::NotBooked).await.unwrap();
    assert_eq!(
        freed.claim(&OnceKey::booking("B"), [0; 32]).await,
        Ok(Claim::Granted)
    );
}

async fn unknown_outcomes_outlive_their_time_until_resolved(b: &impl Backend) {
    let s = b.open(limits(20, 10, usize::MAX)).await;
    let store = &s.once;
    let key = OnceKey::booking("A");
    store.claim(&key, [0; 32]).await.unwrap();
    store.settle(&key, unknown("timeout")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(40)).await;
    assert_eq!(
        store.claim(&key, [0; 32]).await,
        Ok(Claim::Unknown),
        "never sent again"
    );
    assert_eq!(store.list().await.unwrap().len(), 1, "still listed for ops");
    store.resolve(&key, Resolution::NotBooked).await.unwrap();
    assert_eq!(store.claim(&key, [0; 32]).await, Ok(Claim::Granted));
}

async fn records_expire_after_their_time(b: &impl Backend) {
    // Long enough that the replay below is seen on a loaded machine.
    let s = b.open(limits(300, 1, usize::MAX)).await;
    let store = &s.once;
    let key = OnceKey::booking("A");
    store.claim(&key, [0; 32]).await.unwrap();
    store
        .settle(&key, Settled::Answered(answer("a")))
        .await
        .unwrap();
    assert!(matches!(
        store.claim(&key, [0; 32]).await,
        Ok(Claim::Replay(_))
    ));
    assert_eq!(
        store.claim(&OnceKey::booking("B"), [0; 32]).await,
        Ok(Claim::Full),
        "counted while fresh"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    // At the cap of one: the expired answer is pruned, not counted.
    assert_eq!(
        store.claim(&OnceKey::booking("B"), [0; 32]).await,
        Ok(Claim::Granted)
    );
    store
        .settle(&OnceKey::booking("B"), Settled::NothingBooked)
        .await
        .unwrap();
    assert_eq!(
        store.claim(&key, [9; 32]).await,
        Ok(Claim::Granted),
        "gone: another request may use the id"
    );
}

async fn resolve_only_unknown(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let store = &s.once;
    let (absent, claimed, done) = (
        OnceKey::booking("absent"),
        OnceKey::booking("claimed"),
        OnceKey::booking("done"),
    );
    store.claim(&claimed, [0; 32]).await.unwrap();
    store.claim(&done, [0; 32]).await.unwrap();
    store
        .settle(&done, Settled::Answered(answer("d")))
        .await
        .unwrap();
    for key in [&absent, &claimed, &done] {
        for resolution in [Resolution::NotBooked, Resolution::Booked(answer("x"))] {
            assert_eq!(
                store.resolve(key, resolution).await,
                Err(StoreError::NotUnknown(key.storage_key()))
            );
        }
    }
    assert_eq!(store.claim(&claimed, [0; 32]).await, Ok(Claim::InFlight));
    assert_eq!(
        store.claim(&done, [0; 32]).await,
        Ok(Claim::Replay(answer("d")))
    );
}

/// Not on MemoryStore ([`Backend::settle_checks_the_claim`]).
async fn settle_changes_only_a_claim(b: &impl Backend) {
    if !b.settle_checks_the_claim() {
        eprintln!("not on this backend: its settle replaces any state");
        return;
    }
    let s = b.open(roomy()).await;
    let store = &s.once;
    let (done, lost, absent) = (
        OnceKey::booking("done"),
        OnceKey::booking("lost"),
        OnceKey::booking("absent"),
    );
    for key in [&done, &lost] {
        store.claim(key, [0; 32]).await.unwrap();
    }
    store
        .settle(&done, Settled::Answered(answer("d")))
        .await
        .unwrap();
    store.settle(&lost, unknown("timeout")).await.unwrap();
    for key in [&done, &lost, &absent] {
        store.settle(key, unknown("late")).await.unwrap();
        store.settle(key, Settled::NothingBooked).await.unwrap();
        store
            .settle(key, Settled::Answered(answer("late")))
            .await
            .unwrap();
    }
    assert_eq!(
        store.claim(&done, [0; 32]).await,
        Ok(Claim::Replay(answer("d")))
    );
    assert_eq!(store.claim(&lost, [0; 32]).await, Ok(Claim::Unknown));
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason.as_deref(), Some("timeout"));
    assert_eq!(store.claim(&absent, [0; 32]).await, Ok(Claim::Granted));
}

async fn list_is_oldest_first_with_reasons(b: &impl Backend) {
    use itt_esim_server::store::Kind::{Booking, Topup};
    let s = b.open(roomy()).await;
    let store = &s.once;
    let before = itt_esim_server::token::now();
    // Not in the order of their names, bookings and top-ups mixed.
    let keys = [
        OnceKey::topup("first"),
        OnceKey::booking("second"),
        OnceKey::topup("third"),
        OnceKey::booking("fourth"),
    ];
    for key in &keys {
        store.claim(key, [0; 32]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    store.settle(&keys[1], unknown("lost")).await.unwrap();
    store
        .settle(&keys[2], Settled::Answered(answer("t")))
        .await
        .unwrap();
    let listed = store.list().await.unwrap();
    let seen: Vec<_> = listed
        .iter()
        .map(|l| (l.kind, l.id.as_str(), l.state.as_str(), l.reason.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (Topup, "first", "in_flight", None),
            (Booking, "second", "unknown", Some("lost")),
            (Booking, "fourth", "in_flight", None)
        ]
    );
    let after = itt_esim_server::token::now();
    for l in &listed {
        assert!((before..=after).contains(&l.since), "since is Unix seconds");
    }
}

/// The lease of the claims a crash test leaves behind: a dead claimant's claim
/// is in flight this long on a leased store (long enough to be seen in flight on
/// a loaded machine, short enough for a quick test).
const CRASH_LEASE: Duration = Duration::from_millis(1000);

async fn a_dead_claimant_becomes_unknown_never_granted(b: &impl Backend) {
    let leased = StoreLimits {
        lease: CRASH_LEASE,
        ..roomy()
    };
    let s = b.open(leased).await;
    // `quiet` is never claimed again: only the listing sees it.
    let (key, quiet) = (OnceKey::booking("A"), OnceKey::topup("Q"));
    assert_eq!(s.once.claim(&quiet, [1; 32]).await, Ok(Claim::Granted));
    assert_eq!(s.once.claim(&key, [1; 32]).await, Ok(Claim::Granted));
    let Some(s) = b.after_crash(s, leased).await else {
        return;
    };
    let store = &s.once;
    if b.claims_are_leased() {
        // Until its lease runs out the claimant may be alive (slow): in flight.
        assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::InFlight));
        let listed = store.list().await.unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|l| l.state == "in_flight"), "{listed:?}");
        assert_eq!(
            store.wait(&key, [1; 32], Duration::from_secs(5)).await,
            Ok(Claim::Unknown),
            "a waiter sees the lease lapse"
        );
        // The one nobody claims turns unknown in the listing (its lease ends by
        // the other's, give or take a renewal).
        let deadline = Instant::now() + Duration::from_secs(10);
        while store
            .list()
            .await
            .unwrap()
            .iter()
            .any(|l| l.state != "unknown")
        {
            assert!(Instant::now() < deadline, "the lapse is never listed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    } else {
        // One process holds the store: whatever it left claimed died with it.
        assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
        assert_eq!(
            store.wait(&key, [1; 32], Duration::from_secs(5)).await,
            Ok(Claim::Unknown),
            "a waiter is not kept waiting"
        );
    }
    for _ in 0..2 {
        assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
    }
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Conflict));
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 2);
    for l in &listed {
        assert_eq!(l.state, "unknown");
        let reason = l.reason.as_deref().unwrap_or_default();
        assert!(reason.contains("stopped"), "{reason:?}");
    }
    // The dead process's settle never arrives; a settle now changes nothing.
    store
        .settle(&key, Settled::Answered(answer("late")))
        .await
        .unwrap();
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
    store.resolve(&key, Resolution::NotBooked).await.unwrap();
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Granted));
    assert_eq!(
        store.list().await.unwrap().len(),
        2,
        "the quiet one, and A again"
    );
}

async fn answers_survive_a_restart(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let (key, lost) = (OnceKey::booking("A"), OnceKey::topup("L"));
    s.once.claim(&key, [1; 32]).await.unwrap();
    s.once
        .settle(&key, Settled::Answered(answer("kept")))
        .await
        .unwrap();
    s.once.claim(&lost, [1; 32]).await.unwrap();
    s.once.settle(&lost, unknown("timeout")).await.unwrap();
    let Some(s) = b.after_crash(s, roomy()).await else {
        return;
    };
    assert_eq!(
        s.once.claim(&key, [1; 32]).await,
        Ok(Claim::Replay(answer("kept")))
    );
    assert_eq!(s.once.claim(&key, [2; 32]).await, Ok(Claim::Conflict));
    assert_eq!(s.once.claim(&lost, [1; 32]).await, Ok(Claim::Unknown));
    let listed = s.once.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason.as_deref(), Some("timeout"));
}

async fn offers_expire_and_survive_a_restart(b: &impl Backend) {
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

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A limiter as the server builds it on `stores` (`config/build.rs`): the store's
/// rate table where it has one, this instance's buckets otherwise.
fn limiter(stores: &Stores, per_minute: u32, burst: u32) -> RateLimiter {
    RateLimiter::new(per_minute, burst, vec![]).with_shared(stores.rates.clone())
}

/// A connection made before a timed call (a shared table answers within
/// `SHARED_WAIT` or is not used; a first connection on a loaded machine may not).
async fn connected(s: &Opened) {
    assert_eq!(s.once.ping().await, Ok(()));
}

async fn rate_budgets_per_client(b: &impl Backend) {
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

/// A booking policy on `stores`, as the server builds it (`config/build.rs`);
/// only its data-usage cache is used here.
fn policy(stores: &Stores, usage_ttl: Duration) -> Policy {
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

async fn usage_answers_are_fresh_until_their_time(b: &impl Backend) {
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

/// Instantiates every behaviour for every backend: `name => backend expression`.
macro_rules! every_store {
    ($($backend:ident => $make:expr),* $(,)?) => {
        $(
            mod $backend {
                every_store!(@tests $make;
                    claims_replays_and_conflicts,
                    topup_and_booking_with_one_id_are_two_records,
                    nothing_booked_frees_the_key_and_unknown_holds_it,
                    waiters_get_the_outcome,
                    full_refuses_new_records_and_evicts_none,
                    unknown_outcomes_outlive_their_time_until_resolved,
                    records_expire_after_their_time,
                    resolve_only_unknown,
                    settle_changes_only_a_claim,
                    list_is_oldest_first_with_reasons,
                    a_dead_claimant_becomes_unknown_never_granted,
                    answers_survive_a_restart,
                    offers_expire_and_survive_a_restart,
                    rate_budgets_per_client,
                    usage_answers_are_fresh_until_their_time,
                );
            }
        )*
    };
    (@tests $make:expr; $($test:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $test() {
                let backend = $make;
                if let Some(why) = super::Backend::skip(&backend) {
                    eprintln!("skipped: {why}");
                    return;
                }
                super::$test(&backend).await
            }
        )*
    };
}

every_store! {
    memory => super::Memory,
    embedded => super::Embedded,
    redis => super::Redis,
}

// Redis only: an outage of the shared store (the other Redis-only behaviours,
// about several instances, are in redis_store.rs).

/// While its server is down, a Redis store's rate budgets and usage cache fall
/// back to each instance's own (the same numbers, answered at once); bookings do
/// not. The probe sees the server back, and budgets are shared again.
#[tokio::test]
async fn redis_budgets_fall_back_while_the_server_is_down() {
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

// Embedded only: the state directory.

fn embedded_err(dir: &Path) -> OpenError {
    EmbeddedStore::open(dir, roomy()).expect_err("must not open")
}

#[tokio::test]
async fn embedded_a_dir_in_use_is_refused_with_the_holders_pid() {
    let dir = TestDir::new();
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(store.recovered(), 0);
    match embedded_err(&dir.0) {
        OpenError::InUse { pid } => assert_eq!(pid, Some(std::process::id())),
        other => panic!("expected InUse, got {other:?}"),
    }
    // Released on drop: the next process (here, the next open) gets it.
    drop(store);
    let again = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(again.ping().await, Ok(()));
}

#[tokio::test]
async fn embedded_recovers_and_counts_dead_claims() {
    let dir = TestDir::new();
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    for id in ["A", "B"] {
        store.claim(&OnceKey::booking(id), [0; 32]).await.unwrap();
    }
    store
        .settle(&OnceKey::booking("B"), Settled::NothingBooked)
        .await
        .unwrap();
    drop(store);
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(store.recovered(), 1);
    drop(store);
    assert_eq!(
        EmbeddedStore::open(&dir.0, roomy()).unwrap().recovered(),
        0,
        "recovered once"
    );
}

#[tokio::test]
async fn embedded_a_newer_schema_is_refused() {
    let dir = TestDir::new();
    drop(EmbeddedStore::open(&dir.0, roomy()).unwrap());
    let conn = rusqlite::Connection::open(dir.0.join("state.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = embedded_err(&dir.0);
    assert!(matches!(err, OpenError::Database(_)), "{err:?}");
    assert!(err.to_string().contains("99"), "{err}");
}

#[tokio::test]
async fn embedded_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new();
    let state = dir.0.join("nested").join("state");
    let store = EmbeddedStore::open(&state, roomy()).unwrap();
    // Answers hold booking tokens: the WAL too.
    let key = OnceKey::booking("A");
    store.claim(&key, [0; 32]).await.unwrap();
    store
        .settle(&key, Settled::Answered(answer("token")))
        .await
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    // SQLite gives its WAL and shared-memory files the database's mode.
    for file in [
        "state.sqlite3",
        "state.sqlite3-wal",
        "state.sqlite3-shm",
        "itt-esim.lock",
    ] {
        assert_eq!(mode(&state.join(file)), 0o600, "{file}");
    }
}

#[tokio::test]
async fn embedded_an_unwritable_dir_is_refused() {
    let dir = TestDir::new();
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    // A parent that is a regular file stops even root (chmod would not).
    let err = embedded_err(&file.join("state"));
    assert!(matches!(err, OpenError::NotWritable(_)), "{err:?}");
    assert!(err.to_string().starts_with("not writable: "), "{err}");
    assert!(!err.to_string().contains("--"), "the caller names the flag");
}

#[tokio::test]
async fn embedded_temporary_is_removed_on_drop() {
    let store = EmbeddedStore::temporary(roomy()).unwrap();
    let store2 = EmbeddedStore::temporary(roomy()).unwrap();
    let key = OnceKey::booking("A");
    assert_eq!(store.claim(&key, [0; 32]).await, Ok(Claim::Granted));
    assert_eq!(
        store2.claim(&key, [0; 32]).await,
        Ok(Claim::Granted),
        "own dir"
    );
    let dir = std::env::temp_dir();
    let ours = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("itt-esim-state-{}-", std::process::id()))
            })
            .count()
    };
    let held = ours();
    assert!(held >= 2);
    drop(store);
    drop(store2);
    assert!(ours() <= held - 2, "both removed");
}
