//! The proxy's one error type: small JSON for the browser, details only in logs.
//!
//! Every refusal is `{"status": "failed", "error": "<code>", "reason": "<sentence>"}`:
//! ITT's shape (so the widget's client reads `reason`) plus a stable code. No
//! upstream internals, addresses, headers or stack traces reach the browser.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The code of the [`ProxyError`] a response was made from, kept in its extensions
/// for the metrics (a label from a fixed list, never a client's value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCode(pub &'static str);

/// Why the proxy did not forward a request (or its answer).
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The operation is not one the browser may call.
    #[error("unknown operation {0:?}")]
    UnknownOperation(String),
    /// The body is not a JSON object.
    #[error("request body is not a JSON object: {0}")]
    BadBody(String),
    /// No connection to the upstream could be opened (the request was never sent).
    #[error("upstream unreachable: {0}")]
    UpstreamConnect(String),
    /// The exchange with the upstream broke after the request may have been sent.
    #[error("upstream exchange failed: {0}")]
    Upstream(String),
    /// The upstream answered something that is not ITT's JSON.
    #[error("upstream answered HTTP {0} without a JSON object")]
    UpstreamBadAnswer(u16),
    /// A checked field is not a plain value.
    #[error("field {0} must be text")]
    BadField(&'static str),
    /// The booking tracking id was already booked by a different request.
    #[error("booking tracking id already used by another request")]
    BookingConflict,
    /// The upstream took too long.
    #[error("upstream timed out")]
    UpstreamTimeout,
    /// A call about a booking came without its token.
    #[error("booking token missing")]
    TokenMissing,
    /// The token is forged, altered, malformed or expired.
    #[error("booking token refused: {0}")]
    TokenInvalid(String),
    /// The booking token has no `tr` (tracking id) claim, which ITT requires.
    #[error("booking token without the tracking id claim `tr`")]
    TokenWithoutTracking,
    /// The request names an id or ICCID its token does not list.
    #[error("{0} does not belong to the booking token")]
    NotYours(&'static str),
    /// `redirect_url` points outside the allowed origins.
    #[error("redirect_url outside the allowed origins")]
    RedirectNotAllowed,
    /// The upstream's payment page is not on an allowed payment host.
    #[error("payment URL outside the allowed payment hosts")]
    PaymentUrlNotAllowed,
    /// A purchase was sent and ITT's answer lost: it is never sent again. Carries
    /// the reference the traveller quotes (the tracking id).
    #[error("purchase outcome unknown")]
    BookingOutcomeUnknown(String),
    /// The request's tracking key is missing or not the one given with its tracking id.
    #[error("tracking key missing or wrong")]
    TrackingKeyInvalid,
    /// A booking asked for the hotel's balance without a valid grant.
    #[error("payment grant missing or invalid")]
    GrantInvalid,
    /// A booking asked for the hotel's balance with an expired grant.
    #[error("payment grant expired")]
    GrantExpired,
    /// A checked field is longer than the proxy accepts.
    #[error("field {0} longer than {1} characters")]
    FieldTooLong(&'static str, usize),
    /// The exactly-once record is full: no purchase may be sent.
    #[error("exactly-once record full")]
    RecordFull,
    /// The state store holding the exactly-once record cannot be read or written
    /// (or must not hold records now): nothing is sent.
    #[error("exactly-once record: {0}")]
    Store(#[from] crate::store::StoreError),
    /// The same booking is being created right now.
    #[error("booking already in progress")]
    BookingInProgress,
    /// The browser's origin is not allowed.
    #[error("origin not allowed")]
    OriginNotAllowed,
    /// Too many requests from this client.
    #[error("rate limited")]
    RateLimited(u64),
    /// Too many requests in flight overall.
    #[error("busy")]
    Busy,
    /// The request body did not arrive in full within the body timeout.
    #[error("request body not received in time")]
    BodyTimeout,
    /// The request body is larger than the body limit.
    #[error("request body too large")]
    BodyTooLarge,
    /// This client already has as many requests under way as it may.
    #[error("too many concurrent requests from one client")]
    TooManyConcurrent,
}

impl ProxyError {
    fn status(&self) -> StatusCode {
        match self {
            ProxyError::UnknownOperation(_) => StatusCode::NOT_FOUND,
            ProxyError::BadBody(_) => StatusCode::BAD_REQUEST,
            ProxyError::Upstream(_)
            | ProxyError::UpstreamConnect(_)
            | ProxyError::UpstreamBadAnswer(_)
            | ProxyError::PaymentUrlNotAllowed => StatusCode::BAD_GATEWAY,
            ProxyError::BadField(_) => StatusCode::BAD_REQUEST,
            ProxyError::BookingConflict => StatusCode::CONFLICT,
            ProxyError::UpstreamTimeout | ProxyError::BookingOutcomeUnknown(_) => {
                StatusCode::GATEWAY_TIMEOUT
            }
            ProxyError::TrackingKeyInvalid
            | ProxyError::GrantInvalid
            | ProxyError::GrantExpired => StatusCode::FORBIDDEN,
            ProxyError::FieldTooLong(..) => StatusCode::BAD_REQUEST,
            ProxyError::RecordFull | ProxyError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::TokenMissing
            | ProxyError::TokenInvalid(_)
            | ProxyError::TokenWithoutTracking => StatusCode::UNAUTHORIZED,
            ProxyError::NotYours(_) | ProxyError::OriginNotAllowed => StatusCode::FORBIDDEN,
            ProxyError::RedirectNotAllowed => StatusCode::UNPROCESSABLE_ENTITY,
            ProxyError::BookingInProgress => StatusCode::CONFLICT,
            ProxyError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ProxyError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ProxyError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProxyError::TooManyConcurrent => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// Stable code for the browser and logs.
    pub fn code(&self) -> &'static str {
        match self {
            ProxyError::UnknownOperation(_) => "unknown_operation",
            ProxyError::BadBody(_) => "bad_body",
            ProxyError::Upstream(_) | ProxyError::UpstreamConnect(_) => "upstream_unreachable",
            ProxyError::UpstreamBadAnswer(_) => "upstream_bad_answer",
            ProxyError::BadField(_) => "bad_field",
            ProxyError::BookingConflict => "booking_conflict",
            ProxyError::UpstreamTimeout => "upstream_timeout",
            ProxyError::TokenMissing => "booking_token_missing",
            ProxyError::TokenInvalid(_) => "booking_token_invalid",
            ProxyError::TokenWithoutTracking => "booking_token_without_tracking_id",
            ProxyError::NotYours(_) => "not_your_booking",
            ProxyError::RedirectNotAllowed => "redirect_not_allowed",
            ProxyError::PaymentUrlNotAllowed => "payment_url_not_allowed",
            ProxyError::BookingOutcomeUnknown(_) => "booking_outcome_unknown",
            ProxyError::TrackingKeyInvalid => "tracking_key_invalid",
            ProxyError::GrantInvalid => "grant_invalid",
            ProxyError::GrantExpired => "grant_expired",
            ProxyError::FieldTooLong(..) => "field_too_long",
            ProxyError::RecordFull => "booking_record_full",
            ProxyError::Store(_) => "store_unavailable",
            ProxyError::BookingInProgress => "booking_in_progress",
            ProxyError::OriginNotAllowed => "origin_not_allowed",
            ProxyError::RateLimited(_) => "rate_limited",
            ProxyError::Busy => "busy",
            ProxyError::BodyTimeout => "body_timeout",
            ProxyError::BodyTooLarge => "body_too_large",
            ProxyError::TooManyConcurrent => "too_many_concurrent",
        }
    }

    /// What the browser is told.
    fn public_reason(&self) -> String {
        match self {
            ProxyError::UnknownOperation(op) => {
                format!(
                    "Unknown operation: {}",
                    op.chars().take(40).collect::<String>()
                )
            }
            ProxyError::BadBody(_) => "The request body must be a JSON object.".into(),
            ProxyError::Upstream(_) | ProxyError::UpstreamConnect(_) => {
                "The eSIM service is unreachable.".into()
            }
            ProxyError::UpstreamBadAnswer(_) => {
                "The eSIM service gave an answer that could not be read.".into()
            }
            ProxyError::BadField(field) => format!("The {field} field must be a plain value."),
            ProxyError::BookingConflict => {
                "This booking was already made with other details.".into()
            }
            ProxyError::UpstreamTimeout => "The eSIM service did not answer in time.".into(),
            ProxyError::TokenMissing => {
                "This booking can only be read with its booking token.".into()
            }
            ProxyError::TokenInvalid(_) => "The booking token is not valid or has expired.".into(),
            // Said to the hotel's developers minting tokens for "my trip" pages.
            ProxyError::TokenWithoutTracking => "The booking token has no tracking id: mint it \
                with the claim \"tr\" set to the booking's tracking id (the booking_tracking_id \
                it was created with), as docs/proxy.md shows (\"Token and grant formats\")."
                .into(),
            ProxyError::NotYours(field) => format!("The {field} does not belong to this booking."),
            ProxyError::RedirectNotAllowed => "The redirect_url is not on an allowed site.".into(),
            ProxyError::PaymentUrlNotAllowed => {
                "The payment page is not on an allowed host.".into()
            }
            ProxyError::BookingOutcomeUnknown(reference) => format!(
                "We could not confirm whether this purchase was made, and it will not be made \
                 or charged a second time. Please contact the hotel and quote the reference \
                 {reference}."
            ),
            ProxyError::TrackingKeyInvalid => "This booking could not be confirmed as yours. \
                Please choose your plan again: nothing was booked or charged."
                .into(),
            ProxyError::GrantInvalid => "The hotel could not confirm its payment for this eSIM. \
                Nothing was booked or charged: please try again or contact the hotel."
                .into(),
            ProxyError::GrantExpired => "The hotel's payment approval for this eSIM expired. \
                Nothing was booked or charged: please try again."
                .into(),
            ProxyError::FieldTooLong(field, max) => {
                format!("The {field} field is longer than {max} characters.")
            }
            ProxyError::RecordFull | ProxyError::Store(_) => "Bookings cannot be taken right \
                now. Nothing was booked or charged: please try again in a few minutes."
                .into(),
            ProxyError::BookingInProgress => "This booking is already being made.".into(),
            ProxyError::OriginNotAllowed => "Requests from this site are not allowed.".into(),
            ProxyError::RateLimited(_) => "Too many requests. Please wait a moment.".into(),
            ProxyError::Busy => "The service is busy. Please try again shortly.".into(),
            ProxyError::BodyTimeout => "The request did not arrive in time.".into(),
            ProxyError::BodyTooLarge => "The request is too large.".into(),
            ProxyError::TooManyConcurrent => {
                "Too many requests at once. Please wait a moment.".into()
            }
        }
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::warn!(error = %self, code = self.code(), "proxy error");
        } else {
            tracing::info!(error = %self, code = self.code(), "request refused");
        }
        let mut response = (
            status,
            Json(
                json!({ "status": "failed", "error": self.code(), "reason": self.public_reason() }),
            ),
        )
            .into_response();
        if let ProxyError::RateLimited(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        // 429 like the rate limit (the widget waits as Retry-After says), with its
        // own code: a request finishing frees a slot, so one second is enough.
        if let ProxyError::TooManyConcurrent = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(1));
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response.extensions_mut().insert(ErrorCode(self.code()));
        response
    }
}
