//! The widget's root, its journey between steps, and the plan search.

use super::device_check::{browser as device_browser, DeviceCheck, DeviceSummary};
use super::{ErrorNotice, Load, LoadingPlans, PlanList};
use crate::api;
use crate::api::search::{Plan, SearchRequest};
use crate::config::{ConfigError, WidgetOptions};
use crate::device::Verdict;
use crate::events::{EventSink, WidgetEvent};
use crate::i18n::{self, t, Locale, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// The whole widget for one host element.
///
/// `options` changes when the host calls `update`; the plan search then starts
/// again for the new destination.
#[component]
pub fn EsimWidget(
    /// Validated host options, or why they are unusable.
    #[prop(into)]
    options: Signal<Result<WidgetOptions, ConfigError>>,
    /// Catalog for messages shown when `options` are unusable.
    #[prop(into)]
    fallback_locale: Signal<Locale>,
    /// Where events for the host page go.
    events: EventSink,
) -> impl IntoView {
    let lang = move || match options.get() {
        Ok(o) => o.locale.tag(),
        Err(_) => fallback_locale.get().tag(),
    };
    view! {
        <section class="esim" lang=lang>
            {move || match options.get() {
                Ok(opts) => view! { <Journey options=opts events=events.clone() /> }.into_any(),
                Err(_) => {
                    // The developer detail went to the console and `itt-esim:error`;
                    // the traveller only needs to know there is nothing to do here.
                    view! {
                        <p class="esim-alert" role="alert" data-error-code="config">
                            {t(fallback_locale.get(), Msg::ConfigProblem)}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A step of the traveller's journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// "Will my phone work?"
    Device,
    /// Choosing a plan.
    Plans,
}

/// The steps for one destination: the device check (skipped when this session
/// already answered it), then plans. Plans load in the background meanwhile.
#[component]
fn Journey(
    /// Validated options.
    options: WidgetOptions,
    /// Where events for the host page go.
    events: EventSink,
) -> impl IntoView {
    let locale = options.locale;
    let remembered = device_browser::recall();
    let step = RwSignal::new(if remembered.is_some() {
        Step::Plans
    } else {
        Step::Device
    });
    let verdict = RwSignal::new(remembered);
    let plans_ref = NodeRef::<leptos::html::Div>::new();
    let device_ref = NodeRef::<leptos::html::Div>::new();
    // Moves focus to the new step's heading, so keyboard and screen reader users
    // land where the content changed (never on first render: the host page owns focus then).
    let focus_heading = move |container: NodeRef<leptos::html::Div>| {
        request_animation_frame(move || {
            // The widget may be gone by the next frame.
            let heading = container
                .try_get_untracked()
                .flatten()
                .and_then(|el| el.query_selector("h2").ok().flatten());
            if let Some(h) =
                heading.and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
            {
                let _ = h.focus();
            }
        });
    };
    let on_done = Callback::new(move |v: Verdict| {
        verdict.set(Some(v));
        step.set(Step::Plans);
        focus_heading(plans_ref);
    });
    let on_change = Callback::new(move |()| {
        step.set(Step::Device);
        focus_heading(device_ref);
    });
    let proxy = options.proxy.clone();
    let device_events = events.clone();
    view! {
        <div node_ref=device_ref>
            {move || {
                (step.get() == Step::Device)
                    .then(|| {
                        view! {
                            <DeviceCheck
                                proxy=proxy.clone()
                                locale=locale
                                events=device_events.clone()
                                on_done=on_done
                            />
                        }
                    })
            }}
        </div>
        <div node_ref=plans_ref hidden=move || step.get() != Step::Plans>
            <PlanSearch options=options events=events>
                <DeviceSummary verdict=verdict locale=locale on_change=on_change />
            </PlanSearch>
        </div>
    }
}

/// Searches plans for the configured destination and shows them.
#[component]
pub fn PlanSearch(
    /// Validated options.
    options: WidgetOptions,
    /// Where events for the host page go.
    events: EventSink,
    /// Shown under the heading (the device check's summary).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let locale = options.locale;
    let country = options.country.clone();
    let state = RwSignal::new(Load::<Vec<Plan>>::Loading);
    let request = SearchRequest {
        country_code: country.clone(),
        language: locale.tag().to_string(),
    };
    let load = {
        let (proxy, country) = (options.proxy.clone(), country.clone());
        // Tasks belong to this component, not to whatever view started them: a
        // retry clicked in the error notice must survive that notice's removal.
        let owner = Owner::current().unwrap_or_default();
        move || {
            owner.with(|| {
                state.set(Load::Loading);
                let (proxy, request, country, events) = (
                    proxy.clone(),
                    request.clone(),
                    country.clone(),
                    events.clone(),
                );
                // Cancelled (and its request aborted) if the widget unmounts or the
                // destination changes while the search is still running.
                spawn_local_scoped_with_cancellation(async move {
                    let result = api::http::client(&proxy)
                        .search(&request)
                        .await
                        .map(|results| results.plans);
                    match &result {
                        Ok(list) => events.emit(WidgetEvent::PlansLoaded {
                            country,
                            count: list.len(),
                        }),
                        Err(e) => events.emit(WidgetEvent::Error {
                            code: e.code(),
                            message: e.message(locale).to_string(),
                            detail: e.to_string(),
                            operation: Some(api::Operation::Search.name()),
                        }),
                    }
                    state.set(result.into());
                });
            })
        }
    };
    load();
    let retry = Callback::new(move |()| load());
    let trip = options.trip.map(|trip| trip.summary(locale));

    view! {
        <header class="esim__header">
            <h2 class="esim__title" tabindex="-1">{t(locale, Msg::PlansHeading)}</h2>
            <p class="esim__trip">
                {i18n::plans_for(locale, &country)}
                {trip.map(|s| format!(" · {s}"))}
            </p>
            {children.map(|c| c())}
        </header>
        {move || match state.get() {
            Load::Loading => view! { <LoadingPlans locale=locale /> }.into_any(),
            Load::Ready(list) if list.is_empty() => {
                view! { <p class="esim-empty" role="status">{t(locale, Msg::NoPlans)}</p> }
                    .into_any()
            }
            Load::Ready(list) => view! { <PlanList plans=list locale=locale /> }.into_any(),
            Load::Failed(error) => {
                view! { <ErrorNotice error=error locale=locale on_retry=retry /> }.into_any()
            }
        }}
        <p class="esim__footer">{t(locale, Msg::PoweredBy)}</p>
    }
}
