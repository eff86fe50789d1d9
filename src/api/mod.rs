//! The widget's client for the ITT eSIM API, spoken through the hotel's proxy.
//!
//! Everything here except [`http`] is pure Rust: requests are built and answers
//! decoded natively, so `cargo test` covers the contract. [`http`] is the one
//! place that touches the browser's `fetch`.

pub mod booking;
pub mod client;
pub mod devices;
pub mod http;
pub mod install;
pub mod lenient;
pub mod model;
pub mod package;
pub mod search;
pub mod topup;
pub mod usage;

use crate::i18n::{Locale, Msg};
use serde::Deserialize;

/// Operations the browser may call through the proxy (`POST {proxy}/esim/<name>`).
///
/// The twelfth ITT operation, webhook registration, is server-side only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Plans for a destination.
    Search,
    /// One package in detail, before booking.
    SingleEsimPackage,
    /// The traveller's details on the pending booking.
    UpdateCustomerInfo,
    /// Book (and get the payment page).
    CreateBooking,
    /// A booking's state and eSIMs.
    BookingDetails,
    /// Data left on an eSIM.
    DataUsage,
    /// How to install an eSIM, per platform.
    InstallationInstructions,
    /// Phones that can use an eSIM.
    CompatibleDevices,
    /// Top-ups offered for an eSIM.
    TopupPackages,
    /// Book a top-up.
    CreateTopupBooking,
    /// Top-ups bought for an eSIM.
    TopupHistory,
}

impl Operation {
    /// Every browser operation.
    pub const ALL: [Operation; 11] = [
        Operation::Search,
        Operation::SingleEsimPackage,
        Operation::UpdateCustomerInfo,
        Operation::CreateBooking,
        Operation::BookingDetails,
        Operation::DataUsage,
        Operation::InstallationInstructions,
        Operation::CompatibleDevices,
        Operation::TopupPackages,
        Operation::CreateTopupBooking,
        Operation::TopupHistory,
    ];

    /// The fixed operation name in the proxy path.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Search => "search",
            Operation::SingleEsimPackage => "single-esim-package",
            Operation::UpdateCustomerInfo => "update-customer-info",
            Operation::CreateBooking => "create-booking",
            Operation::BookingDetails => "booking-details",
            Operation::DataUsage => "data-usage",
            Operation::InstallationInstructions => "installation-instructions",
            Operation::CompatibleDevices => "compatible-devices",
            Operation::TopupPackages => "topup-packages",
            Operation::CreateTopupBooking => "create-topup-booking",
            Operation::TopupHistory => "topup-history",
        }
    }

    /// The operation with this proxy name.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// A decoded answer that still has to prove it carries what the UI needs.
///
/// `Raw` is the tolerant wire shape (every field optional); `finish` turns it
/// into the domain value or names the essential field that is missing.
pub trait Reply: serde::de::DeserializeOwned {
    /// The domain value.
    type Output;
    /// The domain value, or the name of the missing essential field.
    fn finish(self) -> Result<Self::Output, &'static str>;
}

/// What came back from the proxy, before interpretation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The body text.
    pub body: String,
}

/// Everything that can go wrong talking to the eSIM service.
///
/// `Display` is the developer detail (for logs and the `itt-esim:error` event);
/// [`ApiError::message`] is the sentence a traveller sees.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, DNS, CORS refusal).
    #[error("network error calling {operation}: {detail}")]
    Network {
        /// Operation name.
        operation: &'static str,
        /// What the browser said.
        detail: String,
    },
    /// No answer within the time limit.
    #[error("{operation} timed out after {after_ms} ms")]
    Timeout {
        /// Operation name.
        operation: &'static str,
        /// The limit that passed.
        after_ms: u32,
    },
    /// HTTP 429.
    #[error("{operation} was rate limited (Retry-After: {})", seconds_text(*.retry_after_secs))]
    RateLimited {
        /// Operation name.
        operation: &'static str,
        /// Seconds to wait, when the server said.
        retry_after_secs: Option<u64>,
    },
    /// Any other non-2xx status.
    #[error("{operation} failed with HTTP {status}: {reason}")]
    Http {
        /// Operation name.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// ITT's `reason` when the body had one, otherwise a short excerpt.
        reason: String,
        /// The proxy's stable `error` code when the body had one (e.g.
        /// `tracking_key_invalid`, `grant_expired`, `booking_outcome_unknown`):
        /// what tells refusals with the same status apart. Never shown to travellers.
        code: Option<String>,
    },
    /// A 2xx answer that is not the expected JSON.
    #[error("{operation} returned a body that could not be decoded: {detail}")]
    Decode {
        /// Operation name.
        operation: &'static str,
        /// The decoder's complaint.
        detail: String,
    },
    /// ITT answered success but without a field the widget cannot do without.
    #[error("{operation} answered without `{field}`")]
    Incomplete {
        /// Operation name.
        operation: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// ITT answered, but `status` was not success.
    #[error("{operation} was declined by ITT: {reason}")]
    Api {
        /// Operation name.
        operation: &'static str,
        /// ITT's `reason`.
        reason: String,
    },
}

impl ApiError {
    /// A short stable code for hosts and logs (`itt-esim:error` `detail.code`).
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Network { .. } => "network",
            ApiError::Timeout { .. } => "timeout",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Http { .. } => "http",
            ApiError::Decode { .. } => "decode",
            ApiError::Incomplete { .. } => "incomplete",
            ApiError::Api { .. } => "api",
        }
    }

    /// The catalog message a traveller sees.
    pub fn message(&self, locale: Locale) -> &'static str {
        let msg = match self {
            ApiError::Network { .. } => Msg::ErrNetwork,
            ApiError::Timeout { .. } => Msg::ErrTimeout,
            ApiError::RateLimited { .. } => Msg::ErrRateLimited,
            ApiError::Http { status, .. } if *status == 429 => Msg::ErrRateLimited,
            ApiError::Http { .. } if self.proxy_code() == Some(TRACKING_KEY_INVALID) => {
                Msg::ErrTrackingRefused
            }
            ApiError::Http { .. }
                if matches!(self.proxy_code(), Some(GRANT_INVALID | GRANT_EXPIRED)) =>
            {
                Msg::ErrGrantRefused
            }
            ApiError::Http { .. } => Msg::ErrServer,
            ApiError::Decode { .. } | ApiError::Incomplete { .. } => Msg::ErrDecode,
            ApiError::Api { .. } => Msg::ErrApi,
        };
        crate::i18n::t(locale, msg)
    }

    /// The proxy's `error` code of a non-2xx answer, if it gave one.
    pub fn proxy_code(&self) -> Option<&str> {
        match self {
            ApiError::Http { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Whether the request was refused before anything was forwarded to ITT
    /// this time: too many requests (429, read as [`ApiError::RateLimited`]), or
    /// a refusal the proxy names in [`NOT_SENT`].
    pub fn not_sent(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. } | ApiError::Http { status: 429, .. }
        ) || self.proxy_code().is_some_and(|c| NOT_SENT.contains(&c))
    }

    /// Whether a failed purchase (a booking or a top-up) may have been made all
    /// the same, so it must be followed up, never offered again blindly: the
    /// answer was lost, cut short or unreadable (time limit, network, an
    /// undecodable or incomplete body), the server failed after it may have
    /// forwarded it (5xx, such as `booking_outcome_unknown`), or the proxy
    /// already holds one in flight for it (409, `booking_in_progress`). Never
    /// for a refusal that sent nothing ([`ApiError::not_sent`]).
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Timeout { .. }
            | ApiError::Network { .. }
            | ApiError::Decode { .. }
            | ApiError::Incomplete { .. } => true,
            ApiError::Http { status, .. } => !self.not_sent() && (*status >= 500 || *status == 409),
            _ => false,
        }
    }
}

/// The proxy's refusal of an `update-customer-info` or `create-booking` whose
/// `tracking_key` is missing or wrong (HTTP 403): nothing was forwarded.
pub const TRACKING_KEY_INVALID: &str = "tracking_key_invalid";
/// The proxy's refusal of a hotel-paid `create-booking` whose payment grant is
/// missing or not valid (HTTP 403): nothing was booked.
pub const GRANT_INVALID: &str = "grant_invalid";
/// The proxy's refusal of a hotel-paid `create-booking` whose payment grant has
/// expired (HTTP 403): nothing was booked; a fresh grant may be asked for.
pub const GRANT_EXPIRED: &str = "grant_expired";

/// The proxy's refusals of a purchase that prove it was not sent to ITT this time:
/// its exactly-once record is full or its state store unavailable (today's
/// `store_unavailable`, older proxies' `booking_record_unavailable`), it is busy,
/// ITT could not be reached, or the client is over its limits.
pub const NOT_SENT: [&str; 7] = [
    "booking_record_full",
    "store_unavailable",
    "booking_record_unavailable",
    "busy",
    "upstream_unreachable",
    "rate_limited",
    "too_many_concurrent",
];

/// The envelope every ITT answer shares. Both spellings are separate fields, not
/// serde aliases: an answer carrying both must not fail as a "duplicate field".
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
    #[serde(default, rename = "Status", deserialize_with = "lenient::opt_string")]
    status_capitalised: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    reason: Option<String>,
    #[serde(default, rename = "Reason", deserialize_with = "lenient::opt_string")]
    reason_capitalised: Option<String>,
    /// The proxy's own stable code on its refusals (`{"status":"failed","error":…}`).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    error: Option<String>,
}

/// Interprets a proxy answer: HTTP status first, then ITT's `status`, then the body.
pub fn decode<T: serde::de::DeserializeOwned>(
    operation: Operation,
    raw: &RawResponse,
) -> Result<T, ApiError> {
    check(operation, raw)?;
    serde_json::from_str(&raw.body).map_err(|e| ApiError::Decode {
        operation: operation.name(),
        detail: e.to_string(),
    })
}

/// The part of [`decode`] that does not depend on the answer's type (HTTP status,
/// the envelope's `status`), compiled once rather than once per reader.
#[inline(never)]
fn check(operation: Operation, raw: &RawResponse) -> Result<(), ApiError> {
    let op = operation.name();
    let envelope: Option<Envelope> =
        serde_json::from_str::<Envelope>(&raw.body)
            .ok()
            .map(|e| Envelope {
                status: e.status.or(e.status_capitalised),
                reason: e.reason.or(e.reason_capitalised),
                status_capitalised: None,
                reason_capitalised: None,
                error: e.error,
            });
    let reason = envelope.as_ref().and_then(|e| e.reason.clone());
    if raw.status == 429 {
        return Err(ApiError::RateLimited {
            operation: op,
            retry_after_secs: raw
                .retry_after
                .as_deref()
                .and_then(|s| s.trim().parse().ok()),
        });
    }
    if !(200..300).contains(&raw.status) {
        return Err(ApiError::Http {
            operation: op,
            status: raw.status,
            reason: reason.unwrap_or_else(|| excerpt(&raw.body)),
            code: envelope.and_then(|e| e.error),
        });
    }
    let Some(envelope) = envelope else {
        return Err(ApiError::Decode {
            operation: op,
            detail: format!("not a JSON object: {}", excerpt(&raw.body)),
        });
    };
    // The proxy decides with the same rule (`itt_contract::recognize::succeeded`).
    let success = itt_contract::recognize::status_says_success(envelope.status.as_deref());
    if !success {
        return Err(ApiError::Api {
            operation: op,
            reason: envelope
                .reason
                .unwrap_or_else(|| "no reason given".to_string()),
        });
    }
    Ok(())
}

/// "7 s" or "not given", for developer messages.
fn seconds_text(secs: Option<u64>) -> String {
    secs.map_or_else(|| "not given".to_string(), |s| format!("{s} s"))
}

/// Decodes an answer into its domain value: [`decode`], then [`Reply::finish`].
pub fn decode_reply<R: Reply>(
    operation: Operation,
    raw: &RawResponse,
) -> Result<R::Output, ApiError> {
    decode::<R>(operation, raw)?
        .finish()
        .map_err(|field| ApiError::Incomplete {
            operation: operation.name(),
            field,
        })
}

/// The first characters of a body, for developer messages (never shown to travellers).
fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "(empty body)".to_string();
    }
    let mut out: String = trimmed.chars().take(120).collect();
    if trimmed.chars().count() > 120 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
