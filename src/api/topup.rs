//! Top-ups: `topup-packages`, `create-topup-booking`, `topup-history`.

use super::lenient;
use super::model::money;
use super::search::parse_data_mb;
use super::Reply;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Asks what can be added to an eSIM, or what was added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IccidRequest {
    /// The eSIM.
    #[serde(rename = "eSim_iccid")]
    pub iccid: String,
}

/// Books a top-up (payment type is server-side).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateTopupRequest {
    /// The eSIM.
    #[serde(rename = "eSim_iccid")]
    pub iccid: String,
    /// The top-up's `id`.
    pub package_id: String,
    /// Where the hosted payment page sends the traveller back.
    pub redirect_url: String,
}

/// A top-up on offer, or bought (history entries add the booking fields).
#[derive(Clone, Debug, Default, Deserialize)]
struct RawTopup {
    #[serde(
        default,
        alias = "package_id",
        deserialize_with = "lenient::opt_string"
    )]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
    #[serde(default, alias = "date", deserialize_with = "lenient::opt_string")]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    data: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    amount: Option<u64>,
    #[serde(
        default,
        alias = "validity_days",
        deserialize_with = "lenient::opt_u64"
    )]
    day: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    is_unlimited: Option<bool>,
    #[serde(
        default,
        alias = "sell_price",
        deserialize_with = "lenient::opt_decimal"
    )]
    price: Option<String>,
    #[serde(
        default,
        alias = "sell_currency",
        deserialize_with = "lenient::opt_string"
    )]
    currency: Option<String>,
}

impl RawTopup {
    fn unlimited(&self) -> bool {
        self.is_unlimited.unwrap_or(false)
            || self
                .data
                .as_deref()
                .is_some_and(|d| d.to_ascii_lowercase().contains("unlimited"))
    }

    fn data_mb(&self) -> Option<u64> {
        if self.unlimited() {
            return None;
        }
        self.amount
            .filter(|mb| *mb > 0)
            .or_else(|| self.data.as_deref().and_then(parse_data_mb))
    }

    fn price(&self, fallback_currency: Option<&str>) -> Option<Money> {
        money(
            self.price.as_deref(),
            self.currency.as_deref().or(fallback_currency),
        )
    }
}

/// A top-up on offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopUp {
    /// Id to book it with.
    pub id: String,
    /// Supplier title.
    pub title: String,
    /// MB added, when limited.
    pub data_mb: Option<u64>,
    /// Unlimited data.
    pub unlimited: bool,
    /// Days of validity added.
    pub days: Option<u64>,
    /// Price.
    pub price: Option<Money>,
}

/// `topup-packages` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawTopupPackages {
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    data: Vec<RawTopup>,
    #[serde(
        default,
        alias = "sell_currency",
        deserialize_with = "lenient::opt_string"
    )]
    currency: Option<String>,
}

impl Reply for RawTopupPackages {
    type Output = Vec<TopUp>;

    fn finish(self) -> Result<Vec<TopUp>, &'static str> {
        let currency = self.currency.as_deref();
        Ok(self
            .data
            .iter()
            .filter_map(|t| {
                let id = t.id.clone()?;
                Some(TopUp {
                    title: t.title.clone().unwrap_or_else(|| id.clone()),
                    id,
                    data_mb: t.data_mb(),
                    unlimited: t.unlimited(),
                    days: t.day,
                    price: t.price(currency),
                })
            })
            .collect())
    }
}

/// A top-up bought for an eSIM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopUpRecord {
    /// Top-up booking id.
    pub booking_id: String,
    /// Package bought.
    pub package_id: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// MB added, when limited.
    pub data_mb: Option<u64>,
    /// Unlimited data.
    pub unlimited: bool,
    /// Days added.
    pub days: Option<u64>,
    /// Price paid.
    pub price: Option<Money>,
    /// e.g. `completed`, `pending`.
    pub status: Option<String>,
    /// When (`YYYY-MM-DD HH:MM:SS`).
    pub created_at: Option<String>,
}

/// `topup-history` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawTopupHistory {
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    data: Vec<RawTopup>,
}

impl Reply for RawTopupHistory {
    type Output = Vec<TopUpRecord>;

    fn finish(self) -> Result<Vec<TopUpRecord>, &'static str> {
        Ok(self
            .data
            .into_iter()
            .filter_map(|t| {
                Some(TopUpRecord {
                    data_mb: t.data_mb(),
                    unlimited: t.unlimited(),
                    price: t.price(None),
                    booking_id: t.booking_id?,
                    package_id: t.id,
                    title: t.title,
                    days: t.day,
                    status: t.status,
                    created_at: t.created_at,
                })
            })
            .collect())
    }
}
