//! The journey state: one place that knows where the traveller is, kept in
//! session storage so a reload resumes the same step with the same choices.

use crate::plans::{CoverageFilter, Filters, SortKey, UsageProfile};
use crate::stored;

/// A step of the journey. It starts at the plans: the device check is offered
/// there, and asked before checkout when the session has no verdict yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Step {
    /// "Will my phone work?", opened from the plans; it leads back to them.
    Device,
    /// Choosing a plan.
    #[default]
    Plans,
    /// One plan in detail.
    Details,
    /// A plan is chosen: the checkout that follows.
    Chosen,
    /// A plan is chosen but the phone was never checked: the device check,
    /// asked before the checkout it leads to.
    DeviceBeforeCheckout,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 5] = [
        Step::Device,
        Step::Plans,
        Step::Details,
        Step::Chosen,
        Step::DeviceBeforeCheckout,
    ];

    /// The step's name in the stored journey line.
    pub fn code(self) -> &'static str {
        match self {
            Step::Device => "device",
            Step::Plans => "plans",
            Step::Details => "details",
            Step::Chosen => "chosen",
            Step::DeviceBeforeCheckout => "device-checkout",
        }
    }

    fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a reload on this step is a journey under way (a plan looked at
    /// or chosen): the loader then skips its offer card and opens the journey.
    pub fn under_way(self) -> bool {
        matches!(
            self,
            Step::Details | Step::Chosen | Step::DeviceBeforeCheckout
        )
    }

    /// Whether this step shows the device check.
    pub fn is_device_check(self) -> bool {
        matches!(self, Step::Device | Step::DeviceBeforeCheckout)
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

/// First field of the stored journey line (see [`Journey::encode`]).
pub const FORMAT: &str = "j1";

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
        let min_data = f.min_data_mb.map(|m| m.to_string()).unwrap_or_default();
        stored::line(
            FORMAT,
            [
                self.host_country.as_str(),
                &self.country,
                self.step.code(),
                &min_data,
                if f.covers_stay { "1" } else { "0" },
                if f.unlimited_only { "1" } else { "0" },
                coverage,
                f.sort.code(),
                self.profile.code(),
                stored::opt(self.plan_id.as_deref()),
            ],
        )
    }

    /// The stored journey if it belongs to `host_country`, else a fresh one.
    ///
    /// Unreadable fields fall back to their defaults rather than losing the rest.
    pub fn restore(line: Option<&str>, host_country: &str) -> Journey {
        let fresh = Journey::new(host_country);
        let Some(line) = line else {
            return fresh;
        };
        let Some(p) = stored::fields(line, FORMAT, 10).filter(|p| p[0] == host_country) else {
            return fresh;
        };
        let country = if crate::countries::is_code(p[1]) {
            p[1].to_string()
        } else {
            host_country.to_string()
        };
        let coverage = match p[6] {
            "local" => CoverageFilter::Local,
            "multi" => CoverageFilter::MultiCountry,
            _ => CoverageFilter::All,
        };
        Journey {
            host_country: host_country.to_string(),
            country,
            step: Step::from_code(p[2]).unwrap_or_default(),
            filters: Filters {
                min_data_mb: p[3].parse().ok(),
                covers_stay: p[4] == "1",
                unlimited_only: p[5] == "1",
                coverage,
                sort: SortKey::from_code(p[7]).unwrap_or_default(),
            },
            profile: UsageProfile::from_code(p[8]).unwrap_or_default(),
            plan_id: stored::read_opt(p[9]),
        }
    }

    /// Switches destination: filters stay, the plan (which belonged to the old one) goes.
    pub fn change_country(&mut self, country: &str) {
        if self.country != country {
            self.country = country.to_string();
            self.plan_id = None;
            if matches!(
                self.step,
                Step::Details | Step::Chosen | Step::DeviceBeforeCheckout
            ) {
                self.step = Step::Plans;
            }
        }
    }

    /// Where a restored journey resumes, given whether this session already has
    /// a device verdict (from any widget on the page, or an earlier visit):
    /// a check already answered is not shown again.
    pub fn resume(mut self, device_checked: bool) -> Journey {
        self.step = match self.step {
            Step::Device if device_checked => Step::Plans,
            Step::DeviceBeforeCheckout if self.plan_id.is_none() => Step::Plans,
            Step::DeviceBeforeCheckout if device_checked => Step::Chosen,
            step => step,
        };
        self
    }

    /// The traveller chose a plan: the checkout, after the device check when
    /// the phone was never checked (skipping counts as checked).
    pub fn choose(&mut self, plan_id: &str, device_checked: bool) {
        self.plan_id = Some(plan_id.to_string());
        self.step = if device_checked {
            Step::Chosen
        } else {
            Step::DeviceBeforeCheckout
        };
    }

    /// The traveller opens the device check from the plans.
    pub fn check_device(&mut self) {
        self.step = Step::Device;
    }

    /// The device check is answered (or skipped): back to the plans when it was
    /// opened from them, on to the chosen plan's checkout when it was asked first.
    pub fn device_checked(&mut self) {
        self.step = match self.step {
            Step::DeviceBeforeCheckout if self.plan_id.is_some() => Step::Chosen,
            Step::Device | Step::DeviceBeforeCheckout => Step::Plans,
            step => step,
        };
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
        let bad_country = j.replacen("\u{1f}TH\u{1f}plans", "\u{1f}ZZ\u{1f}plans", 1);
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

    #[test]
    fn a_new_journey_starts_at_the_plans() {
        let fresh = Journey::new("TH");
        assert_eq!(fresh.step, Step::Plans);
        assert_eq!(fresh.encode().split('\u{1f}').nth(3), Some("plans"));
        assert_eq!(Journey::restore(None, "TH").step, Step::Plans);
    }

    #[test]
    fn steps_round_trip_and_old_device_lines_still_parse() {
        for step in [
            Step::Device,
            Step::Plans,
            Step::Details,
            Step::Chosen,
            Step::DeviceBeforeCheckout,
        ] {
            let j = Journey {
                step,
                plan_id: Some("p".into()),
                ..Journey::new("TH")
            };
            assert_eq!(Journey::restore(Some(&j.encode()), "TH"), j, "{step:?}");
        }
        assert_eq!(
            Journey::new("TH")
                .encode()
                .replace("\u{1f}plans\u{1f}", "\u{1f}device-checkout\u{1f}"),
            Journey {
                step: Step::DeviceBeforeCheckout,
                ..Journey::new("TH")
            }
            .encode()
        );
        // A line written when the journey began with the device check.
        let old = Journey::new("TH")
            .encode()
            .replace("\u{1f}plans\u{1f}", "\u{1f}device\u{1f}");
        let restored = Journey::restore(Some(&old), "TH");
        assert_eq!(restored.step, Step::Device);
        assert_eq!(restored.clone().resume(true).step, Step::Plans);
        assert_eq!(restored.resume(false).step, Step::Device);
        // An unknown step code resumes at the plans.
        let unknown = old.replace("\u{1f}device\u{1f}", "\u{1f}somewhere\u{1f}");
        assert_eq!(Journey::restore(Some(&unknown), "TH").step, Step::Plans);
    }

    #[test]
    fn choosing_asks_the_device_check_first_only_without_a_verdict() {
        let mut j = Journey::new("TH");
        j.choose("p1", false);
        assert_eq!(
            (j.step, j.plan_id.as_deref()),
            (Step::DeviceBeforeCheckout, Some("p1"))
        );
        assert!(j.step.is_device_check());
        // Answered or skipped: on to the checkout of the same plan.
        j.device_checked();
        assert_eq!((j.step, j.plan_id.as_deref()), (Step::Chosen, Some("p1")));

        let mut j = Journey::new("TH");
        j.choose("p2", true);
        assert_eq!((j.step, j.plan_id.as_deref()), (Step::Chosen, Some("p2")));
    }

    #[test]
    fn the_check_offered_on_the_plans_leads_back_to_them() {
        let mut j = Journey::new("TH");
        j.check_device();
        assert_eq!(j.step, Step::Device);
        assert!(j.step.is_device_check());
        j.device_checked();
        assert_eq!(j.step, Step::Plans);
        // Outside the device check, nothing moves.
        for step in [Step::Plans, Step::Details, Step::Chosen] {
            let mut j = Journey {
                step,
                ..Journey::new("TH")
            };
            j.device_checked();
            assert_eq!(j.step, step);
            assert!(!step.is_device_check());
        }
    }

    #[test]
    fn a_restored_device_step_resumes_where_it_makes_sense() {
        let asked = Journey {
            step: Step::DeviceBeforeCheckout,
            plan_id: Some("p".into()),
            ..Journey::new("TH")
        };
        let line = asked.encode();
        let restored = Journey::restore(Some(&line), "TH");
        // Still unanswered: asked again, then the checkout.
        assert_eq!(restored.clone().resume(false), asked);
        // Answered meanwhile (another widget, another tab of the session): the checkout.
        assert_eq!(restored.resume(true).step, Step::Chosen);
        // Without the plan there is no checkout to go to.
        let planless = Journey {
            plan_id: None,
            ..asked.clone()
        };
        assert_eq!(planless.clone().resume(false).step, Step::Plans);
        let mut planless = planless;
        planless.device_checked();
        assert_eq!(planless.step, Step::Plans);
        // Other steps resume as they were.
        for step in [Step::Plans, Step::Details, Step::Chosen] {
            let j = Journey {
                step,
                ..asked.clone()
            };
            assert_eq!(j.clone().resume(false), j);
            assert_eq!(j.clone().resume(true), j);
        }
    }

    #[test]
    fn changing_country_leaves_the_check_asked_for_the_old_plan() {
        let mut j = Journey::new("TH");
        j.choose("p", false);
        j.change_country("JP");
        assert_eq!((j.step, j.plan_id), (Step::Plans, None));
    }
}
