use super::*;

#[test]
fn an_outcome_is_unknown_when_the_purchase_may_have_been_made() {
    let http = |status, code: Option<&str>| ApiError::Http {
        operation: "create-topup-booking",
        status,
        reason: String::new(),
        code: code.map(str::to_string),
    };
    // Lost, cut short or unreadable answers; failures after forwarding; one in flight.
    for unknown in [
        ApiError::Timeout {
            operation: "create-booking",
            after_ms: 15_000,
        },
        ApiError::Network {
            operation: "create-booking",
            detail: "reset".into(),
        },
        ApiError::Decode {
            operation: "create-booking",
            detail: "eof".into(),
        },
        http(502, None),
        http(504, Some("booking_outcome_unknown")),
        http(409, Some("booking_in_progress")),
    ] {
        assert!(unknown.outcome_unknown(), "{unknown:?}");
        assert!(!unknown.not_sent(), "{unknown:?}");
    }
    // Refusals that sent nothing, whatever their status.
    for not_sent in [
        ApiError::RateLimited {
            operation: "create-booking",
            retry_after_secs: Some(3),
        },
        http(429, None),
        http(503, Some("busy")),
        http(503, Some("store_unavailable")),
        http(502, Some("upstream_unreachable")),
    ] {
        assert!(!not_sent.outcome_unknown(), "{not_sent:?}");
        assert!(not_sent.not_sent(), "{not_sent:?}");
    }
    // Definite answers.
    for failed in [
        http(422, None),
        ApiError::Api {
            operation: "create-topup-booking",
            reason: "declined".into(),
        },
    ] {
        assert!(
            !failed.outcome_unknown() && !failed.not_sent(),
            "{failed:?}"
        );
    }
}

/// Any successful answer, for tests of the envelope alone.
#[derive(Deserialize, Debug)]
struct Value {}

fn raw(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status,
        retry_after: None,
        body: body.to_string(),
    }
}

#[test]
fn http_status_is_checked_before_body() {
    let e = decode::<Value>(
        Operation::Search,
        &raw(502, r#"{"status":"failed","reason":"upstream down"}"#),
    )
    .unwrap_err();
    assert_eq!(
        e,
        ApiError::Http {
            operation: "search",
            status: 502,
            reason: "upstream down".into(),
            code: None,
        }
    );
    assert_eq!(e.code(), "http");
    let e = decode::<Value>(Operation::Search, &raw(500, "<html>oops</html>")).unwrap_err();
    assert!(e.to_string().contains("<html>oops</html>"));
}

#[test]
fn proxy_refusals_carry_their_code_and_a_plain_sentence() {
    let refusal = |status: u16, code: &str| {
        decode::<Value>(
            Operation::CreateBooking,
            &raw(
                status,
                &format!(r#"{{"status":"failed","error":"{code}","reason":"r {code}"}}"#),
            ),
        )
        .unwrap_err()
    };
    let e = refusal(403, TRACKING_KEY_INVALID);
    assert_eq!(
        e,
        ApiError::Http {
            operation: "create-booking",
            status: 403,
            reason: "r tracking_key_invalid".into(),
            code: Some(TRACKING_KEY_INVALID.into()),
        }
    );
    assert_eq!(e.proxy_code(), Some(TRACKING_KEY_INVALID));
    // The developer detail and the host's code stay as they were.
    assert_eq!(
        e.to_string(),
        "create-booking failed with HTTP 403: r tracking_key_invalid"
    );
    assert_eq!(e.code(), "http");
    for locale in Locale::ALL {
        let tracking = e.message(locale);
        let grant = refusal(403, GRANT_INVALID).message(locale);
        assert_eq!(tracking, crate::i18n::t(locale, Msg::ErrTrackingRefused));
        assert_eq!(grant, crate::i18n::t(locale, Msg::ErrGrantRefused));
        assert_eq!(refusal(403, GRANT_EXPIRED).message(locale), grant);
        // Other codes keep the general sentence.
        assert_eq!(
            refusal(504, "booking_outcome_unknown").message(locale),
            crate::i18n::t(locale, Msg::ErrServer)
        );
        for m in [tracking, grant] {
            assert!(!m.contains('{') && !m.contains("403") && !m.contains('_'));
        }
    }
    // No code: a body without `error`, or not JSON at all.
    assert_eq!(
        decode::<Value>(Operation::Search, &raw(403, r#"{"reason":"no"}"#))
            .unwrap_err()
            .proxy_code(),
        None
    );
    assert_eq!(
        decode::<Value>(Operation::Search, &raw(403, "<html>"))
            .unwrap_err()
            .proxy_code(),
        None
    );
    assert_eq!(
        ApiError::Api {
            operation: "search",
            reason: "x".into()
        }
        .proxy_code(),
        None
    );
}

#[test]
fn rate_limits_carry_retry_after() {
    let mut r = raw(429, "");
    r.retry_after = Some("30".into());
    assert_eq!(
        decode::<Value>(Operation::Search, &r).unwrap_err(),
        ApiError::RateLimited {
            operation: "search",
            retry_after_secs: Some(30)
        }
    );
}

#[test]
fn itt_failures_and_capitalised_status() {
    let e = decode::<Value>(
        Operation::Search,
        &raw(200, r#"{"status":"failed","reason":"Invalid country"}"#),
    )
    .unwrap_err();
    assert_eq!(e.code(), "api");
    assert!(e.to_string().contains("Invalid country"));
    assert!(decode::<Value>(Operation::Search, &raw(200, r#"{"Status":"Success"}"#)).is_ok());
    assert_eq!(
        decode::<Value>(Operation::Search, &raw(200, "not json"))
            .unwrap_err()
            .code(),
        "decode"
    );
    assert_eq!(
        decode::<Value>(Operation::Search, &raw(200, r#"{"reason":"x"}"#))
            .unwrap_err()
            .code(),
        "api"
    );
}

/// The serde names (fields and aliases) a reader reads, from serde's own
/// list: a deserializer that only asks for the struct's fields.
fn serde_names<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
    #[derive(Debug)]
    struct Names(Vec<&'static str>);
    impl std::fmt::Display for Names {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self.0)
        }
    }
    impl std::error::Error for Names {}
    impl serde::de::Error for Names {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Names(Vec::new())
        }
    }
    struct Probe;
    impl<'de> serde::Deserializer<'de> for Probe {
        type Error = Names;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Names> {
            Err(Names(Vec::new()))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Names> {
            Err(Names(fields.to_vec()))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut names = match T::deserialize(Probe) {
        Err(Names(names)) => names,
        Ok(_) => Vec::new(),
    };
    names.sort_unstable();
    names
}

fn sorted(names: &[&'static str]) -> Vec<&'static str> {
    let mut names = names.to_vec();
    names.sort_unstable();
    names
}

/// Every name a serde reader reads is in the contract's list of it, and so on
/// the proxy's allowlist of each operation that uses the reader: a field added
/// to a reader fails here until the allowlist knows it.
#[test]
fn the_proxy_lets_through_every_name_the_readers_read() {
    use super::{booking, install, package, search, topup};
    use itt_contract::answers::{self as a, Allowlist};
    let readers: [(Vec<&str>, &[&str], &[&str]); 17] = [
        (serde_names::<Envelope>(), &a::ENVELOPE_FIELDS, &["*"]),
        (
            serde_names::<search::SearchResponse>(),
            &a::SEARCH_FIELDS,
            &["search"],
        ),
        (
            serde_names::<search::RawPackage>(),
            &a::PACKAGE_FIELDS,
            &["search", "single-esim-package"],
        ),
        (
            serde_names::<search::RawNamed>(),
            &a::NAMED_FIELDS,
            &["search", "single-esim-package"],
        ),
        (
            serde_names::<search::RawPackageDetails>(),
            &a::PACKAGE_DETAILS_FIELDS,
            &["search", "single-esim-package"],
        ),
        (
            serde_names::<package::RawPackageReply>(),
            &a::PACKAGE_REPLY_FIELDS,
            &["single-esim-package"],
        ),
        (
            serde_names::<package::CoverageCountry>(),
            &a::COVERAGE_FIELDS,
            &["single-esim-package"],
        ),
        (
            serde_names::<booking::RawCustomerUpdated>(),
            &a::CUSTOMER_FIELDS,
            &["update-customer-info"],
        ),
        (
            serde_names::<install::RawInstallReply>(),
            &a::INSTALL_REPLY_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<install::RawInstructions>(),
            &a::INSTRUCTIONS_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<install::PlatformGuide>(),
            &a::GUIDE_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<install::QrInstall>(),
            &a::QR_INSTALL_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<install::ManualInstall>(),
            &a::MANUAL_INSTALL_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<install::NetworkSetup>(),
            &a::NETWORK_FIELDS,
            &["installation-instructions"],
        ),
        (
            serde_names::<topup::RawTopupPackages>(),
            &a::TOPUP_PACKAGES_FIELDS,
            &["topup-packages"],
        ),
        (
            serde_names::<topup::RawTopup>(),
            &a::TOPUP_FIELDS,
            &["topup-packages", "topup-history"],
        ),
        (
            serde_names::<topup::RawTopupHistory>(),
            &a::TOPUP_HISTORY_FIELDS,
            &["topup-history"],
        ),
    ];
    for (read, listed, operations) in readers {
        // The proxy's own keys (its refusal code) are read, never let through from ITT.
        let read: Vec<_> = read
            .into_iter()
            .filter(|name| !a::PROXY_KEYS.contains(name))
            .collect();
        assert!(!read.is_empty(), "the probe found no fields for {listed:?}");
        assert_eq!(read, sorted(listed), "the contract's list of a reader");
        let operations: Vec<&str> = if operations == ["*"] {
            Operation::ALL.iter().map(|o| o.name()).collect()
        } else {
            operations.to_vec()
        };
        for op in operations {
            for name in &read {
                assert!(
                    Allowlist::of(op).allows(name),
                    "{op}: `{name}` is filtered out"
                );
            }
        }
    }
    // The readers by content read no serde fields: their keys are the contract's constants.
    for transparent in [
        serde_names::<booking::RawBookingCreated>(),
        serde_names::<booking::RawBookingDetails>(),
        serde_names::<topup::RawTopupCreated>(),
        serde_names::<usage::RawDataUsage>(),
        serde_names::<devices::RawDevices>(),
    ] {
        assert!(transparent.is_empty(), "{transparent:?}");
    }
}

#[test]
fn traveller_messages_never_show_internals() {
    let e = ApiError::Http {
        operation: "search",
        status: 500,
        reason: "panic at src/x.rs".into(),
        code: None,
    };
    for locale in Locale::ALL {
        let m = e.message(locale);
        assert!(!m.contains("500") && !m.contains("src/"), "{m}");
    }
}
