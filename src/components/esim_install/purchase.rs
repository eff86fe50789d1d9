//! Buying a top-up, pure: where a purchase stands, what the history says
//! about it, and the contact details it starts from.
//!
//! ITT's reference answers create-topup-booking with only `{"Status": "Success"}`:
//! no booking id, no payment page. Such a top-up is followed in the history
//! (compared with the history before the purchase) for a while; a second
//! purchase of it is never possible while it is awaited.

use crate::api::model::{BookingStatus, PaymentStatus};
use crate::api::topup::TopUpRecord;
use crate::checkout::form::ContactForm;
use crate::components::contact::phone_parts;
use crate::config::Guest;
use itt_contract::recognize::PaxEntry;

/// Pause between two automatic history reads while a top-up is awaited, in milliseconds.
pub const POLL_MS: u32 = 4_000;

/// Automatic history reads before the traveller is asked to check again.
pub const POLL_ROUNDS: u32 = 8;

/// Where the purchase of a top-up stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Purchase {
    /// Nothing under way.
    Idle,
    /// `create-topup-booking` in flight.
    Sending {
        /// The top-up.
        package_id: String,
    },
    /// Sent to the hosted payment page.
    Redirecting,
    /// Requested (no payment page): the history is read until it shows it.
    Awaiting(Awaited),
    /// Requested, not in the history after [`POLL_ROUNDS`] reads: "check again".
    Slow(Awaited),
    /// The requested top-up is in the history, settled.
    Arrived {
        /// Whether it went through (`false`: failed or cancelled).
        paid: bool,
    },
}

/// A top-up requested without a payment page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Awaited {
    /// The top-up bought.
    pub package_id: String,
    /// Booking ids in the history before the purchase (`None` when it was not known).
    pub before: Option<Vec<String>>,
}

impl Purchase {
    /// Whether buying `package_id` now could buy it twice: everything waits
    /// while a purchase is sent or awaited; after the automatic reads, the
    /// same top-up stays blocked (another may be bought).
    pub fn blocks(&self, package_id: &str) -> bool {
        match self {
            Purchase::Sending { .. } | Purchase::Redirecting | Purchase::Awaiting(_) => true,
            Purchase::Slow(a) => a.package_id == package_id,
            Purchase::Idle | Purchase::Arrived { .. } => false,
        }
    }

    /// Whether something is in flight (the Buy button shows it is busy).
    pub fn busy(&self) -> bool {
        matches!(
            self,
            Purchase::Sending { .. } | Purchase::Redirecting | Purchase::Awaiting(_)
        )
    }
}

/// What the history says about an awaited top-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Not in it.
    NotYet,
    /// In it, still pending.
    Processing,
    /// In it, done.
    Done,
    /// In it, failed or cancelled.
    Failed,
}

/// Reads `history` for the top-up `awaited`: an entry that was not there
/// before (or, when the earlier history is unknown, an entry of that package).
pub fn seen(awaited: &Awaited, history: &[TopUpRecord]) -> Seen {
    let new = |r: &&TopUpRecord| match &awaited.before {
        Some(before) => !before.contains(&r.booking_id),
        None => r.package_id.as_deref() == Some(awaited.package_id.as_str()),
    };
    let Some(entry) = history.iter().find(new) else {
        return Seen::NotYet;
    };
    let Some(status) = entry.status.as_deref() else {
        return Seen::Done;
    };
    let pending = BookingStatus::parse(status) == BookingStatus::Pending
        || matches!(
            PaymentStatus::parse(status),
            PaymentStatus::Unpaid | PaymentStatus::Pending
        );
    let failed = BookingStatus::parse(status) == BookingStatus::Cancelled
        || matches!(
            PaymentStatus::parse(status),
            PaymentStatus::Failed | PaymentStatus::Cancelled | PaymentStatus::Refunded
        );
    if pending {
        Seen::Processing
    } else if failed {
        Seen::Failed
    } else {
        Seen::Done
    }
}

/// The booking ids of a history, to compare a later one with.
pub fn ids(history: &[TopUpRecord]) -> Vec<String> {
    history.iter().map(|r| r.booking_id.clone()).collect()
}

/// The top-up form's first values: the booking's lead traveller, field by
/// field, else what the host page knows about the guest.
pub fn prefill(passengers: &[PaxEntry], guest: &Guest) -> ContactForm {
    let lead = passengers
        .iter()
        .find(|p| p.lead)
        .or_else(|| passengers.first());
    fn text(v: Option<&String>) -> Option<&str> {
        v.map(|s| s.trim()).filter(|s| !s.is_empty())
    }
    let email = lead
        .and_then(|p| text(p.email.as_ref()))
        .or_else(|| text(guest.email.as_ref()))
        .unwrap_or_default()
        .to_string();
    let lead_phone = lead.and_then(|p| {
        let number = text(p.contact_no.as_ref())?;
        // `+66`, `66` or `0066`: the number as dialled from abroad.
        let code = text(p.isd_code.as_ref())
            .map(|c| c.trim_start_matches('+').trim_start_matches("00"))
            .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
        Some(match code {
            Some(code) if !number.starts_with('+') => format!("+{code} {number}"),
            _ => number.to_string(),
        })
    });
    let (phone_country, phone) =
        phone_parts(lead_phone.as_deref().or_else(|| text(guest.phone.as_ref())));
    ContactForm {
        email,
        phone_country,
        phone,
        ..ContactForm::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, package: &str, status: Option<&str>) -> TopUpRecord {
        TopUpRecord {
            booking_id: id.into(),
            package_id: Some(package.into()),
            title: None,
            data_mb: None,
            unlimited: false,
            days: None,
            price: None,
            status: status.map(str::to_string),
            created_at: None,
        }
    }

    fn awaited(before: Option<&[&str]>) -> Awaited {
        Awaited {
            package_id: "P1".into(),
            before: before.map(|b| b.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn a_new_history_entry_is_the_awaited_top_up() {
        let old = record("T0", "P1", Some("completed"));
        let a = awaited(Some(&["T0"]));
        assert_eq!(seen(&a, std::slice::from_ref(&old)), Seen::NotYet);
        assert_eq!(seen(&a, &[]), Seen::NotYet);
        for (status, want) in [
            (Some("pending"), Seen::Processing),
            (Some("Processing"), Seen::Processing),
            (Some("unpaid"), Seen::Processing),
            (Some("completed"), Seen::Done),
            (Some("success"), Seen::Done),
            (None, Seen::Done),
            (Some("failed"), Seen::Failed),
            (Some("CANCELLED"), Seen::Failed),
        ] {
            let now = [old.clone(), record("T1", "P2", status)];
            assert_eq!(seen(&a, &now), want, "{status:?}");
        }
        // The history before was not known: an entry of the package bought counts.
        let unknown = awaited(None);
        assert_eq!(
            seen(&unknown, &[record("T0", "P2", Some("completed"))]),
            Seen::NotYet
        );
        assert_eq!(seen(&unknown, std::slice::from_ref(&old)), Seen::Done);
        assert_eq!(ids(&[old]), ["T0"]);
    }

    #[test]
    fn no_second_purchase_while_one_is_awaited() {
        let a = awaited(Some(&[]));
        for busy in [
            Purchase::Sending {
                package_id: "P1".into(),
            },
            Purchase::Redirecting,
            Purchase::Awaiting(a.clone()),
        ] {
            assert!(
                busy.blocks("P1") && busy.blocks("P2") && busy.busy(),
                "{busy:?}"
            );
        }
        let slow = Purchase::Slow(a);
        assert!(slow.blocks("P1"), "the same top-up, not yet seen");
        assert!(!slow.blocks("P2") && !slow.busy());
        for done in [Purchase::Idle, Purchase::Arrived { paid: true }] {
            assert!(!done.blocks("P1") && !done.busy());
        }
    }

    fn pax(email: Option<&str>, isd: Option<&str>, number: Option<&str>, lead: bool) -> PaxEntry {
        PaxEntry {
            first_name: None,
            last_name: None,
            email: email.map(str::to_string),
            isd_code: isd.map(str::to_string),
            contact_no: number.map(str::to_string),
            lead,
        }
    }

    #[test]
    fn prefilled_from_the_lead_traveller_else_the_guest() {
        let guest = Guest {
            name: Some("Ana López".into()),
            email: Some("guest@example.com".into()),
            phone: Some("+44 20 7946 0958".into()),
        };
        let other = pax(
            Some("other@example.com"),
            Some("+33"),
            Some("612345678"),
            false,
        );
        let lead = pax(
            Some("lead@example.com"),
            Some("+66"),
            Some("812345678"),
            true,
        );
        let f = prefill(&[other.clone(), lead], &guest);
        assert_eq!(
            (f.email.as_str(), f.phone_country.as_str(), f.phone.as_str()),
            ("lead@example.com", "TH", "812345678")
        );
        // Only the reachability fields: no name, no quantity.
        assert_eq!((f.name.as_str(), f.quantity.as_str()), ("", ""));
        // Without a lead mark, the first traveller; the code without its `+`.
        let f = prefill(&[pax(None, Some("49"), Some("301234567"), false)], &guest);
        assert_eq!(
            (f.email.as_str(), f.phone_country.as_str(), f.phone.as_str()),
            ("guest@example.com", "DE", "301234567")
        );
        // A traveller without a phone: the guest's.
        let f = prefill(&[pax(Some(" "), None, None, true)], &guest);
        assert_eq!(
            (f.email.as_str(), f.phone_country.as_str(), f.phone.as_str()),
            ("guest@example.com", "GB", "20 7946 0958")
        );
        // A number without a calling code is kept as typed, for the traveller to complete.
        let f = prefill(
            &[pax(None, None, Some("0812345678"), true)],
            &Guest::default(),
        );
        assert_eq!(
            (f.phone_country.as_str(), f.phone.as_str()),
            ("", "0812345678")
        );
        assert_eq!(prefill(&[], &Guest::default()), ContactForm::default());
        // What it gives passes the checkout's own checks.
        assert!(prefill(&[other], &guest).reach().is_ok());
    }
}
