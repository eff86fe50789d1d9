//! The contact details a top-up needs (ITT asks for an e-mail and a phone
//! number with every top-up), checked exactly like the checkout's.

use crate::api::search::format_data_mb;
use crate::api::topup::TopUp;
use crate::checkout::form::{ContactForm, Field, Reach};
use crate::components::contact::ReachFields;
use crate::components::{focus_first, intl, use_instance};
use crate::i18n::{self, t, Locale, Msg};
use leptos::prelude::*;

/// "1 GB · 7 days" for a top-up.
pub fn facts(tp: &TopUp, locale: Locale) -> String {
    let data = if tp.unlimited {
        t(locale, Msg::Unlimited).to_string()
    } else {
        tp.data_mb.map(format_data_mb).unwrap_or_default()
    };
    let days = tp.days.map(|d| i18n::days(locale, d)).unwrap_or_default();
    [data, days]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The form for the chosen top-up: e-mail, calling code and number, one Buy button.
#[component]
pub fn TopupForm(
    /// Prefix of the element ids (unique per eSIM).
    id: String,
    /// The chosen top-up.
    topup: TopUp,
    /// What the traveller typed (kept by the panel across errors and choices).
    form: RwSignal<ContactForm>,
    /// Whether buying it now is blocked (sending, or awaiting this very top-up).
    #[prop(into)]
    blocked: Signal<bool>,
    /// Whether a purchase is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// The checked details, when the traveller buys.
    on_buy: Callback<Reach>,
    /// Closes the form.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let show_errors = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let problem_of = move |field: Field| {
        show_errors
            .get()
            .then(|| {
                form.with(ContactForm::reach_problems)
                    .into_iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, p)| p)
            })
            .flatten()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if blocked.get_untracked() {
            return;
        }
        show_errors.set(true);
        match form.with_untracked(ContactForm::reach) {
            Ok(reach) => on_buy.run(reach),
            // Take the traveller to the first field to fix, once it is marked.
            Err(_) => request_animation_frame(move || {
                if let Some(el) = form_ref.try_get_untracked().flatten() {
                    focus_first(&el, "[aria-invalid=true]");
                }
            }),
        }
    };
    let title_id = format!("{id}-form-title");
    let chosen_id = format!("{id}-chosen");
    let labelled_by = title_id.clone();
    let price = topup
        .price
        .as_ref()
        .map(|m| intl::price(m, locale))
        .unwrap_or_default();
    view! {
        <form class="esim-form esim-topup-form" novalidate node_ref=form_ref aria-labelledby=labelled_by on:submit=submit>
            <h5 class="esim-details__subtitle" id=title_id tabindex="-1">{t(locale, Msg::TopupFormHeading)}</h5>
            <p class="esim-topup-form__chosen" id=chosen_id.clone()>
                <bdi class="esim-topup__title">{topup.title.clone()}</bdi>
                " · " <span>{facts(&topup, locale)}</span>
                " · " <strong class="esim-topup__price">{price}</strong>
            </p>
            <p class="esim-details__minor">{t(locale, Msg::TopupFormIntro)}</p>
            {move || {
                (show_errors.get() && !form.with(ContactForm::reach_problems).is_empty())
                    .then(|| view! { <p class="esim-form__summary" role="alert">{t(locale, Msg::FixErrors)}</p> })
            }}
            <ReachFields prefix=id.clone() form=form problem=Callback::new(problem_of) />
            <div class="esim-device__actions">
                // The label stays put while sending: a button that changes width
                // would move its neighbour under a second click.
                <button type="submit" class="esim-button esim-topup-form__buy"
                    aria-describedby=chosen_id
                    aria-busy=move || busy.get().to_string()
                    disabled=move || blocked.get()>
                    {t(locale, Msg::BuyTopUp)}
                </button>
                <button type="button" class="esim-button esim-button--quiet"
                    disabled=move || busy.get()
                    on:click=move |_| on_cancel.run(())>
                    {t(locale, Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
