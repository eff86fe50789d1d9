//! The booking module: a booking's install section (QR code, one-tap link,
//! codes, instructions), its data usage and top-ups. The loader fetches it the
//! first time a booking is shown, so the journey a traveller downloads on
//! "See eSIM plans" carries none of this.
//!
//! Two entry points, both in the widget crate's [`itt_esim_widget::booking`]:
//! `mount` for a "my trip" page (`data-booking-id`, instead of the journey), and
//! `mount_install` for the slot the journey draws under a confirmed booking.

use itt_esim_widget::booking::{self, Installed};
use itt_esim_widget::embed::WidgetHandle;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// A mounted "my trip" card, returned to JavaScript (the same methods as the
/// journey's handle).
#[wasm_bindgen]
pub struct BookingHandle(WidgetHandle);

#[wasm_bindgen]
impl BookingHandle {
    /// Changes options after mount; only the keys present change.
    pub fn update(&mut self, options: &JsValue) {
        self.0.update(options);
    }

    /// Removes the card from the host element. Safe to call twice.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }
}

/// `mount(host, options, hooks)`: a "my trip" card in `host`'s shadow root,
/// as the journey module's `mount` (hooks `{container, announce, onShown}`).
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    options: &JsValue,
    hooks: &JsValue,
) -> Result<BookingHandle, JsValue> {
    booking::mount_card(host, options, hooks).map(BookingHandle)
}

/// An install section in the journey's slot, returned to the journey.
#[wasm_bindgen]
pub struct InstallHandle(Installed);

#[wasm_bindgen]
impl InstallHandle {
    /// Removes the section. Safe to call twice.
    pub fn unmount(&mut self) {
        self.0.unmount();
    }
}

/// `mount_install(slot, props)`: a booking's install section in `slot`, from
/// the props the journey encoded.
#[wasm_bindgen]
pub fn mount_install(slot: HtmlElement, props: &JsValue) -> Result<InstallHandle, JsValue> {
    booking::mount_install(slot, props).map(InstallHandle)
}
