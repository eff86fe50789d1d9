//! The proxy's rules about bookings: who may read them, how they are paid, where
//! the browser may be sent, and that a booking is made once.

use crate::error::ProxyError;
use crate::token::{self, BookingClaims, GrantClaims};
use itt_contract::recognize::{self, Node};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;
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

/// Where a create-booking stands, per `booking_tracking_id`.
#[derive(Clone, Debug)]
pub enum Once {
    /// Sent upstream, no answer yet.
    InFlight,
    /// Answered: the very same request gets the same answer.
    Done {
        /// HTTP status.
        status: u16,
        /// Body as sent to the browser (with its booking token).
        body: String,
        /// SHA-256 of the request that made it.
        fingerprint: [u8; 32],
        /// When it was answered.
        at: Instant,
    },
    /// Sent, but the outcome was lost (timeout, broken answer): never resent.
    Unknown,
}

/// How long the exactly-once record keeps a booking.
pub const ONCE_TTL: Duration = Duration::from_secs(48 * 3600);
/// Most bookings remembered at once; the oldest are forgotten first.
pub const ONCE_CAP: usize = 50_000;

/// Request fields that must be text (or a number) when present: the rules read them.
const TEXT_FIELDS: [&str; 8] = [
    "booking_id",
    "eSim_iccid",
    "tracking_id",
    "booking_tracking_id",
    "package_tracking_id",
    "package_id",
    "redirect_url",
    "payment_grant",
];

/// Refuses a request whose checked fields are not plain values (an array
/// `redirect_url` must not slip past the redirect check).
pub fn require_text_fields(body: &Map<String, Value>) -> Result<(), ProxyError> {
    for key in TEXT_FIELDS {
        match body.get(key) {
            None | Some(Value::String(_)) | Some(Value::Number(_)) => {}
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

/// Whether an authority (`host[:port]`) is this machine: `localhost` or a loopback IP.
pub fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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
    /// Exactly-once record of create-booking, with when each entry was made.
    pub bookings: Mutex<HashMap<String, (Instant, Once)>>,
    /// Recent data-usage answers by ICCID.
    pub usage: Mutex<HashMap<String, (Instant, u16, String)>>,
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
    Node::deserialize(&Value::Object(answer.clone())).unwrap_or_default()
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
    /// Starts a create-booking: `Ok(Some(answer))` to replay the first answer to
    /// the same request, an error when it must not be sent, `Ok(None)` to send it.
    pub fn begin_booking(
        &self,
        key: &str,
        fingerprint: [u8; 32],
    ) -> Result<Option<(u16, String)>, ProxyError> {
        let mut bookings = self.bookings.lock().unwrap_or_else(|e| e.into_inner());
        bookings.retain(|_, (at, _)| at.elapsed() < ONCE_TTL);
        if bookings.len() >= ONCE_CAP {
            if let Some(oldest) = bookings
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
            {
                bookings.remove(&oldest);
            }
        }
        match bookings.get(key).map(|(_, once)| once) {
            Some(Once::Done {
                status,
                body,
                fingerprint: first,
                ..
            }) if *first == fingerprint => Ok(Some((*status, body.clone()))),
            Some(Once::Done { .. }) => Err(ProxyError::BookingConflict),
            Some(Once::InFlight) => Err(ProxyError::BookingInProgress),
            Some(Once::Unknown) => Err(ProxyError::BookingOutcomeUnknown),
            None => {
                bookings.insert(key.to_string(), (Instant::now(), Once::InFlight));
                Ok(None)
            }
        }
    }

    /// Records how a create-booking ended (`None`: nothing booked, may be retried).
    pub fn record(&self, key: String, outcome: Option<Once>) {
        let mut bookings = self.bookings.lock().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Some(once) => {
                bookings.insert(key, (Instant::now(), once));
            }
            None => {
                bookings.remove(&key);
            }
        }
    }

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

    /// The payment type for a booking: `account_balance` only with a valid grant
    /// for this very booking and quantity, otherwise the hosted payment page.
    pub fn payment_type(&self, body: &mut Map<String, Value>) -> Result<String, ProxyError> {
        let Some(grant) = body.remove("payment_grant") else {
            return Ok(self.hosted_payment_type.clone());
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
        body.insert("eSim_quantity".into(), Value::from(quantity));
        let subject = text(body, "booking_tracking_id");
        let (Some(secret), Some(grant), Some(subject)) =
            (&self.grant_secret, grant.as_str(), subject)
        else {
            return Ok(self.hosted_payment_type.clone());
        };
        match token::verify::<GrantClaims>(secret, grant, token::now()) {
            Ok(claims) if claims.booking_tracking_id == subject && claims.quantity == quantity => {
                Ok("account_balance".to_string())
            }
            Ok(_) | Err(_) => {
                tracing::warn!("payment grant refused; using the hosted payment page");
                Ok(self.hosted_payment_type.clone())
            }
        }
    }

    /// Refuses a `redirect_url` outside the allowed origins (no open redirect).
    pub fn check_redirect(&self, body: &Map<String, Value>) -> Result<(), ProxyError> {
        let Some(url) = text(body, "redirect_url") else {
            return Ok(());
        };
        match origin_of(&url) {
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
                (scheme == "https"
                    || host.starts_with("127.0.0.1")
                    || host.starts_with("localhost"))
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
    pub fn cached_usage(&self, iccid: &str) -> Option<(u16, String)> {
        let mut cache = self.usage.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (at, ..)| at.elapsed() < self.usage_ttl);
        cache
            .get(iccid)
            .map(|(_, status, body)| (*status, body.clone()))
    }

    /// Remembers a data-usage answer.
    pub fn remember_usage(&self, iccid: String, status: u16, body: String) {
        if self.usage_ttl.is_zero() {
            return;
        }
        self.usage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(iccid, (Instant::now(), status, body));
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
    fn loopback_is_parsed_not_prefixed() {
        assert!(is_loopback_authority("127.0.0.1:8080"));
        assert!(is_loopback_authority("localhost"));
        assert!(is_loopback_authority("[::1]:9000"));
        assert!(!is_loopback_authority("localhost.evil.example"));
        assert!(!is_loopback_authority("127.0.0.1.evil.example"));
        assert!(!is_loopback_authority("evil.example:8080"));
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
