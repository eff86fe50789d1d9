//! The twelve ITT operations, answered from [`State`] in the contract's shapes.

use super::catalogue::{self, SandboxPackage};
use super::state::{
    clock_text, Booking, BookingKind, Customer, EsimRecord, SearchRecord, Selection, State,
    TopupRecord,
};
use super::{devices, IttFailure, Sandbox};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

type Body = Map<String, Value>;
type Answer = Result<Value, IttFailure>;

/// A required text field, trimmed; ITT's message when it is missing.
fn text<'a>(body: &'a Body, name: &str) -> Result<&'a str, IttFailure> {
    match body.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim()),
        Some(Value::Number(_)) => Err(IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The {name} field must be a string."),
        )),
        _ => Err(IttFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The {name} field is required."),
        )),
    }
}

fn optional_text<'a>(body: &'a Body, name: &str) -> Option<&'a str> {
    body.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn not_found(what: &str) -> IttFailure {
    IttFailure::new(StatusCode::NOT_FOUND, format!("{what} not found."))
}

fn invalid(reason: impl Into<String>) -> IttFailure {
    IttFailure::new(StatusCode::UNPROCESSABLE_ENTITY, reason)
}

/// A price as a JSON number in the clean form (the odd form stringifies it).
fn price(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn success(reason: impl Into<String>, mut fields: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("status".into(), "success".into());
    out.insert("reason".into(), Value::String(reason.into()));
    out.append(&mut fields);
    Value::Object(out)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn package_json(p: &SandboxPackage, currency: &str) -> Value {
    json!({
        "package_id": p.package_id,
        "supplier": "airalo",
        "supplier_partner_code": p.slug,
        "sell_price": price(&p.price_text),
        "sell_currency": currency,
        "package_type": "sim",
        "title": p.title,
        "data": p.data_label,
        "package_details": {
            "data_amount": p.data_mb,
            "voice_amount": null,
            "text_amount": null,
            "validity_days": p.days,
            "is_unlimited": p.unlimited,
            "has_fair_usage_policy": p.fair_usage_policy.is_some(),
        },
        "region_details": {
            "id": 1000 + p.countries.len(),
            "name": p.region_name,
            "country_code": if p.coverage_type == "local" { p.countries.first().copied() } else { None },
            "image": format!("https://sandbox.invalid/regions/{}.png", p.slug),
        },
        "operator_details": { "name": p.operator, "image": format!("https://sandbox.invalid/operators/{}.png", p.operator.to_ascii_lowercase().replace(' ', "-")) },
        "validity": { "activation_days": 180, "topup_days": p.days },
        "coverage_type": p.coverage_type,
        "esim_type": "data",
        "plan_type": "data",
        "activation_policy": "first-usage",
        "rechargeable": p.rechargeable,
    })
}

fn esim_json(e: &EsimRecord) -> Value {
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

/// The booking answer shared by create-booking, create-topup-booking and booking-details.
fn booking_json(sb: &Sandbox, state: &State, b: &Booking) -> Map<String, Value> {
    let esims: Vec<Value> = b
        .iccids
        .iter()
        .filter_map(|i| state.esims.get(i))
        .map(esim_json)
        .collect();
    let payment_url = (b.payment_type != "account_balance" && b.payment_status != "paid")
        .then(|| format!("{}/sandbox/checkout/{}", sb.config.public_url, b.booking_id));
    let mut out = object(json!({
        "booking_id": b.booking_id,
        "general": { "booking_date": clock_text(b.created_minute), "member_id": sb.config.member_id },
        "booking": {
            "booking_status": b.status,
            "payment_status": b.payment_status,
            "payment_type": b.payment_type,
            "payment_url": payment_url,
            "quantity": b.quantity,
            "booking_date": clock_text(b.created_minute),
        },
        "price": { "total_price": price(&b.total_price), "currency": b.currency, "unit_price": price(&b.unit_price) },
    }));
    match &b.kind {
        BookingKind::Esims { .. } => {
            out.insert(
                "eSim_package".into(),
                json!({ "package_id": b.package_id, "title": b.title }),
            );
            out.insert("esims".into(), Value::Array(esims.clone()));
            out.insert("data".into(), json!({ "esims": esims }));
        }
        BookingKind::Topup { iccid } => {
            out.insert(
                "data".into(),
                json!({ "iccid": iccid, "package_id": b.package_id }),
            );
        }
    }
    out
}

impl Sandbox {
    fn check_member(&self, body: &Body) -> Result<(), IttFailure> {
        let member = text(body, "member_id")?;
        if member != self.config.member_id {
            return Err(IttFailure::new(
                StatusCode::FORBIDDEN,
                "Invalid member_id for this API key.",
            ));
        }
        Ok(())
    }

    /// `search`.
    pub(super) fn search(&self, state: &mut State, body: &Body) -> Answer {
        if optional_text(body, "partner_id") != Some(self.config.partner_id.as_str()) {
            return Err(IttFailure::new(
                StatusCode::FORBIDDEN,
                "Invalid partner_id.",
            ));
        }
        let esim = body
            .get("eSim")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("The eSim field is required."))?;
        let country = text(esim, "country_code")
            .map_err(|_| invalid("The eSim.country_code field is required."))?
            .to_ascii_uppercase();
        // XL is the latency trigger: answered slowly, with Thailand's plans.
        let lookup = if country == "XL" {
            "TH"
        } else {
            country.as_str()
        };
        let region_type = optional_text(esim, "region_type");
        let currency = &self.config.currency;
        let packages: Vec<SandboxPackage> = catalogue::packages_for(lookup, currency)
            .into_iter()
            .filter(|p| region_type.is_none_or(|r| r == "all" || r == p.coverage_type))
            .collect();
        let tracking_id = state.issue("1");
        state.searches.insert(
            tracking_id.clone(),
            SearchRecord {
                country: country.clone(),
                package_ids: packages.iter().map(|p| p.package_id.clone()).collect(),
            },
        );
        let total = packages.len();
        Ok(success(
            format!("A total of {total} eSIM packages were found for your search."),
            object(json!({
                "tracking_id": tracking_id,
                "search_parameter": Value::Object(body.clone()),
                "total_esim_package": total,
                "data": packages.iter().map(|p| package_json(p, currency)).collect::<Vec<_>>(),
                "supplier": { "airalo": "Airalo" },
                "filter": { "coverage_type": ["local", "regional", "global"] },
            })),
        ))
    }

    /// `single-esim-package`.
    pub(super) fn single_package(&self, state: &mut State, body: &Body) -> Answer {
        let tracking_id = text(body, "tracking_id")?;
        let package_id = text(body, "package_id")?;
        let search = state
            .searches
            .get(tracking_id)
            .ok_or_else(|| not_found("Search tracking_id"))?;
        if !search.package_ids.iter().any(|p| p == package_id) {
            return Err(not_found("Package"));
        }
        let currency = &self.config.currency;
        let p =
            catalogue::package_by_id(package_id, currency).ok_or_else(|| not_found("Package"))?;
        let selection_id = state.issue("11");
        state.selections.insert(
            selection_id.clone(),
            Selection {
                package_id: package_id.to_string(),
                search_tracking_id: tracking_id.to_string(),
                customer: None,
            },
        );
        let coverage: Vec<Value> = p
            .countries
            .iter()
            .map(|code| {
                let name = catalogue::country(code).map_or(*code, |c| c.name);
                json!({ "name": name, "country_code": code })
            })
            .collect();
        let package = package_json(&p, currency);
        Ok(success(
            "Package details found.",
            object(json!({
                "tracking_id": selection_id,
                "search_parameter": { "tracking_id": tracking_id },
                "data": package,
                "region_details": package["region_details"],
                "operator_details": package["operator_details"],
                "coverage_country": coverage,
                "price": { "sell_price": price(&p.price_text), "sell_currency": currency },
                "fmg": {},
                "supplier": { "name": "Airalo" },
                "fair_usage_policy": p.fair_usage_policy,
                "qr_installation": catalogue::qr_installation_html(&p.title, &p.region_name),
                "manual_installation": catalogue::manual_installation_html(&p.title, &p.region_name),
            })),
        ))
    }

    /// `update-customer-info`.
    pub(super) fn update_customer(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let tracking_id = text(body, "booking_tracking_id")?;
        let lead = crate::sandbox::list_items(body.get("passenger"))
            .into_iter()
            .next()
            .ok_or_else(|| invalid("The passenger field is required."))?;
        let lead = lead
            .as_object()
            .ok_or_else(|| invalid("The passenger field must be a list of travellers."))?;
        let email = text(lead, "email")?;
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(invalid(
                "The passenger.email field must be a valid e-mail address.",
            ));
        }
        let customer = Customer {
            first_name: text(lead, "first_name")?.to_string(),
            last_name: text(lead, "last_name")?.to_string(),
            email: email.to_string(),
            isd_code: optional_text(lead, "isd_code")
                .unwrap_or_default()
                .to_string(),
            contact_no: optional_text(lead, "contact_no")
                .unwrap_or_default()
                .to_string(),
        };
        let selection = state
            .selections
            .get_mut(tracking_id)
            .ok_or_else(|| not_found("Booking tracking_id"))?;
        selection.customer = Some(customer);
        Ok(success(
            "Customer information updated successfully.",
            object(json!({ "booking_tracking_id": tracking_id })),
        ))
    }

    fn payment_type(body: &Body) -> Result<String, IttFailure> {
        let payment_type = text(body, "payment_type")?;
        if !["account_balance", "card", "onlinepayment"].contains(&payment_type) {
            return Err(invalid(
                "The payment_type must be one of account_balance, card, onlinepayment.",
            ));
        }
        Ok(payment_type.to_string())
    }

    fn redirect_url(body: &Body, payment_type: &str) -> Result<Option<String>, IttFailure> {
        match optional_text(body, "redirect_url") {
            // Plain ASCII, as a Location header needs (real URLs are percent-encoded).
            Some(url)
                if (url.starts_with("https://") || url.starts_with("http://"))
                    && url.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(Some(url.to_string()))
            }
            Some(_) => Err(invalid("The redirect_url must be an http(s) URL.")),
            None if payment_type == "account_balance" => Ok(None),
            None => Err(invalid(
                "The redirect_url field is required for online payment.",
            )),
        }
    }

    /// `create-booking`.
    pub(super) fn create_booking(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let tracking_id = text(body, "booking_tracking_id")?.to_string();
        let package_tracking_id = text(body, "package_tracking_id")?;
        let quantity = match body.get("eSim_quantity") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().trim_end_matches(',').parse().ok(),
            _ => None,
        }
        .ok_or_else(|| invalid("The eSim_quantity field is required."))?;
        if !(1..=10).contains(&quantity) {
            return Err(invalid("The eSim_quantity must be between 1 and 10."));
        }
        let payment_type = Self::payment_type(body)?;
        let redirect_url = Self::redirect_url(body, &payment_type)?;
        let email = text(body, "email_address")?.to_string();
        text(body, "isd_code")?;
        text(body, "contact_no")?;
        if email.eq_ignore_ascii_case(super::REFUSE_ONCE_EMAIL)
            && state.refused_once.insert(tracking_id.clone())
        {
            return Err(IttFailure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The booking could not be created right now. Please try again.",
            ));
        }
        let selection = state
            .selections
            .get(&tracking_id)
            .ok_or_else(|| not_found("Booking tracking_id"))?
            .clone();
        if selection.search_tracking_id != package_tracking_id {
            return Err(invalid(
                "The package_tracking_id does not belong to this booking.",
            ));
        }
        if state.bookings.values().any(|b| {
            b.kind
                == (BookingKind::Esims {
                    booking_tracking_id: tracking_id.clone(),
                })
        }) {
            return Err(invalid("This booking_tracking_id was already booked."));
        }
        if selection.customer.is_none() {
            return Err(invalid(
                "Customer information is missing: call update-customer-info first.",
            ));
        }
        let currency = self.config.currency.clone();
        let p = catalogue::package_by_id(&selection.package_id, &currency)
            .ok_or_else(|| not_found("Package"))?;
        let total = multiply(&p.price_text, quantity);
        let booking_id = state.issue("ES");
        let booking = Booking {
            booking_id: booking_id.clone(),
            kind: BookingKind::Esims {
                booking_tracking_id: tracking_id,
            },
            package_id: p.package_id.clone(),
            title: p.title.clone(),
            quantity,
            payment_type: payment_type.clone(),
            status: "pending".into(),
            payment_status: "unpaid".into(),
            redirect_url,
            unit_price: p.price_text.clone(),
            total_price: total,
            currency,
            email,
            created_minute: state.clock_minutes,
            iccids: Vec::new(),
        };
        state.bookings.insert(booking_id.clone(), booking);
        let reason = if payment_type == "account_balance" {
            // The agency's balance pays at once.
            self.settle(state, &booking_id, true);
            "eSIM booking confirmed."
        } else {
            "eSIM booking created. Complete the payment to confirm it."
        };
        let b = &state.bookings[&booking_id];
        Ok(success(reason, booking_json(self, state, b)))
    }

    /// Marks a booking paid (issuing its eSIMs or applying its top-up) or failed.
    pub(super) fn settle(&self, state: &mut State, booking_id: &str, paid: bool) {
        let now = state.clock_minutes;
        let Some(b) = state.bookings.get(booking_id).cloned() else {
            return;
        };
        if b.payment_status == "paid" {
            return; // never twice
        }
        if !paid {
            let b = state.bookings.get_mut(booking_id).expect("exists");
            b.payment_status = "failed".into();
            b.status = "cancelled".into();
            if let BookingKind::Topup { iccid } = &b.kind {
                let iccid = iccid.clone();
                if let Some(e) = state.esims.get_mut(&iccid) {
                    for t in e.topups.iter_mut().filter(|t| t.booking_id == booking_id) {
                        t.status = "failed".into();
                    }
                }
            }
            return;
        }
        match &b.kind {
            BookingKind::Esims { .. } => {
                let p = catalogue::package_by_id(&b.package_id, &b.currency);
                let mut iccids = Vec::new();
                for _ in 0..b.quantity {
                    let iccid = state.issue_iccid();
                    let matching_id = format!("SBX-{}", &iccid[iccid.len() - 8..]);
                    state.esims.insert(
                        iccid.clone(),
                        EsimRecord {
                            iccid: iccid.clone(),
                            booking_id: booking_id.to_string(),
                            package_id: b.package_id.clone(),
                            title: b.title.clone(),
                            matching_id,
                            issued_minute: now,
                            plan_mb: p.as_ref().and_then(|p| p.data_mb),
                            validity_days: p.as_ref().map_or(7, |p| p.days),
                            extra_used_mb: 0,
                            topups: Vec::new(),
                            warned: Vec::new(),
                        },
                    );
                    iccids.push(iccid);
                }
                let b = state.bookings.get_mut(booking_id).expect("exists");
                b.iccids = iccids;
            }
            BookingKind::Topup { iccid } => {
                if let Some(e) = state.esims.get_mut(iccid) {
                    for t in e.topups.iter_mut().filter(|t| t.booking_id == booking_id) {
                        t.status = "completed".into();
                    }
                    // New data, new warnings: the levels can be crossed again.
                    e.warned.clear();
                }
            }
        }
        let b = state.bookings.get_mut(booking_id).expect("exists");
        b.payment_status = "paid".into();
        b.status = "confirmed".into();
    }

    /// `booking-details`.
    pub(super) fn booking_details(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let booking_id = text(body, "booking_id")?;
        let b = state
            .bookings
            .get(booking_id)
            .ok_or_else(|| not_found("Booking"))?;
        let mut out = booking_json(self, state, b);
        out.insert("pax".into(), json!([{ "email": b.email }]));
        out.insert("flight".into(), Value::Null);
        out.insert("refund_data".into(), json!([]));
        Ok(success("Booking details found.", out))
    }

    fn esim<'a>(state: &'a State, body: &Body) -> Result<&'a EsimRecord, IttFailure> {
        let iccid = text(body, "eSim_iccid")?;
        state.esims.get(iccid).ok_or_else(|| not_found("eSIM"))
    }

    /// `data-usage`.
    pub(super) fn data_usage(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = Self::esim(state, body)?;
        let u = e.usage(state.clock_minutes);
        let (remaining, total) = match u.total_mb {
            Some(total) => (total.saturating_sub(u.used_mb), total),
            None => (0, 0),
        };
        Ok(success(
            "Data usage found.",
            object(json!({
                "data": {
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
                }
            })),
        ))
    }

    /// `installation-instructions`.
    pub(super) fn installation_instructions(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = Self::esim(state, body)?;
        if let Some(booking_id) = optional_text(body, "booking_id") {
            if booking_id != e.booking_id {
                return Err(invalid("The eSIM does not belong to this booking."));
            }
        }
        let language = optional_text(body, "language").unwrap_or("en");
        let lpa = format!("LPA:1$lpa.sandbox.invalid${}", e.matching_id);
        let apple = format!("https://esimsetup.apple.com/esim_qrcode_provisioning?carddata={lpa}");
        let qr_url = format!("https://sandbox.invalid/qr/{}.png", e.iccid);
        let network = json!({
            "steps": { "1": "Select the travel eSIM for mobile data.", "2": "Turn on Data Roaming for the travel eSIM." },
            "apn_type": "automatic", "apn_value": null, "is_roaming": true,
        });
        Ok(success(
            "Installation instructions found.",
            object(json!({
                "instructions": {
                    "language": language,
                    "ios": [{
                        "version": "17.4",
                        "installation_via_qr_code": {
                            "steps": {
                                "1": "Go to Settings > Cellular > Add eSIM.",
                                "2": "Tap Use QR Code and scan the code shown on another screen.",
                                "3": "Label the eSIM, for example Travel.",
                                "4": "Choose your primary line for calls and SMS."
                            },
                            "qr_code_data": lpa, "qr_code_url": qr_url, "direct_apple_installation_url": apple,
                        },
                        "installation_manual": {
                            "steps": {
                                "1": "Go to Settings > Cellular > Add eSIM.",
                                "2": "Tap Enter Details Manually.",
                                "3": "Enter the SM-DP+ address and activation code."
                            },
                            "smdp_address_and_activation_code": format!("lpa.sandbox.invalid / {}", e.matching_id),
                        },
                        "network_setup": network,
                    }],
                    "android": [{
                        "version": "10",
                        "installation_via_qr_code": {
                            "steps": {
                                "1": "Go to Settings > Network & internet > SIMs.",
                                "2": "Tap Add eSIM and scan the QR code.",
                                "3": "Follow the prompts to download the eSIM."
                            },
                            "qr_code_data": lpa, "qr_code_url": qr_url, "direct_apple_installation_url": null,
                        },
                        "installation_manual": {
                            "steps": {
                                "1": "Go to Settings > Network & internet > SIMs > Add eSIM.",
                                "2": "Tap Need help? > Enter it manually.",
                                "3": "Enter the activation code."
                            },
                            "smdp_address_and_activation_code": lpa,
                        },
                        "network_setup": network,
                    }],
                }
            })),
        ))
    }

    /// `compatible-devices`.
    pub(super) fn compatible_devices(&self, _state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let list: Vec<Value> = devices::DEVICES
            .iter()
            .map(|d| json!({ "model": d.model, "os": d.os, "brand": d.brand, "name": d.name }))
            .collect();
        Ok(success(
            "Compatible devices found.",
            object(json!({ "total": list.len(), "data": list })),
        ))
    }

    /// Top-ups an eSIM can take: data-only packages of its coverage (none for unlimited plans).
    fn topups_for(&self, e: &EsimRecord) -> Vec<Value> {
        if e.plan_mb.is_none() {
            return Vec::new();
        }
        let currency = &self.config.currency;
        let base = catalogue::package_by_id(&e.package_id, currency);
        let Some(base) = base else { return Vec::new() };
        let lookup = base.countries.first().copied().unwrap_or("TH");
        catalogue::packages_for(lookup, currency)
            .into_iter()
            .filter(|p| {
                p.coverage_type == base.coverage_type
                    && !p.unlimited
                    && p.data_mb.unwrap_or(0) <= 10 * 1024
            })
            .map(|p| {
                json!({
                    "id": format!("topup-{}", p.package_id),
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

    /// `topup-packages`.
    pub(super) fn topup_packages(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = Self::esim(state, body)?;
        let list = self.topups_for(e);
        Ok(success(
            format!("{} top-up packages found.", list.len()),
            object(json!({ "data": list })),
        ))
    }

    /// `create-topup-booking`.
    pub(super) fn create_topup(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = Self::esim(state, body)?.clone();
        let package_id = text(body, "package_id")?;
        let payment_type = Self::payment_type(body)?;
        let redirect_url = Self::redirect_url(body, &payment_type)?;
        let topup = self
            .topups_for(&e)
            .into_iter()
            .find(|t| t["id"] == package_id)
            .ok_or_else(|| not_found("Top-up package"))?;
        let booking_id = state.issue("ET");
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
        };
        let email = state
            .bookings
            .get(&e.booking_id)
            .map(|b| b.email.clone())
            .unwrap_or_default();
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
            },
        );
        state
            .esims
            .get_mut(&e.iccid)
            .expect("exists")
            .topups
            .push(record);
        let reason = if payment_type == "account_balance" {
            self.settle(state, &booking_id, true);
            "Top-up booking confirmed."
        } else {
            "Top-up booking created. Complete the payment to confirm it."
        };
        let b = &state.bookings[&booking_id];
        Ok(success(reason, booking_json(self, state, b)))
    }

    /// `topup-history`.
    pub(super) fn topup_history(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let e = Self::esim(state, body)?;
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
        Ok(success(
            format!("{} top-ups found.", list.len()),
            object(json!({ "data": list })),
        ))
    }

    /// `register-webhook` (server-side only; reached through the CLI, not the proxy).
    pub(super) fn register_webhook(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let url = text(body, "url")?;
        let local = url.starts_with("http://127.0.0.1") || url.starts_with("http://localhost");
        if !url.starts_with("https://") && !local {
            return Err(invalid("The url field must be a valid https URL."));
        }
        state.webhook_url = Some(url.to_string());
        let webhook_id = state.issue("WH");
        Ok(success(
            "Webhook registered.",
            object(json!({
                "webhook_id": webhook_id,
                "url": url,
                "events": ["low_data"],
                "signature": { "algorithm": "HMAC-SHA512", "header": super::webhook::SIGNATURE_HEADER },
            })),
        ))
    }
}

/// `price × quantity` as decimal text, exactly.
fn multiply(price: &str, quantity: u64) -> String {
    let (whole, frac) = price.split_once('.').unwrap_or((price, ""));
    let scale = 10_u64.pow(frac.len() as u32);
    let units = whole.parse::<u64>().unwrap_or(0) * scale + frac.parse::<u64>().unwrap_or(0);
    let total = units * quantity;
    if frac.is_empty() {
        total.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            total / scale,
            total % scale,
            width = frac.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::multiply;

    #[test]
    fn multiplies_prices_exactly() {
        assert_eq!(multiply("29.00", 2), "58.00");
        assert_eq!(multiply("4.05", 3), "12.15");
        assert_eq!(multiply("878", 2), "1756");
    }
}
