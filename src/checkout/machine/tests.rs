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
    // A 429 as the client reads it (`RateLimited`, whatever the proxy's code).
    for body in [
        r#"{"status":"failed","error":"rate_limited","reason":"slow down"}"#,
        r#"{"status":"failed","error":"too_many_concurrent","reason":"wait"}"#,
        "",
    ] {
        let raw = crate::api::RawResponse {
            status: 429,
            retry_after: Some("3".into()),
            body: body.into(),
        };
        let read = || {
            crate::api::decode::<serde_json::Value>(crate::api::Operation::CreateBooking, &raw)
                .map(|_| ())
                .expect_err("a 429 is an error")
        };
        assert!(matches!(read(), ApiError::RateLimited { .. }), "{body}");
        assert!(matches!(
            booking_input(Err(read()), false, safe),
            BookingFailed(ApiError::RateLimited { .. })
        ));
        assert_eq!(
            booking_input(Err(read()), true, safe),
            BookingUnknown,
            "{body}: the earlier send may have booked"
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
