//! The sandbox's plan catalogue: deterministic, realistic local, regional and
//! global plans.
//!
//! Prices are set in US cents and converted to the configured currency with
//! fixed sandbox rates, so every run and every test sees the same numbers.
//! Nothing here is random: the same country and currency always yield the same
//! packages, ids and prices.

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
        /// Every country with local plans, sorted by code.
        pub const COUNTRIES: &[Country] = &[$(Country { code: $code, name: $name, tier: $tier, operator: $op }),*];
    };
}

// Names double as package-id slugs (lowercased, spaces as '-'), so renaming a
// country changes its package ids: existing names must stay as they are.
countries![
    ("AD", "Andorra", 4, "Andorra Telecom"),
    ("AE", "United Arab Emirates", 4, "Etisalat"),
    ("AG", "Antigua and Barbuda", 4, "Digicel"),
    ("AL", "Albania", 1, "One Albania"),
    ("AM", "Armenia", 1, "Ucom"),
    ("AR", "Argentina", 3, "Claro"),
    ("AT", "Austria", 2, "A1"),
    ("AU", "Australia", 3, "Optus"),
    ("AW", "Aruba", 4, "Setar"),
    ("AZ", "Azerbaijan", 2, "Azercell"),
    ("BA", "Bosnia and Herzegovina", 1, "BH Telecom"),
    ("BB", "Barbados", 4, "Flow"),
    ("BD", "Bangladesh", 1, "Grameenphone"),
    ("BE", "Belgium", 2, "Proximus"),
    ("BG", "Bulgaria", 1, "A1"),
    ("BH", "Bahrain", 3, "Batelco"),
    ("BN", "Brunei", 2, "DST"),
    ("BO", "Bolivia", 2, "Entel"),
    ("BR", "Brazil", 3, "TIM"),
    ("BS", "Bahamas", 4, "BTC"),
    ("BT", "Bhutan", 3, "B-Mobile"),
    ("BW", "Botswana", 3, "Mascom"),
    ("CA", "Canada", 4, "Rogers"),
    ("CH", "Switzerland", 3, "Swisscom"),
    ("CI", "Côte d'Ivoire", 2, "Orange"),
    ("CL", "Chile", 3, "Entel"),
    ("CM", "Cameroon", 2, "MTN"),
    ("CN", "China", 3, "China Unicom"),
    ("CO", "Colombia", 2, "Claro"),
    ("CR", "Costa Rica", 2, "Kölbi"),
    ("CW", "Curaçao", 4, "Flow"),
    ("CY", "Cyprus", 2, "Cyta"),
    ("CZ", "Czechia", 2, "T-Mobile"),
    ("DE", "Germany", 2, "Telekom"),
    ("DK", "Denmark", 2, "TDC"),
    ("DM", "Dominica", 4, "Digicel"),
    ("DO", "Dominican Republic", 3, "Claro"),
    ("DZ", "Algeria", 1, "Mobilis"),
    ("EC", "Ecuador", 2, "Claro"),
    ("EE", "Estonia", 2, "Telia"),
    ("EG", "Egypt", 2, "Vodafone"),
    ("ES", "Spain", 2, "Movistar"),
    ("ET", "Ethiopia", 2, "Ethio Telecom"),
    ("FI", "Finland", 2, "Elisa"),
    ("FJ", "Fiji", 3, "Vodafone"),
    ("FR", "France", 2, "Orange"),
    ("GB", "United Kingdom", 2, "EE"),
    ("GD", "Grenada", 4, "Flow"),
    ("GE", "Georgia", 1, "Magti"),
    ("GH", "Ghana", 2, "MTN"),
    ("GP", "Guadeloupe", 3, "Orange"),
    ("GR", "Greece", 2, "Cosmote"),
    ("GT", "Guatemala", 2, "Tigo"),
    ("GU", "Guam", 3, "Docomo Pacific"),
    ("HK", "Hong Kong", 2, "CSL"),
    ("HN", "Honduras", 2, "Tigo"),
    ("HR", "Croatia", 2, "Hrvatski Telekom"),
    ("HT", "Haiti", 2, "Digicel"),
    ("HU", "Hungary", 2, "Magyar Telekom"),
    ("ID", "Indonesia", 1, "Telkomsel"),
    ("IE", "Ireland", 2, "Three"),
    ("IL", "Israel", 3, "Partner"),
    ("IN", "India", 1, "Airtel"),
    ("IS", "Iceland", 3, "Síminn"),
    ("IT", "Italy", 2, "TIM"),
    ("JM", "Jamaica", 3, "Digicel"),
    ("JO", "Jordan", 2, "Zain"),
    ("JP", "Japan", 2, "SoftBank"),
    ("KE", "Kenya", 2, "Safaricom"),
    ("KG", "Kyrgyzstan", 1, "MegaCom"),
    ("KH", "Cambodia", 1, "Smart"),
    ("KN", "Saint Kitts and Nevis", 4, "Flow"),
    ("KR", "South Korea", 2, "KT"),
    ("KW", "Kuwait", 3, "Zain"),
    ("KY", "Cayman Islands", 4, "Digicel"),
    ("KZ", "Kazakhstan", 1, "Beeline"),
    ("LA", "Laos", 1, "Unitel"),
    ("LC", "Saint Lucia", 4, "Digicel"),
    ("LI", "Liechtenstein", 3, "FL1"),
    ("LK", "Sri Lanka", 1, "Dialog"),
    ("LT", "Lithuania", 1, "Telia"),
    ("LU", "Luxembourg", 3, "POST"),
    ("LV", "Latvia", 2, "LMT"),
    ("MA", "Morocco", 2, "Maroc Telecom"),
    ("MC", "Monaco", 4, "Monaco Telecom"),
    ("MD", "Moldova", 1, "Orange"),
    ("ME", "Montenegro", 2, "Crnogorski Telekom"),
    ("MG", "Madagascar", 2, "Telma"),
    ("MK", "North Macedonia", 1, "Makedonski Telekom"),
    ("MN", "Mongolia", 2, "Mobicom"),
    ("MO", "Macao", 2, "CTM"),
    ("MQ", "Martinique", 3, "Orange"),
    ("MT", "Malta", 2, "Epic"),
    ("MU", "Mauritius", 3, "my.t mobile"),
    ("MV", "Maldives", 3, "Dhiraagu"),
    ("MX", "Mexico", 3, "Telcel"),
    ("MY", "Malaysia", 1, "Maxis"),
    ("MZ", "Mozambique", 2, "Vodacom"),
    ("NA", "Namibia", 3, "MTC"),
    ("NC", "New Caledonia", 4, "OPT"),
    ("NG", "Nigeria", 2, "MTN"),
    ("NI", "Nicaragua", 2, "Claro"),
    ("NL", "Netherlands", 2, "KPN"),
    ("NO", "Norway", 3, "Telenor"),
    ("NP", "Nepal", 1, "Ncell"),
    ("NZ", "New Zealand", 3, "One NZ"),
    ("OM", "Oman", 3, "Omantel"),
    ("PA", "Panama", 2, "Tigo"),
    ("PE", "Peru", 2, "Claro"),
    ("PF", "French Polynesia", 4, "Vini"),
    ("PG", "Papua New Guinea", 4, "Digicel"),
    ("PH", "Philippines", 1, "Globe"),
    ("PK", "Pakistan", 1, "Jazz"),
    ("PL", "Poland", 1, "Play"),
    ("PR", "Puerto Rico", 3, "Claro"),
    ("PT", "Portugal", 2, "MEO"),
    ("PY", "Paraguay", 2, "Tigo"),
    ("QA", "Qatar", 4, "Ooredoo"),
    ("RO", "Romania", 1, "Orange"),
    ("RS", "Serbia", 1, "Yettel"),
    ("RW", "Rwanda", 2, "MTN"),
    ("SA", "Saudi Arabia", 3, "STC"),
    ("SC", "Seychelles", 4, "Airtel"),
    ("SE", "Sweden", 2, "Telia"),
    ("SG", "Singapore", 2, "Singtel"),
    ("SI", "Slovenia", 2, "Telekom Slovenije"),
    ("SK", "Slovakia", 2, "Orange"),
    ("SN", "Senegal", 2, "Orange"),
    ("SV", "El Salvador", 2, "Tigo"),
    ("TC", "Turks and Caicos Islands", 4, "Digicel"),
    ("TH", "Thailand", 1, "AIS"),
    ("TN", "Tunisia", 1, "Ooredoo"),
    ("TR", "Türkiye", 2, "Turkcell"),
    ("TT", "Trinidad and Tobago", 3, "bmobile"),
    ("TW", "Taiwan", 2, "Chunghwa Telecom"),
    ("TZ", "Tanzania", 2, "Vodacom"),
    ("UA", "Ukraine", 1, "Kyivstar"),
    ("UG", "Uganda", 2, "MTN"),
    ("US", "United States", 3, "T-Mobile"),
    ("UY", "Uruguay", 2, "Antel"),
    ("UZ", "Uzbekistan", 1, "Ucell"),
    ("VC", "Saint Vincent and the Grenadines", 4, "Digicel"),
    ("VG", "British Virgin Islands", 4, "Flow"),
    ("VN", "Vietnam", 1, "Viettel"),
    ("WS", "Samoa", 4, "Digicel"),
    ("ZA", "South Africa", 3, "Vodacom"),
    ("ZM", "Zambia", 2, "Airtel"),
    ("ZW", "Zimbabwe", 3, "Econet"),
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

/// The plans every region offers; `base_cents` is the flat USD price, since a
/// regional plan is priced for the whole region rather than per country tier.
pub const REGIONAL_SHAPES: &[PlanShape] = &[
    PlanShape {
        data_mb: Some(1024),
        days: 7,
        base_cents: 550,
        slug: "1gb-7days",
    },
    PlanShape {
        data_mb: Some(3072),
        days: 30,
        base_cents: 1300,
        slug: "3gb-30days",
    },
    PlanShape {
        data_mb: Some(5120),
        days: 30,
        base_cents: 1900,
        slug: "5gb-30days",
    },
    PlanShape {
        data_mb: Some(10240),
        days: 30,
        base_cents: 3000,
        slug: "10gb-30days",
    },
    PlanShape {
        data_mb: Some(20480),
        days: 30,
        base_cents: 4600,
        slug: "20gb-30days",
    },
    PlanShape {
        data_mb: Some(51200),
        days: 90,
        base_cents: 9900,
        slug: "50gb-90days",
    },
    PlanShape {
        data_mb: None,
        days: 7,
        base_cents: 3400,
        slug: "unlimited-7days",
    },
    PlanShape {
        data_mb: None,
        days: 15,
        base_cents: 5200,
        slug: "unlimited-15days",
    },
    PlanShape {
        data_mb: None,
        days: 30,
        base_cents: 8900,
        slug: "unlimited-30days",
    },
];

/// The global plans; `base_cents` is the flat USD price (see [`REGIONAL_SHAPES`]).
pub const GLOBAL_SHAPES: &[PlanShape] = &[
    PlanShape {
        data_mb: Some(1024),
        days: 7,
        base_cents: 900,
        slug: "1gb-7days",
    },
    PlanShape {
        data_mb: Some(3072),
        days: 30,
        base_cents: 2400,
        slug: "3gb-30days",
    },
    PlanShape {
        data_mb: Some(5120),
        days: 30,
        base_cents: 3500,
        slug: "5gb-30days",
    },
    PlanShape {
        data_mb: Some(10240),
        days: 60,
        base_cents: 5900,
        slug: "10gb-60days",
    },
    PlanShape {
        data_mb: Some(20480),
        days: 180,
        base_cents: 9900,
        slug: "20gb-180days",
    },
    PlanShape {
        data_mb: None,
        days: 10,
        base_cents: 6900,
        slug: "unlimited-10days",
    },
    PlanShape {
        data_mb: None,
        days: 30,
        base_cents: 14900,
        slug: "unlimited-30days",
    },
];

/// A multi-country area sold as one regional plan.
#[derive(Clone, Copy, Debug)]
pub struct Region {
    /// Slug used in package ids; never equal to a country slug.
    pub slug: &'static str,
    /// English name shown on plans.
    pub name: &'static str,
    /// ISO codes of the covered countries; each is in [`COUNTRIES`].
    pub countries: &'static [&'static str],
}

/// Every region with regional plans. A country may sit in several regions
/// (Mexico is both North and Latin America) or in none (Central Asia).
pub const REGIONS: &[Region] = &[
    Region {
        slug: "europe",
        name: "Europe",
        countries: &[
            "AD", "AL", "AT", "BA", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
            "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD",
            "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "TR", "UA",
        ],
    },
    Region {
        slug: "asia",
        name: "Asia",
        countries: &[
            "BD", "BN", "CN", "HK", "ID", "IN", "JP", "KH", "KR", "LA", "LK", "MO", "MY", "NP",
            "PH", "PK", "SG", "TH", "TW", "VN",
        ],
    },
    Region {
        slug: "north-america",
        name: "North America",
        countries: &["CA", "MX", "US"],
    },
    Region {
        slug: "latin-america",
        name: "Latin America",
        countries: &[
            "AR", "BO", "BR", "CL", "CO", "CR", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY",
            "SV", "UY",
        ],
    },
    Region {
        slug: "middle-east-and-north-africa",
        name: "Middle East & North Africa",
        countries: &[
            "AE", "BH", "DZ", "EG", "IL", "JO", "KW", "MA", "OM", "QA", "SA", "TN",
        ],
    },
    Region {
        slug: "africa",
        name: "Africa",
        countries: &[
            "BW", "CI", "CM", "DZ", "EG", "ET", "GH", "KE", "MA", "MG", "MU", "MZ", "NA", "NG",
            "RW", "SC", "SN", "TN", "TZ", "UG", "ZA", "ZM", "ZW",
        ],
    },
    Region {
        slug: "oceania",
        name: "Oceania",
        countries: &["AU", "FJ", "GU", "NC", "NZ", "PF", "PG", "WS"],
    },
    Region {
        slug: "caribbean",
        name: "Caribbean",
        countries: &[
            "AG", "AW", "BB", "BS", "CW", "DM", "DO", "GD", "GP", "HT", "JM", "KN", "KY", "LC",
            "MQ", "PR", "TC", "TT", "VC", "VG",
        ],
    },
];

/// Slug of the global plans in package ids; never equal to a country or region slug.
const GLOBAL_SLUG: &str = "global";

/// Operator shown on global plans.
const GLOBAL_OPERATOR: &str = "Discover Global";

/// Countries the global plans cover: the most-visited destinations in
/// [`COUNTRIES`], sorted by code. Small islands and rarely visited markets are
/// left out, as real global eSIMs do, so some countries only get local plans.
const GLOBAL_COVERAGE: &[&str] = &[
    "AE", "AL", "AR", "AT", "AU", "BA", "BD", "BE", "BG", "BH", "BR", "BS", "CA", "CH", "CL", "CN",
    "CO", "CR", "CY", "CZ", "DE", "DK", "DO", "EC", "EE", "EG", "ES", "FI", "FR", "GB", "GE", "GR",
    "HK", "HR", "HU", "ID", "IE", "IL", "IN", "IS", "IT", "JM", "JO", "JP", "KE", "KH", "KR", "KW",
    "LK", "LT", "LU", "LV", "MA", "ME", "MO", "MT", "MV", "MX", "MY", "NL", "NO", "NP", "NZ", "OM",
    "PA", "PE", "PH", "PK", "PL", "PR", "PT", "QA", "RO", "RS", "SA", "SE", "SG", "SI", "SK", "TH",
    "TN", "TR", "TW", "TZ", "US", "UY", "VN", "ZA",
];

/// ISO codes of the countries the global plans cover, sorted by code.
pub fn global_countries() -> Vec<&'static str> {
    GLOBAL_COVERAGE.to_vec()
}

/// Looks a region up by slug (case-insensitive).
pub fn region(slug: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.slug.eq_ignore_ascii_case(slug))
}

/// The regions whose plans cover the country `code` (case-insensitive), in
/// [`REGIONS`] order.
pub fn regions_for(code: &str) -> Vec<&'static Region> {
    REGIONS
        .iter()
        .filter(|r| r.countries.iter().any(|c| c.eq_ignore_ascii_case(code)))
        .collect()
}

/// Operator shown on a region's plans. A name rather than a carrier, because a
/// regional eSIM roams on whichever local network is strongest.
fn region_operator(region: &Region) -> &'static str {
    match region.slug {
        "europe" => "Eurolink",
        "asia" => "Asialink",
        "north-america" => "Americanet",
        "latin-america" => "Latamlink",
        "middle-east-and-north-africa" => "Menalink",
        "africa" => "Hello Africa",
        "oceania" => "Oceanlink",
        "caribbean" => "Island Hopper",
        _ => "Regional Link",
    }
}

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

/// Converts a USD amount in cents to `currency` as decimal text; unknown
/// currencies fall back to USD so a misconfiguration still yields a price.
fn convert_cents(usd_cents: u64, currency: &str) -> String {
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

/// A plan's price in `currency` as decimal text (e.g. `"16.90"`, `"2450"` for JPY).
pub fn price_text(country: &Country, shape: &PlanShape, currency: &str) -> String {
    convert_cents(
        shape.base_cents * tier_percent(country.tier) / 100,
        currency,
    )
}

/// A regional or global plan's price in `currency` as decimal text; these
/// are flat prices, independent of any country's tier.
pub fn regional_price_text(shape: &PlanShape, currency: &str) -> String {
    convert_cents(shape.base_cents, currency)
}

/// Looks a country up by code (case-insensitive).
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The fair usage policy of an unlimited shape, `None` for limited ones.
///
/// Short plans get the larger daily allowance, as real operators do: a week's
/// traveller burns more per day than someone staying a month.
pub fn fair_usage_policy(shape: &PlanShape) -> Option<String> {
    if shape.data_mb.is_some() {
        return None;
    }
    let (allowance, throttled) = match shape.days {
        0..=7 => ("3 GB", "1 Mbps"),
        8..=10 => ("2 GB", "512 kbps"),
        11..=15 => ("1.5 GB", "512 kbps"),
        _ => ("1 GB", "384 kbps"),
    };
    Some(format!(
        "Full speed for the first {allowance} per day, then {throttled} until midnight local time."
    ))
}

/// Escapes text for use inside HTML element content or a quoted attribute.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The name/coverage header both installation notes start with.
fn install_header(plan_name: &str, coverage: &str) -> String {
    format!(
        "<p><b>eSIM name:</b> {}</p><p><b>Coverage:</b> {}</p>",
        html_escape(plan_name),
        html_escape(coverage)
    )
}

/// The help footer. The link (with `target`) is deliberate: real supplier notes
/// carry one, so clients must run their sanitizer on these notes too.
const INSTALL_FOOTER: &str = "<p>Need help? Visit the \
    <a href=\"https://www.airalo.com/help\" target=\"_blank\">Airalo Help Center</a>.</p>";

/// Supplier-style HTML steps for installing by QR code, like Airalo's notes;
/// `plan_name` and `coverage` are HTML-escaped.
pub fn qr_installation_html(plan_name: &str, coverage: &str) -> String {
    format!(
        "{}<ol><li>Settings &gt; Cellular/Mobile &gt; Add Cellular/Mobile Plan.</li>\
         <li>Scan QR code.</li><li>Confirm eSIM plan details.</li><li>Label the eSIM.</li></ol>\
         <p><b>To access Data:</b></p><ol><li>Enable data roaming.</li></ol>{INSTALL_FOOTER}",
        install_header(plan_name, coverage)
    )
}

/// Supplier-style HTML steps for installing by typing the SM-DP+ address and
/// activation code; `plan_name` and `coverage` are HTML-escaped.
pub fn manual_installation_html(plan_name: &str, coverage: &str) -> String {
    format!(
        "{}<ol><li>Settings &gt; Cellular/Mobile &gt; Add Cellular/Mobile Plan.</li>\
         <li>Tap on <i>Enter Details Manually</i>.</li>\
         <li>Enter your SM-DP+ Address and Activation Code.</li>\
         <li>Confirm eSIM plan details.</li><li>Label the eSIM.</li></ol>\
         <p><b>To access Data:</b></p><ol><li>Enable data roaming.</li>\
         <li>Select this eSIM as your Cellular/Mobile Data line.</li></ol>{INSTALL_FOOTER}",
        install_header(plan_name, coverage)
    )
}

/// One sellable package, everything the simulator needs to render it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxPackage {
    /// Catalogue-wide unique id, e.g. `SBX00001||thailand||1000||1gb-7days`.
    pub package_id: String,
    /// Display title, e.g. `"5 GB - 30 days"`.
    pub title: String,
    /// Data amount as shown, e.g. `"5 GB"` or `"Unlimited"`.
    pub data_label: String,
    /// Data in MB; `None` for unlimited.
    pub data_mb: Option<u64>,
    /// Validity in days.
    pub days: u64,
    /// Whether the data is unlimited (subject to [`Self::fair_usage_policy`]).
    pub unlimited: bool,
    /// Price in the requested currency as decimal text.
    pub price_text: String,
    /// `"local"`, `"regional"` or `"global"`.
    pub coverage_type: &'static str,
    /// Country name, region name or `"Global"`.
    pub region_name: String,
    /// ISO codes of the covered countries.
    pub countries: Vec<&'static str>,
    /// Operator (or regional brand) shown on the plan.
    pub operator: &'static str,
    /// Whether top-ups are sold; unlimited plans cannot be topped up.
    pub rechargeable: bool,
    /// Fair usage text for unlimited plans.
    pub fair_usage_policy: Option<String>,
    /// Supplier partner code: scope (lowercased country code, region slug or
    /// `"global"`) and shape slug, e.g. `"th-1gb-7days"`.
    pub slug: String,
}

/// How much data a shape carries, as shown to travellers.
fn data_label(shape: &PlanShape) -> String {
    match shape.data_mb {
        Some(mb) if mb % 1024 == 0 => format!("{} GB", mb / 1024),
        Some(mb) => format!("{mb} MB"),
        None => "Unlimited".to_string(),
    }
}

/// The id slug of a country, exactly as the simulator has always built it.
fn country_slug(country: &Country) -> String {
    // Package ids travel in URLs and logs: plain ASCII ("côte-d'ivoire" -> "c-te-d-ivoire").
    country
        .name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// What differs between local, regional and global packages; the rest is
/// derived from the shape in [`build_package`].
struct Scope {
    package_id: String,
    coverage_type: &'static str,
    region_name: String,
    countries: Vec<&'static str>,
    operator: &'static str,
    slug_prefix: String,
    price_text: String,
}

/// Assembles a package from its scope and shape.
fn build_package(scope: Scope, shape: &PlanShape) -> SandboxPackage {
    let data_label = data_label(shape);
    SandboxPackage {
        package_id: scope.package_id,
        title: format!("{data_label} - {} days", shape.days),
        data_label,
        data_mb: shape.data_mb,
        days: shape.days,
        unlimited: shape.data_mb.is_none(),
        price_text: scope.price_text,
        coverage_type: scope.coverage_type,
        region_name: scope.region_name,
        countries: scope.countries,
        operator: scope.operator,
        rechargeable: shape.data_mb.is_some(),
        fair_usage_policy: fair_usage_policy(shape),
        slug: format!("{}-{}", scope.slug_prefix, shape.slug),
    }
}

/// A country's local packages, in [`SHAPES`] order. The id format predates
/// regional plans and stays as it is so existing ids keep resolving.
fn local_packages(country: &'static Country, currency: &str) -> Vec<SandboxPackage> {
    let slug_country = country_slug(country);
    SHAPES
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let scope = Scope {
                package_id: format!(
                    "SBX{:05}||{slug_country}||{}||{}",
                    i + 1,
                    1000 + i,
                    shape.slug
                ),
                coverage_type: "local",
                region_name: country.name.to_string(),
                countries: vec![country.code],
                operator: country.operator,
                slug_prefix: country.code.to_ascii_lowercase(),
                price_text: price_text(country, shape, currency),
            };
            build_package(scope, shape)
        })
        .collect()
}

/// A region's packages, in [`REGIONAL_SHAPES`] order. Numbers start at 10100
/// and 2000 so they never look like local ones.
fn regional_packages(region: &'static Region, currency: &str) -> Vec<SandboxPackage> {
    let index = REGIONS
        .iter()
        .position(|r| r.slug == region.slug)
        .unwrap_or(0);
    REGIONAL_SHAPES
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let scope = Scope {
                package_id: format!(
                    "SBX{:05}||{}||{}||{}",
                    10_000 + (index + 1) * 100 + i + 1,
                    region.slug,
                    2000 + i,
                    shape.slug
                ),
                coverage_type: "regional",
                region_name: region.name.to_string(),
                countries: region.countries.to_vec(),
                operator: region_operator(region),
                slug_prefix: region.slug.to_string(),
                price_text: regional_price_text(shape, currency),
            };
            build_package(scope, shape)
        })
        .collect()
}

/// The global packages, in [`GLOBAL_SHAPES`] order.
fn global_packages(currency: &str) -> Vec<SandboxPackage> {
    GLOBAL_SHAPES
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let scope = Scope {
                package_id: format!(
                    "SBX{:05}||{GLOBAL_SLUG}||{}||{}",
                    20_000 + i + 1,
                    3000 + i,
                    shape.slug
                ),
                coverage_type: "global",
                region_name: "Global".to_string(),
                countries: global_countries(),
                operator: GLOBAL_OPERATOR,
                slug_prefix: GLOBAL_SLUG.to_string(),
                price_text: regional_price_text(shape, currency),
            };
            build_package(scope, shape)
        })
        .collect()
}

/// Every package sold for `country_code` (case-insensitive), priced in
/// `currency`: the local ones, then those of each region covering the
/// country, then the global ones if the country is in [`global_countries`].
/// Empty for unknown codes.
pub fn packages_for(country_code: &str, currency: &str) -> Vec<SandboxPackage> {
    let Some(country) = country(country_code) else {
        return Vec::new();
    };
    let mut packages = local_packages(country, currency);
    for region in regions_for(country.code) {
        packages.extend(regional_packages(region, currency));
    }
    if GLOBAL_COVERAGE.contains(&country.code) {
        packages.extend(global_packages(currency));
    }
    packages
}

/// Finds the package with exactly this id, priced in `currency`; resolves every
/// id [`packages_for`] returns.
pub fn package_by_id(package_id: &str, currency: &str) -> Option<SandboxPackage> {
    let mut parts = package_id.split("||");
    let scope = parts.nth(1)?;
    // Only the scope's own packages can match; rebuilding them and comparing the
    // whole id keeps the lookup in step with how ids are made.
    let candidates = if scope == GLOBAL_SLUG {
        global_packages(currency)
    } else if let Some(region) = REGIONS.iter().find(|r| r.slug == scope) {
        regional_packages(region, currency)
    } else {
        let country = COUNTRIES.iter().find(|c| country_slug(c) == scope)?;
        local_packages(country, currency)
    };
    candidates.into_iter().find(|p| p.package_id == package_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every distinct package in the catalogue, gathered through the public entry point.
    fn all_packages(currency: &str) -> Vec<SandboxPackage> {
        let mut seen = HashSet::new();
        COUNTRIES
            .iter()
            .flat_map(|c| packages_for(c.code, currency))
            .filter(|p| seen.insert(p.package_id.clone()))
            .collect()
    }

    #[test]
    fn codes_are_unique_iso_shaped() {
        let mut seen = HashSet::new();
        for c in COUNTRIES {
            assert!(c.code.len() == 2 && c.code.chars().all(|x| x.is_ascii_uppercase()));
            assert!(seen.insert(c.code), "duplicate {}", c.code);
            assert!((1..=4).contains(&c.tier), "{} tier {}", c.code, c.tier);
            assert!(!c.name.is_empty() && !c.operator.is_empty(), "{}", c.code);
        }
        assert!(seen.len() >= 120, "only {} countries", seen.len());
    }

    #[test]
    fn country_slugs_are_unique_and_distinct_from_regions() {
        let mut seen = HashSet::new();
        for c in COUNTRIES {
            let slug = country_slug(c);
            assert!(!slug.contains("||"), "{slug}");
            assert!(seen.insert(slug.clone()), "duplicate slug {slug}");
        }
        for r in REGIONS {
            assert!(!seen.contains(r.slug), "region {} clashes", r.slug);
            assert!(
                seen.insert(r.slug.to_string()),
                "duplicate region {}",
                r.slug
            );
        }
        assert!(!seen.contains(GLOBAL_SLUG));
    }

    #[test]
    fn regions_cover_real_countries() {
        for r in REGIONS {
            let mut seen = HashSet::new();
            for code in r.countries {
                assert!(country(code).is_some(), "{} lists unknown {code}", r.slug);
                assert!(seen.insert(*code), "{} lists {code} twice", r.slug);
            }
            assert_ne!(
                region_operator(r),
                "Regional Link",
                "{} has no operator",
                r.slug
            );
        }
        let size = |slug: &str| region(slug).unwrap().countries.len();
        assert!(size("europe") >= 30);
        assert!(size("asia") >= 12);
        assert_eq!(
            region("north-america").unwrap().countries,
            ["CA", "MX", "US"]
        );
        for slug in [
            "latin-america",
            "middle-east-and-north-africa",
            "africa",
            "oceania",
            "caribbean",
        ] {
            assert!(size(slug) >= 3, "{slug}");
        }
    }

    #[test]
    fn global_coverage_is_known_countries() {
        let global = global_countries();
        let unique: HashSet<_> = global.iter().collect();
        assert_eq!(unique.len(), global.len());
        assert!((75..=90).contains(&global.len()), "{}", global.len());
        for code in &global {
            assert!(country(code).is_some(), "unknown {code}");
        }
    }

    #[test]
    fn shape_slugs_are_unique_per_list() {
        for shapes in [SHAPES, REGIONAL_SHAPES, GLOBAL_SHAPES] {
            let slugs: HashSet<_> = shapes.iter().map(|s| s.slug).collect();
            assert_eq!(slugs.len(), shapes.len());
            assert!(
                shapes.iter().any(|s| s.data_mb.is_none()),
                "no unlimited shape"
            );
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
        let jp = country("JP").unwrap();
        assert_eq!(price_text(jp, &SHAPES[0], "JPY"), "878");
        assert_eq!(regional_price_text(&REGIONAL_SHAPES[0], "USD"), "5.50");
    }

    #[test]
    fn local_packages_keep_their_ids_and_prices() {
        let th = packages_for("th", "USD");
        assert_eq!(th[0].package_id, "SBX00001||thailand||1000||1gb-7days");
        assert_eq!(th[0].price_text, "4.50");
        assert_eq!(th[0].title, "1 GB - 7 days");
        assert_eq!(th[0].slug, "th-1gb-7days");
        assert_eq!(
            th[5].package_id,
            "SBX00006||thailand||1005||unlimited-10days"
        );
        for (pkg, shape) in th.iter().zip(SHAPES) {
            assert_eq!(pkg.coverage_type, "local");
            assert_eq!(pkg.operator, "AIS");
            assert_eq!(
                pkg.price_text,
                price_text(country("TH").unwrap(), shape, "USD")
            );
        }
        assert_eq!(packages_for("AE", "USD")[0].price_text, "9.90");
    }

    #[test]
    fn packages_come_local_then_regional_then_global() {
        let mx = packages_for("MX", "USD");
        let kinds: Vec<_> = mx.iter().map(|p| p.coverage_type).collect();
        let locals = SHAPES.len();
        let regionals = 2 * REGIONAL_SHAPES.len();
        assert_eq!(kinds.len(), locals + regionals + GLOBAL_SHAPES.len());
        assert!(kinds[..locals].iter().all(|k| *k == "local"));
        assert!(kinds[locals..locals + regionals]
            .iter()
            .all(|k| *k == "regional"));
        assert!(kinds[locals + regionals..].iter().all(|k| *k == "global"));
        assert_eq!(mx[locals].region_name, "North America");
        assert_eq!(
            mx[locals + REGIONAL_SHAPES.len()].region_name,
            "Latin America"
        );
        // Kyrgyzstan is in no region and not covered globally: local plans only.
        assert_eq!(packages_for("KG", "USD").len(), SHAPES.len());
        assert!(packages_for("XX", "USD").is_empty());
        assert!(packages_for("", "USD").is_empty());
    }

    #[test]
    fn ids_are_unique_across_the_catalogue() {
        let mut by_id = std::collections::HashMap::new();
        for c in COUNTRIES {
            for pkg in packages_for(c.code, "USD") {
                // The same regional package reached from two countries must be identical.
                if let Some(prev) = by_id.insert(pkg.package_id.clone(), pkg.clone()) {
                    assert_eq!(prev, pkg, "id {} reused", pkg.package_id);
                }
            }
        }
        let expected = COUNTRIES.len() * SHAPES.len()
            + REGIONS.len() * REGIONAL_SHAPES.len()
            + GLOBAL_SHAPES.len();
        assert_eq!(by_id.len(), expected);
        let slugs: HashSet<_> = by_id.values().map(|p| p.slug.clone()).collect();
        assert_eq!(slugs.len(), expected, "partner codes must be unique too");
    }

    #[test]
    fn package_by_id_round_trips() {
        for c in COUNTRIES {
            for pkg in packages_for(c.code, "EUR") {
                assert_eq!(package_by_id(&pkg.package_id, "EUR").as_ref(), Some(&pkg));
            }
        }
        assert!(package_by_id("", "USD").is_none());
        assert!(package_by_id("SBX00001||atlantis||1000||1gb-7days", "USD").is_none());
        assert!(package_by_id("SBX00001||thailand||1000||2gb-7days", "USD").is_none());
        assert!(package_by_id("SBX00001||thailand||1000||1gb-7days||x", "USD").is_none());
    }

    #[test]
    fn every_currency_prices_every_package() {
        for (currency, _, digits) in RATES {
            assert!(supported_currency(currency));
            for pkg in all_packages(currency) {
                let text = &pkg.price_text;
                let (whole, fraction) = match text.split_once('.') {
                    Some((w, f)) => (w, Some(f)),
                    None => (text.as_str(), None),
                };
                assert!(
                    !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()),
                    "{currency} {}: {text}",
                    pkg.package_id
                );
                assert!(whole.len() == 1 || !whole.starts_with('0'), "{text}");
                match (digits, fraction) {
                    (0, None) => {}
                    (d, Some(f)) => {
                        assert_eq!(f.len(), *d as usize, "{currency}: {text}");
                        assert!(f.chars().all(|c| c.is_ascii_digit()), "{text}");
                    }
                    _ => panic!("{currency} {}: {text}", pkg.package_id),
                }
                assert_ne!(
                    text.trim_matches(|c| c == '0' || c == '.'),
                    "",
                    "free: {text}"
                );
            }
        }
        assert!(!supported_currency("XYZ"));
    }

    #[test]
    fn fair_usage_only_on_unlimited() {
        let mut texts = HashSet::new();
        for shape in SHAPES.iter().chain(REGIONAL_SHAPES).chain(GLOBAL_SHAPES) {
            match (shape.data_mb, fair_usage_policy(shape)) {
                (Some(_), None) => {}
                (None, Some(text)) => {
                    assert!(text.starts_with("Full speed for the first "), "{text}");
                    texts.insert(text);
                }
                (mb, fup) => panic!("{}: {mb:?} / {fup:?}", shape.slug),
            }
        }
        assert!(texts.len() >= 3, "policies should vary by shape");
        assert_eq!(
            fair_usage_policy(&SHAPES[5]).unwrap(),
            "Full speed for the first 2 GB per day, then 512 kbps until midnight local time."
        );
        for pkg in all_packages("USD") {
            assert_eq!(pkg.unlimited, pkg.data_mb.is_none());
            assert_eq!(pkg.unlimited, pkg.fair_usage_policy.is_some());
            assert_eq!(pkg.rechargeable, !pkg.unlimited);
            assert_eq!(pkg.data_label == "Unlimited", pkg.unlimited);
        }
    }

    #[test]
    fn installation_notes_are_escaped_and_script_free() {
        for html in [
            qr_installation_html("A&B <x>", "Middle East & North Africa"),
            manual_installation_html("A&B <x>", "Côte d'Ivoire"),
        ] {
            assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
            assert!(
                html.contains("<p><b>eSIM name:</b> A&amp;B &lt;x&gt;</p>"),
                "{html}"
            );
            assert!(!html.contains("<x>"));
            assert!(html.contains("Settings &gt; Cellular/Mobile &gt; Add Cellular/Mobile Plan."));
            assert!(html.contains("<a href=\"https://www.airalo.com/help\""));
        }
        assert!(qr_installation_html("Fatafati", "Bangladesh").starts_with(
            "<p><b>eSIM name:</b> Fatafati</p><p><b>Coverage:</b> Bangladesh</p>\
             <ol><li>Settings &gt; Cellular/Mobile &gt; Add Cellular/Mobile Plan.</li>\
             <li>Scan QR code.</li><li>Confirm eSIM plan details.</li><li>Label the eSIM.</li></ol>\
             <p><b>To access Data:</b></p><ol><li>Enable data roaming.</li></ol>"
        ));
        assert!(manual_installation_html("X", "Middle East & North Africa")
            .contains("<b>Coverage:</b> Middle East &amp; North Africa</p>"));
        assert!(manual_installation_html("X", "Côte d'Ivoire").contains("Côte d&#39;Ivoire"));
    }
}
