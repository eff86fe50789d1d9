//! The traveller's stay: check-in and check-out dates from the host page.

use crate::i18n::{self, Locale};

/// A calendar date (proleptic Gregorian), parsed from `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
    /// Day of month 1..=31.
    pub day: u8,
}

impl Date {
    /// Parses an ISO 8601 calendar date (`2026-12-01`), rejecting impossible dates.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for differences between dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// "1 Dec 2026" (en) / "1. Dez. 2026" (de): the catalog's own format, for
    /// where the browser's `Intl.DateTimeFormat` is not at hand.
    pub fn format(self, locale: Locale) -> String {
        i18n::date(locale, self.day, self.month, self.year)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The stay the widget sells connectivity for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TripDates {
    /// Arrival day.
    pub check_in: Date,
    /// Departure day, after `check_in`.
    pub check_out: Date,
}

/// Why a pair of dates is not a stay.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TripDatesError {
    /// A date is not `YYYY-MM-DD` or does not exist.
    #[error("`{field}` must be a date written YYYY-MM-DD, got \"{value}\"")]
    Invalid {
        /// The option name.
        field: &'static str,
        /// What the host sent.
        value: String,
    },
    /// Only one of the two dates was given.
    #[error("set both `check-in` and `check-out`, or neither")]
    OnlyOne,
    /// Check-out is not after check-in.
    #[error("`check-out` ({check_out}) must be after `check-in` ({check_in})")]
    NotAfter {
        /// Arrival.
        check_in: Date,
        /// Departure.
        check_out: Date,
    },
}

impl TripDates {
    /// Builds a stay from optional host strings; `Ok(None)` when neither is given.
    pub fn from_options(
        check_in: Option<&str>,
        check_out: Option<&str>,
    ) -> Result<Option<TripDates>, TripDatesError> {
        let parse = |field: &'static str, v: &str| {
            Date::parse(v).ok_or_else(|| TripDatesError::Invalid {
                field,
                value: v.to_string(),
            })
        };
        match (check_in, check_out) {
            (None, None) => Ok(None),
            (Some(_), None) | (None, Some(_)) => Err(TripDatesError::OnlyOne),
            (Some(a), Some(b)) => {
                let check_in = parse("check-in", a)?;
                let check_out = parse("check-out", b)?;
                if check_out <= check_in {
                    return Err(TripDatesError::NotAfter {
                        check_in,
                        check_out,
                    });
                }
                Ok(Some(TripDates {
                    check_in,
                    check_out,
                }))
            }
        }
    }

    /// Number of nights of the stay (at least 1).
    pub fn nights(&self) -> u64 {
        (self.check_out.days_since_epoch() - self.check_in.days_since_epoch()).max(1) as u64
    }

    /// "1 Dec 2026 – 8 Dec 2026 · 7 nights".
    pub fn summary(&self, locale: Locale) -> String {
        format!(
            "{} – {} · {}",
            self.check_in.format(locale),
            self.check_out.format(locale),
            i18n::nights(locale, self.nights())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_dates() {
        assert_eq!(
            Date::parse("2026-12-01"),
            Some(Date {
                year: 2026,
                month: 12,
                day: 1
            })
        );
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse("01/12/2026").is_none());
        assert!(Date::parse("2026-12-01T00:00").is_none());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days_since_epoch(), 11017);
        assert_eq!(Date::parse("1969-12-31").unwrap().days_since_epoch(), -1);
    }

    #[test]
    fn nights_across_months_and_years() {
        let t = TripDates::from_options(Some("2026-12-28"), Some("2027-01-04"))
            .unwrap()
            .unwrap();
        assert_eq!(t.nights(), 7);
        let leap = TripDates::from_options(Some("2028-02-27"), Some("2028-03-01"))
            .unwrap()
            .unwrap();
        assert_eq!(leap.nights(), 3);
    }

    #[test]
    fn bad_stays_are_explained() {
        assert_eq!(
            TripDates::from_options(Some("2026-12-08"), Some("2026-12-01")),
            Err(TripDatesError::NotAfter {
                check_in: Date::parse("2026-12-08").unwrap(),
                check_out: Date::parse("2026-12-01").unwrap()
            })
        );
        assert!(matches!(
            TripDates::from_options(Some("2026-12-08"), Some("2026-12-08")),
            Err(TripDatesError::NotAfter { .. })
        ));
        assert_eq!(
            TripDates::from_options(Some("2026-12-08"), None),
            Err(TripDatesError::OnlyOne)
        );
        assert_eq!(TripDates::from_options(None, None), Ok(None));
        let err = TripDates::from_options(Some("tomorrow"), Some("2026-12-08")).unwrap_err();
        assert!(err.to_string().contains("check-in"));
    }

    #[test]
    fn summary_is_localized() {
        let t = TripDates::from_options(Some("2026-12-01"), Some("2026-12-08"))
            .unwrap()
            .unwrap();
        assert_eq!(t.summary(Locale::En), "1 Dec 2026 – 8 Dec 2026 · 7 nights");
        assert_eq!(
            t.summary(Locale::De),
            "1. Dez. 2026 – 8. Dez. 2026 · 7 Nächte"
        );
    }
}
