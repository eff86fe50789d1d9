//! Top-ups: `topup-packages`, `create-topup-booking`, `topup-history`.

use super::lenient;
use super::model::{money, PaymentStatus};
use super::search::parse_data_mb;
use super::Reply;
use crate::money::Money;
use itt_contract::answers::BOOKING_TOKEN_KEY;
use itt_contract::recognize::{self, Node};
use serde::{Deserialize, Serialize};

/// Asks what can be added to an eSIM, or what was added (the booking's
/// `tracking_id` is added by the proxy from the booking token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IccidRequest {
    /// The eSIM.
    #[serde(rename = "eSim_iccid")]
    pub iccid: String,
}

/// Books a top-up. The proxy adds `member_id`, `payment_type` and the booking's
/// `booking_tracking_id` (from the booking token); the rest is the reference's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateTopupRequest {
    /// From the top-up packages answer (`topup_tracking_id`).
    pub topup_tracking_id: String,
    /// The top-up's `id` (ITT's includes the ICCID and the plan).
    pub package_id: String,
    /// Where the hosted payment page sends the traveller back.
    pub redirect_url: String,
    /// Country calling code with `+`.
    pub isd_code: String,
    /// Phone number without the calling code.
    pub contact_no: String,
    /// Contact e-mail.
    pub email_address: String,
}

/// A top-up booking as ITT answers it: the reference shows only
/// `{"Status": "Success"}`, so every part is optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopupRequested {
    /// Its booking id, when ITT gives one.
    pub booking_id: Option<String>,
    /// A hosted payment page to send the traveller to, when ITT gives one.
    pub payment_url: Option<String>,
    /// Payment state, when the answer says.
    pub payment_status: PaymentStatus,
    /// The proxy's token for the top-up booking, when it has an id.
    pub booking_token: Option<String>,
}

/// `create-topup-booking` as ITT sends it, read by content.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct RawTopupCreated(Node);

impl Reply for RawTopupCreated {
    type Output = TopupRequested;

    fn finish(self) -> Result<TopupRequested, &'static str> {
        let answer = &self.0;
        Ok(TopupRequested {
            booking_id: recognize::booking_id(answer),
            payment_url: recognize::payment_urls(answer)
                .into_iter()
                .next()
                .map(|(_, url)| url),
            payment_status: PaymentStatus::of(recognize::payment(answer).state),
            booking_token: answer.get(BOOKING_TOKEN_KEY).and_then(Node::text),
        })
    }
}

/// A top-up on offer, or bought (history entries add the booking fields).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct RawTopup {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    id: Option<String>,
    #[serde(
        default,
        rename = "package_id",
        deserialize_with = "lenient::opt_string"
    )]
    id_alt: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    created_at: Option<String>,
    #[serde(default, rename = "date", deserialize_with = "lenient::opt_string")]
    created_at_alt: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    data: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    amount: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    day: Option<u64>,
    #[serde(
        default,
        rename = "validity_days",
        deserialize_with = "lenient::opt_u64"
    )]
    day_alt: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    is_unlimited: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_decimal")]
    price: Option<String>,
    #[serde(
        default,
        rename = "sell_price",
        deserialize_with = "lenient::opt_decimal"
    )]
    price_alt: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    currency: Option<String>,
    #[serde(
        default,
        rename = "sell_currency",
        deserialize_with = "lenient::opt_string"
    )]
    currency_alt: Option<String>,
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
            self.price.as_deref().or(self.price_alt.as_deref()),
            self.currency
                .as_deref()
                .or(self.currency_alt.as_deref())
                .or(fallback_currency),
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

/// The top-ups on offer for an eSIM, with the tracking id to book one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopupOffer {
    /// ITT's `topup_tracking_id` (create-topup-booking requires it).
    pub topup_tracking_id: Option<String>,
    /// The top-ups.
    pub packages: Vec<TopUp>,
}

/// `topup-packages` as ITT sends it (`data` an object keyed per package, or a list).
#[derive(Clone, Debug, Deserialize)]
pub struct RawTopupPackages {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    topup_tracking_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    data: Vec<RawTopup>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    currency: Option<String>,
    #[serde(
        default,
        rename = "sell_currency",
        deserialize_with = "lenient::opt_string"
    )]
    currency_alt: Option<String>,
}

impl Reply for RawTopupPackages {
    type Output = TopupOffer;

    fn finish(self) -> Result<TopupOffer, &'static str> {
        let currency = self.currency.as_deref().or(self.currency_alt.as_deref());
        let packages = self
            .data
            .iter()
            .filter_map(|t| {
                // ITT's `package_id` ("including ICCID and plan") is what create-topup-booking
                // takes; the supplier's bare `id` only when ITT gives nothing else.
                let id = t.id_alt.clone().or(t.id.clone())?;
                Some(TopUp {
                    title: t.title.clone().unwrap_or_else(|| id.clone()),
                    id,
                    data_mb: t.data_mb(),
                    unlimited: t.unlimited(),
                    days: t.day.or(t.day_alt),
                    price: t.price(currency),
                })
            })
            .collect();
        Ok(TopupOffer {
            topup_tracking_id: self.topup_tracking_id,
            packages,
        })
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
                    package_id: t.id_alt.or(t.id),
                    title: t.title,
                    days: t.day.or(t.day_alt),
                    status: t.status,
                    created_at: t.created_at.or(t.created_at_alt),
                })
            })
            .collect())
    }
}
