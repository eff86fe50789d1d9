//! Events the widget sends to the host page.
//!
//! Each is a DOM `CustomEvent` named `itt-esim:<what-happened>`, dispatched on
//! the host element, bubbling. The `detail` shapes are documented in the README
//! and built here, natively testable, as JSON.

use serde_json::{json, Value};
use std::rc::Rc;

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
    },
    /// Plans for the destination arrived (possibly none).
    PlansLoaded {
        /// Destination.
        country: String,
        /// Number of bookable plans shown.
        count: usize,
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
    /// The DOM event name.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "itt-esim:ready",
            WidgetEvent::PlansLoaded { .. } => "itt-esim:plans-loaded",
            WidgetEvent::Error { .. } => "itt-esim:error",
        }
    }

    /// The event's `detail`.
    pub fn detail(&self) -> Value {
        match self {
            WidgetEvent::Ready {
                version,
                country,
                lang,
            } => json!({ "version": version, "country": country, "lang": lang }),
            WidgetEvent::PlansLoaded { country, count } => {
                json!({ "country": country, "count": count })
            }
            WidgetEvent::Error {
                code,
                message,
                detail,
                operation,
            } => json!({
                "code": code,
                "message": message,
                "detail": detail,
                "operation": operation,
            }),
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
        assert_eq!(e.detail()["operation"], "search");
        assert_eq!(e.detail()["code"], "timeout");
        let r = WidgetEvent::Ready {
            version: "1",
            country: None,
            lang: "en",
        };
        assert_eq!(r.name(), "itt-esim:ready");
        assert!(r.detail()["country"].is_null());
        let p = WidgetEvent::PlansLoaded {
            country: "TH".into(),
            count: 3,
        };
        assert_eq!(p.detail()["count"], 3);
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
