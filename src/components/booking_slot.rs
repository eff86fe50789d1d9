//! Where a confirmed booking's install section goes in the journey. The section
//! (QR, one-tap link, codes, usage, top-ups) is drawn by the booking module,
//! which the loader fetches the first time a booking is shown: the journey a
//! traveller downloads on "See eSIM plans" carries none of it.
//!
//! Two wasm modules share no memory, signals or types: what crosses between
//! them is an [`InstallProps`] as a plain object of strings, encoded and read
//! by the same code on both sides.

use crate::api::ApiError;
use crate::components::{intl, use_instance, ErrorNotice};
use crate::config::Guest;
use crate::events::WidgetEvent;
use crate::i18n::{t, Locale, Msg};
use crate::url::ProxyUrl;
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};

/// Everything the install section of one booking is drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallProps {
    /// Where the proxy is.
    pub proxy: ProxyUrl,
    /// The booking.
    pub booking_id: String,
    /// The proxy's booking token.
    pub token: Option<String>,
    /// Catalog for labels.
    pub locale: Locale,
    /// Where the payment page returns to after a top-up.
    pub redirect_url: String,
    /// Hosts the payment page may be on.
    pub payment_hosts: Vec<String>,
    /// What the host page knows about the guest.
    pub guest: Guest,
}

impl InstallProps {
    /// The plain object handed to the booking module.
    pub fn to_js(&self) -> JsValue {
        let object = Object::new();
        let set = |key: &str, value: Option<&str>| {
            if let Some(value) = value {
                let _ = Reflect::set(&object, &key.into(), &value.into());
            }
        };
        // The site root is kept as "" (no trailing slash); "/" is how it is written.
        let proxy = Some(self.proxy.as_str()).filter(|p| !p.is_empty());
        set("proxyUrl", Some(proxy.unwrap_or("/")));
        set("bookingId", Some(&self.booking_id));
        set("bookingToken", self.token.as_deref());
        set("lang", Some(self.locale.tag()));
        set("redirectUrl", Some(&self.redirect_url));
        set("guestName", self.guest.name.as_deref());
        set("guestEmail", self.guest.email.as_deref());
        set("guestPhone", self.guest.phone.as_deref());
        let hosts: Array = self
            .payment_hosts
            .iter()
            .map(|h| JsValue::from_str(h))
            .collect();
        let _ = Reflect::set(&object, &"paymentHosts".into(), &hosts);
        object.into()
    }

    /// Reads what [`InstallProps::to_js`] wrote; `Err` names what is missing.
    pub fn from_js(value: &JsValue) -> Result<Self, String> {
        let text = |key: &str| {
            Reflect::get(value, &key.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        let required = |key: &str| text(key).ok_or_else(|| format!("install props: no `{key}`"));
        let proxy = ProxyUrl::parse(&required("proxyUrl")?)
            .map_err(|e| format!("install props: `proxyUrl` {e}"))?;
        let payment_hosts = Reflect::get(value, &"paymentHosts".into())
            .ok()
            .filter(Array::is_array)
            .map(|hosts| {
                Array::from(&hosts)
                    .iter()
                    .filter_map(|h| h.as_string())
                    .collect()
            })
            .unwrap_or_default();
        Ok(InstallProps {
            proxy,
            booking_id: required("bookingId")?,
            token: text("bookingToken"),
            locale: Locale::from_tag(&required("lang")?),
            redirect_url: required("redirectUrl")?,
            payment_hosts,
            guest: Guest {
                name: text("guestName"),
                email: text("guestEmail"),
                phone: text("guestPhone"),
            },
        })
    }
}

/// The state of the slot.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    /// The module is on its way.
    Loading,
    /// The booking module draws the section.
    Drawn,
    /// The module could not be loaded (the booking itself is confirmed).
    Failed(ApiError),
}

/// The install section of `props`' booking, drawn by the booking module.
#[component]
pub fn BookingSlot(
    /// What the section is drawn from.
    props: InstallProps,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let events = instance.events.clone();
    let slot = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(Slot::Loading);
    // The booking module's handle for this section: unmounted with the slot.
    let mounted: StoredValue<Option<SendWrapper<JsValue>>, LocalStorage> =
        StoredValue::new_local(None);
    let unmount = move || {
        if let Some(handle) = mounted.try_update_value(Option::take).flatten() {
            for method in ["unmount", "free"] {
                if let Ok(f) = js_sys::Reflect::get(&handle, &method.into()) {
                    if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                        let _ = f.call0(&handle);
                    }
                }
            }
        }
    };
    on_cleanup(unmount);
    let props_js = SendWrapper::new(props.to_js());
    let load = {
        let owner = Owner::current().unwrap_or_default();
        move || {
            let props_js = props_js.clone();
            let events = events.clone();
            owner.with(|| {
                state.set(Slot::Loading);
                spawn_local_scoped_with_cancellation(async move {
                    let drawn = intl::booking_module().await.and_then(|module| {
                        let Some(el) = slot.get_untracked() else {
                            return Err("the slot is gone".into());
                        };
                        let mount = js_sys::Reflect::get(&module, &"mount_install".into())
                            .ok()
                            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                            .ok_or("the booking module has no mount_install")?;
                        let slot_el: &web_sys::HtmlElement = &el;
                        mount
                            .call2(&module, slot_el, &props_js)
                            .map_err(|e| format!("mount_install: {e:?}"))
                    });
                    match drawn {
                        Ok(handle) => {
                            mounted.set_value(Some(SendWrapper::new(handle)));
                            state.set(Slot::Drawn);
                        }
                        Err(detail) => {
                            web_sys::console::error_1(&format!("itt-esim: {detail}").into());
                            let error = ApiError::Network {
                                operation: "booking module",
                                detail,
                            };
                            events.emit(WidgetEvent::Error {
                                code: error.code(),
                                message: error.message(locale).to_string(),
                                detail: error.to_string(),
                                operation: None,
                            });
                            state.set(Slot::Failed(error));
                        }
                    }
                });
            })
        }
    };
    load();
    let retry = Callback::new(move |()| load());
    view! {
        {move || match state.get() {
            Slot::Loading => Some(view! {
                <p class="esim-status__text" role="status">{t(locale, Msg::LoadingBooking)}</p>
            }.into_any()),
            Slot::Drawn => None,
            Slot::Failed(error) => Some(view! { <ErrorNotice error=error on_retry=retry /> }.into_any()),
        }}
        <div class="esim-install-slot" node_ref=slot></div>
    }
}
