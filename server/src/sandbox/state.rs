//! The sandbox's memory: searches, selections, bookings and eSIMs, keyed by the
//! ids it issues, with a clock that only moves when told to.
//!
//! Serializable so `--sandbox-data FILE` can keep a demo across restarts.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Minutes after booking at which an eSIM starts being used (the traveller lands).
pub const ACTIVATES_AFTER_MIN: u64 = 24 * 60;
/// Data an unlimited eSIM reports as used per active day, in MB.
pub const UNLIMITED_DAILY_MB: u64 = 1_500;

/// A search the sandbox answered.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SearchRecord {
    /// Destination.
    pub country: String,
    /// Packages offered.
    pub package_ids: Vec<String>,
    /// The search request (`short_ref`, `language`, … echoed by create-booking).
    #[serde(default)]
    pub parameters: serde_json::Map<String, serde_json::Value>,
}

/// The traveller, as `update-customer-info` recorded them.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Customer {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Calling code.
    pub isd_code: String,
    /// Number.
    pub contact_no: String,
}

/// A package chosen through `single-esim-package`, waiting to be booked.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Selection {
    /// The package.
    pub package_id: String,
    /// The search it came from (`package_tracking_id` at booking).
    pub search_tracking_id: String,
    /// Set by `update-customer-info`.
    pub customer: Option<Customer>,
    /// Every passenger `update-customer-info` was sent, as sent.
    #[serde(default)]
    pub passengers: Vec<serde_json::Value>,
}

/// What a booking buys.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum BookingKind {
    /// eSIMs of a package.
    Esims {
        /// `booking_tracking_id` it was made from.
        booking_tracking_id: String,
    },
    /// A top-up for an existing eSIM.
    Topup {
        /// The eSIM topped up.
        iccid: String,
    },
}

/// A booking and where it stands.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Booking {
    /// Id issued by the sandbox.
    pub booking_id: String,
    /// What it buys.
    pub kind: BookingKind,
    /// Package (or top-up package) id.
    pub package_id: String,
    /// Package title.
    pub title: String,
    /// eSIMs booked.
    pub quantity: u64,
    /// `account_balance`, `card` or `onlinepayment`.
    pub payment_type: String,
    /// `pending`, `confirmed` or `cancelled`.
    pub status: String,
    /// `unpaid`, `paid`, `failed` or `cancelled`.
    pub payment_status: String,
    /// Where the checkout page sends the traveller.
    pub redirect_url: Option<String>,
    /// Unit price as decimal text.
    pub unit_price: String,
    /// Total as decimal text.
    pub total_price: String,
    /// Currency of the prices.
    pub currency: String,
    /// Contact e-mail.
    pub email: String,
    /// Sandbox clock at booking.
    pub created_minute: u64,
    /// eSIMs issued (after payment).
    pub iccids: Vec<String>,
    /// Set when the traveller first reached the hosted payment page.
    #[serde(default)]
    pub pay_tracking_id: Option<String>,
    /// The passengers of the booking (`pax` of booking-details).
    #[serde(default)]
    pub passengers: Vec<serde_json::Value>,
    /// A top-up ITT answered with only `Status`: paid without the hosted page.
    #[serde(default)]
    pub without_payment_page: bool,
}

/// A top-up applied to (or pending for) an eSIM.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TopupRecord {
    /// Its booking.
    pub booking_id: String,
    /// Top-up package id.
    pub package_id: String,
    /// Title.
    pub title: String,
    /// MB added.
    pub mb: u64,
    /// Days added.
    pub days: u64,
    /// Price text.
    pub price: String,
    /// Currency.
    pub currency: String,
    /// `completed` once paid, else `pending` / `failed`.
    pub status: String,
    /// Sandbox clock at booking.
    pub created_minute: u64,
    /// For a top-up booked without a payment page (ITT answered only `Status`):
    /// top-up-history reads it stays pending for; `None` waits for the payment page.
    #[serde(default)]
    pub pending_reads: Option<u32>,
}

/// Top-ups offered by one topup-packages answer, remembered under its `topup_tracking_id`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TopupOffer {
    /// The eSIM they are for.
    pub iccid: String,
    /// The `package_id`s offered.
    pub package_ids: Vec<String>,
}

/// An issued eSIM and its usage.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EsimRecord {
    /// The eSIM.
    pub iccid: String,
    /// Its booking.
    pub booking_id: String,
    /// Package.
    pub package_id: String,
    /// Package title.
    pub title: String,
    /// Activation code part.
    pub matching_id: String,
    /// Clock minute it was issued.
    pub issued_minute: u64,
    /// Plan data in MB (`None`: unlimited).
    pub plan_mb: Option<u64>,
    /// Plan validity.
    pub validity_days: u64,
    /// Data consumed through the control route, beyond the daily pattern.
    pub extra_used_mb: u64,
    /// Top-ups.
    pub topups: Vec<TopupRecord>,
    /// Low-data levels already announced (`75%`, `90%`, `3days`, `1days`).
    pub warned: Vec<String>,
}

/// Usage of an eSIM at a clock minute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    /// `NOT_ACTIVE`, `ACTIVE`, `FINISHED` or `EXPIRED`.
    pub status: &'static str,
    /// MB in plan and paid top-ups (`None`: unlimited).
    pub total_mb: Option<u64>,
    /// MB used.
    pub used_mb: u64,
    /// Minute validity ends (once active).
    pub expires_minute: Option<u64>,
}

impl EsimRecord {
    fn paid_topups(&self) -> impl Iterator<Item = &TopupRecord> {
        self.topups.iter().filter(|t| t.status == "completed")
    }

    /// Usage at `now`: deterministic, from the clock and the consumed extra.
    ///
    /// Not active until a day after issue (the traveller lands); then a steady
    /// three quarters of the plan per validity period, plus whatever the
    /// control route consumed; finished when the data is gone, expired when the
    /// validity (extended by top-ups) is over.
    pub fn usage(&self, now: u64) -> Usage {
        let activation = self.issued_minute + ACTIVATES_AFTER_MIN;
        let total_mb = self
            .plan_mb
            .map(|mb| mb + self.paid_topups().map(|t| t.mb).sum::<u64>());
        let days = self.validity_days + self.paid_topups().map(|t| t.days).sum::<u64>();
        let expires = activation + days * 24 * 60;
        if now < activation && self.extra_used_mb == 0 {
            return Usage {
                status: "NOT_ACTIVE",
                total_mb,
                used_mb: 0,
                expires_minute: None,
            };
        }
        let active_minutes = now.saturating_sub(activation).min(days * 24 * 60);
        let daily = match self.plan_mb {
            Some(mb) => mb * 3 / 4 / self.validity_days.max(1),
            None => UNLIMITED_DAILY_MB,
        };
        let mut used_mb = daily * active_minutes / (24 * 60) + self.extra_used_mb;
        if let Some(total) = total_mb {
            used_mb = used_mb.min(total);
        }
        let status = if now >= expires {
            "EXPIRED"
        } else if total_mb.is_some_and(|t| used_mb >= t) {
            "FINISHED"
        } else {
            "ACTIVE"
        };
        Usage {
            status,
            total_mb,
            used_mb,
            expires_minute: Some(expires),
        }
    }
}

/// Everything the sandbox remembers.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// Counter behind every issued id.
    pub next_id: u64,
    /// The sandbox clock, in minutes since 2026-12-01 00:00 UTC.
    pub clock_minutes: u64,
    /// Searches by tracking id.
    pub searches: BTreeMap<String, SearchRecord>,
    /// Chosen packages by booking tracking id.
    pub selections: BTreeMap<String, Selection>,
    /// Bookings by id.
    pub bookings: BTreeMap<String, Booking>,
    /// eSIMs by ICCID.
    pub esims: BTreeMap<String, EsimRecord>,
    /// Where low-data events go (set by `register-webhook`).
    pub webhook_url: Option<String>,
    /// Booking tracking ids whose first create-booking the refuse-once trigger already refused.
    #[serde(default)]
    pub refused_once: std::collections::BTreeSet<String>,
    /// Top-up offers by `topup_tracking_id`.
    #[serde(default)]
    pub topup_offers: BTreeMap<String, TopupOffer>,
}

impl State {
    /// A fresh id: `prefix` + a counter, shaped like ITT's.
    pub fn issue(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:06}SBX", self.next_id)
    }

    /// The tracking id of a booking: the `booking_tracking_id` it (or, for a
    /// top-up, its eSIM's booking) was created with.
    pub fn tracking_id_of(&self, booking: &Booking) -> Option<String> {
        match &booking.kind {
            BookingKind::Esims {
                booking_tracking_id,
            } => Some(booking_tracking_id.clone()),
            BookingKind::Topup { iccid } => {
                let esim = self.esims.get(iccid)?;
                match &self.bookings.get(&esim.booking_id)?.kind {
                    BookingKind::Esims {
                        booking_tracking_id,
                    } => Some(booking_tracking_id.clone()),
                    BookingKind::Topup { .. } => None,
                }
            }
        }
    }

    /// A fresh 19-digit ICCID (89 = telecom, 44 = UK issuer range, as Airalo's).
    pub fn issue_iccid(&mut self) -> String {
        self.next_id += 1;
        format!("894446540{:010}", self.next_id)
    }

    /// Loads a saved state, or starts empty when the file does not exist yet.
    pub fn load(path: &Path) -> Result<State, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a sandbox data file: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Saves atomically (write then rename), so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let tmp: PathBuf = path.with_extension("tmp");
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// `YYYY-MM-DD HH:MM:SS` of a sandbox clock minute (epoch 2026-12-01 00:00 UTC).
pub fn clock_text(minute: u64) -> String {
    // Days since 1970-01-01 of 2026-12-01.
    const EPOCH_DAYS: i64 = 20_788;
    let days = EPOCH_DAYS + (minute / (24 * 60)) as i64;
    let (y, m, d) = civil_from_days(days);
    let rem = minute % (24 * 60);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:00", rem / 60, rem % 60)
}

/// Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esim(plan_mb: Option<u64>) -> EsimRecord {
        EsimRecord {
            iccid: "1".into(),
            booking_id: "B".into(),
            package_id: "P".into(),
            title: "T".into(),
            matching_id: "M".into(),
            issued_minute: 0,
            plan_mb,
            validity_days: 10,
            extra_used_mb: 0,
            topups: vec![],
            warned: vec![],
        }
    }

    #[test]
    fn clock_text_counts_from_december_first() {
        assert_eq!(clock_text(0), "2026-12-01 00:00:00");
        assert_eq!(clock_text(31 * 24 * 60 + 61), "2027-01-01 01:01:00");
    }

    #[test]
    fn usage_moves_through_its_states() {
        let mut e = esim(Some(10_240));
        assert_eq!(e.usage(60).status, "NOT_ACTIVE");
        let day3 = ACTIVATES_AFTER_MIN + 3 * 24 * 60;
        let u = e.usage(day3);
        assert_eq!(u.status, "ACTIVE");
        assert_eq!(u.used_mb, 10_240 * 3 / 4 / 10 * 3);
        e.extra_used_mb = 20_000;
        assert_eq!(e.usage(day3).status, "FINISHED");
        assert_eq!(e.usage(day3).used_mb, 10_240, "never more than the plan");
        e.extra_used_mb = 0;
        assert_eq!(
            e.usage(ACTIVATES_AFTER_MIN + 10 * 24 * 60).status,
            "EXPIRED"
        );
        let unlimited = esim(None);
        assert_eq!(unlimited.usage(day3).total_mb, None);
        assert_eq!(unlimited.usage(day3).status, "ACTIVE");
    }

    #[test]
    fn paid_topups_add_data_and_days() {
        let mut e = esim(Some(1_024));
        e.topups.push(TopupRecord {
            booking_id: "T".into(),
            package_id: "p".into(),
            title: "1 GB".into(),
            mb: 1_024,
            days: 7,
            price: "1".into(),
            currency: "USD".into(),
            status: "pending".into(),
            created_minute: 0,
            pending_reads: None,
        });
        assert_eq!(e.usage(ACTIVATES_AFTER_MIN).total_mb, Some(1_024));
        e.topups[0].status = "completed".into();
        assert_eq!(e.usage(ACTIVATES_AFTER_MIN).total_mb, Some(2_048));
        assert_eq!(
            e.usage(ACTIVATES_AFTER_MIN).expires_minute,
            Some(ACTIVATES_AFTER_MIN + 17 * 24 * 60)
        );
    }

    #[test]
    fn saves_and_loads() {
        let path = std::env::temp_dir().join(format!("sbx-state-{}.json", std::process::id()));
        let mut s = State::default();
        let id = s.issue("ES");
        s.clock_minutes = 42;
        s.save(&path).unwrap();
        let loaded = State::load(&path).unwrap();
        assert_eq!(loaded.clock_minutes, 42);
        assert_eq!(loaded.next_id, 1);
        assert!(id.starts_with("ES"));
        std::fs::remove_file(&path).ok();
        assert_eq!(
            State::load(&path).unwrap().next_id,
            0,
            "missing file: fresh state"
        );
    }
}
