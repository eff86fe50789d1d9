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

/// Messages reviewed to be the same as in English: brand names, units and
/// words the language borrowed. Anything else identical to English is an
/// untranslated string.
fn same_as_english(locale: Locale) -> &'static [Msg] {
    match locale {
        Locale::En => &[],
        Locale::De => &[Msg::Details],
        Locale::Es => es::SAME_AS_ENGLISH,
        Locale::Fr => fr::SAME_AS_ENGLISH,
        Locale::Ar => ar::SAME_AS_ENGLISH,
    }
}

#[test]
fn translations_differ_from_english_outside_the_allowlist() {
    for locale in Locale::ALL.into_iter().skip(1) {
        let allowed = same_as_english(locale);
        let same: Vec<Msg> = Msg::ALL
            .iter()
            .copied()
            .filter(|m| t(Locale::En, *m) == t(locale, *m) && !allowed.contains(m))
            .collect();
        assert_eq!(same, [], "{locale:?} messages left in English");
        // The allowlist stays short and honest: every entry really is the same.
        assert!(allowed.len() <= 5, "{locale:?} allowlist is too long");
        for m in allowed {
            assert_eq!(
                t(Locale::En, *m),
                t(locale, *m),
                "{locale:?} {m:?} is allowlisted but differs"
            );
        }
    }
}

#[test]
fn sentences_around_values_are_translated() {
    // Every value-carrying sentence differs from English in every other locale.
    let samples = |l: Locale| {
        vec![
            days(l, 1),
            days(l, 2),
            days(l, 7),
            days(l, 30),
            nights(l, 1),
            nights(l, 7),
            plan_count(l, 1),
            plan_count(l, 14),
            phones_found(l, 1),
            phones_found(l, 5),
            supports_esim(l, "X"),
            reported_model(l, "X"),
            similar_listed(l, "X"),
            recommendation_reason(
                l,
                Reason::Fits {
                    days: 7,
                    roomy: true,
                    dated: true,
                },
            ),
            recommendation_reason(
                l,
                Reason::Fits {
                    days: 7,
                    roomy: false,
                    dated: true,
                },
            ),
            recommendation_reason(
                l,
                Reason::Fits {
                    days: 7,
                    roomy: false,
                    dated: false,
                },
            ),
            recommendation_reason(l, Reason::MostData { days: 7 }),
            recommendation_reason(
                l,
                Reason::Longest {
                    days: 7,
                    rechargeable: true,
                },
            ),
            showing(l, 12, 30),
            show_more(l, 12),
            no_local_plans(l, "X"),
            per_gb(l, "X"),
            contact_hotel(l, "X"),
            esim_n_of(l, 1, 2),
            used_of(l, "A", "B", "C"),
            time_left(l, 3, 5),
            updated_at(l, "X"),
            plans_for(l, "X"),
            from_price(l, "X"),
        ]
    };
    let english = samples(Locale::En);
    for locale in Locale::ALL.into_iter().skip(1) {
        for (en, other) in english.iter().zip(samples(locale)) {
            assert_ne!(*en, other, "{locale:?} left a sentence in English");
            assert!(
                !other.contains('{'),
                "{locale:?} has a stray placeholder: {other}"
            );
        }
    }
}

#[test]
fn tags_pick_catalogs() {
    assert_eq!(Locale::from_tag("de-CH"), Locale::De);
    assert_eq!(Locale::from_tag("DE"), Locale::De);
    assert_eq!(Locale::from_tag("en_GB"), Locale::En);
    assert_eq!(Locale::from_tag("es-MX"), Locale::Es);
    assert_eq!(Locale::from_tag("fr-CA"), Locale::Fr);
    assert_eq!(Locale::from_tag("ar-EG"), Locale::Ar);
    assert_eq!(Locale::from_tag("xx"), Locale::En);
    assert_eq!(Locale::from_tag(""), Locale::En);
}

#[test]
fn negotiation_takes_the_first_supported_language() {
    assert_eq!(Locale::negotiate(["ja", "fr-FR", "de"]), Locale::Fr);
    assert_eq!(Locale::negotiate(["ja", "zh"]), Locale::En);
    assert_eq!(Locale::negotiate([]), Locale::En);
}

#[test]
fn only_arabic_is_right_to_left() {
    for locale in Locale::ALL {
        assert_eq!(locale.dir() == "rtl", locale == Locale::Ar);
    }
}

#[test]
fn plurals() {
    assert_eq!(days(Locale::En, 1), "1 day");
    assert_eq!(days(Locale::En, 30), "30 days");
    assert_eq!(nights(Locale::De, 7), "7 Nächte");
    assert_eq!(plan_count(Locale::De, 1), "1 Tarif");
    // Every locale distinguishes one from many.
    for locale in Locale::ALL {
        assert_ne!(
            days(locale, 1).replace('1', ""),
            days(locale, 7).replace('7', ""),
            "{locale:?}"
        );
    }
}

#[test]
fn plans_for_names_the_destination() {
    assert_eq!(
        plans_for(Locale::De, "Frankreich"),
        "Datentarife für Frankreich"
    );
}
