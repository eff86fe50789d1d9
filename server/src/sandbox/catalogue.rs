//! The sandbox's plan catalogue: deterministic, realistic local plans per country.
//!
//! Prices are set in US cents and converted to the configured currency with
//! fixed sandbox rates, so every run and every test sees the same numbers.

/// A destination the sandbox sells plans for.
#[derive(Clone, Copy, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    /// English name.
    pub name: &'static str,
    /// Price tier: 1 cheapest .. 4 dearest.
    pub tier: u8,
    /// Local operator name shown on plans.
    pub operator: &'static str,
}

macro_rules! countries {
    ($(($code:literal, $name:literal, $tier:literal, $op:literal)),* $(,)?) => {
        /// Every country with local plans.
        pub const COUNTRIES: &[Country] = &[$(Country { code: $code, name: $name, tier: $tier, operator: $op }),*];
    };
}

countries![
    ("AE", "United Arab Emirates", 4, "Etisalat"),
    ("AR", "Argentina", 3, "Claro"),
    ("AT", "Austria", 2, "A1"),
    ("AU", "Australia", 3, "Optus"),
    ("BD", "Bangladesh", 1, "Grameenphone"),
    ("BE", "Belgium", 2, "Proximus"),
    ("BR", "Brazil", 3, "TIM"),
    ("CA", "Canada", 4, "Rogers"),
    ("CH", "Switzerland", 3, "Swisscom"),
    ("CL", "Chile", 3, "Entel"),
    ("CN", "China", 3, "China Unicom"),
    ("CO", "Colombia", 2, "Claro"),
    ("CZ", "Czechia", 2, "T-Mobile"),
    ("DE", "Germany", 2, "Telekom"),
    ("DK", "Denmark", 2, "TDC"),
    ("EG", "Egypt", 2, "Vodafone"),
    ("ES", "Spain", 2, "Movistar"),
    ("FI", "Finland", 2, "Elisa"),
    ("FR", "France", 2, "Orange"),
    ("GB", "United Kingdom", 2, "EE"),
    ("GR", "Greece", 2, "Cosmote"),
    ("HK", "Hong Kong", 2, "CSL"),
    ("HR", "Croatia", 2, "Hrvatski Telekom"),
    ("HU", "Hungary", 2, "Magyar Telekom"),
    ("ID", "Indonesia", 1, "Telkomsel"),
    ("IE", "Ireland", 2, "Three"),
    ("IL", "Israel", 3, "Partner"),
    ("IN", "India", 1, "Airtel"),
    ("IS", "Iceland", 3, "Síminn"),
    ("IT", "Italy", 2, "TIM"),
    ("JP", "Japan", 2, "SoftBank"),
    ("KE", "Kenya", 2, "Safaricom"),
    ("KR", "South Korea", 2, "KT"),
    ("LK", "Sri Lanka", 1, "Dialog"),
    ("MA", "Morocco", 2, "Maroc Telecom"),
    ("MV", "Maldives", 3, "Dhiraagu"),
    ("MX", "Mexico", 3, "Telcel"),
    ("MY", "Malaysia", 1, "Maxis"),
    ("NL", "Netherlands", 2, "KPN"),
    ("NO", "Norway", 3, "Telenor"),
    ("NP", "Nepal", 1, "Ncell"),
    ("NZ", "New Zealand", 3, "One NZ"),
    ("PE", "Peru", 2, "Claro"),
    ("PH", "Philippines", 1, "Globe"),
    ("PL", "Poland", 1, "Play"),
    ("PT", "Portugal", 2, "MEO"),
    ("QA", "Qatar", 4, "Ooredoo"),
    ("RO", "Romania", 1, "Orange"),
    ("SA", "Saudi Arabia", 3, "STC"),
    ("SE", "Sweden", 2, "Telia"),
    ("SG", "Singapore", 2, "Singtel"),
    ("TH", "Thailand", 1, "AIS"),
    ("TR", "Türkiye", 2, "Turkcell"),
    ("TW", "Taiwan", 2, "Chunghwa Telecom"),
    ("TZ", "Tanzania", 2, "Vodacom"),
    ("US", "United States", 3, "T-Mobile"),
    ("VN", "Vietnam", 1, "Viettel"),
    ("ZA", "South Africa", 3, "Vodacom"),
];

/// One plan shape, priced per tier.
#[derive(Clone, Copy, Debug)]
pub struct PlanShape {
    /// Data in MB; `None` for unlimited.
    pub data_mb: Option<u64>,
    /// Validity in days.
    pub days: u64,
    /// Price in US cents at tier 1.
    pub base_cents: u64,
    /// URL-ish slug part.
    pub slug: &'static str,
}

/// The local plans every country offers.
pub const SHAPES: &[PlanShape] = &[
    PlanShape {
        data_mb: Some(1024),
        days: 7,
        base_cents: 450,
        slug: "1gb-7days",
    },
    PlanShape {
        data_mb: Some(3072),
        days: 15,
        base_cents: 900,
        slug: "3gb-15days",
    },
    PlanShape {
        data_mb: Some(5120),
        days: 30,
        base_cents: 1300,
        slug: "5gb-30days",
    },
    PlanShape {
        data_mb: Some(10240),
        days: 30,
        base_cents: 2100,
        slug: "10gb-30days",
    },
    PlanShape {
        data_mb: Some(20480),
        days: 30,
        base_cents: 3400,
        slug: "20gb-30days",
    },
    PlanShape {
        data_mb: None,
        days: 10,
        base_cents: 2900,
        slug: "unlimited-10days",
    },
];

/// Tier multipliers in percent.
fn tier_percent(tier: u8) -> u64 {
    match tier {
        1 => 100,
        2 => 130,
        3 => 175,
        _ => 220,
    }
}

/// Sandbox exchange rates from USD: (code, units of currency per USD ×100, minor digits).
const RATES: &[(&str, u64, u32)] = &[
    ("USD", 100, 2),
    ("EUR", 92, 2),
    ("GBP", 79, 2),
    ("CHF", 88, 2),
    ("THB", 3_600, 2),
    ("BDT", 11_000, 2),
    ("JPY", 15_000, 0),
    ("AUD", 152, 2),
    ("SGD", 134, 2),
    ("AED", 367, 2),
    ("INR", 8_300, 2),
];

/// Whether the sandbox can price in `currency`.
pub fn supported_currency(currency: &str) -> bool {
    RATES.iter().any(|(c, ..)| *c == currency)
}

/// A plan's price in `currency` as decimal text (e.g. `"16.90"`, `"2450"` for JPY).
pub fn price_text(country: &Country, shape: &PlanShape, currency: &str) -> String {
    let usd_cents = shape.base_cents * tier_percent(country.tier) / 100;
    let (_, rate, digits) = RATES
        .iter()
        .find(|(c, ..)| *c == currency)
        .copied()
        .unwrap_or(("USD", 100, 2));
    // cents × rate/100 = minor units of the currency at 2 digits; rescale to its own digits.
    let two_digit_minor = usd_cents * rate / 100;
    match digits {
        0 => ((two_digit_minor + 50) / 100).to_string(),
        _ => format!("{}.{:02}", two_digit_minor / 100, two_digit_minor % 100),
    }
}

/// Looks a country up by code (case-insensitive).
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_iso_shaped() {
        let mut seen = std::collections::HashSet::new();
        for c in COUNTRIES {
            assert!(c.code.len() == 2 && c.code.chars().all(|x| x.is_ascii_uppercase()));
            assert!(seen.insert(c.code), "duplicate {}", c.code);
        }
    }

    #[test]
    fn prices_convert() {
        let th = country("th").unwrap();
        assert_eq!(price_text(th, &SHAPES[0], "USD"), "4.50");
        assert_eq!(price_text(th, &SHAPES[0], "THB"), "162.00");
        assert_eq!(price_text(th, &SHAPES[0], "JPY"), "675");
        let ae = country("AE").unwrap();
        assert_eq!(price_text(ae, &SHAPES[0], "USD"), "9.90");
    }
}
