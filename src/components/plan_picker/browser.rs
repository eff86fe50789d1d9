//! The plans of a destination as a list: the recommendation for the
//! traveller's usage, the filters, and the cards page by page.

use super::filters::PlanFilters;
use super::search::Offers;
use super::PAGE;
use crate::components::{intl, use_instance, PlanCard};
use crate::i18n::{self, t, Msg};
use crate::journey::Journey;
use crate::plans::{self, CoverageFilter, Filters};
use leptos::prelude::*;
use std::sync::Arc;

/// The list with its recommendation, filters and pages.
#[component]
pub(super) fn PlanBrowser(
    /// All plans for the destination.
    offers: Arc<Offers>,
    /// Filters, order and profile live in the journey (they survive a reload).
    journey: RwSignal<Journey>,
    /// Nights of the stay, when the host gave dates.
    nights: Option<u64>,
    /// Unique prefix for element ids.
    id: String,
    /// "Details" on a card.
    on_details: Callback<String>,
    /// "Choose" on a card.
    on_choose: Callback<String>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let days = plans::trip_days(nights);
    let pages = RwSignal::new(1usize);
    let shown = {
        let offers = offers.clone();
        move || journey.with(|j| plans::select(&offers.plans, &j.filters, days))
    };
    let set_filters = move |f: &dyn Fn(&mut Filters)| {
        pages.set(1);
        journey.update(|j| f(&mut j.filters));
    };

    let recommendation = {
        let offers = offers.clone();
        let id = id.clone();
        move || {
            let profile = journey.with(|j| j.profile);
            plans::recommend(&offers.plans, nights, profile).map(|r| {
                view! {
                    <section class="esim-reco" aria-labelledby=format!("{id}-reco")>
                        <h3 class="esim-reco__title" id=format!("{id}-reco")>
                            {t(locale, Msg::RecommendedHeading)}
                        </h3>
                        <p class="esim-reco__reason">{i18n::recommendation_reason(locale, r.reason)}</p>
                        <ul class="esim-plans esim-plans--one">
                            <PlanCard
                                plan=offers.plans[r.index].clone()
                                recommended=true
                                on_details=on_details
                                on_choose=on_choose
                            />
                        </ul>
                    </section>
                }
            })
        }
    };

    let list = {
        let offers = offers.clone();
        let shown = shown.clone();
        move || {
            let order = shown();
            let visible = (pages.get() * PAGE).min(order.len());
            let more = (order.len() - visible).min(PAGE);
            let local_missing = journey.with(|j| j.filters.coverage == CoverageFilter::Local)
                && order.is_empty()
                && !offers.plans.is_empty();
            view! {
                <p class="esim-plans__count" role="status">
                    {i18n::showing(locale, visible, order.len())}
                </p>
                {if order.is_empty() {
                    let country = journey.with_untracked(|j| j.country.clone());
                    view! {
                        <div class="esim-empty-box">
                            <p class="esim-empty">
                                {if local_missing {
                                    i18n::no_local_plans(locale, &intl::country_name(&country, locale))
                                } else {
                                    t(locale, Msg::NoMatchingPlans).to_string()
                                }}
                            </p>
                            <button
                                type="button"
                                class="esim-button esim-button--secondary"
                                on:click=move |_| {
                                    set_filters(&|f| {
                                        *f = Filters {
                                            sort: f.sort,
                                            coverage: if local_missing {
                                                CoverageFilter::MultiCountry
                                            } else {
                                                CoverageFilter::All
                                            },
                                            ..Filters::default()
                                        }
                                    })
                                }
                            >
                                {t(locale, if local_missing { Msg::ShowRegional } else { Msg::ResetFilters })}
                            </button>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <ul class="esim-plans" aria-label=t(locale, Msg::PlansRegion)>
                            {order[..visible]
                                .iter()
                                .map(|&i| {
                                    view! {
                                        <PlanCard
                                            plan=offers.plans[i].clone()
                                            on_details=on_details
                                            on_choose=on_choose
                                        />
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                {(more > 0)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="esim-button esim-button--secondary esim-plans__more"
                                on:click=move |_| pages.update(|p| *p += 1)
                            >
                                {i18n::show_more(locale, more)}
                            </button>
                        }
                    })}
            }
        }
    };

    view! {
        {recommendation}
        <PlanFilters journey=journey id=id pages=pages />
        {list}
    }
}
