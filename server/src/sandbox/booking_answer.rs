//! The booking part shared by create-booking, booking-details and the full form
//! of create-topup-booking, laid out as the booking's [`Layout`] says.

use super::layout::{self, Layout, StatusPlace, UrlPlace};
use super::ops::price;
use super::state::{clock_text, Booking, BookingKind, EsimRecord, State};
use super::{required, Sandbox};
use serde_json::{json, Map, Value};

/// One eSIM as Airalo describes it underneath ITT (what the widget installs from).
pub fn esim_json(e: &EsimRecord) -> Value {
    let lpa = format!("LPA:1$lpa.sandbox.invalid${}", e.matching_id);
    json!({
        "iccid": e.iccid,
        "lpa": "lpa.sandbox.invalid",
        "matching_id": e.matching_id,
        "qrcode": lpa,
        "qrcode_url": format!("https://sandbox.invalid/qr/{}.png", e.iccid),
        "direct_apple_installation_url": format!("https://esimsetup.apple.com/esim_qrcode_provisioning?carddata={lpa}"),
        "apn_type": "automatic",
        "apn_value": null,
        "is_roaming": true,
    })
}

/// Inserts `key: value` into the object at `map[object]`, creating it; false when
/// that key holds something else than an object.
fn insert_into(map: &mut Map<String, Value>, object: &str, key: &str, value: Value) -> bool {
    match map
        .entry(object)
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(inner) => {
            inner.insert(key.to_string(), value);
            true
        }
        _ => false,
    }
}

impl Sandbox {
    /// The layout of the answers about `id` (see [`layout`] for the seed rule).
    pub(super) fn layout(&self, id: &str) -> Layout {
        Layout::of(id, self.config.layout_seed)
    }

    /// The hosted payment page of a booking, while it is waiting for one.
    pub(super) fn payment_url(&self, b: &Booking) -> Option<String> {
        (b.payment_type != "account_balance"
            && b.payment_status != "paid"
            && !b.without_payment_page)
            .then(|| {
                format!(
                    "{}/sandbox/checkout/{}",
                    self.config.public_url, b.booking_id
                )
            })
    }

    /// The booking as `operation` answers it: ids, `general`, `booking`, `price`,
    /// `eSim_package`, the payment status and URL and the eSIMs where the
    /// booking's layout puts them. Keys the reference shows and this leaves out
    /// are added by [`layout::complete`].
    pub(super) fn booking_answer(
        &self,
        state: &State,
        b: &Booking,
        operation: &str,
    ) -> Map<String, Value> {
        let reference = required::operation(operation);
        let layout = self.layout(&b.booking_id);
        let booked = clock_text(b.created_minute);
        let mut out = Map::new();
        out.insert("tracking_id".into(), json!(state.tracking_id_of(b)));
        out.insert("booking_id".into(), json!(b.booking_id));
        let mut general = json!({
            "booking_date": booked,
            "member_id": self.config.member_id,
            "product": "eSIM",
            "booking_status": b.status,
        });
        let mut booking = json!({
            "booking_status": b.status,
            "payment_type": b.payment_type,
            "quantity": b.quantity,
            "booking_date": booked,
        });
        out.insert(
            "price".into(),
            json!({ "total_price": price(&b.total_price), "currency": b.currency, "unit_price": price(&b.unit_price) }),
        );
        out.insert(
            "eSim_package".into(),
            json!({ "package_id": b.package_id, "title": b.title }),
        );

        // The payment status: one place, one key, one spelling per booking.
        let (key, word) = (layout.status_key(), layout.status_word(&b.payment_status));
        match layout.status_place() {
            StatusPlace::General => general[key] = json!(word),
            StatusPlace::Booking => booking[key] = json!(word),
            StatusPlace::Top => {
                out.insert(key.into(), json!(word));
            }
            StatusPlace::PaymentRequest => {}
        }
        let in_request = layout.status_place() == StatusPlace::PaymentRequest;
        if in_request || b.pay_tracking_id.is_some() {
            let mut entry = json!({
                "pay_tracking_id": b.pay_tracking_id,
                "payment_type": b.payment_type,
                "amount": price(&b.total_price),
                "currency": b.currency,
            });
            if in_request {
                entry[key] = json!(word);
            }
            out.insert("bookingPaymentRequestDtata".into(), json!([entry]));
        }

        match &b.kind {
            BookingKind::Esims { .. } => {
                let esims: Vec<Value> = b
                    .iccids
                    .iter()
                    .filter_map(|i| state.esims.get(i))
                    .map(esim_json)
                    .collect();
                if !esims.is_empty() {
                    let place = layout.esim_place();
                    let shape = layout.esim_shape(esims.len());
                    let kind = layout::reference_kind(reference, place);
                    out.insert(place.into(), layout::render(esims, shape, kind, "esims"));
                }
            }
            BookingKind::Topup { iccid } => {
                out.insert(
                    "topup".into(),
                    json!({ "iccid": iccid, "package_id": b.package_id }),
                );
            }
        }

        if let Some(url) = self.payment_url(b) {
            let url = Value::String(url);
            match layout.url_place() {
                UrlPlace::Booking => booking["payment_url"] = url,
                UrlPlace::Top => {
                    out.insert("payment_url".into(), url);
                }
                UrlPlace::Data => {
                    // `data` holds no eSIMs before payment; should it ever, `booking` takes the URL.
                    if !insert_into(&mut out, "data", "payment_url", url.clone()) {
                        booking["payment_url"] = url;
                    }
                }
            }
        }
        out.insert("general".into(), general);
        out.insert("booking".into(), booking);
        out
    }
}
