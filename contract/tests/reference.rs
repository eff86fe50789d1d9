//! ITT's reference and the fixtures' conformance to it.
//!
//! - the committed copies are the seeds (SHA-256 and, when `shared/seeds` is
//!   beside the checkout, byte for byte), and the extraction names them;
//! - the committed extraction is what the parser makes of the copies;
//! - spot checks of facts the reference states;
//! - every clean and odd fixture sends what the reference documents (required
//!   fields, types, names, path) and answers with every top-level key of the
//!   reference's response sample, of the same kind;
//! - the conformance checker reports each kind of mistake.
#![cfg(feature = "reference")]

use itt_contract::reference::{
    extraction, parse, Extraction, Kind, OperationRef, EXTRACTED_JSON, OVERVIEW_FILE,
    OVERVIEW_TEXT, REFERENCE_FILE, REFERENCE_TEXT,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REGENERATE: &str =
    "cargo run -p itt-contract --features reference --example extract-reference";

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `reference/SHA256SUMS` as file name → hash.
fn sha256sums() -> BTreeMap<String, String> {
    let text = String::from_utf8(read(&crate_dir().join("reference/SHA256SUMS"))).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (hash, file) = l
                .split_once(char::is_whitespace)
                .expect("`hash  file` lines");
            (
                file.trim().trim_start_matches('*').to_string(),
                hash.to_string(),
            )
        })
        .collect()
}

fn source_hash(extraction: &Extraction, file: &str) -> String {
    let source = extraction.sources.iter().find(|s| s.file == file);
    source
        .unwrap_or_else(|| panic!("the extraction does not name {file}"))
        .sha256
        .clone()
}

#[test]
fn copies_match_sha256sums_and_the_extraction() {
    let sums = sha256sums();
    let parsed = parse(REFERENCE_TEXT, OVERVIEW_TEXT);
    for (file, text) in [
        (REFERENCE_FILE, REFERENCE_TEXT),
        (OVERVIEW_FILE, OVERVIEW_TEXT),
    ] {
        let bytes = read(&crate_dir().join("reference").join(file));
        assert_eq!(
            bytes,
            text.as_bytes(),
            "{file}: the compiled-in text is not the file"
        );
        let hash = sha256_hex(&bytes);
        assert_eq!(
            sums.get(file),
            Some(&hash),
            "{file}: SHA256SUMS disagrees with the copy"
        );
        assert_eq!(
            source_hash(extraction(), file),
            hash,
            "{file}: extracted.json names another hash"
        );
        assert_eq!(
            source_hash(&parsed, file),
            hash,
            "{file}: parse() names another hash"
        );
    }
    assert_eq!(sums.len(), 2, "SHA256SUMS lists other files: {sums:?}");
}

#[test]
fn copies_are_byte_identical_to_the_seeds() {
    let seeds = crate_dir().join("../../shared/seeds");
    if !seeds.is_dir() {
        println!(
            "note: {} is absent (a fresh clone): copies not compared",
            seeds.display()
        );
        return;
    }
    for file in [REFERENCE_FILE, OVERVIEW_FILE] {
        let copy = read(&crate_dir().join("reference").join(file));
        assert!(
            copy == read(&seeds.join(file)),
            "reference/{file} differs from shared/seeds/{file}"
        );
    }
}

#[test]
fn committed_extraction_is_what_the_parser_makes() {
    let parsed = parse(REFERENCE_TEXT, OVERVIEW_TEXT);
    assert!(
        parsed == *extraction(),
        "reference/extracted.json is stale: run `{REGENERATE}`"
    );
    let pretty = serde_json::to_string_pretty(&parsed).unwrap() + "\n";
    assert!(
        pretty == EXTRACTED_JSON,
        "reference/extracted.json is not as written by `{REGENERATE}`"
    );
}

fn op(name: &str) -> &'static OperationRef {
    extraction()
        .operation(name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn required(name: &str) -> Vec<&'static str> {
    op(name).required().map(|f| f.name.as_str()).collect()
}

fn key_kind(name: &str, key: &str) -> Kind {
    let keys = &op(name).response.keys;
    keys.iter()
        .find(|k| k.name == key)
        .unwrap_or_else(|| panic!("{name}: no key {key}"))
        .kind
}

#[test]
fn the_extraction_states_the_reference_facts() {
    let ex = extraction();
    assert_eq!(ex.operations.len(), 12);
    assert_eq!(
        required("booking-details"),
        ["member_id", "tracking_id", "booking_id"]
    );
    for name in [
        "installation-instructions",
        "data-usage",
        "topup-packages",
        "topup-history",
    ] {
        assert_eq!(
            required(name),
            ["member_id", "tracking_id", "eSim_iccid"],
            "{name}"
        );
    }
    assert_eq!(
        required("create-topup-booking"),
        [
            "booking_tracking_id",
            "topup_tracking_id",
            "package_id",
            "member_id",
            "redirect_url",
            "payment_type",
            "isd_code",
            "contact_no",
            "email_address",
        ]
    );
    assert_eq!(
        op("compatible-devices").field("member_id").unwrap().ty,
        "integer"
    );
    assert_eq!(
        op("create-booking").field("eSim_quantity").unwrap().ty,
        "string"
    );
    let redirect = op("create-booking").field("redirect_url").unwrap();
    assert_eq!(redirect.format.as_deref(), Some("uri"));
    for (name, field, ty) in [
        ("search", "eSim", "object"),
        ("update-customer-info", "passenger", "array"),
    ] {
        let f = op(name)
            .field(field)
            .unwrap_or_else(|| panic!("{name}: no {field}"));
        assert!(
            f.named_from_sample && f.required && f.ty == ty,
            "{name}.{field}: {f:?}"
        );
    }
    assert_eq!(op("search").response.artefacts, [r#"-"filter""#]);
    assert_eq!(
        op("create-booking").response.artefacts,
        [r#"-"tracking_id""#]
    );
    assert!(op("search")
        .response
        .keys
        .iter()
        .all(|k| !k.name.contains('"')));
    assert_eq!(key_kind("booking-details", "pax"), Kind::Object);
    assert_eq!(
        key_kind("booking-details", "bookingPaymentRequestDtata"),
        Kind::List
    );
    assert_eq!(
        key_kind("compatible-devices", "compatible_devices"),
        Kind::Object
    );
    assert_eq!(key_kind("create-topup-booking", "Status"), Kind::Scalar);
    let copies: Vec<&str> = ex.copies.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(copies, ["data-usage", "booking-details"]);
    let webhook = op("register-webhook");
    assert_eq!(webhook.source, "overview");
    let fields: Vec<&str> = webhook
        .request
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        fields,
        ["supplier_code", "supplier_uid", "notification_type"]
    );
    assert!(webhook
        .request
        .fields
        .iter()
        .all(|f| f.sample_only && !f.required));
    for o in &ex.operations {
        assert_eq!(o.path, format!("/esim/{}", o.operation));
    }
}

#[test]
#[should_panic(expected = "Get eSIM vouchers")]
fn an_unknown_heading_fails_loudly() {
    let text = REFERENCE_TEXT.replace("Get top-up history", "Get eSIM vouchers");
    parse(&text, OVERVIEW_TEXT);
}

// ---- fixture conformance ----

fn fixture_path(kind: &str, operation: &str) -> PathBuf {
    crate_dir().join(kind).join(format!("{operation}.json"))
}

fn fixture(kind: &str, operation: &str) -> Value {
    let path = fixture_path(kind, operation);
    serde_json::from_slice(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Object => "an object",
        Kind::List => "a list",
        Kind::Scalar => "a scalar",
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Every way `fixture` (read from `file`) departs from the reference's `op`.
fn check_fixture(op: &OperationRef, file: &str, fixture: &Value) -> Vec<String> {
    let at = format!("{} ({file})", op.operation);
    let mut problems = Vec::new();
    if fixture["operation"] != json!(op.operation) {
        problems.push(format!(
            "{at}: `operation` is {}, expected {:?}",
            fixture["operation"], op.operation
        ));
    }
    if fixture["upstream_path"] != json!(op.path) {
        problems.push(format!(
            "{at}: upstream_path is {}, the reference's path is {}",
            fixture["upstream_path"], op.path
        ));
    }
    let empty = serde_json::Map::new();
    let request = fixture["request"].as_object().unwrap_or(&empty);
    for field in op.required() {
        match request.get(&field.name) {
            None => problems.push(format!(
                "{at}: request lacks required field `{}` ({})",
                field.name, field.ty
            )),
            Some(v) if is_empty(v) => problems.push(format!(
                "{at}: required request field `{}` is empty: {v}",
                field.name
            )),
            Some(_) => {}
        }
    }
    for (name, value) in request {
        let Some(field) = op.field(name) else {
            let known: Vec<&str> = op.request.fields.iter().map(|f| f.name.as_str()).collect();
            problems.push(format!(
                "{at}: request field `{name}` is not in the reference (documented: {})",
                known.join(", ")
            ));
            continue;
        };
        let fits = field
            .type_fits(value)
            .unwrap_or_else(|| panic!("the extraction has an unknown type {}", field.ty));
        if !fits {
            problems.push(format!(
                "{at}: request field `{name}` is {value}, the reference says {}",
                field.ty
            ));
        }
        let text = value.as_str().unwrap_or_default();
        let bad_format = match field.format.as_deref() {
            Some("uri") => !text.contains("://"),
            Some("email") => !text.contains('@'),
            _ => false,
        };
        if bad_format {
            problems.push(format!(
                "{at}: request field `{name}` is {value}, not a {}",
                field.format.as_deref().unwrap_or("")
            ));
        }
    }
    let response = fixture["response"].as_object().unwrap_or(&empty);
    for key in &op.response.keys {
        match response.get(&key.name) {
            None => problems.push(format!(
                "{at}: response lacks `{}` ({} in the reference)",
                key.name,
                kind_name(key.kind)
            )),
            Some(v) if Kind::of(v) != key.kind => problems.push(format!(
                "{at}: response `{}` is {}, the reference shows {}",
                key.name,
                kind_name(Kind::of(v)),
                kind_name(key.kind)
            )),
            Some(_) => {}
        }
    }
    problems
}

#[test]
fn every_fixture_conforms_to_the_reference() {
    let mut problems = Vec::new();
    for op in &extraction().operations {
        for kind in ["clean", "odd"] {
            let file = format!("{kind}/{}.json", op.operation);
            problems.extend(check_fixture(op, &file, &fixture(kind, &op.operation)));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn odd_requests_are_the_clean_requests() {
    // Odd fixtures are about ITT's answers: what ITT receives is the same.
    for op in &extraction().operations {
        let (clean, odd) = (
            fixture("clean", &op.operation),
            fixture("odd", &op.operation),
        );
        assert_eq!(
            clean["request"], odd["request"],
            "odd/{}.json",
            op.operation
        );
    }
}

/// Applies `mutate` to the clean create-booking fixture and returns the problems.
fn problems_after(mutate: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut f = fixture("clean", "create-booking");
    assert!(
        check_fixture(op("create-booking"), "mutated", &f).is_empty(),
        "the clean fixture must pass first"
    );
    mutate(&mut f);
    check_fixture(op("create-booking"), "mutated", &f)
}

fn assert_reported(problems: &[String], parts: &[&str]) {
    let hit = problems
        .iter()
        .any(|p| parts.iter().all(|part| p.contains(part)));
    assert!(hit, "no problem mentions all of {parts:?}: {problems:?}");
}

#[test]
fn the_checker_reports_each_kind_of_mistake() {
    let removed = problems_after(|f| {
        f["request"].as_object_mut().unwrap().remove("payment_type");
    });
    assert_reported(
        &removed,
        &[
            "create-booking (mutated)",
            "lacks required field `payment_type`",
        ],
    );

    let emptied = problems_after(|f| f["request"]["member_id"] = json!(""));
    assert_reported(&emptied, &["`member_id` is empty"]);

    let retyped = problems_after(|f| f["request"]["eSim_quantity"] = json!(2));
    assert_reported(
        &retyped,
        &["`eSim_quantity` is 2", "the reference says string"],
    );

    let renamed = problems_after(|f| {
        let request = f["request"].as_object_mut().unwrap();
        let email = request.remove("email_address").unwrap();
        request.insert("email".into(), email);
    });
    assert_reported(&renamed, &["`email` is not in the reference"]);

    let bad_url = problems_after(|f| f["request"]["redirect_url"] = json!("hotel.example/back"));
    assert_reported(&bad_url, &["`redirect_url`", "not a uri"]);

    let missing = problems_after(|f| {
        f["response"].as_object_mut().unwrap().remove("general");
    });
    assert_reported(
        &missing,
        &["response lacks `general`", "an object in the reference"],
    );

    let rekinded = problems_after(|f| f["response"]["eSim"] = json!([]));
    assert_reported(
        &rekinded,
        &["response `eSim` is a list", "the reference shows an object"],
    );

    let moved = problems_after(|f| f["upstream_path"] = json!("/esim/booking"));
    assert_reported(&moved, &["upstream_path", "/esim/create-booking"]);

    // An integer field sent as a string (compatible-devices' member_id).
    let mut devices = fixture("clean", "compatible-devices");
    devices["request"]["member_id"] = json!("2");
    let problems = check_fixture(op("compatible-devices"), "mutated", &devices);
    assert_reported(
        &problems,
        &["`member_id` is \"2\"", "the reference says integer"],
    );
}
