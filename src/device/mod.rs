//! "Will my phone work with an eSIM?": the compatible-devices list, searched.
//!
//! Pure logic: [`DeviceCatalog`] groups the list by model name and ranks it
//! against what the traveller types ([`search`]), [`user_agent`] guesses the
//! phone from the browser, and [`Verdict`] is the answer shown and remembered.

pub mod search;
pub mod user_agent;

use crate::api::devices::Device;
use crate::stored;
use search::{Query, Searchable};

/// One phone or tablet model as the traveller knows it: regional variants
/// (`SM-S911B`, `SM-S911U1`, …) of one marketing name are one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceEntry {
    /// Maker, e.g. `Samsung` (`Other` when the list gives none).
    pub brand: String,
    /// Marketing name as listed, e.g. `Galaxy S23`.
    pub name: String,
    /// `ios` or `android`, when known.
    pub os: Option<String>,
    /// Model codes that report as this model.
    pub models: Vec<String>,
    search: Searchable,
}

impl DeviceEntry {
    /// Brand and name for sentences: `Samsung Galaxy S23`, but `iPhone 15`, not `Apple iPhone 15`
    /// and `OnePlus 12`, not `OnePlus OnePlus 12`.
    pub fn full_name(&self) -> String {
        let first = self.name.split_whitespace().next().unwrap_or("");
        if self.brand == "Apple" || first.eq_ignore_ascii_case(&self.brand) {
            self.name.clone()
        } else {
            format!("{} {}", self.brand, self.name)
        }
    }
}

/// A ranked search result: an index into [`DeviceCatalog::entries`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Which entry.
    pub entry: usize,
    /// How well it matched (higher is better).
    pub score: i32,
}

/// Results of one brand, in rank order, for a grouped listbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandGroup {
    /// The brand heading.
    pub brand: String,
    /// Entry indices, best first.
    pub entries: Vec<usize>,
}

/// The compatible-devices list, ready to search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceCatalog {
    entries: Vec<DeviceEntry>,
}

impl DeviceCatalog {
    /// Groups `devices` by brand and name, keeping the list's order (oldest first per brand).
    pub fn new(devices: Vec<Device>) -> Self {
        let mut entries: Vec<DeviceEntry> = Vec::new();
        for d in devices {
            let brand = d
                .brand
                .filter(|b| !b.trim().is_empty())
                .unwrap_or_else(|| "Other".to_string());
            let name = d.name.trim().to_string();
            if name.is_empty() {
                continue;
            }
            let existing = entries
                .iter_mut()
                .find(|e| e.brand == brand && e.name.eq_ignore_ascii_case(&name));
            match existing {
                Some(e) => e.models.extend(d.model),
                None => entries.push(DeviceEntry {
                    brand,
                    name,
                    os: d.os,
                    models: d.model.into_iter().collect(),
                    search: Searchable::new("", "", []),
                }),
            }
        }
        for e in &mut entries {
            e.search = Searchable::new(&e.brand, &e.name, e.models.iter().map(String::as_str));
        }
        DeviceCatalog { entries }
    }

    /// Every model, grouped by name.
    pub fn entries(&self) -> &[DeviceEntry] {
        &self.entries
    }

    /// The entry at `index`.
    pub fn get(&self, index: usize) -> Option<&DeviceEntry> {
        self.entries.get(index)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` matches for what the traveller typed, best first.
    ///
    /// Ties go to the newer model (later in the list), which is more likely in a
    /// traveller's hand.
    pub fn search(&self, text: &str, limit: usize) -> Vec<Hit> {
        let query = Query::new(text);
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(entry, e)| e.search.score(&query).map(|score| Hit { entry, score }))
            .collect();
        itt_contract::sort::sort_by(&mut hits, |a, b| {
            b.score.cmp(&a.score).then(b.entry.cmp(&a.entry))
        });
        hits.truncate(limit);
        hits
    }

    /// Groups ranked entries by brand; the brand of the best entry comes first.
    pub fn group(&self, ranked: &[usize]) -> Vec<BrandGroup> {
        let mut groups: Vec<BrandGroup> = Vec::new();
        for &i in ranked {
            let Some(e) = self.entries.get(i) else {
                continue;
            };
            match groups.iter_mut().find(|g| g.brand == e.brand) {
                Some(g) => g.entries.push(i),
                None => groups.push(BrandGroup {
                    brand: e.brand.clone(),
                    entries: vec![i],
                }),
            }
        }
        groups
    }

    /// The entry a model code reports as (`SM-S911B`, `akita`, `iPhone16,2`), compared without case or punctuation.
    pub fn by_model_code(&self, code: &str) -> Option<usize> {
        let code = search::compact(code);
        if code.is_empty() {
            return None;
        }
        self.entries
            .iter()
            .position(|e| e.models.iter().any(|m| search::compact(m) == code))
    }

    /// The entry whose name is `name` (`Pixel 8`, `Samsung Galaxy S23`), compared without case or punctuation.
    pub fn by_name(&self, name: &str) -> Option<usize> {
        let name = search::compact(name);
        if name.is_empty() {
            return None;
        }
        self.entries.iter().position(|e| {
            search::compact(&e.name) == name || search::compact(&e.full_name()) == name
        })
    }

    /// The entry for `brand` + `name` exactly as listed (for remembered choices).
    pub fn find(&self, brand: &str, name: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.brand == brand && e.name == name)
    }

    /// A family's models, newest first: what an iPhone user agent can offer.
    pub fn family(&self, family: user_agent::Family) -> Vec<usize> {
        let prefix = family.name_prefix();
        let mut found: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let e = &self.entries[i];
                e.brand == "Apple" && e.name.starts_with(prefix)
            })
            .collect();
        found.reverse();
        found
    }
}

/// The answer to "will my phone work?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The model is in the compatible-devices list.
    Compatible {
        /// Brand as listed.
        brand: String,
        /// Name as listed.
        name: String,
        /// Whether the widget guessed it from the browser rather than the traveller choosing it.
        detected: bool,
    },
    /// The model is not in the list: what to check before buying.
    NotListed {
        /// The model the phone reported, when it was the browser that told us.
        reported: Option<String>,
    },
    /// The traveller does not know or skipped the check.
    Unknown,
}

impl Verdict {
    /// Stable code for events: `compatible`, `not_listed`, `unknown`.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Compatible { .. } => "compatible",
            Verdict::NotListed { .. } => "not_listed",
            Verdict::Unknown => "unknown",
        }
    }

    /// The `itt-esim:device-checked` event announcing this verdict.
    pub fn event(&self) -> crate::events::WidgetEvent {
        let (brand, name, detected) = match self {
            Verdict::Compatible {
                brand,
                name,
                detected,
            } => (Some(brand.clone()), Some(name.clone()), *detected),
            _ => (None, None, false),
        };
        let reported = match self {
            Verdict::NotListed { reported } => reported.clone(),
            _ => None,
        };
        crate::events::WidgetEvent::DeviceChecked {
            verdict: self.code(),
            brand,
            name,
            reported,
            detected,
        }
    }

    /// One line for session storage: the verdict survives a reload within the session.
    pub fn remember(&self) -> String {
        match self {
            Verdict::Compatible { brand, name, .. } => {
                stored::line("1", ["compatible", brand.as_str(), name.as_str()])
            }
            Verdict::NotListed { reported } => {
                stored::line("1", ["not_listed", stored::opt(reported.as_deref())])
            }
            Verdict::Unknown => stored::line("1", ["unknown"]),
        }
    }

    /// Reads what [`Verdict::remember`] wrote; anything else is ignored.
    pub fn recall(line: &str) -> Option<Verdict> {
        if let Some(p) = stored::fields(line, "1", 3).filter(|p| p[0] == "compatible") {
            let (brand, name) = (stored::read_opt(p[1])?, stored::read_opt(p[2])?);
            return Some(Verdict::Compatible {
                brand,
                name,
                detected: false,
            });
        }
        if let Some(p) = stored::fields(line, "1", 2).filter(|p| p[0] == "not_listed") {
            return Some(Verdict::NotListed {
                reported: stored::read_opt(p[1]),
            });
        }
        stored::fields(line, "1", 1)
            .filter(|p| p[0] == "unknown")
            .map(|_| Verdict::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(brand: &str, model: &str, name: &str) -> Device {
        Device {
            name: name.into(),
            brand: Some(brand.into()),
            os: Some(if brand == "Apple" { "ios" } else { "android" }.into()),
            model: Some(model.into()),
        }
    }

    fn sample() -> DeviceCatalog {
        DeviceCatalog::new(vec![
            dev("Apple", "iPhone15,4", "iPhone 15"),
            dev("Apple", "iPhone15,5", "iPhone 15 Plus"),
            dev("Apple", "iPhone16,1", "iPhone 15 Pro"),
            dev("Apple", "iPhone16,2", "iPhone 15 Pro Max"),
            dev("Apple", "iPad13,2", "iPad Air (4th generation)"),
            dev("Samsung", "SM-S911B", "Galaxy S23"),
            dev("Samsung", "SM-S911U1", "Galaxy S23"),
            dev("Samsung", "SM-S916B", "Galaxy S23+"),
            dev("Samsung", "SM-S918B", "Galaxy S23 Ultra"),
            dev("Samsung", "SM-F731B", "Galaxy Z Flip5"),
            dev("Google", "akita", "Pixel 8a"),
            dev("Google", "shiba", "Pixel 8"),
            dev("Google", "husky", "Pixel 8 Pro"),
            dev("OnePlus", "CPH2581", "OnePlus 12"),
            dev("Honor", "PEUS00", "Magic V2"),
        ])
    }

    fn names(c: &DeviceCatalog, q: &str) -> Vec<String> {
        c.search(q, 3)
            .iter()
            .map(|h| c.entries()[h.entry].name.clone())
            .collect()
    }

    #[test]
    fn regional_variants_are_one_entry() {
        let c = sample();
        let s23 = c.by_model_code("SM-S911U1").unwrap();
        assert_eq!(c.entries()[s23].models, ["SM-S911B", "SM-S911U1"]);
        assert_eq!(c.by_model_code("sm s911b"), Some(s23));
        assert_eq!(c.by_model_code("SM-S9110"), None);
    }

    #[test]
    fn queries_as_people_type_them() {
        let c = sample();
        assert_eq!(names(&c, "iphone15 pro")[0], "iPhone 15 Pro");
        assert_eq!(names(&c, "s23 ultra")[0], "Galaxy S23 Ultra");
        assert_eq!(names(&c, "s23+")[0], "Galaxy S23+");
        assert_eq!(names(&c, "S23 plus")[0], "Galaxy S23+");
        assert_eq!(names(&c, "pixel8a")[0], "Pixel 8a");
        assert_eq!(names(&c, "galaxy z flip 5")[0], "Galaxy Z Flip5");
        assert_eq!(names(&c, "iphone 15 max pro")[0], "iPhone 15 Pro Max");
        let mut pixel8 = names(&c, "pixel 8");
        assert_eq!(pixel8[0], "Pixel 8");
        pixel8.sort();
        assert_eq!(pixel8, ["Pixel 8", "Pixel 8 Pro", "Pixel 8a"]);
        assert_eq!(names(&c, "one plus 12")[0], "OnePlus 12");
        assert_eq!(names(&c, "honor magic v2")[0], "Magic V2");
        assert_eq!(names(&c, "SM-S918B")[0], "Galaxy S23 Ultra");
        assert_eq!(names(&c, "ipad air 4")[0], "iPad Air (4th generation)");
        assert!(names(&c, "nokia 3310").is_empty());
    }

    #[test]
    fn groups_follow_the_best_hit() {
        let c = sample();
        let ranked: Vec<usize> = c.search("15", 10).iter().map(|h| h.entry).collect();
        let groups = c.group(&ranked);
        assert_eq!(groups[0].brand, "Apple");
        let all: usize = groups.iter().map(|g| g.entries.len()).sum();
        assert_eq!(all, ranked.len());
    }

    #[test]
    fn full_names_do_not_repeat_the_brand() {
        let c = sample();
        let name = |i: usize| c.entries()[i].full_name();
        assert_eq!(name(c.by_model_code("akita").unwrap()), "Google Pixel 8a");
        assert_eq!(
            name(c.by_model_code("iPhone16,2").unwrap()),
            "iPhone 15 Pro Max"
        );
        assert_eq!(name(c.by_model_code("CPH2581").unwrap()), "OnePlus 12");
        assert_eq!(c.by_name("Samsung Galaxy S23"), c.by_model_code("SM-S911B"));
        assert_eq!(c.by_name("pixel 8"), c.by_model_code("shiba"));
    }

    #[test]
    fn families_newest_first() {
        let c = sample();
        let f = c.family(user_agent::Family::IPhone);
        assert_eq!(c.entries()[f[0]].name, "iPhone 15 Pro Max");
        assert_eq!(f.len(), 4);
        assert_eq!(c.family(user_agent::Family::IPad).len(), 1);
    }

    #[test]
    fn entries_without_brand_or_name() {
        let c = DeviceCatalog::new(vec![
            Device {
                name: "Phone X".into(),
                brand: None,
                os: None,
                model: None,
            },
            Device {
                name: "  ".into(),
                brand: Some("Acme".into()),
                os: None,
                model: None,
            },
        ]);
        assert_eq!(c.entries().len(), 1);
        assert_eq!(c.entries()[0].brand, "Other");
        assert!(DeviceCatalog::default().is_empty());
    }

    #[test]
    fn verdicts_round_trip_through_storage() {
        for v in [
            Verdict::Compatible {
                brand: "Samsung".into(),
                name: "Galaxy S23".into(),
                detected: false,
            },
            Verdict::NotListed {
                reported: Some("SM-S9110".into()),
            },
            Verdict::NotListed { reported: None },
            Verdict::Unknown,
        ] {
            assert_eq!(Verdict::recall(&v.remember()), Some(v.clone()), "{v:?}");
        }
        assert_eq!(Verdict::recall("garbage"), None);
        assert_eq!(Verdict::recall("2\u{1f}unknown"), None);
        assert_eq!(Verdict::recall("1\u{1f}compatible\u{1f}\u{1f}x"), None);
    }
}
