//! The booking module's side of the split: a booking's install section (QR,
//! one-tap link, codes, usage, top-ups) lives in a wasm module of its own,
//! `booking/`, fetched only once there is a booking. The journey draws a slot
//! for it ([`crate::components::booking_slot`]) and hands over an
//! [`InstallProps`] as a plain object; a "my trip" page (`data-booking-id`)
//! loads only that module ([`mount_card`]).
//!
//! Two wasm modules share no memory, signals or types: what crosses between
//! them is this object of strings, encoded and read by the same code on both sides.

use crate::components::esim_install::EsimInstall;
use crate::components::widget::{booking_frame, Body};
use crate::config::{BookingRef, Guest, WidgetOptions};
use crate::embed::WidgetHandle;
use crate::events::EventSink;
use crate::i18n::Locale;
use crate::url::ProxyUrl;
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use std::any::Any;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

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
    /// The props of a "my trip" card: the return address and payment hosts as
    /// the checkout computes them (a bad return address is reported; the card
    /// works without it, only top-ups need it).
    pub fn for_booking(options: &WidgetOptions, booking: BookingRef, events: &EventSink) -> Self {
        let (redirect_url, _) = crate::components::checkout::return_address(options, events);
        InstallProps {
            proxy: options.proxy.clone(),
            booking_id: booking.booking_id,
            token: booking.token,
            locale: options.locale,
            redirect_url,
            payment_hosts: crate::components::checkout::payment_hosts(options),
            guest: options.guest.clone(),
        }
    }

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

/// The install section drawn from its props.
fn install(props: InstallProps, events: EventSink) -> AnyView {
    view! {
        <EsimInstall
            proxy=props.proxy
            booking_id=props.booking_id
            token=props.token
            locale=props.locale
            events=events
            redirect_url=props.redirect_url
            payment_hosts=props.payment_hosts
            guest=props.guest
        />
    }
    .into_any()
}

/// The booking module's body: a booking's card, whole at once.
fn card_body() -> Body {
    Body::new("booking", |args| {
        args.announce();
        match args.options.booking.clone() {
            Some(booking) => booking_frame(&args.options, booking, &args.events, install),
            // The loader mounts this module only for options with a booking,
            // and `update` cannot take one away (a blank value changes nothing).
            None => ().into_any(),
        }
    })
}

/// Mounts a "my trip" card (`data-booking-id`) into `host`'s shadow root, as
/// [`crate::embed::mount_with_hooks`] mounts the journey.
pub fn mount_card(
    host: HtmlElement,
    options: &JsValue,
    hooks: &JsValue,
) -> Result<WidgetHandle, JsValue> {
    crate::embed::mount_body(host, options, hooks, card_body())
}

/// An install section mounted into the journey's slot.
pub struct Installed(Option<Box<dyn Any>>);

impl Installed {
    /// Removes the section (its reads and timers stop). Safe to call twice.
    pub fn unmount(&mut self) {
        self.0.take();
    }
}

/// Mounts a booking's install section into `slot` (an element in a widget's
/// shadow root), from the props the journey encoded ([`InstallProps::to_js`]).
/// Events go to the widget's host element.
pub fn mount_install(slot: HtmlElement, props: &JsValue) -> Result<Installed, JsValue> {
    let props = InstallProps::from_js(props).map_err(|e| JsValue::from_str(&e))?;
    // The widget's host, where the page listens; a slot outside any shadow root
    // (a test page) sends them from the slot itself, bubbling.
    let host: HtmlElement = slot
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .map(|root| root.host().unchecked_into())
        .unwrap_or_else(|_| slot.clone());
    let events = crate::embed::host_sink(&host);
    let handle = leptos::mount::mount_to(slot, move || install(props, events));
    Ok(Installed(Some(Box::new(handle))))
}
