//! The checkout hand-off, pure: the traveller's details, where they may be
//! sent, and the state machine that books exactly once.

pub mod calling_codes;
pub mod form;
pub mod machine;
pub mod safe_url;

use machine::Phase;

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

impl Attempt {
    /// The stage to store for `phase` (in-flight phases that may have booked count as `booking`).
    pub fn stage_of(phase: &Phase) -> &'static str {
        match phase {
            Phase::Form(_) | Phase::SavingDetails => "form",
            Phase::Booking | Phase::Uncertain => "booking",
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

    /// After an attempt that ended without a booking to keep (cancelled,
    /// failed or refused payment): the next try starts afresh.
    pub fn restart(&mut self) {
        self.booking_tracking_id = None;
        self.booking_id = None;
        self.token = None;
        self.request = None;
    }

    /// One line for session storage.
    pub fn encode(&self) -> String {
        [
            "a2",
            &self.stage,
            &self.plan_id,
            &self.package_tracking_id,
            self.booking_tracking_id.as_deref().unwrap_or(""),
            self.booking_id.as_deref().unwrap_or(""),
            self.token.as_deref().unwrap_or(""),
            self.request.as_deref().unwrap_or(""),
        ]
        .join("\u{1f}")
    }

    /// Reads [`Attempt::encode`].
    pub fn decode(line: &str) -> Option<Attempt> {
        let p: Vec<&str> = line.split('\u{1f}').collect();
        if p.len() != 8 || p[0] != "a2" {
            return None;
        }
        let opt = |s: &str| Some(s).filter(|s| !s.is_empty()).map(str::to_string);
        Some(Attempt {
            stage: p[1].to_string(),
            plan_id: p[2].to_string(),
            package_tracking_id: p[3].to_string(),
            booking_tracking_id: opt(p[4]),
            booking_id: opt(p[5]),
            token: opt(p[6]),
            request: opt(p[7]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_round_trip_and_resume_safely() {
        let a = Attempt {
            plan_id: "P".into(),
            package_tracking_id: "T".into(),
            booking_tracking_id: Some("BT".into()),
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
            (again.booking_id, again.request, again.plan_id),
            (None, None, "P".to_string())
        );
        assert_eq!(Attempt::stage_of(&Phase::SavingDetails), "form");
        assert_eq!(Attempt::stage_of(&Phase::Uncertain), "booking");
    }
}
