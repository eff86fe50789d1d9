//! What every component of one widget instance shares: its language, where its
//! events go, and its one client of the hotel's proxy.
//!
//! Provided once at the root of each instance (the journey's [`EsimWidget`],
//! and the booking module's install section), read with [`use_instance`], so
//! no component passes them on to the next. Several widgets on one page each
//! have their own.
//!
//! [`EsimWidget`]: crate::components::EsimWidget

use crate::api::client::Client;
use crate::api::http::{self, Fetch};
use crate::api::{ApiError, Operation};
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::Locale;
use crate::url::ProxyUrl;
use leptos::prelude::{expect_context, provide_context};

/// One widget instance's language, event sink and proxy client.
#[derive(Clone)]
pub struct Instance {
    /// The language of every string.
    pub locale: Locale,
    /// Where events for the host page go.
    pub events: EventSink,
    /// The proxy's client, with the default time limit.
    pub api: Client<Fetch>,
    /// The client for `create-booking`, which may take longer
    /// ([`http::BOOKING_TIMEOUT_MS`]): the proxy, not the browser, decides a
    /// booking's fate.
    pub booking_api: Client<Fetch>,
}

impl Instance {
    /// The instance of a widget in `locale`, calling the proxy at `proxy`.
    pub fn new(locale: Locale, events: EventSink, proxy: &ProxyUrl) -> Instance {
        Instance {
            locale,
            events,
            api: http::client(proxy),
            booking_api: http::booking_client(proxy),
        }
    }

    /// Makes this the instance of the components built below the current owner.
    pub fn provide(self) {
        provide_context(self);
    }

    /// Reports a failed call to the host page (`itt-esim:error`).
    pub fn error(&self, e: &ApiError, operation: Operation) {
        self.events
            .emit(WidgetEvent::api_error(e, self.locale, operation));
    }
}

/// The instance the calling component belongs to.
///
/// # Panics
/// Outside a widget instance: every root provides one, so that is a bug in
/// how a component was mounted, not something a host page can cause.
pub fn use_instance() -> Instance {
    expect_context::<Instance>()
}
