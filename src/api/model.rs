//! Wire shapes and domain types shared by several operations.

use crate::money::Money;
use itt_contract::answers::{PRICE_AMOUNT_KEYS, PRICE_CONTAINER, PRICE_CURRENCY_KEYS};
use itt_contract::recognize::{Node, PaymentState};

/// A booked eSIM, as recognised in ITT's answers (see [`itt_contract::recognize::esims`]).
pub type Esim = itt_contract::recognize::EsimEntry;

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
    /// A payment was started but no status says paid yet: checked again.
    Pending,
    /// Paid.
    Paid,
    /// Payment failed or was declined on the payment page.
    Failed,
    /// The payment (or the booking) was cancelled.
    Cancelled,
    /// Money returned.
    Refunded,
    /// A value this client does not know.
    Other(String),
}

impl PaymentStatus {
    /// Parses ITT's spelling (any case).
    pub fn parse(text: &str) -> PaymentStatus {
        match text.trim().to_ascii_lowercase().as_str() {
            "unpaid" | "due" | "awaiting_payment" => PaymentStatus::Unpaid,
            "pending" => PaymentStatus::Pending,
            "paid" | "success" | "completed" | "captured" => PaymentStatus::Paid,
            "failed" | "declined" => PaymentStatus::Failed,
            "cancelled" | "canceled" => PaymentStatus::Cancelled,
            "refunded" => PaymentStatus::Refunded,
            _ => PaymentStatus::Other(text.trim().to_string()),
        }
    }
}

impl PaymentStatus {
    /// The state [`itt_contract::recognize::payment`] read from an answer.
    pub fn of(state: PaymentState) -> PaymentStatus {
        match state {
            PaymentState::Paid => PaymentStatus::Paid,
            PaymentState::Pending => PaymentStatus::Pending,
            PaymentState::Unpaid | PaymentState::Unknown => PaymentStatus::Unpaid,
            PaymentState::Failed => PaymentStatus::Failed,
            PaymentState::Cancelled => PaymentStatus::Cancelled,
            PaymentState::Refunded => PaymentStatus::Refunded,
        }
    }
}

/// The total of a booking answer's `price` object (`total_price`, `total` or
/// `sell_price`, with `currency` or `sell_currency`).
pub fn price_of(answer: &Node) -> Option<Money> {
    let price = answer.get_any(&PRICE_CONTAINER)?;
    let amount = price
        .text_of(&PRICE_AMOUNT_KEYS)
        .filter(|a| crate::money::is_decimal(a))?;
    let currency = price.text_of(&PRICE_CURRENCY_KEYS)?;
    Money::parse(&amount, &currency)
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
}
