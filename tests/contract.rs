//! The ITT contract: the fixtures in `contract/` decoded by the widget's client.
//!
//! - every operation has a clean and an odd fixture, and the odd one (ITT's
//!   habits: string numbers, stray commas, `"null,"`, lists keyed `"0"`, ...)
//!   decodes **equal** to its clean twin;
//! - every failure fixture maps to the right error;
//! - what the widget sends uses the contract's field names;
//! - seeded mutations of every fixture never panic and give either the same value
//!   (for mutations ITT's habits allow) or a clear error.
#![cfg(not(target_arch = "wasm32"))]

use itt_esim_widget::activation::Activation;
use itt_esim_widget::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, RawBookingCreated, RawBookingDetails,
    RawCustomerUpdated, UpdateCustomerRequest,
};
use itt_esim_widget::api::devices::RawDevices;
use itt_esim_widget::api::install::{InstallRequest, RawInstallReply};
use itt_esim_widget::api::package::{PackageRequest, RawPackageReply};
use itt_esim_widget::api::search::{SearchRequest, SearchResponse};
use itt_esim_widget::api::topup::{
    CreateTopupRequest, IccidRequest, RawTopupCreated, RawTopupHistory, RawTopupPackages,
};
use itt_esim_widget::api::usage::{DataUsageRequest, RawDataUsage, UsageStatus};
use itt_esim_widget::api::{decode_reply, ApiError, Operation, RawResponse, Reply};
use itt_esim_widget::i18n::Locale;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

fn contract_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contract")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(kind: &str, operation: &str) -> Value {
    read_json(&contract_dir().join(kind).join(format!("{operation}.json")))
}

fn ok_body(body: &Value) -> RawResponse {
    RawResponse {
        status: 200,
        retry_after: None,
        body: body.to_string(),
    }
}

/// Any operation's decoded value, so fixtures can be compared generically.
#[derive(Debug, PartialEq)]
enum Decoded {
    Search(<SearchResponse as Reply>::Output),
    Package(<RawPackageReply as Reply>::Output),
    Customer(<RawCustomerUpdated as Reply>::Output),
    Booking(<RawBookingCreated as Reply>::Output),
    Topup(<RawTopupCreated as Reply>::Output),
    Details(<RawBookingDetails as Reply>::Output),
    Usage(<RawDataUsage as Reply>::Output),
    Install(<RawInstallReply as Reply>::Output),
    Devices(<RawDevices as Reply>::Output),
    Topups(<RawTopupPackages as Reply>::Output),
    History(<RawTopupHistory as Reply>::Output),
}

fn decode(op: Operation, raw: &RawResponse) -> Result<Decoded, ApiError> {
    Ok(match op {
        Operation::Search => Decoded::Search(decode_reply::<SearchResponse>(op, raw)?),
        Operation::SingleEsimPackage => Decoded::Package(decode_reply::<RawPackageReply>(op, raw)?),
        Operation::UpdateCustomerInfo => {
            Decoded::Customer(decode_reply::<RawCustomerUpdated>(op, raw)?)
        }
        Operation::CreateBooking => Decoded::Booking(decode_reply::<RawBookingCreated>(op, raw)?),
        Operation::CreateTopupBooking => Decoded::Topup(decode_reply::<RawTopupCreated>(op, raw)?),
        Operation::BookingDetails => Decoded::Details(decode_reply::<RawBookingDetails>(op, raw)?),
        Operation::DataUsage => Decoded::Usage(decode_reply::<RawDataUsage>(op, raw)?),
        Operation::InstallationInstructions => {
            Decoded::Install(decode_reply::<RawInstallReply>(op, raw)?)
        }
        Operation::CompatibleDevices => Decoded::Devices(decode_reply::<RawDevices>(op, raw)?),
        Operation::TopupPackages => Decoded::Topups(decode_reply::<RawTopupPackages>(op, raw)?),
        Operation::TopupHistory => Decoded::History(decode_reply::<RawTopupHistory>(op, raw)?),
    })
}

fn decode_fixture(kind: &str, op: Operation) -> Decoded {
    let f = fixture(kind, op.name());
    decode(op, &ok_body(&f["response"])).unwrap_or_else(|e| panic!("{kind}/{}: {e}", op.name()))
}

#[test]
fn all_twelve_operations_have_clean_and_odd_fixtures() {
    let mut names: Vec<String> = Operation::ALL
        .iter()
        .map(|o| o.name().to_string())
        .collect();
    names.push("register-webhook".into());
    for kind in ["clean", "odd"] {
        let mut found: Vec<String> = std::fs::read_dir(contract_dir().join(kind))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        let mut want = names.clone();
        want.sort();
        assert_eq!(found, want, "contract/{kind}");
        for name in &want {
            let f = fixture(kind, name);
            assert_eq!(f["operation"], name.as_str());
            assert_eq!(f["upstream_path"], format!("/esim/{name}"));
            assert_eq!(f["browser"], name != "register-webhook", "{name}");
            assert!(
                f["request"].is_object() && f["response"].is_object(),
                "{name}"
            );
        }
    }
}

#[test]
fn odd_fixtures_decode_equal_to_their_clean_twins() {
    for op in Operation::ALL {
        let odd = fixture("odd", op.name());
        assert!(
            (odd["response"].get("Status").is_some() || odd["response"]["status"] == "Success")
                && odd["response"].get("-\"filter\"").is_some(),
            "{} odd fixture lacks ITT's habits",
            op.name()
        );
        assert_eq!(
            decode_fixture("clean", op),
            decode_fixture("odd", op),
            "{}",
            op.name()
        );
    }
}

#[test]
fn clean_fixtures_decode_to_what_the_ui_needs() {
    let Decoded::Search(search) = decode_fixture("clean", Operation::Search) else {
        unreachable!()
    };
    assert_eq!(search.tracking_id.as_deref(), Some("117726070533RO1"));
    assert_eq!(search.plans.len(), 2);
    assert_eq!(search.plans[0].price.as_ref().unwrap().minor, 48941);
    assert!(search.plans[1].unlimited && search.plans[1].data_mb.is_none());

    let Decoded::Package(pkg) = decode_fixture("clean", Operation::SingleEsimPackage) else {
        unreachable!()
    };
    assert!(pkg.plan.unlimited);
    assert_eq!(pkg.coverage[0].country_code.as_deref(), Some("BD"));
    assert!(pkg.fair_usage_policy.unwrap().contains("512 kbps"));
    assert!(pkg.qr_installation_html.unwrap().starts_with("<p>"));

    let Decoded::Booking(booking) = decode_fixture("clean", Operation::CreateBooking) else {
        unreachable!()
    };
    assert_eq!(booking.booking_id, "ES2604MAYVA3A8");
    assert!(booking
        .payment_url
        .unwrap()
        .starts_with("https://checkout.innotraveltech.com/"));
    assert_eq!(booking.total.unwrap().minor, 590000);
    let iccids: Vec<_> = booking
        .esims
        .iter()
        .map(|e| e.iccid.clone().unwrap())
        .collect();
    assert_eq!(
        iccids,
        ["8944465400000267221", "8944465400000267239"],
        "one eSIM per quantity"
    );
    assert_eq!(
        Activation::of(&booking.esims[1])
            .map(|a| a.lpa())
            .as_deref(),
        Some("LPA:1$lpa.airalo.com$TEST-77D0-41A9-B6C2")
    );

    let Decoded::Details(details) = decode_fixture("clean", Operation::BookingDetails) else {
        unreachable!()
    };
    assert_eq!(details.quantity, Some(2));
    assert_eq!(details.esims.len(), 2);
    assert_eq!(
        details.package_title.as_deref(),
        Some("Unlimited - 10 days")
    );
    // Paid only from an explicit status, and the event can name the field that decided.
    assert_eq!(
        details.payment_status,
        itt_esim_widget::api::model::PaymentStatus::Paid
    );
    assert_eq!(
        details.payment_field.as_deref(),
        Some("general.payment_status")
    );
    // `pax` keyed "0": the top-up form's prefill.
    assert_eq!(
        details.passengers[0].email.as_deref(),
        Some("amara.okafor@example.com")
    );
    assert_eq!(details.passengers[0].isd_code.as_deref(), Some("+44"));

    // The reference's top-up answer is only {"Status": "Success"}: no id, no page.
    let Decoded::Topup(topup) = decode_fixture("clean", Operation::CreateTopupBooking) else {
        unreachable!()
    };
    assert_eq!((topup.booking_id, topup.payment_url), (None, None));

    let Decoded::Usage(usage) = decode_fixture("clean", Operation::DataUsage) else {
        unreachable!()
    };
    assert_eq!(usage.status, UsageStatus::Active);
    assert_eq!(
        itt_esim_widget::usage::meter(&usage).map(|m| m.percent),
        Some(24)
    );

    let Decoded::Install(install) = decode_fixture("clean", Operation::InstallationInstructions)
    else {
        unreachable!()
    };
    let ios = &install.ios[0];
    assert_eq!(ios.qr.as_ref().unwrap().steps.len(), 4);
    assert!(ios.qr.as_ref().unwrap().steps[0].starts_with("Go to Settings"));
    assert_eq!(
        install.android[0].network.as_ref().unwrap().is_roaming,
        Some(true)
    );

    let Decoded::Devices(devices) = decode_fixture("clean", Operation::CompatibleDevices) else {
        unreachable!()
    };
    assert_eq!(devices.len(), 4);
    assert_eq!(devices[2].model.as_deref(), Some("akita"));

    let Decoded::Topups(topups) = decode_fixture("clean", Operation::TopupPackages) else {
        unreachable!()
    };
    assert!(
        topups.topup_tracking_id.is_some(),
        "create-topup-booking needs it"
    );
    let topups = topups.packages;
    assert_eq!(topups[0].data_mb, Some(1024));
    assert!(topups[1].unlimited && topups[1].data_mb.is_none());
    assert_eq!(topups[1].price.as_ref().unwrap().currency, "BDT");

    let Decoded::History(history) = decode_fixture("clean", Operation::TopupHistory) else {
        unreachable!()
    };
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].status.as_deref(), Some("pending"));
}

fn expect_error(fixture: &Value, error: &ApiError) {
    let name = fixture["name"].as_str().unwrap();
    let expect = &fixture["expect"];
    assert_eq!(error.code(), expect["error"], "{name}: {error}");
    match error {
        ApiError::Http { status, reason, .. } => {
            assert_eq!(
                u64::from(*status),
                expect["status"].as_u64().unwrap(),
                "{name}"
            );
            if let Some(r) = expect["reason"].as_str() {
                assert_eq!(reason, r, "{name}");
            }
        }
        ApiError::Api { reason, .. } => assert_eq!(reason, expect["reason"].as_str().unwrap()),
        ApiError::RateLimited {
            retry_after_secs, ..
        } => {
            assert_eq!(
                *retry_after_secs,
                expect["retry_after_secs"].as_u64(),
                "{name}"
            )
        }
        ApiError::Incomplete { field, .. } => assert_eq!(*field, expect["field"], "{name}"),
        _ => {}
    }
    for locale in Locale::ALL {
        let message = error.message(locale);
        assert!(
            !message.is_empty() && !message.contains('{'),
            "{name}: {message}"
        );
    }
}

#[test]
fn failure_fixtures_map_to_the_right_errors() {
    let mut seen = std::collections::HashSet::new();
    for entry in std::fs::read_dir(contract_dir().join("failures")).unwrap() {
        let f = read_json(&entry.unwrap().path());
        let op_name = f["operation"].as_str().unwrap();
        seen.insert(op_name.to_string());
        let Some(op) = Operation::from_name(op_name) else {
            assert_eq!(
                op_name, "register-webhook",
                "unknown operation in failure fixture"
            );
            continue;
        };
        let raw = RawResponse {
            status: f["http_status"].as_u64().unwrap() as u16,
            retry_after: f["headers"]["Retry-After"].as_str().map(String::from),
            body: match f.get("body_text") {
                Some(text) => text.as_str().unwrap().to_string(),
                None => f["body"].to_string(),
            },
        };
        let error = decode(op, &raw).expect_err(f["name"].as_str().unwrap());
        expect_error(&f, &error);
    }
    for op in Operation::ALL {
        assert!(
            seen.contains(op.name()),
            "no failure fixture for {}",
            op.name()
        );
    }
    for status in ["404", "422", "429", "50"] {
        assert!(
            std::fs::read_dir(contract_dir().join("failures"))
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().contains(status)),
            "no {status}x failure fixture"
        );
    }
}

/// The answer as the proxy hands it over: filtered by the operation's allowlist
/// when it is a success, reduced to status and reason when not.
fn through_proxy(op: Operation, http_status: u16, answer: &Value) -> Value {
    let mut map = answer.as_object().expect("an object").clone();
    let node: itt_contract::recognize::Node = serde_json::from_value(answer.clone()).unwrap();
    if (200..300).contains(&http_status) && itt_contract::recognize::succeeded(&node) {
        itt_contract::answers::filter_answer(op.name(), &mut map);
        Value::Object(map)
    } else {
        Value::Object(itt_contract::answers::reduce_failure(&map))
    }
}

/// The proxy's answer filter (`itt_contract::answers`) keeps all the widget reads:
/// every fixture, with ITT's habits stacked on it, decodes the same filtered as
/// not; so does every failure fixture reduced. A reader reading a key (or a
/// keyed layout) the allowlist lacks fails here.
#[test]
fn the_proxys_filter_keeps_what_the_widget_reads() {
    let mut rng = Rng(0x5EED_F117_E4ED_0001);
    for op in Operation::ALL {
        for kind in ["clean", "odd"] {
            let answer = fixture(kind, op.name())["response"].clone();
            let filtered = through_proxy(op, 200, &answer);
            assert_eq!(
                decode(op, &ok_body(&filtered)),
                decode(op, &ok_body(&answer)),
                "{kind}/{}: {filtered}",
                op.name()
            );
            if kind == "odd" {
                assert!(
                    filtered.get("-\"filter\"").is_none(),
                    "{}: rendering artefacts are not read",
                    op.name()
                );
            }
        }
        let clean = fixture("clean", op.name())["response"].clone();
        for round in 0..200 {
            let mut odd = clean.clone();
            for _ in 0..1 + rng.below(6) {
                habit_mutation(&mut rng, &mut odd);
            }
            assert_eq!(
                decode(op, &ok_body(&through_proxy(op, 200, &odd))),
                decode(op, &ok_body(&odd)),
                "{} round {round}: {odd}",
                op.name()
            );
        }
    }
    for entry in std::fs::read_dir(contract_dir().join("failures")).unwrap() {
        let f = read_json(&entry.unwrap().path());
        let Some(op) = f["operation"].as_str().and_then(Operation::from_name) else {
            continue;
        };
        if !f["body"].is_object() {
            continue; // not JSON: the proxy answers 502 itself
        }
        let status = f["http_status"].as_u64().unwrap() as u16;
        let raw = |body: &Value| RawResponse {
            status,
            retry_after: f["headers"]["Retry-After"].as_str().map(String::from),
            body: body.to_string(),
        };
        assert_eq!(
            decode(op, &raw(&through_proxy(op, status, &f["body"]))),
            decode(op, &raw(&f["body"])),
            "{}",
            f["name"]
        );
    }
}

/// Every key the widget sends must be a key of the contract's request (the
/// proxy adds the server-side ones, e.g. `member_id`, `partner_id`).
fn assert_sends_contract_keys(operation: &str, sent: &Value) {
    let contract = fixture("clean", operation)["request"].clone();
    fn check(path: &str, sent: &Value, contract: &Value) {
        if let (Value::Object(s), Value::Object(c)) = (sent, contract) {
            for (k, v) in s {
                if k == "payment_grant" || k == "tracking_key" {
                    continue; // the hotel proxy's own fields, removed before ITT
                }
                let Some(cv) = c.get(k) else {
                    panic!("{path}.{k} is not in the contract's request");
                };
                check(&format!("{path}.{k}"), v, cv);
            }
        }
        if let (Value::Array(s), Value::Array(c)) = (sent, contract) {
            if let (Some(s), Some(c)) = (s.first(), c.first()) {
                check(&format!("{path}[0]"), s, c);
            }
        }
    }
    check(operation, sent, &contract);
}

#[test]
fn requests_use_the_contract_field_names() {
    let search: Value = serde_json::from_str(
        &SearchRequest {
            country_code: "BD".into(),
            language: "en".into(),
            region_type: "local",
        }
        .body(),
    )
    .unwrap();
    assert_sends_contract_keys("search", &search);
    let to_value = |v: &dyn erased::Json| v.json();
    assert_sends_contract_keys(
        "single-esim-package",
        &to_value(&PackageRequest {
            tracking_id: "t".into(),
            package_id: "p".into(),
        }),
    );
    assert_sends_contract_keys(
        "update-customer-info",
        &to_value(&UpdateCustomerRequest {
            booking_tracking_id: "t".into(),
            tracking_key: Some("k".into()),
            passenger: vec![Passenger {
                first_name: "A".into(),
                last_name: "B".into(),
                email: "a@b.example".into(),
                isd_code: "+44".into(),
                contact_no: "1".into(),
                is_lead: "yes",
            }],
        }),
    );
    let booking = to_value(&CreateBookingRequest {
        booking_tracking_id: "t".into(),
        tracking_key: Some("k".into()),
        package_tracking_id: "p".into(),
        esim_quantity: 2,
        redirect_url: "https://hotel.example/".into(),
        isd_code: "+44".into(),
        contact_no: "1".into(),
        email_address: "a@b.example".into(),
        payment_grant: Some("v1.grant".into()),
    });
    assert_eq!(
        booking["eSim_quantity"], "2",
        "a string, as the reference types it"
    );
    assert_sends_contract_keys("create-booking", &booking);
    assert_sends_contract_keys(
        "booking-details",
        &to_value(&BookingDetailsRequest {
            booking_id: "b".into(),
        }),
    );
    assert_sends_contract_keys(
        "data-usage",
        &to_value(&DataUsageRequest { iccid: "1".into() }),
    );
    assert_sends_contract_keys(
        "installation-instructions",
        &to_value(&InstallRequest {
            iccid: "1".into(),
            preferred_language: "en".into(),
        }),
    );
    let iccid = to_value(&IccidRequest { iccid: "1".into() });
    assert_sends_contract_keys("topup-packages", &iccid);
    assert_sends_contract_keys("topup-history", &iccid);
    assert_sends_contract_keys(
        "create-topup-booking",
        &to_value(&CreateTopupRequest {
            topup_tracking_id: "t".into(),
            package_id: "p".into(),
            redirect_url: "https://hotel.example/".into(),
            isd_code: "+44".into(),
            contact_no: "7700900123".into(),
            email_address: "a@example.com".into(),
        }),
    );
}

/// The proxy's `tracking_key` (added to `single-esim-package` answers, never
/// sent by ITT) is read, and sent back next to `booking_tracking_id` only when
/// one was given: with an older proxy the requests are as before.
#[test]
fn tracking_keys_are_read_and_sent_back_only_when_given() {
    let mut package = fixture("clean", "single-esim-package")["response"].clone();
    let Decoded::Package(plain) = decode(Operation::SingleEsimPackage, &ok_body(&package)).unwrap()
    else {
        unreachable!()
    };
    assert_eq!(plain.tracking_key, None, "ITT's own answer has none");
    package["tracking_key"] = json!("v1.key");
    let Decoded::Package(keyed) = decode(Operation::SingleEsimPackage, &ok_body(&package)).unwrap()
    else {
        unreachable!()
    };
    assert_eq!(keyed.tracking_key.as_deref(), Some("v1.key"));
    assert_eq!(keyed.tracking_id, plain.tracking_id);

    let passenger = Passenger {
        first_name: "A".into(),
        last_name: "B".into(),
        email: "a@b.example".into(),
        isd_code: "+44".into(),
        contact_no: "1".into(),
        is_lead: "yes",
    };
    let customer = |tracking_key: Option<&str>| {
        serde_json::to_value(UpdateCustomerRequest {
            booking_tracking_id: keyed.tracking_id.clone(),
            tracking_key: tracking_key.map(String::from),
            passenger: vec![passenger.clone()],
        })
        .unwrap()
    };
    let sent = customer(Some("v1.key"));
    assert_eq!(sent["tracking_key"], "v1.key");
    assert_eq!(sent["booking_tracking_id"], keyed.tracking_id.as_str());
    assert!(customer(None).get("tracking_key").is_none());

    let booking = CreateBookingRequest {
        booking_tracking_id: "t".into(),
        tracking_key: Some("v1.key".into()),
        package_tracking_id: "p".into(),
        esim_quantity: 1,
        redirect_url: "https://hotel.example/".into(),
        isd_code: "+44".into(),
        contact_no: "1".into(),
        email_address: "a@b.example".into(),
        payment_grant: None,
    };
    let sent = serde_json::to_value(&booking).unwrap();
    assert_eq!(sent["tracking_key"], "v1.key");
    // Stored with the attempt and read back unchanged (a re-send is identical).
    let again: CreateBookingRequest = serde_json::from_value(sent).unwrap();
    assert_eq!(again, booking);
    let unkeyed = CreateBookingRequest {
        tracking_key: None,
        ..booking.clone()
    };
    let sent = serde_json::to_value(&unkeyed).unwrap();
    assert!(sent.get("tracking_key").is_none());
    // A request stored by the previous version (no key at all) still loads.
    let stored = r#"{"booking_tracking_id":"t","package_tracking_id":"p","eSim_quantity":"1",
        "redirect_url":"https://hotel.example/","isd_code":"+44","contact_no":"1",
        "email_address":"a@b.example"}"#;
    assert_eq!(
        serde_json::from_str::<CreateBookingRequest>(stored).unwrap(),
        unkeyed
    );
}

/// `serde::Serialize` is not object safe; this small trait lets the test above
/// take any request by reference.
mod erased {
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Paths to every node of a JSON tree.
fn paths(value: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let mut p = prefix.clone();
                p.push(k.clone());
                paths(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(i.to_string());
                paths(v, p, out);
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, k| match v {
        Value::Object(m) => m.get_mut(k).unwrap(),
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}

/// Rewrites one node the way ITT's samples do; the decoded value must not change.
fn habit_mutation(rng: &mut Rng, value: &mut Value) {
    let mut all = Vec::new();
    paths(value, Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let node = node_mut(value, &path);
    *node = match node.clone() {
        Value::Number(n) => {
            let text = n.to_string();
            Value::String(if rng.below(2) == 0 {
                format!("{text},")
            } else {
                format!(" {text} ")
            })
        }
        Value::Bool(b) => Value::String(if rng.below(2) == 0 {
            format!("{b},")
        } else {
            b.to_string().to_uppercase()
        }),
        Value::Null => Value::String(["null,", "null", "", "NULL"][rng.below(4)].into()),
        Value::Array(items) if items.iter().all(Value::is_object) => Value::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
        ),
        Value::Object(mut map) => {
            map.insert(
                format!("-\"unknown_{}\"", rng.below(1000)),
                json!({"deep": [1, "x", null, {"y": false}]}),
            );
            Value::Object(map)
        }
        other => other,
    };
}

/// Breaks one node; the decoder must still not panic.
fn destructive_mutation(rng: &mut Rng, value: &mut Value) {
    let mut all = Vec::new();
    paths(value, Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    if rng.below(2) == 0 && !path.is_empty() {
        let (last, parent) = path.split_last().unwrap();
        match node_mut(value, parent) {
            Value::Object(m) => {
                m.remove(last);
            }
            Value::Array(a) => {
                a.remove(last.parse::<usize>().unwrap());
            }
            _ => {}
        }
        return;
    }
    let replacement = match rng.below(7) {
        0 => json!("garbage,"),
        1 => json!(-17.25),
        2 => json!(true),
        3 => Value::Null,
        4 => json!([1, {"a": "b"}]),
        5 => Value::Object(Map::new()),
        _ => json!(u64::MAX),
    };
    *node_mut(value, &path) = replacement;
}

fn assert_clear(op: Operation, result: &Result<Decoded, ApiError>, what: &str) {
    if let Err(e) = result {
        assert!(!e.to_string().is_empty(), "{}: {what}", op.name());
        assert!(!e.message(Locale::En).is_empty(), "{}: {what}", op.name());
    }
}

#[test]
fn mutated_fixtures_never_panic_and_give_the_same_value_or_a_clear_error() {
    // Fixed by default so CI is reproducible; CONTRACT_SEED=<n> explores further.
    let seed = std::env::var("CONTRACT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001_u64);
    let mut rng = Rng(seed | 1);
    for op in Operation::ALL {
        let clean = fixture("clean", op.name())["response"].clone();
        let expected = decode(op, &ok_body(&clean)).unwrap();
        for round in 0..300 {
            // ITT's habits, stacked: the value must not change.
            let mut odd = clean.clone();
            for _ in 0..1 + rng.below(6) {
                habit_mutation(&mut rng, &mut odd);
            }
            let got = std::panic::catch_unwind(|| decode(op, &ok_body(&odd)))
                .unwrap_or_else(|_| panic!("{} panicked on {odd}", op.name()));
            assert_eq!(
                got.as_ref().ok(),
                Some(&expected),
                "{} round {round}: {odd}",
                op.name()
            );

            // Damage: any outcome but a panic or an unexplained error.
            let mut broken = clean.clone();
            for _ in 0..1 + rng.below(3) {
                destructive_mutation(&mut rng, &mut broken);
            }
            let got = std::panic::catch_unwind(|| decode(op, &ok_body(&broken)))
                .unwrap_or_else(|_| panic!("{} panicked on {broken}", op.name()));
            assert_clear(op, &got, &broken.to_string());

            // Truncated bodies are a decode error, never a panic or a half value.
            let text = clean.to_string();
            let mut cut = rng.below(text.len() - 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let raw = RawResponse {
                status: 200,
                retry_after: None,
                body: text[..cut].to_string(),
            };
            let got = std::panic::catch_unwind(|| decode(op, &raw))
                .unwrap_or_else(|_| panic!("{} panicked on truncation at {cut}", op.name()));
            assert!(got.is_err(), "{} accepted a body cut at {cut}", op.name());
            assert_clear(op, &got, "truncated");
        }
    }
}
