//! The exactly-once record's behaviours, on any [`Backend`]: claims, replays,
//! conflicts, limits, expiry, resolving unknown outcomes, listing, and what a
//! crash or a restart leaves.

use crate::backends::{answer, limits, roomy, unknown, Backend};
use itt_esim_server::store::{Claim, OnceKey, Resolution, Settled, StoreError, StoreLimits};
use std::time::{Duration, Instant};

pub(crate) async fn claims_replays_and_conflicts(b: &impl Backend) {
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

pub(crate) async fn topup_and_booking_with_one_id_are_two_records(b: &impl Backend) {
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

pub(crate) async fn nothing_booked_frees_the_key_and_unknown_holds_it(b: &impl Backend) {
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

pub(crate) async fn waiters_get_the_outcome(b: &impl Backend) {
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

pub(crate) async fn full_refuses_new_records_and_evicts_none(b: &impl Backend) {
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

pub(crate) async fn unknown_outcomes_outlive_their_time_until_resolved(b: &impl Backend) {
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

pub(crate) async fn records_expire_after_their_time(b: &impl Backend) {
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

pub(crate) async fn resolve_only_unknown(b: &impl Backend) {
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
pub(crate) async fn settle_changes_only_a_claim(b: &impl Backend) {
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

pub(crate) async fn list_is_oldest_first_with_reasons(b: &impl Backend) {
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

pub(crate) async fn a_dead_claimant_becomes_unknown_never_granted(b: &impl Backend) {
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

pub(crate) async fn answers_survive_a_restart(b: &impl Backend) {
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
