//! A store seen by an observer (the metrics): every call timed and its failures
//! counted, the store itself unchanged. [`Stores::measured`] wraps a backend in it
//! when metrics are on.

use super::{
    Claim, Fingerprint, Listed, Offer, OfferStore, OnceKey, OnceStore, RateStore, Recorded,
    Resolution, Rule, Settled, Shared, StoreError, StoreFuture, Stores, UsageCache,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What is told of each store call.
pub trait StoreObserver: Send + Sync + 'static {
    /// A call named `operation` to the `backend` store took `took`; `failed` when
    /// the store could not do it.
    fn observe(&self, backend: &'static str, operation: &'static str, took: Duration, failed: bool);
}

/// `inner`, with each call's time and failures told under its backend's name.
pub struct Measured<S: ?Sized> {
    inner: Arc<S>,
    backend: &'static str,
    observer: Arc<dyn StoreObserver>,
}

impl<S: ?Sized> Measured<S> {
    /// Times `call` as `operation`. A failure is counted when the store could not
    /// do the call (a record in the wrong state for it is an answer, not a failure).
    fn time<'a, T: Send + 'a>(
        &'a self,
        operation: &'static str,
        call: StoreFuture<'a, Result<T, StoreError>>,
    ) -> StoreFuture<'a, Result<T, StoreError>> {
        let (observer, backend) = (&self.observer, self.backend);
        Box::pin(async move {
            let started = Instant::now();
            let result = call.await;
            let failed = matches!(result, Err(StoreError::Unavailable(_)));
            observer.observe(backend, operation, started.elapsed(), failed);
            result
        })
    }
}

impl<S: OnceStore + ?Sized> OnceStore for Measured<S> {
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        self.time("claim", self.inner.claim(key, fingerprint))
    }

    fn wait<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
        timeout: Duration,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        self.time("wait", self.inner.wait(key, fingerprint, timeout))
    }

    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.time("settle", self.inner.settle(key, settled))
    }

    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>> {
        self.time("list", self.inner.list())
    }

    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.time("resolve", self.inner.resolve(key, resolution))
    }

    fn ping(&self) -> StoreFuture<'_, Result<(), StoreError>> {
        self.time("ping", self.inner.ping())
    }
}

impl<S: RateStore + ?Sized> RateStore for Measured<S> {
    fn take<'a>(
        &'a self,
        client: &'a str,
        rule: Rule,
    ) -> StoreFuture<'a, Result<Result<(), u64>, StoreError>> {
        self.time("rate_take", self.inner.take(client, rule))
    }
}

impl<S: UsageCache + ?Sized> UsageCache for Measured<S> {
    fn get<'a>(&'a self, iccid: &'a str) -> StoreFuture<'a, Result<Option<Recorded>, StoreError>> {
        self.time("usage_get", self.inner.get(iccid))
    }

    fn put<'a>(
        &'a self,
        iccid: &'a str,
        answer: &'a Recorded,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.time("usage_put", self.inner.put(iccid, answer, ttl))
    }
}

impl<S: OfferStore + ?Sized> OfferStore for Measured<S> {
    fn remember<'a>(
        &'a self,
        topup_tracking_id: &'a str,
        offer: &'a Offer,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.time(
            "offer_put",
            self.inner.remember(topup_tracking_id, offer, ttl),
        )
    }

    fn offer<'a>(
        &'a self,
        topup_tracking_id: &'a str,
    ) -> StoreFuture<'a, Result<Option<Offer>, StoreError>> {
        self.time("offer_get", self.inner.offer(topup_tracking_id))
    }
}

fn measure<T: ?Sized>(
    inner: Arc<T>,
    backend: &'static str,
    observer: &Arc<dyn StoreObserver>,
) -> Measured<T> {
    Measured {
        inner,
        backend,
        observer: observer.clone(),
    }
}

impl Stores {
    /// The same stores, every call timed and its failures told to `observer`. The
    /// health and its probe stay as they are.
    pub fn measured(self, observer: Arc<dyn StoreObserver>) -> Stores {
        let backend = self.health.backend();
        Stores {
            once: Arc::new(measure(self.once, backend, &observer)),
            rates: self.rates.map(|t| Shared {
                store: Arc::new(measure(t.store, backend, &observer)) as Arc<dyn RateStore>,
                health: t.health,
            }),
            usage: self.usage.map(|t| Shared {
                store: Arc::new(measure(t.store, backend, &observer)) as Arc<dyn UsageCache>,
                health: t.health,
            }),
            offers: self.offers.map(|t| Shared {
                store: Arc::new(measure(t.store, backend, &observer)) as Arc<dyn OfferStore>,
                health: t.health,
            }),
            health: self.health,
        }
    }
}
