//! The list of plans for the destination.

use crate::api::search::Plan;
use crate::i18n::{self, t, Locale, Msg};
use leptos::prelude::*;

/// Plans as cards, in the order given.
#[component]
pub fn PlanList(
    /// Plans to show (non-empty; the caller shows the empty state).
    plans: Vec<Plan>,
    /// Catalog for labels.
    locale: Locale,
) -> impl IntoView {
    let summary = i18n::plan_count(locale, plans.len());
    view! {
        <p class="esim-plans__count">{summary}</p>
        <ul class="esim-plans" aria-label=t(locale, Msg::PlansRegion)>
            {plans
                .into_iter()
                .map(|plan| view! { <PlanCard plan=plan locale=locale /> })
                .collect_view()}
        </ul>
    }
}

/// One plan: title, data, validity and price in the API's currency.
#[component]
pub fn PlanCard(
    /// The plan.
    plan: Plan,
    /// Catalog for labels.
    locale: Locale,
) -> impl IntoView {
    let data = if plan.unlimited {
        Some(t(locale, Msg::Unlimited).to_string())
    } else {
        plan.data_label()
    };
    let validity = plan.validity_days.map(|d| i18n::days(locale, d));
    let price = plan
        .price
        .as_ref()
        .map(|m| m.format(locale))
        .unwrap_or_else(|| t(locale, Msg::PriceOnRequest).to_string());
    let priced = plan.price.is_some();
    view! {
        <li class="esim-plan" data-plan-id=plan.id.clone()>
            <h3 class="esim-plan__title">{plan.title.clone()}</h3>
            <dl class="esim-plan__facts">
                {data
                    .map(|d| {
                        view! {
                            <div class="esim-plan__fact">
                                <dt>{t(locale, Msg::Data)}</dt>
                                <dd class="esim-plan__data">{d}</dd>
                            </div>
                        }
                    })}
                {validity
                    .map(|v| {
                        view! {
                            <div class="esim-plan__fact">
                                <dt>{t(locale, Msg::Validity)}</dt>
                                <dd class="esim-plan__validity">{v}</dd>
                            </div>
                        }
                    })}
            </dl>
            <p class="esim-plan__price" class:esim-plan__price--missing=!priced>
                <span class="esim-visually-hidden">{t(locale, Msg::Price)} ": "</span>
                {price}
            </p>
        </li>
    }
}
