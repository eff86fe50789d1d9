//! Whether the state store answers, what falls back while it does not, and what
//! `GET /healthz` says about it.
//!
//! Bookings never fall back: without their record they are refused (503
//! `store_unavailable`). Rate budgets, the data-usage cache and top-up offers
//! fall back to this instance's own tables while the store is down, so searches
//! and the post-booking card keep working through an outage. A background probe
//! notices the store coming back; nothing needs a restart.

use super::{Claim, Fingerprint, OnceKey, OnceStore, StoreError, StoreFuture};
use super::{Listed, Resolution, Settled};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

/// How long a request waits for the shared store before using this instance's
/// own table (a rate check or a cache read must not hold a search up).
pub const SHARED_WAIT: Duration = Duration::from_millis(250);

/// How often the probe asks the store whether it answers.
pub const PROBE_EVERY: Duration = Duration::from_secs(1);

/// The state store's health, shared by everything that uses it.
#[derive(Debug)]
pub struct StoreHealth {
    backend: &'static str,
    up: AtomicBool,
    /// Unix seconds of the last change between up and down.
    since: AtomicU64,
    /// Why the store answers but must not hold booking records (e.g. it evicts keys).
    misconfigured: Mutex<Option<String>>,
}

impl StoreHealth {
    /// A store named `backend` (`embedded`, `redis`, `memory`), assumed up.
    pub fn new(backend: &'static str) -> Arc<Self> {
        Arc::new(StoreHealth {
            backend,
            up: AtomicBool::new(true),
            since: AtomicU64::new(crate::token::now()),
            misconfigured: Mutex::new(None),
        })
    }

    /// The backend's name.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Whether the store answered last time it was asked.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    /// Why booking records must not be kept in this store, if they must not.
    pub fn misconfigured(&self) -> Option<String> {
        self.misconfigured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A call to the store failed: from now on (until the probe sees it again)
    /// this instance uses its own tables. Logged once per outage.
    pub fn down(&self, error: &StoreError) {
        if self.up.swap(false, Ordering::Relaxed) {
            self.since.store(crate::token::now(), Ordering::Relaxed);
            tracing::warn!(
                backend = self.backend,
                %error,
                "state store unavailable: bookings and top-ups are refused (503 store_unavailable), \
                 rate limits use this instance's own budget and data-usage answers are cached \
                 per instance until it is back"
            );
        }
    }

    /// The store answers again.
    pub fn up(&self) {
        if !self.up.swap(true, Ordering::Relaxed) {
            self.since.store(crate::token::now(), Ordering::Relaxed);
            tracing::info!(backend = self.backend, "state store available again");
        }
    }

    fn set_misconfigured(&self, reason: Option<String>) {
        let mut current = self.misconfigured.lock().unwrap_or_else(|e| e.into_inner());
        if *current != reason {
            match &reason {
                Some(reason) => tracing::error!(
                    backend = self.backend,
                    reason,
                    "state store misconfigured: bookings are refused until it is fixed"
                ),
                None if current.is_some() => {
                    tracing::info!(backend = self.backend, "state store configuration fixed")
                }
                None => {}
            }
            *current = reason;
        }
    }

    /// The `store` part of `GET /healthz` and the overall status: no addresses,
    /// paths or error texts (the endpoint is public).
    pub fn report(&self) -> Value {
        let since = self.since.load(Ordering::Relaxed);
        let (overall, store) = match (self.is_up(), self.misconfigured()) {
            (false, _) => (
                "degraded",
                json!({"backend": self.backend, "status": "unavailable", "since": since}),
            ),
            (true, Some(reason)) => (
                "degraded",
                json!({"backend": self.backend, "status": "misconfigured", "reason": reason}),
            ),
            (true, None) => ("ok", json!({"backend": self.backend, "status": "ok"})),
        };
        json!({"status": overall, "store": store})
    }
}

/// A shared table and the health of the store it lives in.
pub struct Shared<T: ?Sized> {
    /// The table in the store.
    pub store: Arc<T>,
    /// The store's health.
    pub health: Arc<StoreHealth>,
}

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            store: self.store.clone(),
            health: self.health.clone(),
        }
    }
}

impl<T: ?Sized> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("backend", &self.health.backend)
            .finish()
    }
}

impl<T: ?Sized> Shared<T> {
    /// `call`'s answer, or `None` when the store is down, fails or is slower than
    /// [`SHARED_WAIT`] (the caller then uses its own table). Not even tried while down.
    pub async fn attempt<'a, R>(
        &'a self,
        call: impl FnOnce(&'a T) -> StoreFuture<'a, Result<R, StoreError>>,
    ) -> Option<R> {
        if !self.health.is_up() {
            return None;
        }
        match tokio::time::timeout(SHARED_WAIT, call(&self.store)).await {
            Ok(Ok(answer)) => Some(answer),
            Ok(Err(error)) => {
                self.health.down(&error);
                None
            }
            Err(_) => {
                self.health
                    .down(&StoreError::Unavailable("no answer in time".into()));
                None
            }
        }
    }
}

/// What the probe asks a store: `Ok(None)` healthy, `Ok(Some(reason))` answering
/// but unfit for booking records, `Err` not answering.
pub type Check<T> = fn(Arc<T>) -> StoreFuture<'static, Result<Option<String>, StoreError>>;

/// Asks `check` every [`PROBE_EVERY`] and records the answer in `health`, for as
/// long as the store has an owner (the probe holds it only while asking). Outside
/// a Tokio runtime (a configuration checked by a plain test) there is nothing to
/// serve and no probe.
pub fn spawn_probe<T: ?Sized + Send + Sync + 'static>(
    health: Arc<StoreHealth>,
    store: Weak<T>,
    check: Check<T>,
) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        loop {
            let Some(store) = store.upgrade() else {
                return;
            };
            match tokio::time::timeout(PROBE_EVERY, check(store)).await {
                Ok(Ok(reason)) => {
                    health.set_misconfigured(reason);
                    health.up();
                }
                Ok(Err(error)) => health.down(&error),
                Err(_) => health.down(&StoreError::Unavailable("no answer to the probe".into())),
            }
            tokio::time::sleep(PROBE_EVERY).await;
        }
    });
}

/// The booking record, refusing new claims while its store is known to be unfit
/// (it would evict records, and an evicted record would let a retry book twice).
pub struct Guarded {
    /// The record.
    pub inner: Arc<dyn OnceStore>,
    /// Its store's health.
    pub health: Arc<StoreHealth>,
}

impl OnceStore for Guarded {
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        if let Some(reason) = self.health.misconfigured() {
            return Box::pin(async move { Err(StoreError::Unavailable(reason)) });
        }
        self.inner.claim(key, fingerprint)
    }

    fn wait<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
        timeout: Duration,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        self.inner.wait(key, fingerprint, timeout)
    }

    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.inner.settle(key, settled)
    }

    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>> {
        self.inner.list()
    }

    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.inner.resolve(key, resolution)
    }

    fn ping(&self) -> StoreFuture<'_, Result<(), StoreError>> {
        self.inner.ping()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_call_falls_back_until_the_store_is_seen_again() {
        let health = StoreHealth::new("redis");
        let shared = Shared {
            store: Arc::new(()),
            health: health.clone(),
        };
        let ok = shared.attempt(|_| Box::pin(async { Ok(1) })).await;
        assert_eq!(ok, Some(1));
        let failed: Option<u8> = shared
            .attempt(|_| Box::pin(async { Err(StoreError::Unavailable("down".into())) }))
            .await;
        assert_eq!(failed, None);
        assert_eq!(health.report()["store"]["status"], "unavailable");
        assert_eq!(health.report()["status"], "degraded");
        // While down, the store is not even asked.
        let skipped: Option<u8> = shared
            .attempt(|_| Box::pin(async { panic!("asked while down") }))
            .await;
        assert_eq!(skipped, None);
        health.up();
        assert_eq!(health.report()["status"], "ok");
        assert_eq!(health.report()["store"]["backend"], "redis");
    }

    #[tokio::test]
    async fn a_misconfigured_store_refuses_claims_only() {
        let health = StoreHealth::new("redis");
        health.set_misconfigured(Some(
            "maxmemory-policy allkeys-lru may evict records".into(),
        ));
        let guarded = Guarded {
            inner: Arc::new(super::super::MemoryStore::default()),
            health: health.clone(),
        };
        let key = OnceKey::booking("T1");
        assert!(matches!(
            guarded.claim(&key, [0; 32]).await,
            Err(StoreError::Unavailable(_))
        ));
        assert_eq!(guarded.list().await.unwrap(), vec![]);
        assert_eq!(health.report()["store"]["status"], "misconfigured");
        health.set_misconfigured(None);
        assert_eq!(guarded.claim(&key, [0; 32]).await, Ok(Claim::Granted));
    }
}
