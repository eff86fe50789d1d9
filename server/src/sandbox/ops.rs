//! The booking flow: search, single package, customer, create-booking and
//! payment settlement. The operations after booking are in
//! [`super::post_booking`].
//!
//! Every body has passed [`super::required::check`] (the reference's required
//! fields and types) before it gets here; these are ITT's deeper checks.

use super::catalogue::{self, SandboxPackage};
use super::layout;
use super::state::{Booking, BookingKind, Customer, SearchRecord, Selection, State};
use super::{required, IttFailure, Sandbox};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

pub(super) type Body = Map<String, Value>;
pub(super) type Answer = Result<Value, IttFailure>;

/// A required text field, trimmed; ITT's message when it is missing.
pub(super) fn text<'a>(body: &'a Body, name: &str) -> Result<&'a str, IttFailure> {
    match body.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim()),
        Some(Value::Number(_)) => Err(invalid(format!("The {name} field must be a string."))),
        _ => Err(invalid(format!("The {name} field is required."))),
    }
}

pub(super) fn optional_text<'a>(body: &'a Body, name: &str) -> Option<&'a str> {
    body.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(super) fn not_found(what: &str) -> IttFailure {
    IttFailure::new(StatusCode::NOT_FOUND, format!("{what} not found."))
}

pub(super) fn invalid(reason: impl Into<String>) -> IttFailure {
    IttFailure::new(StatusCode::UNPROCESSABLE_ENTITY, reason)
}

/// A price as a JSON number in the clean form (the odd form stringifies it).
pub(super) fn price(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

pub(super) fn success(reason: impl Into<String>, mut fields: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("status".into(), "success".into());
    out.insert("reason".into(), Value::String(reason.into()));
    out.append(&mut fields);
    Value::Object(out)
}

pub(super) fn object(value: Value) -> Map<String, Value> {
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

impl Sandbox {
    /// ITT refuses a `member_id` other than the API key's (a string, or an
    /// integer where the reference says so).
    pub(super) fn check_member(&self, body: &Body) -> Result<(), IttFailure> {
        let member = match body.get("member_id") {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(invalid("The member_id field is required.")),
        };
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
        // Optional in the reference; when sent it must be the key's partner.
        if optional_text(body, "partner_id").is_some_and(|p| p != self.config.partner_id) {
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
                parameters: body.clone(),
            },
        );
        let total = packages.len();
        let data = layout::render(
            packages.iter().map(|p| package_json(p, currency)).collect(),
            self.layout(&tracking_id).packages_shape(),
            layout::reference_kind(required::operation("search"), "data"),
            "airalo",
        );
        Ok(success(
            format!("A total of {total} eSIM packages were found for your search."),
            object(json!({
                "tracking_id": tracking_id,
                "search_parameter": Value::Object(body.clone()),
                "total_esim_package": total,
                "data": data,
                "supplier": { "airalo": "Airalo" },
                "filter": { "coverage_type": ["local", "regional", "global"] },
            })),
        ))
    }

    /// `single-esim-package`: its answer's `tracking_id` is the booking tracking
    /// id that update-customer-info and create-booking take.
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
                passengers: Vec::new(),
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
                "search_parameter": { "tracking_id": tracking_id, "package_id": package_id },
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
        let passengers: Vec<Value> = super::list_items(body.get("passenger"))
            .into_iter()
            .cloned()
            .collect();
        let lead = passengers
            .first()
            .ok_or_else(|| invalid("The passenger field is required."))?
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
        selection.passengers = passengers.clone();
        Ok(success(
            "Customer data has been successfully updated.",
            object(json!({
                "tracking_id": tracking_id,
                "total_guest": passengers.len(),
                "data": passengers,
            })),
        ))
    }

    pub(super) fn payment_type(body: &Body) -> Result<String, IttFailure> {
        let payment_type = text(body, "payment_type")?;
        if !["account_balance", "card", "onlinepayment"].contains(&payment_type) {
            return Err(invalid(
                "The payment_type must be one of account_balance, card, onlinepayment.",
            ));
        }
        Ok(payment_type.to_string())
    }

    pub(super) fn redirect_url(
        body: &Body,
        payment_type: &str,
    ) -> Result<Option<String>, IttFailure> {
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

    /// `create-booking`: its answer's `tracking_id` is the `booking_tracking_id`.
    pub(super) fn create_booking(&self, state: &mut State, body: &Body) -> Answer {
        self.check_member(body)?;
        let tracking_id = text(body, "booking_tracking_id")?.to_string();
        let package_tracking_id = text(body, "package_tracking_id")?;
        let quantity = text(body, "eSim_quantity")?
            .trim_end_matches(',')
            .parse::<u64>()
            .ok()
            .filter(|q| (1..=10).contains(q))
            .ok_or_else(|| invalid("The eSim_quantity must be a number from 1 to 10."))?;
        let payment_type = Self::payment_type(body)?;
        let redirect_url = Self::redirect_url(body, &payment_type)?;
        let selection = state
            .selections
            .get(&tracking_id)
            .ok_or_else(|| not_found("Booking tracking_id"))?
            .clone();
        // Optional in the reference: the traveller's own e-mail stands in.
        let email = optional_text(body, "email_address")
            .map(str::to_string)
            .or_else(|| selection.customer.as_ref().map(|c| c.email.clone()))
            .unwrap_or_default();
        if email.eq_ignore_ascii_case(super::REFUSE_ONCE_EMAIL)
            && state.refused_once.insert(tracking_id.clone())
        {
            return Err(invalid(
                "The booking could not be created right now. Please try again.",
            ));
        }
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
            pay_tracking_id: None,
            passengers: selection.passengers.clone(),
            without_payment_page: false,
        };
        state.bookings.insert(booking_id.clone(), booking);
        if payment_type == "account_balance" {
            // The agency's balance pays at once.
            self.settle(state, &booking_id, true);
        }
        let b = &state.bookings[&booking_id];
        let mut out = self.booking_answer(state, b, "create-booking");
        // What the search was made with, as ITT echoes it.
        let search = state.searches.get(package_tracking_id);
        let asked = |key: &str| {
            search
                .and_then(|s| s.parameters.get(key))
                .filter(|v| v.is_string())
                .cloned()
        };
        let supplier_uid = p.package_id.split("||").next().unwrap_or_default();
        let partner_id = asked("partner_id").unwrap_or_else(|| json!(self.config.partner_id));
        out.insert("supplier_uid".into(), json!(supplier_uid));
        out.insert(
            "supplier_partner_code".into(),
            json!(format!(
                "airalo-{}-{}",
                partner_id.as_str().unwrap_or_default(),
                supplier_uid.trim_start_matches(char::is_alphabetic)
            )),
        );
        out.insert("partner_id".into(), partner_id);
        out.insert(
            "short_ref".into(),
            asked("short_ref").unwrap_or(Value::Null),
        );
        out.insert(
            "language".into(),
            asked("language").unwrap_or_else(|| json!("en")),
        );
        out.insert("supplier_type".into(), json!("ESIM"));
        out.insert("supplier_code".into(), json!("airalo"));
        Ok(success(
            format!("The booking has been successfully created, and it is associated with the Booking Id {booking_id}."),
            out,
        ))
    }
}

/// `price × quantity` as decimal text, exactly.
pub(super) fn multiply(price: &str, quantity: u64) -> String {
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
