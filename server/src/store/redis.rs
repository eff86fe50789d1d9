//! The shared store in Redis: the exactly-once record, rate budgets, the usage
//! cache and top-up offers, so several proxy instances behave as one.
//!
//! Keys, under the configured prefix `{p}` (e.g. `itt-esim:`):
//!
//! | key | type | contents |
//! |---|---|---|
//! | `{p}once:booking:<id>`, `{p}once:topup:<id>` | hash | `state` (claimed/done/unknown), `fp`, `owner`, `lease_until`, `created` (ms, Redis clock), `kind`, `id`, `status`, `body`, `reason`, `reason_code`; expires only when done |
//! | `{p}once:idx` | zset | member (`booking:<id>`) → expiry ms, `+inf` while claimed or unknown (entry cap, pruning) |
//! | `{p}once:open` | zset | member → created µs, for claimed and unknown records (the ops listing) |
//! | `{p}once:sizes`, `{p}once:bytes` | hash, string | bytes per member, their sum (byte cap) |
//! | `{p}rl:<client>` | string | GCRA theoretical arrival time µs, expires when the budget is full again |
//! | `{p}usage:<iccid>` | string | JSON [`Recorded`], `PX` ttl |
//! | `{p}offer:<topup_tracking_id>` | string | JSON [`Offer`], `PX` ttl |
//!
//! Every decision is one Lua script (`redis_scripts.rs`) on Redis's clock. Multi-key
//! scripts mean Redis Cluster is not supported (a standalone or Sentinel primary is).
//!
//! Bookings never degrade: when Redis cannot be reached a claim is
//! [`StoreError::Unavailable`] and nothing is granted. The connection is lazy and
//! reconnects by itself, so the server starts (and recovers) while Redis is down.

mod connect;
mod tables;

pub use connect::RedisOptions;

use super::redis_scripts::Scripts;
use super::{
    Claim, Fingerprint, Kind, Listed, OnceKey, OnceStore, Recorded, Resolution, Settled,
    StoreError, StoreFuture, StoreLimits,
};
use ::redis::aio::ConnectionManager;
use ::redis::{RedisError, RedisResult};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::task::JoinHandle;

/// Bound of one record operation: a booking waits at most this long for Redis
/// (commands issued during a reconnect would otherwise wait for the reconnect).
const CALL_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a settle whose outcome could not be written is retried.
const SETTLE_RETRY_FOR: Duration = Duration::from_secs(600);
/// How often any instance turns lapsed claims nobody reads into unknown ones.
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// The reason shown for a claim whose claimant stopped renewing it.
const LAPSED: &str = "the proxy instance sending it stopped before ITT's answer was recorded";

/// The store of every shared table in one Redis ([`OnceStore`], [`RateStore`],
/// [`UsageCache`], [`OfferStore`]).
pub struct RedisStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.prefix)
            .finish_non_exhaustive()
    }
}

struct Inner {
    conn: ConnectionManager,
    prefix: String,
    limits: StoreLimits,
    scripts: Scripts,
    /// Random per process: owner tokens of two instances never collide.
    boot: String,
    next_owner: AtomicU64,
    /// Claims this process holds: storage key → owner token and lease renewal.
    owners: Mutex<HashMap<String, Owned>>,
}

struct Owned {
    token: String,
    renewal: JoinHandle<()>,
}

impl RedisStore {
    /// Redis's `maxmemory-policy` (from `INFO memory`), for the health check: any
    /// policy but `noeviction` may evict booking records (and then resend them).
    /// `None` when the server does not tell (some managed services hide `INFO`).
    pub async fn eviction_policy(&self) -> Result<Option<String>, StoreError> {
        let mut conn = self.inner.conn.clone();
        let cmd = ::redis::cmd("INFO").arg("memory").clone();
        let info: String =
            match tokio::time::timeout(CALL_TIMEOUT, cmd.query_async(&mut conn)).await {
                Err(_) => return Err(timed_out()),
                Ok(Err(e)) if matches!(e.kind(), ::redis::ErrorKind::Server(_)) => return Ok(None),
                Ok(Err(e)) => return Err(unavailable(&e)),
                Ok(Ok(info)) => info,
            };
        Ok(info.lines().find_map(|line| {
            line.trim()
                .strip_prefix("maxmemory_policy:")
                .map(str::to_string)
        }))
    }
}

/// A random id for this process (no RNG crate: the std hasher is randomly keyed).
fn boot_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(since) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(since.as_nanos());
    }
    format!("{:016x}", hasher.finish())
}

fn timed_out() -> StoreError {
    StoreError::Unavailable(format!("redis did not answer within {CALL_TIMEOUT:?}"))
}

/// The error without addresses or credentials: its kind, and a server's own text.
fn unavailable(e: &RedisError) -> StoreError {
    let text = if e.is_timeout() {
        "redis: timed out".to_string()
    } else if e.is_connection_refusal() {
        "redis: connection refused".to_string()
    } else if let (::redis::ErrorKind::Server(_), Some(detail)) = (e.kind(), e.detail()) {
        format!("redis: {} {detail}", e.code().unwrap_or("error"))
    } else {
        format!("redis: {}", e.category())
    };
    StoreError::Unavailable(text)
}

/// Runs one Redis call within [`CALL_TIMEOUT`].
async fn bounded<T>(call: impl Future<Output = RedisResult<T>>) -> Result<T, StoreError> {
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(unavailable(&e)),
        Err(_) => Err(timed_out()),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Booking => "booking",
        Kind::Topup => "topup",
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl Inner {
    fn key(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }

    /// The five keys every record script takes, for the record at `member`.
    fn record_keys(&self, member: &str) -> [String; 5] {
        [
            self.key(&format!("once:{member}")),
            self.key("once:idx"),
            self.key("once:open"),
            self.key("once:sizes"),
            self.key("once:bytes"),
        ]
    }

    fn new_owner(&self) -> String {
        let n = self.next_owner.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.boot)
    }

    fn owner_of(&self, member: &str) -> Option<String> {
        let owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        owners.get(member).map(|o| o.token.clone())
    }

    /// Forgets our claim on `member` (settled), stopping its renewal.
    fn release(&self, member: &str, token: &str) {
        let mut owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        if owners.get(member).is_some_and(|o| o.token == token) {
            if let Some(owned) = owners.remove(member) {
                owned.renewal.abort();
            }
        }
    }

    async fn claim_once(
        &self,
        key: &OnceKey,
        fingerprint: &Fingerprint,
        token: &str,
    ) -> Result<Claim, StoreError> {
        let member = key.storage_key();
        let mut invocation = self.scripts.claim.prepare_invoke();
        for k in self.record_keys(&member) {
            invocation.key(k);
        }
        invocation
            .arg(hex::encode(fingerprint))
            .arg(token)
            .arg(millis(self.limits.lease))
            .arg(self.limits.max_entries)
            .arg(self.limits.max_bytes)
            .arg(&member)
            .arg(kind_name(key.kind))
            .arg(&key.id)
            .arg(LAPSED);
        let mut conn = self.conn.clone();
        let reply: Vec<String> = bounded(invocation.invoke_async(&mut conn)).await?;
        Ok(match reply.first().map(String::as_str) {
            Some("granted") => Claim::Granted,
            Some("replay") if reply.len() == 3 => Claim::Replay(Recorded {
                status: reply[1].parse().unwrap_or(500),
                body: reply[2].clone(),
            }),
            Some("in_flight") => Claim::InFlight,
            Some("conflict") => Claim::Conflict,
            Some("unknown") => Claim::Unknown,
            Some("full") => Claim::Full,
            _ => {
                return Err(StoreError::Unavailable(
                    "redis: unexpected claim reply".into(),
                ))
            }
        })
    }

    /// Runs SETTLE once: `Ok(true)` recorded, `Ok(false)` not ours (any more).
    async fn settle_once(
        &self,
        member: &str,
        id: &str,
        token: &str,
        settled: &Settled,
    ) -> Result<bool, StoreError> {
        let (outcome, status, body, reason) = match settled {
            Settled::Answered(r) => ("answered", r.status, r.body.as_str(), ""),
            Settled::NothingBooked => ("nothing", 0, "", ""),
            Settled::Unknown { reason } => ("unknown", 0, "", reason.as_str()),
        };
        let mut invocation = self.scripts.settle.prepare_invoke();
        for k in self.record_keys(member) {
            invocation.key(k);
        }
        invocation
            .arg(token)
            .arg(outcome)
            .arg(status)
            .arg(body)
            .arg(reason)
            .arg(millis(self.limits.ttl))
            .arg(member)
            .arg(id);
        let mut conn = self.conn.clone();
        let done: i64 = bounded(invocation.invoke_async(&mut conn)).await?;
        Ok(done == 1)
    }

    /// Turns a lapsed claim into unknown (Redis decides with its own clock).
    async fn expire_if_lapsed(&self, member: &str) -> Result<bool, StoreError> {
        let mut invocation = self.scripts.expire.prepare_invoke();
        for k in self.record_keys(member) {
            invocation.key(k);
        }
        invocation.arg(LAPSED).arg(member);
        let mut conn = self.conn.clone();
        let done: i64 = bounded(invocation.invoke_async(&mut conn)).await?;
        Ok(done == 1)
    }

    /// Records in flight or unknown, oldest first, turning lapsed claims unknown.
    async fn list_open(&self) -> Result<Vec<Listed>, StoreError> {
        let mut conn = self.conn.clone();
        let members: Vec<String> = bounded(
            ::redis::cmd("ZRANGE")
                .arg(self.key("once:open"))
                .arg(0)
                .arg(-1)
                .query_async(&mut conn),
        )
        .await?;
        if members.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = ::redis::pipe();
        for member in &members {
            pipe.cmd("HMGET")
                .arg(self.key(&format!("once:{member}")))
                .arg(&["state", "kind", "id", "created", "reason"]);
        }
        type Fields = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<u64>,
            Option<String>,
        );
        let rows: Vec<Fields> = bounded(pipe.query_async(&mut conn)).await?;
        let mut listed = Vec::with_capacity(rows.len());
        for (member, (state, kind, id, created, reason)) in members.iter().zip(rows) {
            let (Some(mut state), Some(kind), Some(id)) = (state, kind, id) else {
                continue; // settled or resolved meanwhile
            };
            let kind = match kind.as_str() {
                "topup" => Kind::Topup,
                _ => Kind::Booking,
            };
            let mut reason = reason;
            if state == "claimed" && self.expire_if_lapsed(member).await? {
                tracing::warn!(kind = kind_name(kind), id = %id, "{LAPSED}: outcome unknown");
                state = "unknown".into();
                reason = Some(LAPSED.into());
            }
            let state = match state.as_str() {
                "claimed" => "in_flight",
                "unknown" => "unknown",
                _ => continue,
            };
            listed.push(Listed {
                kind,
                id,
                state: state.into(),
                since: created.unwrap_or(0) / 1000,
                reason: if state == "unknown" { reason } else { None },
            });
        }
        Ok(listed)
    }
}

/// Renews our claim on `member` every third of the lease until it is settled, the
/// store is dropped, or the claim is no longer ours.
async fn renew(inner: Weak<Inner>, member: String, token: String, lease: Duration) {
    let every = (lease / 3).max(Duration::from_millis(10));
    loop {
        tokio::time::sleep(every).await;
        let Some(inner) = inner.upgrade() else { return };
        let mut invocation = inner.scripts.renew.prepare_invoke();
        invocation
            .key(inner.key(&format!("once:{member}")))
            .arg(&token)
            .arg(millis(lease));
        let mut conn = inner.conn.clone();
        match bounded(invocation.invoke_async::<i64>(&mut conn)).await {
            Ok(1) => {}
            // Declared unknown by someone who saw it lapse: a settle still records the
            // real outcome, but there is nothing left to renew.
            Ok(_) => return,
            // Redis unreachable: keep trying while the lease may still be saved.
            Err(e) => tracing::debug!(error = %e, "lease renewal failed"),
        }
    }
}

/// Retries a settle that could not be written (Redis down after ITT answered) with
/// backoff for [`SETTLE_RETRY_FOR`], renewing the lease meanwhile; gives up then
/// (the lease lapses and the record turns unknown: never resent).
async fn retry_settle(
    inner: Arc<Inner>,
    member: String,
    id: String,
    token: String,
    settled: Settled,
) {
    let deadline = tokio::time::Instant::now() + SETTLE_RETRY_FOR;
    let mut delay = Duration::from_millis(100);
    loop {
        tokio::time::sleep(delay).await;
        match inner.settle_once(&member, &id, &token, &settled).await {
            Ok(_) => {
                tracing::info!(%member, "outcome recorded after a retry");
                break;
            }
            Err(e) if tokio::time::Instant::now() >= deadline => {
                tracing::error!(%member, error = %e, "outcome could not be recorded; the record will read unknown");
                break;
            }
            Err(_) => delay = (delay * 2).min(Duration::from_secs(10)),
        }
    }
    inner.release(&member, &token);
}

/// Once a minute, turns claims whose claimant stopped (and that nobody reads) into
/// unknown ones, so they show in the ops listing and the log.
async fn sweep(inner: Weak<Inner>) {
    loop {
        tokio::time::sleep(SWEEP_EVERY).await;
        let Some(inner) = inner.upgrade() else { return };
        if let Err(e) = inner.list_open().await {
            tracing::debug!(error = %e, "sweep of lapsed claims failed");
        }
    }
}

impl OnceStore for RedisStore {
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        Box::pin(async move {
            let inner = &self.inner;
            let token = inner.new_owner();
            // A lost reply (timeout) may hide a claim we hold: the retry with the same
            // token is granted by it (idempotent), so the key is never blocked by us.
            let claim = match inner.claim_once(key, &fingerprint, &token).await {
                Ok(claim) => Ok(claim),
                Err(_) => inner.claim_once(key, &fingerprint, &token).await,
            };
            let member = key.storage_key();
            match &claim {
                Ok(Claim::Granted) => {
                    let renewal = tokio::spawn(renew(
                        Arc::downgrade(inner),
                        member.clone(),
                        token.clone(),
                        inner.limits.lease,
                    ));
                    let mut owners = inner.owners.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(old) = owners.insert(member, Owned { token, renewal }) {
                        old.renewal.abort();
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    // Nothing is sent, but the claim may have been written: free it
                    // once Redis answers, so it never turns into a false "unknown".
                    let inner = inner.clone();
                    let id = key.id.clone();
                    tokio::spawn(async move {
                        retry_settle(inner, member, id, token, Settled::NothingBooked).await
                    });
                }
            }
            claim
        })
    }

    fn wait<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
        timeout: Duration,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        // Polling works across instances (the claimant may be another process) and
        // needs no second connection for pub/sub.
        Box::pin(async move {
            let deadline = tokio::time::Instant::now() + timeout;
            let mut delay = Duration::from_millis(25);
            loop {
                let claim = self.claim(key, fingerprint).await?;
                let now = tokio::time::Instant::now();
                if claim != Claim::InFlight || now >= deadline {
                    return Ok(claim);
                }
                tokio::time::sleep(delay.min(deadline - now)).await;
                delay = (delay * 2).min(Duration::from_millis(200));
            }
        })
    }

    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let inner = &self.inner;
            let member = key.storage_key();
            let Some(token) = inner.owner_of(&member) else {
                tracing::warn!(%member, "settle of a record this instance does not hold");
                return Ok(());
            };
            match inner.settle_once(&member, &key.id, &token, &settled).await {
                Ok(_) => {
                    inner.release(&member, &token);
                    Ok(())
                }
                Err(e) => {
                    // The lease keeps renewing while the outcome is retried.
                    tokio::spawn(retry_settle(
                        inner.clone(),
                        member,
                        key.id.clone(),
                        token,
                        settled,
                    ));
                    Err(e)
                }
            }
        })
    }

    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>> {
        Box::pin(self.inner.list_open())
    }

    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let inner = &self.inner;
            let member = key.storage_key();
            let (how, status, body) = match &resolution {
                Resolution::Booked(r) => ("booked", r.status, r.body.as_str()),
                Resolution::NotBooked => ("not_booked", 0, ""),
            };
            let mut invocation = inner.scripts.resolve.prepare_invoke();
            for k in inner.record_keys(&member) {
                invocation.key(k);
            }
            invocation
                .arg(how)
                .arg(status)
                .arg(body)
                .arg(millis(inner.limits.ttl))
                .arg(&member)
                .arg(&key.id);
            let mut conn = inner.conn.clone();
            let done: i64 = bounded(invocation.invoke_async(&mut conn)).await?;
            if done == 1 {
                Ok(())
            } else {
                Err(StoreError::NotUnknown(member))
            }
        })
    }

    fn ping(&self) -> StoreFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let mut conn = self.inner.conn.clone();
            let _: String = bounded(::redis::cmd("PING").query_async(&mut conn)).await?;
            Ok(())
        })
    }
}
