//! The stores under test: what a backend is ([`Backend`]), the three backends
//! (memory, embedded, Redis) and the helpers every behaviour uses.

use crate::redis_server::{unique_prefix, RedisServer};
use itt_esim_server::store::{
    spawn_probe, EmbeddedStore, MemoryStore, OnceStore, OpenError, Recorded, RedisOptions,
    RedisStore, Settled, StoreHealth, StoreLimits, Stores,
};
use std::any::Any;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A store under test as the server holds it ([`Stores`], also reached through
/// `Deref`), with what keeps its data alive.
pub(crate) struct Opened {
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
pub(crate) trait Backend: Sync {
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

pub(crate) struct Memory;

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
pub(crate) struct TestDir(pub(crate) PathBuf);

impl TestDir {
    pub(crate) fn new() -> Self {
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

pub(crate) struct Embedded;

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
pub(crate) struct Prefix(pub(crate) String);

/// Redis on the binary's shared `redis-server`, a fresh prefix per store.
pub(crate) struct Redis;

impl Redis {
    /// A store on `url` under `prefix`, as the server opens it.
    pub(crate) fn stores(url: &str, prefix: Arc<Prefix>, limits: StoreLimits) -> Opened {
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
/// `assemble/stores.rs`, private): every table shared, one health, probed every
/// second (answers, and keeps no records it could evict).
pub(crate) fn redis_stores(store: Arc<RedisStore>) -> Stores {
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
    Stores::all_shared(store, health)
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

pub(crate) fn limits(ttl_ms: u64, max_entries: usize, max_bytes: usize) -> StoreLimits {
    StoreLimits {
        ttl: Duration::from_millis(ttl_ms),
        max_entries,
        max_bytes,
        ..StoreLimits::default()
    }
}

pub(crate) fn roomy() -> StoreLimits {
    limits(60_000, 100, usize::MAX)
}

pub(crate) fn answer(body: &str) -> Recorded {
    Recorded {
        status: 200,
        body: body.into(),
    }
}

pub(crate) fn unknown(reason: &str) -> Settled {
    Settled::Unknown {
        reason: reason.into(),
    }
}

/// A connection made before a timed call (a shared table answers within
/// `SHARED_WAIT` or is not used; a first connection on a loaded machine may not).
pub(crate) async fn connected(s: &Opened) {
    assert_eq!(s.once.ping().await, Ok(()));
}
