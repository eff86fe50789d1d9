//! Checkout: the traveller's details, the booking, the hosted payment page and
//! the return, driven by the pure state machine in [`crate::checkout::machine`].

use crate::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, UpdateCustomerRequest,
};
use crate::api::model::PaymentStatus;
use crate::api::package::PackageRequest;
use crate::api::search::Plan;
use crate::api::{self, ApiError, Operation};
use crate::checkout::form::{ContactForm, Field, Problem, MAX_QUANTITY};
use crate::checkout::machine::{self, Effect, Input, Notice, Phase};
use crate::checkout::{calling_codes, safe_url, Attempt};
use crate::components::booking_slot::{BookingSlot, InstallProps};
use crate::components::intl::sleep_ms;
use crate::components::{focus_first, intl, PlanFacts};
use crate::config::WidgetOptions;
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::{self, t, Locale, Msg};
use crate::money::Money;
use crate::url::ProxyUrl;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

mod reach_fields;
pub(crate) use reach_fields::ReachFields;

/// Everything the effects need, cheap to clone into tasks.
#[derive(Clone)]
struct Ctx {
    phase: RwSignal<Phase>,
    attempt: RwSignal<Attempt>,
    form: RwSignal<ContactForm>,
    proxy: ProxyUrl,
    events: EventSink,
    locale: Locale,
    owner: Owner,
    redirect_url: String,
    payment_hosts: Vec<String>,
    grant_url: Option<String>,
    attempt_key: String,
    contact_key: String,
}

impl Ctx {
    fn error(&self, e: &ApiError, operation: Operation) {
        self.events
            .emit(WidgetEvent::api_error(e, self.locale, operation));
    }

    fn save_attempt(&self) {
        intl::store(
            &self.attempt_key,
            &self.attempt.with_untracked(Attempt::encode),
        );
    }

    /// Feeds the state machine; inputs that mean nothing now (a second submit) are dropped.
    fn dispatch(&self, input: Input) {
        let Some((phase, effects)) = machine::next(&self.phase.get_untracked(), input) else {
            return;
        };
        self.attempt.update(|a| a.enter(&phase));
        self.phase.set(phase);
        self.save_attempt();
        for effect in effects {
            self.run(effect);
        }
    }

    fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        self.owner
            .with(|| spawn_local_scoped_with_cancellation(task));
    }

    fn run(&self, effect: Effect) {
        let ctx = self.clone();
        match effect {
            Effect::SaveDetails => self.spawn(async move {
                let input = ctx.save_details().await;
                ctx.dispatch(input);
            }),
            Effect::CreateBooking => self.spawn(async move {
                let input = ctx.create_booking().await;
                ctx.dispatch(input);
            }),
            Effect::RenewGrant => self.spawn(async move {
                let input = ctx.renew_grant().await;
                ctx.dispatch(input);
            }),
            Effect::OpenPayment(url) => {
                let booking_id = self
                    .attempt
                    .with_untracked(|a| a.booking_id.clone())
                    .unwrap_or_default();
                let host = safe_url::parse(&url)
                    .map(|p| p.authority())
                    .unwrap_or_default();
                self.events
                    .emit(WidgetEvent::PaymentRedirect { booking_id, host });
                self.save_attempt();
                // A top-level navigation: the payment page must never be framed or inlined.
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign(&url);
                }
            }
            Effect::CheckBooking(booking_id) => self.spawn(async move {
                let token = ctx.attempt.with_untracked(|a| a.token.clone());
                let result = api::http::client(&ctx.proxy)
                    .booking_details(
                        &BookingDetailsRequest {
                            booking_id: booking_id.clone(),
                        },
                        token.as_deref(),
                    )
                    .await;
                let input = match result {
                    Ok(d) => {
                        if let Some(fresh) = &d.booking_token {
                            ctx.attempt.update(|a| a.token = Some(fresh.clone()));
                            ctx.save_attempt();
                        }
                        Input::Status {
                            booking: d.status,
                            payment: d.payment_status,
                            field: d.payment_field,
                        }
                    }
                    Err(e) => {
                        ctx.error(&e, Operation::BookingDetails);
                        Input::StatusFailed(e)
                    }
                };
                ctx.dispatch(input);
            }),
            // A payment still being processed: asked again after a pause
            // (the pause ends with the checkout if it is unmounted).
            Effect::RecheckLater(ms) => self.spawn(async move {
                sleep_ms(ms).await;
                ctx.dispatch(Input::RecheckDue);
            }),
            Effect::ReportReturn {
                booking_id,
                status,
                field,
            } => self.events.emit(WidgetEvent::PaymentReturned {
                booking_id,
                status,
                field,
            }),
            Effect::ForgetDetails => intl::forget(&self.contact_key),
        }
    }

    /// `single-esim-package` (once, for the booking's tracking id), then `update-customer-info`.
    async fn save_details(&self) -> Input {
        let client = api::http::client(&self.proxy);
        let known = self.attempt.with_untracked(|a| {
            a.booking_tracking_id
                .clone()
                .map(|id| (id, a.tracking_key.clone()))
        });
        let (booking_tracking_id, tracking_key) = match known {
            Some(known) => known,
            None => {
                let request = self.attempt.with_untracked(|a| PackageRequest {
                    tracking_id: a.package_tracking_id.clone(),
                    package_id: a.plan_id.clone(),
                });
                match client.single_esim_package(&request).await {
                    Ok(d) => {
                        self.attempt.update(|a| {
                            a.booking_tracking_id = Some(d.tracking_id.clone());
                            a.tracking_key = d.tracking_key.clone();
                        });
                        (d.tracking_id, d.tracking_key)
                    }
                    Err(e) => {
                        self.error(&e, Operation::SingleEsimPackage);
                        return Input::DetailsFailed(e);
                    }
                }
            }
        };
        let Ok(c) = self.form.with_untracked(ContactForm::validate) else {
            return Input::DetailsFailed(ApiError::Incomplete {
                operation: Operation::UpdateCustomerInfo.name(),
                field: "passenger",
            });
        };
        let request = UpdateCustomerRequest {
            booking_tracking_id,
            tracking_key,
            passenger: vec![Passenger {
                first_name: c.first_name,
                last_name: c.last_name,
                email: c.email,
                isd_code: c.isd_code,
                contact_no: c.number,
                is_lead: "yes",
            }],
        };
        let result = client.update_customer_info(&request).await;
        if let Err(e) = &result {
            self.error(e, Operation::UpdateCustomerInfo);
        }
        machine::details_input(result)
    }

    /// `create-booking`: for one attempt always the same request, so the proxy
    /// replays a booking it already made instead of making another.
    async fn create_booking(&self) -> Input {
        let stored = self.stored_request();
        let resent = stored.is_some();
        let request = match stored {
            // Asked again after a lost answer: exactly what was sent before.
            Some(request) => request,
            None => match self.new_booking_request().await {
                Ok(request) => {
                    self.store_request(&request);
                    request
                }
                Err(input) => return input,
            },
        };
        self.send_booking(&request, resent).await
    }

    /// After an expired payment grant: the stored request with a fresh grant
    /// (same booking tracking id, quantity and details), stored in its place and sent.
    async fn renew_grant(&self) -> Input {
        let (Some(mut request), Some(url)) = (self.stored_request(), self.grant_url.clone()) else {
            // Nothing to renew (a grant expires only when one was sent).
            return Input::BookingFailed(ApiError::Incomplete {
                operation: GRANT_OPERATION,
                field: "grant",
            });
        };
        match grant(&url, &request.booking_tracking_id, request.esim_quantity).await {
            Ok(fresh) => request.payment_grant = Some(fresh),
            Err(e) => {
                // The hotel means to pay: never fall back to charging the traveller.
                self.error(&e, Operation::CreateBooking);
                return Input::BookingFailed(e);
            }
        }
        self.store_request(&request);
        self.send_booking(&request, true).await
    }

    /// The create-booking request this attempt sent, if any.
    fn stored_request(&self) -> Option<CreateBookingRequest> {
        self.attempt
            .with_untracked(|a| a.request.clone())
            .and_then(|json| serde_json::from_str::<CreateBookingRequest>(&json).ok())
    }

    /// Keeps `request` as this attempt's (before it is sent: a reload re-sends it).
    fn store_request(&self, request: &CreateBookingRequest) {
        let json = serde_json::to_string(request).unwrap_or_default();
        self.attempt.update(|a| a.request = Some(json));
        self.save_attempt();
    }

    /// Sends `create-booking` and reads the outcome (`resent`: see [`machine::booking_input`]).
    async fn send_booking(&self, request: &CreateBookingRequest, resent: bool) -> Input {
        let result = api::http::booking_client(&self.proxy)
            .create_booking(request)
            .await;
        match &result {
            Ok(b) => {
                self.attempt.update(|a| {
                    a.booking_id = Some(b.booking_id.clone());
                    a.token = b.booking_token.clone().or(a.token.clone());
                });
                let paid = b.payment_status == PaymentStatus::Paid;
                self.events.emit(WidgetEvent::BookingCreated {
                    booking_id: b.booking_id.clone(),
                    paid,
                    token: b.booking_token.clone(),
                });
            }
            Err(e) => self.error(e, Operation::CreateBooking),
        }
        let hosts = self.payment_hosts.clone();
        machine::booking_input(result, resent, |url| {
            safe_url::check_payment(url, &hosts).ok()
        })
    }

    /// A new create-booking request for this attempt (with a fresh payment grant when the hotel pays).
    async fn new_booking_request(&self) -> Result<CreateBookingRequest, Input> {
        let (Ok(c), Some(booking_tracking_id)) = (
            self.form.with_untracked(ContactForm::validate),
            self.attempt
                .with_untracked(|a| a.booking_tracking_id.clone()),
        ) else {
            return Err(Input::BookingFailed(ApiError::Incomplete {
                operation: Operation::CreateBooking.name(),
                field: "booking_tracking_id",
            }));
        };
        let payment_grant = match &self.grant_url {
            None => None,
            Some(url) => match grant(url, &booking_tracking_id, c.quantity).await {
                Ok(g) => Some(g),
                Err(e) => {
                    // The hotel means to pay: never fall back to charging the traveller.
                    self.error(&e, Operation::CreateBooking);
                    return Err(Input::BookingFailed(e));
                }
            },
        };
        Ok(CreateBookingRequest {
            booking_tracking_id,
            tracking_key: self.attempt.with_untracked(|a| a.tracking_key.clone()),
            package_tracking_id: self
                .attempt
                .with_untracked(|a| a.package_tracking_id.clone()),
            esim_quantity: c.quantity,
            redirect_url: self.redirect_url.clone(),
            isd_code: c.isd_code,
            contact_no: c.number,
            email_address: c.email,
            payment_grant,
        })
    }
}

/// The operation name of the hotel's grant endpoint, in errors.
const GRANT_OPERATION: &str = "payment-grant";

/// Asks the hotel's own endpoint for a payment grant for this booking and quantity.
async fn grant(url: &str, booking_tracking_id: &str, quantity: u32) -> Result<String, ApiError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Ask<'a> {
        booking_tracking_id: &'a str,
        quantity: u32,
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        grant: String,
    }
    const OP: &str = GRANT_OPERATION;
    let body = serde_json::to_string(&Ask {
        booking_tracking_id,
        quantity,
    })
    .unwrap_or_default();
    let raw = api::http::send(url, OP, &body, None, api::http::DEFAULT_TIMEOUT_MS).await?;
    if !(200..300).contains(&raw.status) {
        return Err(ApiError::Http {
            operation: OP,
            status: raw.status,
            reason: raw.body.chars().take(120).collect(),
            code: None,
        });
    }
    serde_json::from_str::<Answer>(&raw.body)
        .map(|a| a.grant)
        .map_err(|e| ApiError::Decode {
            operation: OP,
            detail: e.to_string(),
        })
}

/// The message for a field's problem.
pub(crate) fn problem_text(locale: Locale, p: Problem) -> &'static str {
    t(
        locale,
        match p {
            Problem::Missing => Msg::ErrMissing,
            Problem::NameTooShort => Msg::ErrNameShort,
            Problem::EmailInvalid => Msg::ErrEmail,
            Problem::PhoneInvalid => Msg::ErrPhoneInvalid,
            Problem::PhoneTooShort => Msg::ErrPhoneShort,
            Problem::PhoneTooLong => Msg::ErrPhoneLong,
            Problem::PhoneCountry => Msg::ErrPhoneCountry,
            Problem::QuantityRange => Msg::ErrQuantity,
        },
    )
}

/// A phone number as the host or ITT wrote it, split into the country of its
/// calling code (when it has one) and the rest.
pub(crate) fn phone_parts(phone: Option<&str>) -> (String, String) {
    match phone {
        Some(p) => match calling_codes::split_international(p) {
            Some((iso, rest)) => (iso.to_string(), rest),
            None => (String::new(), p.to_string()),
        },
        None => (String::new(), String::new()),
    }
}

/// The calling-code choices of a phone field: `(ISO code, "Thailand (+66)")`, by name.
pub(crate) fn calling_code_options(locale: Locale) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = calling_codes::all()
        .map(|(iso, code)| {
            (
                iso.to_string(),
                // Isolated, so "+66" keeps its sign first in Arabic.
                format!(
                    "{} (\u{2066}+{code}\u{2069})",
                    intl::country_name(iso, locale)
                ),
            )
        })
        .collect();
    itt_contract::sort::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
    list
}

/// The typed form from storage, else prefilled from what the host knows.
fn initial_form(options: &WidgetOptions, contact_key: &str) -> ContactForm {
    let now = js_sys::Date::now();
    if let Some(f) = intl::load(contact_key).and_then(|l| ContactForm::decode(&l, now)) {
        return f;
    }
    let (phone_country, phone) = phone_parts(options.guest.phone.as_deref());
    ContactForm {
        name: options.guest.name.clone().unwrap_or_default(),
        email: options.guest.email.clone().unwrap_or_default(),
        phone_country,
        phone,
        quantity: "1".into(),
    }
}

/// Whether focus may move into the widget: nothing on the host page holds it
/// (it is on the page body, or already inside this widget). A traveller typing
/// in the hotel's own form after a reload keeps their place.
pub(crate) fn focus_is_free(inside: &web_sys::Element) -> bool {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(active) = document.active_element() else {
        return true;
    };
    let on_body = document
        .body()
        .is_some_and(|b| b.is_same_node(Some(&active)));
    let in_widget = inside
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .is_ok_and(|root| root.host().is_same_node(Some(&active)));
    on_body || in_widget
}

/// The page's own address without its fragment: the default return address.
pub(crate) fn current_page() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    let origin = location.origin().unwrap_or_default();
    let href = location.href().unwrap_or_default();
    let href = href.split('#').next().unwrap_or("").to_string();
    (origin, href)
}

/// Where the payment page returns to (the host's `redirect-url`, else this page)
/// and whether it is safe; an unsafe one is reported to the developer (console
/// and `itt-esim:error` with code `config`).
pub(crate) fn return_address(options: &WidgetOptions, events: &EventSink) -> (String, bool) {
    let (origin, here) = current_page();
    let redirect = options.redirect_url.clone().unwrap_or(here);
    let problem = safe_url::check_redirect(&redirect, &origin, &[]).err();
    if let Some(problem) = problem {
        let detail = format!(
            "`data-redirect-url` {problem}: \"{redirect}\" (it must be on this page's origin)"
        );
        web_sys::console::error_1(&format!("itt-esim: {detail}").into());
        events.emit(WidgetEvent::Error {
            code: "config",
            message: t(options.locale, Msg::CheckoutUnavailable).to_string(),
            detail,
            operation: None,
        });
    }
    (redirect, problem.is_none())
}

/// Hosts the payment page may be on: the host's list, plus the proxy's own host.
pub(crate) fn payment_hosts(options: &WidgetOptions) -> Vec<String> {
    let mut hosts = options.payment_hosts.clone();
    let proxy = options.proxy.as_str();
    let own = if proxy.starts_with("http") {
        safe_url::parse(proxy).ok().map(|p| p.authority())
    } else {
        web_sys::window().and_then(|w| w.location().host().ok())
    };
    hosts.extend(own);
    hosts
}

/// The checkout for the chosen plan.
#[component]
pub fn Checkout(
    /// Validated options (prefill, return address, payment hosts, grant).
    options: WidgetOptions,
    /// The chosen plan.
    plan: Plan,
    /// The search tracking id the plan was listed under.
    package_tracking_id: String,
    /// Where events go.
    events: EventSink,
    /// Storage key prefix of this widget instance.
    storage_key: String,
    /// Back to the plans.
    on_change_plan: Callback<()>,
) -> impl IntoView {
    let locale = options.locale;
    let attempt_key = format!("{storage_key}:checkout");
    let contact_key = format!("{storage_key}:contact");
    let stored = intl::load(&attempt_key)
        .and_then(|l| Attempt::decode(&l))
        .filter(|a| a.plan_id == plan.id)
        // A form-stage attempt from another search would book with stale tracking ids.
        .filter(|a| a.stage != "form" || a.package_tracking_id == package_tracking_id);
    let attempt = stored.unwrap_or_else(|| Attempt {
        plan_id: plan.id.clone(),
        package_tracking_id: package_tracking_id.clone(),
        stage: "form".into(),
        ..Attempt::default()
    });
    let phase = RwSignal::new(attempt.resume());
    let attempt = RwSignal::new(attempt);
    let form = RwSignal::new(initial_form(&options, &contact_key));
    let show_errors = RwSignal::new(false);

    let (redirect, redirect_ok) = return_address(&options, &events);
    let ctx = Ctx {
        phase,
        attempt,
        form,
        proxy: options.proxy.clone(),
        events: events.clone(),
        locale,
        owner: Owner::current().unwrap_or_default(),
        redirect_url: redirect,
        payment_hosts: payment_hosts(&options),
        grant_url: options.grant_url.clone(),
        attempt_key,
        contact_key: contact_key.clone(),
    };
    // Typed details survive a reload or a failed payment (for an hour), until confirmed.
    leptos::prelude::Effect::new(move |_| {
        let line = form.with(|f| f.encode(js_sys::Date::now()));
        if !matches!(phase.get_untracked(), Phase::Confirmed { .. }) {
            intl::store(&contact_key, &line);
        }
    });
    // Back from the payment page (or reloaded while paying): ask ITT, never the URL.
    if matches!(phase.get_untracked(), Phase::Paying { .. }) {
        ctx.dispatch(Input::Resumed);
    }
    // Back from the payment page through the browser's back/forward cache: the
    // page is shown as it was left ("opening the payment page…"), so ask again.
    {
        let ctx = ctx.clone();
        let handle = window_event_listener_untyped("pageshow", move |ev| {
            let persisted = js_sys::Reflect::get(&ev, &"persisted".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if persisted && matches!(ctx.phase.get_untracked(), Phase::Paying { .. }) {
                ctx.dispatch(Input::Resumed);
            }
        });
        on_cleanup(move || handle.remove());
    }

    let hotel_pays = options.grant_url.is_some();
    let price = plan.price.clone();
    let total = move || {
        let q: i64 = form
            .with(|f| f.quantity.trim().parse().unwrap_or(1))
            .clamp(1, MAX_QUANTITY as i64);
        price.as_ref().map(|m| {
            intl::price(
                &Money {
                    minor: m.minor * q,
                    currency: m.currency.clone(),
                },
                locale,
            )
        })
    };
    let problems = move || form.with(ContactForm::problems);
    let problem_of = move |field: Field| {
        show_errors
            .get()
            .then(|| {
                problems()
                    .into_iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, p)| p)
            })
            .flatten()
    };

    let form_ref = NodeRef::<leptos::html::Form>::new();
    let submit = {
        let ctx = ctx.clone();
        let package_id = plan.id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if machine::busy(&phase.get_untracked()) {
                return;
            }
            show_errors.set(true);
            match form.with_untracked(ContactForm::validate) {
                Ok(c) => {
                    ctx.events.emit(WidgetEvent::DetailsSubmitted {
                        package_id: package_id.clone(),
                        quantity: u64::from(c.quantity),
                    });
                    ctx.dispatch(Input::Submit);
                }
                Err(_) => {
                    // Take the traveller to the first field to fix, once it is marked.
                    request_animation_frame(move || {
                        if let Some(form) = form_ref.try_get_untracked().flatten() {
                            focus_first(&form, "[aria-invalid=true]");
                        }
                    });
                }
            }
        }
    };

    let field = move |which: Field, id: &'static str, label: Msg, input: AnyView| {
        let error_id = format!("{id}-error");
        view! {
            <div class="esim-form__field">
                <label class="esim-device__label" for=id>{t(locale, label)}</label>
                {input}
                {move || {
                    problem_of(which)
                        .map(|p| {
                            view! {
                                <p class="esim-form__error" id=error_id.clone()>
                                    {problem_text(locale, p)}
                                </p>
                            }
                        })
                }}
            </div>
        }
    };
    let invalid = move |which: Field| move || problem_of(which).is_some().to_string();
    let described = move |which: Field, id: &'static str| {
        move || problem_of(which).map(|_| format!("{id}-error"))
    };
    let set = move |f: fn(&mut ContactForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|form| f(form, v));
        }
    };
    let reach_problem = Callback::new(problem_of);

    let notice = move || {
        let Phase::Form(Some(n)) = phase.get() else {
            return None;
        };
        let text = match &n {
            Notice::PaymentCancelled => t(locale, Msg::PaymentCancelled),
            Notice::PaymentFailed => t(locale, Msg::PaymentFailed),
            Notice::UnsafePaymentPage => t(locale, Msg::UnsafePaymentPage),
            Notice::TrackingRefused => t(locale, Msg::ErrTrackingRefused),
            Notice::Error(e) => e.message(locale),
        };
        Some(view! { <p class="esim-alert" role="alert" tabindex="-1" data-outcome>{text}</p> })
    };

    let form_view = {
        let ctx_plan = plan.clone();
        let forget_key = ctx.contact_key.clone();
        move || {
            view! {
                <PlanFacts plan=ctx_plan.clone() locale=locale />
                {notice}
                <form class="esim-form" novalidate node_ref=form_ref on:submit=submit.clone()>
                    {move || {
                        (show_errors.get() && !problems().is_empty())
                            .then(|| view! { <p class="esim-form__summary" role="alert">{t(locale, Msg::FixErrors)}</p> })
                    }}
                    {field(
                        Field::Name,
                        "esim-name",
                        Msg::FullName,
                        view! {
                            <input id="esim-name" class="esim-device__input" type="text" autocomplete="name"
                                aria-invalid=invalid(Field::Name) aria-describedby=described(Field::Name, "esim-name")
                                prop:value=move || form.with(|f| f.name.clone())
                                on:input=set(|f, v| f.name = v) />
                        }
                            .into_any(),
                    )}
                    <ReachFields prefix="esim".to_string() form=form problem=reach_problem locale=locale />
                    {field(
                        Field::Quantity,
                        "esim-quantity",
                        Msg::Quantity,
                        view! {
                            <input id="esim-quantity" class="esim-device__input esim-form__quantity" type="number" min="1" max="10" inputmode="numeric"
                                aria-invalid=invalid(Field::Quantity) aria-describedby=described(Field::Quantity, "esim-quantity")
                                prop:value=move || form.with(|f| f.quantity.clone())
                                on:input=set(|f, v| f.quantity = v) />
                        }
                            .into_any(),
                    )}
                    <p class="esim-form__total">{t(locale, Msg::Total)} {i18n::colon(locale)} <strong>{total.clone()}</strong></p>
                    <div class="esim-device__actions">
                        <button type="submit" class="esim-button esim-pay"
                            aria-busy=move || machine::busy(&phase.get()).to_string()
                            disabled=move || machine::busy(&phase.get())>
                            // The label stays put while sending: a button that changes
                            // width would move its neighbour under a second click.
                            {if hotel_pays { t(locale, Msg::ConfirmButton) } else { t(locale, Msg::PayButton) }}
                        </button>
                        <button type="button" class="esim-button esim-button--quiet"
                            disabled=move || machine::busy(&phase.get())
                            on:click={
                                let key = forget_key.clone();
                                move |_| {
                                    // Leaving the checkout is a cancel: the personal details go.
                                    intl::forget(&key);
                                    on_change_plan.run(())
                                }
                            }>
                            {t(locale, Msg::ChangePlan)}
                        </button>
                    </div>
                    <p class="esim-status__text" role="status">
                        {move || machine::busy(&phase.get()).then(|| t(locale, Msg::Sending))}
                    </p>
                </form>
            }
        }
    };

    let recheck = {
        let ctx = ctx.clone();
        move |_| ctx.dispatch(Input::Recheck)
    };
    let (install_proxy, install_events) = (options.proxy.clone(), events.clone());
    let install_guest = options.guest.clone();
    let (install_redirect, install_hosts) = (ctx.redirect_url.clone(), ctx.payment_hosts.clone());
    // The form stays one DOM across sending and a failed attempt (focus and
    // screen reader position are kept); only leaving it rebuilds.
    let on_form = Memo::new(move |_| {
        matches!(
            phase.get(),
            Phase::Form(_) | Phase::SavingDetails | Phase::Booking | Phase::RenewingGrant
        )
    });
    let form_part = move || on_form.get().then(|| form_view.clone()());
    let body = move || {
        match phase.get() {
        Phase::Form(_) | Phase::SavingDetails | Phase::Booking | Phase::RenewingGrant => {
            ().into_any()
        }
        Phase::Uncertain => {
            let recheck = recheck.clone();
            let reference = attempt.with_untracked(Attempt::reference);
            view! {
                <div class="esim-verdict esim-verdict--warn" role="alert" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::UncertainTitle)}</p>
                    <p class="esim-verdict__text">{t(locale, Msg::UncertainText)}</p>
                    {reference.map(|r| view! { <p class="esim-verdict__text">{i18n::contact_hotel(locale, &r)}</p> })}
                </div>
                <div class="esim-device__actions">
                    <button type="button" class="esim-button" on:click=recheck>{t(locale, Msg::CheckAgain)}</button>
                </div>
            }
            .into_any()
        }
        Phase::Paying { .. } => view! { <p class="esim-status__text" role="status">{t(locale, Msg::Redirecting)}</p> }.into_any(),
        Phase::Checking { .. } => view! { <p class="esim-status__text" role="status">{t(locale, Msg::CheckingPayment)}</p> }.into_any(),
        Phase::Pending { booking_id } => {
            let recheck = recheck.clone();
            view! {
                <div class="esim-verdict esim-verdict--warn" role="status" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::PaymentPendingTitle)}</p>
                    <p class="esim-verdict__text">{t(locale, Msg::PaymentPendingText)}</p>
                    <p class="esim-verdict__text">{i18n::contact_hotel(locale, &booking_id)}</p>
                </div>
                <div class="esim-device__actions">
                    <button type="button" class="esim-button" on:click=recheck>{t(locale, Msg::CheckAgain)}</button>
                </div>
            }
            .into_any()
        }
        Phase::Confirmed { booking_id } => {
            let token = attempt.with_untracked(|a| a.token.clone());
            view! {
                <div class="esim-verdict esim-verdict--ok esim-confirmed" role="status" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::ConfirmedTitle)}</p>
                    <p class="esim-verdict__text">
                        {t(locale, Msg::BookingReference)} {i18n::colon(locale)} <strong class="esim-booking-id">{booking_id.clone()}</strong>
                    </p>
                </div>
                <BookingSlot
                    props=InstallProps {
                        proxy: install_proxy.clone(),
                        booking_id,
                        token,
                        locale,
                        redirect_url: install_redirect.clone(),
                        payment_hosts: install_hosts.clone(),
                        guest: install_guest.clone(),
                    }
                    locale=locale
                    events=install_events.clone()
                />
            }
            .into_any()
        }
    }
    };

    // After a wait (back from the payment page, or a booking in flight) the
    // outcome takes focus: the traveller's place was a button that is gone or a
    // page that reloaded; focus brings the outcome into view and has it read out.
    let section_ref = NodeRef::<leptos::html::Section>::new();
    leptos::prelude::Effect::new(move |was_waiting: Option<bool>| {
        let waiting = matches!(
            phase.get(),
            Phase::Checking { .. } | Phase::SavingDetails | Phase::Booking | Phase::RenewingGrant
        );
        if was_waiting == Some(true) && !waiting {
            request_animation_frame(move || {
                // The checkout may be gone by the next frame.
                let Some(section) = section_ref.try_get_untracked().flatten() else {
                    return;
                };
                if focus_is_free(&section) {
                    focus_first(&section, "[data-outcome]");
                }
            });
        }
        waiting
    });

    let redirect_broken = !redirect_ok;
    view! {
        <section class="esim-checkout" aria-labelledby="esim-checkout-title" node_ref=section_ref>
            <h3 class="esim-details__title" id="esim-checkout-title" tabindex="-1">
                {t(locale, Msg::CheckoutHeading)} " · " <bdi>{plan.title.clone()}</bdi>
            </h3>
            {if redirect_broken {
                view! { <p class="esim-alert" role="alert" data-error-code="config">{t(locale, Msg::CheckoutUnavailable)}</p> }.into_any()
            } else {
                view! {
                    <p class="esim__intro">{t(locale, Msg::CheckoutIntro)}</p>
                    {form_part}
                    {body}
                }
                    .into_any()
            }}
        </section>
    }
}
