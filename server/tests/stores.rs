//! One suite, every store: each behaviour of the exactly-once record (and the
//! offers) is written once as a generic async fn over [`Backend`], then run on
//! every store by [`every_store!`]; test names read `embedded::claims_replays_and_conflicts`.
//!
//! Adding a backend (e.g. Redis):
//! 1. a struct implementing [`Backend`]: `open` a fresh, empty store with its own
//!    data (own dir, own key prefix); `after_crash` the same data after the process
//!    died without settling, or `None`; `skip` says why not to run (no server);
//! 2. one line in the `every_store!` invocation at the bottom, `name => expression
//!    building the backend` (evaluated in the generated module), e.g.
//!    `redis => super::RedisBackend::new(),`.
//!
//! Behaviours a backend does not share (or that need its internals) are plain
//! tests below the invocation, prefixed with the backend's name.
//!
//! Limits and times are short so the suite is fast.

use itt_esim_server::store::{
    Claim, EmbeddedStore, MemoryStore, Offer, OfferStore, OnceKey, OnceStore, OpenError, Recorded,
    Resolution, Settled, StoreLimits,
};
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A store under test, with what keeps its data alive.
struct Stores {
    once: Arc<dyn OnceStore>,
    /// `None` where the backend keeps offers elsewhere (offer tests are skipped).
    offers: Option<Arc<dyn OfferStore>>,
    /// Owned by the test, not the store: outlives a simulated crash (a dir, a prefix).
    place: Arc<dyn Any + Send + Sync>,
}

/// A factory of one kind of store. Used generically only, so `async fn` is fine.
trait Backend: Sync {
    /// A fresh, empty store with these limits.
    async fn open(&self, limits: StoreLimits) -> Stores;
    /// The same data as `old` after `old`'s process died without settling;
    /// `None` when nothing survives a restart (memory).
    async fn after_crash(&self, old: Stores, limits: StoreLimits) -> Option<Stores>;
    /// Why this backend's tests do not run here (e.g. no server), if so.
    fn skip(&self) -> Option<String> {
        None
    }
}

struct Memory;

impl Backend for Memory {
    async fn open(&self, limits: StoreLimits) -> Stores {
        Stores {
            once: Arc::new(MemoryStore::new(
                limits.ttl,
                limits.max_entries,
                limits.max_bytes,
            )),
            offers: None,
            place: Arc::new(()),
        }
    }

    async fn after_crash(&self, _old: Stores, _limits: StoreLimits) -> Option<Stores> {
        None
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
    fn stores(dir: Arc<TestDir>, limits: StoreLimits) -> Stores {
        let store = Arc::new(EmbeddedStore::open(&dir.0, limits).expect("open"));
        Stores {
            once: store.clone(),
            offers: Some(store),
            place: dir,
        }
    }
}

impl Backend for Embedded {
    async fn open(&self, limits: StoreLimits) -> Stores {
        Self::stores(Arc::new(TestDir::new()), limits)
    }

    async fn after_crash(&self, old: Stores, limits: StoreLimits) -> Option<Stores> {
        let dir = old.place.clone().downcast::<TestDir>().ok()?;
        // Dropping the store closes the db and releases the lock, as the kernel does
        // for a killed process; nothing is settled.
        drop(old);
        Some(Self::stores(dir, limits))
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
    assert_eq!(
        store.wait(&other, [1; 32], Duration::from_millis(30)).await,
        Ok(Claim::InFlight),
        "still in flight after the timeout"
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
    let s = b.open(limits(150, 1, usize::MAX)).await;
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
    tokio::time::sleep(Duration::from_millis(200)).await;
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
                Err(itt_esim_server::store::StoreError::NotUnknown(
                    key.storage_key()
                ))
            );
        }
    }
    assert_eq!(store.claim(&claimed, [0; 32]).await, Ok(Claim::InFlight));
    assert_eq!(
        store.claim(&done, [0; 32]).await,
        Ok(Claim::Replay(answer("d")))
    );
}

/// Not on MemoryStore, whose settle replaces any state (the proxy settles only
/// what it was granted, so the difference never shows there).
async fn settle_changes_only_a_claim(b: &impl Backend) {
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
    let s = b.open(roomy()).await;
    let store = &s.once;
    let before = itt_esim_server::token::now();
    let ids = ["first", "second", "third", "fourth"];
    for id in ids {
        store.claim(&OnceKey::topup(id), [0; 32]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    store
        .settle(&OnceKey::topup("second"), unknown("lost"))
        .await
        .unwrap();
    store
        .settle(&OnceKey::topup("third"), Settled::Answered(answer("t")))
        .await
        .unwrap();
    let listed = store.list().await.unwrap();
    let seen: Vec<_> = listed
        .iter()
        .map(|l| (l.id.as_str(), l.state.as_str(), l.reason.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("first", "in_flight", None),
            ("second", "unknown", Some("lost")),
            ("fourth", "in_flight", None)
        ]
    );
    let after = itt_esim_server::token::now();
    for l in &listed {
        assert_eq!(l.kind, itt_esim_server::store::Kind::Topup);
        assert!((before..=after).contains(&l.since), "since is Unix seconds");
    }
}

async fn a_dead_claimant_becomes_unknown_never_granted(b: &impl Backend) {
    let s = b.open(roomy()).await;
    let key = OnceKey::booking("A");
    assert_eq!(s.once.claim(&key, [1; 32]).await, Ok(Claim::Granted));
    let Some(s) = b.after_crash(s, roomy()).await else {
        return;
    };
    let store = &s.once;
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
    assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Conflict));
    assert_eq!(
        store.wait(&key, [1; 32], Duration::from_secs(5)).await,
        Ok(Claim::Unknown),
        "a waiter is not kept waiting"
    );
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, "unknown");
    assert!(listed[0].reason.is_some());
    // The dead process's settle never arrives; a settle now changes nothing.
    store
        .settle(&key, Settled::Answered(answer("late")))
        .await
        .unwrap();
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Unknown));
    store.resolve(&key, Resolution::NotBooked).await.unwrap();
    assert_eq!(store.claim(&key, [1; 32]).await, Ok(Claim::Granted));
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
    let Some(offers) = s.offers.clone() else {
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
        .remember("T2", &offer("8945", &[]), Duration::from_millis(150))
        .await
        .unwrap();
    assert_eq!(offers.offer("T2").await, Ok(Some(offer("8945", &[]))));
    tokio::time::sleep(Duration::from_millis(200)).await;
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
    let offers = s.offers.clone().expect("offers after restart");
    assert_eq!(
        offers.offer("T1").await,
        Ok(Some(offer("8944", &["p1", "p2"])))
    );
    assert_eq!(offers.offer("T2").await, Ok(None));
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
                    list_is_oldest_first_with_reasons,
                    a_dead_claimant_becomes_unknown_never_granted,
                    answers_survive_a_restart,
                    offers_expire_and_survive_a_restart,
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
}

// Embedded only: behaviours MemoryStore does not share, and the state directory.

#[tokio::test]
async fn embedded_settle_changes_only_a_claim() {
    settle_changes_only_a_claim(&Embedded).await
}

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
