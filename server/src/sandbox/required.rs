//! ITT's request validation, driven by the reference.
//!
//! Before an operation runs, its body is checked against the fields the
//! reference documents for it ([`itt_contract::reference::extraction`]): a
//! required field that is absent, `null`, blank or an empty list/object is
//! refused, and so is a documented field of the wrong JSON type. The reasons are
//! ITT's (Laravel's) wording, `The <field> field is required.`, with HTTP 422.
//! Nothing here names a field: what the reference marks is what is checked, so
//! the sandbox follows the reference when it changes.

use super::IttFailure;
use axum::http::StatusCode;
use itt_contract::reference::{self, FieldRef, OperationRef};
use serde_json::{Map, Value};

/// The reference's description of `operation`, when it documents one.
pub fn operation(operation: &str) -> Option<&'static OperationRef> {
    reference::extraction().operation(operation)
}

/// Checks `body` against the fields the reference documents for `operation`:
/// the first failing field, in the reference's order, is refused.
pub fn check(operation: &OperationRef, body: &Map<String, Value>) -> Result<(), IttFailure> {
    for field in &operation.request.fields {
        let value = body.get(&field.name).filter(|v| !blank(v));
        match value {
            None if field.required => return Err(refuse(field, "is required")),
            None => {}
            Some(value) => {
                if let Some(problem) = wrong_type(field, value) {
                    return Err(refuse(field, problem));
                }
            }
        }
    }
    Ok(())
}

/// What Laravel's `required` rule counts as missing: null, a blank string
/// (its middleware trims strings), an empty list or object.
fn blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// Why `value` does not fit the field's documented type and format, if it does not.
fn wrong_type(field: &FieldRef, value: &Value) -> Option<&'static str> {
    // A type the sandbox does not know is not held against the caller.
    let fits = field.type_fits(value).unwrap_or(true);
    if !fits {
        return Some(match field.ty.as_str() {
            "string" => "must be a string",
            "integer" => "must be an integer",
            "number" => "must be a number",
            "boolean" => "must be true or false",
            "object" => "must be an object",
            _ => "must be an array",
        });
    }
    let text = value.as_str().map(str::trim).unwrap_or_default();
    match field.format.as_deref() {
        Some("email") if !email(text) => Some("must be a valid email address"),
        Some("uri") if !(text.starts_with("https://") || text.starts_with("http://")) => {
            Some("must be a valid URL")
        }
        _ => None,
    }
}

/// `local@domain`, no spaces: as much as ITT can know without sending mail.
fn email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace)
    })
}

fn refuse(field: &FieldRef, problem: &str) -> IttFailure {
    IttFailure::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("The {} field {problem}.", field.name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use itt_contract::reference::{OperationRef, RequestRef, ResponseRef};
    use serde_json::json;

    fn field(name: &str, ty: &str, required: bool) -> FieldRef {
        FieldRef {
            name: name.into(),
            ty: ty.into(),
            format: None,
            required,
            named_from_sample: false,
            sample_only: false,
            description: None,
        }
    }

    fn op(fields: Vec<FieldRef>) -> OperationRef {
        OperationRef {
            operation: "op".into(),
            title: "Op".into(),
            path: "/esim/op".into(),
            source: "reference".into(),
            request: RequestRef {
                fields,
                sample: json!({}),
            },
            response: ResponseRef {
                keys: vec![],
                artefacts: vec![],
            },
        }
    }

    fn reason(op: &OperationRef, body: Value) -> Option<String> {
        check(op, body.as_object().unwrap()).err().map(|f| f.reason)
    }

    #[test]
    fn refuses_missing_and_mistyped_fields_in_the_references_order() {
        let mut email = field("email_address", "string", false);
        email.format = Some("email".into());
        let op = op(vec![
            field("member_id", "integer", true),
            field("eSim_quantity", "string", true),
            field("passenger", "array", true),
            email,
        ]);
        let ok = json!({"member_id": 1, "eSim_quantity": "2", "passenger": [{}]});
        assert_eq!(reason(&op, ok.clone()), None);
        for missing in [json!(null), json!(" "), json!([])] {
            let mut body = ok.clone();
            body["passenger"] = missing;
            assert_eq!(
                reason(&op, body).as_deref(),
                Some("The passenger field is required.")
            );
        }
        let mut body = ok.clone();
        body.as_object_mut().unwrap().remove("member_id");
        body["eSim_quantity"] = json!(2);
        assert_eq!(
            reason(&op, body).as_deref(),
            Some("The member_id field is required."),
            "the first field in the reference's order"
        );
        let mut body = ok.clone();
        body["member_id"] = json!("1");
        assert_eq!(
            reason(&op, body).as_deref(),
            Some("The member_id field must be an integer.")
        );
        let mut body = ok.clone();
        body["eSim_quantity"] = json!(2);
        assert_eq!(
            reason(&op, body).as_deref(),
            Some("The eSim_quantity field must be a string.")
        );
        let mut body = ok.clone();
        body["email_address"] = json!("not-an-address");
        assert_eq!(
            reason(&op, body).as_deref(),
            Some("The email_address field must be a valid email address.")
        );
        let mut body = ok;
        body["email_address"] = json!("");
        assert_eq!(reason(&op, body), None, "an optional field may be empty");
    }
}
