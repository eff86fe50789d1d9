//! The languages the widget speaks: negotiation from BCP 47 tags, and what each
//! means for formatting and direction.
//!
//! Apart from the catalogs (`i18n`), so that low-level modules such as `money`
//! can format for a locale without depending on every message, and every
//! message on the plans that name them.

/// A locale the widget has a catalog for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English (default and fallback).
    #[default]
    En,
    /// German.
    De,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// Arabic (written right to left).
    Ar,
}

impl Locale {
    /// Every locale with a catalog.
    pub const ALL: [Locale; 5] = [Locale::En, Locale::De, Locale::Es, Locale::Fr, Locale::Ar];

    /// The catalog for a BCP 47 tag such as `de-CH`, or `None` for a language without one.
    pub fn supported(tag: &str) -> Option<Locale> {
        let lang = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == lang)
    }

    /// Picks the catalog for a BCP 47 tag; unknown languages fall back to English.
    pub fn from_tag(tag: &str) -> Locale {
        Locale::supported(tag).unwrap_or_default()
    }

    /// The first supported language among `preferences` (host option, page
    /// language, then the browser's languages), else English.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Locale {
        preferences
            .into_iter()
            .find_map(Locale::supported)
            .unwrap_or_default()
    }

    /// The BCP 47 tag of the catalog (also sent to the API as `language`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Es => "es",
            Locale::Fr => "fr",
            Locale::Ar => "ar",
        }
    }

    /// The tag given to the browser's `Intl` formatters. Arabic asks for Latin
    /// digits, so dates and prices match the counts and data amounts in the
    /// same sentence (which the catalog writes with Latin digits).
    pub fn intl_tag(self) -> &'static str {
        match self {
            Locale::Ar => "ar-u-nu-latn",
            other => other.tag(),
        }
    }

    /// Writing direction, for the widget root's `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// Decimal separator in numbers (when the browser's `Intl` is not at hand).
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En | Locale::Ar => '.',
            Locale::De | Locale::Es | Locale::Fr => ',',
        }
    }

    /// Thousands separator in numbers (when the browser's `Intl` is not at hand).
    pub fn group_separator(self) -> char {
        match self {
            Locale::En | Locale::Ar => ',',
            Locale::De | Locale::Es => '.',
            // Narrow no-break space, as French typography and Intl use.
            Locale::Fr => '\u{202f}',
        }
    }

    /// Whether the currency code goes before the amount.
    pub fn currency_code_first(self) -> bool {
        matches!(self, Locale::En)
    }
}
