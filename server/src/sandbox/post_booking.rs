//! The operations after booking: booking details, instructions, usage,
//! compatible devices, top-ups and their history, webhook registration.
//!
//! Each eSIM operation takes the booking's `tracking_id` (the
//! `booking_tracking_id` the booking was created with) beside the ICCID, and
//! refuses one that is not the eSIM's.

use super::catalogue;
use super::instructions::instructions;
use super::layout;
use super::ops::{invalid, not_found, object, optional_text, price, success, text, Answer, Body};
use super::state::{clock_text, Booking, BookingKind, EsimRecord, State, TopupOffer, TopupRecord};
use super::{devices, required, IttFailure, Sandbox};
use serde_json::{json, Value};

/// Top-up offers kept per eSIM: enough for a traveller going back and forth.
const OFFERS_PER_ESIM: usize = 5;

/// The `tracking_id` must be the booking's (for an eSIM: its booking's).
fn check_tracking(state: &State, b: &Booking, body: &Body) -> Result<(), IttFailure> {
    let tracking_id = text(body, "tracking_id")?;
    if state.tracking_id_of(b).as_deref() != Some(tracking_id) {
        return Err(invalid("The tracking_id does not belong to this booking."));
    }
    Ok(())
}

/// The eSIM named by `eSim_iccid`, after checking the `tracking_id` is its booking's.
fn esim<'a>(state: &'a State, body: &Body) -> Result<&'a EsimRecord, IttFailure> {
    let iccid = text(body, "eSim_iccid")?;
    let e = state.esims.get(iccid).ok_or_else(|| not_found("eSIM"))?;
    let b = state
        .bookings
        .get(&e.booking_id)
        .ok_or_else(|| not_found("Booking"))?;
    check_tracking(state, b, body)?;
    Ok(e)
}

/// The ids every eSIM answer starts with.
fn esim_header(state: &State, e: &EsimRecord) -> serde_json::Map<String, Value> {
    let tracking_id = state
        .bookings
        .get(&e.booking_id)
        .and_then(|b| state.tracking_id_of(b));
    object(json!({
        "tracking_id": tracking_id,
        "booking_id": e.booking_id,
        "eSim_iccid": e.iccid,
    }))
}

impl Sandbox {
    /// `booking-details`: the booking, in the answer ITT shares with its other
    /// products (the flight keys come empty from the reference).
    pub(super) fn booking_details(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let booking_id = text(body, "booking_id")?;
        let b = state
            .bookings
            .get(booking_id)
            .ok_or_else(|| not_found("Booking"))?;
        check_tracking(state, b, body)?;
        let mut out = self.booking_answer(state, b, "booking-details");
        let layout = self.layout(&b.booking_id);
        let booked = clock_text(b.created_minute);
        let mut logs = vec![json!({ "date": booked, "action": "Booking created" })];
        if b.pay_tracking_id.is_some() {
            logs.push(json!({ "date": booked, "action": "Payment requested" }));
        }
        if b.payment_status == "paid" {
            logs.push(json!({ "date": booked, "action": "Payment received" }));
        }
        let pax = layout::render(
            b.passengers.clone(),
            layout.pax_shape(),
            layout::reference_kind(required::operation("booking-details"), "pax"),
            "adult",
        );
        let rechargeable = matches!(b.kind, BookingKind::Esims { .. })
            && catalogue::package_by_id(&b.package_id, &b.currency).is_some_and(|p| p.rechargeable);
        out.append(&mut object(json!({
            "pay_tracking_id": b.pay_tracking_id,
            "sendGTMEvent": false,
            "changeLogs": logs,
            "action": { "can_cancel": false, "can_topup": rechargeable && b.payment_status == "paid" },
            "pax": pax,
            "syncData": { "synced_at": clock_text(state.clock_minutes) },
            "refund_status_list": ["pending", "processing", "refunded", "rejected"],
            "partner": { "partner_id": self.config.partner_id },
            "supplier": { "supplier_code": "airalo", "name": "Airalo" },
            "terms": { "text": "Sandbox booking: no real eSIM is issued." },
            "cancellation_terms": { "refundable": false, "text": "eSIMs cannot be cancelled once issued." },
            "special_notice_status": "disable",
            "special_notice": null,
        })));
        let tracking_id = state.tracking_id_of(b).unwrap_or_default();
        Ok(success(
            format!("Booking Details For Tracking Id {tracking_id}"),
            out,
        ))
    }

    /// `data-usage`: the reference's sample repeats the instructions' keys, so
    /// they are here too; the usage itself is under `data`.
    pub(super) fn data_usage(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = esim(state, body)?;
        let u = e.usage(state.clock_minutes);
        let (remaining, total) = match u.total_mb {
            Some(total) => (total.saturating_sub(u.used_mb), total),
            None => (0, 0),
        };
        let mut out = esim_header(state, e);
        out.insert(
            "instructions".into(),
            instructions(e, "en", self.layout(&e.booking_id)),
        );
        out.insert(
            "data".into(),
            json!({
                "iccid": e.iccid,
                "remaining": remaining,
                "total": total,
                "expired_at": u.expires_minute.map(clock_text),
                "is_unlimited": u.total_mb.is_none(),
                "status": u.status,
                "remaining_voice": 0,
                "remaining_text": 0,
                "total_voice": 0,
                "total_text": 0,
            }),
        );
        Ok(success("Data usage found.", out))
    }

    /// `installation-instructions`, in the `preferred_language` (default English).
    pub(super) fn installation_instructions(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = esim(state, body)?;
        if let Some(booking_id) = optional_text(body, "booking_id") {
            if booking_id != e.booking_id {
                return Err(invalid("The eSIM does not belong to this booking."));
            }
        }
        let language = optional_text(body, "preferred_language").unwrap_or("en");
        let lpa = format!("LPA:1$lpa.sandbox.invalid${}", e.matching_id);
        let mut out = esim_header(state, e);
        out.insert(
            "instructions".into(),
            instructions(e, language, self.layout(&e.booking_id)),
        );
        out.insert("version".into(), json!("17.4,17.0,16.0,15.0"));
        out.insert("model".into(), Value::Null);
        out.insert(
            "installation".into(),
            json!({
                "qr_code_data": lpa,
                "smdp_address": "lpa.sandbox.invalid",
                "activation_code": e.matching_id,
                "direct_apple_installation_url": format!("https://esimsetup.apple.com/esim_qrcode_provisioning?carddata={lpa}"),
            }),
        );
        Ok(success("Installation instructions found.", out))
    }

    /// `compatible-devices`: the list inside the `compatible_devices` object, keyed `"0"`, `"1"`, ….
    pub(super) fn compatible_devices(&self, _state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let list: Vec<Value> = devices::DEVICES
            .iter()
            .map(|d| json!({ "model": d.model, "os": d.os, "brand": d.brand, "name": d.name }))
            .collect();
        Ok(success(
            "Compatible devices data found.",
            object(json!({
                "compatible_devices": layout::render(list, layout::Shape::Keyed, None, ""),
            })),
        ))
    }

    /// Top-ups an eSIM can take: data-only packages of its coverage (none for
    /// unlimited plans). Their `package_id` is `<ICCID>||<plan package id>`.
    fn topups_for(&self, e: &EsimRecord) -> Vec<Value> {
        if e.plan_mb.is_none() {
            return Vec::new();
        }
        let currency = &self.config.currency;
        let Some(base) = catalogue::package_by_id(&e.package_id, currency) else {
            return Vec::new();
        };
        let lookup = base.countries.first().copied().unwrap_or("TH");
        catalogue::packages_for(lookup, currency)
            .into_iter()
            .filter(|p| {
                p.coverage_type == base.coverage_type
                    && !p.unlimited
                    && p.data_mb.unwrap_or(0) <= 10 * 1024
            })
            .map(|p| {
                let id = format!("{}||{}", e.iccid, p.package_id);
                json!({
                    "id": id,
                    "package_id": id,
                    "type": "topup",
                    "price": price(&p.price_text),
                    "currency": currency,
                    "amount": p.data_mb,
                    "day": p.days,
                    "is_unlimited": false,
                    "title": p.title,
                    "data": p.data_label,
                    "voice": null,
                    "text": null,
                })
            })
            .collect()
    }

    /// `topup-packages`: each answer issues a `topup_tracking_id` that
    /// create-topup-booking must bring back.
    pub(super) fn topup_packages(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = esim(state, body)?.clone();
        let list = self.topups_for(&e);
        let topup_tracking_id = state.issue("TUP");
        let mut older: Vec<String> = state
            .topup_offers
            .iter()
            .filter(|(_, o)| o.iccid == e.iccid)
            .map(|(id, _)| id.clone())
            .collect();
        older.sort_by_key(|id| std::cmp::Reverse(id.clone()));
        for id in older.into_iter().skip(OFFERS_PER_ESIM - 1) {
            state.topup_offers.remove(&id);
        }
        state.topup_offers.insert(
            topup_tracking_id.clone(),
            TopupOffer {
                iccid: e.iccid.clone(),
                package_ids: list
                    .iter()
                    .filter_map(|t| t["package_id"].as_str().map(str::to_string))
                    .collect(),
            },
        );
        let prices: Vec<f64> = list.iter().filter_map(|t| t["price"].as_f64()).collect();
        let currency = &self.config.currency;
        let total = list.len();
        let data = layout::render(
            list,
            self.layout(&e.booking_id).packages_shape(),
            layout::reference_kind(required::operation("topup-packages"), "data"),
            "airalo",
        );
        Ok(success(
            format!("A total of {total} topup packages were found for your eSim."),
            object(json!({
                "topup_tracking_id": topup_tracking_id,
                "request_data": { "tracking_id": optional_text(body, "tracking_id"), "eSim_iccid": e.iccid },
                "total_esim_package": total,
                "data": data,
                "price": {
                    "currency": currency,
                    "min": prices.iter().copied().reduce(f64::min),
                    "max": prices.iter().copied().reduce(f64::max),
                },
                "sell": null,
                "total": { "packages": total },
                "price_breakdown": { "currency": currency, "tax": 0, "fee": 0 },
            })),
        ))
    }

    /// `create-topup-booking`: the ICCID comes from the offer its
    /// `topup_tracking_id` names (and is part of the `package_id`).
    pub(super) fn create_topup(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let tracking_id = text(body, "booking_tracking_id")?;
        let offer = state
            .topup_offers
            .get(text(body, "topup_tracking_id")?)
            .ok_or_else(|| not_found("Top-up tracking_id"))?
            .clone();
        let package_id = text(body, "package_id")?;
        if !offer.package_ids.iter().any(|p| p == package_id) {
            return Err(not_found("Top-up package"));
        }
        let e = state
            .esims
            .get(&offer.iccid)
            .ok_or_else(|| not_found("eSIM"))?
            .clone();
        let original = state
            .bookings
            .get(&e.booking_id)
            .ok_or_else(|| not_found("Booking"))?;
        if state.tracking_id_of(original).as_deref() != Some(tracking_id) {
            return Err(invalid(
                "The booking_tracking_id does not belong to this eSIM.",
            ));
        }
        let email = optional_text(body, "email_address")
            .map_or_else(|| original.email.clone(), str::to_string);
        let payment_type = Self::payment_type(body)?;
        let redirect_url = Self::redirect_url(body, &payment_type)?;
        let topup = self
            .topups_for(&e)
            .into_iter()
            .find(|t| t["package_id"] == package_id)
            .ok_or_else(|| not_found("Top-up package"))?;
        let booking_id = state.issue("ET");
        let layout = self.layout(&booking_id);
        let status_only = layout.topup_status_only();
        let price_text = topup["price"].to_string();
        let record = TopupRecord {
            booking_id: booking_id.clone(),
            package_id: package_id.to_string(),
            title: topup["title"].as_str().unwrap_or_default().to_string(),
            mb: topup["amount"].as_u64().unwrap_or(0),
            days: topup["day"].as_u64().unwrap_or(0),
            price: price_text.clone(),
            currency: self.config.currency.clone(),
            status: "pending".into(),
            created_minute: state.clock_minutes,
            pending_reads: status_only.then(|| layout.topup_pending_reads()),
        };
        state.bookings.insert(
            booking_id.clone(),
            Booking {
                booking_id: booking_id.clone(),
                kind: BookingKind::Topup {
                    iccid: e.iccid.clone(),
                },
                package_id: package_id.to_string(),
                title: record.title.clone(),
                quantity: 1,
                payment_type: payment_type.clone(),
                status: "pending".into(),
                payment_status: "unpaid".into(),
                redirect_url,
                unit_price: price_text.clone(),
                total_price: price_text,
                currency: self.config.currency.clone(),
                email,
                created_minute: state.clock_minutes,
                iccids: Vec::new(),
                pay_tracking_id: None,
                passengers: Vec::new(),
                without_payment_page: status_only,
            },
        );
        let pending_reads = record.pending_reads;
        state
            .esims
            .get_mut(&e.iccid)
            .expect("exists")
            .topups
            .push(record);
        if payment_type == "account_balance" {
            self.settle(state, &booking_id, true);
        } else if pending_reads == Some(0) {
            self.settle_without_page(state, &booking_id);
        }
        if status_only {
            // The reference's whole answer: the top-up shows up in topup-history.
            return Ok(json!({ "Status": "Success" }));
        }
        let b = &state.bookings[&booking_id];
        let mut out = serde_json::Map::new();
        out.insert("Status".into(), json!("Success"));
        out.insert(
            "reason".into(),
            json!(format!(
                "The top-up booking has been successfully created with the Booking Id {booking_id}."
            )),
        );
        out.append(&mut self.booking_answer(state, b, "create-topup-booking"));
        Ok(Value::Object(out))
    }

    /// `topup-history`: the eSIM's top-ups under `data`. A top-up taken without
    /// a payment page is pending for its first reads, then completed.
    pub(super) fn topup_history(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = esim(state, body)?;
        let (iccid, layout) = (e.iccid.clone(), self.layout(&e.booking_id));
        let due: Vec<String> = e
            .topups
            .iter()
            .filter(|t| t.status == "pending" && t.pending_reads == Some(0))
            .map(|t| t.booking_id.clone())
            .collect();
        for booking_id in due {
            self.settle_without_page(state, &booking_id);
        }
        let e = state.esims.get_mut(&iccid).expect("checked above");
        let list: Vec<Value> = e
            .topups
            .iter()
            .map(|t| {
                json!({
                    "booking_id": t.booking_id,
                    "package_id": t.package_id,
                    "title": t.title,
                    "data": if t.mb >= 1024 { format!("{} GB", t.mb / 1024) } else { format!("{} MB", t.mb) },
                    "amount": t.mb,
                    "day": t.days,
                    "price": price(&t.price),
                    "currency": t.currency,
                    "status": t.status,
                    "created_at": clock_text(t.created_minute),
                })
            })
            .collect();
        for t in e.topups.iter_mut().filter(|t| t.status == "pending") {
            if let Some(reads) = t.pending_reads.as_mut() {
                *reads = reads.saturating_sub(1);
            }
        }
        Ok(json!({
            "status": "Success",
            "reason": format!("{} top-ups found.", list.len()),
            "data": layout::render(list, layout.inner_shape(), None, ""),
        }))
    }

    /// `register-webhook` (server-side only; reached through the CLI, not the
    /// proxy). The reference's fields (`supplier_code`, `supplier_uid`,
    /// `notification_type`) are all optional; `url`, the sandbox's own, says
    /// where to post the events (default: `--sandbox-webhook-url`).
    pub(super) fn register_webhook(&self, state: &mut State, body: &Body) -> Answer {
        if body.contains_key("member_id") {
            self.check_member(body)?;
        }
        if let Some(url) = optional_text(body, "url") {
            if !url.starts_with("https://") && !itt_contract::net::is_loopback_http_url(url) {
                return Err(invalid("The url field must be a valid https URL."));
            }
            state.webhook_url = Some(url.to_string());
        }
        let webhook_id = state.issue("WH");
        Ok(success(
            "Webhook registered.",
            object(json!({
                "webhook_id": webhook_id,
                "supplier_code": optional_text(body, "supplier_code").unwrap_or("airalo"),
                "supplier_uid": optional_text(body, "supplier_uid"),
                "notification_type": optional_text(body, "notification_type").unwrap_or("webhook_low_data"),
                "url": state.webhook_url.clone().or_else(|| self.config.webhook_url.clone()),
                "signature": { "algorithm": "HMAC-SHA512", "header": super::webhook::SIGNATURE_HEADER },
            })),
        ))
    }
}
