//! The proxy's rules about bookings: who may read them, how they are paid, where
//! the browser may be sent, and that a booking is made once.

use crate::error::ProxyError;
use crate::store::{OnceStore, Recorded, Shared, UsageCache};
use crate::token::{self, BookingClaims, GrantClaims};
pub use crate::wire::MAX_ID_CHARS;
use itt_contract::net::is_loopback_authority;
use itt_contract::recognize::{self, Node};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Operations about an existing booking: they need its booking token.
pub const TOKEN_OPERATIONS: [&str; 6] = [
    "booking-details",
    "data-usage",
    "installation-instructions",
    "topup-packages",
    "create-topup-booking",
    "topup-history",
];

/// Request fields that must be text (or a number) when present, with their longest
/// accepted length in characters: the rules read them and the record keys on them.
/// ITT's ids are short; a cap keeps junk ids from costing memory.
pub const TEXT_FIELDS: [(&str, usize); 11] = [
    ("booking_id", MAX_ID_CHARS),
    ("eSim_iccid", MAX_ID_CHARS),
    ("tracking_id", MAX_ID_CHARS),
    ("booking_tracking_id", MAX_ID_CHARS),
    ("package_tracking_id", MAX_ID_CHARS),
    ("topup_tracking_id", MAX_ID_CHARS),
    ("package_id", MAX_ID_CHARS),
    ("tracking_key", MAX_ID_CHARS),
    ("redirect_url", 2048),
    ("payment_grant", 2048),
    ("payment_type", 32),
];

/// Most data-usage answers cached at once.
pub const USAGE_CAP: usize = 20_000;
/// Largest data-usage answer cached (ITT's are well under 2 KB).
pub const USAGE_MAX_BODY: usize = 4 * 1024;

/// Longest booking token accepted (a token with many ICCIDs stays far below).
pub const MAX_TOKEN_CHARS: usize = 8192;

/// Refuses a request whose checked fields are not plain values (an array
/// `redirect_url` must not slip past the redirect check) or are too long.
pub fn require_text_fields(body: &Map<String, Value>) -> Result<(), ProxyError> {
    for (key, max) in TEXT_FIELDS {
        match body.get(key) {
            None | Some(Value::Null | Value::Number(_)) => {}
            Some(Value::String(s)) if s.chars().count() > max => {
                return Err(ProxyError::FieldTooLong(key, max))
            }
            Some(Value::String(_)) => {}
            Some(_) => return Err(ProxyError::BadField(key)),
        }
    }
    Ok(())
}

/// SHA-256 of a request body in canonical form (keys sorted).
pub fn fingerprint(body: &Map<String, Value>) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(Value::Object(body.clone()).to_string().as_bytes()).into()
}

/// The booking rules and their small in-memory stores.
pub struct Policy {
    /// HMAC secret of booking tokens.
    pub token_secret: Vec<u8>,
    /// How long a booking token lasts.
    pub token_ttl: Duration,
    /// HMAC secret of payment grants (`None`: `account_balance` is never allowed).
    pub grant_secret: Option<Vec<u8>>,
    /// Payment type used without a grant: `onlinepayment` or `card`.
    pub hosted_payment_type: String,
    /// Origins `redirect_url` may point to.
    pub redirect_origins: Vec<String>,
    /// Hosts (with port when not default) the payment page may be on.
    pub payment_hosts: Vec<String>,
    /// How long a data-usage answer is reused for the same ICCID.
    pub usage_ttl: Duration,
    /// Exactly-once record of create-booking and create-topup-booking.
    pub once: Arc<dyn OnceStore>,
    /// How long a retry waits for the same purchase in flight before hearing "in progress".
    pub once_wait: Duration,
    /// Recent data-usage answers by ICCID (this instance's; used while `shared_usage`
    /// is down or absent).
    pub usage: Mutex<HashMap<String, (Instant, u16, String)>>,
    /// Data-usage answers shared by every instance.
    pub shared_usage: Option<Shared<dyn UsageCache>>,
    /// Top-up offers forwarded, so a purchase buys only what its caller was offered.
    pub topup_offers: crate::topups::TopupOffers,
}

/// A text field, tolerant of ITT's stray commas.
pub fn text(body: &Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => {
            let t = s.trim().trim_end_matches(',').trim();
            (!t.is_empty() && t != "null").then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An answer as the shared recognition reads it.
pub fn node(answer: &Map<String, Value>) -> Node {
    // Read from the map itself: no copy of the answer.
    Node::deserialize(answer).unwrap_or_default()
}

/// ICCIDs of the eSIMs in an answer, recognised by content wherever ITT put them
/// (the same recognition the widget shows them with).
pub fn iccids(answer: &Node) -> Vec<String> {
    let mut out: Vec<String> = recognize::esims(answer)
        .into_iter()
        .filter_map(|e| e.iccid)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every payment page address in an answer, wherever ITT put it (the widget opens
/// the first; the proxy checks them all).
pub fn payment_urls(answer: &Node) -> Vec<String> {
    recognize::payment_urls(answer)
        .into_iter()
        .map(|(_, url)| url)
        .collect()
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased.
pub fn origin_of(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
        return None;
    }
    Some(format!("{scheme}://{authority}"))
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets stay out of any debug output.
        f.debug_struct("Policy")
            .field("hosted_payment_type", &self.hosted_payment_type)
            .field("redirect_origins", &self.redirect_origins)
            .field("payment_hosts", &self.payment_hosts)
            .finish_non_exhaustive()
    }
}

impl Policy {
    /// Checks the booking token for an operation about a booking and that every
    /// id and ICCID in the request is one the token lists.
    pub fn authorize(
        &self,
        operation: &str,
        token: Option<&str>,
        body: &Map<String, Value>,
    ) -> Result<Option<BookingClaims>, ProxyError> {
        if !TOKEN_OPERATIONS.contains(&operation) {
            return Ok(None);
        }
        let token = token.ok_or(ProxyError::TokenMissing)?;
        if token.len() > MAX_TOKEN_CHARS {
            return Err(ProxyError::TokenInvalid("too long".into()));
        }
        let claims: BookingClaims = token::verify(&self.token_secret, token, token::now())
            .map_err(|e| ProxyError::TokenInvalid(e.to_string()))?;
        if let Some(id) = text(body, "booking_id") {
            if id != claims.booking_id {
                return Err(ProxyError::NotYours("booking_id"));
            }
        }
        if let Some(iccid) = text(body, "eSim_iccid") {
            if !claims.iccids.contains(&iccid) {
                return Err(ProxyError::NotYours("eSim_iccid"));
            }
        }
        // The booking's tracking id comes from the token; a browser value must agree.
        if let Some(field) = crate::wire::token_field(operation) {
            let Some(tracking) = claims.tracking() else {
                return Err(ProxyError::TokenWithoutTracking);
            };
            if text(body, field).is_some_and(|sent| sent != tracking) {
                return Err(ProxyError::NotYours(field));
            }
        }
        // Booking details without a booking id would read nothing useful: pin it.
        if operation == "booking-details" && text(body, "booking_id").is_none() {
            return Err(ProxyError::NotYours("booking_id"));
        }
        if [
            "data-usage",
            "installation-instructions",
            "topup-packages",
            "topup-history",
        ]
        .contains(&operation)
            && text(body, "eSim_iccid").is_none()
        {
            return Err(ProxyError::NotYours("eSim_iccid"));
        }
        Ok(Some(claims))
    }

    /// Checks and removes the request's `tracking_key`: it must be the one this
    /// proxy gave with the `booking_tracking_id` (in the single-esim-package answer).
    pub fn check_tracking_key(&self, body: &mut Map<String, Value>) -> Result<(), ProxyError> {
        let key = body.remove("tracking_key");
        let Some(tracking) = text(body, "booking_tracking_id") else {
            // Nothing to pre-empt: ITT refuses it with its own "field is required".
            return Ok(());
        };
        let Some(Value::String(key)) = key else {
            return Err(ProxyError::TrackingKeyInvalid);
        };
        if token::tracking_key_fits(&self.token_secret, &tracking, &key) {
            Ok(())
        } else {
            Err(ProxyError::TrackingKeyInvalid)
        }
    }

    /// The payment type for a booking: `account_balance` only with a valid grant
    /// for this very booking and quantity, otherwise the hosted payment page.
    ///
    /// A booking that asks for the hotel's balance (it carries a `payment_grant`, or
    /// says `account_balance`) is never moved to the traveller's payment: a missing,
    /// invalid or expired grant is refused with its own error.
    pub fn payment_type(&self, body: &mut Map<String, Value>) -> Result<String, ProxyError> {
        let grant = body.remove("payment_grant");
        let asks_balance = grant.is_some()
            || body
                .get("payment_type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("account_balance"));
        if !asks_balance {
            return Ok(self.hosted_payment_type.clone());
        }
        let Some(secret) = &self.grant_secret else {
            tracing::warn!(
                "a booking asked for the hotel's balance, but ITT_GRANT_SECRET is not set: \
                 refused (set ITT_GRANT_SECRET to the secret the hotel's grant endpoint signs with)"
            );
            return Err(ProxyError::GrantInvalid);
        };
        // With a grant the quantity must be exact: it is what the hotel agreed to pay for.
        let quantity = match body.get("eSim_quantity") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok()
            }
            _ => None,
        }
        .filter(|q| *q >= 1)
        .ok_or(ProxyError::BadField("eSim_quantity"))?;
        let (Some(grant), Some(subject)) = (
            grant.as_ref().and_then(Value::as_str),
            text(body, "booking_tracking_id"),
        ) else {
            return Err(ProxyError::GrantInvalid);
        };
        match token::verify::<GrantClaims>(secret, grant, token::now()) {
            Ok(claims) if claims.booking_tracking_id == subject && claims.quantity == quantity => {
                Ok("account_balance".to_string())
            }
            Err(token::TokenError::Expired) => Err(ProxyError::GrantExpired),
            Ok(_) | Err(_) => {
                tracing::info!("payment grant refused: not for this booking and quantity, or not signed with ITT_GRANT_SECRET");
                Err(ProxyError::GrantInvalid)
            }
        }
    }

    /// Refuses a `redirect_url` outside the allowed origins (no open redirect). An
    /// empty or placeholder value is refused like any other off-list value.
    pub fn check_redirect(&self, body: &Map<String, Value>) -> Result<(), ProxyError> {
        let url = match body.get("redirect_url") {
            None => return Ok(()),
            Some(Value::String(url)) => url.trim(),
            Some(_) => return Err(ProxyError::RedirectNotAllowed),
        };
        match origin_of(url) {
            Some(origin)
                if self
                    .redirect_origins
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(&origin)) =>
            {
                Ok(())
            }
            _ => Err(ProxyError::RedirectNotAllowed),
        }
    }

    /// Refuses an answer whose payment page is not on an allowed payment host.
    pub fn check_payment_url(&self, answer: &Node) -> Result<(), ProxyError> {
        let urls = payment_urls(answer);
        if urls.len() > recognize::MAX_PAYMENT_URLS {
            tracing::warn!("answer with too many payment URLs refused");
            return Err(ProxyError::PaymentUrlNotAllowed);
        }
        for url in urls {
            self.check_one_payment_url(&url)?;
        }
        Ok(())
    }

    fn check_one_payment_url(&self, url: &str) -> Result<(), ProxyError> {
        let allowed = origin_of(url)
            .and_then(|o| {
                o.split_once("://")
                    .map(|(s, h)| (s.to_string(), h.to_string()))
            })
            .is_some_and(|(scheme, host)| {
                (scheme == "https" || is_loopback_authority(&host))
                    && self
                        .payment_hosts
                        .iter()
                        .any(|h| h.eq_ignore_ascii_case(&host))
            });
        if allowed {
            Ok(())
        } else {
            tracing::warn!("payment URL outside the allowed payment hosts refused");
            Err(ProxyError::PaymentUrlNotAllowed)
        }
    }

    /// A booking token for a booking answer.
    pub fn token_for(
        &self,
        booking_id: String,
        tracking_id: Option<String>,
        iccids: Vec<String>,
    ) -> String {
        token::sign(
            &self.token_secret,
            &BookingClaims {
                booking_id,
                tracking_id,
                legacy_tracking_ids: Vec::new(),
                iccids,
                exp: token::now() + self.token_ttl.as_secs(),
            },
        )
    }

    /// A cached data-usage answer for `iccid`, while fresh.
    pub async fn cached_usage(&self, iccid: &str) -> Option<(u16, String)> {
        if self.usage_ttl.is_zero() {
            return None;
        }
        if let Some(shared) = &self.shared_usage {
            if let Some(found) = shared.attempt(|cache| cache.get(iccid)).await {
                return found.map(|r| (r.status, r.body));
            }
        }
        let mut cache = self.usage.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (at, ..)| at.elapsed() < self.usage_ttl);
        cache
            .get(iccid)
            .map(|(_, status, body)| (*status, body.clone()))
    }

    /// Remembers a data-usage answer (bounded: at most [`USAGE_CAP`] answers of at most
    /// [`USAGE_MAX_BODY`] bytes; when full, nothing more is cached until entries expire).
    pub async fn remember_usage(&self, iccid: String, status: u16, body: String) {
        if self.usage_ttl.is_zero() || body.len() > USAGE_MAX_BODY {
            return;
        }
        if let Some(shared) = &self.shared_usage {
            let answer = Recorded { status, body };
            let ttl = self.usage_ttl;
            let put = shared.attempt(|cache| cache.put(&iccid, &answer, ttl));
            if put.await.is_none() {
                self.remember_local(iccid, answer.status, answer.body);
            }
            return;
        }
        self.remember_local(iccid, status, body);
    }

    fn remember_local(&self, iccid: String, status: u16, body: String) {
        let mut cache = self.usage.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= USAGE_CAP {
            cache.retain(|_, (at, ..)| at.elapsed() < self.usage_ttl);
            if cache.len() >= USAGE_CAP {
                return;
            }
        }
        cache.insert(iccid, (Instant::now(), status, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn esim(iccid: &str) -> Value {
        json!({"iccid": iccid, "qrcode": format!("LPA:1$lpa.example$M{iccid}")})
    }

    #[test]
    fn finds_iccids_and_payment_urls_in_any_shape() {
        let odd = map(json!({
            "booking": {"payment_url": "https://pay.example/x,"},
            "data": {"esims": {"0": esim("111,"), "1": esim("222")}},
            "eSim": [esim("111")],
        }));
        assert_eq!(iccids(&node(&odd)), vec!["111", "222"]);
        assert_eq!(payment_urls(&node(&odd)), vec!["https://pay.example/x"]);
        let topup = map(
            json!({"voucher": esim("333"), "general": {"x": {"pay_url": "https://p.example"}}}),
        );
        assert_eq!(iccids(&node(&topup)), vec!["333"]);
        assert_eq!(payment_urls(&node(&topup)), vec!["https://p.example"]);
        // An ICCID without an activation string is not an issued eSIM.
        assert!(iccids(&node(&map(json!({"data": {"iccid": "444"}})))).is_empty());
    }

    #[test]
    fn checked_fields_must_be_text() {
        assert!(
            require_text_fields(&map(json!({"redirect_url": "https://a", "booking_id": 5})))
                .is_ok()
        );
        assert!(require_text_fields(&map(json!({"redirect_url": ["https://evil"]}))).is_err());
        assert!(require_text_fields(&map(json!({"eSim_iccid": {"x": 1}}))).is_err());
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://Hotel.example/a?b").as_deref(),
            Some("https://hotel.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://user@evil.example"), None);
        assert_eq!(origin_of("//evil.example"), None);
    }
}
