//! The checkout's form: the plan, the traveller's details, the total, and pay
//! (or confirm, when the hotel pays) or go back to the plans.

use super::effects::Ctx;
use crate::api::search::Plan;
use crate::checkout::form::{ContactForm, Field, MAX_QUANTITY};
use crate::checkout::machine::{self, Input, Notice, Phase};
use crate::components::contact::{problem_text, ReachFields};
use crate::components::{focus_first, intl, PlanFacts};
use crate::events::WidgetEvent;
use crate::i18n::{self, t, Msg};
use crate::money::Money;
use leptos::prelude::*;

/// The form of the checkout, one DOM across sending and a failed attempt.
#[component]
pub(super) fn CheckoutForm(
    /// The checkout's state and effects.
    ctx: Ctx,
    /// The chosen plan.
    plan: Plan,
    /// Whether the hotel pays (a payment grant): "Confirm", not "Pay".
    hotel_pays: bool,
    /// Whether the fields' problems show (after the first submit).
    show_errors: RwSignal<bool>,
    /// Back to the plans.
    on_change_plan: Callback<()>,
) -> impl IntoView {
    let (locale, phase, form) = (ctx.instance.locale, ctx.phase, ctx.form);
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
                    ctx.instance.events.emit(WidgetEvent::DetailsSubmitted {
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

    let forget_key = ctx.contact_key.clone();
    view! {
        <PlanFacts plan=plan />
        {notice}
        <form class="esim-form" novalidate node_ref=form_ref on:submit=submit>
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
            <ReachFields prefix="esim".to_string() form=form problem=reach_problem />
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
            <p class="esim-form__total">{t(locale, Msg::Total)} {i18n::colon(locale)} <strong>{total}</strong></p>
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
                    on:click=move |_| {
                        // Leaving the checkout is a cancel: the personal details go.
                        intl::forget(&forget_key);
                        on_change_plan.run(())
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
