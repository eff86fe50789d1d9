//! eSIM activation: the LPA string, the links and the QR code built from it.
//!
//! The install links are built here from a validated activation string, never
//! taken from the API as an `href`: a hostile or broken answer cannot turn an
//! "Install" button into a `javascript:` link or send the traveller elsewhere.

use crate::api::model::Esim;

/// A validated activation code: `LPA:1$<SM-DP+ address>$<matching id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activation {
    /// SM-DP+ server address, e.g. `smdp.example.com`.
    pub smdp: String,
    /// Activation (matching) code.
    pub matching_id: String,
    /// Optional trailing parts (`$<OID>$<confirmation code required flag>`),
    /// kept as validated: a profile that needs a confirmation code must say so.
    pub extra: Option<String>,
}

/// Why an activation string is unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LpaError {
    /// Not `LPA:1$…`.
    #[error("not an LPA:1 activation string")]
    Prefix,
    /// The SM-DP+ address is missing or not a host name.
    #[error("bad SM-DP+ address")]
    Address,
    /// The matching id is missing or has characters it may not have.
    #[error("bad activation code")]
    Code,
}

fn host_ok(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    !name.is_empty()
        && name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && port.is_none_or(|p| p.parse::<u16>().is_ok())
}

fn code_ok(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 255
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Activation {
    /// Parses `LPA:1$smdp$code[$oid[$flag]]`, keeping the optional parts.
    pub fn parse(text: &str) -> Result<Activation, LpaError> {
        let text = text.trim();
        let rest = text
            .get(..6)
            .filter(|p| p.eq_ignore_ascii_case("LPA:1$"))
            .map(|_| &text[6..])
            .ok_or(LpaError::Prefix)?;
        let mut parts = rest.splitn(3, '$');
        let smdp = parts
            .next()
            .filter(|h| host_ok(h))
            .ok_or(LpaError::Address)?;
        let code = parts.next().filter(|c| code_ok(c)).ok_or(LpaError::Code)?;
        // SM-DP+ OID (digits and dots) and the confirmation-code flag ("1").
        let extra = match parts.next() {
            None => None,
            Some(e)
                if e.len() <= 64
                    && e.bytes()
                        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'$') =>
            {
                Some(e.to_string())
            }
            Some(_) => return Err(LpaError::Code),
        };
        Ok(Activation {
            smdp: smdp.to_ascii_lowercase(),
            matching_id: code.to_string(),
            extra,
        })
    }

    /// From an eSIM record: its `qrcode` string, else its separate address and code.
    pub fn of(esim: &Esim) -> Option<Activation> {
        if let Some(a) = esim
            .qrcode
            .as_deref()
            .and_then(|q| Activation::parse(q).ok())
        {
            return Some(a);
        }
        let (smdp, code) = (
            esim.lpa.as_deref()?.trim(),
            esim.matching_id.as_deref()?.trim(),
        );
        (host_ok(smdp) && code_ok(code)).then(|| Activation {
            smdp: smdp.to_ascii_lowercase(),
            matching_id: code.to_string(),
            extra: None,
        })
    }

    /// The canonical activation string (what the QR code encodes).
    pub fn lpa(&self) -> String {
        match &self.extra {
            Some(extra) => format!("LPA:1${}${}${extra}", self.smdp, self.matching_id),
            None => format!("LPA:1${}${}", self.smdp, self.matching_id),
        }
    }

    /// Whether the profile asks for a confirmation code (the last part is `1`).
    pub fn needs_confirmation_code(&self) -> bool {
        self.extra.as_deref().is_some_and(|e| e.ends_with("$1"))
    }

    fn carddata(&self) -> String {
        // Only letters, digits, '.', '-', ':' and '$' can occur: encode the two that need it.
        self.lpa().replace(':', "%3A").replace('$', "%24")
    }

    /// iOS 17.4+ one-tap install link.
    pub fn ios_link(&self) -> String {
        format!(
            "https://esimsetup.apple.com/esim_qrcode_provisioning?carddata={}",
            self.carddata()
        )
    }

    /// Android one-tap install link (Android 10+ with Google's eSIM setup).
    pub fn android_link(&self) -> String {
        format!(
            "https://esimsetup.android.com/esim_qrcode_provisioning?carddata={}",
            self.carddata()
        )
    }

    /// The QR code of [`Activation::lpa`]: its side in modules and an SVG path
    /// drawing the dark modules (with a 4-module quiet zone).
    pub fn qr_path(&self) -> (i32, String) {
        let Ok(qr) = qrcodegen::QrCode::encode_text(&self.lpa(), qrcodegen::QrCodeEcc::Medium)
        else {
            return (0, String::new());
        };
        let size = qr.size();
        let mut d = String::with_capacity((size * size) as usize * 4);
        for y in 0..size {
            for x in 0..size {
                if qr.get_module(x, y) {
                    d.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
                }
            }
        }
        (size + 8, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_strings() {
        let a = Activation::parse("LPA:1$smdp.example.com$K2-ABC123-XYZ").unwrap();
        assert_eq!(a.smdp, "smdp.example.com");
        assert_eq!(a.matching_id, "K2-ABC123-XYZ");
        assert_eq!(a.lpa(), "LPA:1$smdp.example.com$K2-ABC123-XYZ");
        let b = Activation::parse(" lpa:1$SMDP.Example.com:8443$abc$1.2.3$1 ").unwrap();
        assert_eq!(b.smdp, "smdp.example.com:8443");
        assert_eq!(
            b.lpa(),
            "LPA:1$smdp.example.com:8443$abc$1.2.3$1",
            "optional parts kept"
        );
        assert!(b.needs_confirmation_code());
        assert!(!a.needs_confirmation_code());
        assert_eq!(
            Activation::parse("LPA:1$smdp.example.com$abc$<x>"),
            Err(LpaError::Code)
        );
    }

    #[test]
    fn refuses_malformed_strings() {
        for (text, why) in [
            ("", LpaError::Prefix),
            ("LPA:2$smdp.example.com$abc", LpaError::Prefix),
            ("javascript:alert(1)", LpaError::Prefix),
            ("LPA:1$$abc", LpaError::Address),
            ("LPA:1$localhost$abc", LpaError::Address),
            ("LPA:1$evil.com/path$abc", LpaError::Address),
            ("LPA:1$a b.com$abc", LpaError::Address),
            ("LPA:1$smdp.example.com$", LpaError::Code),
            ("LPA:1$smdp.example.com", LpaError::Code),
            ("LPA:1$smdp.example.com$<script>", LpaError::Code),
            ("LPA:1$smdp.example.com$a\"onclick", LpaError::Code),
        ] {
            assert_eq!(Activation::parse(text), Err(why), "{text:?}");
        }
    }

    #[test]
    fn links_are_built_not_taken() {
        let a = Activation::parse("LPA:1$smdp.example.com$K2-1").unwrap();
        assert_eq!(
            a.ios_link(),
            "https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=LPA%3A1%24smdp.example.com%24K2-1"
        );
        assert!(a
            .android_link()
            .starts_with("https://esimsetup.android.com/"));
    }

    #[test]
    fn esim_records_fall_back_to_their_parts() {
        let mut e = Esim {
            qrcode: Some("not an lpa".into()),
            lpa: Some("smdp.example.com".into()),
            matching_id: Some("ABC".into()),
            ..Esim::default()
        };
        assert_eq!(
            Activation::of(&e).unwrap().lpa(),
            "LPA:1$smdp.example.com$ABC"
        );
        e.matching_id = Some("bad code!".into());
        assert_eq!(Activation::of(&e), None);
    }

    #[test]
    fn qr_codes_draw() {
        let a = Activation::parse("LPA:1$lpa.sandbox.invalid$SBXMATCH123").unwrap();
        let (side, d) = a.qr_path();
        assert!(side >= 21 + 8, "{side}");
        assert!(
            d.starts_with("M4 4h1v1h-1z"),
            "finder pattern corner: {}",
            &d[..20]
        );
        assert!(!d.contains(['<', '"']));
    }
}
