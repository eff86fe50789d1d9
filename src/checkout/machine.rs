//! The checkout as a state machine: every input in every phase has one answer,
//! and nothing can create a second booking for one attempt.
//!
//! Phases that wait for the network ignore a repeated "submit" (double clicks,
//! Enter repeats); an unknown outcome is asked again with the very same
//! request (the proxy replays the recorded answer), never re-created; a return
//! from the payment page is believed only after booking details say "paid".
//! A payment still being processed is checked again a few times on its own
//! ([`RECHECK_MS`]) before the traveller is asked to check again by hand.
//!
//! The proxy's refusals that say nothing was forwarded are told apart by their
//! code: a refused tracking key starts the attempt afresh, an expired payment
//! grant is renewed once ([`Phase::RenewingGrant`]) and the booking re-sent.

use crate::api::model::{BookingStatus, PaymentStatus};
use crate::api::{ApiError, GRANT_EXPIRED, TRACKING_KEY_INVALID};

/// A message shown above the form after an attempt did not complete.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The traveller cancelled on the payment page.
    PaymentCancelled,
    /// The payment page reported a failure.
    PaymentFailed,
    /// ITT or the proxy refused or failed.
    Error(ApiError),
    /// The payment page address was not safe to open.
    UnsafePaymentPage,
    /// The proxy refused the attempt's tracking key: nothing was booked, and the
    /// next send starts with a fresh `single-esim-package`.
    TrackingRefused,
}

/// Where one checkout attempt stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// The form, with what happened to the last attempt.
    Form(Option<Notice>),
    /// `update-customer-info` in flight.
    SavingDetails,
    /// `create-booking` in flight.
    Booking,
    /// `create-booking` was refused for an expired payment grant: a fresh grant
    /// is fetched and the same booking re-sent, once ([`Effect::RenewGrant`]).
    RenewingGrant,
    /// `create-booking` was sent but its outcome was lost (timeout, 5xx).
    Uncertain,
    /// Sent to the hosted payment page.
    Paying {
        /// The booking being paid.
        booking_id: String,
    },
    /// Back from payment (or a reload): `booking-details` in flight, or a
    /// pause before asking again while the payment is being processed.
    Checking {
        /// The booking.
        booking_id: String,
        /// Automatic re-checks made so far (from [`RECHECK_MS`]; all of them
        /// when the traveller asked by hand).
        round: usize,
        /// In a pause ([`Effect::RecheckLater`]): nothing in flight, waiting
        /// for [`Input::RecheckDue`].
        paused: bool,
    },
    /// Paid: confirmation and the eSIM card.
    Confirmed {
        /// The booking.
        booking_id: String,
    },
    /// Booked but not (yet) paid: never shown as confirmed.
    Pending {
        /// The booking.
        booking_id: String,
    },
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The traveller sent a valid form (or pressed "try again").
    Submit,
    /// `update-customer-info` succeeded.
    DetailsSaved,
    /// `update-customer-info` failed.
    DetailsFailed(ApiError),
    /// `create-booking` succeeded: paid at once (hotel balance) or a payment page to open.
    Booked {
        /// ITT's booking id.
        booking_id: String,
        /// Whether it is already paid.
        paid: bool,
        /// The payment page, already checked against the allowlist (`None` if unsafe or missing).
        payment_url: Option<String>,
    },
    /// `create-booking` succeeded without a payment page and without saying it is
    /// paid (a hotel-paid booking ITT confirms later): its details are asked.
    BookedWithoutPage {
        /// ITT's booking id.
        booking_id: String,
    },
    /// `create-booking` was refused: nothing was booked.
    BookingFailed(ApiError),
    /// The proxy refused the tracking key (`tracking_key_invalid`) of
    /// `update-customer-info` or of a first `create-booking`: nothing was forwarded.
    TrackingRefused(ApiError),
    /// The proxy refused `create-booking` because its payment grant had expired
    /// (`grant_expired`): nothing was booked.
    GrantExpired(ApiError),
    /// `create-booking`'s outcome is unknown.
    BookingUnknown,
    /// The page loaded while a payment was under way (the return, or a reload).
    Resumed,
    /// `booking-details` answered.
    Status {
        /// Booking state.
        booking: BookingStatus,
        /// Payment state.
        payment: PaymentStatus,
        /// The field that decided the payment state (`general.payment_status`), if any.
        field: Option<String>,
    },
    /// `booking-details` failed (network): the state stays unknown.
    StatusFailed(ApiError),
    /// The traveller asks to check the payment again (pending, or after a failed check).
    Recheck,
    /// The pause of [`Effect::RecheckLater`] is over.
    RecheckDue,
}

/// What the view must do after a transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Call `update-customer-info`.
    SaveDetails,
    /// Call `create-booking` (the same request for the same attempt).
    CreateBooking,
    /// Fetch a fresh payment grant, put it in the stored `create-booking` request
    /// (nothing else changes) and send that.
    RenewGrant,
    /// Open the payment page as a top-level navigation.
    OpenPayment(String),
    /// Call `booking-details`.
    CheckBooking(String),
    /// Send [`Input::RecheckDue`] after this many milliseconds.
    RecheckLater(u32),
    /// Tell the host page how the payment went (`itt-esim:payment-returned`).
    ReportReturn {
        /// The booking.
        booking_id: String,
        /// `paid`, `pending`, `cancelled` or `failed`.
        status: &'static str,
        /// The field that decided, if any.
        field: Option<String>,
    },
    /// Forget the typed personal details (confirmed bookings and cancels).
    ForgetDetails,
}

/// Pauses before each automatic re-check of a payment still being processed,
/// in milliseconds; after the last, the pending screen and its "check again".
pub const RECHECK_MS: [u32; 5] = [3_000, 5_000, 8_000, 13_000, 20_000];

/// How a booking-details answer ends a return from the payment page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Cancelled,
    Failed,
    Paid,
    /// Not paid yet; `processing` when a payment is under way (worth asking again soon).
    Pending {
        processing: bool,
    },
}

fn outcome(booking: &BookingStatus, payment: &PaymentStatus) -> Outcome {
    // Cancelled and refunded first: "paid" alone never shows a cancelled booking as booked.
    match (booking, payment) {
        (BookingStatus::Cancelled, _) | (_, PaymentStatus::Refunded | PaymentStatus::Cancelled) => {
            Outcome::Cancelled
        }
        (_, PaymentStatus::Failed) => Outcome::Failed,
        (_, PaymentStatus::Paid) => Outcome::Paid,
        (_, PaymentStatus::Pending) | (BookingStatus::Pending, PaymentStatus::Unpaid) => {
            Outcome::Pending { processing: true }
        }
        _ => Outcome::Pending { processing: false },
    }
}

/// The phase after `input`, with its effects; `None` when `input` means nothing
/// in `phase` (a second submit while one is in flight, a late answer).
pub fn next(phase: &Phase, input: Input) -> Option<(Phase, Vec<Effect>)> {
    use Effect::*;
    use Input::*;
    use Phase::*;
    let out = match (phase, input) {
        (Form(_), Submit) => (SavingDetails, vec![SaveDetails]),
        (SavingDetails, DetailsSaved) => (Booking, vec![CreateBooking]),
        (SavingDetails, DetailsFailed(e)) => (Form(Some(Notice::Error(e))), vec![]),
        // Nothing was forwarded: the form again, and the next send starts afresh.
        (SavingDetails | Booking | RenewingGrant, TrackingRefused(_)) => {
            (Form(Some(Notice::TrackingRefused)), vec![])
        }
        // An expired grant is renewed once; a second expiry is the traveller's to hear.
        (Booking, GrantExpired(_)) => (RenewingGrant, vec![RenewGrant]),
        (RenewingGrant, GrantExpired(e)) => (Form(Some(Notice::Error(e))), vec![]),
        (
            Booking | RenewingGrant | Uncertain,
            Booked {
                booking_id,
                paid: true,
                ..
            },
        ) => (Confirmed { booking_id }, vec![ForgetDetails]),
        (
            Booking | RenewingGrant | Uncertain,
            Booked {
                booking_id,
                payment_url: Some(url),
                ..
            },
        ) => (Paying { booking_id }, vec![OpenPayment(url)]),
        // Booked with no page to open: booking details say how it stands (never the
        // form again, whose next submit would book and charge a second time).
        (Booking | RenewingGrant | Uncertain, BookedWithoutPage { booking_id }) => (
            Checking {
                booking_id: booking_id.clone(),
                round: 0,
                paused: false,
            },
            vec![CheckBooking(booking_id)],
        ),
        // Booked, but its payment page cannot be opened: the booking stays
        // unpaid and is never shown as confirmed.
        (
            Booking | RenewingGrant | Uncertain,
            Booked {
                payment_url: None, ..
            },
        ) => (Form(Some(Notice::UnsafePaymentPage)), vec![]),
        (Booking | RenewingGrant | Uncertain, BookingFailed(e)) => {
            (Form(Some(Notice::Error(e))), vec![])
        }
        (Booking | RenewingGrant, BookingUnknown) => (Uncertain, vec![]),
        // Asking again sends the identical request: the proxy replays the outcome.
        (Uncertain, Submit | Recheck) => (Booking, vec![CreateBooking]),
        (Uncertain, BookingUnknown) => (Uncertain, vec![]),
        // Back from the payment page: automatic re-checks while it is processed.
        (Paying { booking_id }, Resumed | Recheck) => (
            Checking {
                booking_id: booking_id.clone(),
                round: 0,
                paused: false,
            },
            vec![CheckBooking(booking_id.clone())],
        ),
        // Asked by hand from the pending screen: one check, no automatic ones.
        (Pending { booking_id }, Resumed | Recheck) => (
            Checking {
                booking_id: booking_id.clone(),
                round: RECHECK_MS.len(),
                paused: false,
            },
            vec![CheckBooking(booking_id.clone())],
        ),
        (
            Checking {
                booking_id,
                round,
                paused: true,
            },
            RecheckDue,
        ) => (
            Checking {
                booking_id: booking_id.clone(),
                round: round + 1,
                paused: false,
            },
            vec![CheckBooking(booking_id.clone())],
        ),
        (
            Checking {
                booking_id,
                round,
                paused: false,
            },
            Status {
                booking,
                payment,
                field,
            },
        ) => {
            let booking_id = booking_id.clone();
            let report = |status| ReportReturn {
                booking_id: booking_id.clone(),
                status,
                field: field.clone(),
            };
            match outcome(&booking, &payment) {
                Outcome::Cancelled => (
                    Form(Some(Notice::PaymentCancelled)),
                    vec![report("cancelled")],
                ),
                Outcome::Failed => (Form(Some(Notice::PaymentFailed)), vec![report("failed")]),
                Outcome::Paid => {
                    let effects = vec![report("paid"), ForgetDetails];
                    (Confirmed { booking_id }, effects)
                }
                Outcome::Pending { processing } => match RECHECK_MS.get(*round) {
                    Some(ms) if processing => (
                        Checking {
                            booking_id,
                            round: *round,
                            paused: true,
                        },
                        vec![RecheckLater(*ms)],
                    ),
                    _ => {
                        let effects = vec![report("pending")];
                        (Pending { booking_id }, effects)
                    }
                },
            }
        }
        (
            Checking {
                booking_id,
                paused: false,
                ..
            },
            StatusFailed(_),
        ) => (
            Pending {
                booking_id: booking_id.clone(),
            },
            vec![],
        ),
        _ => return None,
    };
    Some(out)
}

/// The input for an `update-customer-info` result.
pub fn details_input<T>(result: Result<T, ApiError>) -> Input {
    match result {
        Ok(_) => Input::DetailsSaved,
        Err(e) if e.proxy_code() == Some(TRACKING_KEY_INVALID) => Input::TrackingRefused(e),
        Err(e) => Input::DetailsFailed(e),
    }
}

/// The input for a `create-booking` result. `safe_payment` returns the payment
/// page address when it passes the allowlist. `resent` says the request was
/// sent before (its outcome was lost, or its grant renewed): a create-booking
/// for this attempt may already have been forwarded.
///
/// An answer that may have come after ITT booked (timeout, network loss, 5xx,
/// an unreadable body) is "unknown", never "failed": failing would invite a
/// second booking. So is a refused tracking key on a re-sent request: the
/// proxy forwarded nothing this time, but says nothing of the earlier send, and
/// starting afresh would book under a new tracking id.
pub fn booking_input(
    result: Result<crate::api::booking::BookingCreated, ApiError>,
    resent: bool,
    safe_payment: impl Fn(&str) -> Option<String>,
) -> Input {
    match result {
        Ok(b) if b.payment_url.is_none() && b.payment_status != PaymentStatus::Paid => {
            Input::BookedWithoutPage {
                booking_id: b.booking_id,
            }
        }
        Ok(b) => Input::Booked {
            paid: b.payment_status == PaymentStatus::Paid,
            payment_url: b.payment_url.as_deref().and_then(safe_payment),
            booking_id: b.booking_id,
        },
        // Refused before anything was sent this time: on a first send nothing was
        // booked (the form comes back); a re-sent request's earlier send may still
        // have booked, so it stays uncertain and keeps its request.
        Err(e) if e.not_sent() => {
            if resent {
                Input::BookingUnknown
            } else {
                Input::BookingFailed(e)
            }
        }
        // Lost, cut short or unreadable; a 5xx that may come after ITT booked
        // (`booking_outcome_unknown`); a 409 for a booking the proxy already holds
        // (`booking_in_progress`): none may invite a new booking.
        Err(e) if e.outcome_unknown() => Input::BookingUnknown,
        Err(e) if e.proxy_code() == Some(TRACKING_KEY_INVALID) => {
            if resent {
                Input::BookingUnknown
            } else {
                Input::TrackingRefused(e)
            }
        }
        Err(e) if e.proxy_code() == Some(GRANT_EXPIRED) => Input::GrantExpired(e),
        // `grant_invalid` among them: never moved to the traveller's payment.
        Err(e) => Input::BookingFailed(e),
    }
}

/// Whether the pay button must be disabled: something is in flight or decided.
pub fn busy(phase: &Phase) -> bool {
    !matches!(phase, Phase::Form(_))
}

#[cfg(test)]
mod tests;
