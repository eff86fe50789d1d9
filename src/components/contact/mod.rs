//! The contact fields that checkout and a top-up both ask for, and what is
//! behind them: the words of each field's problem, the calling-code choices,
//! and a phone number split into its country and the rest.

use crate::checkout::calling_codes;
use crate::checkout::form::Problem;
use crate::components::intl;
use crate::i18n::{t, Locale, Msg};

mod reach_fields;
pub(crate) use reach_fields::ReachFields;

/// The message for a field's problem.
pub(crate) fn problem_text(locale: Locale, p: Problem) -> &'static str {
    t(
        locale,
        match p {
            Problem::Missing => Msg::ErrMissing,
            Problem::NameTooShort => Msg::ErrNameShort,
            Problem::EmailInvalid => Msg::ErrEmail,
            Problem::PhoneInvalid => Msg::ErrPhoneInvalid,
            Problem::PhoneTooShort => Msg::ErrPhoneShort,
            Problem::PhoneTooLong => Msg::ErrPhoneLong,
            Problem::PhoneCountry => Msg::ErrPhoneCountry,
            Problem::QuantityRange => Msg::ErrQuantity,
        },
    )
}

/// A phone number as the host or ITT wrote it, split into the country of its
/// calling code (when it has one) and the rest.
pub(crate) fn phone_parts(phone: Option<&str>) -> (String, String) {
    match phone {
        Some(p) => match calling_codes::split_international(p) {
            Some((iso, rest)) => (iso.to_string(), rest),
            None => (String::new(), p.to_string()),
        },
        None => (String::new(), String::new()),
    }
}

/// The calling-code choices of a phone field: `(ISO code, "Thailand (+66)")`, by name.
pub(crate) fn calling_code_options(locale: Locale) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = calling_codes::all()
        .map(|(iso, code)| {
            (
                iso.to_string(),
                // Isolated, so "+66" keeps its sign first in Arabic.
                format!(
                    "{} (\u{2066}+{code}\u{2069})",
                    intl::country_name(iso, locale)
                ),
            )
        })
        .collect();
    itt_contract::sort::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
    list
}
