//! Lower case without Unicode's case tables.
//!
//! `char::to_lowercase` brings the whole Unicode lowercase table into the wasm
//! (about 12 KB, 5 KB compressed). What the widget lowers is what travellers
//! type into the destination and device searches, and the names they are matched
//! against (device models, country names in the page's language): Latin text.
//! [`lower`] gives exactly `char::to_lowercase` for Latin-1, Latin Extended-A,
//! the Romanian Ș/Ț, Greek and basic Cyrillic (see the tests), and leaves other
//! letters as typed.

use std::iter::{once, Chain, Once};

/// The lower case of `c`: `'É'` → `'é'`, `'İ'` → `"i\u{307}"` (as `char::to_lowercase`).
pub fn lower(c: char) -> Chain<Once<char>, std::option::IntoIter<char>> {
    let n = c as u32;
    let l = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => n + 0x20,
        // Latin Extended-A: upper case at even code points here, odd below.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x218..=0x21B => n | 1,
        0x139..=0x148 | 0x179..=0x17E => n + (n & 1),
        0x130 => return once('i').chain(Some('\u{307}')),
        0x178 => 0xFF,
        // Greek: accented capitals, then Α..Ω (0x3A2 is unassigned) and Ϊ Ϋ.
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => n + 0x20,
        // Cyrillic: Ѐ..Џ, then А..Я.
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        _ => n,
    };
    once(char::from_u32(l).unwrap_or(c)).chain(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_to_lowercase_where_it_claims_to_be() {
        let ranges = [0x0..=0x17F, 0x218..=0x21B, 0x380..=0x3CE, 0x400..=0x45F];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let ours: String = lower(c).collect();
            let std: String = c.to_lowercase().collect();
            assert_eq!(ours, std, "U+{:04X} {c}", c as u32);
        }
    }

    #[test]
    fn examples() {
        let s = |t: &str| t.chars().flat_map(lower).collect::<String>();
        assert_eq!(s("ÉÖÇ Ÿ ŁÓDŹ"), "éöç ÿ łódź");
        assert_eq!(s("İSTANBUL"), "i\u{307}stanbul");
        // Turkish Ş (U+015E) and Romanian Ș (U+0218) stay distinct.
        assert_eq!(
            s("\u{15E}ANLIURFA \u{218}TEFAN"),
            "\u{15F}anliurfa \u{219}tefan"
        );
        // Other scripts with case are left as typed.
        assert_eq!(s("\u{10A0}"), "\u{10A0}");
    }
}
