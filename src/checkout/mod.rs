//! The checkout hand-off, pure: the traveller's details, where they may be
//! sent, and the state machine that books exactly once.

pub mod calling_codes;
pub mod form;
pub mod machine;
pub mod safe_url;

use crate::api::booking::CreateBookingRequest;
use crate::stored;
use machine::{Notice, Phase};

/// One checkout attempt as kept in session storage: enough to resume after
/// the payment page or a reload, and to re-send the identical create-booking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attempt {
    /// The chosen package.
    pub plan_id: String,
    /// The search's tracking id for the package.
    pub package_tracking_id: String,
    /// The single-package tracking id (the booking's), once known.
    pub booking_tracking_id: Option<String>,
    /// The proxy's key for `booking_tracking_id` (from the same `single-esim-package`
    /// answer), when it gave one: sent with `update-customer-info` and `create-booking`.
    pub tracking_key: Option<String>,
    /// ITT's booking id, once created.
    pub booking_id: Option<String>,
    /// The proxy's booking token, once created.
    pub token: Option<String>,
    /// Where the attempt stood: `form`, `booking` (sent, outcome not yet known),
    /// `paying`, `pending` or `confirmed`.
    pub stage: String,
    /// The create-booking request as sent (JSON): re-sent byte for byte when the
    /// outcome was lost, so the proxy replays it instead of refusing a different one.
    pub request: Option<String>,
}

/// The first field of every attempt line [`Attempt::decode`] reads. The loader
/// skips its offer card when the session holds one (a checkout under way, a
/// payment to come back from, a booking), so it gets this list generated.
pub const ATTEMPT_FORMATS: [&str; 2] = ["a2", "a3"];

/// The stored stages that resume at a confirmed booking or one check away from
/// it (back from the payment page): the loader then fetches the booking module
/// (install, usage, top-ups) together with the journey.
pub const BOOKED_STAGES: [&str; 2] = ["paying", "confirmed"];

impl Attempt {
    /// The stage to store for `phase` (in-flight phases that may have booked count as `booking`).
    pub fn stage_of(phase: &Phase) -> &'static str {
        match phase {
            Phase::Form(_) | Phase::SavingDetails => "form",
            Phase::Booking | Phase::RenewingGrant | Phase::Uncertain => "booking",
            Phase::Paying { .. } | Phase::Checking { .. } => "paying",
            Phase::Pending { .. } => "pending",
            Phase::Confirmed { .. } => "confirmed",
        }
    }

    /// The phase to resume in after a reload.
    ///
    /// A create-booking that may have been sent is never sent anew: it becomes
    /// [`Phase::Uncertain`], whose retry re-sends the identical request.
    pub fn resume(&self) -> Phase {
        let id = self.booking_id.clone();
        match (self.stage.as_str(), id) {
            ("booking", _) => Phase::Uncertain,
            ("paying", Some(booking_id)) => Phase::Paying { booking_id },
            ("pending", Some(booking_id)) => Phase::Pending { booking_id },
            ("confirmed", Some(booking_id)) => Phase::Confirmed { booking_id },
            _ => Phase::Form(None),
        }
    }

    /// The reference a traveller quotes to the hotel while a booking's outcome is
    /// unknown: the booking tracking id (from the stored request if need be).
    pub fn reference(&self) -> Option<String> {
        self.booking_tracking_id.clone().or_else(|| {
            self.request
                .as_deref()
                .and_then(|r| serde_json::from_str::<CreateBookingRequest>(r).ok())
                .map(|r| r.booking_tracking_id)
        })
    }

    /// Follows the checkout into `phase`: the stage to store, and what a return
    /// to the form forgets.
    pub fn enter(&mut self, phase: &Phase) {
        self.stage = Attempt::stage_of(phase).to_string();
        match phase {
            // Cancelled, failed or unpayable, or the tracking key refused: the
            // next try is a new booking under a new tracking id.
            Phase::Form(Some(
                Notice::PaymentCancelled
                | Notice::PaymentFailed
                | Notice::UnsafePaymentPage
                | Notice::TrackingRefused,
            )) => self.restart(),
            // Refused or never sent: nothing was booked; a corrected form sends a new request.
            Phase::Form(_) => self.request = None,
            _ => {}
        }
    }

    /// After an attempt that ended without a booking to keep (cancelled,
    /// failed or refused payment, a refused tracking key): the next try starts
    /// afresh, with a new `single-esim-package`.
    pub fn restart(&mut self) {
        self.booking_tracking_id = None;
        self.tracking_key = None;
        self.booking_id = None;
        self.token = None;
        self.request = None;
    }

    /// One line for session storage (format `a3`, the last of [`ATTEMPT_FORMATS`]).
    pub fn encode(&self) -> String {
        stored::line(
            "a3",
            [
                self.stage.as_str(),
                &self.plan_id,
                &self.package_tracking_id,
                stored::opt(self.booking_tracking_id.as_deref()),
                stored::opt(self.booking_id.as_deref()),
                stored::opt(self.token.as_deref()),
                stored::opt(self.request.as_deref()),
                stored::opt(self.tracking_key.as_deref()),
            ],
        )
    }

    /// Reads [`Attempt::encode`], and the `a2` lines of the previous version
    /// (the same fields without the tracking key), so an attempt under way
    /// when the widget was updated is still resumed.
    pub fn decode(line: &str) -> Option<Attempt> {
        let (p, tracking_key) = match stored::fields(line, "a3", 8) {
            Some(p) => {
                let key = stored::read_opt(p[7]);
                (p, key)
            }
            None => (stored::fields(line, "a2", 7)?, None),
        };
        Some(Attempt {
            stage: p[0].to_string(),
            plan_id: p[1].to_string(),
            package_tracking_id: p[2].to_string(),
            booking_tracking_id: stored::read_opt(p[3]),
            tracking_key,
            booking_id: stored::read_opt(p[4]),
            token: stored::read_opt(p[5]),
            request: stored::read_opt(p[6]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_booked_stages_are_the_payment_and_the_confirmation() {
        let paying = Phase::Paying {
            booking_id: "B".into(),
        };
        let confirmed = Phase::Confirmed {
            booking_id: "B".into(),
        };
        assert_eq!(
            BOOKED_STAGES,
            [Attempt::stage_of(&paying), Attempt::stage_of(&confirmed)]
        );
    }

    #[test]
    fn attempts_round_trip_and_resume_safely() {
        let a = Attempt {
            plan_id: "P".into(),
            package_tracking_id: "T".into(),
            booking_tracking_id: Some("BT".into()),
            tracking_key: Some("k1.abc".into()),
            booking_id: Some("B1".into()),
            token: Some("v1.x.y".into()),
            stage: "paying".into(),
            request: Some(r#"{"booking_tracking_id":"BT"}"#.into()),
        };
        assert_eq!(Attempt::decode(&a.encode()), Some(a.clone()));
        assert_eq!(
            a.resume(),
            Phase::Paying {
                booking_id: "B1".into()
            }
        );
        let sent = Attempt {
            stage: "booking".into(),
            booking_id: None,
            ..a.clone()
        };
        assert_eq!(
            sent.resume(),
            Phase::Uncertain,
            "a reload mid-booking never books anew"
        );
        let odd = Attempt {
            stage: "paying".into(),
            booking_id: None,
            ..a.clone()
        };
        assert_eq!(odd.resume(), Phase::Form(None));
        assert_eq!(Attempt::decode("nope"), None);
        let mut again = a.clone();
        again.restart();
        assert_eq!(
            (
                again.booking_id,
                again.request,
                again.booking_tracking_id,
                again.tracking_key,
                again.plan_id
            ),
            (None, None, None, None, "P".to_string())
        );
        assert_eq!(Attempt::stage_of(&Phase::SavingDetails), "form");
        assert_eq!(Attempt::stage_of(&Phase::Uncertain), "booking");
        assert_eq!(
            Attempt::stage_of(&Phase::RenewingGrant),
            "booking",
            "a re-sent booking may have been made"
        );
    }

    #[test]
    fn an_unknown_outcome_names_the_reference_to_quote() {
        let mut a = Attempt {
            booking_tracking_id: Some("BT".into()),
            request: Some(r#"{"booking_tracking_id":"RQ","package_tracking_id":"T","eSim_quantity":"1","redirect_url":"https://h/","isd_code":"+44","contact_no":"1","email_address":"a@b.c"}"#.into()),
            ..Attempt::default()
        };
        assert_eq!(a.reference().as_deref(), Some("BT"));
        a.booking_tracking_id = None;
        assert_eq!(
            a.reference().as_deref(),
            Some("RQ"),
            "from the stored request"
        );
        a.request = None;
        assert_eq!(a.reference(), None);
    }

    #[test]
    fn attempts_saved_by_the_previous_version_still_load() {
        // An `a2` line: no tracking key (the proxy of that time gave none).
        let line = [
            "a2",
            "booking",
            "P",
            "T",
            "BT",
            "",
            "",
            r#"{"booking_tracking_id":"BT"}"#,
        ]
        .join("\u{1f}");
        let a = Attempt::decode(&line).expect("an a2 line loads");
        assert_eq!(
            a,
            Attempt {
                plan_id: "P".into(),
                package_tracking_id: "T".into(),
                booking_tracking_id: Some("BT".into()),
                tracking_key: None,
                booking_id: None,
                token: None,
                stage: "booking".into(),
                request: Some(r#"{"booking_tracking_id":"BT"}"#.into()),
            }
        );
        assert_eq!(a.resume(), Phase::Uncertain, "never booked anew");
        // Written back in the new format, without a key still.
        assert!(a.encode().starts_with("a3\u{1f}"));
        assert_eq!(Attempt::decode(&a.encode()), Some(a));
        // Lines of the wrong length for their version are refused.
        assert_eq!(Attempt::decode(&format!("{line}\u{1f}key")), None);
        assert_eq!(Attempt::decode(&line.replacen("a2", "a3", 1)), None);
        assert_eq!(Attempt::decode(""), None);
    }
}
