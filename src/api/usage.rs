//! `data-usage`: how much data an eSIM has left.

use super::lenient;
use super::Reply;
use serde::{Deserialize, Serialize};

/// Asks for an eSIM's usage (the booking's `tracking_id` is added by the proxy
/// from the booking token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataUsageRequest {
    /// The eSIM.
    #[serde(rename = "eSim_iccid")]
    pub iccid: String,
}

/// Lifecycle of an eSIM, as the supplier reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsageStatus {
    /// Installed or not, but not yet used: validity has not started.
    NotActive,
    /// In use.
    Active,
    /// Data used up.
    Finished,
    /// Validity over.
    Expired,
    /// Reclaimed by the operator.
    Recycled,
    /// The supplier does not know (or said something else).
    Unknown,
}

impl UsageStatus {
    /// Parses the supplier's spelling (any case, `-` or `_` or space).
    pub fn parse(text: &str) -> UsageStatus {
        match text
            .trim()
            .to_ascii_uppercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "NOT_ACTIVE" | "INACTIVE" => UsageStatus::NotActive,
            "ACTIVE" => UsageStatus::Active,
            "FINISHED" => UsageStatus::Finished,
            "EXPIRED" => UsageStatus::Expired,
            "RECYCLED" => UsageStatus::Recycled,
            _ => UsageStatus::Unknown,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
struct RawUsageData {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    iccid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    remaining: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    total: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    expired_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    is_unlimited: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
}

/// `data-usage` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawDataUsage {
    #[serde(default, deserialize_with = "lenient::opt_object")]
    data: Option<RawUsageData>,
}

/// An eSIM's data usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataUsage {
    /// The eSIM, when echoed.
    pub iccid: Option<String>,
    /// Lifecycle state.
    pub status: UsageStatus,
    /// MB left (not meaningful for unlimited plans).
    pub remaining_mb: Option<u64>,
    /// MB in the plan and its top-ups.
    pub total_mb: Option<u64>,
    /// Unlimited plan.
    pub unlimited: bool,
    /// When validity ends (`YYYY-MM-DD HH:MM:SS`, supplier time zone).
    pub expires_at: Option<String>,
}

impl DataUsage {
    /// Share of data used, in percent (0..=100), when it can be told.
    pub fn used_percent(&self) -> Option<u8> {
        match (self.unlimited, self.remaining_mb, self.total_mb) {
            (false, Some(remaining), Some(total)) if total > 0 => {
                let used = total.saturating_sub(remaining.min(total));
                Some((used * 100 / total) as u8)
            }
            _ => None,
        }
    }
}

impl Reply for RawDataUsage {
    type Output = DataUsage;

    fn finish(self) -> Result<DataUsage, &'static str> {
        let data = self.data.ok_or("data")?;
        Ok(DataUsage {
            iccid: data.iccid,
            status: data
                .status
                .as_deref()
                .map_or(UsageStatus::Unknown, UsageStatus::parse),
            remaining_mb: data.remaining,
            total_mb: data.total,
            unlimited: data.is_unlimited.unwrap_or(false),
            expires_at: data.expired_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_percent() {
        assert_eq!(UsageStatus::parse("not-active"), UsageStatus::NotActive);
        assert_eq!(UsageStatus::parse("Active"), UsageStatus::Active);
        assert_eq!(UsageStatus::parse("??"), UsageStatus::Unknown);
        let mut u = DataUsage {
            iccid: None,
            status: UsageStatus::Active,
            remaining_mb: Some(256),
            total_mb: Some(1024),
            unlimited: false,
            expires_at: None,
        };
        assert_eq!(u.used_percent(), Some(75));
        u.remaining_mb = Some(2048);
        assert_eq!(u.used_percent(), Some(0), "more left than total is clamped");
        u.unlimited = true;
        assert_eq!(u.used_percent(), None);
    }
}
