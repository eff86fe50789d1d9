//! The hosted payment page, as checkout and the top-ups both use it: where it
//! returns to, which hosts it may be on, and leaving for it.

use crate::checkout::safe_url;
use crate::config::WidgetOptions;
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::{t, Msg};

/// The page's own address without its fragment: the default return address.
pub(crate) fn current_page() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    let origin = location.origin().unwrap_or_default();
    let href = location.href().unwrap_or_default();
    let href = href.split('#').next().unwrap_or("").to_string();
    (origin, href)
}

/// Where the payment page returns to (the host's `redirect-url`, else this page)
/// and whether it is safe; an unsafe one is reported to the developer (console
/// and `itt-esim:error` with code `config`).
pub(crate) fn return_address(options: &WidgetOptions, events: &EventSink) -> (String, bool) {
    let (origin, here) = current_page();
    let redirect = options.redirect_url.clone().unwrap_or(here);
    let problem = safe_url::check_redirect(&redirect, &origin, &[]).err();
    if let Some(problem) = problem {
        let detail = format!(
            "`data-redirect-url` {problem}: \"{redirect}\" (it must be on this page's origin)"
        );
        web_sys::console::error_1(&format!("itt-esim: {detail}").into());
        events.emit(WidgetEvent::Error {
            code: "config",
            message: t(options.locale, Msg::CheckoutUnavailable).to_string(),
            detail,
            operation: None,
        });
    }
    (redirect, problem.is_none())
}

/// Hosts the payment page may be on: the host's list, plus the proxy's own host.
pub(crate) fn payment_hosts(options: &WidgetOptions) -> Vec<String> {
    let mut hosts = options.payment_hosts.clone();
    let proxy = options.proxy.as_str();
    let own = if proxy.starts_with("http") {
        safe_url::parse(proxy).ok().map(|p| p.authority())
    } else {
        web_sys::window().and_then(|w| w.location().host().ok())
    };
    hosts.extend(own);
    hosts
}

/// Leaves for the payment page at `url`, already checked with
/// [`safe_url::check_payment`]: tells the host (`itt-esim:payment-redirect`,
/// naming the page's host) and navigates there. A top-level navigation: the
/// payment page must never be framed or inlined.
pub(crate) fn open_payment_page(events: &EventSink, booking_id: String, url: &str) {
    let host = safe_url::parse(url)
        .map(|p| p.authority())
        .unwrap_or_default();
    events.emit(WidgetEvent::PaymentRedirect { booking_id, host });
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}
