//! The browser transport: `fetch` with a timeout, aborted when its future is dropped.
//!
//! Dropping the future (a component unmounting, a newer search replacing an older
//! one) aborts the request, so stale answers never arrive and no work is wasted.

use super::booking::{
    BookingCreated, BookingDetails, BookingDetailsRequest, CreateBookingRequest, CustomerUpdated,
    RawBookingCreated, RawBookingDetails, RawCustomerUpdated, UpdateCustomerRequest,
};
use super::devices::{Device, RawDevices, COMPATIBLE_DEVICES_BODY};
use super::install::{InstallInstructions, InstallRequest, RawInstallReply};
use super::package::{PackageDetails, PackageRequest, RawPackageReply};
use super::search::{SearchRequest, SearchResponse, SearchResults};
use super::topup::{
    CreateTopupRequest, IccidRequest, RawTopupHistory, RawTopupPackages, TopUp, TopUpRecord,
};
use super::usage::{DataUsage, DataUsageRequest, RawDataUsage};
use super::{decode_reply, ApiError, Operation, RawResponse, Reply};
use crate::url::ProxyUrl;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a request may take before the traveller is told and may retry.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// Calls one operation and decodes its answer into the domain value.
async fn call<R: Reply>(
    proxy: &ProxyUrl,
    operation: Operation,
    body: &str,
) -> Result<R::Output, ApiError> {
    let raw = post(proxy, operation, body, DEFAULT_TIMEOUT_MS).await?;
    decode_reply::<R>(operation, &raw)
}

/// A request as JSON text (serializing these plain structs cannot fail).
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `search`: plans for a destination.
pub async fn search(proxy: &ProxyUrl, req: &SearchRequest) -> Result<SearchResults, ApiError> {
    call::<SearchResponse>(proxy, Operation::Search, &req.body()).await
}

/// `single-esim-package`: one plan in detail.
pub async fn single_esim_package(
    proxy: &ProxyUrl,
    req: &PackageRequest,
) -> Result<PackageDetails, ApiError> {
    call::<RawPackageReply>(proxy, Operation::SingleEsimPackage, &json(req)).await
}

/// `update-customer-info`: the traveller on the pending booking.
pub async fn update_customer_info(
    proxy: &ProxyUrl,
    req: &UpdateCustomerRequest,
) -> Result<CustomerUpdated, ApiError> {
    call::<RawCustomerUpdated>(proxy, Operation::UpdateCustomerInfo, &json(req)).await
}

/// `create-booking`: book and get the payment page.
pub async fn create_booking(
    proxy: &ProxyUrl,
    req: &CreateBookingRequest,
) -> Result<BookingCreated, ApiError> {
    call::<RawBookingCreated>(proxy, Operation::CreateBooking, &json(req)).await
}

/// `booking-details`: a booking's state and eSIMs.
pub async fn booking_details(
    proxy: &ProxyUrl,
    req: &BookingDetailsRequest,
) -> Result<BookingDetails, ApiError> {
    call::<RawBookingDetails>(proxy, Operation::BookingDetails, &json(req)).await
}

/// `data-usage`: data left on an eSIM.
pub async fn data_usage(proxy: &ProxyUrl, req: &DataUsageRequest) -> Result<DataUsage, ApiError> {
    call::<RawDataUsage>(proxy, Operation::DataUsage, &json(req)).await
}

/// `installation-instructions`: how to install an eSIM.
pub async fn installation_instructions(
    proxy: &ProxyUrl,
    req: &InstallRequest,
) -> Result<InstallInstructions, ApiError> {
    call::<RawInstallReply>(proxy, Operation::InstallationInstructions, &json(req)).await
}

/// `compatible-devices`: phones that can use an eSIM.
pub async fn compatible_devices(proxy: &ProxyUrl) -> Result<Vec<Device>, ApiError> {
    call::<RawDevices>(proxy, Operation::CompatibleDevices, COMPATIBLE_DEVICES_BODY).await
}

/// `topup-packages`: top-ups offered for an eSIM.
pub async fn topup_packages(proxy: &ProxyUrl, req: &IccidRequest) -> Result<Vec<TopUp>, ApiError> {
    call::<RawTopupPackages>(proxy, Operation::TopupPackages, &json(req)).await
}

/// `create-topup-booking`: book a top-up and get the payment page.
pub async fn create_topup_booking(
    proxy: &ProxyUrl,
    req: &CreateTopupRequest,
) -> Result<BookingCreated, ApiError> {
    call::<RawBookingCreated>(proxy, Operation::CreateTopupBooking, &json(req)).await
}

/// `topup-history`: top-ups bought for an eSIM.
pub async fn topup_history(
    proxy: &ProxyUrl,
    req: &IccidRequest,
) -> Result<Vec<TopUpRecord>, ApiError> {
    call::<RawTopupHistory>(proxy, Operation::TopupHistory, &json(req)).await
}

/// Aborts the request and cancels its timer unless the request completed.
struct InFlight {
    controller: web_sys::AbortController,
    timer: Option<i32>,
    done: bool,
    _on_timeout: Option<Closure<dyn FnMut()>>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let (Some(timer), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
        if !self.done {
            self.controller.abort();
        }
    }
}

/// POSTs a JSON body to `{proxy}/esim/<operation>` and returns the answer undecoded.
pub async fn post(
    proxy: &ProxyUrl,
    operation: Operation,
    body: &str,
    timeout_ms: u32,
) -> Result<RawResponse, ApiError> {
    let op = operation.name();
    let network = |detail: String| ApiError::Network {
        operation: op,
        detail,
    };
    let window = web_sys::window().ok_or_else(|| network("no window".into()))?;
    let controller = web_sys::AbortController::new().map_err(|e| network(js_text(&e)))?;
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms as i32,
        )
        .ok();
    let mut guard = InFlight {
        controller: controller.clone(),
        timer,
        done: false,
        _on_timeout: Some(on_timeout),
    };

    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|e| network(js_text(&e)))?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|e| network(js_text(&e)))?;
    headers
        .set("Accept", "application/json")
        .map_err(|e| network(js_text(&e)))?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&proxy.endpoint(op), &init)
        .map_err(|e| network(js_text(&e)))?;

    let fail = |e: JsValue| {
        if timed_out.get() {
            ApiError::Timeout {
                operation: op,
                after_ms: timeout_ms,
            }
        } else {
            network(js_text(&e))
        }
    };
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(fail)?
        .unchecked_into();
    let status = response.status();
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let text_promise = response.text().map_err(fail)?;
    let body = JsFuture::from(text_promise)
        .await
        .map_err(fail)?
        .as_string()
        .unwrap_or_default();
    guard.done = true;
    Ok(RawResponse {
        status,
        retry_after,
        body,
    })
}

/// A JS error as text for developer messages.
fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the browser gave no reason".to_string())
}
