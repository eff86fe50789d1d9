//! `search`: the plans on offer for a destination.

use super::{lenient, Reply};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// What the widget asks for. Server-side values (partner id) are added by the proxy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// Destination, ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Language of names in the answer.
    pub language: String,
    /// `local` (this country's plans), `regional` or `global`.
    pub region_type: &'static str,
}

impl SearchRequest {
    /// A search for `country`'s own plans.
    pub fn local(country_code: &str, language: &str) -> SearchRequest {
        SearchRequest {
            country_code: country_code.to_string(),
            language: language.to_string(),
            region_type: "local",
        }
    }
}

/// ITT's search body; `partner_id` is left to the proxy.
#[derive(Serialize)]
struct SearchBody<'a> {
    #[serde(rename = "eSim")]
    esim: SearchFilter<'a>,
    supplier_uid: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct SearchFilter<'a> {
    region_type: &'a str,
    country_code: &'a str,
    plan_type: &'a str,
}

impl SearchRequest {
    /// The JSON body in ITT's shape.
    pub fn body(&self) -> String {
        let body = SearchBody {
            esim: SearchFilter {
                region_type: self.region_type,
                country_code: &self.country_code,
                plan_type: "data",
            },
            supplier_uid: "all",
            language: &self.language,
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

/// A decoded search answer.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct SearchResponse {
    /// Identifies this search for the package and booking calls that follow.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tracking_id: Option<String>,
    /// How many packages ITT says it found (may disagree with `data`).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_esim_package: Option<u64>,
    /// The packages.
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    pub data: Vec<RawPackage>,
}

/// A package as ITT sends it; see [`Plan`] for the cleaned form.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct RawPackage {
    /// e.g. `X1AO00084||bangladesh||1067||fatafati-in-7days-1gb`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub package_id: Option<String>,
    /// e.g. `1 GB - 7 days`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub title: Option<String>,
    /// e.g. `1 GB`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub data: Option<String>,
    /// Decimal text in `sell_currency`.
    #[serde(default, deserialize_with = "lenient::opt_decimal")]
    pub sell_price: Option<String>,
    /// ISO 4217 code.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub sell_currency: Option<String>,
    /// `local`, `regional` or `global`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub coverage_type: Option<String>,
    /// Data, validity and unlimited flag.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub package_details: Option<RawPackageDetails>,
    /// e.g. `first-usage`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub activation_policy: Option<String>,
    /// Whether top-ups can be bought later.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub rechargeable: Option<bool>,
    /// The region the package is named after (the country for local plans).
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub region_details: Option<RawNamed>,
    /// The network operator.
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub operator_details: Option<RawNamed>,
}

/// An object of which only the `name` matters (`region_details`, `operator_details`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RawNamed {
    /// Display name.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
}

/// `package_details` of a package.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RawPackageDetails {
    /// Data in MB.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub data_amount: Option<u64>,
    /// Days the plan lasts once active.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub validity_days: Option<u64>,
    /// Unlimited data.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_unlimited: Option<bool>,
    /// Whether a fair-usage policy limits the plan (unlimited plans).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub has_fair_usage_policy: Option<bool>,
}

/// A plan as the widget shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// ITT package id (stable key).
    pub id: String,
    /// Supplier title.
    pub title: String,
    /// Data in MB, when limited and known.
    pub data_mb: Option<u64>,
    /// Unlimited data.
    pub unlimited: bool,
    /// Validity in days, when known.
    pub validity_days: Option<u64>,
    /// Price, when ITT sent a usable one.
    pub price: Option<Money>,
    /// `local`, `regional` or `global` when known.
    pub coverage: Option<String>,
    /// When the validity starts, e.g. `first-usage`.
    pub activation_policy: Option<String>,
    /// Whether top-ups can be bought later.
    pub rechargeable: Option<bool>,
    /// Region name for regional and global plans (`Asia`), when ITT gives one.
    pub region: Option<String>,
    /// A fair-usage policy applies (its text comes with the package details).
    pub fair_usage: bool,
    /// Network operator, when known.
    pub operator: Option<String>,
}

impl Plan {
    /// Cleans a raw package; packages without an id cannot be booked and are dropped.
    pub fn from_raw(raw: &RawPackage) -> Option<Plan> {
        let id = raw.package_id.clone()?;
        let details = raw.package_details.clone().unwrap_or_default();
        let unlimited = details.is_unlimited.unwrap_or(false)
            || raw
                .data
                .as_deref()
                .is_some_and(|d| d.to_ascii_lowercase().contains("unlimited"));
        let data_mb = if unlimited {
            None
        } else {
            details
                .data_amount
                .or_else(|| raw.data.as_deref().and_then(parse_data_mb))
        };
        let price = match (&raw.sell_price, &raw.sell_currency) {
            (Some(p), Some(c)) => Money::parse(p, c),
            _ => None,
        };
        Some(Plan {
            title: raw.title.clone().unwrap_or_else(|| id.clone()),
            id,
            data_mb,
            unlimited,
            validity_days: details.validity_days,
            price,
            coverage: raw.coverage_type.clone(),
            activation_policy: raw.activation_policy.clone(),
            rechargeable: raw.rechargeable,
            region: raw.region_details.as_ref().and_then(|r| r.name.clone()),
            fair_usage: details.has_fair_usage_policy.unwrap_or(false),
            operator: raw.operator_details.as_ref().and_then(|o| o.name.clone()),
        })
    }

    /// "5 GB", "500 MB" or `None` when unknown; unlimited plans are labelled by the caller.
    pub fn data_label(&self) -> Option<String> {
        self.data_mb.map(format_data_mb)
    }
}

impl SearchResponse {
    /// The bookable plans, in ITT's order.
    pub fn plans(&self) -> Vec<Plan> {
        self.data.iter().filter_map(Plan::from_raw).collect()
    }
}

/// The plans on offer, with the search's tracking id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResults {
    /// Needed to ask for a package's details and to book it; always present
    /// when there are plans (an empty search need not carry one).
    pub tracking_id: Option<String>,
    /// The bookable plans, in ITT's order.
    pub plans: Vec<Plan>,
}

impl Reply for SearchResponse {
    type Output = SearchResults;

    fn finish(self) -> Result<SearchResults, &'static str> {
        let plans = self.plans();
        if !plans.is_empty() && self.tracking_id.is_none() {
            return Err("tracking_id");
        }
        Ok(SearchResults {
            tracking_id: self.tracking_id,
            plans,
        })
    }
}

/// Parses a data label like `"1 GB"`, `"500MB"` or `"1.5 GB"` into MB (1 GB = 1024 MB, as Airalo counts).
///
/// Integer arithmetic only: float parsing and printing would add ~20 KB to the bundle.
pub fn parse_data_mb(label: &str) -> Option<u64> {
    let s = label.trim().to_ascii_uppercase();
    let (number, factor) = if let Some(n) = s.strip_suffix("GB") {
        (n.trim(), 1024)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n.trim(), 1)
    } else {
        return None;
    };
    if !crate::money::is_decimal(number) {
        return None;
    }
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let frac = &frac[..frac.len().min(6)];
    let scale = 10_u64.pow(frac.len() as u32);
    let scaled =
        whole
            .parse::<u64>()
            .ok()?
            .checked_mul(scale)?
            .checked_add(if frac.is_empty() {
                0
            } else {
                frac.parse().ok()?
            })?;
    let mb = (scaled.checked_mul(factor)? + scale / 2) / scale;
    (mb > 0).then_some(mb)
}

/// "5 GB", "1.5 GB", "500 MB".
pub fn format_data_mb(mb: u64) -> String {
    if mb >= 1024 {
        let tenths = (mb * 10 + 512) / 1024;
        if tenths.is_multiple_of(10) {
            format!("{} GB", tenths / 10)
        } else {
            format!("{}.{} GB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{mb} MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Operation, RawResponse};

    const ODD: &str = r#"{
        "Status": "Success",
        "reason": "A total of 3 eSIM packages were found for your search.",
        "tracking_id": "117726070533RO1",
        "total_esim_package": "3,",
        "data": {
            "1": {"package_id": "B", "title": "Unlimited - 10 days", "data": "Unlimited",
                  "sell_price": "30.00,", "sell_currency": "usd",
                  "package_details": {"data_amount": "null,", "validity_days": "10,", "is_unlimited": "true,"}},
            "0": {"package_id": "A", "title": "1 GB - 7 days", "data": "1 GB",
                  "sell_price": "489.41,", "sell_currency": "BDT", "coverage_type": "local",
                  "package_details": {"data_amount": "1024", "validity_days": 7, "is_unlimited": "false,"},
                  "unexpected": {"x": 1}},
            "2": {"title": "no id, cannot be booked"}
        },
        "-\"filter\"": {},
        "supplier": {}
    }"#;

    #[test]
    fn decodes_the_odd_form() {
        let raw = RawResponse {
            status: 200,
            retry_after: None,
            body: ODD.into(),
        };
        let resp: SearchResponse = decode(Operation::Search, &raw).unwrap();
        assert_eq!(resp.total_esim_package, Some(3));
        assert_eq!(resp.tracking_id.as_deref(), Some("117726070533RO1"));
        let plans = resp.plans();
        assert_eq!(plans.len(), 2);
        assert_eq!(plans[0].id, "A");
        assert_eq!(plans[0].data_mb, Some(1024));
        assert_eq!(plans[0].validity_days, Some(7));
        assert_eq!(plans[0].price.as_ref().unwrap().minor, 48941);
        assert_eq!(plans[0].coverage.as_deref(), Some("local"));
        assert!(plans[1].unlimited);
        assert_eq!(plans[1].data_mb, None);
        assert_eq!(plans[1].price.as_ref().unwrap().currency, "USD");
    }

    #[test]
    fn missing_fields_are_none() {
        let raw: RawPackage = serde_json::from_str(r#"{"package_id": "X"}"#).unwrap();
        let plan = Plan::from_raw(&raw).unwrap();
        assert_eq!(plan.title, "X");
        assert_eq!(plan.price, None);
        assert_eq!(plan.validity_days, None);
        assert_eq!(plan.data_label(), None);
        let bad_details: RawPackage = serde_json::from_str(
            r#"{"package_id": "Y", "package_details": "null,", "data": "3 GB"}"#,
        )
        .unwrap();
        assert_eq!(Plan::from_raw(&bad_details).unwrap().data_mb, Some(3072));
    }

    #[test]
    fn empty_search_needs_no_tracking_id_but_plans_do() {
        let resp: SearchResponse =
            serde_json::from_str(r#"{"status":"success","data":[],"total_esim_package":"0,"}"#)
                .unwrap();
        assert!(resp.plans().is_empty());
        assert_eq!(resp.finish().unwrap().tracking_id, None);
        let resp: SearchResponse =
            serde_json::from_str(r#"{"status":"success","data":[{"package_id":"A"}]}"#).unwrap();
        assert_eq!(resp.finish(), Err("tracking_id"));
    }

    #[test]
    fn data_labels() {
        assert_eq!(parse_data_mb("1 GB"), Some(1024));
        assert_eq!(parse_data_mb("500MB"), Some(500));
        assert_eq!(parse_data_mb("1.5 gb"), Some(1536));
        assert_eq!(parse_data_mb("lots"), None);
        assert_eq!(parse_data_mb("0 GB"), None);
        assert_eq!(parse_data_mb("0.5GB"), Some(512));
        assert_eq!(format_data_mb(1024), "1 GB");
        assert_eq!(format_data_mb(1536), "1.5 GB");
        assert_eq!(format_data_mb(512), "512 MB");
        assert_eq!(format_data_mb(20480), "20 GB");
    }

    #[test]
    fn request_body_has_no_server_side_values() {
        let body = SearchRequest {
            country_code: "TH".into(),
            language: "en".into(),
            region_type: "local",
        }
        .body();
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["eSim"]["country_code"], "TH");
        assert_eq!(body["language"], "en");
        assert!(body.get("partner_id").is_none());
    }
}
