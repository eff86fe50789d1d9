//! The message catalog: every string a traveller sees, per locale.
//!
//! Messages are an enum and each locale implements [`Catalog`] with an
//! exhaustive `match`, so adding a message without translating it is a compile
//! error rather than a blank label. One file per locale.
//!
//! Layout: `msg.rs` lists the messages once, which declares both [`Msg`] and
//! [`Msg::ALL`]; the locale files (`en.rs`, `de.rs`, …) translate them; this file
//! holds the [`Catalog`] trait and the functions that pick a locale's
//! implementation; `tests.rs` checks every catalog.

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod msg;
mod reason;

pub use crate::locale::Locale;
pub use msg::Msg;
pub use reason::Reason;

/// What every locale provides: the fixed messages and the sentences built around values.
///
/// Each locale's file implements it for a unit struct; the free functions below
/// pick the implementation for a [`Locale`].
trait Catalog {
    /// The text of a fixed message.
    fn msg(msg: Msg) -> &'static str;
    /// Abbreviated month names, January first.
    const MONTHS: [&'static str; 12];
    /// "7 days" / "1 day".
    fn days(n: u64) -> String;
    /// "7 nights" / "1 night".
    fn nights(n: u64) -> String;
    /// "14 plans" / "1 plan".
    fn plan_count(n: usize) -> String;
    /// "5 phones found".
    fn phones_found(n: usize) -> String;
    /// "Galaxy S23 supports eSIM".
    fn supports_esim(device: &str) -> String;
    /// The model the browser reported is not in the list.
    fn reported_model(model: &str) -> String;
    /// A listed model close to the reported one.
    fn similar_listed(device: &str) -> String;
    /// One line explaining the recommendation.
    fn recommendation_reason(reason: Reason) -> String;
    /// "Showing 12 of 30 plans".
    fn showing(shown: usize, total: usize) -> String;
    /// "Show 12 more".
    fn show_more(n: usize) -> String;
    /// "Regional · Asia".
    fn regional(region: Option<&str>) -> String;
    /// "No plans just for Japan. Regional plans cover it too."
    fn no_local_plans(country: &str) -> String;
    /// "$2.60 per GB".
    fn per_gb(price: &str) -> String;
    /// "If nothing changes, contact the hotel with the reference …".
    fn contact_hotel(reference: &str) -> String;
    /// "eSIM 1 of 2".
    fn esim_n_of(n: usize, of: usize) -> String;
    /// "3.8 GB of 5 GB used · 1.3 GB left".
    fn used_of(used: &str, total: &str, left: &str) -> String;
    /// "Valid for 3 days and 5 h more".
    fn time_left(days: u64, hours: u64) -> String;
    /// "Updated 14:05".
    fn updated_at(time: &str) -> String;
    /// "Data plans for Thailand".
    fn plans_for(name: &str) -> String;
    /// "from $4.50": the lowest price seen for the destination (offer card).
    fn from_price(price: &str) -> String;
    /// "1 Dec 2026", with the month from [`Catalog::MONTHS`] (used where `Intl` is not at hand).
    fn date(day: u8, month: &str, year: i32) -> String;
    /// What separates a label from its value ("Total: 12 €").
    fn colon() -> &'static str {
        ": "
    }
}

/// Calls a [`Catalog`] item of the locale's implementation.
macro_rules! catalog {
    ($locale:expr, $($item:tt)+) => {
        match $locale {
            Locale::En => <en::En as Catalog>::$($item)+,
            Locale::De => <de::De as Catalog>::$($item)+,
            Locale::Es => <es::Es as Catalog>::$($item)+,
            Locale::Fr => <fr::Fr as Catalog>::$($item)+,
            Locale::Ar => <ar::Ar as Catalog>::$($item)+,
        }
    };
}

/// The text of `msg` in `locale`.
pub fn t(locale: Locale, msg: Msg) -> &'static str {
    catalog!(locale, msg(msg))
}

/// What separates a label from its value: ": ", or " : " with a narrow
/// no-break space in French.
pub fn colon(locale: Locale) -> &'static str {
    catalog!(locale, colon())
}

/// "7 days" / "1 day" in `locale`.
pub fn days(locale: Locale, n: u64) -> String {
    catalog!(locale, days(n))
}

/// "7 nights" / "1 night" in `locale`.
pub fn nights(locale: Locale, n: u64) -> String {
    catalog!(locale, nights(n))
}

/// "14 plans" / "1 plan" in `locale`, for the list summary read by screen readers.
pub fn plan_count(locale: Locale, n: usize) -> String {
    catalog!(locale, plan_count(n))
}

/// Abbreviated month name (1 = January).
pub fn month_short(locale: Locale, month: u8) -> &'static str {
    let i = usize::from(month.clamp(1, 12) - 1);
    catalog!(locale, MONTHS[i])
}

/// A calendar date such as "1 Dec 2026", for where the browser's `Intl` is not at hand.
pub fn date(locale: Locale, day: u8, month: u8, year: i32) -> String {
    catalog!(locale, date(day, month_short(locale, month), year))
}

/// "Galaxy S23 supports eSIM": the compatible verdict.
pub fn supports_esim(locale: Locale, device: &str) -> String {
    catalog!(locale, supports_esim(device))
}

/// What the browser reported, when that model is not in the list.
pub fn reported_model(locale: Locale, model: &str) -> String {
    catalog!(locale, reported_model(model))
}

/// A listed model close to the reported one.
pub fn similar_listed(locale: Locale, device: &str) -> String {
    catalog!(locale, similar_listed(device))
}

/// "5 phones found", announced as the traveller types.
pub fn phones_found(locale: Locale, n: usize) -> String {
    catalog!(locale, phones_found(n))
}

/// One line explaining the recommendation.
pub fn recommendation_reason(locale: Locale, reason: Reason) -> String {
    catalog!(locale, recommendation_reason(reason))
}

/// "Showing 12 of 30 plans", announced when filters change.
pub fn showing(locale: Locale, shown: usize, total: usize) -> String {
    catalog!(locale, showing(shown, total))
}

/// "Show 12 more".
pub fn show_more(locale: Locale, n: usize) -> String {
    catalog!(locale, show_more(n))
}

/// "Regional · Asia" card label.
pub fn regional(locale: Locale, region: Option<&str>) -> String {
    catalog!(locale, regional(region))
}

/// "No plans just for Japan. Regional plans cover it too." (empty local list).
pub fn no_local_plans(locale: Locale, country: &str) -> String {
    catalog!(locale, no_local_plans(country))
}

/// "$2.60 per GB".
pub fn per_gb(locale: Locale, price: &str) -> String {
    catalog!(locale, per_gb(price))
}

/// "If nothing changes, contact the hotel with the reference …".
pub fn contact_hotel(locale: Locale, reference: &str) -> String {
    catalog!(locale, contact_hotel(reference))
}

/// "eSIM 1 of 2".
pub fn esim_n_of(locale: Locale, n: usize, of: usize) -> String {
    catalog!(locale, esim_n_of(n, of))
}

/// "3.8 GB of 5 GB used · 1.3 GB left".
pub fn used_of(locale: Locale, used: &str, total: &str, left: &str) -> String {
    catalog!(locale, used_of(used, total, left))
}

/// "Valid for 3 more days and 5 hours".
pub fn time_left(locale: Locale, days: u64, hours: u64) -> String {
    catalog!(locale, time_left(days, hours))
}

/// "Updated 14:05".
pub fn updated_at(locale: Locale, time: &str) -> String {
    catalog!(locale, updated_at(time))
}

/// "Data plans for Thailand", with the country's name in the page's language.
pub fn plans_for(locale: Locale, name: &str) -> String {
    catalog!(locale, plans_for(name))
}

/// "from $4.50": the lowest price this session saw for the destination.
pub fn from_price(locale: Locale, price: &str) -> String {
    catalog!(locale, from_price(price))
}

#[cfg(test)]
mod tests;
