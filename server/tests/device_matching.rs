//! The widget's device matcher against the sandbox's full compatible-devices list.
//!
//! The list lives in this crate and the matcher in the widget's, so this is where
//! both meet: every listed model must be found by its name and its model codes,
//! models without eSIM must not be, and the committed fixtures of queries typed
//! as people type them and of real user agents must keep their top-3 results.

use itt_esim_server::sandbox::devices::DEVICES;
use itt_esim_widget::api::devices::Device;
use itt_esim_widget::device::user_agent::{guess, suggestions, BrowserHints, Guess};
use itt_esim_widget::device::DeviceCatalog;

fn catalog() -> DeviceCatalog {
    DeviceCatalog::new(
        DEVICES
            .iter()
            .map(|d| Device {
                name: d.name.to_string(),
                brand: Some(d.brand.to_string()),
                os: Some(d.os.to_string()),
                model: Some(d.model.to_string()),
            })
            .collect(),
    )
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../tests/fixtures/devices/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rows(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn names(c: &DeviceCatalog, entries: impl IntoIterator<Item = usize>) -> String {
    entries
        .into_iter()
        .map(|i| c.entries()[i].full_name())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn every_listed_model_is_found_by_name_and_by_code() {
    let c = catalog();
    assert!(c.entries().len() > 200, "{} models", c.entries().len());
    for (i, e) in c.entries().iter().enumerate() {
        for text in [e.name.clone(), e.full_name()] {
            let top = c.search(&text, 1);
            assert_eq!(top.first().map(|h| h.entry), Some(i), "{text:?}");
        }
        for code in &e.models {
            assert_eq!(c.by_model_code(code), Some(i), "{code}");
            assert_eq!(c.search(code, 1)[0].entry, i, "{code}");
        }
    }
}

#[test]
fn every_listed_model_is_a_few_keystrokes_away() {
    // The listbox shows 8 results; count the characters of the name (without the
    // brand) a traveller types before their model is among them.
    let c = catalog();
    let mut worst = (0, String::new());
    let mut total = 0;
    for (i, e) in c.entries().iter().enumerate() {
        let typed = (1..=e.name.len())
            .filter(|&n| e.name.is_char_boundary(n))
            .find(|&n| c.search(&e.name[..n], 8).iter().any(|h| h.entry == i))
            .unwrap_or_else(|| panic!("{} is never offered", e.name));
        total += typed;
        if typed > worst.0 {
            worst = (typed, e.name.clone());
        }
    }
    let mean = total as f64 / c.entries().len() as f64;
    println!(
        "keystrokes to reach a model: mean {mean:.1}, worst {} ({})",
        worst.0, worst.1
    );
    // A model is reached before its whole name is typed, on average well before.
    assert!(mean < 9.0, "mean {mean}");
}

#[test]
fn models_without_esim_are_not_found() {
    let c = catalog();
    for text in [
        "iPhone 8",
        "iPhone X",
        "Galaxy S10",
        "Galaxy S9",
        "Pixel 2",
        "Pixel 3a 5G",
        "Nokia 3310",
        "Moto G Power",
    ] {
        let top = c.search(text, 1);
        let found = top.first().map(|h| c.entries()[h.entry].full_name());
        assert!(
            top.first().is_none_or(|h| h.score < 900),
            "{text} matched {found:?} as if listed"
        );
        assert_eq!(c.by_name(text), None, "{text}");
    }
    for code in ["SM-S9110", "SM-G991U", "SM-G781B", "SM-G960F"] {
        assert_eq!(c.by_model_code(code), None, "{code}");
    }
}

#[test]
fn typed_queries_keep_their_top_three() {
    let c = catalog();
    let text = fixture("queries.tsv");
    let mut wrong = Vec::new();
    let mut actual_file = String::new();
    let mut count = 0;
    for line in rows(&text) {
        let (query, expected) = line.split_once('\t').unwrap_or((line, ""));
        let got = names(&c, c.search(query, 3).into_iter().map(|h| h.entry));
        actual_file.push_str(&format!("{query}\t{got}\n"));
        if got != expected {
            wrong.push(format!("{query:?}: expected {expected:?}, got {got:?}"));
        }
        count += 1;
    }
    assert!(count >= 50, "only {count} queries");
    assert!(
        wrong.is_empty(),
        "{}\n\nactual results:\n{actual_file}",
        wrong.join("\n")
    );
}

fn describe(c: &DeviceCatalog, g: &Guess) -> String {
    match g {
        Guess::Model(i) => format!("model:{}", c.entries()[*i].full_name()),
        Guess::NotListed { reported, .. } => format!("not_listed:{reported}"),
        Guess::Family(f) => format!("family:{}", f.name_prefix().to_ascii_lowercase()),
        Guess::Computer => "computer".to_string(),
        Guess::Unknown => "unknown".to_string(),
    }
}

#[test]
fn user_agents_keep_their_guess_and_top_three() {
    let c = catalog();
    let text = fixture("user-agents.tsv");
    let mut wrong = Vec::new();
    let mut actual_file = String::new();
    let mut count = 0;
    for line in rows(&text) {
        let cols: Vec<&str> = line.splitn(5, '\t').collect();
        assert_eq!(cols.len(), 5, "{line}");
        let hints = BrowserHints {
            user_agent: cols[4],
            model_hint: Some(cols[2]).filter(|h| *h != "-"),
            touch: cols[3] == "1",
        };
        let g = guess(&c, hints);
        let got_guess = describe(&c, &g);
        let got_top = names(&c, suggestions(&c, &g, 3));
        actual_file.push_str(&format!(
            "{got_guess}\t{got_top}\t{}\t{}\t{}\n",
            cols[2], cols[3], cols[4]
        ));
        if got_guess != cols[0] || got_top != cols[1] {
            wrong.push(format!(
                "{}: expected {} / {}, got {got_guess} / {got_top}",
                cols[4], cols[0], cols[1]
            ));
        }
        count += 1;
    }
    assert!(count >= 20, "only {count} user agents");
    assert!(
        wrong.is_empty(),
        "{}\n\nactual results:\n{actual_file}",
        wrong.join("\n")
    );
}
