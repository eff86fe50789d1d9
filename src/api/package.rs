//! `single-esim-package`: one plan in detail before booking.

use super::lenient;
use super::search::{Plan, RawNamed, RawPackage};
use super::Reply;
use serde::{Deserialize, Serialize};

/// Asks for one package of a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackageRequest {
    /// The search's `tracking_id`.
    pub tracking_id: String,
    /// The package's `package_id`.
    pub package_id: String,
}

/// A country a package covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CoverageCountry {
    /// English name.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, alias = "code", deserialize_with = "lenient::opt_string")]
    pub country_code: Option<String>,
}

/// `single-esim-package` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawPackageReply {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tracking_id: Option<String>,
    /// Added by the proxy (not ITT): the key for `tracking_id`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tracking_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    data: Option<RawPackage>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    operator_details: Option<RawNamed>,
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    coverage_country: Vec<CoverageCountry>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    fair_usage_policy: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    qr_installation: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    manual_installation: Option<String>,
}

/// A package in detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageDetails {
    /// Tracking id to book this package with (`booking_tracking_id` later).
    pub tracking_id: String,
    /// The proxy's key for [`PackageDetails::tracking_id`] (opaque): sent back with
    /// `update-customer-info` and `create-booking`, so only the browser that asked
    /// for the package can book it. `None` from a proxy that sends none.
    pub tracking_key: Option<String>,
    /// The plan.
    pub plan: Plan,
    /// Operator name.
    pub operator: Option<String>,
    /// Countries covered (one for local plans).
    pub coverage: Vec<CoverageCountry>,
    /// Fair-usage text for unlimited plans.
    pub fair_usage_policy: Option<String>,
    /// Supplier HTML: how to install with the QR code. Must be sanitized before display.
    pub qr_installation_html: Option<String>,
    /// Supplier HTML: how to install by hand. Must be sanitized before display.
    pub manual_installation_html: Option<String>,
}

impl Reply for RawPackageReply {
    type Output = PackageDetails;

    fn finish(self) -> Result<PackageDetails, &'static str> {
        let tracking_id = self.tracking_id.ok_or("tracking_id")?;
        let plan = self
            .data
            .as_ref()
            .and_then(Plan::from_raw)
            .ok_or("data.package_id")?;
        let operator = self
            .operator_details
            .and_then(|o| o.name)
            .or_else(|| plan.operator.clone());
        Ok(PackageDetails {
            tracking_id,
            tracking_key: self.tracking_key,
            plan,
            operator,
            coverage: self
                .coverage_country
                .into_iter()
                .filter(|c| c.name.is_some() || c.country_code.is_some())
                .collect(),
            fair_usage_policy: self.fair_usage_policy,
            qr_installation_html: self.qr_installation,
            manual_installation_html: self.manual_installation,
        })
    }
}
