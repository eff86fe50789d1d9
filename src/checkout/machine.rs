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
mod tests {
    use super::*;
    use crate::api::GRANT_INVALID;
    use Effect::*;
    use Input::*;
    use Phase::*;

    fn err() -> ApiError {
        ApiError::Timeout {
            operation: "create-booking",
            after_ms: 15_000,
        }
    }

    fn run(inputs: Vec<Input>) -> (Phase, Vec<Effect>) {
        let mut phase = Form(None);
        let mut effects = Vec::new();
        for i in inputs {
            if let Some((p, e)) = next(&phase, i) {
                phase = p;
                effects.extend(e);
            }
        }
        (phase, effects)
    }

    fn status(booking: BookingStatus, payment: PaymentStatus) -> Input {
        Status {
            booking,
            payment,
            field: Some("general.payment_status".into()),
        }
    }

    fn report(status: &'static str) -> Effect {
        ReportReturn {
            booking_id: "B1".into(),
            status,
            field: Some("general.payment_status".into()),
        }
    }

    /// Booked, sent to the payment page and back.
    fn returned() -> Vec<Input> {
        vec![
            Submit,
            DetailsSaved,
            booked(false, Some("https://pay/1")),
            Resumed,
        ]
    }

    #[test]
    fn booked_without_a_page_is_checked_never_booked_again() {
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            BookedWithoutPage {
                booking_id: "B1".into(),
            },
        ]);
        assert!(
            matches!(phase, Checking { ref booking_id, .. } if booking_id == "B1"),
            "{phase:?}"
        );
        assert_eq!(effects.last(), Some(&CheckBooking("B1".into())));
    }

    fn booked(paid: bool, url: Option<&str>) -> Input {
        Booked {
            booking_id: "B1".into(),
            paid,
            payment_url: url.map(str::to_string),
        }
    }

    #[test]
    fn hosted_payment_then_paid() {
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            booked(false, Some("https://pay/1")),
            Resumed,
            status(BookingStatus::Confirmed, PaymentStatus::Paid),
        ]);
        assert_eq!(
            phase,
            Confirmed {
                booking_id: "B1".into()
            }
        );
        assert_eq!(
            effects,
            [
                SaveDetails,
                CreateBooking,
                OpenPayment("https://pay/1".into()),
                CheckBooking("B1".into()),
                report("paid"),
                ForgetDetails
            ]
        );
    }

    #[test]
    fn balance_payment_confirms_at_once() {
        let (phase, effects) = run(vec![Submit, DetailsSaved, booked(true, None)]);
        assert_eq!(
            phase,
            Confirmed {
                booking_id: "B1".into()
            }
        );
        assert_eq!(effects, [SaveDetails, CreateBooking, ForgetDetails]);
    }

    #[test]
    fn repeated_submits_create_one_booking() {
        let mut inputs = vec![Submit; 20];
        inputs.insert(1, DetailsSaved);
        inputs.push(booked(false, Some("https://pay/1")));
        inputs.extend(vec![Submit; 5]);
        let (phase, effects) = run(inputs);
        assert_eq!(effects.iter().filter(|e| **e == CreateBooking).count(), 1);
        assert_eq!(effects.iter().filter(|e| **e == SaveDetails).count(), 1);
        assert!(matches!(phase, Paying { .. }));
    }

    #[test]
    fn failures_of_each_operation_return_to_the_form() {
        let (phase, effects) = run(vec![Submit, DetailsFailed(err())]);
        assert_eq!(phase, Form(Some(Notice::Error(err()))));
        assert_eq!(effects, [SaveDetails]);
        let (phase, _) = run(vec![Submit, DetailsSaved, BookingFailed(err())]);
        assert_eq!(phase, Form(Some(Notice::Error(err()))));
        // …and the form can be sent again.
        let (phase, effects) = run(vec![Submit, DetailsSaved, BookingFailed(err()), Submit]);
        assert_eq!(phase, SavingDetails);
        assert_eq!(effects.iter().filter(|e| **e == SaveDetails).count(), 2);
    }

    #[test]
    fn an_unknown_outcome_is_asked_again_never_recreated_blindly() {
        let (phase, effects) = run(vec![Submit, DetailsSaved, BookingUnknown]);
        assert_eq!(phase, Uncertain);
        assert_eq!(effects, [SaveDetails, CreateBooking]);
        // Checking again re-sends the same create-booking (the proxy replays it)…
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            BookingUnknown,
            Recheck,
            booked(false, Some("https://pay/1")),
        ]);
        assert!(matches!(phase, Paying { .. }));
        assert_eq!(effects.iter().filter(|e| **e == CreateBooking).count(), 2);
        // …and details are never saved a second time in between.
        assert_eq!(effects.iter().filter(|e| **e == SaveDetails).count(), 1);
    }

    #[test]
    fn return_outcomes() {
        let back = |booking, payment| {
            let mut inputs = returned();
            inputs.push(status(booking, payment));
            run(inputs)
        };
        let cancelled = (Form(Some(Notice::PaymentCancelled)), report("cancelled"));
        for (booking, payment) in [
            (BookingStatus::Cancelled, PaymentStatus::Unpaid),
            (BookingStatus::Confirmed, PaymentStatus::Refunded),
            (BookingStatus::Pending, PaymentStatus::Cancelled),
            // Cancelled wins over paid.
            (BookingStatus::Cancelled, PaymentStatus::Paid),
        ] {
            let (phase, effects) = back(booking.clone(), payment.clone());
            assert_eq!(
                (phase, effects.last().cloned().unwrap()),
                cancelled,
                "{booking:?} {payment:?}"
            );
        }
        let (phase, effects) = back(BookingStatus::Pending, PaymentStatus::Failed);
        assert_eq!(phase, Form(Some(Notice::PaymentFailed)));
        assert_eq!(effects.last(), Some(&report("failed")));
        // A state the widget does not know is pending at once (nothing says a
        // payment is under way): no automatic re-checks.
        let (phase, effects) = back(
            BookingStatus::Other("on_request".into()),
            PaymentStatus::Other("weird".into()),
        );
        assert_eq!(
            phase,
            Pending {
                booking_id: "B1".into()
            }
        );
        assert_eq!(effects.last(), Some(&report("pending")));
        assert!(!effects.iter().any(|e| matches!(e, RecheckLater(_))));
        // A failed check is pending too, and can be asked again.
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            booked(false, Some("https://pay/1")),
            Resumed,
            StatusFailed(err()),
            Recheck,
        ]);
        assert_eq!(
            phase,
            Checking {
                booking_id: "B1".into(),
                round: RECHECK_MS.len(),
                paused: false,
            }
        );
        assert_eq!(
            effects
                .iter()
                .filter(|e| matches!(e, CheckBooking(_)))
                .count(),
            2
        );
    }

    #[test]
    fn a_payment_being_processed_is_checked_again_by_itself_then_left_to_the_traveller() {
        for payment in [PaymentStatus::Pending, PaymentStatus::Unpaid] {
            // A hand-edited "?status=paid" changes nothing either: ITT says unpaid.
            let mut inputs = returned();
            for _ in 0..=RECHECK_MS.len() {
                inputs.push(status(BookingStatus::Pending, payment.clone()));
                inputs.push(RecheckDue);
            }
            let (phase, effects) = run(inputs);
            assert_eq!(
                phase,
                Pending {
                    booking_id: "B1".into()
                },
                "{payment:?}"
            );
            let pauses: Vec<u32> = effects
                .iter()
                .filter_map(|e| match e {
                    RecheckLater(ms) => Some(*ms),
                    _ => None,
                })
                .collect();
            assert_eq!(pauses, RECHECK_MS, "{payment:?}");
            assert_eq!(
                effects
                    .iter()
                    .filter(|e| matches!(e, CheckBooking(_)))
                    .count(),
                RECHECK_MS.len() + 1,
                "the first check and one per pause"
            );
            // Reported once, when the waiting ends.
            let reports: Vec<&Effect> = effects
                .iter()
                .filter(|e| matches!(e, ReportReturn { .. }))
                .collect();
            assert_eq!(reports, [&report("pending")]);
        }
        // Paid on the third check.
        let mut inputs = returned();
        inputs.extend([
            status(BookingStatus::Pending, PaymentStatus::Pending),
            RecheckDue,
            status(BookingStatus::Pending, PaymentStatus::Pending),
        ]);
        let (phase, _) = run(inputs.clone());
        assert_eq!(
            phase,
            Checking {
                booking_id: "B1".into(),
                round: 1,
                paused: true,
            }
        );
        // Nothing but the pause's end moves it on: no double check, no stray answer.
        assert_eq!(next(&phase, Recheck), None);
        assert_eq!(
            next(
                &phase,
                status(BookingStatus::Confirmed, PaymentStatus::Paid)
            ),
            None
        );
        assert_eq!(next(&phase, StatusFailed(err())), None);
        assert_eq!(next(&phase, Resumed), None);
        assert_eq!(next(&phase, Submit), None);
        assert!(busy(&phase));
        inputs.extend([
            RecheckDue,
            status(BookingStatus::Confirmed, PaymentStatus::Paid),
        ]);
        let (phase, effects) = run(inputs);
        assert_eq!(
            phase,
            Confirmed {
                booking_id: "B1".into()
            }
        );
        assert_eq!(
            &effects[effects.len() - 2..],
            [report("paid"), ForgetDetails]
        );
        // Cancelled while waiting.
        let mut inputs = returned();
        inputs.extend([
            status(BookingStatus::Pending, PaymentStatus::Pending),
            RecheckDue,
            status(BookingStatus::Cancelled, PaymentStatus::Cancelled),
        ]);
        assert_eq!(run(inputs).0, Form(Some(Notice::PaymentCancelled)));
        // A late pause ending, or one in another phase, is ignored.
        assert_eq!(next(&Form(None), RecheckDue), None);
        let checking = Checking {
            booking_id: "B1".into(),
            round: 0,
            paused: false,
        };
        assert_eq!(next(&checking, RecheckDue), None);
        // From the pending screen, "check again" asks once: no more automatic checks.
        let pending = Pending {
            booking_id: "B1".into(),
        };
        let (phase, _) = next(&pending, Recheck).unwrap();
        let (phase, effects) = next(
            &phase,
            status(BookingStatus::Pending, PaymentStatus::Pending),
        )
        .unwrap();
        assert_eq!(phase, pending);
        assert_eq!(effects, [report("pending")]);
        // A reload while waiting resumes as a return from the payment page.
        assert_eq!(
            crate::checkout::Attempt::stage_of(&Checking {
                booking_id: "B1".into(),
                round: 2,
                paused: true,
            }),
            "paying"
        );
    }

    #[test]
    fn an_unsafe_payment_page_is_not_opened() {
        let (phase, effects) = run(vec![Submit, DetailsSaved, booked(false, None)]);
        assert_eq!(phase, Form(Some(Notice::UnsafePaymentPage)));
        assert!(!effects.iter().any(|e| matches!(e, OpenPayment(_))));
    }

    #[test]
    fn booking_results_are_classified_without_ever_inviting_a_second_booking() {
        use crate::api::booking::BookingCreated;
        let created = |paid: bool, url: Option<&str>| BookingCreated {
            booking_id: "B1".into(),
            payment_url: url.map(str::to_string),
            status: BookingStatus::Pending,
            payment_status: if paid {
                PaymentStatus::Paid
            } else {
                PaymentStatus::Unpaid
            },
            total: None,
            esims: vec![],
            booking_token: None,
        };
        let safe = |u: &str| u.starts_with("https://pay/").then(|| u.to_string());
        let first = |r| booking_input(r, false, safe);
        assert_eq!(first(Ok(created(true, None))), booked(true, None));
        assert_eq!(
            first(Ok(created(false, Some("https://pay/1")))),
            booked(false, Some("https://pay/1"))
        );
        assert_eq!(
            first(Ok(created(false, Some("javascript:x")))),
            booked(false, None)
        );
        assert_eq!(first(Err(err())), BookingUnknown);
        let http = |status| ApiError::Http {
            operation: "create-booking",
            status,
            reason: "x".into(),
            code: None,
        };
        assert_eq!(first(Err(http(504))), BookingUnknown);
        assert_eq!(first(Err(http(409))), BookingUnknown);
        assert_eq!(first(Err(http(422))), BookingFailed(http(422)));
        assert_eq!(first(Err(http(403))), BookingFailed(http(403)));
        let declined = ApiError::Api {
            operation: "create-booking",
            reason: "declined".into(),
        };
        assert_eq!(first(Err(declined.clone())), BookingFailed(declined));
        // The proxy's codes: an outcome it does not know (504) and a booking it is
        // still making (409) stay unknown, whatever else it says.
        assert_eq!(
            first(Err(proxy(504, "booking_outcome_unknown"))),
            BookingUnknown
        );
        assert_eq!(
            first(Err(proxy(409, "booking_in_progress"))),
            BookingUnknown
        );
        assert_eq!(first(Err(proxy(502, GRANT_EXPIRED))), BookingUnknown);
        assert_eq!(first(Err(proxy(503, TRACKING_KEY_INVALID))), BookingUnknown);
        // Refusals that forwarded nothing.
        assert_eq!(
            first(Err(proxy(403, GRANT_EXPIRED))),
            GrantExpired(proxy(403, GRANT_EXPIRED))
        );
        assert_eq!(
            first(Err(proxy(403, GRANT_INVALID))),
            BookingFailed(proxy(403, GRANT_INVALID)),
            "never moved to the traveller's payment"
        );
        assert_eq!(
            first(Err(proxy(403, TRACKING_KEY_INVALID))),
            TrackingRefused(proxy(403, TRACKING_KEY_INVALID))
        );
    }

    fn proxy(status: u16, code: &str) -> ApiError {
        ApiError::Http {
            operation: "create-booking",
            status,
            reason: "r".into(),
            code: Some(code.into()),
        }
    }

    #[test]
    fn a_refused_key_on_a_resent_booking_stays_unknown() {
        // The earlier send of this request may have booked: a fresh start (a new
        // tracking id) could book a second time.
        let safe = |_: &str| None;
        assert_eq!(
            booking_input(Err(proxy(403, TRACKING_KEY_INVALID)), true, safe),
            BookingUnknown
        );
        // Everything else reads the same on a re-send.
        assert_eq!(
            booking_input(Err(proxy(403, GRANT_EXPIRED)), true, safe),
            GrantExpired(proxy(403, GRANT_EXPIRED))
        );
        assert_eq!(
            booking_input(Err(proxy(403, GRANT_INVALID)), true, safe),
            BookingFailed(proxy(403, GRANT_INVALID))
        );
        assert_eq!(booking_input(Err(err()), true, safe), BookingUnknown);
    }

    #[test]
    fn refusals_before_sending_are_failures_first_and_uncertain_on_a_resend() {
        let safe = |_: &str| None;
        for (status, code) in [
            (503, "booking_record_full"),
            (503, "store_unavailable"),
            (503, "booking_record_unavailable"),
            (503, "busy"),
            (502, "upstream_unreachable"),
            (429, "rate_limited"),
            (429, "too_many_concurrent"),
        ] {
            let e = proxy(status, code);
            assert_eq!(booking_input(Err(e.clone()), false, safe), BookingFailed(e));
            assert_eq!(
                booking_input(Err(proxy(status, code)), true, safe),
                BookingUnknown,
                "{code}: the earlier send may have booked"
            );
        }
        // A 5xx the proxy cannot vouch for stays unknown, first send or not.
        assert_eq!(
            booking_input(Err(proxy(504, "booking_outcome_unknown")), false, safe),
            BookingUnknown
        );
    }

    #[test]
    fn details_results_tell_a_refused_key_apart() {
        assert_eq!(details_input(Ok(())), DetailsSaved);
        assert_eq!(
            details_input::<()>(Err(proxy(403, TRACKING_KEY_INVALID))),
            TrackingRefused(proxy(403, TRACKING_KEY_INVALID))
        );
        assert_eq!(
            details_input::<()>(Err(proxy(403, GRANT_INVALID))),
            DetailsFailed(proxy(403, GRANT_INVALID))
        );
        assert_eq!(details_input::<()>(Err(err())), DetailsFailed(err()));
    }

    #[test]
    fn a_refused_tracking_key_returns_to_the_form_and_starts_afresh() {
        let refused = || TrackingRefused(proxy(403, TRACKING_KEY_INVALID));
        // From update-customer-info…
        let (phase, effects) = run(vec![Submit, refused()]);
        assert_eq!(phase, Form(Some(Notice::TrackingRefused)));
        assert_eq!(effects, [SaveDetails]);
        // …from a first create-booking, and from one with a renewed grant.
        let (phase, _) = run(vec![Submit, DetailsSaved, refused()]);
        assert_eq!(phase, Form(Some(Notice::TrackingRefused)));
        let (phase, _) = run(vec![
            Submit,
            DetailsSaved,
            GrantExpired(proxy(403, GRANT_EXPIRED)),
            refused(),
        ]);
        assert_eq!(phase, Form(Some(Notice::TrackingRefused)));
        // The attempt forgets its tracking id, key and request: the next send
        // asks for a fresh single-esim-package (the form is not touched).
        let mut attempt = crate::checkout::Attempt {
            plan_id: "P".into(),
            package_tracking_id: "T".into(),
            booking_tracking_id: Some("BT".into()),
            tracking_key: Some("K".into()),
            stage: "booking".into(),
            request: Some("{}".into()),
            ..Default::default()
        };
        attempt.enter(&phase);
        assert_eq!(
            attempt,
            crate::checkout::Attempt {
                plan_id: "P".into(),
                package_tracking_id: "T".into(),
                stage: "form".into(),
                ..Default::default()
            }
        );
        let (phase, effects) = run(vec![Submit, refused(), Submit]);
        assert_eq!(phase, SavingDetails);
        assert_eq!(effects, [SaveDetails, SaveDetails]);
        // Other refusals keep the tracking id (only the request goes).
        let mut attempt = crate::checkout::Attempt {
            booking_tracking_id: Some("BT".into()),
            tracking_key: Some("K".into()),
            request: Some("{}".into()),
            ..Default::default()
        };
        attempt.enter(&Form(Some(Notice::Error(proxy(403, GRANT_INVALID)))));
        assert_eq!(
            (
                attempt.booking_tracking_id,
                attempt.tracking_key,
                attempt.request
            ),
            (Some("BT".into()), Some("K".into()), None)
        );
        // Late or stray refusals change nothing.
        assert_eq!(next(&Form(None), refused()), None);
        assert_eq!(next(&Uncertain, refused()), None);
        assert_eq!(
            next(
                &Paying {
                    booking_id: "B1".into()
                },
                refused()
            ),
            None
        );
    }

    #[test]
    fn an_expired_grant_is_renewed_once_then_explained() {
        let expired = || GrantExpired(proxy(403, GRANT_EXPIRED));
        // Renewed once, and the booking goes through.
        let (phase, effects) = run(vec![Submit, DetailsSaved, expired()]);
        assert_eq!(phase, RenewingGrant);
        assert_eq!(effects, [SaveDetails, CreateBooking, RenewGrant]);
        assert!(busy(&phase));
        assert_eq!(next(&phase, Submit), None, "no second send meanwhile");
        assert_eq!(next(&phase, Recheck), None);
        let (phase, effects) = run(vec![Submit, DetailsSaved, expired(), booked(true, None)]);
        assert_eq!(
            phase,
            Confirmed {
                booking_id: "B1".into()
            }
        );
        assert_eq!(
            effects,
            [SaveDetails, CreateBooking, RenewGrant, ForgetDetails]
        );
        let (phase, _) = run(vec![
            Submit,
            DetailsSaved,
            expired(),
            booked(false, Some("https://pay/1")),
        ]);
        assert!(matches!(phase, Paying { .. }));
        // Expired again: the form, with the hotel's sentence; never a third send.
        let (phase, effects) = run(vec![Submit, DetailsSaved, expired(), expired()]);
        assert_eq!(phase, Form(Some(Notice::Error(proxy(403, GRANT_EXPIRED)))));
        assert_eq!(effects.iter().filter(|e| **e == RenewGrant).count(), 1);
        assert_eq!(effects.iter().filter(|e| **e == CreateBooking).count(), 1);
        // Refused, or its outcome lost, like any create-booking.
        let (phase, _) = run(vec![
            Submit,
            DetailsSaved,
            expired(),
            BookingFailed(proxy(403, GRANT_INVALID)),
        ]);
        assert_eq!(phase, Form(Some(Notice::Error(proxy(403, GRANT_INVALID)))));
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            expired(),
            BookingUnknown,
            Recheck,
        ]);
        assert_eq!(phase, Booking, "checked again with the renewed request");
        assert_eq!(effects.last(), Some(&CreateBooking));
        // A grant refused as not valid is not renewed.
        let (phase, effects) = run(vec![
            Submit,
            DetailsSaved,
            BookingFailed(proxy(403, GRANT_INVALID)),
        ]);
        assert_eq!(phase, Form(Some(Notice::Error(proxy(403, GRANT_INVALID)))));
        assert!(!effects.contains(&RenewGrant));
        // Stray expiries change nothing.
        assert_eq!(next(&Form(None), expired()), None);
        assert_eq!(next(&SavingDetails, expired()), None);
        assert_eq!(next(&Uncertain, expired()), None);
        // The form is shown again after a refused grant: the form is kept,
        // the stored request goes (the next send asks for a new grant).
        let mut attempt = crate::checkout::Attempt {
            booking_tracking_id: Some("BT".into()),
            request: Some("{}".into()),
            stage: "booking".into(),
            ..Default::default()
        };
        attempt.enter(&phase);
        assert_eq!(
            (
                attempt.stage.as_str(),
                attempt.request,
                attempt.booking_tracking_id
            ),
            ("form", None, Some("BT".into()))
        );
    }

    #[test]
    fn late_or_stray_inputs_are_ignored() {
        assert_eq!(next(&Form(None), DetailsSaved), None);
        assert_eq!(next(&Form(None), Resumed), None);
        assert_eq!(
            next(
                &Confirmed {
                    booking_id: "B".into()
                },
                Submit
            ),
            None
        );
        assert_eq!(next(&Booking, Submit), None);
        assert!(busy(&Booking) && busy(&Uncertain) && !busy(&Form(None)));
        assert!(busy(&RenewingGrant));
    }
}
