//! `data-usage`: how much data an eSIM has left.

use super::lenient;
use super::Reply;
use itt_contract::answers::{
    USAGE_CONTAINER, USAGE_EXPIRY_KEYS, USAGE_ICCID_KEYS, USAGE_REMAINING_KEY, USAGE_STATUS_KEYS,
    USAGE_TOTAL_KEY, USAGE_UNLIMITED_KEYS,
};
use itt_contract::recognize::Node;
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

/// `data-usage` as ITT sends it. The reference's sample repeats the instructions
/// sample and shows no usage, so the usage is recognised by content: the first
/// object with `remaining` or `total`, inside `data` first, then anywhere.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct RawDataUsage(Node);

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

impl Reply for RawDataUsage {
    type Output = DataUsage;

    fn finish(self) -> Result<DataUsage, &'static str> {
        let answer = &self.0;
        let amount = |o: &Node, key: &str| o.text_of(&[key]).and_then(|t| lenient::parse_u64(&t));
        let is_usage = |o: &&Node| {
            amount(o, USAGE_REMAINING_KEY).is_some() || amount(o, USAGE_TOTAL_KEY).is_some()
        };
        let data = answer
            .get_any(&USAGE_CONTAINER)
            .into_iter()
            .flat_map(Node::objects)
            .map(|(_, o)| o)
            .find(is_usage)
            .or_else(|| answer.objects().into_iter().map(|(_, o)| o).find(is_usage))
            .ok_or("data")?;
        Ok(DataUsage {
            iccid: data.text_of(&USAGE_ICCID_KEYS),
            status: data
                .text_of(&USAGE_STATUS_KEYS)
                .as_deref()
                .map_or(UsageStatus::Unknown, UsageStatus::parse),
            remaining_mb: amount(data, USAGE_REMAINING_KEY),
            total_mb: amount(data, USAGE_TOTAL_KEY),
            unlimited: data
                .text_of(&USAGE_UNLIMITED_KEYS)
                .and_then(|t| lenient::parse_bool(&t))
                .unwrap_or(false),
            expires_at: data.text_of(&USAGE_EXPIRY_KEYS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(json: &str) -> Result<DataUsage, &'static str> {
        serde_json::from_str::<RawDataUsage>(json).unwrap().finish()
    }

    #[test]
    fn usage_is_recognised_wherever_it_is() {
        for json in [
            r#"{"data": {"remaining": "256,", "total": 1024, "status": "ACTIVE"}}"#,
            r#"{"instructions": {}, "usage": {"0": {"remaining": 256, "total": "1024"}}}"#,
            r#"{"remaining": 256, "total": 1024, "data": {"note": "x"}}"#,
        ] {
            let u = usage(json).unwrap();
            assert_eq!(
                (u.remaining_mb, u.total_mb),
                (Some(256), Some(1024)),
                "{json}"
            );
        }
        assert_eq!(
            usage(r#"{"status": "success", "instructions": {}}"#),
            Err("data")
        );
    }

    #[test]
    fn statuses() {
        // The share used is `usage::meter`'s, tested there.
        assert_eq!(UsageStatus::parse("not-active"), UsageStatus::NotActive);
        assert_eq!(UsageStatus::parse("Active"), UsageStatus::Active);
        assert_eq!(UsageStatus::parse("??"), UsageStatus::Unknown);
    }
}
