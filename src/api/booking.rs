//! Booking: `update-customer-info`, `create-booking`, `booking-details`.

use super::lenient;
use super::model::{BookingStatus, Esim, PaymentStatus, RawBookingState, RawPrice};

/// eSIMs wherever ITT put them: top level, else under `data`.
fn esims_of(top: Vec<Esim>, data: Option<RawBookingData>) -> Vec<Esim> {
    if top.is_empty() {
        data.unwrap_or_default().esims
    } else {
        top
    }
}
use super::Reply;
use crate::money::Money;
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
    /// From `search`.
    pub package_tracking_id: String,
    /// Number of eSIMs (one per traveller's phone).
    #[serde(rename = "eSim_quantity")]
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

#[derive(Clone, Debug, Default, Deserialize)]
struct RawBookingData {
    #[serde(default, alias = "eSims", deserialize_with = "lenient::lenient_list")]
    esims: Vec<Esim>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    payment_url: Option<String>,
}

/// `create-booking` and `create-topup-booking` as ITT sends them.
#[derive(Clone, Debug, Deserialize)]
pub struct RawBookingCreated {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    booking: Option<RawBookingState>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    price: Option<RawPrice>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    data: Option<RawBookingData>,
    #[serde(default, alias = "eSims", deserialize_with = "lenient::lenient_list")]
    esims: Vec<Esim>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    payment_url: Option<String>,
    /// Added by the hotel's proxy: proves this browser made this booking.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_token: Option<String>,
}

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

impl Reply for RawBookingCreated {
    type Output = BookingCreated;

    fn finish(self) -> Result<BookingCreated, &'static str> {
        let booking_id = self.booking_id.ok_or("booking_id")?;
        let state = self.booking.unwrap_or_default();
        let data_payment_url = self.data.as_ref().and_then(|d| d.payment_url.clone());
        let esims = esims_of(self.esims, self.data);
        Ok(BookingCreated {
            booking_id,
            payment_url: state
                .payment_url
                .clone()
                .or(self.payment_url)
                .or(data_payment_url),
            status: state.status(),
            payment_status: state.payment(),
            total: self.price.and_then(|p| p.money()),
            esims,
            booking_token: self.booking_token,
        })
    }
}

/// Asks for a booking's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BookingDetailsRequest {
    /// ITT booking id.
    pub booking_id: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct RawBookedPackage {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    package_id: Option<String>,
}

/// `booking-details` as ITT sends it (a large object shared with other products;
/// only what the widget needs is read).
#[derive(Clone, Debug, Deserialize)]
pub struct RawBookingDetails {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    booking: Option<RawBookingState>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    price: Option<RawPrice>,
    #[serde(
        default,
        rename = "eSim_package",
        deserialize_with = "lenient::opt_object"
    )]
    package: Option<RawBookedPackage>,
    #[serde(default, alias = "eSims", deserialize_with = "lenient::lenient_list")]
    esims: Vec<Esim>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    data: Option<RawBookingData>,
    /// Added by the hotel's proxy, refreshed once eSIMs are issued.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    booking_token: Option<String>,
}

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
}

impl Reply for RawBookingDetails {
    type Output = BookingDetails;

    fn finish(self) -> Result<BookingDetails, &'static str> {
        let booking_id = self.booking_id.ok_or("booking_id")?;
        let state = self.booking.unwrap_or_default();
        let package = self.package.unwrap_or_default();
        let esims = esims_of(self.esims, self.data);
        Ok(BookingDetails {
            booking_id,
            status: state.status(),
            payment_status: state.payment(),
            quantity: state.quantity,
            package_title: package.title,
            package_id: package.package_id,
            total: self.price.and_then(|p| p.money()),
            esims,
            booking_token: self.booking_token,
        })
    }
}
