//! Low-data events: signed like ITT's (HMAC-SHA512 of the body, hex, in a header).

use hmac::{Hmac, Mac};
use sha2::Sha512;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-ITT-Signature";

/// Hex HMAC-SHA512 of `body` with `secret`: what a receiver recomputes to trust an event.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha512>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` (hex) is `body`'s signature with `secret`, compared in constant time.
pub fn verify(secret: &str, body: &[u8], signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature.trim()) else {
        return false;
    };
    let mut mac =
        Hmac::<Sha512>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac.verify_slice(&bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies() {
        let sig = sign("secret", b"{\"level\":\"75%\"}");
        assert_eq!(sig.len(), 128, "512 bits in hex");
        assert!(verify("secret", b"{\"level\":\"75%\"}", &sig));
        assert!(!verify("other", b"{\"level\":\"75%\"}", &sig));
        assert!(!verify("secret", b"{\"level\":\"90%\"}", &sig));
        assert!(!verify("secret", b"x", "not hex"));
    }
}
