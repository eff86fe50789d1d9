//! Prices as exact minor units in the API's currency.
//!
//! ITT prices arrive as decimal text in the agency's currency (not always USD,
//! e.g. BDT). They are kept as integers of the currency's minor unit so that
//! nothing is lost to floating point and currencies without minor units (JPY)
//! display correctly.

use crate::locale::Locale;

/// An amount of money in one currency, in that currency's minor units.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    /// Amount in minor units (cents for USD, yen for JPY).
    pub minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

/// Number of decimal places of an ISO 4217 currency's minor unit.
///
/// Currencies not listed use two, which is right for almost all of them.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// Whether `s` is a plain non-negative decimal such as `489.41` or `12`.
pub fn is_decimal(s: &str) -> bool {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

impl Money {
    /// Parses a decimal such as `"489.41"` in `currency`.
    ///
    /// Extra fraction digits beyond the currency's minor unit are rounded half up.
    /// Returns `None` for text that is not a plain non-negative decimal or an
    /// unusable currency code.
    pub fn parse(amount: &str, currency: &str) -> Option<Money> {
        let currency = currency.trim().to_ascii_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let amount = amount.trim();
        if !is_decimal(amount) {
            return None;
        }
        let digits = minor_digits(&currency) as usize;
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
        let mut frac_digits: String = frac.chars().take(digits).collect();
        while frac_digits.len() < digits {
            frac_digits.push('0');
        }
        let round_up = frac.chars().nth(digits).is_some_and(|c| c >= '5');
        let whole: i64 = whole.parse().ok()?;
        let frac_value: i64 = if digits == 0 {
            0
        } else {
            frac_digits.parse().ok()?
        };
        let scale = 10_i64.checked_pow(digits as u32)?;
        let minor = whole
            .checked_mul(scale)?
            .checked_add(frac_value)?
            .checked_add(i64::from(round_up))?;
        Some(Money { minor, currency })
    }

    /// Formats for display in `locale`, e.g. `THB 489.41` or `489,41 THB`.
    ///
    /// This is the dependency-free fallback; it groups thousands and uses the
    /// locale's decimal separator, with the code rather than a symbol so that no
    /// currency is ever ambiguous ("$" is not only the US dollar).
    pub fn format(&self, locale: Locale) -> String {
        let digits = minor_digits(&self.currency);
        let scale = 10_i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let whole = abs / scale as u64;
        let frac = abs % scale as u64;
        let grouped = group_thousands(whole, locale.group_separator());
        let number = if digits == 0 {
            format!("{sign}{grouped}")
        } else {
            format!(
                "{sign}{grouped}{}{frac:0width$}",
                locale.decimal_separator(),
                width = digits as usize
            )
        };
        if locale.currency_code_first() {
            format!("{} {number}", self.currency)
        } else {
            format!("{number} {}", self.currency)
        }
    }
}

impl Money {
    /// The amount as plain decimal text (`"13.00"`, `"1500"` for JPY), for events and `Intl`.
    pub fn decimal(&self) -> String {
        let digits = minor_digits(&self.currency);
        let scale = 10_u64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if digits == 0 {
            format!("{sign}{abs}")
        } else {
            format!(
                "{sign}{}.{:0width$}",
                abs / scale,
                abs % scale,
                width = digits as usize
            )
        }
    }
}

fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_minor_units() {
        assert_eq!(Money::parse("489.41", "bdt").unwrap().minor, 48941);
        assert_eq!(Money::parse("12", "USD").unwrap().minor, 1200);
        assert_eq!(Money::parse("12.5", "EUR").unwrap().minor, 1250);
        assert_eq!(Money::parse("0.105", "USD").unwrap().minor, 11);
        assert_eq!(Money::parse("0.104", "USD").unwrap().minor, 10);
    }

    #[test]
    fn currencies_without_minor_units() {
        let yen = Money::parse("1500", "JPY").unwrap();
        assert_eq!(yen.minor, 1500);
        assert_eq!(yen.format(Locale::En), "JPY 1,500");
        assert_eq!(Money::parse("1500.6", "JPY").unwrap().minor, 1501);
    }

    #[test]
    fn three_digit_currencies() {
        let kwd = Money::parse("1.5", "KWD").unwrap();
        assert_eq!(kwd.minor, 1500);
        assert_eq!(kwd.format(Locale::En), "KWD 1.500");
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(Money::parse("abc", "USD"), None);
        assert_eq!(Money::parse("-1", "USD"), None);
        assert_eq!(Money::parse("1", "US"), None);
        assert_eq!(Money::parse("1", "U$D"), None);
        assert_eq!(Money::parse("99999999999999999999", "USD"), None);
    }

    #[test]
    fn decimal_text() {
        assert_eq!(Money::parse("13", "USD").unwrap().decimal(), "13.00");
        assert_eq!(Money::parse("1500", "JPY").unwrap().decimal(), "1500");
        assert_eq!(Money::parse("1.5", "KWD").unwrap().decimal(), "1.500");
        assert_eq!(Money::parse("0.05", "EUR").unwrap().decimal(), "0.05");
    }

    #[test]
    fn formats_per_locale() {
        let m = Money::parse("1234567.8", "THB").unwrap();
        assert_eq!(m.format(Locale::En), "THB 1,234,567.80");
        assert_eq!(m.format(Locale::De), "1.234.567,80 THB");
        let small = Money::parse("0.05", "EUR").unwrap();
        assert_eq!(small.format(Locale::En), "EUR 0.05");
    }
}
