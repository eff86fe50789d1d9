//! The message catalog: every string a traveller sees, per locale.
//!
//! Messages are an enum and each locale is an exhaustive `match`, so adding a
//! message without translating it is a compile error rather than a blank label.

/// A locale the widget has a catalog for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English (default and fallback).
    #[default]
    En,
    /// German.
    De,
}

impl Locale {
    /// Every locale with a catalog.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// Picks the catalog for a BCP 47 tag such as `de-CH`; unknown languages fall back to English.
    pub fn from_tag(tag: &str) -> Locale {
        let lang = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "de" => Locale::De,
            _ => Locale::En,
        }
    }

    /// The BCP 47 tag of the catalog (also sent to the API as `language`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// Decimal separator in numbers.
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En => '.',
            Locale::De => ',',
        }
    }

    /// Thousands separator in numbers.
    pub fn group_separator(self) -> char {
        match self {
            Locale::En => ',',
            Locale::De => '.',
        }
    }

    /// Whether the currency code goes before the amount.
    pub fn currency_code_first(self) -> bool {
        matches!(self, Locale::En)
    }
}

/// A fixed message of the widget's user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Heading of the plan list.
    PlansHeading,
    /// Shown while plans load.
    LoadingPlans,
    /// Shown when the destination has no plans.
    NoPlans,
    /// Retry button after an error.
    Retry,
    /// Label for the data allowance.
    Data,
    /// Label for the validity period.
    Validity,
    /// Label for the price.
    Price,
    /// Shown instead of a data amount for unlimited plans.
    Unlimited,
    /// Shown when a plan has no usable price.
    PriceOnRequest,
    /// Heading shown when the host page configured the widget wrongly.
    ConfigProblem,
    /// Region label for the list of plans.
    PlansRegion,
    /// Error: the network failed.
    ErrNetwork,
    /// Error: the request took too long.
    ErrTimeout,
    /// Error: too many requests.
    ErrRateLimited,
    /// Error: the server answered with an error.
    ErrServer,
    /// Error: the answer could not be read.
    ErrDecode,
    /// Error: the eSIM service declined the request.
    ErrApi,
    /// Small print naming the service.
    PoweredBy,
}

impl Msg {
    /// Every message, for catalog completeness tests.
    pub const ALL: [Msg; 18] = [
        Msg::PlansHeading,
        Msg::LoadingPlans,
        Msg::NoPlans,
        Msg::Retry,
        Msg::Data,
        Msg::Validity,
        Msg::Price,
        Msg::Unlimited,
        Msg::PriceOnRequest,
        Msg::ConfigProblem,
        Msg::PlansRegion,
        Msg::ErrNetwork,
        Msg::ErrTimeout,
        Msg::ErrRateLimited,
        Msg::ErrServer,
        Msg::ErrDecode,
        Msg::ErrApi,
        Msg::PoweredBy,
    ];
}

/// The text of `msg` in `locale`.
pub fn t(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::En => en(msg),
        Locale::De => de(msg),
    }
}

fn en(msg: Msg) -> &'static str {
    match msg {
        Msg::PlansHeading => "Stay connected on your trip",
        Msg::LoadingPlans => "Loading data plans…",
        Msg::NoPlans => "No eSIM data plans are available for this destination right now.",
        Msg::Retry => "Try again",
        Msg::Data => "Data",
        Msg::Validity => "Valid for",
        Msg::Price => "Price",
        Msg::Unlimited => "Unlimited",
        Msg::PriceOnRequest => "Price not available",
        Msg::ConfigProblem => "The eSIM offer cannot be shown on this page.",
        Msg::PlansRegion => "eSIM data plans",
        Msg::ErrNetwork => {
            "We could not reach the eSIM service. Check your connection and try again."
        }
        Msg::ErrTimeout => "The eSIM service is taking too long to answer. Please try again.",
        Msg::ErrRateLimited => "Too many requests just now. Please wait a moment and try again.",
        Msg::ErrServer => "The eSIM service is having trouble right now. Please try again shortly.",
        Msg::ErrDecode => "We received an answer we could not read. Please try again shortly.",
        Msg::ErrApi => "The eSIM service could not complete this request.",
        Msg::PoweredBy => "eSIM plans by InnoTravelTech",
    }
}

fn de(msg: Msg) -> &'static str {
    match msg {
        Msg::PlansHeading => "Auf Ihrer Reise verbunden bleiben",
        Msg::LoadingPlans => "Datentarife werden geladen…",
        Msg::NoPlans => "Für dieses Reiseziel sind derzeit keine eSIM-Datentarife verfügbar.",
        Msg::Retry => "Erneut versuchen",
        Msg::Data => "Daten",
        Msg::Validity => "Gültig für",
        Msg::Price => "Preis",
        Msg::Unlimited => "Unbegrenzt",
        Msg::PriceOnRequest => "Preis nicht verfügbar",
        Msg::ConfigProblem => "Das eSIM-Angebot kann auf dieser Seite nicht angezeigt werden.",
        Msg::PlansRegion => "eSIM-Datentarife",
        Msg::ErrNetwork => "Der eSIM-Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
        Msg::ErrTimeout => "Der eSIM-Dienst antwortet zu langsam. Bitte versuchen Sie es erneut.",
        Msg::ErrRateLimited => "Gerade zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es erneut.",
        Msg::ErrServer => "Der eSIM-Dienst hat gerade Probleme. Bitte versuchen Sie es gleich noch einmal.",
        Msg::ErrDecode => "Wir haben eine unlesbare Antwort erhalten. Bitte versuchen Sie es gleich noch einmal.",
        Msg::ErrApi => "Der eSIM-Dienst konnte diese Anfrage nicht ausführen.",
        Msg::PoweredBy => "eSIM-Tarife von InnoTravelTech",
    }
}

/// "7 days" / "1 day" in `locale`.
pub fn days(locale: Locale, n: u64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 day".to_string(),
        (Locale::En, n) => format!("{n} days"),
        (Locale::De, 1) => "1 Tag".to_string(),
        (Locale::De, n) => format!("{n} Tage"),
    }
}

/// "7 nights" / "1 night" in `locale`.
pub fn nights(locale: Locale, n: u64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 night".to_string(),
        (Locale::En, n) => format!("{n} nights"),
        (Locale::De, 1) => "1 Nacht".to_string(),
        (Locale::De, n) => format!("{n} Nächte"),
    }
}

/// "14 plans" / "1 plan" in `locale`, for the list summary read by screen readers.
pub fn plan_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 plan".to_string(),
        (Locale::En, n) => format!("{n} plans"),
        (Locale::De, 1) => "1 Tarif".to_string(),
        (Locale::De, n) => format!("{n} Tarife"),
    }
}

/// Abbreviated month name (1 = January).
pub fn month_short(locale: Locale, month: u8) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DE: [&str; 12] = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ];
    let i = usize::from(month.clamp(1, 12) - 1);
    match locale {
        Locale::En => EN[i],
        Locale::De => DE[i],
    }
}

/// Name of a destination for headings, from its ISO 3166 alpha-2 code.
///
/// Falls back to the code itself for countries not in this short list; the
/// plan picker issue replaces this with a full localized country list.
pub fn country_name(locale: Locale, code: &str) -> String {
    let name = match (locale, code) {
        (Locale::En, "TH") => "Thailand",
        (Locale::De, "TH") => "Thailand",
        (Locale::En, "JP") => "Japan",
        (Locale::De, "JP") => "Japan",
        (Locale::En, "FR") => "France",
        (Locale::De, "FR") => "Frankreich",
        (Locale::En, "DE") => "Germany",
        (Locale::De, "DE") => "Deutschland",
        (Locale::En, "US") => "the United States",
        (Locale::De, "US") => "die USA",
        (Locale::En, "GB") => "the United Kingdom",
        (Locale::De, "GB") => "Großbritannien",
        (Locale::En, "IT") => "Italy",
        (Locale::De, "IT") => "Italien",
        (Locale::En, "ES") => "Spain",
        (Locale::De, "ES") => "Spanien",
        (Locale::En, "BD") => "Bangladesh",
        (Locale::De, "BD") => "Bangladesch",
        (Locale::En, "AE") => "the United Arab Emirates",
        (Locale::De, "AE") => "die Vereinigten Arabischen Emirate",
        (Locale::En, "SG") => "Singapore",
        (Locale::De, "SG") => "Singapur",
        (Locale::En, "AU") => "Australia",
        (Locale::De, "AU") => "Australien",
        _ => return code.to_string(),
    };
    name.to_string()
}

/// "Plans for Thailand" heading.
pub fn plans_for(locale: Locale, country: &str) -> String {
    let name = country_name(locale, country);
    match locale {
        Locale::En => format!("Data plans for {name}"),
        Locale::De => format!("Datentarife für {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated_and_distinct_per_locale() {
        for locale in Locale::ALL {
            let mut seen = std::collections::HashSet::new();
            for msg in Msg::ALL {
                let text = t(locale, msg);
                assert!(!text.trim().is_empty(), "{locale:?} {msg:?} is blank");
                assert!(seen.insert(text), "{locale:?} reuses {text:?}");
            }
        }
    }

    #[test]
    fn german_differs_from_english() {
        let same = Msg::ALL
            .iter()
            .filter(|m| t(Locale::En, **m) == t(Locale::De, **m))
            .count();
        assert_eq!(same, 0, "a German message was left in English");
    }

    #[test]
    fn tags_pick_catalogs() {
        assert_eq!(Locale::from_tag("de-CH"), Locale::De);
        assert_eq!(Locale::from_tag("DE"), Locale::De);
        assert_eq!(Locale::from_tag("en_GB"), Locale::En);
        assert_eq!(Locale::from_tag("xx"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn plurals() {
        assert_eq!(days(Locale::En, 1), "1 day");
        assert_eq!(days(Locale::En, 30), "30 days");
        assert_eq!(nights(Locale::De, 7), "7 Nächte");
        assert_eq!(plan_count(Locale::De, 1), "1 Tarif");
    }

    #[test]
    fn unknown_countries_fall_back_to_code() {
        assert_eq!(country_name(Locale::En, "ZZ"), "ZZ");
        assert_eq!(plans_for(Locale::De, "FR"), "Datentarife für Frankreich");
    }
}
