//! The host page's configuration of one widget instance.
//!
//! Hosts configure the widget through `data-*` attributes, custom element
//! attributes or the options object of `IttEsim.mount`. All three arrive here as
//! [`RawOptions`] (strings, as the DOM gives them) and are validated into
//! [`WidgetOptions`] with a message a hotel's developer can act on.

use crate::i18n::Locale;
use crate::trip::{TripDates, TripDatesError};
use crate::url::{ProxyUrl, ProxyUrlError};

/// Declares [`RawOptions`] from one list of `field: "jsName"`, each with its
/// documentation: the struct, [`RawOptions::KEYS`], [`RawOptions::set`] and
/// [`RawOptions::merged_with`], so an option is named in one place. (The
/// loader reads the same names: `KEYS` reaches it through `card-strings`.)
macro_rules! host_options {
    ($($(#[doc = $doc:literal])* $field:ident: $key:literal,)+) => {
        /// Options as the host wrote them, before validation.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct RawOptions {
            $($(#[doc = $doc])* pub $field: Option<String>,)+
        }

        impl RawOptions {
            /// Names of the options, as JavaScript property names, in the order
            /// documented in `docs/embedding.md`.
            pub const KEYS: [&'static str; [$($key),+].len()] = [$($key),+];

            /// Sets the option named by its JavaScript property name; unknown names are ignored.
            pub fn set(&mut self, key: &str, value: Option<String>) {
                let value = value.filter(|v| !v.trim().is_empty());
                match key {
                    $($key => self.$field = value,)+
                    _ => {}
                }
            }

            /// Overlays the options that `update` set, keeping the others.
            pub fn merged_with(&self, update: &RawOptions) -> RawOptions {
                RawOptions {
                    $($field: update.$field.clone().or_else(|| self.$field.clone()),)+
                }
            }
        }
    };
}

host_options! {
    /// `data-proxy-url` / `proxyUrl`: where the hotel mounted the proxy, e.g. `/itt`.
    proxy_url: "proxyUrl",
    /// `data-country` / `country`: ISO 3166-1 alpha-2 destination, e.g. `TH`.
    country: "country",
    /// `data-check-in` / `checkIn`: `YYYY-MM-DD`.
    check_in: "checkIn",
    /// `data-check-out` / `checkOut`: `YYYY-MM-DD`.
    check_out: "checkOut",
    /// `data-lang` / `lang`: BCP 47 language tag; defaults to the page's `<html lang>`.
    lang: "lang",
    /// `data-guest-name` / `guestName`: the guest's full name, to prefill checkout.
    guest_name: "guestName",
    /// `data-guest-email` / `guestEmail`.
    guest_email: "guestEmail",
    /// `data-guest-phone` / `guestPhone`: with its calling code, e.g. `+66 81 234 5678`.
    guest_phone: "guestPhone",
    /// `data-redirect-url` / `redirectUrl`: where the payment page returns to (default: this page).
    redirect_url: "redirectUrl",
    /// `data-payment-hosts` / `paymentHosts`: hosts the payment page may be on (comma-separated).
    payment_hosts: "paymentHosts",
    /// `data-grant-url` / `grantUrl`: the hotel's own endpoint that answers a
    /// payment grant when the hotel pays from its ITT balance.
    grant_url: "grantUrl",
    /// `data-booking-id` / `bookingId`: show the post-booking card of this booking only.
    booking_id: "bookingId",
    /// `data-booking-token` / `bookingToken`: the proxy's token for that booking.
    booking_token: "bookingToken",
}

impl RawOptions {
    /// The catalog to speak in: the first supported language among `lang`,
    /// then `page_languages` (the page's `<html lang>`, then the browser's
    /// languages), else English.
    ///
    /// Known even when other options are wrong, so the traveller is still
    /// addressed in the page's language.
    pub fn locale(&self, page_languages: &[&str]) -> Locale {
        Locale::negotiate(
            self.lang
                .as_deref()
                .into_iter()
                .chain(page_languages.iter().copied()),
        )
    }
}

/// Validated options of one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetOptions {
    /// Base URL of the proxy.
    pub proxy: ProxyUrl,
    /// Destination, upper-case ISO 3166-1 alpha-2.
    pub country: String,
    /// The stay, when the host knows it.
    pub trip: Option<TripDates>,
    /// Catalog used for every visible string.
    pub locale: Locale,
    /// What the host knows about the guest, to prefill checkout.
    pub guest: Guest,
    /// Where the payment page returns to; `None`: the current page.
    pub redirect_url: Option<String>,
    /// Hosts the payment page may be on, besides the proxy's own.
    pub payment_hosts: Vec<String>,
    /// The hotel's endpoint for payment grants (the hotel pays from its ITT balance).
    pub grant_url: Option<String>,
    /// A booking to show the post-booking card for (the host's "my trip" page).
    pub booking: Option<BookingRef>,
}

/// A booking the host page passes to show its card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingRef {
    /// ITT booking id.
    pub booking_id: String,
    /// The proxy's booking token (from `itt-esim:booking-created`'s booking, kept by the host).
    pub token: Option<String>,
}

/// The guest as the host page knows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Guest {
    /// Full name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone with its calling code.
    pub phone: Option<String>,
}

/// A configuration mistake, reported to the host developer (console + `itt-esim:error`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// No proxy URL.
    #[error("`data-proxy-url` is required: the URL where your server mounts the ITT eSIM proxy, e.g. \"/itt\"")]
    MissingProxyUrl,
    /// The proxy URL is unusable.
    #[error(transparent)]
    ProxyUrl(#[from] ProxyUrlError),
    /// No destination.
    #[error(
        "`data-country` is required: the destination's two-letter ISO country code, e.g. \"TH\""
    )]
    MissingCountry,
    /// The destination is not an ISO code.
    #[error(
        "`data-country` must be a two-letter ISO 3166 country code such as \"TH\", got \"{0}\""
    )]
    BadCountry(String),
    /// The stay dates are wrong.
    #[error(transparent)]
    Trip(#[from] TripDatesError),
}

impl WidgetOptions {
    /// Validates host options. `page_languages` are the page's `<html lang>` and
    /// the browser's languages, in that order, used after `lang` (see [`RawOptions::locale`]).
    pub fn from_raw(
        raw: &RawOptions,
        page_languages: &[&str],
    ) -> Result<WidgetOptions, ConfigError> {
        let proxy_text = raw
            .proxy_url
            .as_deref()
            .ok_or(ConfigError::MissingProxyUrl)?;
        let proxy = ProxyUrl::parse(proxy_text)?;
        let booking = raw
            .booking_id
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| BookingRef {
                booking_id: b.to_string(),
                token: raw.booking_token.clone(),
            });
        // A booking's card needs no destination.
        let country = match (raw.country.as_deref().map(str::trim), &booking) {
            (Some(c), _) => c,
            (None, Some(_)) => "",
            (None, None) => return Err(ConfigError::MissingCountry),
        };
        if booking.is_none()
            && (country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return Err(ConfigError::BadCountry(country.to_string()));
        }
        let trip = TripDates::from_options(raw.check_in.as_deref(), raw.check_out.as_deref())?;
        let locale = raw.locale(page_languages);
        Ok(WidgetOptions {
            proxy,
            country: country.to_ascii_uppercase(),
            trip,
            locale,
            guest: Guest {
                name: raw.guest_name.clone(),
                email: raw.guest_email.clone(),
                phone: raw.guest_phone.clone(),
            },
            redirect_url: raw.redirect_url.clone(),
            payment_hosts: raw
                .payment_hosts
                .as_deref()
                .unwrap_or("")
                .split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            grant_url: raw.grant_url.clone(),
            booking,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawOptions {
        let mut r = RawOptions::default();
        r.set("proxyUrl", Some("/itt".into()));
        r.set("country", Some("th".into()));
        r.set("checkIn", Some("2026-12-01".into()));
        r.set("checkOut", Some("2026-12-08".into()));
        r
    }

    #[test]
    fn valid_options() {
        let o = WidgetOptions::from_raw(&raw(), &["de-DE"]).unwrap();
        assert_eq!(o.country, "TH");
        assert_eq!(o.locale, Locale::De, "page language is the default");
        assert_eq!(o.trip.unwrap().nights(), 7);
        assert_eq!(o.proxy.endpoint("search"), "/itt/esim/search");
    }

    #[test]
    fn lang_option_beats_page_language() {
        let mut r = raw();
        r.set("lang", Some("en-GB".into()));
        assert_eq!(
            WidgetOptions::from_raw(&r, &["de"]).unwrap().locale,
            Locale::En
        );
    }

    #[test]
    fn each_mistake_names_its_option() {
        let mut r = raw();
        r.set("proxyUrl", Some("  ".into()));
        let e = WidgetOptions::from_raw(&r, &[]).unwrap_err();
        assert_eq!(e, ConfigError::MissingProxyUrl);
        assert!(e.to_string().contains("data-proxy-url"));

        let mut r = raw();
        r.set("country", Some("Thailand".into()));
        let e = WidgetOptions::from_raw(&r, &[]).unwrap_err();
        assert!(e.to_string().contains("data-country"), "{e}");

        let mut r = raw();
        r.set("country", None);
        assert_eq!(
            WidgetOptions::from_raw(&r, &[]).unwrap_err(),
            ConfigError::MissingCountry
        );

        let mut r = raw();
        r.set("checkOut", Some("2026-11-30".into()));
        let e = WidgetOptions::from_raw(&r, &[]).unwrap_err();
        assert!(e.to_string().contains("must be after"), "{e}");

        let mut r = raw();
        r.set("proxyUrl", Some("javascript:alert(1)".into()));
        assert!(matches!(
            WidgetOptions::from_raw(&r, &[]),
            Err(ConfigError::ProxyUrl(_))
        ));
    }

    #[test]
    fn locale_is_known_even_when_options_are_wrong() {
        let mut r = RawOptions::default();
        assert_eq!(r.locale(&["de-AT"]), Locale::De);
        assert_eq!(r.locale(&[]), Locale::En);
        r.set("lang", Some("de".into()));
        assert_eq!(r.locale(&["en"]), Locale::De);
        assert!(WidgetOptions::from_raw(&r, &[]).is_err());
    }

    #[test]
    fn unsupported_languages_fall_through_to_the_browsers() {
        let mut r = RawOptions::default();
        // A Japanese page read by a browser set to Spanish, then English.
        assert_eq!(r.locale(&["ja", "es-MX", "en"]), Locale::Es);
        r.set("lang", Some("ar".into()));
        assert_eq!(r.locale(&["ja", "es-MX"]), Locale::Ar);
        r.set("lang", Some("tlh".into()));
        assert_eq!(
            r.locale(&["fr"]),
            Locale::Fr,
            "an unknown option falls through"
        );
    }

    #[test]
    fn a_booking_card_needs_no_destination() {
        let mut r = RawOptions::default();
        r.set("proxyUrl", Some("/itt".into()));
        r.set("bookingId", Some(" ES123 ".into()));
        r.set("bookingToken", Some("v1.a.b".into()));
        let o = WidgetOptions::from_raw(&r, &[]).unwrap();
        assert_eq!(
            o.booking,
            Some(BookingRef {
                booking_id: "ES123".into(),
                token: Some("v1.a.b".into())
            })
        );
        r.booking_id = None;
        assert_eq!(
            WidgetOptions::from_raw(&r, &[]),
            Err(ConfigError::MissingCountry)
        );
    }

    #[test]
    fn update_merges() {
        let mut u = RawOptions::default();
        u.set("country", Some("JP".into()));
        let merged = raw().merged_with(&u);
        assert_eq!(merged.country.as_deref(), Some("JP"));
        assert_eq!(merged.proxy_url.as_deref(), Some("/itt"));
        u.set("unknown", Some("x".into()));
        assert_eq!(raw().merged_with(&u).country.as_deref(), Some("JP"));
    }
}
