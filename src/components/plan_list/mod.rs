//! Plans as cards.

use crate::api::search::Plan;
use crate::components::{intl, use_instance};
use crate::i18n::{self, t, Msg};
use crate::plans;
use leptos::prelude::*;

/// A plan's data, validity, coverage and top-ups as a definition list.
#[component]
pub fn PlanFacts(
    /// The plan.
    plan: Plan,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let data = if plan.unlimited {
        Some(t(locale, Msg::Unlimited).to_string())
    } else {
        plan.data_label()
    };
    let validity = plan.validity_days.map(|d| i18n::days(locale, d));
    let coverage = match plan
        .coverage
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("regional") => i18n::regional(locale, plan.region.as_deref()),
        Some("global") => t(locale, Msg::CoverageGlobal).to_string(),
        _ => t(locale, Msg::Local).to_string(),
    };
    let fact = |class: &'static str, label: Msg, value: String| {
        view! {
            <div class="esim-plan__fact">
                <dt>{t(locale, label)}</dt>
                <dd class=class>{value}</dd>
            </div>
        }
    };
    let notes: Vec<&'static str> = [
        (plan.unlimited && plan.fair_usage).then(|| t(locale, Msg::FairUsageApplies)),
        plan.rechargeable.map(|r| {
            t(
                locale,
                if r {
                    Msg::TopUpsAvailable
                } else {
                    Msg::NoTopUps
                },
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    view! {
        <dl class="esim-plan__facts">
            {data.map(|d| fact("esim-plan__data", Msg::Data, d))}
            {validity.map(|v| fact("esim-plan__validity", Msg::Validity, v))}
            {fact("esim-plan__coverage", Msg::CoverageLabel, coverage)}
        </dl>
        {(!notes.is_empty())
            .then(|| {
                view! {
                    <ul class="esim-plan__notes">
                        {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                }
            })}
    }
}

/// The price line: the price in the page's locale and, for limited plans, per GB.
#[component]
pub fn PlanPrice(
    /// The plan.
    plan: Plan,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let price = plan
        .price
        .as_ref()
        .map(|m| intl::price(m, locale))
        .unwrap_or_else(|| t(locale, Msg::PriceOnRequest).to_string());
    let per_gb = plans::price_per_gb(&plan).map(|m| i18n::per_gb(locale, &intl::price(&m, locale)));
    view! {
        <p class="esim-plan__price" class:esim-plan__price--missing=plan.price.is_none()>
            <span class="esim-visually-hidden">{t(locale, Msg::Price)} {i18n::colon(locale)}</span>
            {price}
            {per_gb.map(|p| view! { <span class="esim-plan__per-gb">{p}</span> })}
        </p>
    }
}

/// One plan: title, facts, price in the page's locale, and its actions.
#[component]
pub fn PlanCard(
    /// The plan.
    plan: Plan,
    /// Marks the recommended plan.
    #[prop(optional)]
    recommended: bool,
    /// "Details" was pressed (with the plan id); no button without it.
    #[prop(optional)]
    on_details: Option<Callback<String>>,
    /// "Choose" was pressed (with the plan id); no button without it.
    #[prop(optional)]
    on_choose: Option<Callback<String>>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let (id_details, id_choose) = (plan.id.clone(), plan.id.clone());
    // Buttons name their plan for screen readers, which list them out of context.
    let label = |action: Msg| format!("{}: {}", t(locale, action), plan.title);
    let (details_label, choose_label) = (label(Msg::Details), label(Msg::ChoosePlan));
    view! {
        <li class="esim-plan" class:esim-plan--recommended=recommended data-plan-id=plan.id.clone()>
            {recommended
                .then(|| view! { <p class="esim-plan__badge">{t(locale, Msg::Recommended)}</p> })}
            <h3 class="esim-plan__title"><bdi>{plan.title.clone()}</bdi></h3>
            <PlanFacts plan=plan.clone() />
            <PlanPrice plan=plan.clone() />
            {(on_details.is_some() || on_choose.is_some())
                .then(|| {
                    view! {
                        <div class="esim-plan__actions">
                            {on_choose
                                .map(|c| {
                                    view! {
                                        <button
                                            type="button"
                                            class="esim-button"
                                            aria-label=choose_label.clone()
                                            on:click=move |_| c.run(id_choose.clone())
                                        >
                                            {t(locale, Msg::ChoosePlan)}
                                        </button>
                                    }
                                })}
                            {on_details
                                .map(|c| {
                                    view! {
                                        <button
                                            type="button"
                                            class="esim-button esim-button--quiet"
                                            aria-label=details_label.clone()
                                            on:click=move |_| c.run(id_details.clone())
                                        >
                                            {t(locale, Msg::Details)}
                                        </button>
                                    }
                                })}
                        </div>
                    }
                })}
        </li>
    }
}
