//! The typed client: one method per browser operation, over any [`Transport`].
//!
//! In the browser the transport is `fetch` ([`super::http::Fetch`]); native
//! tests plug in an HTTP client, so the very same request building and decoding
//! is exercised against the real server and its sandbox.

use super::booking::{
    BookingCreated, BookingDetails, BookingDetailsRequest, CreateBookingRequest, CustomerUpdated,
    RawBookingCreated, RawBookingDetails, RawCustomerUpdated, UpdateCustomerRequest,
};
use super::devices::{Device, RawDevices, COMPATIBLE_DEVICES_BODY};
use super::install::{InstallInstructions, InstallRequest, RawInstallReply};
use super::package::{PackageDetails, PackageRequest, RawPackageReply};
use super::search::{SearchRequest, SearchResponse, SearchResults};
use super::topup::{
    CreateTopupRequest, IccidRequest, RawTopupCreated, RawTopupHistory, RawTopupPackages,
    TopUpRecord, TopupOffer, TopupRequested,
};
use super::usage::{DataUsage, DataUsageRequest, RawDataUsage};
use super::{decode_reply, ApiError, Operation, RawResponse, Reply};
use std::future::Future;

pub use itt_contract::BOOKING_TOKEN_HEADER;

/// Sends one operation's JSON body to the proxy and returns the answer undecoded.
pub trait Transport {
    /// `POST {proxy}/esim/<operation>` with `body`, and the booking token header when given.
    fn post(
        &self,
        operation: Operation,
        body: String,
        booking_token: Option<&str>,
    ) -> impl Future<Output = Result<RawResponse, ApiError>>;
}

/// The ITT client of the widget.
#[derive(Clone, Debug)]
pub struct Client<T> {
    transport: T,
}

/// A request as JSON text (serializing these plain structs cannot fail).
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl<T: Transport> Client<T> {
    /// A client sending through `transport`.
    pub fn new(transport: T) -> Self {
        Client { transport }
    }

    /// What it sends through.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    async fn call<R: Reply>(
        &self,
        operation: Operation,
        body: String,
        token: Option<&str>,
    ) -> Result<R::Output, ApiError> {
        let raw = self.transport.post(operation, body, token).await?;
        decode_reply::<R>(operation, &raw)
    }

    /// `search`: plans for a destination.
    pub async fn search(&self, req: &SearchRequest) -> Result<SearchResults, ApiError> {
        self.call::<SearchResponse>(Operation::Search, req.body(), None)
            .await
    }

    /// `single-esim-package`: one plan in detail.
    pub async fn single_esim_package(
        &self,
        req: &PackageRequest,
    ) -> Result<PackageDetails, ApiError> {
        self.call::<RawPackageReply>(Operation::SingleEsimPackage, json(req), None)
            .await
    }

    /// `update-customer-info`: the traveller on the pending booking.
    pub async fn update_customer_info(
        &self,
        req: &UpdateCustomerRequest,
    ) -> Result<CustomerUpdated, ApiError> {
        self.call::<RawCustomerUpdated>(Operation::UpdateCustomerInfo, json(req), None)
            .await
    }

    /// `create-booking`: book and get the payment page (and the booking token).
    pub async fn create_booking(
        &self,
        req: &CreateBookingRequest,
    ) -> Result<BookingCreated, ApiError> {
        self.call::<RawBookingCreated>(Operation::CreateBooking, json(req), None)
            .await
    }

    /// `booking-details`: a booking's state and eSIMs.
    pub async fn booking_details(
        &self,
        req: &BookingDetailsRequest,
        token: Option<&str>,
    ) -> Result<BookingDetails, ApiError> {
        self.call::<RawBookingDetails>(Operation::BookingDetails, json(req), token)
            .await
    }

    /// `data-usage`: data left on an eSIM.
    pub async fn data_usage(
        &self,
        req: &DataUsageRequest,
        token: Option<&str>,
    ) -> Result<DataUsage, ApiError> {
        self.call::<RawDataUsage>(Operation::DataUsage, json(req), token)
            .await
    }

    /// `installation-instructions`: how to install an eSIM.
    pub async fn installation_instructions(
        &self,
        req: &InstallRequest,
        token: Option<&str>,
    ) -> Result<InstallInstructions, ApiError> {
        self.call::<RawInstallReply>(Operation::InstallationInstructions, json(req), token)
            .await
    }

    /// `compatible-devices`: phones that can use an eSIM.
    pub async fn compatible_devices(&self) -> Result<Vec<Device>, ApiError> {
        self.call::<RawDevices>(
            Operation::CompatibleDevices,
            COMPATIBLE_DEVICES_BODY.to_string(),
            None,
        )
        .await
    }

    /// `topup-packages`: top-ups offered for an eSIM.
    pub async fn topup_packages(
        &self,
        req: &IccidRequest,
        token: Option<&str>,
    ) -> Result<TopupOffer, ApiError> {
        self.call::<RawTopupPackages>(Operation::TopupPackages, json(req), token)
            .await
    }

    /// `create-topup-booking`: book a top-up (a payment page when ITT gives one).
    pub async fn create_topup_booking(
        &self,
        req: &CreateTopupRequest,
        token: Option<&str>,
    ) -> Result<TopupRequested, ApiError> {
        self.call::<RawTopupCreated>(Operation::CreateTopupBooking, json(req), token)
            .await
    }

    /// `topup-history`: top-ups bought for an eSIM.
    pub async fn topup_history(
        &self,
        req: &IccidRequest,
        token: Option<&str>,
    ) -> Result<Vec<TopUpRecord>, ApiError> {
        self.call::<RawTopupHistory>(Operation::TopupHistory, json(req), token)
            .await
    }
}
