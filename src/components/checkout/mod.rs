//! Checkout: the traveller's details, the booking, the hosted payment page and
//! the return, driven by the pure state machine in [`crate::checkout::machine`].
//!
//! [`effects`] runs what the machine asks for; [`form_view`] is the form and
//! [`outcome`] what follows it.

use crate::api::search::Plan;
use crate::checkout::form::ContactForm;
use crate::checkout::machine::{Input, Phase};
use crate::checkout::Attempt;
use crate::components::contact::phone_parts;
use crate::components::payment::{payment_hosts, return_address};
use crate::components::{focus_first, focus_is_free, intl, use_instance};
use crate::config::WidgetOptions;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

mod effects;
mod form_view;
mod outcome;

use effects::Ctx;
use form_view::CheckoutForm;
use outcome::CheckoutOutcome;

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

/// The checkout for the chosen plan.
#[component]
pub fn Checkout(
    /// Validated options (prefill, return address, payment hosts, grant).
    options: WidgetOptions,
    /// The chosen plan.
    plan: Plan,
    /// The search tracking id the plan was listed under.
    package_tracking_id: String,
    /// Storage key prefix of this widget instance.
    storage_key: String,
    /// Back to the plans.
    on_change_plan: Callback<()>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
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

    let (redirect, redirect_ok) = return_address(&options, &instance.events);
    let ctx = Ctx {
        phase,
        attempt,
        form,
        instance: instance.clone(),
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
    // The form stays one DOM across sending and a failed attempt (focus and
    // screen reader position are kept); only leaving it rebuilds.
    let on_form = Memo::new(move |_| {
        matches!(
            phase.get(),
            Phase::Form(_) | Phase::SavingDetails | Phase::Booking | Phase::RenewingGrant
        )
    });
    let form_part = {
        let (ctx, plan) = (ctx.clone(), plan.clone());
        move || {
            on_form.get().then(|| {
                view! {
                    <CheckoutForm ctx=ctx.clone() plan=plan.clone() hotel_pays=hotel_pays
                        show_errors=show_errors on_change_plan=on_change_plan />
                }
            })
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
    let guest = options.guest.clone();
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
                    <CheckoutOutcome ctx=ctx guest=guest />
                }
                    .into_any()
            }}
        </section>
    }
}
