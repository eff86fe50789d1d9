//! Choosing a plan for a trip: filters, sorting, price per GB and the recommendation.
//!
//! Pure and allocation-light: the picker re-runs [`select`] on every filter
//! change, and it must stay well under a millisecond for thousands of plans.

use crate::api::search::Plan;
pub use crate::i18n::Reason;
use crate::money::Money;
use crate::stored;

/// Days assumed when the host page gives no dates.
pub const DEFAULT_TRIP_DAYS: u64 = 7;

/// How much data the traveller expects to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UsageProfile {
    /// Maps, messages, email: about 250 MB a day.
    Light,
    /// Plus social media and some video calls: about 600 MB a day.
    #[default]
    Typical,
    /// Streaming, hotspot, work: about 1.5 GB a day.
    Heavy,
}

impl UsageProfile {
    /// Every profile, lightest first.
    pub const ALL: [UsageProfile; 3] = [
        UsageProfile::Light,
        UsageProfile::Typical,
        UsageProfile::Heavy,
    ];

    /// MB a day this profile uses.
    pub fn mb_per_day(self) -> u64 {
        match self {
            UsageProfile::Light => 250,
            UsageProfile::Typical => 600,
            UsageProfile::Heavy => 1536,
        }
    }

    /// Stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            UsageProfile::Light => "light",
            UsageProfile::Typical => "typical",
            UsageProfile::Heavy => "heavy",
        }
    }

    /// Reads [`UsageProfile::code`].
    pub fn from_code(code: &str) -> Option<UsageProfile> {
        UsageProfile::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Which coverage the traveller wants to see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CoverageFilter {
    /// Every plan.
    #[default]
    All,
    /// Plans for this country only.
    Local,
    /// Plans covering several countries (regional and global).
    MultiCountry,
}

/// How plans are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Cheapest first.
    #[default]
    Price,
    /// Cheapest per GB first (unlimited plans after those with a per-GB price).
    PricePerGb,
    /// Most data first (unlimited first).
    Data,
    /// Longest validity first.
    Validity,
}

impl SortKey {
    /// Every order, in the order offered.
    pub const ALL: [SortKey; 4] = [
        SortKey::Price,
        SortKey::PricePerGb,
        SortKey::Data,
        SortKey::Validity,
    ];

    /// Stable code for storage and `<select>` values.
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Price => "price",
            SortKey::PricePerGb => "price-per-gb",
            SortKey::Data => "data",
            SortKey::Validity => "validity",
        }
    }

    /// Reads [`SortKey::code`].
    pub fn from_code(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The traveller's filters and order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// At least this much data (unlimited plans always pass).
    pub min_data_mb: Option<u64>,
    /// Only plans whose validity covers the stay.
    pub covers_stay: bool,
    /// Only unlimited plans.
    pub unlimited_only: bool,
    /// Local or multi-country plans.
    pub coverage: CoverageFilter,
    /// Order of the list.
    pub sort: SortKey,
}

/// Minimum-data choices offered, in MB.
pub const MIN_DATA_CHOICES: [u64; 4] = [1024, 3 * 1024, 5 * 1024, 10 * 1024];

/// Days of data the trip needs: its nights, or [`DEFAULT_TRIP_DAYS`] without dates.
pub fn trip_days(nights: Option<u64>) -> u64 {
    nights.unwrap_or(DEFAULT_TRIP_DAYS).max(1)
}

/// Price per GB in the plan's currency, rounded to the minor unit; `None` for
/// unlimited plans and plans without a price or a data amount.
pub fn price_per_gb(plan: &Plan) -> Option<Money> {
    Some(Money {
        minor: per_gb_minor(plan)?,
        currency: plan.price.as_ref()?.currency.clone(),
    })
}

/// [`price_per_gb`] without its currency (no allocation, for sorting).
fn per_gb_minor(plan: &Plan) -> Option<i64> {
    let price = plan.price.as_ref()?;
    let mb = plan.data_mb.filter(|mb| *mb > 0 && !plan.unlimited)?;
    let minor = (i128::from(price.minor) * 1024 + i128::from(mb) / 2) / i128::from(mb);
    i64::try_from(minor).ok()
}

/// Whether the plan lasts the whole stay.
pub fn covers(plan: &Plan, days: u64) -> bool {
    plan.validity_days.is_some_and(|v| v >= days)
}

fn is_local(plan: &Plan) -> bool {
    plan.coverage
        .as_deref()
        .is_none_or(|c| c.eq_ignore_ascii_case("local"))
}

fn passes(plan: &Plan, filters: &Filters, days: u64) -> bool {
    let data_ok = filters
        .min_data_mb
        .is_none_or(|min| plan.unlimited || plan.data_mb.is_some_and(|mb| mb >= min));
    let coverage_ok = match filters.coverage {
        CoverageFilter::All => true,
        CoverageFilter::Local => is_local(plan),
        CoverageFilter::MultiCountry => !is_local(plan),
    };
    data_ok
        && coverage_ok
        && (!filters.covers_stay || covers(plan, days))
        && (!filters.unlimited_only || plan.unlimited)
}

/// A price for ordering: plans without one sort last; other currencies after the
/// main one (amounts in different currencies are not comparable).
fn price_rank(plan: &Plan, currency: Option<&str>) -> (bool, bool, i64) {
    match &plan.price {
        Some(m) => (false, Some(m.currency.as_str()) != currency, m.minor),
        None => (true, true, 0),
    }
}

/// First field of the session line with the lowest price seen for a destination
/// (`p1␟4.50␟USD`, see [`encode_lowest_price`]): the loader's offer card reads it
/// to promise "from $4.50" on the next page of the same visit.
pub const LOWEST_PRICE_FORMAT: &str = "p1";

/// The lowest price among `plans` in their main currency: what "from …" promises.
pub fn lowest_price(plans: &[Plan]) -> Option<&Money> {
    let currency = main_currency(plans)?;
    plans
        .iter()
        .filter_map(|p| p.price.as_ref())
        .filter(|m| m.currency == currency)
        .min_by_key(|m| m.minor)
}

/// Where the session keeps [`lowest_price`] for a destination (`itt-esim:from:TH`).
pub fn lowest_price_key(country: &str) -> String {
    format!("{LOWEST_PRICE_KEY}{country}")
}

/// The prefix of [`lowest_price_key`] (the loader reads the same key).
pub const LOWEST_PRICE_KEY: &str = "itt-esim:from:";

/// The session storage line for [`lowest_price`]: format, decimal amount, currency.
pub fn encode_lowest_price(price: &Money) -> String {
    stored::line(
        LOWEST_PRICE_FORMAT,
        [price.decimal().as_str(), &price.currency],
    )
}

/// The currency most plans are priced in.
pub fn main_currency(plans: &[Plan]) -> Option<&str> {
    let mut best: Option<(&str, usize)> = None;
    for p in plans {
        let Some(c) = p.price.as_ref().map(|m| m.currency.as_str()) else {
            continue;
        };
        if best.is_some_and(|(b, _)| b == c) {
            continue;
        }
        let n = plans
            .iter()
            .filter(|q| q.price.as_ref().is_some_and(|m| m.currency == c))
            .count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((c, n));
        }
    }
    best.map(|(c, _)| c)
}

/// Indices of the plans passing `filters`, in the chosen order (stable: ITT's order breaks ties).
pub fn select(plans: &[Plan], filters: &Filters, days: u64) -> Vec<usize> {
    let currency = main_currency(plans);
    let mut shown: Vec<usize> = (0..plans.len())
        .filter(|&i| passes(&plans[i], filters, days))
        .collect();
    // One key per plan, computed once: (primary, secondary, price rank).
    let key = |i: usize| -> (u8, i64, (bool, bool, i64)) {
        let p = &plans[i];
        let price = price_rank(p, currency);
        match filters.sort {
            SortKey::Price => (0, 0, price),
            SortKey::PricePerGb => {
                // Per-GB prices first, then unlimited by price, then the rest.
                match (per_gb_minor(p), p.unlimited, price.1) {
                    (Some(m), _, false) => (0, m, price),
                    (_, true, _) => (1, 0, price),
                    _ => (2, 0, price),
                }
            }
            SortKey::Data => {
                let data = if p.unlimited {
                    i64::MAX
                } else {
                    p.data_mb.unwrap_or(0) as i64
                };
                (0, -data, price)
            }
            SortKey::Validity => (0, -(p.validity_days.unwrap_or(0) as i64), price),
        }
    };
    let mut keyed: Vec<_> = shown.drain(..).map(|i| (key(i), i)).collect();
    // Stable, so ITT's order breaks ties.
    itt_contract::sort::sort_by_key(&mut keyed, |k| k.0);
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The recommended plan and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recommendation {
    /// Index into the plans.
    pub index: usize,
    /// The explanation.
    pub reason: Reason,
}

/// The plan to recommend for a stay of `nights` (or a week) and a usage profile.
///
/// The cheapest priced plan whose validity covers the stay and whose data fits
/// the estimate; ties go to more data. Failing that, the plan with the most
/// data among those lasting the stay; failing that, the longest plan.
pub fn recommend(
    plans: &[Plan],
    nights: Option<u64>,
    profile: UsageProfile,
) -> Option<Recommendation> {
    let days = trip_days(nights);
    let need = days.saturating_mul(profile.mb_per_day());
    let currency = main_currency(plans)?;
    let priced: Vec<usize> = (0..plans.len())
        .filter(|&i| {
            plans[i]
                .price
                .as_ref()
                .is_some_and(|m| m.currency == currency)
        })
        .collect();
    let data = |i: usize| {
        if plans[i].unlimited {
            u64::MAX
        } else {
            plans[i].data_mb.unwrap_or(0)
        }
    };
    let minor = |i: usize| plans[i].price.as_ref().map_or(i64::MAX, |m| m.minor);

    let fits = priced
        .iter()
        .copied()
        .filter(|&i| covers(&plans[i], days) && data(i) >= need)
        .min_by_key(|&i| (minor(i), std::cmp::Reverse(data(i))));
    if let Some(index) = fits {
        let p = &plans[index];
        let roomy = p.unlimited
            || p.validity_days.unwrap_or(0) > days
            || data(index) >= need.saturating_add(need / 2);
        return Some(Recommendation {
            index,
            reason: Reason::Fits {
                days,
                roomy,
                dated: nights.is_some(),
            },
        });
    }
    let most_data = priced
        .iter()
        .copied()
        .filter(|&i| covers(&plans[i], days))
        .min_by_key(|&i| (std::cmp::Reverse(data(i)), minor(i)));
    if let Some(index) = most_data {
        return Some(Recommendation {
            index,
            reason: Reason::MostData { days },
        });
    }
    let longest = priced.iter().copied().min_by_key(|&i| {
        let p = &plans[i];
        (
            std::cmp::Reverse(p.validity_days.unwrap_or(0)),
            !p.rechargeable.unwrap_or(false),
            std::cmp::Reverse(data(i)),
            minor(i),
        )
    })?;
    Some(Recommendation {
        index: longest,
        reason: Reason::Longest {
            days,
            rechargeable: plans[longest].rechargeable.unwrap_or(false),
        },
    })
}

#[cfg(test)]
mod tests;
