//! The booking module's side of the split: a booking's install section (QR,
//! one-tap link, codes, usage, top-ups) lives in a wasm module of its own,
//! `booking/`, fetched only once there is a booking. The journey draws a slot
//! for it ([`crate::components::booking_slot`]) and hands over an
//! [`InstallProps`] as a plain object; a "my trip" page (`data-booking-id`)
//! loads only that module ([`mount_card`]).

use crate::components::booking_slot::InstallProps;
use crate::components::esim_install::EsimInstall;
use crate::components::widget::{booking_frame, Body};
use crate::components::Instance;
use crate::embed::WidgetHandle;
use leptos::prelude::*;
use std::any::Any;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// The install section drawn from its props, in the current widget instance.
fn install(props: InstallProps) -> AnyView {
    view! {
        <EsimInstall
            booking_id=props.booking_id
            token=props.token
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
    let handle = leptos::mount::mount_to(slot, move || {
        // The booking module's own instance of the journey's widget: the same
        // language and proxy, its events sent from the same host element.
        Instance::new(props.locale, events, &props.proxy).provide();
        install(props)
    });
    Ok(Installed(Some(Box::new(handle))))
}
