//! The exactly-once record of bookings and top-ups, behind one interface.
//!
//! A create-booking (or create-topup-booking) is sent to ITT at most once per
//! tracking id. The record says where each one stands: claimed and in flight,
//! answered (the very same request gets the same answer back), or sent with its
//! outcome lost (never sent again; the hotel's ops resolve it).
//!
//! The interface is asynchronous and speaks in whole operations (claim, wait for
//! an outcome, settle, list, resolve) so a persistent embedded store or Redis can
//! stand behind it with the same meaning; [`MemoryStore`] is the in-process test
//! double (the server never runs on it).
//!
//! Beside the record, a shared store can hold the per-client rate budgets
//! ([`RateStore`]), the data-usage cache ([`UsageCache`]) and the top-up offers
//! ([`OfferStore`]), so several proxy instances behave as one.

mod embedded;
mod health;
mod measured;
mod memory;
mod redis;
mod redis_scripts;

pub use embedded::{EmbeddedStore, OpenError};
pub use health::{spawn_probe, Check, Guarded, Shared, StoreHealth, PROBE_EVERY, SHARED_WAIT};
pub use measured::{Measured, StoreObserver};
pub use memory::MemoryStore;
pub use redis::{RedisOptions, RedisStore};

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// How long a record is kept (a traveller's retry two days later still replays).
pub const ONCE_TTL: Duration = Duration::from_secs(48 * 3600);
/// Most records at once: when reached, new bookings are refused, never an old record evicted.
pub const ONCE_CAP: usize = 50_000;
/// Most bytes of recorded answers at once (same rule as [`ONCE_CAP`]).
pub const ONCE_BYTES: usize = 256 * 1024 * 1024;

/// How long a claim stays live without being renewed (the claiming instance renews
/// it while ITT's call runs; a claim whose lease ran out without an outcome is
/// "unknown", never sent again).
pub const ONCE_LEASE: Duration = Duration::from_secs(15);

/// The limits every store implementation takes (the shared test suite shrinks them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreLimits {
    /// How long an answered record is kept ([`ONCE_TTL`]).
    pub ttl: Duration,
    /// Most records at once ([`ONCE_CAP`]).
    pub max_entries: usize,
    /// Most bytes of records at once ([`ONCE_BYTES`]), counted as [`record_bytes`].
    pub max_bytes: usize,
    /// How long a claim lives without renewal ([`ONCE_LEASE`]); renewed every third of it.
    pub lease: Duration,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            ttl: ONCE_TTL,
            max_entries: ONCE_CAP,
            max_bytes: ONCE_BYTES,
            lease: ONCE_LEASE,
        }
    }
}

/// Bytes a record counts for the byte cap: its id twice (key and field), the
/// recorded body or reason, and a fixed overhead; the same in every store.
pub fn record_bytes(id: &str, body_or_reason: &str) -> usize {
    160 + 2 * (id.len() + 8) + body_or_reason.len()
}

/// SHA-256 of the request a record was made for.
pub type Fingerprint = [u8; 32];

/// A future of a store operation.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Which kind of purchase a record is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// create-booking, keyed on `booking_tracking_id`.
    Booking,
    /// create-topup-booking, keyed on `topup_tracking_id`.
    Topup,
}

/// The key of a record: its kind and ITT tracking id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OnceKey {
    /// Booking or top-up.
    pub kind: Kind,
    /// The tracking id ITT books it under.
    pub id: String,
}

impl OnceKey {
    /// A create-booking's key.
    pub fn booking(id: impl Into<String>) -> Self {
        OnceKey {
            kind: Kind::Booking,
            id: id.into(),
        }
    }

    /// A create-topup-booking's key.
    pub fn topup(id: impl Into<String>) -> Self {
        OnceKey {
            kind: Kind::Topup,
            id: id.into(),
        }
    }

    /// `booking:<id>` / `topup:<id>`: one namespace for both kinds.
    pub fn storage_key(&self) -> String {
        match self.kind {
            Kind::Booking => format!("booking:{}", self.id),
            Kind::Topup => format!("topup:{}", self.id),
        }
    }
}

/// What a claim found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is the caller's now: send it upstream, then [`OnceStore::settle`].
    Granted,
    /// Answered before for the very same request: send this back.
    Replay(Recorded),
    /// The same request is in flight: [`OnceStore::wait`] for it.
    InFlight,
    /// The key was used by a different request.
    Conflict,
    /// Sent before and its outcome is unknown: never sent again.
    Unknown,
    /// The record is full: nothing may be sent (no live record is evicted).
    Full,
}

/// An answer as it was sent to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// HTTP status.
    pub status: u16,
    /// Body (with its booking token).
    pub body: String,
}

/// How a claimed request ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    /// ITT answered: replayed to the same request from now on.
    Answered(Recorded),
    /// ITT refused it or it never left: the key is free again.
    NothingBooked,
    /// Sent, and ITT's answer was lost or unreadable: never sent again.
    Unknown {
        /// Why, for the ops listing (no personal data).
        reason: String,
    },
}

/// How the hotel's ops resolve an unknown record, after checking with ITT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// ITT has it: the traveller's retry gets this answer.
    Booked(Recorded),
    /// ITT does not have it: the traveller's retry books.
    NotBooked,
}

/// One record in the ops listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// Booking or top-up.
    pub kind: Kind,
    /// The tracking id (the reference the traveller quotes).
    pub id: String,
    /// `in_flight` or `unknown`.
    pub state: String,
    /// When it was claimed, Unix seconds.
    pub since: u64,
    /// Why the outcome is unknown.
    pub reason: Option<String>,
}

/// Why a store operation could not be done.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No such record, or not in a state the operation applies to.
    #[error("no unknown record {0}")]
    NotUnknown(String),
    /// The store itself failed or could not be reached (nothing was recorded).
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// The exactly-once record.
pub trait OnceStore: Send + Sync + 'static {
    /// Claims `key` for a request with `fingerprint`, or says why it must not be sent.
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>>;

    /// Waits, at most `timeout`, until `key` is no longer in flight, then claims as
    /// [`OnceStore::claim`] would (still [`Claim::InFlight`] after the timeout).
    fn wait<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
        timeout: Duration,
    ) -> StoreFuture<'a, Result<Claim, StoreError>>;

    /// Records how a claimed request ended, waking its waiters.
    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>>;

    /// Records in flight or unknown, oldest first (the ops listing).
    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>>;

    /// Resolves an unknown record.
    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>>;

    /// Whether the store answers now (the health probe; cheap, no record touched).
    fn ping(&self) -> StoreFuture<'_, Result<(), StoreError>> {
        Box::pin(async { Ok(()) })
    }
}

/// A per-client request budget: `per_minute` requests a minute, `burst` at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Requests per minute (never 0 here: 0 means "no limit" and skips the store).
    pub per_minute: u32,
    /// Requests allowed at once (at least 1).
    pub burst: u32,
}

/// Rate budgets shared by every instance (one budget per client, not per instance).
pub trait RateStore: Send + Sync + 'static {
    /// Takes one request from `client`'s budget: `Ok(Ok(()))` admitted,
    /// `Ok(Err(seconds))` refused until then (at least 1).
    fn take<'a>(
        &'a self,
        client: &'a str,
        rule: Rule,
    ) -> StoreFuture<'a, Result<Result<(), u64>, StoreError>>;
}

/// Data-usage answers shared by every instance, each for its time.
pub trait UsageCache: Send + Sync + 'static {
    /// The answer cached for `iccid`, while fresh.
    fn get<'a>(&'a self, iccid: &'a str) -> StoreFuture<'a, Result<Option<Recorded>, StoreError>>;

    /// Caches `answer` for `iccid` during `ttl`.
    fn put<'a>(
        &'a self,
        iccid: &'a str,
        answer: &'a Recorded,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>>;
}

/// A top-up offer list forwarded for one eSIM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The eSIM the offers were asked for (checked against the caller's token).
    pub iccid: String,
    /// The package ids offered.
    pub package_ids: Vec<String>,
}

/// Top-up offers by `topup_tracking_id`, shared by every instance (and kept
/// across restarts by the embedded store).
pub trait OfferStore: Send + Sync + 'static {
    /// Remembers `offer` under `topup_tracking_id` during `ttl`.
    fn remember<'a>(
        &'a self,
        topup_tracking_id: &'a str,
        offer: &'a Offer,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>>;

    /// The offer under `topup_tracking_id`, while fresh.
    fn offer<'a>(
        &'a self,
        topup_tracking_id: &'a str,
    ) -> StoreFuture<'a, Result<Option<Offer>, StoreError>>;
}

/// What a backend holds: the booking record, and the tables that are shared
/// between instances (`None`: each instance keeps its own).
pub struct Stores {
    /// The exactly-once record.
    pub once: Arc<dyn OnceStore>,
    /// Per-client rate budgets.
    pub rates: Option<Shared<dyn RateStore>>,
    /// Data-usage answers.
    pub usage: Option<Shared<dyn UsageCache>>,
    /// Top-up offers.
    pub offers: Option<Shared<dyn OfferStore>>,
    /// The store's health (`GET /healthz`).
    pub health: Arc<StoreHealth>,
}

impl Stores {
    /// The in-memory record and per-instance tables: for tests, and for commands
    /// that never book (a configuration check, `register-webhook`).
    pub fn memory() -> Self {
        Stores {
            once: Arc::new(MemoryStore::default()),
            rates: None,
            usage: None,
            offers: None,
            health: StoreHealth::new("memory"),
        }
    }

    /// The embedded store in a fresh temporary folder, removed with it: a
    /// sandbox's default (its simulator forgets on restart anyway), and tests'.
    pub fn temporary() -> Result<Stores, OpenError> {
        Ok(Stores::embedded(EmbeddedStore::temporary(
            StoreLimits::default(),
        )?))
    }

    /// Every table in one shared store (Redis): the record guarded by the
    /// store's health, the other tables shared with it.
    pub fn all_shared<S>(store: Arc<S>, health: Arc<StoreHealth>) -> Stores
    where
        S: OnceStore + RateStore + UsageCache + OfferStore + 'static,
    {
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

    /// The embedded store: the booking record and top-up offers on disk, rate
    /// budgets and the data-usage cache in this (the only) process. Probed for
    /// `/healthz` when opened in a Tokio runtime.
    pub fn embedded(store: EmbeddedStore) -> Stores {
        let store = Arc::new(store);
        let health = StoreHealth::new("embedded");
        spawn_probe(health.clone(), Arc::downgrade(&store), |store| {
            Box::pin(async move { store.ping().await.map(|()| None) })
        });
        Stores {
            once: store.clone(),
            rates: None,
            usage: None,
            offers: Some(Shared {
                store,
                health: health.clone(),
            }),
            health,
        }
    }
}
