//! The plans of a destination: its local, regional and global searches at once.

use crate::api::client::Client;
use crate::api::http::Fetch;
use crate::api::search::{Plan, SearchRequest};
use crate::api::ApiError;
use crate::i18n::Locale;

/// The plans for a destination with the search tracking id each belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    /// Local, regional and global plans, in that order.
    pub plans: Vec<Plan>,
    /// `tracking[i]` is the tracking id of the search that listed `plans[i]`.
    pub tracking: Vec<String>,
}

impl Offers {
    /// Index of the plan with `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.id == id)
    }
}

/// Searches local, regional and global plans at once. Local plans are the
/// essential ones: their failure is the search's failure; a failed regional or
/// global search only leaves those plans out.
pub async fn search_all(
    client: &Client<Fetch>,
    country: &str,
    locale: Locale,
) -> Result<Offers, ApiError> {
    let request = |region_type| SearchRequest {
        country_code: country.to_string(),
        language: locale.tag().to_string(),
        region_type,
    };
    let (local, regional, global) = (request("local"), request("regional"), request("global"));
    let (local, regional, global) = futures::join!(
        client.search(&local),
        client.search(&regional),
        client.search(&global)
    );
    let mut offers = Offers::default();
    for results in [Ok(local?), regional, global].into_iter().flatten() {
        let tracking = results.tracking_id.unwrap_or_default();
        for plan in results.plans {
            if offers.find(&plan.id).is_none() {
                offers.plans.push(plan);
                offers.tracking.push(tracking.clone());
            }
        }
    }
    Ok(offers)
}
