//! The browser transport: `fetch` with a timeout, aborted when its future is dropped.
//!
//! Dropping the future (a component unmounting, a newer search replacing an older
//! one) aborts the request, so stale answers never arrive and no work is wasted.

use super::client::{Client, Transport, BOOKING_TOKEN_HEADER};
use super::{ApiError, Operation, RawResponse};
use crate::url::ProxyUrl;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a request may take before the traveller is told and may retry.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// The browser transport: `fetch` to the hotel's proxy.
#[derive(Clone, Debug)]
pub struct Fetch {
    /// The proxy's base URL.
    pub proxy: ProxyUrl,
    /// Per-request time limit.
    pub timeout_ms: u32,
}

impl Transport for Fetch {
    fn post(
        &self,
        operation: Operation,
        body: String,
        booking_token: Option<&str>,
    ) -> impl Future<Output = Result<RawResponse, ApiError>> {
        let token = booking_token.map(str::to_string);
        async move {
            post(
                &self.proxy,
                operation,
                &body,
                token.as_deref(),
                self.timeout_ms,
            )
            .await
        }
    }
}

/// How long create-booking may take: longer than the proxy's own limit for ITT
/// (20 s by default), so the proxy, not the browser, decides a booking's fate.
pub const BOOKING_TIMEOUT_MS: u32 = 35_000;

/// The client for create-booking, with [`BOOKING_TIMEOUT_MS`].
pub fn booking_client(proxy: &ProxyUrl) -> Client<Fetch> {
    Client::new(Fetch {
        proxy: proxy.clone(),
        timeout_ms: BOOKING_TIMEOUT_MS,
    })
}

/// The widget's client for a proxy URL, with the default timeout.
pub fn client(proxy: &ProxyUrl) -> Client<Fetch> {
    Client::new(Fetch {
        proxy: proxy.clone(),
        timeout_ms: DEFAULT_TIMEOUT_MS,
    })
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
    booking_token: Option<&str>,
    timeout_ms: u32,
) -> Result<RawResponse, ApiError> {
    let op = operation.name();
    send(&proxy.endpoint(op), op, body, booking_token, timeout_ms).await
}

/// POSTs a JSON body to `url` (named `op` in errors) with the same timeout and abort rules.
pub async fn send(
    url: &str,
    op: &'static str,
    body: &str,
    booking_token: Option<&str>,
    timeout_ms: u32,
) -> Result<RawResponse, ApiError> {
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
    if let Some(token) = booking_token {
        headers
            .set(BOOKING_TOKEN_HEADER, token)
            .map_err(|e| network(js_text(&e)))?;
    }
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|e| network(js_text(&e)))?;

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
