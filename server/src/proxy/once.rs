//! Purchases exactly once: create-booking and create-topup-booking are claimed in
//! the record and sent by a detached task that finishes whatever the browser does;
//! their real outcome is what every identical retry gets back.

use super::exchange::{exchange, Exchanged};
use super::{Prepared, Reply};
use crate::error::ProxyError;
use crate::guard;
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
    detached
        .spawn(claim_and_send(state, key, prepared))
        .await
        .unwrap_or_else(|_| Err(ProxyError::BookingOutcomeUnknown(reference)))
}

async fn claim_and_send(
    state: AppState,
    key: OnceKey,
    mut prepared: Prepared,
) -> Result<Reply, ProxyError> {
    let mut fingerprinted = prepared.json.clone();
    fingerprinted.retain(|k, _| !NOT_FINGERPRINTED.contains(&k.as_str()));
    let fingerprint = guard::fingerprint(&fingerprinted);
    let store = state.policy.once.clone();
    let reference = key.id.clone();
    let mut claim = store.claim(&key, fingerprint).await?;
    if claim == Claim::InFlight {
        // The same purchase is on its way (the first try's connection dropped, or a
        // double click): its outcome, not a second purchase.
        claim = store
            .wait(&key, fingerprint, state.policy.once_wait)
            .await?;
    }
    match claim {
        Claim::Granted => {}
        Claim::Replay(recorded) => {
            return Ok(Reply {
                status: recorded.status,
                body: recorded.body,
                retry_after: None,
            })
        }
        Claim::InFlight => return Err(ProxyError::BookingInProgress),
        Claim::Conflict => return Err(ProxyError::BookingConflict),
        Claim::Unknown => return Err(ProxyError::BookingOutcomeUnknown(reference)),
        Claim::Full => return Err(ProxyError::RecordFull),
    }
    // Test builds: the claim is recorded and nothing is sent.
    crate::crash::point("after-claim");
    // After the claim: a recorded booking's retry replays whatever its grant's expiry.
    if let Err(error) = set_payment_type(&state, &mut prepared) {
        store.settle(&key, Settled::NothingBooked).await?;
        return Err(error);
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
    reply
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
