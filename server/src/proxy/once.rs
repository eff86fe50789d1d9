//! Purchases exactly once: create-booking and create-topup-booking are claimed in
//! the record and sent by a detached task that finishes whatever the browser does;
//! their real outcome is what every identical retry gets back.

use super::exchange::{exchange, Exchanged};
use super::{Prepared, Reply};
use crate::error::ProxyError;
use crate::guard;
use crate::metrics::PurchaseOutcome;
use crate::store::{Claim, OnceKey, Settled};
use crate::AppState;

/// Fields that do not make a purchase another one: the proof of the tracking id,
/// the payment grant (re-fetched when it expires) and the payment type the proxy
/// derives from it.
const NOT_FINGERPRINTED: [&str; 3] = ["tracking_key", "payment_grant", "payment_type"];

/// Claims `key`, sends the purchase once, records and returns its outcome.
///
/// All of it runs detached, the claim included: a client that goes away between
/// a claim and the send cannot leave the record claimed with nothing sent (which
/// matters once the record is an asynchronous store).
pub(crate) async fn exactly_once(
    state: AppState,
    key: OnceKey,
    prepared: Prepared,
) -> Result<Reply, ProxyError> {
    let detached = state.detached.clone();
    let reference = key.id.clone();
    let metrics = state.metrics.clone();
    let operation = prepared.operation;
    // Counted in the detached task: a purchase whose client went away counts too.
    let task = {
        let metrics = metrics.clone();
        async move {
            let (outcome, reply) = claim_and_send(state, key, prepared).await;
            metrics.purchase(operation, outcome);
            reply
        }
    };
    detached.spawn(task).await.unwrap_or_else(|_| {
        // The task failed before it counted.
        metrics.purchase(operation, PurchaseOutcome::Unknown);
        Err(ProxyError::BookingOutcomeUnknown(reference))
    })
}

/// Whether `operation` is a purchase (made exactly once).
pub(crate) fn is_purchase(operation: &str) -> bool {
    matches!(operation, "create-booking" | "create-topup-booking")
}

/// The outcome of a purchase this request sent, by what its record says.
fn sent_outcome(settled: &Settled) -> PurchaseOutcome {
    match settled {
        Settled::Unknown { .. } => PurchaseOutcome::Unknown,
        Settled::Answered(_) | Settled::NothingBooked => PurchaseOutcome::Forwarded,
    }
}

/// Counts a purchase sent without a record (one ITT refuses as incomplete).
pub(crate) fn count_sent(state: &AppState, operation: &'static str, settled: &Settled) {
    if is_purchase(operation) {
        state.metrics.purchase(operation, sent_outcome(settled));
    }
}

async fn claim_and_send(
    state: AppState,
    key: OnceKey,
    prepared: Prepared,
) -> (PurchaseOutcome, Result<Reply, ProxyError>) {
    let mut fingerprinted = prepared.json.clone();
    fingerprinted.retain(|k, _| !NOT_FINGERPRINTED.contains(&k.as_str()));
    let fingerprint = guard::fingerprint(&fingerprinted);
    let store = state.policy.once.clone();
    let reference = key.id.clone();
    let claim = match store.claim(&key, fingerprint).await {
        // The same purchase is on its way (the first try's connection dropped, or a
        // double click): its outcome, not a second purchase.
        Ok(Claim::InFlight) => store.wait(&key, fingerprint, state.policy.once_wait).await,
        other => other,
    };
    let refused = |error| (PurchaseOutcome::Refused, Err(error));
    let replayed = |reply| (PurchaseOutcome::Replayed, reply);
    match claim {
        Err(error) => refused(error.into()),
        Ok(Claim::Granted) => send(state, key, prepared).await,
        Ok(Claim::Replay(recorded)) => replayed(Ok(Reply {
            status: recorded.status,
            body: recorded.body,
            retry_after: None,
        })),
        Ok(Claim::InFlight) => replayed(Err(ProxyError::BookingInProgress)),
        Ok(Claim::Unknown) => replayed(Err(ProxyError::BookingOutcomeUnknown(reference))),
        Ok(Claim::Conflict) => refused(ProxyError::BookingConflict),
        Ok(Claim::Full) => refused(ProxyError::RecordFull),
    }
}

/// Sends a claimed purchase and records its outcome.
async fn send(
    state: AppState,
    key: OnceKey,
    mut prepared: Prepared,
) -> (PurchaseOutcome, Result<Reply, ProxyError>) {
    let store = state.policy.once.clone();
    let reference = key.id.clone();
    // Test builds: the claim is recorded and nothing is sent.
    crate::crash::point("after-claim");
    // After the claim: a recorded booking's retry replays whatever its grant's expiry.
    if let Err(error) = set_payment_type(&state, &mut prepared) {
        if let Err(e) = store.settle(&key, Settled::NothingBooked).await {
            return (PurchaseOutcome::Refused, Err(e.into()));
        }
        return (PurchaseOutcome::Refused, Err(error));
    }
    // The call in a task of its own: a panic in it still settles the record.
    let call = tokio::spawn({
        let state = state.clone();
        async move { exchange(&state, prepared).await }
    });
    let Exchanged { reply, settled } = match call.await {
        Ok(exchanged) => exchanged,
        Err(_) => Exchanged {
            reply: Err(ProxyError::BookingOutcomeUnknown(reference.clone())),
            settled: Settled::Unknown {
                reason: "the proxy failed while the purchase was sent".into(),
            },
        },
    };
    // Test builds: ITT answered (may have booked) and the outcome is not recorded.
    crate::crash::point("after-answer");
    let outcome = sent_outcome(&settled);
    if let Settled::Unknown { reason } = &settled {
        tracing::warn!(kind = ?key.kind, reference = %key.id, reason,
            "purchase outcome unknown: resolve it with `itt-esim-server purchases`");
    }
    if let Err(e) = store.settle(&key, settled).await {
        tracing::error!(error = %e, "purchase outcome not recorded");
    } else {
        // Test builds: the outcome is recorded and the client has read nothing.
        crate::crash::point("after-outcome");
    }
    (outcome, reply)
}

/// A create-booking's payment type, from its grant (see [`crate::guard::Policy::payment_type`]).
pub(crate) fn set_payment_type(
    state: &AppState,
    prepared: &mut Prepared,
) -> Result<(), ProxyError> {
    if prepared.operation == "create-booking" {
        let payment_type = state.policy.payment_type(&mut prepared.json)?;
        prepared
            .json
            .insert("payment_type".into(), payment_type.into());
    }
    Ok(())
}
