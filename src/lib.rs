//! The embeddable "add eSIM to your trip" widget.
//!
//! Pure logic (options, money, trip dates, URL safety, API decoding, the
//! message catalog) lives in modules without `web_sys` so `cargo test` covers it
//! natively; [`components`] are the Leptos views and [`embed`] mounts them into a
//! host page's shadow root.

pub mod activation;
pub mod api;
pub mod booking;
pub mod card;
pub mod case;
pub mod checkout;
pub mod combobox;
pub mod components;
pub mod config;
pub mod countries;
pub mod device;
pub mod embed;
pub mod events;
pub mod i18n;
pub mod journey;
pub mod locale;
pub mod money;
pub mod plans;
pub mod stored;
pub mod supplier;
pub mod trip;
pub mod url;
pub mod usage;
