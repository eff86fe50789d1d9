//! The plan picker: plans for the trip's destination, a recommendation, filters,
//! sorting, details, and the traveller's choice.

mod browser;
pub mod country;
pub mod details;
mod filters;
mod search;

use crate::api;
use crate::components::checkout::Checkout;
use crate::components::{intl, use_instance, ErrorNotice, Load, LoadingPlans};
use crate::config::WidgetOptions;
use crate::events::WidgetEvent;
use crate::i18n::{self, t, Msg};
use crate::journey::{Journey, Step};
use crate::plans;
use browser::PlanBrowser;
use country::CountryPicker;
use details::PlanDetails;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::sync::Arc;

pub use crate::components::plan_list::PlanFacts;
pub use search::{search_all, Offers};

/// Cards shown per page; "Show more" adds as many again.
pub const PAGE: usize = 12;

/// The plans step: heading, destination, and the list, details or choice.
#[component]
pub fn PlanPicker(
    /// Validated options.
    options: WidgetOptions,
    /// The journey state (step, destination, filters, chosen plan).
    journey: RwSignal<Journey>,
    /// Unique prefix for element ids.
    id: String,
    /// Session storage key prefix of this widget instance.
    storage_key: String,
    /// Whether this session answered (or skipped) the device check; without
    /// it, choosing a plan asks the check before the checkout.
    #[prop(into)]
    device_checked: Signal<bool>,
    /// Shown under the heading (the device check's summary).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let nights = options.trip.map(|t| t.nights());
    let trip = options.trip.map(|trip| intl::trip_summary(&trip, locale));
    let state = RwSignal::new(Load::<Arc<Offers>>::Loading);
    let picking_country = RwSignal::new(false);
    // Focus moves only after the traveller navigates, never on first render.
    let navigated = RwSignal::new(false);

    let load = {
        let owner = Owner::current().unwrap_or_default();
        let instance = instance.clone();
        move || {
            owner.with(|| {
                state.set(Load::Loading);
                let country = journey.with_untracked(|j| j.country.clone());
                let instance = instance.clone();
                // Cancelled (and its requests aborted) on unmount or a newer search.
                spawn_local_scoped_with_cancellation(async move {
                    let result = search_all(&instance.api, &country, locale)
                        .await
                        .map(Arc::new);
                    match &result {
                        Ok(o) => {
                            // The offer card on this visit's next pages promises "from …".
                            if let Some(lowest) = plans::lowest_price(&o.plans) {
                                intl::store(
                                    &plans::lowest_price_key(&country),
                                    &plans::encode_lowest_price(lowest),
                                );
                            }
                            instance.events.emit(WidgetEvent::PlansLoaded {
                                country,
                                count: o.plans.len(),
                            })
                        }
                        Err(e) => instance.error(e, api::Operation::Search),
                    }
                    state.set(result.into());
                });
            })
        }
    };
    load();
    let retry = {
        let load = load.clone();
        Callback::new(move |()| load())
    };
    let on_country = {
        let load = load.clone();
        Callback::new(move |code: String| {
            picking_country.set(false);
            let changed = journey.with_untracked(|j| j.country != code);
            journey.update(|j| j.change_country(&code));
            if changed {
                load();
            }
        })
    };

    let heading = move || {
        let country = journey.with(|j| j.country.clone());
        i18n::plans_for(locale, &intl::country_name(&country, locale))
    };
    let choose = {
        let events = instance.events.clone();
        Callback::new(move |plan_id: String| {
            let Load::Ready(offers) = state.get_untracked() else {
                return;
            };
            let Some(plan) = offers.find(&plan_id).map(|i| offers.plans[i].clone()) else {
                return;
            };
            navigated.set(true);
            let checked = device_checked.get_untracked();
            journey.update(|j| j.choose(&plan_id, checked));
            events.emit(WidgetEvent::PlanSelected {
                country: journey.with_untracked(|j| j.country.clone()),
                package_id: plan.id.clone(),
                title: plan.title.clone(),
                price: plan.price.as_ref().map(|m| m.decimal()),
                currency: plan.price.as_ref().map(|m| m.currency.clone()),
                data_mb: plan.data_mb,
                unlimited: plan.unlimited,
                validity_days: plan.validity_days,
            });
        })
    };
    let show_details = Callback::new(move |plan_id: String| {
        navigated.set(true);
        journey.update(|j| {
            j.plan_id = Some(plan_id);
            j.step = Step::Details;
        });
    });
    let back = Callback::new(move |()| {
        navigated.set(true);
        journey.update(|j| j.step = Step::Plans);
    });

    // Only a change of step rebuilds the view: filters, profile or the stored
    // state changing must not remount the list (focus) or a checkout (its requests).
    let step = Memo::new(move |_| journey.with(|j| j.step));
    let body = {
        let id = id.clone();
        let options = options.clone();
        move || {
            let step = step.get();
            match state.get() {
                Load::Loading => view! { <LoadingPlans /> }.into_any(),
                Load::Failed(error) => {
                    view! { <ErrorNotice error=error on_retry=retry /> }.into_any()
                }
                Load::Ready(offers) if offers.plans.is_empty() => view! {
                    <p class="esim-empty" role="status">{t(locale, Msg::NoPlans)}</p>
                }
                .into_any(),
                Load::Ready(offers) => {
                    let selected = journey
                        .with_untracked(|j| j.plan_id.clone())
                        .and_then(|p| offers.find(&p));
                    match (step, selected) {
                        (Step::Details, Some(index)) => view! {
                            <PlanDetails
                                offers=offers
                                index=index
                                focus=navigated.get_untracked()
                                on_back=back
                                on_choose=choose
                            />
                        }
                        .into_any(),
                        (Step::Chosen, Some(index)) => view! {
                            <Checkout
                                options=options.clone()
                                plan=offers.plans[index].clone()
                                package_tracking_id=offers.tracking[index].clone()
                                storage_key=storage_key.clone()
                                on_change_plan=back
                            />
                        }
                        .into_any(),
                        _ => view! {
                            <PlanBrowser
                                offers=offers
                                journey=journey
                                nights=nights
                                id=id.clone()
                                on_details=show_details
                                on_choose=choose
                            />
                        }
                        .into_any(),
                    }
                }
            }
        }
    };

    view! {
        <header class="esim__header">
            <h2 class="esim__title" tabindex="-1">{t(locale, Msg::PlansHeading)}</h2>
            <p class="esim__trip">{heading} {trip.map(|s| format!(" · {s}"))}</p>
            {move || {
                // No switching destination in the middle of a checkout.
                (!picking_country.get() && step.get() != Step::Chosen)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="esim-button esim-button--quiet esim-plans__destination"
                                on:click=move |_| picking_country.set(true)
                            >
                                {t(locale, Msg::ChangeDestination)}
                            </button>
                        }
                    })
            }}
            <div hidden=move || step.get() == Step::Chosen>{children.map(|c| c())}</div>
        </header>
        {
            let id = id.clone();
            move || {
                picking_country
                    .get()
                    .then(|| {
                        view! {
                            <CountryPicker
                                id=id.clone()
                                on_pick=on_country
                                on_cancel=Callback::new(move |()| picking_country.set(false))
                            />
                        }
                    })
            }
        }
        {body}
    }
}
