//! The browser's `Intl` for prices and country names, session storage, timers,
//! and the lazily loaded modules (the sanitizer, the booking module): the few
//! things the views need from the browser.
//!
//! Every function degrades: without `Intl` prices use [`Money::format`] and
//! countries their code; without storage nothing is remembered; without the
//! sanitizer supplier HTML is shown as plain text.

use crate::i18n::{self, Locale};
use crate::money::{minor_digits, Money};
use crate::trip::{Date, TripDates};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn set(target: &Object, key: &str, value: &str) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &JsValue::from_str(value));
}

thread_local! {
    /// `Intl` formatters by "kind|locale|currency": building one costs far more than using it.
    static FORMATTERS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// A cached `new Intl.<kind>([locale], options)`.
fn formatter(kind: &str, locale: Locale, options: &[(&str, &str)]) -> Option<JsValue> {
    let key = format!(
        "{kind}|{}|{}",
        locale.tag(),
        options
            .iter()
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
            .join(",")
    );
    if let Some(f) = FORMATTERS.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    }) {
        return Some(f);
    }
    let ctor: Function = get(&get(&js_sys::global(), "Intl")?, kind)?
        .dyn_into()
        .ok()?;
    let opts = Object::new();
    for (k, v) in options {
        set(&opts, k, v);
    }
    let args = Array::of2(&JsValue::from_str(locale.intl_tag()), &opts);
    let made = Reflect::construct(&ctor, &args).ok()?;
    FORMATTERS.with(|c| c.borrow_mut().push((key, made.clone())));
    Some(made)
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Option<String> {
    let f: Function = get(target, method)?.dyn_into().ok()?;
    f.call1(target, arg).ok()?.as_string()
}

/// `money` in the page's locale with `Intl.NumberFormat` (`฿489.41`, `489,41 €`).
pub fn price(money: &Money, locale: Locale) -> String {
    let digits = minor_digits(&money.currency) as i32;
    let amount = money.minor as f64 / 10f64.powi(digits);
    formatter(
        "NumberFormat",
        locale,
        &[("style", "currency"), ("currency", &money.currency)],
    )
    .and_then(|f| call(&f, "format", &JsValue::from_f64(amount)))
    .unwrap_or_else(|| money.format(locale))
}

/// The stay in the page's locale: its dates as `Intl.DateTimeFormat` writes a
/// range ("1–8 Dec 2026", "1.–8. Dez. 2026") and its nights.
pub fn trip_summary(trip: &TripDates, locale: Locale) -> String {
    // Calendar dates, not instants: both ends at midnight UTC, formatted in UTC.
    let date = |d: Date| {
        js_sys::Date::new(&JsValue::from_f64(
            d.days_since_epoch() as f64 * 86_400_000.0,
        ))
    };
    formatter(
        "DateTimeFormat",
        locale,
        &[
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
            ("timeZone", "UTC"),
        ],
    )
    .and_then(|f| {
        let range: Function = get(&f, "formatRange")?.dyn_into().ok()?;
        range
            .call2(&f, &date(trip.check_in), &date(trip.check_out))
            .ok()?
            .as_string()
    })
    .map(|range| format!("{range} · {}", i18n::nights(locale, trip.nights())))
    .unwrap_or_else(|| trip.summary(locale))
}

/// A country's name in the page's language (`Intl.DisplayNames`), or its code.
pub fn country_name(code: &str, locale: Locale) -> String {
    formatter("DisplayNames", locale, &[("type", "region")])
        .and_then(|f| call(&f, "of", &JsValue::from_str(code)))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| code.to_string())
}

fn storage() -> Option<web_sys::Storage> {
    // Throws where storage is blocked (sandboxed frames, some privacy modes).
    web_sys::window()?.session_storage().ok()?
}

/// A session storage item.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a session storage item (silently not, where storage is blocked).
pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Removes a session storage item.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Supplier HTML cleaned by the sanitizer module, which the loader fetches on first use.
///
/// `None` when the module is unavailable (no loader, blocked download): callers
/// then show the text without markup.
pub async fn sanitize(html: &str) -> Option<String> {
    let loader = get(&js_sys::global(), "IttEsim")?;
    let load: Function = get(&loader, "sanitizer")?.dyn_into().ok()?;
    let promise: Promise = load.call0(&loader).ok()?.dyn_into().ok()?;
    let module = JsFuture::from(promise).await.ok()?;
    call(&module, "sanitize", &JsValue::from_str(html))
}

/// The booking module (the post-booking card), which the loader fetches once a
/// booking is confirmed; `Err` says why it is unavailable (no loader on the
/// page, a failed download), for the developer.
pub async fn booking_module() -> Result<JsValue, String> {
    let loader = get(&js_sys::global(), "IttEsim").ok_or("no IttEsim loader on the page")?;
    let load: Function = get(&loader, "booking")
        .and_then(|f| f.dyn_into().ok())
        .ok_or("the loader has no booking module")?;
    let promise: Promise = load
        .call0(&loader)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or("IttEsim.booking() returned no promise")?;
    JsFuture::from(promise).await.map_err(|e| {
        e.as_string()
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| "the booking module failed to load".into())
    })
}

/// Waits `ms` milliseconds (a timer promise; dropped with its task on unmount).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
