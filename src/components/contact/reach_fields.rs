//! The e-mail and phone fields (calling code and number) that checkout and a
//! top-up both ask for: one component, so both forms look, read and validate
//! alike, and the bundle carries their view code once.

use super::{calling_code_options, problem_text};
use crate::checkout::form::{ContactForm, Field, Problem};
use crate::components::use_instance;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// E-mail, calling code and number, bound to `form`.
///
/// Ids: `{prefix}-email`, `{prefix}-phone-country`, `{prefix}-phone`; an error
/// is `<field id>-error` and described by its field.
#[component]
pub fn ReachFields(
    /// Prefix of the element ids (unique on the page).
    prefix: String,
    /// What the traveller typed.
    form: RwSignal<ContactForm>,
    /// The problem to show for a field now (`None` before the first submit).
    problem: Callback<Field, Option<Problem>>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let email_id = format!("{prefix}-email");
    let country_id = format!("{prefix}-phone-country");
    let phone_id = format!("{prefix}-phone");
    let error_of = move |field: Field, input_id: &str| {
        let error_id = format!("{input_id}-error");
        move || {
            problem.run(field).map(|p| {
                view! { <p class="esim-form__error" id=error_id.clone()>{problem_text(locale, p)}</p> }
            })
        }
    };
    let described = move |field: Field, input_id: &str| {
        let error_id = format!("{input_id}-error");
        move || problem.run(field).map(|_| error_id.clone())
    };
    let set = move |f: fn(&mut ContactForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|form| f(form, v));
        }
    };
    let countries = calling_code_options(locale);
    view! {
        <div class="esim-form__field">
            <label class="esim-device__label" for=email_id.clone()>{t(locale, Msg::Email)}</label>
            <input id=email_id.clone() class="esim-device__input" type="email" dir="ltr" autocomplete="email" inputmode="email"
                aria-invalid=move || problem.run(Field::Email).is_some().to_string()
                aria-describedby=described(Field::Email, &email_id)
                prop:value=move || form.with(|f| f.email.clone())
                on:input=set(|f, v| f.email = v) />
            {error_of(Field::Email, &email_id)}
        </div>
        <div class="esim-form__row">
            <div class="esim-form__field">
                <label class="esim-device__label" for=country_id.clone()>{t(locale, Msg::PhoneCountry)}</label>
                <select id=country_id class="esim-device__input" autocomplete="tel-country-code"
                    aria-invalid=move || (problem.run(Field::Phone) == Some(Problem::PhoneCountry)).to_string()
                    aria-describedby=described(Field::Phone, &phone_id)
                    on:change=set(|f, v| f.phone_country = v)>
                    <option value="">{t(locale, Msg::ChooseCountryCode)}</option>
                    {countries
                        .into_iter()
                        .map(|(iso, label)| {
                            let selected = form.with_untracked(|f| f.phone_country == iso);
                            view! { <option value=iso selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="esim-form__field">
                <label class="esim-device__label" for=phone_id.clone()>{t(locale, Msg::PhoneNumber)}</label>
                <input id=phone_id.clone() class="esim-device__input" type="tel" dir="ltr" autocomplete="tel-national" inputmode="tel"
                    aria-invalid=move || problem.run(Field::Phone).is_some().to_string()
                    aria-describedby=described(Field::Phone, &phone_id)
                    prop:value=move || form.with(|f| f.phone.clone())
                    on:input=set(|f, v| f.phone = v) />
                {error_of(Field::Phone, &phone_id)}
            </div>
        </div>
    }
}
