//! ITT's reference as data.
//!
//! `reference/001_82592ab79adec226.txt` (the reference: request fields with their
//! types and required flags, request and response samples) and
//! `reference/000_3c2a2fcbae569dac.txt` (the overview, the only place that shows
//! register-webhook) are committed copies of `shared/seeds/`. [`parse`] turns
//! them into an [`Extraction`]; the result is committed as
//! `reference/extracted.json` and read by [`extraction`]. Tests fail when the
//! committed extraction no longer matches what [`parse`] makes of the committed
//! text, and when the copies differ from `shared/seeds/` (when that folder exists).

mod parse;

pub use parse::parse;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::LazyLock;

/// The reference file name (the SHA-256 in `reference/SHA256SUMS`).
pub const REFERENCE_FILE: &str = "001_82592ab79adec226.txt";
/// The overview file name.
pub const OVERVIEW_FILE: &str = "000_3c2a2fcbae569dac.txt";
/// The committed reference text.
pub const REFERENCE_TEXT: &str = include_str!("../../reference/001_82592ab79adec226.txt");
/// The committed overview text.
pub const OVERVIEW_TEXT: &str = include_str!("../../reference/000_3c2a2fcbae569dac.txt");
/// The committed extraction (what [`parse`] made of the two texts).
pub const EXTRACTED_JSON: &str = include_str!("../../reference/extracted.json");

/// Everything extracted from the reference and the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The source files with their SHA-256.
    pub sources: Vec<SourceFile>,
    /// Where the reference's sample is plainly a copy of another sample (its keys are kept).
    pub copies: Vec<CopiedSample>,
    /// The twelve operations, in the reference's order, then register-webhook.
    pub operations: Vec<OperationRef>,
}

/// One source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// File name under `reference/`.
    pub file: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
}

/// A response sample that repeats another operation's or product's keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedSample {
    /// The operation whose sample is a copy.
    pub operation: String,
    /// Why it reads as a copy (and that its keys are kept: ITT may really send them).
    pub note: String,
}

/// One operation as the reference shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationRef {
    /// Kebab-case name, also the proxy's (`booking-details`).
    pub operation: String,
    /// The heading in the reference (`Get booking details`).
    pub title: String,
    /// Upstream path (`/esim/booking-details`); the reference renders none, so this
    /// follows ITT-API-NOTES (fact for three operations, the same pattern for the rest).
    pub path: String,
    /// `reference` or `overview` (register-webhook).
    pub source: String,
    /// The request.
    pub request: RequestRef,
    /// The response sample.
    pub response: ResponseRef,
}

/// A request: its documented fields and its sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRef {
    /// Documented fields, in the reference's order.
    pub fields: Vec<FieldRef>,
    /// The request sample as JSON (collapsed objects and lists are empty).
    pub sample: Value,
}

/// A documented request field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRef {
    /// Field name (for the two unnamed required entries, the name their sample uses).
    pub name: String,
    /// JSON type: `string`, `integer`, `number`, `boolean`, `object` or `array`.
    #[serde(rename = "type")]
    pub ty: String,
    /// A format such as `uri` or `email`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Marked **required** by the reference.
    pub required: bool,
    /// The rendering shows no name: taken from the request sample.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub named_from_sample: bool,
    /// Not documented as a field at all, only seen in the sample (register-webhook).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample_only: bool,
    /// The reference's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The visible top-level keys of a response sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseRef {
    /// Keys in the sample's order.
    pub keys: Vec<KeyRef>,
    /// Rendering artefacts such as `-"filter"`: recorded, never demanded.
    pub artefacts: Vec<String>,
}

/// One visible key of a response sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyRef {
    /// Key name.
    pub name: String,
    /// `object` (`{…}`), `list` (`[…]`) or `scalar`.
    pub kind: Kind,
    /// The sample's value when a scalar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<Value>,
}

/// The kind of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A JSON object.
    Object,
    /// A JSON array.
    List,
    /// A string, number, boolean or null.
    Scalar,
}

impl Kind {
    /// The kind of a JSON value.
    pub fn of(value: &Value) -> Kind {
        match value {
            Value::Object(_) => Kind::Object,
            Value::Array(_) => Kind::List,
            _ => Kind::Scalar,
        }
    }
}

impl Extraction {
    /// The operation named `operation`.
    pub fn operation(&self, operation: &str) -> Option<&OperationRef> {
        self.operations.iter().find(|o| o.operation == operation)
    }
}

impl FieldRef {
    /// Whether `value` has this field's JSON type (an integer is also a number);
    /// `None` for a type this project does not know.
    pub fn type_fits(&self, value: &Value) -> Option<bool> {
        Some(match self.ty.as_str() {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            _ => return None,
        })
    }
}

impl OperationRef {
    /// The fields the reference marks required.
    pub fn required(&self) -> impl Iterator<Item = &FieldRef> {
        self.request.fields.iter().filter(|f| f.required)
    }

    /// The documented field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldRef> {
        self.request.fields.iter().find(|f| f.name == name)
    }
}

/// The committed extraction, parsed once.
pub fn extraction() -> &'static Extraction {
    static EXTRACTION: LazyLock<Extraction> = LazyLock::new(|| {
        serde_json::from_str(EXTRACTED_JSON).expect("reference/extracted.json is an Extraction")
    });
    &EXTRACTION
}
