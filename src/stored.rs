//! The lines the widget keeps in session storage (the journey, the checkout
//! attempt, the typed details, the device verdict, the lowest price seen): a
//! format tag, then fields separated by U+001F, the ASCII unit separator. One
//! writer and one reader for all of them, so every line is written and read
//! alike (the loader reads some of them too, with the same separator).

/// What separates the fields of a stored line.
pub const SEP: char = '\u{1f}';

/// The line of format `tag` with `fields`. A separator inside a field (nothing
/// a traveller can type, but a value may come from anywhere) is dropped, so it
/// can never shift the fields after it.
pub fn line<'a>(tag: &str, fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(tag);
    for field in fields {
        out.push(SEP);
        out.extend(field.chars().filter(|&c| c != SEP));
    }
    out
}

/// The fields of `line` after its format tag, when the tag is `tag` and there
/// are exactly `count` of them; `None` for a line of another format or shape.
pub fn fields<'a>(line: &'a str, tag: &str, count: usize) -> Option<Vec<&'a str>> {
    let mut parts = line.split(SEP);
    if parts.next()? != tag {
        return None;
    }
    let fields: Vec<&str> = parts.collect();
    (fields.len() == count).then_some(fields)
}

/// A stored optional field: empty for `None`.
pub fn opt(value: Option<&str>) -> &str {
    value.unwrap_or("")
}

/// A field read back as optional: `None` when empty.
pub fn read_opt(field: &str) -> Option<String> {
    Some(field).filter(|f| !f.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_refuse_other_shapes() {
        let l = line("x1", ["a", "", "c"]);
        assert_eq!(l, "x1\u{1f}a\u{1f}\u{1f}c");
        assert_eq!(fields(&l, "x1", 3), Some(vec!["a", "", "c"]));
        assert_eq!(fields(&l, "x1", 2), None, "another count");
        assert_eq!(fields(&l, "x2", 3), None, "another format");
        assert_eq!(fields("", "x1", 0), None, "no tag");
        assert_eq!(fields("x1", "x1", 0), Some(vec![]), "a tag alone");
    }

    #[test]
    fn a_separator_in_a_value_cannot_shift_the_fields() {
        let l = line("x1", ["a\u{1f}b", "c"]);
        assert_eq!(fields(&l, "x1", 2), Some(vec!["ab", "c"]));
    }

    #[test]
    fn optional_fields_are_empty_when_absent() {
        assert_eq!(opt(None), "");
        assert_eq!(read_opt(""), None);
        assert_eq!(read_opt("B1").as_deref(), Some("B1"));
    }
}
