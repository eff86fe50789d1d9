//! Rewrites `reference/extracted.json` from the committed reference copies.
//!
//! Run after the copies change (`cargo run -p itt-contract --features reference
//! --example extract-reference`), review the diff, then commit both.

use itt_contract::reference::{parse, OVERVIEW_TEXT, REFERENCE_TEXT};

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/reference/extracted.json");
    let extraction = parse(REFERENCE_TEXT, OVERVIEW_TEXT);
    let json = serde_json::to_string_pretty(&extraction).expect("an extraction serialises");
    std::fs::write(path, json + "\n").unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("wrote {path}");
}
