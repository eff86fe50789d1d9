//! The plan picker: plans for the trip's destination, a recommendation, filters,
//! sorting, details, and the traveller's choice.

pub mod country;
pub mod details;

use crate::api::search::{Plan, SearchRequest};
use crate::api::{self, ApiError};
use crate::components::checkout::Checkout;
use crate::components::{intl, ErrorNotice, Load, LoadingPlans, PlanCard};
use crate::config::WidgetOptions;
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::{self, t, Locale, Msg};
use crate::journey::{Journey, Step};
use crate::plans::{self, CoverageFilter, Filters, SortKey, UsageProfile};
use country::CountryPicker;
use details::PlanDetails;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::sync::Arc;

pub use crate::components::plan_list::PlanFacts;

/// Cards shown per page; "Show more" adds as many again.
pub const PAGE: usize = 12;

/// The plans for a destination with the search tracking id each belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    /// Local, regional and global plans, in that order.
    pub plans: Vec<Plan>,
    /// `tracking[i]` is the tracking id of the search that listed `plans[i]`.
    pub tracking: Vec<String>,
}

impl Offers {
    /// Index of the plan with `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.id == id)
    }
}

/// Searches local, regional and global plans at once. Local plans are the
/// essential ones: their failure is the search's failure; a failed regional or
/// global search only leaves those plans out.
pub async fn search_all(
    proxy: &crate::url::ProxyUrl,
    country: &str,
    locale: Locale,
) -> Result<Offers, ApiError> {
    let client = api::http::client(proxy);
    let request = |region_type| SearchRequest {
        country_code: country.to_string(),
        language: locale.tag().to_string(),
        region_type,
    };
    let (local, regional, global) = (request("local"), request("regional"), request("global"));
    let (local, regional, global) = futures::join!(
        client.search(&local),
        client.search(&regional),
        client.search(&global)
    );
    let mut offers = Offers::default();
    for results in [Ok(local?), regional, global].into_iter().flatten() {
        let tracking = results.tracking_id.unwrap_or_default();
        for plan in results.plans {
            if offers.find(&plan.id).is_none() {
                offers.plans.push(plan);
                offers.tracking.push(tracking.clone());
            }
        }
    }
    Ok(offers)
}

/// The plans step: heading, destination, and the list, details or choice.
#[component]
pub fn PlanPicker(
    /// Validated options.
    options: WidgetOptions,
    /// The journey state (step, destination, filters, chosen plan).
    journey: RwSignal<Journey>,
    /// Where events go.
    events: EventSink,
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
    let locale = options.locale;
    let nights = options.trip.map(|t| t.nights());
    let trip = options.trip.map(|trip| intl::trip_summary(&trip, locale));
    let state = RwSignal::new(Load::<Arc<Offers>>::Loading);
    let picking_country = RwSignal::new(false);
    // Focus moves only after the traveller navigates, never on first render.
    let navigated = RwSignal::new(false);

    let load = {
        let owner = Owner::current().unwrap_or_default();
        let (proxy, events) = (options.proxy.clone(), events.clone());
        move || {
            owner.with(|| {
                state.set(Load::Loading);
                let country = journey.with_untracked(|j| j.country.clone());
                let (proxy, events) = (proxy.clone(), events.clone());
                // Cancelled (and its requests aborted) on unmount or a newer search.
                spawn_local_scoped_with_cancellation(async move {
                    let result = search_all(&proxy, &country, locale).await.map(Arc::new);
                    match &result {
                        Ok(o) => {
                            // The offer card on this visit's next pages promises "from …".
                            if let Some(lowest) = plans::lowest_price(&o.plans) {
                                intl::store(
                                    &plans::lowest_price_key(&country),
                                    &plans::encode_lowest_price(lowest),
                                );
                            }
                            events.emit(WidgetEvent::PlansLoaded {
                                country,
                                count: o.plans.len(),
                            })
                        }
                        Err(e) => {
                            events.emit(WidgetEvent::api_error(e, locale, api::Operation::Search))
                        }
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
        let events = events.clone();
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
        let (proxy, events, id) = (options.proxy.clone(), events.clone(), id.clone());
        let options = options.clone();
        move || {
            let step = step.get();
            match state.get() {
                Load::Loading => view! { <LoadingPlans locale=locale /> }.into_any(),
                Load::Failed(error) => {
                    view! { <ErrorNotice error=error locale=locale on_retry=retry /> }.into_any()
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
                                proxy=proxy.clone()
                                offers=offers
                                index=index
                                locale=locale
                                events=events.clone()
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
                                events=events.clone()
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
                                locale=locale
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
                                locale=locale
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

/// The list with its recommendation, filters and pages.
#[component]
fn PlanBrowser(
    /// All plans for the destination.
    offers: Arc<Offers>,
    /// Filters, order and profile live in the journey (they survive a reload).
    journey: RwSignal<Journey>,
    /// Nights of the stay, when the host gave dates.
    nights: Option<u64>,
    /// Catalog for labels.
    locale: Locale,
    /// Unique prefix for element ids.
    id: String,
    /// "Details" on a card.
    on_details: Callback<String>,
    /// "Choose" on a card.
    on_choose: Callback<String>,
) -> impl IntoView {
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

    let radio_name = format!("{id}-profile");
    let recommendation = {
        let offers = offers.clone();
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
                                locale=locale
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

    let profile_choice = {
        let name = radio_name;
        move || {
            let current = journey.with(|j| j.profile);
            UsageProfile::ALL
                .into_iter()
                .map(|p| {
                    let label = t(
                        locale,
                        match p {
                            UsageProfile::Light => Msg::ProfileLight,
                            UsageProfile::Typical => Msg::ProfileTypical,
                            UsageProfile::Heavy => Msg::ProfileHeavy,
                        },
                    );
                    view! {
                        <label class="esim-choice">
                            <input
                                type="radio"
                                name=name.clone()
                                value=p.code()
                                prop:checked=current == p
                                on:change=move |_| journey.update(|j| j.profile = p)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()
        }
    };

    let select_min = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse::<u64>().ok();
        set_filters(&|f| f.min_data_mb = v);
    };
    let select_coverage = move |ev: leptos::ev::Event| {
        let v = match event_target_value(&ev).as_str() {
            "local" => CoverageFilter::Local,
            "multi" => CoverageFilter::MultiCountry,
            _ => CoverageFilter::All,
        };
        set_filters(&|f| f.coverage = v);
    };
    let select_sort = move |ev: leptos::ev::Event| {
        let v = SortKey::from_code(&event_target_value(&ev)).unwrap_or_default();
        set_filters(&|f| f.sort = v);
    };
    let f = move || journey.with(|j| j.filters.clone());
    let option = move |value: String, label: String, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
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
                                            locale=locale
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
        <fieldset class="esim-filters esim-filters--profile">
            <legend>{t(locale, Msg::UsageLabel)}</legend>
            {profile_choice}
        </fieldset>
        <fieldset class="esim-filters">
            <legend>{t(locale, Msg::FiltersLabel)}</legend>
            <label class="esim-field">
                <span>{t(locale, Msg::MinData)}</span>
                <select on:change=select_min>
                    {move || {
                        let min = f().min_data_mb;
                        let mut opts = vec![option(String::new(), t(locale, Msg::AnyAmount).into(), min.is_none())];
                        opts.extend(plans::MIN_DATA_CHOICES.iter().map(|&mb| {
                            option(mb.to_string(), crate::api::search::format_data_mb(mb), min == Some(mb))
                        }));
                        opts
                    }}
                </select>
            </label>
            <label class="esim-field">
                <span>{t(locale, Msg::CoverageLabel)}</span>
                <select on:change=select_coverage>
                    {move || {
                        let c = f().coverage;
                        vec![
                            option("all".into(), t(locale, Msg::CoverageAll).into(), c == CoverageFilter::All),
                            option("local".into(), t(locale, Msg::CoverageLocal).into(), c == CoverageFilter::Local),
                            option("multi".into(), t(locale, Msg::CoverageMulti).into(), c == CoverageFilter::MultiCountry),
                        ]
                    }}
                </select>
            </label>
            <label class="esim-field">
                <span>{t(locale, Msg::SortLabel)}</span>
                <select on:change=select_sort>
                    {move || {
                        let s = f().sort;
                        SortKey::ALL
                            .iter()
                            .map(|&k| {
                                let label = match k {
                                    SortKey::Price => Msg::SortPrice,
                                    SortKey::PricePerGb => Msg::SortPerGb,
                                    SortKey::Data => Msg::SortData,
                                    SortKey::Validity => Msg::SortValidity,
                                };
                                option(k.code().into(), t(locale, label).into(), s == k)
                            })
                            .collect::<Vec<_>>()
                    }}
                </select>
            </label>
            <label class="esim-choice">
                <input
                    type="checkbox"
                    prop:checked=move || f().covers_stay
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_filters(&|f| f.covers_stay = on)
                    }
                />
                {t(locale, Msg::CoversStay)}
            </label>
            <label class="esim-choice">
                <input
                    type="checkbox"
                    prop:checked=move || f().unlimited_only
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_filters(&|f| f.unlimited_only = on)
                    }
                />
                {t(locale, Msg::UnlimitedOnly)}
            </label>
        </fieldset>
        {list}
    }
}
