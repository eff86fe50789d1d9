//! Booking tokens and payment grants: HMAC-signed proofs the proxy checks.
//!
//! **Booking token** (minted by the proxy on booking answers, or by a hotel's
//! backend for bookings made elsewhere):
//!
//! ```text
//! v1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "v1." + base64url(payload)))>
//! payload = {"b": "<booking id>", "tr": "<booking tracking id>", "i": ["<iccid>", ...], "exp": <unix seconds>}
//! ```
//!
//! The widget sends it as `X-Booking-Token`; calls about a booking must only
//! name ids and ICCIDs the token lists, so ICCIDs and activation codes cannot be
//! enumerated through a public proxy. `tr` is the booking's tracking id (the
//! `booking_tracking_id` it was created with; ITT's create-booking answer echoes it
//! as `tracking_id`): ITT requires it on every call about the booking, and the
//! proxy always takes it from here, so a "my trip" page needs only the booking id
//! and the token.
//!
//! **Payment grant** (minted only by the hotel's backend, which knows the guest
//! paid or is trusted): lets one booking be paid from the hotel's ITT balance.
//!
//! ```text
//! v1.<base64url(payload)>.<signature as above>
//! payload = {"bt": "<booking_tracking_id>", "q": <quantity>, "exp": <unix seconds>}
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::{SystemTime, UNIX_EPOCH};

/// What a booking token proves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingClaims {
    /// Booking id.
    #[serde(rename = "b")]
    pub booking_id: String,
    /// The booking's tracking id, which ITT requires on every call about it.
    #[serde(rename = "tr", default, skip_serializing_if = "Option::is_none")]
    pub tracking_id: Option<String>,
    /// Tokens minted before `tr` listed the ids ITT booked with as `t`, the
    /// booking tracking id first: read (never written) so they keep working.
    #[serde(rename = "t", default, skip_serializing)]
    pub legacy_tracking_ids: Vec<String>,
    /// ICCIDs of its eSIMs.
    #[serde(rename = "i", default)]
    pub iccids: Vec<String>,
    /// Expiry, Unix seconds.
    pub exp: u64,
}

impl BookingClaims {
    /// The booking's tracking id: `tr`, else the first of a legacy token's `t`.
    pub fn tracking(&self) -> Option<String> {
        self.tracking_id
            .clone()
            .or_else(|| self.legacy_tracking_ids.first().cloned())
    }
}

/// What a payment grant allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantClaims {
    /// The booking tracking id it is for.
    #[serde(rename = "bt")]
    pub booking_tracking_id: String,
    /// The quantity it is for.
    #[serde(rename = "q")]
    pub quantity: u64,
    /// Expiry, Unix seconds.
    pub exp: u64,
}

/// Why a token or grant was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not `v1.<payload>.<signature>` or not decodable.
    #[error("malformed")]
    Malformed,
    /// Signed with another secret, or altered.
    #[error("bad signature")]
    Signature,
    /// Past its expiry.
    #[error("expired")]
    Expired,
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn mac(secret: &[u8], signed: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(signed.as_bytes());
    mac
}

/// Signs claims into a token.
pub fn sign<T: Serialize>(secret: &[u8], claims: &T) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
    let signed = format!("v1.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &signed).finalize().into_bytes());
    format!("{signed}.{signature}")
}

/// Checks a token's signature (constant time) and expiry, and returns its claims.
pub fn verify<T: for<'de> Deserialize<'de> + HasExpiry>(
    secret: &[u8],
    token: &str,
    now: u64,
) -> Result<T, TokenError> {
    let mut parts = token.trim().split('.');
    let (Some("v1"), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| TokenError::Malformed)?;
    mac(secret, &format!("v1.{payload}"))
        .verify_slice(&signature)
        .map_err(|_| TokenError::Signature)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    let claims: T = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    if claims.expiry() <= now {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

/// The tracking key of a booking tracking id: proof that the caller got that id
/// from this proxy's `single-esim-package` answer (the proxy adds it there).
///
/// `update-customer-info` and `create-booking` must present it, so a stranger who
/// learns a tracking id (a shared screen, a support e-mail) can neither book with it
/// first, block it, nor rewrite the traveller's details. Stateless: an HMAC under
/// the booking-token secret, so every proxy instance checks it alike.
pub fn tracking_key(secret: &[u8], tracking_id: &str) -> String {
    URL_SAFE_NO_PAD.encode(tracking_mac(secret, tracking_id).finalize().into_bytes())
}

/// Whether `key` is the tracking key of `tracking_id` (constant time).
pub fn tracking_key_fits(secret: &[u8], tracking_id: &str, key: &str) -> bool {
    URL_SAFE_NO_PAD.decode(key.trim()).is_ok_and(|bytes| {
        tracking_mac(secret, tracking_id)
            .verify_slice(&bytes)
            .is_ok()
    })
}

fn tracking_mac(secret: &[u8], tracking_id: &str) -> Hmac<Sha256> {
    // Domain-separated from booking tokens and grants, which sign "v1.<payload>".
    mac(secret, &format!("tracking-key\0{tracking_id}"))
}

/// Claims that expire.
pub trait HasExpiry {
    /// Unix seconds.
    fn expiry(&self) -> u64;
}

impl HasExpiry for BookingClaims {
    fn expiry(&self) -> u64 {
        self.exp
    }
}

impl HasExpiry for GrantClaims {
    fn expiry(&self) -> u64 {
        self.exp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> BookingClaims {
        BookingClaims {
            booking_id: "ES1".into(),
            tracking_id: Some("T1".into()),
            legacy_tracking_ids: vec![],
            iccids: vec!["8944".into()],
            exp: 2_000,
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let token = sign(b"secret", &claims());
        assert!(token.starts_with("v1."));
        assert_eq!(
            verify::<BookingClaims>(b"secret", &token, 1_000),
            Ok(claims())
        );
        assert_eq!(
            verify::<BookingClaims>(b"other", &token, 1_000),
            Err(TokenError::Signature)
        );
        assert_eq!(
            verify::<BookingClaims>(b"secret", &token, 2_000),
            Err(TokenError::Expired)
        );
        assert_eq!(
            verify::<BookingClaims>(b"secret", "v1.abc", 1_000),
            Err(TokenError::Malformed)
        );
        // Swapping in another booking's payload breaks the signature.
        let other = sign(
            b"secret",
            &BookingClaims {
                booking_id: "ES2".into(),
                ..claims()
            },
        );
        let forged = format!(
            "v1.{}.{}",
            other.split('.').nth(1).unwrap(),
            token.split('.').nth(2).unwrap()
        );
        assert_eq!(
            verify::<BookingClaims>(b"secret", &forged, 1_000),
            Err(TokenError::Signature)
        );
    }

    #[test]
    fn tokens_minted_before_tr_keep_their_tracking_id() {
        #[derive(Serialize)]
        struct Legacy {
            b: &'static str,
            t: [&'static str; 2],
            i: [&'static str; 1],
            exp: u64,
        }
        let legacy = Legacy {
            b: "ES1",
            t: ["BT1", "PT1"],
            i: ["8944"],
            exp: now() + 60,
        };
        let token = sign(b"secret-secret-secret-secret-secret", &legacy);
        let claims: BookingClaims =
            verify(b"secret-secret-secret-secret-secret", &token, now()).unwrap();
        assert_eq!(claims.tracking().as_deref(), Some("BT1"));
        // Written again, a token names it as `tr`.
        let fresh = BookingClaims {
            tracking_id: claims.tracking(),
            ..claims
        };
        assert!(serde_json::to_string(&fresh)
            .unwrap()
            .contains("\"tr\":\"BT1\""));
    }

    #[test]
    fn tracking_keys_prove_the_id() {
        let key = tracking_key(b"secret", "BT1");
        assert!(tracking_key_fits(b"secret", "BT1", &key));
        assert!(!tracking_key_fits(b"secret", "BT2", &key));
        assert!(!tracking_key_fits(b"other", "BT1", &key));
        assert!(!tracking_key_fits(b"secret", "BT1", ""));
        assert!(!tracking_key_fits(b"secret", "BT1", "not base64 !"));
        // Not a booking token's signature of the same text.
        assert_ne!(key, tracking_key(b"secret", "BT1 "));
    }

    #[test]
    fn grants_are_their_own_kind() {
        let grant = GrantClaims {
            booking_tracking_id: "BT".into(),
            quantity: 2,
            exp: 2_000,
        };
        let token = sign(b"secret", &grant);
        assert_eq!(verify::<GrantClaims>(b"secret", &token, 1), Ok(grant));
        // A grant is not a booking token (its payload lacks a booking id).
        assert!(verify::<BookingClaims>(b"secret", &token, 1).is_err());
    }
}
