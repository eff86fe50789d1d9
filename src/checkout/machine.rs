//! The checkout as a state machine: every input in every phase has one answer,
//! and nothing can create a second booking for one attempt.
//!
//! Phases that wait for the network ignore a repeated "submit" (double clicks,
//! Enter repeats); an unknown outcome is asked again with the very same
//! request (the proxy replays the recorded answer), never re-created; a return
//! from the payment page is believed only after booking details say "paid".
//! A payment still being processed is checked again a few times on its own
//! ([`RECHECK_MS`]) before the traveller is asked to check again by hand.

use crate::api::model::{BookingStatus, PaymentStatus};
use crate::api::ApiError;

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
        (
            Booking | Uncertain,
            Booked {
                booking_id,
                paid: true,
                ..
            },
        ) => (Confirmed { booking_id }, vec![ForgetDetails]),
        (
            Booking | Uncertain,
            Booked {
                booking_id,
                payment_url: Some(url),
                ..
            },
        ) => (Paying { booking_id }, vec![OpenPayment(url)]),
        // Booked with no page to open: booking details say how it stands (never the
        // form again, whose next submit would book and charge a second time).
        (Booking | Uncertain, BookedWithoutPage { booking_id }) => (
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
            Booking | Uncertain,
            Booked {
                payment_url: None, ..
            },
        ) => (Form(Some(Notice::UnsafePaymentPage)), vec![]),
        (Booking | Uncertain, BookingFailed(e)) => (Form(Some(Notice::Error(e))), vec![]),
        (Booking, BookingUnknown) => (Uncertain, vec![]),
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

/// The input for a `create-booking` result. `safe_payment` returns the payment
/// page address when it passes the allowlist.
///
/// An answer that may have come after ITT booked (timeout, network loss, 5xx,
/// an unreadable body) is "unknown", never "failed": failing would invite a
/// second booking.
pub fn booking_input(
    result: Result<crate::api::booking::BookingCreated, ApiError>,
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
        Err(
            ApiError::Timeout { .. }
            | ApiError::Network { .. }
            | ApiError::Decode { .. }
            | ApiError::Incomplete { .. },
        ) => Input::BookingUnknown,
        // 5xx may come after ITT booked; 409 means the proxy already holds a
        // booking for this attempt: neither may invite a new one.
        Err(ApiError::Http { status, .. }) if status >= 500 || status == 409 => {
            Input::BookingUnknown
        }
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
        assert_eq!(
            booking_input(Ok(created(true, None)), safe),
            booked(true, None)
        );
        assert_eq!(
            booking_input(Ok(created(false, Some("https://pay/1"))), safe),
            booked(false, Some("https://pay/1"))
        );
        assert_eq!(
            booking_input(Ok(created(false, Some("javascript:x"))), safe),
            booked(false, None)
        );
        assert_eq!(booking_input(Err(err()), safe), BookingUnknown);
        let http = |status| ApiError::Http {
            operation: "create-booking",
            status,
            reason: "x".into(),
        };
        assert_eq!(booking_input(Err(http(504)), safe), BookingUnknown);
        assert_eq!(booking_input(Err(http(409)), safe), BookingUnknown);
        assert_eq!(
            booking_input(Err(http(422)), safe),
            BookingFailed(http(422))
        );
        let declined = ApiError::Api {
            operation: "create-booking",
            reason: "declined".into(),
        };
        assert_eq!(
            booking_input(Err(declined.clone()), safe),
            BookingFailed(declined)
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
    }
}
