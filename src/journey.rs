//! The journey state: one place that knows where the traveller is, kept in
//! session storage so a reload resumes the same step with the same choices.

use crate::plans::{CoverageFilter, Filters, SortKey, UsageProfile};

/// A step of the journey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Step {
    /// "Will my phone work?"
    #[default]
    Device,
    /// Choosing a plan.
    Plans,
    /// One plan in detail.
    Details,
    /// A plan is chosen: the checkout that follows.
    Chosen,
}

impl Step {
    fn code(self) -> &'static str {
        match self {
            Step::Device => "device",
            Step::Plans => "plans",
            Step::Details => "details",
            Step::Chosen => "chosen",
        }
    }

    fn from_code(code: &str) -> Option<Step> {
        [Step::Device, Step::Plans, Step::Details, Step::Chosen]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Everything the widget must not forget on a reload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Journey {
    /// The destination the host page configured; state for another one is discarded.
    pub host_country: String,
    /// The destination shown: the host's, or one the traveller picked.
    pub country: String,
    /// Current step.
    pub step: Step,
    /// Filters and order of the plan list.
    pub filters: Filters,
    /// Usage profile behind the recommendation.
    pub profile: UsageProfile,
    /// The plan shown in detail or chosen.
    pub plan_id: Option<String>,
}

const SEP: char = '\u{1f}';

impl Journey {
    /// A fresh journey for the host's destination.
    pub fn new(host_country: &str) -> Journey {
        Journey {
            host_country: host_country.to_string(),
            country: host_country.to_string(),
            ..Journey::default()
        }
    }

    /// One line for session storage.
    pub fn encode(&self) -> String {
        let f = &self.filters;
        let coverage = match f.coverage {
            CoverageFilter::All => "all",
            CoverageFilter::Local => "local",
            CoverageFilter::MultiCountry => "multi",
        };
        [
            "j1",
            &self.host_country,
            &self.country,
            self.step.code(),
            &f.min_data_mb.map(|m| m.to_string()).unwrap_or_default(),
            if f.covers_stay { "1" } else { "0" },
            if f.unlimited_only { "1" } else { "0" },
            coverage,
            f.sort.code(),
            self.profile.code(),
            self.plan_id.as_deref().unwrap_or(""),
        ]
        .join(&SEP.to_string())
    }

    /// The stored journey if it belongs to `host_country`, else a fresh one.
    ///
    /// Unreadable fields fall back to their defaults rather than losing the rest.
    pub fn restore(line: Option<&str>, host_country: &str) -> Journey {
        let fresh = Journey::new(host_country);
        let Some(line) = line else {
            return fresh;
        };
        let parts: Vec<&str> = line.split(SEP).collect();
        if parts.len() != 11 || parts[0] != "j1" || parts[1] != host_country {
            return fresh;
        }
        let country = if crate::countries::is_code(parts[2]) {
            parts[2].to_string()
        } else {
            host_country.to_string()
        };
        let coverage = match parts[7] {
            "local" => CoverageFilter::Local,
            "multi" => CoverageFilter::MultiCountry,
            _ => CoverageFilter::All,
        };
        Journey {
            host_country: host_country.to_string(),
            country,
            step: Step::from_code(parts[3]).unwrap_or_default(),
            filters: Filters {
                min_data_mb: parts[4].parse().ok(),
                covers_stay: parts[5] == "1",
                unlimited_only: parts[6] == "1",
                coverage,
                sort: SortKey::from_code(parts[8]).unwrap_or_default(),
            },
            profile: UsageProfile::from_code(parts[9]).unwrap_or_default(),
            plan_id: Some(parts[10])
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        }
    }

    /// Switches destination: filters stay, the plan (which belonged to the old one) goes.
    pub fn change_country(&mut self, country: &str) {
        if self.country != country {
            self.country = country.to_string();
            self.plan_id = None;
            if matches!(self.step, Step::Details | Step::Chosen) {
                self.step = Step::Plans;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let j = Journey {
            host_country: "TH".into(),
            country: "JP".into(),
            step: Step::Details,
            filters: Filters {
                min_data_mb: Some(3072),
                covers_stay: true,
                unlimited_only: false,
                coverage: CoverageFilter::MultiCountry,
                sort: SortKey::PricePerGb,
            },
            profile: UsageProfile::Heavy,
            plan_id: Some("X1||thailand||5gb".into()),
        };
        assert_eq!(Journey::restore(Some(&j.encode()), "TH"), j);
        let fresh = Journey::new("TH");
        assert_eq!(Journey::restore(Some(&fresh.encode()), "TH"), fresh);
    }

    #[test]
    fn another_hosts_or_broken_state_is_discarded() {
        let j = Journey::new("TH").encode();
        assert_eq!(Journey::restore(Some(&j), "JP"), Journey::new("JP"));
        assert_eq!(Journey::restore(Some("garbage"), "TH"), Journey::new("TH"));
        assert_eq!(Journey::restore(None, "TH"), Journey::new("TH"));
        // A bad field falls back alone.
        let bad = j.replace("price", "cheapest");
        let restored = Journey::restore(Some(&bad), "TH");
        assert_eq!(restored.filters.sort, SortKey::Price);
        let bad_country = j.replacen("\u{1f}TH\u{1f}device", "\u{1f}ZZ\u{1f}device", 1);
        assert_eq!(Journey::restore(Some(&bad_country), "TH").country, "TH");
    }

    #[test]
    fn changing_country_drops_the_plan() {
        let mut j = Journey::new("TH");
        j.step = Step::Details;
        j.plan_id = Some("p".into());
        j.change_country("JP");
        assert_eq!(
            (j.country.as_str(), j.step, j.plan_id.clone()),
            ("JP", Step::Plans, None)
        );
        j.plan_id = Some("q".into());
        j.change_country("JP");
        assert_eq!(
            j.plan_id.as_deref(),
            Some("q"),
            "same country: nothing changes"
        );
    }
}
