//! What the usage card shows: the meter, warnings, the validity countdown and
//! when to refresh, computed from ITT's answer without the browser.

use crate::api::usage::{DataUsage, UsageStatus};
use crate::api::ApiError;
use crate::trip::Date;

/// Data used and left, for a meter with text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meter {
    /// MB used (never more than the total).
    pub used_mb: u64,
    /// MB in the plan and its top-ups.
    pub total_mb: u64,
    /// MB left.
    pub remaining_mb: u64,
    /// Share used, 0..=100.
    pub percent: u8,
}

/// The meter for limited plans with a known, non-zero total; `None` for
/// unlimited plans or when the supplier gave no usable numbers. A remaining
/// amount above the total (a top-up not yet in the total) counts as nothing used.
pub fn meter(u: &DataUsage) -> Option<Meter> {
    if u.unlimited {
        return None;
    }
    let total = u.total_mb.filter(|t| *t > 0)?;
    let remaining = u.remaining_mb?.min(total);
    let used = total - remaining;
    Some(Meter {
        used_mb: used,
        total_mb: total,
        remaining_mb: remaining,
        percent: (used * 100 / total) as u8,
    })
}

/// How urgent the data situation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// 75 % used.
    Low,
    /// 90 % used.
    VeryLow,
    /// Nothing left, or the supplier says finished.
    Empty,
}

/// The warning to show with a top-up prompt, if any.
pub fn warning(u: &DataUsage) -> Option<Warning> {
    if u.status == UsageStatus::Finished {
        return Some(Warning::Empty);
    }
    let m = meter(u)?;
    match m.percent {
        100 => Some(Warning::Empty),
        90..=99 => Some(Warning::VeryLow),
        75..=89 => Some(Warning::Low),
        _ => None,
    }
}

/// Time left until validity ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Countdown {
    /// Days and hours left.
    Left {
        /// Whole days.
        days: u64,
        /// Remaining hours.
        hours: u64,
    },
    /// Over.
    Ended,
}

/// Seconds since the Unix epoch of `YYYY-MM-DD HH:MM[:SS]` (or `T`-separated), taken as UTC.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once([' ', 'T']).unwrap_or((text, "00:00:00"));
    let date = Date::parse(date)?;
    let mut hms = time
        .trim_end_matches('Z')
        .split(':')
        .map(|p| p.parse::<i64>().ok());
    let h = hms.next().flatten().filter(|h| (0..24).contains(h))?;
    let m = hms.next().flatten().filter(|m| (0..60).contains(m))?;
    let s = hms.next().flatten().unwrap_or(0).clamp(0, 59);
    Some(date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + s)
}

/// The countdown from `now` (Unix seconds) to `expires_at`.
pub fn countdown(expires_at: &str, now: i64) -> Option<Countdown> {
    let end = parse_timestamp(expires_at)?;
    let left = end - now;
    if left <= 0 {
        return Some(Countdown::Ended);
    }
    let hours = (left as u64).div_ceil(3600);
    Some(Countdown::Left {
        days: hours / 24,
        hours: hours % 24,
    })
}

/// Normal refresh interval of the usage card, in seconds.
pub const REFRESH_SECS: u64 = 300;

/// The longest wait a server's Retry-After can impose (a day): keeps timers in range.
pub const MAX_WAIT_SECS: u64 = 86_400;

/// When to ask again after `result`: the normal interval, or longer when the
/// server said so (429 with Retry-After), never sooner.
pub fn next_refresh(result: &Result<DataUsage, ApiError>) -> u64 {
    match result {
        Err(ApiError::RateLimited {
            retry_after_secs: Some(s),
            ..
        }) => (*s).clamp(REFRESH_SECS, MAX_WAIT_SECS),
        _ => REFRESH_SECS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(remaining: Option<u64>, total: Option<u64>, unlimited: bool) -> DataUsage {
        DataUsage {
            iccid: None,
            status: UsageStatus::Active,
            remaining_mb: remaining,
            total_mb: total,
            unlimited,
            expires_at: None,
        }
    }

    #[test]
    fn meters() {
        let m = meter(&usage(Some(1280), Some(5120), false)).unwrap();
        assert_eq!((m.used_mb, m.remaining_mb, m.percent), (3840, 1280, 75));
        assert_eq!(meter(&usage(None, None, true)), None, "unlimited");
        assert_eq!(meter(&usage(Some(0), Some(0), false)), None, "zero total");
        let over = meter(&usage(Some(6000), Some(5120), false)).unwrap();
        assert_eq!(
            (over.used_mb, over.percent),
            (0, 0),
            "remaining above total"
        );
        let used_up = meter(&usage(Some(0), Some(1024), false)).unwrap();
        assert_eq!(used_up.percent, 100);
    }

    #[test]
    fn warnings_at_75_and_90() {
        assert_eq!(warning(&usage(Some(2000), Some(5120), false)), None);
        assert_eq!(
            warning(&usage(Some(1280), Some(5120), false)),
            Some(Warning::Low)
        );
        assert_eq!(
            warning(&usage(Some(500), Some(5120), false)),
            Some(Warning::VeryLow)
        );
        assert_eq!(
            warning(&usage(Some(0), Some(5120), false)),
            Some(Warning::Empty)
        );
        let mut finished = usage(None, None, true);
        finished.status = UsageStatus::Finished;
        assert_eq!(warning(&finished), Some(Warning::Empty));
        assert_eq!(warning(&usage(None, None, true)), None);
    }

    #[test]
    fn countdowns() {
        let end = parse_timestamp("2026-12-31 12:00:00").unwrap();
        assert_eq!(
            countdown("2026-12-31 12:00:00", end - 3 * 86_400 - 5 * 3600),
            Some(Countdown::Left { days: 3, hours: 5 })
        );
        assert_eq!(
            countdown("2026-12-31T12:00:00Z", end - 60),
            Some(Countdown::Left { days: 0, hours: 1 })
        );
        assert_eq!(
            countdown("2026-12-31 12:00:00", end),
            Some(Countdown::Ended)
        );
        assert_eq!(countdown("2026-12-31", end), Some(Countdown::Ended));
        assert_eq!(countdown("soon", end), None);
        assert_eq!(parse_timestamp("2026-12-31 25:00:00"), None);
    }

    #[test]
    fn refresh_respects_retry_after() {
        assert_eq!(next_refresh(&Ok(usage(None, None, true))), REFRESH_SECS);
        let limited = |s| {
            Err(ApiError::RateLimited {
                operation: "data-usage",
                retry_after_secs: s,
            })
        };
        assert_eq!(next_refresh(&limited(Some(900))), 900);
        assert_eq!(next_refresh(&limited(Some(5))), REFRESH_SECS);
        assert_eq!(next_refresh(&limited(None)), REFRESH_SECS);
        assert_eq!(next_refresh(&limited(Some(u64::MAX))), MAX_WAIT_SECS);
    }
}
