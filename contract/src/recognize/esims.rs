//! eSIMs, recognised by content: an ICCID with an activation string, or an
//! SM-DP+ address with a matching id.

use super::Node;

/// The top-level keys eSIMs are looked for in (any case), as a list, an object
/// keyed `"0"`, `"1"`, …, a single object, or nested deeper inside them.
pub const ESIM_CONTAINERS: [&str; 6] = ["eSim", "voucher", "data", "esims", "eSims", "sims"];

/// Keys of an eSIM's ICCID.
pub const ICCID_KEYS: [&str; 4] = ["iccid", "eSim_iccid", "esim_iccid", "sim_iccid"];
/// Keys of its SM-DP+ address (or, sometimes, the whole activation string).
pub const SMDP_KEYS: [&str; 5] = ["lpa", "smdp_address", "sm_dp_address", "smdp", "smdp_plus"];
/// Keys of its matching id.
pub const MATCHING_KEYS: [&str; 2] = ["matching_id", "activation_code"];
/// Keys of its activation string (`LPA:1$…`).
pub const ACTIVATION_KEYS: [&str; 4] = ["qrcode", "lpa_string", "activation_code", "qr_code_data"];
/// Keys of the QR code image.
pub const QR_URL_KEYS: [&str; 2] = ["qrcode_url", "qr_code_url"];
/// Key of the iOS one-tap install link.
pub const APPLE_URL_KEYS: [&str; 1] = ["direct_apple_installation_url"];
/// Key of the APN type.
pub const APN_TYPE_KEYS: [&str; 1] = ["apn_type"];
/// Keys of the APN.
pub const APN_VALUE_KEYS: [&str; 2] = ["apn_value", "apn"];
/// Key of the roaming flag.
pub const ROAMING_KEYS: [&str; 1] = ["is_roaming"];

/// Every key [`esims`] reads (for the proxy's answer allowlist): containers, then entries.
pub const ESIM_KEYS: [&[&str]; 10] = [
    &ESIM_CONTAINERS,
    &ICCID_KEYS,
    &SMDP_KEYS,
    &MATCHING_KEYS,
    &ACTIVATION_KEYS,
    &QR_URL_KEYS,
    &APPLE_URL_KEYS,
    &APN_TYPE_KEYS,
    &APN_VALUE_KEYS,
    &ROAMING_KEYS,
];

/// An eSIM as the supplier (Airalo) describes it underneath ITT.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EsimEntry {
    /// Integrated circuit card id.
    pub iccid: Option<String>,
    /// SM-DP+ address.
    pub lpa: Option<String>,
    /// Matching id (activation code).
    pub matching_id: Option<String>,
    /// Full activation string `LPA:1$<smdp>$<matching id>`.
    pub qrcode: Option<String>,
    /// Image of the QR code hosted by the supplier.
    pub qrcode_url: Option<String>,
    /// iOS 17.4+ one-tap install link.
    pub direct_apple_installation_url: Option<String>,
    /// `automatic` or `manual`.
    pub apn_type: Option<String>,
    /// APN to enter when `apn_type` is manual.
    pub apn_value: Option<String>,
    /// Whether data roaming must be on (`true`, `"yes"`, `1`…).
    pub is_roaming: Option<bool>,
}

fn is_activation_string(text: &str) -> bool {
    // Bytes, not a `str` slice: a non-ASCII value must not panic (it would abort the proxy).
    text.len() > 6 && text.as_bytes()[..6].eq_ignore_ascii_case(b"LPA:1$")
}

/// A plausible SM-DP+ address: a host name, not an activation string.
fn is_smdp_address(text: &str) -> bool {
    !is_activation_string(text)
        && text.contains('.')
        && !text.contains(char::is_whitespace)
        && !text.contains('$')
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// The eSIM this object describes, if it is one.
fn entry(object: &Node) -> Option<EsimEntry> {
    let iccid = object.text_of(&ICCID_KEYS);
    // The activation string may sit in any of its usual keys, even in `lpa`.
    let activation = ACTIVATION_KEYS
        .iter()
        .chain(SMDP_KEYS.iter())
        .filter_map(|k| object.text_of(&[k]))
        .find(|t| is_activation_string(t));
    let smdp = SMDP_KEYS
        .iter()
        .filter_map(|k| object.text_of(&[k]))
        .find(|t| is_smdp_address(t));
    let matching = MATCHING_KEYS
        .iter()
        .filter_map(|k| object.text_of(&[k]))
        .find(|t| !is_activation_string(t));
    let recognised =
        (iccid.is_some() && activation.is_some()) || (smdp.is_some() && matching.is_some());
    if !recognised {
        return None;
    }
    Some(EsimEntry {
        iccid,
        lpa: smdp,
        matching_id: matching,
        qrcode: activation,
        qrcode_url: object.text_of(&QR_URL_KEYS),
        direct_apple_installation_url: object.text_of(&APPLE_URL_KEYS),
        apn_type: object.text_of(&APN_TYPE_KEYS),
        apn_value: object.text_of(&APN_VALUE_KEYS),
        is_roaming: object.text_of(&ROAMING_KEYS).and_then(|t| parse_bool(&t)),
    })
}

/// Most eSIMs read from one answer (a booking has a handful): bounds the work a
/// hostile or broken answer can cause.
pub const MAX_ESIMS: usize = 64;

/// Every eSIM in an answer, inside [`ESIM_CONTAINERS`], in order, each once
/// (the same ICCID or activation string found twice is one eSIM), at most [`MAX_ESIMS`].
pub fn esims(answer: &Node) -> Vec<EsimEntry> {
    let mut out: Vec<EsimEntry> = Vec::new();
    for (key, value) in answer.entries() {
        if !ESIM_CONTAINERS.iter().any(|c| c.eq_ignore_ascii_case(key)) {
            continue;
        }
        for (_, object) in value.objects() {
            let Some(found) = entry(object) else { continue };
            let same = |e: &EsimEntry| {
                (found.iccid.is_some() && e.iccid == found.iccid)
                    || (found.iccid.is_none()
                        && e.lpa == found.lpa
                        && e.matching_id == found.matching_id)
            };
            if !out.iter().any(same) {
                out.push(found);
                if out.len() == MAX_ESIMS {
                    return out;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(json: serde_json::Value) -> Node {
        serde_json::from_value(json).unwrap()
    }

    fn esim(iccid: &str) -> serde_json::Value {
        serde_json::json!({"iccid": iccid, "lpa": "lpa.airalo.com", "matching_id": format!("M-{iccid}"),
            "qrcode": format!("LPA:1$lpa.airalo.com$M-{iccid}"), "is_roaming": "yes"})
    }

    #[test]
    fn found_in_every_container_and_layout() {
        let layouts = [
            serde_json::json!({"eSim": {"0": esim("111"), "1": esim("222")}}),
            serde_json::json!({"voucher": {"esims": [esim("111"), esim("222")]}}),
            serde_json::json!({"data": [esim("111"), esim("222")]}),
            serde_json::json!({"esims": {"0": esim("111")}, "sims": esim("222")}),
            serde_json::json!({"eSim": esim("111"), "data": {"esims": [esim("111"), esim("222")]}}),
        ];
        for layout in layouts {
            let found: Vec<_> = esims(&node(layout.clone()))
                .into_iter()
                .map(|e| e.iccid.unwrap())
                .collect();
            assert_eq!(found, ["111", "222"], "{layout}");
        }
    }

    #[test]
    fn recognised_by_content_not_by_key() {
        // An SM-DP+ address with a matching id, no ICCID yet.
        let n = node(
            serde_json::json!({"eSim": {"smdp_address": "rsp.example.com", "activation_code": "K-1"}}),
        );
        let e = &esims(&n)[0];
        assert_eq!(
            (e.lpa.as_deref(), e.matching_id.as_deref()),
            (Some("rsp.example.com"), Some("K-1"))
        );
        // An ICCID with the activation string in `lpa`.
        let n = node(serde_json::json!({"data": {"iccid": "8944", "lpa": "LPA:1$s.example$X"}}));
        assert_eq!(esims(&n)[0].qrcode.as_deref(), Some("LPA:1$s.example$X"));
        // A package with an id, or an ICCID alone, is not an eSIM.
        let n = node(
            serde_json::json!({"data": {"iccid": "8944", "package_id": "p"}, "eSim_package": esim("333")}),
        );
        assert!(esims(&n).is_empty());
        assert_eq!(esims(&node(serde_json::json!({"eSim": {}}))), vec![]);
    }

    #[test]
    fn non_ascii_values_never_panic() {
        let n = node(
            serde_json::json!({"eSim": {"iccid": "1", "qrcode": "LPA:1é$x", "lpa": "é.é", "matching_id": "ü"}}),
        );
        assert_eq!(esims(&n).len(), 1, "an SM-DP+ address with a matching id");
        assert!(esims(&node(
            serde_json::json!({"eSim": {"iccid": "1", "qrcode": "LPAé"}})
        ))
        .is_empty());
    }

    #[test]
    fn odd_values_are_cleaned() {
        let n = node(
            serde_json::json!({"eSim": {"iccid": 8944, "qrcode": "LPA:1$a.b$C,", "is_roaming": "false,"}}),
        );
        let e = &esims(&n)[0];
        assert_eq!(e.iccid.as_deref(), Some("8944"));
        assert_eq!(e.qrcode.as_deref(), Some("LPA:1$a.b$C"));
        assert_eq!(e.is_roaming, Some(false));
    }
}
