//! Where ITT may put things in an answer, chosen per booking.
//!
//! The reference collapses most nested objects (`{ }`), so where ITT keeps the
//! eSIMs, the passengers, the payment status or the payment URL is not known.
//! The sandbox therefore varies it, so the widget and the proxy are shown every
//! plausible arrangement, and each booking keeps its own arrangement.
//!
//! # Seed rule
//!
//! The seed of an answer is the 64-bit FNV-1a hash of an id: the booking id for
//! booking answers (create-booking, booking-details, create-topup-booking), the
//! eSIM's booking id for the eSIM's answers (instructions, usage, top-ups,
//! top-up history) and the search tracking id for a search. The same id always
//! gives the same layout (tests are reproducible); different bookings differ.
//! [`SandboxConfig::layout_seed`](super::SandboxConfig::layout_seed) replaces the
//! hash with a fixed seed for every answer.
//!
//! Decimal digit `i` of the seed (counted from the right, `i = 0` the last
//! digit), modulo the number of alternatives, picks alternative `i` below; so a
//! fixed seed reads like a setting (`0` = the first alternative everywhere,
//! `3` = eSIMs as a top-level `esims` list, `20` = eSIMs as one object in `eSim`):
//!
//! | digit | what | alternatives |
//! |---|---|---|
//! | 0 | container of the eSIM entries | `eSim`, `voucher`, `data`, `esims`, `sims` |
//! | 1 | its layout | list, object keyed `"0"`, `"1"`, …, single object (one eSIM only; else keyed) |
//! | 2 | where the payment status is | `general`, `booking`, an entry of `bookingPaymentRequestDtata`, top level |
//! | 3 | its key | `payment_status`, `pay_status` |
//! | 4 | how "paid" is spelled | `Paid`, `PAID`, `paid`, `success`, `completed` (other states take its case) |
//! | 5 | where the payment URL is | `booking.payment_url`, top-level `payment_url`, `data.payment_url` |
//! | 6 | `pax` | keyed `"0"`, …, or a list grouped under `adult` |
//! | 7 | the package lists (search and top-up `data`) | keyed `"0"`, …, or lists grouped by supplier (`airalo`) |
//! | 8 | create-topup-booking's answer | only `{"Status": "Success"}`, or with the booking id and payment URL |
//! | 9 | a `Status`-only top-up completes after | 0 (at once), 1 or 2 top-up-history reads (pending until then) |
//! | 10 | inner lists (instruction versions, top-up history) | list, keyed `"0"`, … |
//!
//! # Reconciling "the reference's kind" with varying
//!
//! A key the reference shows for an answer always has the reference's kind
//! (`eSim`, `voucher`, `pax` and the package `data` are objects there), because
//! that much the reference does document; only what it collapses varies. A
//! list alternative inside such an object is therefore nested one level (the
//! eSIMs under `esims`, passengers under `adult`, packages under their
//! supplier), while keys the reference does not show (`esims`, `sims`) may be a
//! real top-level list. This is the same in the clean and the odd form: the
//! odd form only adds ITT's scalar habits (see [`super::odd`]).

use itt_contract::reference::{Kind, OperationRef};
use serde_json::{Map, Value};

/// The arrangement of one booking's (or search's) answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout(u64);

/// How a list of entries is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A JSON array (inside a reference object: nested under a group key).
    List,
    /// An object keyed `"0"`, `"1"`, ….
    Keyed,
    /// The one entry itself (only when there is exactly one).
    Single,
}

/// Where the payment status is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusPlace {
    /// In `general`.
    General,
    /// In `booking`.
    Booking,
    /// In the `bookingPaymentRequestDtata` entry.
    PaymentRequest,
    /// At the top level.
    Top,
}

/// Where the payment URL is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlPlace {
    /// `booking.payment_url`.
    Booking,
    /// Top-level `payment_url`.
    Top,
    /// `data.payment_url`.
    Data,
}

/// The eSIM containers, in digit order.
pub const ESIM_PLACES: [&str; 5] = ["eSim", "voucher", "data", "esims", "sims"];

/// The spellings of "paid", in digit order.
pub const PAID_WORDS: [&str; 5] = ["Paid", "PAID", "paid", "success", "completed"];

/// 64-bit FNV-1a: small, stable across releases and platforms (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Layout {
    /// The layout of the answers about `id`, or the fixed one when `fixed` is set.
    pub fn of(id: &str, fixed: Option<u64>) -> Layout {
        Layout(fixed.unwrap_or_else(|| fnv1a(id)))
    }

    /// Alternative of dimension `digit` among `choices`.
    fn pick(self, digit: u32, choices: u64) -> u64 {
        (self.0 / 10_u64.pow(digit)) % 10 % choices
    }

    /// The top-level key holding the eSIM entries.
    pub fn esim_place(self) -> &'static str {
        ESIM_PLACES[self.pick(0, 5) as usize]
    }

    /// How the eSIM entries are laid out, for `count` of them.
    pub fn esim_shape(self, count: usize) -> Shape {
        match self.pick(1, 3) {
            0 => Shape::List,
            2 if count == 1 => Shape::Single,
            _ => Shape::Keyed,
        }
    }

    /// Where the payment status is.
    pub fn status_place(self) -> StatusPlace {
        [
            StatusPlace::General,
            StatusPlace::Booking,
            StatusPlace::PaymentRequest,
            StatusPlace::Top,
        ][self.pick(2, 4) as usize]
    }

    /// The key of the payment status.
    pub fn status_key(self) -> &'static str {
        ["payment_status", "pay_status"][self.pick(3, 2) as usize]
    }

    /// The sandbox's payment state (`unpaid`, `paid`, `failed`, `cancelled`) as
    /// this booking spells it: "paid" by its word, the others in that word's case.
    pub fn status_word(self, state: &str) -> String {
        let word = PAID_WORDS[self.pick(4, 5) as usize];
        if state == "paid" {
            word.to_string()
        } else if word == "PAID" {
            state.to_ascii_uppercase()
        } else if word == "Paid" {
            let mut chars = state.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        } else {
            state.to_string()
        }
    }

    /// Where the payment URL is.
    pub fn url_place(self) -> UrlPlace {
        [UrlPlace::Booking, UrlPlace::Top, UrlPlace::Data][self.pick(5, 3) as usize]
    }

    /// How `pax` lists the passengers (keyed, or a list grouped under `adult`).
    pub fn pax_shape(self) -> Shape {
        [Shape::Keyed, Shape::List][self.pick(6, 2) as usize]
    }

    /// How the package lists (search and top-up `data`) are laid out.
    pub fn packages_shape(self) -> Shape {
        [Shape::Keyed, Shape::List][self.pick(7, 2) as usize]
    }

    /// Whether create-topup-booking answers only `{"Status": "Success"}`.
    pub fn topup_status_only(self) -> bool {
        self.pick(8, 2) == 0
    }

    /// History reads a `Status`-only top-up stays pending for (0: completed at once).
    pub fn topup_pending_reads(self) -> u32 {
        self.pick(9, 3) as u32
    }

    /// How inner lists (instruction versions, top-up history) are laid out.
    pub fn inner_shape(self) -> Shape {
        [Shape::List, Shape::Keyed][self.pick(10, 2) as usize]
    }
}

/// `items` laid out as `shape`, for a key whose reference kind is `kind`
/// (`None`: not a key of the reference's answer). A list in a reference object
/// is nested under `group`; a reference list is always a list.
pub fn render(items: Vec<Value>, shape: Shape, kind: Option<Kind>, group: &str) -> Value {
    let keyed = |items: Vec<Value>| {
        Value::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
        )
    };
    match (shape, kind) {
        (_, Some(Kind::List)) => Value::Array(items),
        (Shape::Single, _) if items.len() == 1 => items.into_iter().next().expect("one item"),
        (Shape::List, Some(Kind::Object)) => {
            let mut group_map = Map::new();
            group_map.insert(group.to_string(), Value::Array(items));
            Value::Object(group_map)
        }
        (Shape::List, _) => Value::Array(items),
        _ => keyed(items),
    }
}

/// The reference kind of `key` in `operation`'s answer, if the reference shows it.
pub fn reference_kind(operation: Option<&OperationRef>, key: &str) -> Option<Kind> {
    operation?
        .response
        .keys
        .iter()
        .find(|k| k.name == key)
        .map(|k| k.kind)
}

/// Adds every key of the reference's answer that `answer` lacks, empty and of
/// the reference's kind (a scalar takes the sample's value, without ITT's
/// stray comma), so an answer always carries what the reference shows: the
/// flight-booking keys of booking-details among them. Keys already present are
/// left alone.
pub fn complete(operation: &OperationRef, answer: &mut Map<String, Value>) {
    for key in &operation.response.keys {
        if answer.contains_key(&key.name) {
            continue;
        }
        let value = match key.kind {
            Kind::Object => Value::Object(Map::new()),
            Kind::List => Value::Array(Vec::new()),
            Kind::Scalar => match &key.sample {
                Some(Value::String(s)) => match s.trim().trim_end_matches(',') {
                    "null" => Value::Null,
                    s => Value::String(s.to_string()),
                },
                Some(v) => v.clone(),
                None => Value::Null,
            },
        };
        answer.insert(key.name.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn digits_of_a_fixed_seed_read_like_settings() {
        let first = Layout::of("anything", Some(0));
        assert_eq!(first.esim_place(), "eSim");
        assert_eq!(first.esim_shape(1), Shape::List);
        assert_eq!(first.status_place(), StatusPlace::General);
        assert_eq!(first.status_word("paid"), "Paid");
        assert_eq!(first.status_word("unpaid"), "Unpaid");
        let l = Layout::of("anything", Some(3_0_2_1_2_1_4));
        assert_eq!(l.esim_place(), "sims");
        assert_eq!(l.esim_shape(2), Shape::Keyed);
        assert_eq!(l.status_place(), StatusPlace::PaymentRequest);
        assert_eq!(l.status_key(), "pay_status");
        assert_eq!(l.status_word("paid"), "paid");
        assert_eq!(l.url_place(), UrlPlace::Booking);
        assert_eq!(l.pax_shape(), Shape::List);
        assert_eq!(Layout::of("x", Some(20)).esim_shape(1), Shape::Single);
        assert_eq!(Layout::of("x", Some(20)).esim_shape(2), Shape::Keyed);
        assert_eq!(
            Layout::of("x", Some(10_000)).status_word("failed"),
            "FAILED"
        );
    }

    #[test]
    fn seeds_follow_the_id() {
        assert_eq!(
            Layout::of("ES000005SBX", None),
            Layout::of("ES000005SBX", None)
        );
        assert_ne!(
            Layout::of("ES000005SBX", None),
            Layout::of("ES000006SBX", None)
        );
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn lists_keep_the_references_kind() {
        let items = vec![json!({"iccid": "1"}), json!({"iccid": "2"})];
        assert_eq!(
            render(items.clone(), Shape::List, Some(Kind::Object), "esims"),
            json!({"esims": items})
        );
        assert_eq!(
            render(items.clone(), Shape::List, None, "esims"),
            json!(items)
        );
        assert_eq!(
            render(items.clone(), Shape::Single, None, "esims"),
            json!({"0": items[0], "1": items[1]}),
            "single only for one entry"
        );
        assert_eq!(
            render(
                vec![items[0].clone()],
                Shape::Single,
                Some(Kind::Object),
                "esims"
            ),
            items[0]
        );
        assert_eq!(
            render(items.clone(), Shape::Keyed, Some(Kind::List), "esims"),
            json!(items)
        );
    }
}
