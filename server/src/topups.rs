//! Top-up offers the proxy handed out, so a create-top-up-booking can only buy
//! what was offered for an eSIM its caller's token covers.
//!
//! ITT's create-top-up-booking names no ICCID (the reference puts it inside
//! `package_id`, in a format it does not give), so the proxy cannot check the
//! eSIM from the request alone. It remembers, per `topup_tracking_id`, the
//! eSIM whose offers it forwarded (after checking that ICCID against the token)
//! and the package ids offered; a purchase must name both.

use crate::error::ProxyError;
use crate::store::{Offer, OfferStore, Shared};
use itt_contract::recognize::Node;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an offer can be bought from.
pub const OFFER_TTL: Duration = Duration::from_secs(6 * 3600);
/// Most offers remembered at once; the oldest are forgotten first (a traveller whose
/// offer was forgotten is asked to look at the top-ups again; nothing is bought).
pub const OFFER_CAP: usize = 10_000;
/// Most package ids kept per offer, and their longest length.
pub const OFFER_IDS: usize = 64;

/// One forwarded top-up offer list, as this instance keeps it.
#[derive(Clone, Debug)]
struct Kept {
    at: Instant,
    offer: Offer,
}

/// The offers, by `topup_tracking_id`: in the state store (shared by every
/// instance, kept across restarts), or in this instance while the store is down.
#[derive(Debug, Default)]
pub struct TopupOffers {
    local: Mutex<HashMap<String, Kept>>,
    shared: Option<Shared<dyn OfferStore>>,
}

/// The ids of the top-ups in a topup-packages answer (`package_id` and `id` of
/// every entry inside `data`, however it is laid out).
pub fn offered_ids(answer: &Node) -> Vec<String> {
    let mut ids: Vec<String> = answer
        .get_any(&["data"])
        .into_iter()
        .flat_map(Node::objects)
        .flat_map(|(_, o)| [o.text_of(&["package_id"]), o.text_of(&["id"])])
        .flatten()
        .collect();
    ids.retain(|id| id.len() <= crate::wire::MAX_ID_CHARS);
    ids.sort();
    ids.dedup();
    ids.truncate(OFFER_IDS);
    ids
}

impl TopupOffers {
    /// Offers kept in `shared` (this instance's own table while it is down or `None`).
    pub fn new(shared: Option<Shared<dyn OfferStore>>) -> Self {
        TopupOffers {
            local: Mutex::default(),
            shared,
        }
    }

    /// Remembers the offer list ITT gave for `iccid`.
    pub async fn remember(
        &self,
        topup_tracking_id: String,
        iccid: String,
        package_ids: Vec<String>,
    ) {
        if topup_tracking_id.len() > crate::wire::MAX_ID_CHARS
            || iccid.len() > crate::wire::MAX_ID_CHARS
        {
            return;
        }
        let offer = Offer { iccid, package_ids };
        if let Some(shared) = &self.shared {
            let kept =
                shared.attempt(|offers| offers.remember(&topup_tracking_id, &offer, OFFER_TTL));
            if kept.await.is_some() {
                return;
            }
        }
        let mut offers = self.local.lock().unwrap_or_else(|e| e.into_inner());
        offers.retain(|_, o| o.at.elapsed() < OFFER_TTL);
        if offers.len() >= OFFER_CAP {
            if let Some(oldest) = offers
                .iter()
                .min_by_key(|(_, o)| o.at)
                .map(|(k, _)| k.clone())
            {
                offers.remove(&oldest);
            }
        }
        offers.insert(
            topup_tracking_id,
            Kept {
                at: Instant::now(),
                offer,
            },
        );
    }

    /// The offer under `topup_tracking_id`: the store's, else this instance's.
    async fn find(&self, topup_tracking_id: &str) -> Option<Offer> {
        if let Some(shared) = &self.shared {
            if let Some(Some(offer)) = shared
                .attempt(|offers| offers.offer(topup_tracking_id))
                .await
            {
                return Some(offer);
            }
        }
        let offers = self.local.lock().unwrap_or_else(|e| e.into_inner());
        offers
            .get(topup_tracking_id)
            .filter(|o| o.at.elapsed() < OFFER_TTL)
            .map(|o| o.offer.clone())
    }

    /// Allows buying `package_id` under `topup_tracking_id` only when that offer
    /// was forwarded for one of `iccids` (the caller's token's) and lists it.
    pub async fn check(
        &self,
        topup_tracking_id: Option<&str>,
        package_id: Option<&str>,
        iccids: &[String],
    ) -> Result<(), ProxyError> {
        let offer = match topup_tracking_id {
            Some(id) => self.find(id).await,
            None => None,
        }
        .filter(|o| iccids.contains(&o.iccid))
        .ok_or(ProxyError::NotYours("topup_tracking_id"))?;
        match package_id {
            Some(id) if offer.package_ids.iter().any(|p| p == id) => Ok(()),
            _ => Err(ProxyError::NotYours("package_id")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_what_was_offered_for_the_callers_esim() {
        let answer: Node = serde_json::from_value(serde_json::json!({
            "topup_tracking_id": "TUP1",
            "data": {"airalo": [{"id": "1gb", "package_id": "8944||1gb"}, {"package_id": "8944||3gb"}]},
        }))
        .unwrap();
        let ids = offered_ids(&answer);
        assert_eq!(ids, ["1gb", "8944||1gb", "8944||3gb"]);
        let offers = TopupOffers::default();
        offers.remember("TUP1".into(), "8944".into(), ids).await;
        let mine = ["8944".to_string()];
        assert!(offers
            .check(Some("TUP1"), Some("8944||3gb"), &mine)
            .await
            .is_ok());
        let theirs = ["1111".to_string()];
        assert!(offers
            .check(Some("TUP1"), Some("8944||3gb"), &theirs)
            .await
            .is_err());
        assert!(offers
            .check(Some("TUP1"), Some("9999||1gb"), &mine)
            .await
            .is_err());
        assert!(offers
            .check(Some("TUP2"), Some("8944||3gb"), &mine)
            .await
            .is_err());
        assert!(offers.check(None, Some("8944||3gb"), &mine).await.is_err());
    }
}
