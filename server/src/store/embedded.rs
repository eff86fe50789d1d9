//! The exactly-once record in an SQLite file: kept across restarts, one process
//! per state directory.
//!
//! An exclusive lock on `<dir>/itt-esim.lock` is the claim's lease: the kernel
//! drops it exactly when the process dies, so every row still `claimed` when the
//! next process opens the directory belonged to a dead process and becomes
//! `unknown` (never sent again). One connection sits behind a mutex and every
//! operation runs on the blocking pool; a claim or settle is one transaction.

mod open;

pub use open::OpenError;

use super::{
    record_bytes, Claim, Fingerprint, Kind, Listed, Offer, OfferStore, OnceKey, OnceStore,
    Recorded, Resolution, Settled, StoreError, StoreFuture, StoreLimits,
};
use open::TempDir;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::fs::File;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;

/// A waiter looks again this often even without a wake-up (safety net).
const POLL: Duration = Duration::from_millis(250);

/// Expired answers are pruned at most this often while under the caps (at the
/// caps, every refused claim prunes first).
const PRUNE_EVERY_MS: i64 = 60_000;

/// The SQLite [`OnceStore`] (and [`OfferStore`]).
pub struct EmbeddedStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for EmbeddedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedStore")
            .field("owner", &self.inner.owner)
            .field("recovered", &self.inner.recovered)
            .finish_non_exhaustive()
    }
}

// Fields drop in order: the connection closes before the lock is released, and
// the lock before a temporary directory is removed.
struct Inner {
    db: Mutex<Db>,
    settled: Notify,
    limits: StoreLimits,
    /// This process's id on the rows it claims.
    owner: String,
    recovered: usize,
    _lock: File,
    _temp: Option<TempDir>,
}

struct Db {
    conn: Connection,
    /// Rows and their bytes, including expired rows not yet pruned (so a count at
    /// the cap is recounted after a prune before refusing).
    entries: usize,
    bytes: usize,
    last_prune: i64,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn unavailable(e: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Booking => "booking",
        Kind::Topup => "topup",
    }
}

fn count(conn: &Connection) -> rusqlite::Result<(usize, usize)> {
    conn.query_row(
        "SELECT count(*), coalesce(sum(bytes), 0) FROM once",
        [],
        |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
    )
}

impl Db {
    fn full(&self, limits: &StoreLimits) -> bool {
        self.entries >= limits.max_entries || self.bytes >= limits.max_bytes
    }

    fn prune(&mut self, now: i64) -> rusqlite::Result<()> {
        let removed = self
            .conn
            .prepare_cached("DELETE FROM once WHERE expires <= ?1")?
            .execute(params![now])?;
        if removed > 0 {
            (self.entries, self.bytes) = count(&self.conn)?;
        }
        self.last_prune = now;
        Ok(())
    }

    fn claim(
        &mut self,
        inner: &Inner,
        key: &OnceKey,
        storage_key: &str,
        fingerprint: Fingerprint,
    ) -> rusqlite::Result<Claim> {
        let now = now_ms();
        let found = self
            .conn
            .prepare_cached(
                "SELECT fingerprint, state, status, body FROM once
                 WHERE key = ?1 AND (expires IS NULL OR expires > ?2)",
            )?
            .query_row(params![storage_key, now], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u16>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .optional()?;
        // Found: decided without a write (no fsync on a replay or conflict).
        if let Some((found_fingerprint, state, status, body)) = found {
            return Ok(match state.as_str() {
                _ if found_fingerprint[..] != fingerprint[..] => Claim::Conflict,
                "claimed" => Claim::InFlight,
                "done" => Claim::Replay(Recorded {
                    status: status.unwrap_or(502),
                    body: body.unwrap_or_default(),
                }),
                _ => Claim::Unknown,
            });
        }
        if self.full(&inner.limits) || now - self.last_prune >= PRUNE_EVERY_MS {
            self.prune(now)?;
        }
        if self.full(&inner.limits) {
            return Ok(Claim::Full);
        }
        let bytes = record_bytes(&key.id, "");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // An expired answer under this key, not yet pruned.
        let leftover: Option<i64> = tx
            .prepare_cached("DELETE FROM once WHERE key = ?1 RETURNING bytes")?
            .query_row(params![storage_key], |r| r.get(0))
            .optional()?;
        tx.prepare_cached(
            "INSERT INTO once (key, kind, id, fingerprint, state, owner, created, bytes)
             VALUES (?1, ?2, ?3, ?4, 'claimed', ?5, ?6, ?7)",
        )?
        .execute(params![
            storage_key,
            kind_name(key.kind),
            key.id,
            &fingerprint[..],
            inner.owner,
            now,
            bytes as i64
        ])?;
        tx.commit()?;
        if let Some(old) = leftover {
            self.entries = self.entries.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(old as usize);
        }
        self.entries += 1;
        self.bytes += bytes;
        Ok(Claim::Granted)
    }

    /// Replaces the row at `storage_key` in state `from` (owned by `owner` if
    /// given) with `to`; false if there is no such row.
    fn finish(
        &mut self,
        limits: &StoreLimits,
        storage_key: &str,
        from: &str,
        owner: Option<&str>,
        to: Outcome,
    ) -> rusqlite::Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT bytes, id FROM once WHERE key = ?1 AND state = ?2
                 AND (?3 IS NULL OR owner = ?3)",
            )?
            .query_row(params![storage_key, from, owner], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((old, id)) = row else {
            return Ok(false);
        };
        let new = match to {
            Outcome::Done(recorded) => {
                let bytes = record_bytes(&id, &recorded.body);
                tx.prepare_cached(
                    "UPDATE once SET state = 'done', status = ?2, body = ?3, reason = NULL,
                     expires = ?4, bytes = ?5 WHERE key = ?1",
                )?
                .execute(params![
                    storage_key,
                    recorded.status,
                    recorded.body,
                    now_ms().saturating_add(ms(limits.ttl)),
                    bytes as i64
                ])?;
                Some(bytes)
            }
            // Kept until ops resolve it: forgetting it could send the purchase twice.
            Outcome::Unknown(reason) => {
                let bytes = record_bytes(&id, &reason);
                tx.prepare_cached(
                    "UPDATE once SET state = 'unknown', reason = ?2, expires = NULL, bytes = ?3
                     WHERE key = ?1",
                )?
                .execute(params![storage_key, reason, bytes as i64])?;
                Some(bytes)
            }
            Outcome::Gone => {
                tx.prepare_cached("DELETE FROM once WHERE key = ?1")?
                    .execute(params![storage_key])?;
                None
            }
        };
        tx.commit()?;
        self.bytes = self.bytes.saturating_sub(old as usize);
        match new {
            Some(bytes) => self.bytes += bytes,
            None => self.entries = self.entries.saturating_sub(1),
        }
        Ok(true)
    }
}

/// What a settled or resolved row becomes.
enum Outcome {
    Done(Recorded),
    Unknown(String),
    Gone,
}

impl EmbeddedStore {
    /// How many rows an earlier process left claimed, turned unknown at open.
    pub fn recovered(&self) -> usize {
        self.inner.recovered
    }

    /// Runs `f` on the connection on the blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner, &mut Db) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut db = inner.db.lock().unwrap_or_else(|e| e.into_inner());
            f(&inner, &mut db)
        })
        .await
        .map_err(|e| StoreError::Unavailable(e.to_string()))?
        .map_err(unavailable)
    }

    async fn claim_once(
        &self,
        key: &OnceKey,
        fingerprint: Fingerprint,
    ) -> Result<Claim, StoreError> {
        let key = key.clone();
        self.run(move |inner, db| db.claim(inner, &key, &key.storage_key(), fingerprint))
            .await
    }

    async fn finish(
        &self,
        key: &OnceKey,
        from: &'static str,
        own: bool,
        to: Outcome,
    ) -> Result<bool, StoreError> {
        let storage_key = key.storage_key();
        let changed = self
            .run(move |inner, db| {
                let owner = own.then_some(inner.owner.as_str());
                db.finish(&inner.limits, &storage_key, from, owner, to)
            })
            .await?;
        if changed {
            self.inner.settled.notify_waiters();
        }
        Ok(changed)
    }
}

impl OnceStore for EmbeddedStore {
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        Box::pin(self.claim_once(key, fingerprint))
    }

    fn wait<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
        timeout: Duration,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        Box::pin(async move {
            let deadline = tokio::time::Instant::now() + timeout;
            loop {
                // Registered before looking, so a settle in between is not missed.
                let settled = self.inner.settled.notified();
                tokio::pin!(settled);
                settled.as_mut().enable();
                let claim = self.claim_once(key, fingerprint).await?;
                let now = tokio::time::Instant::now();
                if claim != Claim::InFlight || now >= deadline {
                    return Ok(claim);
                }
                let _ = tokio::time::timeout_at(deadline.min(now + POLL), settled).await;
            }
        })
    }

    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        let to = match settled {
            Settled::Answered(recorded) => Outcome::Done(recorded),
            Settled::NothingBooked => Outcome::Gone,
            Settled::Unknown { reason } => Outcome::Unknown(reason),
        };
        // Only this process's claim: a row in any other state is left as it is.
        Box::pin(async move { self.finish(key, "claimed", true, to).await.map(drop) })
    }

    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>> {
        Box::pin(self.run(|_, db| {
            db.conn
                .prepare_cached(
                    "SELECT kind, id, state, created, reason FROM once
                     WHERE state <> 'done' ORDER BY created, rowid",
                )?
                .query_map([], |r| {
                    let state: String = r.get(2)?;
                    Ok(Listed {
                        kind: match r.get::<_, String>(0)?.as_str() {
                            "topup" => Kind::Topup,
                            _ => Kind::Booking,
                        },
                        id: r.get(1)?,
                        state: if state == "claimed" {
                            "in_flight"
                        } else {
                            "unknown"
                        }
                        .into(),
                        since: (r.get::<_, i64>(3)? / 1000).max(0) as u64,
                        reason: r.get(4)?,
                    })
                })?
                .collect()
        }))
    }

    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        let to = match resolution {
            Resolution::Booked(recorded) => Outcome::Done(recorded),
            Resolution::NotBooked => Outcome::Gone,
        };
        Box::pin(async move {
            if self.finish(key, "unknown", false, to).await? {
                Ok(())
            } else {
                Err(StoreError::NotUnknown(key.storage_key()))
            }
        })
    }

    fn ping(&self) -> StoreFuture<'_, Result<(), StoreError>> {
        Box::pin(self.run(|_, db| {
            db.conn
                .prepare_cached("SELECT 1")?
                .query_row([], |_| Ok(()))
        }))
    }
}

impl OfferStore for EmbeddedStore {
    fn remember<'a>(
        &'a self,
        topup_tracking_id: &'a str,
        offer: &'a Offer,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        let id = topup_tracking_id.to_owned();
        let offer = offer.clone();
        Box::pin(async move {
            let package_ids = serde_json::to_string(&offer.package_ids)
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            self.run(move |_, db| {
                let now = now_ms();
                let tx = db
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                tx.prepare_cached("DELETE FROM offers WHERE expires <= ?1")?
                    .execute(params![now])?;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO offers (id, iccid, package_ids, expires)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    id,
                    offer.iccid,
                    package_ids,
                    now.saturating_add(ms(ttl))
                ])?;
                tx.commit()
            })
            .await
        })
    }

    fn offer<'a>(
        &'a self,
        topup_tracking_id: &'a str,
    ) -> StoreFuture<'a, Result<Option<Offer>, StoreError>> {
        let id = topup_tracking_id.to_owned();
        Box::pin(async move {
            let found = self
                .run(move |_, db| {
                    db.conn
                        .prepare_cached(
                            "SELECT iccid, package_ids FROM offers WHERE id = ?1 AND expires > ?2",
                        )?
                        .query_row(params![id, now_ms()], |r| {
                            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                        })
                        .optional()
                })
                .await?;
            let Some((iccid, package_ids)) = found else {
                return Ok(None);
            };
            let package_ids = serde_json::from_str(&package_ids)
                .map_err(|e| StoreError::Unavailable(format!("stored offer: {e}")))?;
            Ok(Some(Offer { iccid, package_ids }))
        })
    }
}
