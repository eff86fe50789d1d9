//! Passengers: recognised by content anywhere inside `pax` (an object keyed
//! `"0"`, a list, groups such as `{"adult": [...]}`, or a single object; also
//! `passenger`/`passengers`, as update-customer-info sends them).

use super::Node;

/// A traveller on a booking, as far as the widget needs them (contact details).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaxEntry {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Country calling code (`+44`), as ITT sends it.
    pub isd_code: Option<String>,
    /// Phone number without the calling code.
    pub contact_no: Option<String>,
    /// Marked as the lead traveller.
    pub lead: bool,
}

/// The containers passengers are read from.
pub const PAX_CONTAINERS: [&str; 3] = ["pax", "passenger", "passengers"];
/// Keys of a given name.
pub const FIRST_NAME_KEYS: [&str; 3] = ["first_name", "firstname", "given_name"];
/// Keys of a family name.
pub const LAST_NAME_KEYS: [&str; 4] = ["last_name", "lastname", "surname", "family_name"];
/// Keys of an e-mail.
pub const EMAIL_KEYS: [&str; 3] = ["email", "email_address", "pax_email"];
/// Keys of a calling code.
pub const ISD_KEYS: [&str; 3] = ["isd_code", "phone_code", "calling_code"];
/// Keys of a phone number.
pub const PHONE_KEYS: [&str; 4] = ["contact_no", "phone", "mobile", "phone_number"];
/// Keys of the lead flag.
pub const LEAD_KEYS: [&str; 3] = ["is_lead", "lead", "is_lead_pax"];

/// Every key [`passengers`] reads (for the proxy's answer allowlist).
pub const PAX_KEYS: [&[&str]; 7] = [
    &PAX_CONTAINERS,
    &FIRST_NAME_KEYS,
    &LAST_NAME_KEYS,
    &EMAIL_KEYS,
    &ISD_KEYS,
    &PHONE_KEYS,
    &LEAD_KEYS,
];

fn entry(object: &Node) -> Option<PaxEntry> {
    let pax = PaxEntry {
        first_name: object.text_of(&FIRST_NAME_KEYS),
        last_name: object.text_of(&LAST_NAME_KEYS),
        email: object.text_of(&EMAIL_KEYS),
        isd_code: object.text_of(&ISD_KEYS),
        contact_no: object.text_of(&PHONE_KEYS),
        lead: object
            .text_of(&LEAD_KEYS)
            .is_some_and(|t| matches!(t.to_ascii_lowercase().as_str(), "yes" | "true" | "1")),
    };
    let known = pax.email.is_some() || pax.contact_no.is_some() || pax.first_name.is_some();
    known.then_some(pax)
}

/// The passengers of an answer, the lead first.
pub fn passengers(answer: &Node) -> Vec<PaxEntry> {
    let Some(container) = answer.get_any(&PAX_CONTAINERS) else {
        return Vec::new();
    };
    let mut out: Vec<PaxEntry> = container
        .objects()
        .into_iter()
        .filter_map(|(_, object)| entry(object))
        .collect();
    // Stable: travellers keep their order behind the lead.
    crate::sort::sort_by_key(&mut out, |p| !p.lead);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keyed_list_or_single() {
        let amara = json!({"first_name": "Amara", "email": "a@example.com", "isd_code": "+44", "contact_no": "7700900123"});
        let bo = json!({"first_name": "Bo", "email": "b@example.com", "is_lead": "yes"});
        for answer in [
            json!({"pax": {"0": amara, "1": bo}}),
            json!({"pax": [amara, bo]}),
            json!({"pax": {"adult": [amara, bo]}}),
        ] {
            let found = passengers(&serde_json::from_value(answer).unwrap());
            assert_eq!(found.len(), 2);
            assert_eq!(found[0].first_name.as_deref(), Some("Bo"), "lead first");
        }
        let single = passengers(&serde_json::from_value(json!({"pax": amara})).unwrap());
        assert_eq!(single[0].contact_no.as_deref(), Some("7700900123"));
        assert!(passengers(&serde_json::from_value(json!({"pax": {}})).unwrap()).is_empty());
    }
}
