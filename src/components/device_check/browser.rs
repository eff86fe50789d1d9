//! What the device check needs from the browser: its hints about the device,
//! the session's remembered verdict, and one copy of the device list per page.

use crate::api::client::Client;
use crate::api::http::Fetch;
use crate::api::ApiError;
use crate::device::{DeviceCatalog, Verdict};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

/// Session storage key of the verdict (the traveller's phone is the same for every widget on the page).
const STORAGE_KEY: &str = "itt-esim:device";

/// The user agent, its `model` client hint, and whether the screen is touch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnedHints {
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// `navigator.userAgentData.getHighEntropyValues(["model"])`, where supported.
    pub model_hint: Option<String>,
    /// `navigator.maxTouchPoints > 1`.
    pub touch: bool,
}

impl OwnedHints {
    /// Borrowed form for [`crate::device::user_agent::guess`].
    pub fn borrow(&self) -> crate::device::user_agent::BrowserHints<'_> {
        crate::device::user_agent::BrowserHints {
            user_agent: &self.user_agent,
            model_hint: self.model_hint.as_deref(),
            touch: self.touch,
        }
    }
}

/// Reads the browser's hints. The client hint is asked only on Android, where
/// Chrome's user agent hides the model; a browser without it answers nothing.
pub async fn hints() -> OwnedHints {
    let Some(window) = web_sys::window() else {
        return OwnedHints::default();
    };
    let navigator = window.navigator();
    let user_agent = navigator.user_agent().unwrap_or_default();
    let touch = navigator.max_touch_points() > 1;
    let model_hint = if user_agent.contains("Android") {
        model_hint(&navigator).await
    } else {
        None
    };
    OwnedHints {
        user_agent,
        model_hint,
        touch,
    }
}

async fn model_hint(navigator: &web_sys::Navigator) -> Option<String> {
    let get = |target: &JsValue, key: &str| js_sys::Reflect::get(target, &JsValue::from_str(key));
    let data = get(navigator, "userAgentData").ok()?;
    if !data.is_object() {
        return None;
    }
    let ask: js_sys::Function = get(&data, "getHighEntropyValues").ok()?.dyn_into().ok()?;
    let keys = js_sys::Array::of1(&JsValue::from_str("model"));
    let promise: js_sys::Promise = ask.call1(&data, &keys).ok()?.dyn_into().ok()?;
    let values = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    get(&values, "model").ok()?.as_string()
}

fn storage() -> Option<web_sys::Storage> {
    // Throws where storage is blocked (sandboxed frames, some privacy modes).
    web_sys::window()?.session_storage().ok()?
}

/// The verdict remembered for this browser session, if any.
pub fn recall() -> Option<Verdict> {
    Verdict::recall(&storage()?.get_item(STORAGE_KEY).ok()??)
}

/// Remembers `verdict` for this browser session (silently not, where storage is blocked).
pub fn remember(verdict: &Verdict) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &verdict.remember());
    }
}

type Loading = Shared<LocalBoxFuture<'static, Result<Arc<DeviceCatalog>, ApiError>>>;

thread_local! {
    /// One download of the list per proxy per page, shared by every instance.
    static CATALOGS: RefCell<Vec<(String, Loading)>> = const { RefCell::new(Vec::new()) };
}

/// The compatible-devices list from `api`'s proxy, fetched once per page (and
/// shared by every widget calling the same proxy).
///
/// A failed download is forgotten, so a retry fetches again.
pub async fn catalog(api: &Client<Fetch>) -> Result<Arc<DeviceCatalog>, ApiError> {
    let key = api.transport().proxy.as_str().to_string();
    let loading = CATALOGS.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((_, f)) = c.iter().find(|(k, _)| *k == key) {
            return f.clone();
        }
        let api = api.clone();
        let f: Loading = async move {
            let devices = api.compatible_devices().await?;
            Ok(Arc::new(DeviceCatalog::new(devices)))
        }
        .boxed_local()
        .shared();
        c.push((key.clone(), f.clone()));
        f
    });
    let result = loading.await;
    if result.is_err() {
        CATALOGS.with(|c| c.borrow_mut().retain(|(k, _)| *k != key));
    }
    result
}
