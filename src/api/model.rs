//! Wire shapes and domain types shared by several operations.

use super::lenient;
use crate::money::Money;
use serde::Deserialize;

/// A booked eSIM as ITT (and its supplier) describe it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Esim {
    /// Integrated circuit card id: identifies the eSIM for usage and top-ups.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub iccid: Option<String>,
    /// SM-DP+ address.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub lpa: Option<String>,
    /// Activation code (matching id).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub matching_id: Option<String>,
    /// Full activation string `LPA:1$<smdp>$<matching id>` (what the QR code encodes).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub qrcode: Option<String>,
    /// Image of the QR code hosted by the supplier.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub qrcode_url: Option<String>,
    /// iOS 17.4+ one-tap install link.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub direct_apple_installation_url: Option<String>,
    /// `automatic` or `manual`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub apn_type: Option<String>,
    /// APN to enter when `apn_type` is manual.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub apn_value: Option<String>,
    /// Whether data roaming must be on.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_roaming: Option<bool>,
}

impl Esim {
    /// The activation string: ITT's `qrcode`, or built from `lpa` and `matching_id`.
    pub fn activation_code(&self) -> Option<String> {
        self.qrcode
            .clone()
            .or_else(|| match (&self.lpa, &self.matching_id) {
                (Some(lpa), Some(id)) => Some(format!("LPA:1${lpa}${id}")),
                _ => None,
            })
    }
}

/// Where a booking stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookingStatus {
    /// Created, waiting for payment or confirmation.
    Pending,
    /// Confirmed: eSIMs are issued.
    Confirmed,
    /// Cancelled or failed.
    Cancelled,
    /// A value this client does not know (shown as pending, logged as is).
    Other(String),
}

impl BookingStatus {
    /// Parses ITT's spelling (any case).
    pub fn parse(text: &str) -> BookingStatus {
        match text.trim().to_ascii_lowercase().as_str() {
            "pending" | "processing" | "on_hold" | "hold" => BookingStatus::Pending,
            "confirmed" | "completed" | "complete" | "success" | "issued" => {
                BookingStatus::Confirmed
            }
            "cancelled" | "canceled" | "failed" | "rejected" | "expired" => {
                BookingStatus::Cancelled
            }
            _ => BookingStatus::Other(text.trim().to_string()),
        }
    }
}

/// Whether a booking was paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Not paid (yet).
    Unpaid,
    /// Paid.
    Paid,
    /// Payment failed or was cancelled on the payment page.
    Failed,
    /// Money returned.
    Refunded,
    /// A value this client does not know.
    Other(String),
}

impl PaymentStatus {
    /// Parses ITT's spelling (any case).
    pub fn parse(text: &str) -> PaymentStatus {
        match text.trim().to_ascii_lowercase().as_str() {
            "unpaid" | "pending" | "due" | "awaiting_payment" => PaymentStatus::Unpaid,
            "paid" | "success" | "completed" | "captured" => PaymentStatus::Paid,
            "failed" | "cancelled" | "canceled" | "declined" => PaymentStatus::Failed,
            "refunded" => PaymentStatus::Refunded,
            _ => PaymentStatus::Other(text.trim().to_string()),
        }
    }
}

/// The `booking` object of booking answers.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct RawBookingState {
    /// e.g. `pending`, `confirmed`.
    #[serde(default, alias = "status", deserialize_with = "lenient::opt_string")]
    pub booking_status: Option<String>,
    /// e.g. `unpaid`, `paid`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub payment_status: Option<String>,
    /// Hosted payment page for `onlinepayment` / `card`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub payment_url: Option<String>,
    /// Number of eSIMs.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub quantity: Option<u64>,
    /// When it was booked (`YYYY-MM-DD HH:MM:SS`).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub booking_date: Option<String>,
}

impl RawBookingState {
    /// Booking state; a missing one means the booking is still pending.
    pub fn status(&self) -> BookingStatus {
        self.booking_status
            .as_deref()
            .map_or(BookingStatus::Pending, BookingStatus::parse)
    }

    /// Payment state; a missing one means nothing was paid yet.
    pub fn payment(&self) -> PaymentStatus {
        self.payment_status
            .as_deref()
            .map_or(PaymentStatus::Unpaid, PaymentStatus::parse)
    }
}

/// The `price` object of booking answers.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct RawPrice {
    /// Total charged.
    #[serde(
        default,
        alias = "total",
        alias = "sell_price",
        deserialize_with = "lenient::opt_decimal"
    )]
    pub total_price: Option<String>,
    /// ISO 4217 code.
    #[serde(
        default,
        alias = "sell_currency",
        deserialize_with = "lenient::opt_string"
    )]
    pub currency: Option<String>,
}

impl RawPrice {
    /// The total as money, when both parts are usable.
    pub fn money(&self) -> Option<Money> {
        money(self.total_price.as_deref(), self.currency.as_deref())
    }
}

/// Money from optional decimal text and currency code.
pub fn money(amount: Option<&str>, currency: Option<&str>) -> Option<Money> {
    Money::parse(amount?, currency?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_any_spelling() {
        assert_eq!(
            BookingStatus::parse(" Confirmed "),
            BookingStatus::Confirmed
        );
        assert_eq!(BookingStatus::parse("CANCELED"), BookingStatus::Cancelled);
        assert_eq!(
            BookingStatus::parse("weird"),
            BookingStatus::Other("weird".into())
        );
        assert_eq!(PaymentStatus::parse("PAID"), PaymentStatus::Paid);
        assert_eq!(PaymentStatus::parse("unpaid"), PaymentStatus::Unpaid);
        assert_eq!(PaymentStatus::parse("declined"), PaymentStatus::Failed);
    }

    #[test]
    fn activation_code_is_built_when_missing() {
        let esim = Esim {
            lpa: Some("lpa.example".into()),
            matching_id: Some("ABC".into()),
            ..Esim::default()
        };
        assert_eq!(
            esim.activation_code().as_deref(),
            Some("LPA:1$lpa.example$ABC")
        );
        assert_eq!(Esim::default().activation_code(), None);
    }
}
