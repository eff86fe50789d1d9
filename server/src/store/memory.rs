//! The exactly-once record in this process's memory: lost on restart, bounded.

use super::{
    Claim, Fingerprint, Kind, Listed, OnceKey, OnceStore, Recorded, Resolution, Settled,
    StoreError, StoreFuture,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

#[derive(Debug)]
enum State {
    InFlight,
    Done(Recorded),
    Unknown(String),
}

#[derive(Debug)]
struct Entry {
    kind: Kind,
    id: String,
    created: Instant,
    created_unix: u64,
    seq: u64,
    fingerprint: Fingerprint,
    state: State,
}

impl Entry {
    fn bytes(&self) -> usize {
        super::record_bytes(
            &self.id,
            match &self.state {
                State::Done(r) => &r.body,
                State::Unknown(reason) => reason,
                State::InFlight => "",
            },
        )
    }
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    /// Creation order, for expiry without a scan.
    order: BTreeMap<(Instant, u64), String>,
    bytes: usize,
    next_seq: u64,
}

impl Inner {
    fn remove(&mut self, key: &str) -> Option<Entry> {
        let entry = self.entries.remove(key)?;
        self.order.remove(&(entry.created, entry.seq));
        self.bytes -= entry.bytes();
        Some(entry)
    }

    fn expire(&mut self, ttl: Duration) {
        while let Some((&(created, seq), key)) = self.order.first_key_value() {
            if created.elapsed() < ttl {
                break;
            }
            let key = key.clone();
            self.order.remove(&(created, seq));
            // An unknown outcome is kept until ops resolve it: forgetting it would let
            // a late "check again" send the purchase a second time.
            if self
                .entries
                .get(&key)
                .is_some_and(|e| matches!(e.state, State::Unknown(_)))
            {
                continue;
            }
            if let Some(entry) = self.entries.remove(&key) {
                self.bytes -= entry.bytes();
            }
        }
    }

    /// What a request with `fingerprint` finds at `key`, without changing anything.
    fn look(&self, key: &str, fingerprint: &Fingerprint) -> Option<Claim> {
        let entry = self.entries.get(key)?;
        Some(match &entry.state {
            _ if entry.fingerprint != *fingerprint => Claim::Conflict,
            State::InFlight => Claim::InFlight,
            State::Done(recorded) => Claim::Replay(recorded.clone()),
            State::Unknown(_) => Claim::Unknown,
        })
    }

    /// Replaces an entry's state, keeping the byte count right.
    fn set_state(&mut self, key: &str, state: State) -> bool {
        let Some(entry) = self.entries.get_mut(key) else {
            return false;
        };
        let before = entry.bytes();
        entry.state = state;
        let after = entry.bytes();
        self.bytes = self.bytes - before + after;
        true
    }
}

/// The in-memory [`OnceStore`].
#[derive(Debug)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    settled: Notify,
    ttl: Duration,
    max_entries: usize,
    max_bytes: usize,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new(super::ONCE_TTL, super::ONCE_CAP, super::ONCE_BYTES)
    }
}

impl MemoryStore {
    /// A store keeping records `ttl`, refusing new ones beyond `max_entries` records
    /// or `max_bytes` of them.
    pub fn new(ttl: Duration, max_entries: usize, max_bytes: usize) -> Self {
        MemoryStore {
            inner: Mutex::default(),
            settled: Notify::new(),
            ttl,
            max_entries,
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn claim_now(&self, key: &OnceKey, fingerprint: Fingerprint) -> Claim {
        let storage_key = key.storage_key();
        let mut inner = self.lock();
        inner.expire(self.ttl);
        if let Some(found) = inner.look(&storage_key, &fingerprint) {
            return found;
        }
        if inner.entries.len() >= self.max_entries || inner.bytes >= self.max_bytes {
            return Claim::Full;
        }
        let seq = inner.next_seq;
        inner.next_seq += 1;
        let entry = Entry {
            kind: key.kind,
            id: key.id.clone(),
            created: Instant::now(),
            created_unix: crate::token::now(),
            seq,
            fingerprint,
            state: State::InFlight,
        };
        inner.bytes += entry.bytes();
        inner
            .order
            .insert((entry.created, seq), storage_key.clone());
        inner.entries.insert(storage_key, entry);
        Claim::Granted
    }

    /// Records and bytes held now (for tests and the bound docs/proxy.md gives).
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.entries.len(), inner.bytes)
    }
}

impl OnceStore for MemoryStore {
    fn claim<'a>(
        &'a self,
        key: &'a OnceKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'a, Result<Claim, StoreError>> {
        Box::pin(async move { Ok(self.claim_now(key, fingerprint)) })
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
                let settled = self.settled.notified();
                tokio::pin!(settled);
                settled.as_mut().enable();
                let claim = self.claim_now(key, fingerprint);
                if claim != Claim::InFlight {
                    return Ok(claim);
                }
                if tokio::time::timeout_at(deadline, settled).await.is_err() {
                    return Ok(Claim::InFlight);
                }
            }
        })
    }

    fn settle<'a>(
        &'a self,
        key: &'a OnceKey,
        settled: Settled,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let storage_key = key.storage_key();
            {
                let mut inner = self.lock();
                match settled {
                    Settled::Answered(recorded) => {
                        inner.set_state(&storage_key, State::Done(recorded));
                    }
                    Settled::Unknown { reason } => {
                        inner.set_state(&storage_key, State::Unknown(reason));
                    }
                    Settled::NothingBooked => {
                        inner.remove(&storage_key);
                    }
                }
            }
            self.settled.notify_waiters();
            Ok(())
        })
    }

    fn list(&self) -> StoreFuture<'_, Result<Vec<Listed>, StoreError>> {
        Box::pin(async move {
            let mut inner = self.lock();
            inner.expire(self.ttl);
            let mut entries: Vec<&Entry> = inner.entries.values().collect();
            entries.sort_by_key(|e| (e.created, e.seq));
            Ok(entries
                .into_iter()
                .filter_map(|e| {
                    let (state, reason) = match &e.state {
                        State::InFlight => ("in_flight", None),
                        State::Unknown(reason) => ("unknown", Some(reason.clone())),
                        State::Done(_) => return None,
                    };
                    Some(Listed {
                        kind: e.kind,
                        id: e.id.clone(),
                        state: state.into(),
                        since: e.created_unix,
                        reason,
                    })
                })
                .collect())
        })
    }

    fn resolve<'a>(
        &'a self,
        key: &'a OnceKey,
        resolution: Resolution,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let storage_key = key.storage_key();
            {
                let mut inner = self.lock();
                let unknown = inner
                    .entries
                    .get(&storage_key)
                    .is_some_and(|e| matches!(e.state, State::Unknown(_)));
                if !unknown {
                    return Err(StoreError::NotUnknown(storage_key));
                }
                match resolution {
                    Resolution::Booked(recorded) => {
                        inner.set_state(&storage_key, State::Done(recorded));
                    }
                    Resolution::NotBooked => {
                        inner.remove(&storage_key);
                    }
                }
            }
            self.settled.notify_waiters();
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Recorded {
        Recorded {
            status: 200,
            body: body.into(),
        }
    }

    #[tokio::test]
    async fn claims_replays_and_conflicts() {
        let store = MemoryStore::default();
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
        // A top-up with the same id is another record.
        assert_eq!(
            store.claim(&OnceKey::topup("BT1"), [2; 32]).await,
            Ok(Claim::Granted)
        );
    }

    #[tokio::test]
    async fn nothing_booked_frees_the_key_and_unknown_holds_it() {
        let store = MemoryStore::default();
        let key = OnceKey::booking("BT1");
        store.claim(&key, [1; 32]).await.unwrap();
        store.settle(&key, Settled::NothingBooked).await.unwrap();
        assert_eq!(store.usage(), (0, 0));
        assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Granted));
        store
            .settle(
                &key,
                Settled::Unknown {
                    reason: "timeout".into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(store.claim(&key, [2; 32]).await, Ok(Claim::Unknown));
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
        assert!(matches!(
            store.claim(&key, [2; 32]).await,
            Ok(Claim::Replay(_))
        ));
        assert!(
            store.resolve(&key, Resolution::NotBooked).await.is_err(),
            "only unknown records are resolved"
        );
        assert!(store.list().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn waiters_get_the_outcome() {
        let store = std::sync::Arc::new(MemoryStore::default());
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
    }

    #[tokio::test]
    async fn full_refuses_new_records_and_evicts_none() {
        let store = MemoryStore::new(Duration::from_secs(60), 2, usize::MAX);
        for id in ["A", "B"] {
            let key = OnceKey::booking(id);
            store.claim(&key, [0; 32]).await.unwrap();
            store
                .settle(&key, Settled::Answered(answer(id)))
                .await
                .unwrap();
        }
        assert_eq!(
            store.claim(&OnceKey::booking("C"), [0; 32]).await,
            Ok(Claim::Full)
        );
        assert!(matches!(
            store.claim(&OnceKey::booking("A"), [0; 32]).await,
            Ok(Claim::Replay(_))
        ));
        let bytes = MemoryStore::new(Duration::from_secs(60), 100, 1000);
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
    }

    #[tokio::test]
    async fn unknown_outcomes_outlive_their_time_until_resolved() {
        let store = MemoryStore::new(Duration::from_millis(20), 10, usize::MAX);
        let key = OnceKey::booking("A");
        store.claim(&key, [0; 32]).await.unwrap();
        let reason = "timeout".to_string();
        store
            .settle(&key, Settled::Unknown { reason })
            .await
            .unwrap();
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

    #[tokio::test]
    async fn records_expire_after_their_time() {
        let store = MemoryStore::new(Duration::from_millis(30), 1, usize::MAX);
        let key = OnceKey::booking("A");
        store.claim(&key, [0; 32]).await.unwrap();
        store
            .settle(&key, Settled::Answered(answer("a")))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(
            store.claim(&OnceKey::booking("B"), [0; 32]).await,
            Ok(Claim::Granted)
        );
        assert_eq!(store.usage().0, 1);
    }
}
