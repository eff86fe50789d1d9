//! The parser of the rendered reference.
//!
//! The two texts are renderings of a Redoc page. Per operation they show a
//! heading, `Authorizations:`, the request body's documented fields (`name`,
//! an optional `required` line, a type line, a description paragraph), a request
//! sample and a response sample. Samples are JSON with a `• ` bullet before each
//! key; nested objects and lists are collapsed to `{` / `}` (or `{}`, `[ ]`) on
//! their own lines, so only the top level of a response is visible.
//!
//! The parser is strict on purpose: an unknown heading, type or sample line
//! panics with the offending text, so a changed reference cannot be silently
//! half-extracted.

use super::{
    CopiedSample, Extraction, FieldRef, KeyRef, Kind, OperationRef, RequestRef, ResponseRef,
    SourceFile, OVERVIEW_FILE, REFERENCE_FILE,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Every heading the texts use, with the operation's kebab-case name (the
/// proxy's name and the last segment of the upstream path).
const OPERATIONS: [(&str, &str); 12] = [
    ("Search eSIM plans", "search"),
    ("Get single eSIM package", "single-esim-package"),
    ("Get compatible devices", "compatible-devices"),
    ("Update customer information", "update-customer-info"),
    ("Create eSIM booking", "create-booking"),
    ("Get installation instructions", "installation-instructions"),
    ("Get data usage", "data-usage"),
    ("Get booking details", "booking-details"),
    ("Get top-up packages", "topup-packages"),
    ("Create top-up booking", "create-topup-booking"),
    ("Get top-up history", "topup-history"),
    ("Register webhook", "register-webhook"),
];

/// The operation only the overview shows.
const OVERVIEW_ONLY: &str = "register-webhook";

/// Words naming ITT's other products: a response sample showing keys with them
/// was taken from another product's answer.
const OTHER_PRODUCTS: [&str; 4] = ["flight", "baggage", "meal", "seat"];

/// Extracts every operation from the reference and the overview texts.
///
/// Panics, naming the text, on anything the rendering is not known to contain.
pub fn parse(reference: &str, overview: &str) -> Extraction {
    let mut operations: Vec<OperationRef> = sections(reference)
        .iter()
        .map(|s| operation(s, "reference"))
        .collect();
    // Every overview heading is mapped too, so an unknown one fails here as well.
    let webhook = sections(overview)
        .iter()
        .map(|s| (operation_name(s.title), s))
        .find(|(name, _)| *name == OVERVIEW_ONLY)
        .map(|(_, s)| overview_operation(s))
        .unwrap_or_else(|| panic!("the overview shows no {OVERVIEW_ONLY} operation"));
    operations.push(webhook);
    for (i, op) in operations.iter().enumerate() {
        let again = operations[..i].iter().any(|o| o.operation == op.operation);
        assert!(!again, "operation {} appears twice", op.operation);
    }
    Extraction {
        sources: vec![
            source(REFERENCE_FILE, reference),
            source(OVERVIEW_FILE, overview),
        ],
        copies: copies(&operations),
        operations,
    }
}

/// One operation's part of a text: its heading and the lines up to the next
/// heading, with their indentation (a sample's closing `}` is the unindented one).
struct Section<'a> {
    title: &'a str,
    lines: Vec<&'a str>,
}

/// Splits a text into operations. Each has exactly one `Authorizations:` line;
/// its heading is the nearest line above that is not a sentence (the overview
/// puts a purpose paragraph, ending with a full stop, between the two).
fn sections(text: &str) -> Vec<Section<'_>> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim() == "Authorizations:")
        .map(|auth| {
            (0..auth)
                .rev()
                .find(|&i| !lines[i].is_empty() && !lines[i].ends_with('.'))
                .unwrap_or_else(|| panic!("no heading above line {}", auth + 1))
        })
        .collect();
    headings
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = headings.get(n + 1).copied().unwrap_or(lines.len());
            Section {
                title: lines[start].trim(),
                lines: lines[start + 1..end].to_vec(),
            }
        })
        .collect()
}

/// The kebab-case name of a heading; panics on a heading not in [`OPERATIONS`].
fn operation_name(title: &str) -> &'static str {
    OPERATIONS
        .iter()
        .find(|(t, _)| *t == title)
        .map(|(_, name)| *name)
        .unwrap_or_else(|| panic!("unknown operation heading {title:?}: add it to OPERATIONS"))
}

/// An operation as the reference documents it.
fn operation(section: &Section, source: &str) -> OperationRef {
    let sample = request_sample(section);
    let mut fields = documented_fields(between(section, "Request Body schema", "Responses"));
    name_from_sample(&mut fields, &sample, section.title);
    build(section, source, RequestRef { fields, sample })
}

/// register-webhook: the overview documents no field, so its fields are the
/// request sample's keys, typed by their values and not required (nothing marks them).
fn overview_operation(section: &Section) -> OperationRef {
    let sample = request_sample(section);
    let fields = entries(&json_lines(section, "Request samples"))
        .into_iter()
        .map(|(_, key)| {
            let value = &sample[key.name.as_str()];
            FieldRef {
                name: key.name,
                ty: json_type(value).to_string(),
                format: None,
                required: false,
                named_from_sample: false,
                sample_only: true,
                description: None,
            }
        })
        .collect();
    build(section, "overview", RequestRef { fields, sample })
}

fn build(section: &Section, source: &str, request: RequestRef) -> OperationRef {
    let operation = operation_name(section.title);
    OperationRef {
        operation: operation.to_string(),
        title: section.title.to_string(),
        // The rendering shows no path: ITT-API-NOTES gives `/esim/<name>` (a
        // fact for three operations, the same pattern for the others).
        path: format!("/esim/{operation}"),
        source: source.to_string(),
        request,
        response: response(&json_lines(section, "Response samples")),
    }
}

/// The trimmed lines after the one starting with `from`, up to the one starting with `to`.
fn between<'a>(section: &Section<'a>, from: &str, to: &str) -> Vec<&'a str> {
    let start = position(section, from, |l| l.starts_with(from)) + 1;
    let lines = &section.lines[start..];
    let len = lines
        .iter()
        .position(|l| l.trim().starts_with(to))
        .unwrap_or_else(|| panic!("{}: no {to:?} after {from:?}", section.title));
    lines[..len].iter().map(|l| l.trim()).collect()
}

/// The index of the first line (trimmed) that `pred` accepts; `what` names it if none does.
fn position(section: &Section, what: &str, pred: impl Fn(&str) -> bool) -> usize {
    section
        .lines
        .iter()
        .position(|l| pred(l.trim()))
        .unwrap_or_else(|| panic!("{}: no {what:?} line", section.title))
}

/// The documented request fields (unnamed ones get an empty name for now).
fn documented_fields(block: Vec<&str>) -> Vec<FieldRef> {
    // The first `required` marks the body itself as required, not a field.
    let mut lines = block.into_iter().skip_while(|l| l.is_empty()).peekable();
    if lines.peek() == Some(&"required") {
        lines.next();
    }
    let lines: Vec<&str> = lines.collect();
    let mut fields = Vec::new();
    let mut header: Vec<&str> = Vec::new();
    let mut i = 0;
    // `property name*` / `additional property` / `any` is Redoc's row for
    // additionalProperties: the end of the documented fields.
    while i < lines.len() && lines[i] != "property name*" {
        let line = lines[i];
        i += 1;
        let Some(ty) = field_type(line) else {
            if !line.is_empty() {
                header.push(line);
            }
            continue;
        };
        let mut field = field(&header, ty);
        header.clear();
        // A description is the paragraph after a blank line following the type.
        if lines.get(i) == Some(&"") && lines.get(i + 1).is_some_and(|l| *l != "property name*") {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].is_empty())
                .unwrap_or(lines.len());
            field.description = Some(lines[i + 1..end].join(" "));
            i = end;
        }
        fields.push(field);
    }
    assert!(
        header.is_empty(),
        "request field lines without a type: {header:?}"
    );
    fields
}

/// A field from the lines above its type: its name (if shown) and `required`.
fn field(header: &[&str], (ty, format): (&str, Option<String>)) -> FieldRef {
    let names: Vec<&str> = header
        .iter()
        .copied()
        .filter(|l| *l != "required")
        .collect();
    assert!(
        names.len() <= 1,
        "field lines {header:?} name more than one field"
    );
    FieldRef {
        name: names.first().map(|n| n.to_string()).unwrap_or_default(),
        ty: ty.to_string(),
        format,
        required: header.contains(&"required"),
        named_from_sample: false,
        sample_only: false,
        description: None,
    }
}

/// The JSON type and format of a type line (`string <uri>`, `Array of objects`).
fn field_type(line: &str) -> Option<(&'static str, Option<String>)> {
    let (base, format) = match line.split_once(" <") {
        Some((base, rest)) => (base, Some(rest.strip_suffix('>')?.to_string())),
        None => (line, None),
    };
    let ty = match base {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        "object" => "object",
        _ if base.starts_with("Array of ") => "array",
        _ => return None,
    };
    Some((ty, format))
}

/// Names the fields the rendering shows without a name: the one request-sample
/// key that no documented field names and whose value has the field's type.
fn name_from_sample(fields: &mut [FieldRef], sample: &Value, title: &str) {
    let keys: Vec<&String> = sample
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    for i in 0..fields.len() {
        if !fields[i].name.is_empty() {
            continue;
        }
        let taken = |k: &str| fields.iter().any(|f| f.name == k);
        let candidates: Vec<&&String> = keys
            .iter()
            .filter(|k| !taken(k) && json_type(&sample[k.as_str()]) == fields[i].ty)
            .collect();
        let [name] = candidates[..] else {
            panic!(
                "{title}: an unnamed {} field matches {candidates:?} in the sample",
                fields[i].ty
            );
        };
        fields[i].name = name.to_string();
        fields[i].named_from_sample = true;
    }
}

/// The JSON type of a sample value, in the reference's words.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::Null => "null",
    }
}

/// The sample's lines after `heading`: from its opening `{` to the closing `}`.
fn json_lines<'a>(section: &Section<'a>, heading: &str) -> Vec<&'a str> {
    let after = position(section, heading, |l| l == heading);
    let lines = &section.lines[after..];
    let start = lines
        .iter()
        .position(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("{}: no JSON after {heading:?}", section.title));
    let len = if lines[start] == "{" {
        lines[start..].iter().position(|l| *l == "}").map(|n| n + 1)
    } else {
        Some(1) // `{}` or `{ }` on one line
    };
    let len = len.unwrap_or_else(|| panic!("{}: unterminated {heading:?}", section.title));
    lines[start..start + len].to_vec()
}

/// The request sample as JSON. Without the bullets the rendering is JSON: a
/// collapsed `{` / `}` reads as an empty object.
fn request_sample(section: &Section) -> Value {
    let text: Vec<&str> = json_lines(section, "Request samples")
        .into_iter()
        .map(unbullet)
        .collect();
    serde_json::from_str(&text.join("\n"))
        .unwrap_or_else(|e| panic!("{}: request sample is not JSON: {e}", section.title))
}

fn unbullet(line: &str) -> &str {
    let line = line.trim_start();
    line.strip_prefix("• ").unwrap_or(line)
}

/// The top-level entries of a sample, in order, each with whether its key is
/// a rendering artefact (not a JSON string, as `"-"filter""`). Collapsed
/// objects and lists are consumed with their closing line.
fn entries(lines: &[&str]) -> Vec<(bool, KeyRef)> {
    let body = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    let mut rows = body.iter().map(|l| l.trim());
    let mut out = Vec::new();
    while let Some(row) = rows.next() {
        let entry = row
            .strip_prefix("• ")
            .unwrap_or_else(|| panic!("sample line {row:?}"));
        // Split at the first `": `: in `"-"filter"": {` that is the key's end.
        let (quoted, value) = entry
            .split_once("\": ")
            .unwrap_or_else(|| panic!("{row:?}"));
        let quoted = format!("{quoted}\"");
        let value = value.strip_suffix(',').unwrap_or(value);
        let kind = match value {
            "{" | "{}" | "{ }" => Kind::Object,
            "[" | "[]" | "[ ]" => Kind::List,
            _ => Kind::Scalar,
        };
        if let Some(close) = [("{", "}"), ("[", "]")]
            .iter()
            .find(|(open, _)| *open == value)
        {
            let next = rows.next().map(|l| l.trim_end_matches(','));
            assert_eq!(next, Some(close.1), "{quoted}: collapsed value not closed");
        }
        // A null sample is recorded as none: `sample: null` would read back as
        // `None`, and the round trip through extracted.json must stay exact.
        let sample = (kind == Kind::Scalar && value != "null").then(|| {
            serde_json::from_str(value)
                .unwrap_or_else(|e| panic!("sample value of {quoted} is not JSON: {value}: {e}"))
        });
        let (name, artefact) = match serde_json::from_str::<String>(&quoted) {
            Ok(name) => (name, false),
            Err(_) => (quoted[1..quoted.len() - 1].to_string(), true),
        };
        out.push((artefact, KeyRef { name, kind, sample }));
    }
    out
}

/// The visible keys of a response sample; artefacts are set aside.
fn response(lines: &[&str]) -> ResponseRef {
    let (artefacts, keys): (Vec<_>, Vec<_>) = entries(lines).into_iter().partition(|e| e.0);
    ResponseRef {
        keys: keys.into_iter().map(|(_, key)| key).collect(),
        artefacts: artefacts.into_iter().map(|(_, key)| key.name).collect(),
    }
}

/// A source file with the SHA-256 of its bytes.
fn source(file: &str, text: &str) -> SourceFile {
    let digest = Sha256::digest(text.as_bytes());
    SourceFile {
        file: file.to_string(),
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// Response samples that are plainly copies, found from the samples themselves.
fn copies(operations: &[OperationRef]) -> Vec<CopiedSample> {
    operations
        .iter()
        .filter_map(|op| {
            let note = repeated_operation(op, operations).or_else(|| other_product(op))?;
            Some(CopiedSample {
                operation: op.operation.clone(),
                note,
            })
        })
        .collect()
}

fn key_names(op: &OperationRef) -> Vec<&str> {
    op.response.keys.iter().map(|k| k.name.as_str()).collect()
}

/// A sample of four or more keys, all of them found in a larger sample of
/// another operation (data-usage repeats installation-instructions').
fn repeated_operation(op: &OperationRef, operations: &[OperationRef]) -> Option<String> {
    let keys = key_names(op);
    let original = operations.iter().find(|other| {
        let theirs = key_names(other);
        keys.len() >= 4 && theirs.len() > keys.len() && keys.iter().all(|k| theirs.contains(k))
    })?;
    Some(format!(
        "The response sample repeats keys of {} ({}) and shows nothing of its own: it reads \
         as a copy of that sample. Its keys are kept (and demanded of the fixtures) because \
         ITT may really send them; where this operation's own data sits is our inference.",
        original.operation,
        keys.join(", ")
    ))
}

/// A sample showing keys of another ITT product (booking-details shows a flight booking).
fn other_product(op: &OperationRef) -> Option<String> {
    let foreign: Vec<&str> = key_names(op)
        .into_iter()
        .filter(|k| OTHER_PRODUCTS.iter().any(|p| k.contains(p)))
        .collect();
    if foreign.is_empty() {
        return None;
    }
    Some(format!(
        "The response sample is another product's answer (a flight booking: {}): ITT shares \
         this answer across products. Its keys are kept (and demanded of the fixtures) because \
         ITT may really send them for an eSIM booking too; the eSIM data is read from the \
         containers it names.",
        foreign.join(", ")
    ))
}
