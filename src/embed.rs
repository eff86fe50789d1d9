//! Mounting into a host page: shadow root, stylesheet, options and events.
//!
//! This is the JavaScript-facing surface of the journey module. The loader
//! (`embed/itt-esim.js`) calls [`mount_with_hooks`] (`mount` in JavaScript)
//! for each host element and keeps the returned [`WidgetHandle`] for `update`
//! and `unmount`. The booking module mounts its card through [`mount_body`] too
//! ([`crate::booking`]); only the journey's build exports these (feature `journey`).

use crate::components::widget::Body;
use crate::components::{EsimWidget, STYLESHEET};
use crate::config::{ConfigError, RawOptions, WidgetOptions};
use crate::events::{DetailValue, EventSink, WidgetEvent};
use crate::i18n::{Locale, Msg};
use leptos::prelude::*;
use std::any::Any;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot};

/// The widget version reported in `itt-esim:ready`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

thread_local! {
    /// One parsed stylesheet shared by every instance on the page.
    static SHEET: Option<web_sys::CssStyleSheet> = {
        let sheet = web_sys::CssStyleSheet::new().ok()?;
        sheet.replace_sync(STYLESHEET).ok()?;
        Some(sheet)
    };
}

/// A mounted widget, returned to JavaScript.
#[cfg_attr(feature = "journey", wasm_bindgen)]
pub struct WidgetHandle {
    host: HtmlElement,
    raw: RawOptions,
    options: RwSignal<Result<WidgetOptions, ConfigError>>,
    locale: RwSignal<Locale>,
    mounted: Option<Box<dyn Any>>,
}

#[cfg_attr(feature = "journey", wasm_bindgen)]
impl WidgetHandle {
    /// Changes options after mount; only the keys present change (e.g. `{country: "JP"}`).
    pub fn update(&mut self, options: &JsValue) {
        if self.mounted.is_none() {
            return;
        }
        self.raw = self.raw.merged_with(&raw_options(options));
        let validated = validate(&self.host, &self.raw);
        self.locale
            .set(self.raw.locale(&page_languages().as_refs()));
        self.options.set(validated);
    }

    /// Removes the widget from the host element. Safe to call twice.
    pub fn unmount(&mut self) {
        // Dropping the unmount handle removes the view and disposes its reactive
        // owner, which drops in-flight requests (aborting them).
        if let Some(handle) = self.mounted.take() {
            drop(handle);
        }
    }
}

/// Mounts a widget into `host` with `options` (a plain object; see `docs/embedding.md`),
/// announcing it with `itt-esim:ready`.
pub fn mount(host: HtmlElement, options: &JsValue) -> Result<WidgetHandle, JsValue> {
    mount_with_hooks(host, options, &JsValue::UNDEFINED)
}

/// What the loader asks of a mount (the optional third argument of `mount`).
struct Hooks {
    /// An element in the host's shadow root to build the journey in, next to
    /// the offer card (which the loader swaps out when the journey is shown).
    /// Without it the shadow root is emptied and the journey built there.
    container: Option<web_sys::Element>,
    /// Whether `itt-esim:ready` goes out (the loader already sent it for its card).
    announce: bool,
    /// Called once when the first view is on screen.
    on_shown: Option<js_sys::Function>,
}

impl Hooks {
    fn read(hooks: &JsValue) -> Hooks {
        let get = |key: &str| {
            Some(hooks)
                .filter(|h| h.is_object())
                .and_then(|h| js_sys::Reflect::get(h, &JsValue::from_str(key)).ok())
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        Hooks {
            container: get("container").and_then(|v| v.dyn_into().ok()),
            announce: get("announce").and_then(|v| v.as_bool()).unwrap_or(true),
            on_shown: get("onShown").and_then(|v| v.dyn_into().ok()),
        }
    }
}

/// `mount` as the loader calls it: `mount(host, options, hooks)`, where `hooks`
/// is `{container, announce, onShown}` (each optional).
#[cfg_attr(feature = "journey", wasm_bindgen(js_name = mount))]
pub fn mount_with_hooks(
    host: HtmlElement,
    options: &JsValue,
    hooks: &JsValue,
) -> Result<WidgetHandle, JsValue> {
    mount_body(host, options, hooks, Body::journey())
}

/// Mounts a widget whose usable options show `body`, with the loader's hooks.
pub fn mount_body(
    host: HtmlElement,
    options: &JsValue,
    hooks: &JsValue,
    body: Body,
) -> Result<WidgetHandle, JsValue> {
    let hooks = Hooks::read(hooks);
    let shadow = shadow_root(&host, hooks.container.is_some())?;
    let target: web_sys::HtmlElement = match &hooks.container {
        Some(container) => container.clone().unchecked_into(),
        None => shadow.unchecked_into(),
    };
    let raw = raw_options(options);
    let sink = host_sink(&host);
    let key = storage_key(&host);
    let first = validate(&host, &raw);
    let ready = WidgetEvent::Ready {
        version: VERSION,
        country: first.as_ref().ok().map(|o| o.country.clone()),
        lang: first.as_ref().map(|o| o.locale.tag()).unwrap_or("en"),
        view: body.view,
    };
    let first_locale = raw.locale(&page_languages().as_refs());
    type Signals = (
        RwSignal<Result<WidgetOptions, ConfigError>>,
        RwSignal<Locale>,
    );
    let signal_slot: std::rc::Rc<std::cell::Cell<Option<Signals>>> = Default::default();
    let slot = signal_slot.clone();
    // `itt-esim:ready` goes out once, when the first view is on screen (the
    // loader keeps the host's reserved space until then), and the loader hears it.
    let announce = send_wrapper::SendWrapper::new((
        host.clone(),
        std::cell::Cell::new(false),
        ready,
        hooks.announce,
        hooks.on_shown,
    ));
    let handle = leptos::mount::mount_to(target, move || {
        // Created inside the mount's owner so they are disposed with the view.
        let options = RwSignal::new(first);
        let locale = RwSignal::new(first_locale);
        slot.set(Some((options, locale)));
        let on_ready = Callback::new(move |()| {
            let (host, announced, ready, send, on_shown) = &*announce;
            if !announced.replace(true) {
                if *send {
                    dispatch(host, ready);
                }
                if let Some(f) = on_shown {
                    let _ = f.call0(&JsValue::UNDEFINED);
                }
            }
        });
        view! { <EsimWidget options=options fallback_locale=locale events=sink storage_key=key on_ready=on_ready body=body /> }
    });
    let (options, locale) = signal_slot
        .take()
        .ok_or_else(|| JsValue::from_str("itt-esim: mount did not run"))?;
    let widget = WidgetHandle {
        host: host.clone(),
        raw,
        options,
        locale,
        mounted: Some(Box::new(handle)),
    };
    Ok(widget)
}

/// The host's open shadow root with the widget stylesheet, created on first mount
/// and emptied for a remount; with `beside_card`, the loader's offer card and its
/// sheet stay until the loader swaps them for the journey.
fn shadow_root(host: &HtmlElement, beside_card: bool) -> Result<ShadowRoot, JsValue> {
    let shadow = match host.shadow_root() {
        Some(existing) => {
            if !beside_card {
                existing.set_inner_html("");
            }
            existing
        }
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    SHEET.with(|sheet| -> Result<(), JsValue> {
        let sheet = sheet
            .as_ref()
            .ok_or_else(|| JsValue::from_str("itt-esim: constructable stylesheets unsupported"))?;
        // `adoptedStyleSheets` keeps the CSS inside the shadow root and needs no
        // `style-src 'unsafe-inline'` under a strict Content-Security-Policy.
        let sheets = if beside_card {
            let current = js_sys::Reflect::get(&shadow, &"adoptedStyleSheets".into())?;
            let sheets = js_sys::Array::from(&current);
            sheets.push(sheet);
            sheets
        } else {
            js_sys::Array::of1(sheet)
        };
        js_sys::Reflect::set(&shadow, &"adoptedStyleSheets".into(), &sheets)?;
        Ok(())
    })?;
    Ok(shadow)
}

/// Reads the documented option keys from a JS object; other keys are ignored.
fn raw_options(options: &JsValue) -> RawOptions {
    let mut raw = RawOptions::default();
    if options.is_object() {
        for key in RawOptions::KEYS {
            let value = js_sys::Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string());
            raw.set(key, value);
        }
    }
    raw
}

/// Validates options; a mistake is reported to the developer (console and event).
fn validate(host: &HtmlElement, raw: &RawOptions) -> Result<WidgetOptions, ConfigError> {
    let languages = page_languages();
    let result = WidgetOptions::from_raw(raw, &languages.as_refs());
    if let Err(e) = &result {
        web_sys::console::error_1(&format!("itt-esim: {e}").into());
        dispatch(
            host,
            &WidgetEvent::Error {
                code: "config",
                message: crate::i18n::t(raw.locale(&languages.as_refs()), Msg::ConfigProblem)
                    .to_string(),
                detail: e.to_string(),
                operation: None,
            },
        );
    }
    result
}

/// The languages to fall back on after the `lang` option: the page's
/// `<html lang>` (what the hotel wrote the page in), then the browser's.
fn page_languages() -> Languages {
    let Some(window) = web_sys::window() else {
        return Languages(Vec::new());
    };
    let page = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let browser = window.navigator().languages();
    let browser = browser.iter().filter_map(|l| l.as_string());
    Languages(page.into_iter().chain(browser).collect())
}

/// Language tags in order of preference.
struct Languages(Vec<String>);

impl Languages {
    fn as_refs(&self) -> Vec<&str> {
        self.0.iter().map(String::as_str).collect()
    }
}

/// Session storage key of a host's journey: its `id`, or its position among the
/// page's widget elements, so a reload finds the same state for the same widget.
fn storage_key(host: &HtmlElement) -> String {
    let id = host.id();
    if !id.is_empty() {
        return format!("itt-esim:journey:#{id}");
    }
    let position = host.owner_document().and_then(|d| {
        let all = d
            .query_selector_all("[data-itt-esim], itt-esim-widget")
            .ok()?;
        (0..all.length()).position(|i| all.item(i).is_some_and(|n| n == ***host))
    });
    format!("itt-esim:journey:{}", position.map_or(-1, |p| p as i64))
}

/// Events dispatched on `host`.
pub(crate) fn host_sink(host: &HtmlElement) -> EventSink {
    let host = host.clone();
    EventSink::new(move |event| dispatch(&host, event))
}

/// Dispatches `event` on the host element as a bubbling `CustomEvent`.
fn dispatch(host: &HtmlElement, event: &WidgetEvent) {
    let detail = js_sys::Object::new();
    for (key, value) in event.detail() {
        let value = match value {
            DetailValue::Text(s) => JsValue::from_str(&s),
            DetailValue::Count(n) => JsValue::from_f64(n as f64),
            DetailValue::Flag(b) => JsValue::from_bool(b),
            DetailValue::Null => JsValue::NULL,
        };
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(key), &value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(custom) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = host.dispatch_event(&custom);
    }
}
