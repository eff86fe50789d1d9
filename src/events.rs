//! Events the widget sends to the host page.
//!
//! Each is a DOM `CustomEvent` named `itt-esim:<what-happened>`, dispatched on
//! the host element, bubbling. The `detail` shapes are documented in `docs/embedding.md`
//! and built here, natively testable, as JSON.

use std::rc::Rc;

/// A value in an event's `detail` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailValue {
    /// A string.
    Text(String),
    /// A whole number.
    Count(u64),
    /// `true` or `false`.
    Flag(bool),
    /// `null`.
    Null,
}

impl From<&str> for DetailValue {
    fn from(s: &str) -> Self {
        DetailValue::Text(s.to_string())
    }
}

impl From<Option<&str>> for DetailValue {
    fn from(s: Option<&str>) -> Self {
        s.map_or(DetailValue::Null, DetailValue::from)
    }
}

/// Something the host page may want to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The widget is mounted and showing its first view.
    Ready {
        /// Widget version.
        version: &'static str,
        /// Destination.
        country: Option<String>,
        /// Catalog in use.
        lang: &'static str,
        /// What is on screen: `journey`, or `booking` for a "my trip" card (the
        /// loader sends `card` for its offer card).
        view: &'static str,
    },
    /// Plans for the destination arrived (possibly none).
    PlansLoaded {
        /// Destination.
        country: String,
        /// Number of bookable plans shown.
        count: usize,
    },
    /// The traveller answered "will my phone work?" (or skipped it).
    DeviceChecked {
        /// `compatible`, `not_listed` or `unknown`.
        verdict: &'static str,
        /// Brand of the chosen model, when one was chosen.
        brand: Option<String>,
        /// Name of the chosen model as listed.
        name: Option<String>,
        /// The model the phone reported, when it is not in the list.
        reported: Option<String>,
        /// Whether the model was recognised from the browser rather than chosen.
        detected: bool,
    },
    /// The traveller chose a plan (the checkout follows).
    PlanSelected {
        /// Destination searched.
        country: String,
        /// ITT package id.
        package_id: String,
        /// Plan title.
        title: String,
        /// Price as decimal text in `currency`, when known.
        price: Option<String>,
        /// ISO 4217 code of `price`.
        currency: Option<String>,
        /// Data in MB (`None` when unlimited or unknown).
        data_mb: Option<u64>,
        /// Unlimited data.
        unlimited: bool,
        /// Validity in days.
        validity_days: Option<u64>,
    },
    /// Checkout: the traveller's details passed validation and are being sent.
    DetailsSubmitted {
        /// ITT package id.
        package_id: String,
        /// eSIMs to book.
        quantity: u64,
    },
    /// Checkout: ITT created the booking (paid already, or waiting for payment).
    BookingCreated {
        /// ITT booking id: attach it to the hotel's own booking record.
        booking_id: String,
        /// Whether it is already paid (hotel balance).
        paid: bool,
        /// The proxy's token for this booking: keep it with the booking id to
        /// show the post-booking card later (`data-booking-token`).
        token: Option<String>,
    },
    /// Checkout: the traveller is being sent to the hosted payment page.
    PaymentRedirect {
        /// ITT booking id.
        booking_id: String,
        /// Host of the payment page.
        host: String,
    },
    /// Checkout: the traveller came back and ITT says how the payment went
    /// (once the widget stops waiting: a payment still being processed is
    /// checked again a few times first).
    PaymentReturned {
        /// ITT booking id.
        booking_id: String,
        /// `paid`, `pending`, `cancelled` or `failed`.
        status: &'static str,
        /// The field of booking-details that decided `status`, e.g.
        /// `general.payment_status` (`null` when none did: nothing said paid).
        field: Option<String>,
    },
    /// Something failed; the traveller already sees `message`.
    Error {
        /// Stable code: `config`, `network`, `timeout`, `rate_limited`, `http`, `decode`, `api`.
        code: &'static str,
        /// The traveller-facing sentence shown in the widget.
        message: String,
        /// Developer detail for logs.
        detail: String,
        /// The API operation, when the error came from one.
        operation: Option<&'static str>,
    },
}

impl WidgetEvent {
    /// `itt-esim:error` for a failed API call: the traveller's sentence, the developer detail.
    pub fn api_error(
        error: &crate::api::ApiError,
        locale: crate::i18n::Locale,
        operation: crate::api::Operation,
    ) -> WidgetEvent {
        WidgetEvent::Error {
            code: error.code(),
            message: error.message(locale).to_string(),
            detail: error.to_string(),
            operation: Some(operation.name()),
        }
    }

    /// The DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "itt-esim:ready",
            WidgetEvent::PlansLoaded { .. } => "itt-esim:plans-loaded",
            WidgetEvent::DeviceChecked { .. } => "itt-esim:device-checked",
            WidgetEvent::PlanSelected { .. } => "itt-esim:plan-selected",
            WidgetEvent::DetailsSubmitted { .. } => "itt-esim:details-submitted",
            WidgetEvent::BookingCreated { .. } => "itt-esim:booking-created",
            WidgetEvent::PaymentRedirect { .. } => "itt-esim:payment-redirect",
            WidgetEvent::PaymentReturned { .. } => "itt-esim:payment-returned",
            WidgetEvent::Error { .. } => "itt-esim:error",
        }
    }

    /// The event's `detail` object, as ordered key/value pairs.
    pub fn detail(&self) -> Vec<(&'static str, DetailValue)> {
        match self {
            WidgetEvent::Ready {
                version,
                country,
                lang,
                view,
            } => vec![
                ("version", (*version).into()),
                ("country", country.as_deref().into()),
                ("lang", (*lang).into()),
                ("view", (*view).into()),
            ],
            WidgetEvent::PlansLoaded { country, count } => vec![
                ("country", country.as_str().into()),
                ("count", DetailValue::Count(*count as u64)),
            ],
            WidgetEvent::DeviceChecked {
                verdict,
                brand,
                name,
                reported,
                detected,
            } => vec![
                ("verdict", (*verdict).into()),
                ("brand", brand.as_deref().into()),
                ("name", name.as_deref().into()),
                ("reported", reported.as_deref().into()),
                ("detected", DetailValue::Flag(*detected)),
            ],
            WidgetEvent::PlanSelected {
                country,
                package_id,
                title,
                price,
                currency,
                data_mb,
                unlimited,
                validity_days,
            } => vec![
                ("country", country.as_str().into()),
                ("packageId", package_id.as_str().into()),
                ("title", title.as_str().into()),
                ("price", price.as_deref().into()),
                ("currency", currency.as_deref().into()),
                (
                    "dataMb",
                    data_mb.map_or(DetailValue::Null, DetailValue::Count),
                ),
                ("unlimited", DetailValue::Flag(*unlimited)),
                (
                    "validityDays",
                    validity_days.map_or(DetailValue::Null, DetailValue::Count),
                ),
            ],
            WidgetEvent::DetailsSubmitted {
                package_id,
                quantity,
            } => vec![
                ("packageId", package_id.as_str().into()),
                ("quantity", DetailValue::Count(*quantity)),
            ],
            WidgetEvent::BookingCreated {
                booking_id,
                paid,
                token,
            } => vec![
                ("bookingId", booking_id.as_str().into()),
                ("paid", DetailValue::Flag(*paid)),
                ("bookingToken", token.as_deref().into()),
            ],
            WidgetEvent::PaymentRedirect { booking_id, host } => vec![
                ("bookingId", booking_id.as_str().into()),
                ("host", host.as_str().into()),
            ],
            WidgetEvent::PaymentReturned {
                booking_id,
                status,
                field,
            } => vec![
                ("bookingId", booking_id.as_str().into()),
                ("status", (*status).into()),
                ("field", field.as_deref().into()),
            ],
            WidgetEvent::Error {
                code,
                message,
                detail,
                operation,
            } => vec![
                ("code", (*code).into()),
                ("message", message.as_str().into()),
                ("detail", detail.as_str().into()),
                ("operation", (*operation).into()),
            ],
        }
    }
}

/// A function receiving events.
type Listener = Rc<dyn Fn(&WidgetEvent)>;

/// Where components send events: the host element in the browser, a recorder in tests.
///
/// Wrapped in `SendWrapper` because Leptos props must be `Send`; the widget is
/// single-threaded, so it is only ever touched from the thread that made it.
#[derive(Clone)]
pub struct EventSink(send_wrapper::SendWrapper<Listener>);

impl EventSink {
    /// A sink calling `f` for each event.
    pub fn new(f: impl Fn(&WidgetEvent) + 'static) -> Self {
        EventSink(send_wrapper::SendWrapper::new(Rc::new(f)))
    }

    /// Sends an event.
    pub fn emit(&self, event: WidgetEvent) {
        (self.0)(&event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn names_and_details() {
        let e = WidgetEvent::Error {
            code: "timeout",
            message: "slow".into(),
            detail: "search timed out".into(),
            operation: Some("search"),
        };
        assert_eq!(e.name(), "itt-esim:error");
        let detail = e.detail();
        assert_eq!(detail[0], ("code", DetailValue::Text("timeout".into())));
        assert_eq!(detail[3], ("operation", DetailValue::Text("search".into())));
        let r = WidgetEvent::Ready {
            version: "1",
            country: None,
            lang: "en",
            view: "journey",
        };
        assert_eq!(r.name(), "itt-esim:ready");
        assert_eq!(r.detail()[1], ("country", DetailValue::Null));
        let p = WidgetEvent::PlansLoaded {
            country: "TH".into(),
            count: 3,
        };
        assert_eq!(p.detail()[1], ("count", DetailValue::Count(3)));
        let d = WidgetEvent::DeviceChecked {
            verdict: "compatible",
            brand: Some("Google".into()),
            name: Some("Pixel 8".into()),
            reported: None,
            detected: true,
        };
        assert_eq!(d.name(), "itt-esim:device-checked");
        assert_eq!(d.detail()[3], ("reported", DetailValue::Null));
        assert_eq!(d.detail()[4], ("detected", DetailValue::Flag(true)));
        let back = |field: Option<&str>| WidgetEvent::PaymentReturned {
            booking_id: "B1".into(),
            status: "paid",
            field: field.map(str::to_string),
        };
        let paid = back(Some("general.payment_status"));
        assert_eq!(paid.name(), "itt-esim:payment-returned");
        assert_eq!(
            paid.detail(),
            [
                ("bookingId", DetailValue::Text("B1".into())),
                ("status", DetailValue::Text("paid".into())),
                ("field", DetailValue::Text("general.payment_status".into())),
            ]
        );
        assert_eq!(back(None).detail()[2], ("field", DetailValue::Null));
    }

    #[test]
    fn sink_delivers() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let s = seen.clone();
        let sink = EventSink::new(move |e| s.borrow_mut().push(e.name()));
        sink.emit(WidgetEvent::PlansLoaded {
            country: "TH".into(),
            count: 0,
        });
        assert_eq!(*seen.borrow(), vec!["itt-esim:plans-loaded"]);
    }
}
