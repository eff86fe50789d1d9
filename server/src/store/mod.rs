//! The exactly-once record of bookings and top-ups, behind one interface.
//!
//! A create-booking (or create-topup-booking) is sent to ITT at most once per
//! tracking id. The record says where each one stands: claimed and in flight,
//! answered (the very same request gets the same answer back), or sent with its
//! outcome lost (never sent again; the hotel's ops resolve it).
//!
//! The interface is asynchronous and speaks in whole operations (claim, wait for
//! an outcome, settle, list, resolve) so a persistent embedded store or Redis can
//! stand behind it with the same meaning; [`MemoryStore`] is the in-process one.

mod memory;

pub use memory::MemoryStore;

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How long a record is kept (a traveller's retry two days later still replays).
pub const ONCE_TTL: Duration = Duration::from_secs(48 * 3600);
/// Most records at once: when reached, new bookings are refused, never an old record evicted.
pub const ONCE_CAP: usize = 50_000;
/// Most bytes of recorded answers at once (same rule as [`ONCE_CAP`]).
pub const ONCE_BYTES: usize = 256 * 1024 * 1024;

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
    /// The store itself failed (a later persistent backend).
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
}
