//! Booking: `update-customer-info`, `create-booking`, `booking-details`.

use super::lenient;
use super::model::{price_of, BookingStatus, Esim, PaymentStatus};
use super::Reply;
use crate::money::Money;
use itt_contract::answers::{
    BOOKING_TOKEN_KEY, PACKAGE_CONTAINER, PACKAGE_ID_KEYS, PACKAGE_TITLE_KEYS, QUANTITY_KEYS,
    QUANTITY_PLACES,
};
use itt_contract::recognize::{self, Node, PaxEntry};
use serde::{Deserialize, Serialize};

/// The traveller as ITT's `passenger` entry (server-side values are added by the proxy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passenger {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Contact e-mail.
    pub email: String,
    /// Country calling code with `+`, e.g. `+44`.
    pub isd_code: String,
    /// Phone number without the calling code.
    pub contact_no: String,
    /// `yes` for the lead traveller.
    pub is_lead: &'static str,
}

/// Puts the traveller on the pending booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpdateCustomerRequest {
    /// The package's tracking id (from `single-esim-package`).
    pub booking_tracking_id: String,
    /// The proxy's key for `booking_tracking_id` (from `single-esim-package`), when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_key: Option<String>,
    /// Travellers, lead first.
    pub passenger: Vec<Passenger>,
}

/// `update-customer-info` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawCustomerUpdated {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_tracking_id: Option<String>,
}

/// The traveller was recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerUpdated {
    /// Echoed tracking id, when ITT sends it.
    pub booking_tracking_id: Option<String>,
}

impl Reply for RawCustomerUpdated {
    type Output = CustomerUpdated;

    fn finish(self) -> Result<CustomerUpdated, &'static str> {
        Ok(CustomerUpdated {
            booking_tracking_id: self.booking_tracking_id,
        })
    }
}

/// Books the package for the traveller (member, payment type and agency are server-side).
///
/// Deserializable so a checkout attempt can keep the exact request it sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBookingRequest {
    /// From `single-esim-package`.
    pub booking_tracking_id: String,
    /// The proxy's key for `booking_tracking_id` (from `single-esim-package`), when
    /// it gave one; the proxy checks and removes it. Requests stored without one
    /// (by an earlier version) still load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_key: Option<String>,
    /// From `search`.
    pub package_tracking_id: String,
    /// Number of eSIMs (one per traveller's phone); a string on the wire, as the reference types it.
    #[serde(
        rename = "eSim_quantity",
        serialize_with = "quantity_text",
        deserialize_with = "quantity_any"
    )]
    pub esim_quantity: u32,
    /// Where the hosted payment page sends the traveller back.
    pub redirect_url: String,
    /// Country calling code with `+`.
    pub isd_code: String,
    /// Phone number without the calling code.
    pub contact_no: String,
    /// Contact e-mail.
    pub email_address: String,
    /// A payment grant from the hotel's backend: lets the proxy charge the hotel's
    /// ITT balance instead of sending the traveller to the payment page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_grant: Option<String>,
}

/// `create-booking` as ITT sends it: read by content ([`recognize`]), since the
/// reference collapses `general`, `eSim`, `booking` and `data`.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct RawBookingCreated(Node);

/// A new booking (or top-up booking), waiting for payment or already confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingCreated {
    /// ITT booking id, e.g. `ES2604MAYVA3A8`.
    pub booking_id: String,
    /// Hosted payment page, for `onlinepayment` / `card`.
    pub payment_url: Option<String>,
    /// Booking state.
    pub status: BookingStatus,
    /// Payment state.
    pub payment_status: PaymentStatus,
    /// Total charged.
    pub total: Option<Money>,
    /// eSIMs, when issued at once.
    pub esims: Vec<Esim>,
    /// The proxy's token for reading this booking later.
    pub booking_token: Option<String>,
}

/// What every booking answer shares, read by content.
struct BookingRead {
    status: BookingStatus,
    payment: PaymentStatus,
    payment_field: Option<String>,
    payment_url: Option<String>,
    total: Option<Money>,
    esims: Vec<Esim>,
    booking_token: Option<String>,
}

impl BookingRead {
    fn of(answer: &Node) -> BookingRead {
        let verdict = recognize::payment(answer);
        let status = recognize::booking_state(answer)
            .map_or(BookingStatus::Pending, |(_, v)| BookingStatus::parse(&v));
        BookingRead {
            status,
            payment: PaymentStatus::of(verdict.state),
            payment_field: verdict.field,
            payment_url: recognize::payment_urls(answer)
                .into_iter()
                .next()
                .map(|(_, url)| url),
            total: price_of(answer),
            esims: recognize::esims(answer),
            booking_token: answer.get(BOOKING_TOKEN_KEY).and_then(Node::text),
        }
    }
}

impl Reply for RawBookingCreated {
    type Output = BookingCreated;

    fn finish(self) -> Result<BookingCreated, &'static str> {
        let booking_id = recognize::booking_id(&self.0).ok_or("booking_id")?;
        let read = BookingRead::of(&self.0);
        Ok(BookingCreated {
            booking_id,
            payment_url: read.payment_url,
            status: read.status,
            payment_status: read.payment,
            total: read.total,
            esims: read.esims,
            booking_token: read.booking_token,
        })
    }
}

/// Asks for a booking's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BookingDetailsRequest {
    /// ITT booking id.
    pub booking_id: String,
}

/// `booking-details` as ITT sends it: a large object shared with other products
/// (the reference's sample is a flight booking); read by content.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct RawBookingDetails(Node);

/// A booking as the post-booking card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingDetails {
    /// ITT booking id.
    pub booking_id: String,
    /// Booking state.
    pub status: BookingStatus,
    /// Payment state.
    pub payment_status: PaymentStatus,
    /// Number of eSIMs booked.
    pub quantity: Option<u64>,
    /// Title of the booked package.
    pub package_title: Option<String>,
    /// Package id of the booked package.
    pub package_id: Option<String>,
    /// Total charged.
    pub total: Option<Money>,
    /// The eSIMs (one per quantity once issued).
    pub esims: Vec<Esim>,
    /// The proxy's token, refreshed to cover the eSIMs issued since booking.
    pub booking_token: Option<String>,
    /// The field that decided [`BookingDetails::payment_status`] (`general.payment_status`).
    pub payment_field: Option<String>,
    /// The travellers (the lead first): prefill for top-ups.
    pub passengers: Vec<PaxEntry>,
}

impl Reply for RawBookingDetails {
    type Output = BookingDetails;

    fn finish(self) -> Result<BookingDetails, &'static str> {
        let answer = &self.0;
        let booking_id = recognize::booking_id(answer).ok_or("booking_id")?;
        let read = BookingRead::of(answer);
        let package = answer.get_any(&PACKAGE_CONTAINER);
        let text = |keys: &[&str]| package.and_then(|p| p.text_of(keys));
        let quantity = QUANTITY_PLACES
            .iter()
            .filter_map(|k| answer.get_any(&[k]))
            .chain(std::iter::once(answer))
            .find_map(|n| n.text_of(&QUANTITY_KEYS))
            .and_then(|q| lenient::parse_u64(&q));
        Ok(BookingDetails {
            booking_id,
            status: read.status,
            payment_status: read.payment,
            quantity,
            package_title: text(&PACKAGE_TITLE_KEYS),
            package_id: text(&PACKAGE_ID_KEYS),
            total: read.total,
            esims: read.esims,
            booking_token: read.booking_token,
            payment_field: read.payment_field,
            passengers: recognize::passengers(answer),
        })
    }
}

fn quantity_text<S: serde::Serializer>(q: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&q.to_string())
}

/// A quantity as text or number (attempts stored before it was text keep working).
fn quantity_any<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    lenient::opt_u64(d)?
        .and_then(|q| u32::try_from(q).ok())
        .ok_or_else(|| serde::de::Error::custom("eSim_quantity is not a count"))
}
