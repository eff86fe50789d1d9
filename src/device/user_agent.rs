//! A best guess of the traveller's phone from what the browser says about itself.
//!
//! Android user agents often carry the model (`SM-S911B`, `Pixel 8`); Chrome's
//! reduced user agent replaces it with `K`, and then only the client hint
//! `model` (read by the browser layer and passed in here) knows it. iPhones and
//! iPads reveal only the family, and iPads even pose as a Mac with a touch
//! screen. The guess never claims more than that: a model code that is not in
//! the list stays "not listed", however similar its name.

use super::DeviceCatalog;

/// A device family that hides its exact model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Any iPhone.
    IPhone,
    /// Any iPad.
    IPad,
}

impl Family {
    /// How the family's model names start in the list.
    pub fn name_prefix(self) -> &'static str {
        match self {
            Family::IPhone => "iPhone",
            Family::IPad => "iPad",
        }
    }
}

/// What kind of device the browser runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Android, with the model it reports if any.
    Android(Option<String>),
    /// An Apple phone or tablet.
    Apple(Family),
    /// A desktop or laptop computer: the traveller checks another device.
    Computer,
    /// Anything else.
    Other,
}

/// What the browser says about itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BrowserHints<'a> {
    /// `navigator.userAgent`.
    pub user_agent: &'a str,
    /// The `model` user-agent client hint (Chromium on Android), if the browser gave one.
    pub model_hint: Option<&'a str>,
    /// `navigator.maxTouchPoints > 1`: tells an iPad posing as a Mac from a Mac.
    pub touch: bool,
}

/// The model inside an Android user agent's first parenthesis, if it names one.
///
/// `(Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv)` → `SM-S911B`;
/// `(Linux; Android 10; K)` (Chrome's reduced user agent) → none.
pub fn android_model(user_agent: &str) -> Option<String> {
    let start = user_agent.find('(')?;
    let end = start + user_agent[start..].find(')')?;
    let inside = &user_agent[start + 1..end];
    let mut parts = inside.split(';').map(str::trim);
    parts.find(|p| p.starts_with("Android"))?;
    for part in parts {
        let model = part.split(" Build/").next().unwrap_or("").trim();
        let lower = model.to_ascii_lowercase();
        let locale = model.len() == 5 && model.as_bytes()[2] == b'-';
        let filler = matches!(lower.as_str(), "" | "u" | "k" | "wv" | "mobile" | "tablet")
            || lower.starts_with("rv:")
            || locale;
        if filler {
            continue;
        }
        // Samsung Internet writes "SAMSUNG SM-S911B".
        let model = model
            .strip_prefix("SAMSUNG ")
            .or_else(|| model.strip_prefix("Samsung "))
            .unwrap_or(model);
        return Some(model.to_string());
    }
    None
}

/// The platform the hints describe.
pub fn platform(hints: BrowserHints<'_>) -> Platform {
    let ua = hints.user_agent;
    if ua.contains("Android") {
        let hint = hints
            .model_hint
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string);
        return Platform::Android(hint.or_else(|| android_model(ua)));
    }
    if ua.contains("iPhone") {
        return Platform::Apple(Family::IPhone);
    }
    if ua.contains("iPad") || (ua.contains("Macintosh") && hints.touch) {
        return Platform::Apple(Family::IPad);
    }
    if ["Windows NT", "Macintosh", "X11", "CrOS"]
        .iter()
        .any(|p| ua.contains(p))
    {
        return Platform::Computer;
    }
    Platform::Other
}

/// The widget's best guess of the traveller's device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guess {
    /// The browser reported a model that is in the list.
    Model(usize),
    /// The browser reported a model that is not in the list.
    NotListed {
        /// What it reported.
        reported: String,
        /// A listed model with nearly the same code (another regional variant), if any.
        similar: Option<usize>,
    },
    /// An iPhone or iPad: offer that family's models.
    Family(Family),
    /// A computer: the traveller will search for the phone they travel with.
    Computer,
    /// Nothing to go on.
    Unknown,
}

/// Guesses the device from the browser's hints.
pub fn guess(catalog: &DeviceCatalog, hints: BrowserHints<'_>) -> Guess {
    match platform(hints) {
        Platform::Android(Some(model)) => {
            if let Some(i) = catalog
                .by_model_code(&model)
                .or_else(|| catalog.by_name(&model))
            {
                return Guess::Model(i);
            }
            // Another regional variant of a listed model shares all but the last characters.
            let stem: String = model
                .chars()
                .take(model.chars().count().saturating_sub(1))
                .collect();
            let similar = catalog
                .search(&stem, 1)
                .first()
                .filter(|h| h.score >= 500)
                .map(|h| h.entry);
            Guess::NotListed {
                reported: model,
                similar,
            }
        }
        Platform::Android(None) | Platform::Other => Guess::Unknown,
        Platform::Apple(family) => Guess::Family(family),
        Platform::Computer => Guess::Computer,
    }
}

/// Models to offer first for a guess, best first: the guessed model and its
/// closest names, the family's models newest first, or nothing.
pub fn suggestions(catalog: &DeviceCatalog, guess: &Guess, limit: usize) -> Vec<usize> {
    let around = |i: usize| -> Vec<usize> {
        let name = &catalog.entries()[i].name;
        let mut list: Vec<usize> = vec![i];
        list.extend(
            catalog
                .search(name, limit + 1)
                .into_iter()
                .map(|h| h.entry)
                .filter(|&e| e != i),
        );
        list.truncate(limit);
        list
    };
    match guess {
        Guess::Model(i) => around(*i),
        Guess::NotListed {
            similar: Some(i), ..
        } => around(*i),
        Guess::Family(family) => {
            let mut list = catalog.family(*family);
            list.truncate(limit);
            list
        }
        Guess::NotListed { similar: None, .. } | Guess::Computer | Guess::Unknown => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S23: &str = "Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36";
    const REDUCED: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36";

    fn hints(ua: &str) -> BrowserHints<'_> {
        BrowserHints {
            user_agent: ua,
            ..BrowserHints::default()
        }
    }

    #[test]
    fn android_models_are_read() {
        assert_eq!(android_model(S23).as_deref(), Some("SM-S911B"));
        assert_eq!(android_model(REDUCED), None);
        assert_eq!(
            android_model("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36").as_deref(),
            Some("Pixel 8")
        );
        assert_eq!(
            android_model("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36")
                .as_deref(),
            Some("SM-S918B")
        );
        assert_eq!(
            android_model("Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30").as_deref(),
            Some("LG-L160L")
        );
        assert_eq!(
            android_model("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"),
            None
        );
        assert_eq!(android_model("no parenthesis"), None);
    }

    #[test]
    fn platforms() {
        assert_eq!(
            platform(hints(S23)),
            Platform::Android(Some("SM-S911B".into()))
        );
        let hinted = BrowserHints {
            user_agent: REDUCED,
            model_hint: Some("Pixel 8"),
            touch: true,
        };
        assert_eq!(platform(hinted), Platform::Android(Some("Pixel 8".into())));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15";
        assert_eq!(platform(hints(iphone)), Platform::Apple(Family::IPhone));
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15";
        assert_eq!(platform(hints(mac)), Platform::Computer);
        let ipad = BrowserHints {
            user_agent: mac,
            model_hint: None,
            touch: true,
        };
        assert_eq!(platform(ipad), Platform::Apple(Family::IPad));
        assert_eq!(platform(hints("curl/8.0")), Platform::Other);
    }
}
