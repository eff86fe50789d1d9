//! Writes the offer card's messages and CSS into the loader (`embed/itt-esim.js`),
//! between its `BEGIN GENERATED` and `END GENERATED` lines:
//!   cargo run --example card-strings
//! Run it after changing a catalog message the card uses or `style/card.css`;
//! `cargo test` fails until the committed block matches.

use itt_esim_widget::card;

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(card::LOADER_PATH);
    let loader = std::fs::read_to_string(&path).expect("read the loader");
    let Some(updated) = card::regenerate(&loader) else {
        eprintln!(
            "{}: no generated block (its BEGIN/END lines are missing)",
            path.display()
        );
        std::process::exit(1);
    };
    if updated == loader {
        println!("{}: up to date", path.display());
    } else {
        std::fs::write(&path, updated).expect("write the loader");
        println!("{}: card block regenerated", path.display());
    }
}
