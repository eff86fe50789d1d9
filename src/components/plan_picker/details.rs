//! One plan in detail (the single-package operation) and supplier HTML, sanitized lazily.

use super::{Offers, PlanFacts};
use crate::api::package::{PackageDetails, PackageRequest};
use crate::api::Operation;
use crate::components::plan_list::PlanPrice;
use crate::components::{intl, use_instance, ErrorNotice, Load};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::sync::Arc;

/// The details of the plan at `index` in `offers`, with "Back" and "Choose".
#[component]
pub fn PlanDetails(
    /// The search results the plan came from.
    offers: Arc<Offers>,
    /// Which plan.
    index: usize,
    /// Whether to move focus to the heading (the traveller navigated here).
    focus: bool,
    /// Back to the list.
    on_back: Callback<()>,
    /// Choose this plan.
    on_choose: Callback<String>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let plan = offers.plans[index].clone();
    let state = RwSignal::new(Load::<Arc<PackageDetails>>::Loading);
    let request = PackageRequest {
        tracking_id: offers.tracking[index].clone(),
        package_id: plan.id.clone(),
    };
    let load = {
        let owner = Owner::current().unwrap_or_default();
        move || {
            owner.with(|| {
                state.set(Load::Loading);
                let (instance, request) = (instance.clone(), request.clone());
                spawn_local_scoped_with_cancellation(async move {
                    let result = instance
                        .api
                        .single_esim_package(&request)
                        .await
                        .map(Arc::new);
                    if let Err(e) = &result {
                        instance.error(e, Operation::SingleEsimPackage);
                    }
                    state.set(result.into());
                });
            })
        }
    };
    load();
    let retry = Callback::new(move |()| load());
    let heading = NodeRef::<leptos::html::H3>::new();
    heading.on_load(move |el| {
        if focus {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    let id = plan.id.clone();

    view! {
        <section class="esim-details" aria-labelledby="esim-details-title">
            <h3 class="esim-details__title" id="esim-details-title" tabindex="-1" node_ref=heading>
                <bdi>{plan.title.clone()}</bdi>
            </h3>
            <PlanFacts plan=plan.clone() />
            <PlanPrice plan=plan.clone() />
            {move || match state.get() {
                Load::Loading => {
                    view! {
                        <p class="esim-status__text" role="status" aria-busy="true">
                            {t(locale, Msg::LoadingDetails)}
                        </p>
                    }
                        .into_any()
                }
                Load::Failed(error) => {
                    view! { <ErrorNotice error=error on_retry=retry /> }.into_any()
                }
                Load::Ready(d) => view! { <DetailsBody details=d /> }.into_any(),
            }}
            <div class="esim-device__actions">
                <button type="button" class="esim-button" on:click=move |_| on_choose.run(id.clone())>
                    {t(locale, Msg::ChoosePlan)}
                </button>
                <button
                    type="button"
                    class="esim-button esim-button--secondary"
                    on:click=move |_| on_back.run(())
                >
                    {t(locale, Msg::BackToPlans)}
                </button>
            </div>
        </section>
    }
}

/// What the single-package operation adds to the card.
#[component]
fn DetailsBody(
    /// The package.
    details: Arc<PackageDetails>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let countries: Vec<String> = details
        .coverage
        .iter()
        .filter_map(|c| match (&c.country_code, &c.name) {
            (Some(code), _) => Some(intl::country_name(code, locale)),
            (None, Some(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let activation =
        details
            .plan
            .activation_policy
            .as_deref()
            .map(|p| match p.to_ascii_lowercase().as_str() {
                "first-usage" | "first_usage" => t(locale, Msg::FirstUsage).to_string(),
                "installation" | "on-install" => t(locale, Msg::OnInstall).to_string(),
                other => other.replace(['-', '_'], " "),
            });
    let topups = match details.plan.rechargeable {
        Some(true) => Some(t(locale, Msg::TopUpsYes)),
        Some(false) => Some(t(locale, Msg::TopUpsNo)),
        None => None,
    };
    let row = |label: Msg, value: String| {
        view! {
            <div class="esim-details__row">
                <dt>{t(locale, label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let notes: Vec<(Msg, String)> = [
        (Msg::WithQrCode, &details.qr_installation_html),
        (Msg::ByHand, &details.manual_installation_html),
    ]
    .into_iter()
    .filter_map(|(label, html)| Some((label, html.clone().filter(|h| !h.trim().is_empty())?)))
    .collect();
    view! {
        <dl class="esim-details__list">
            {(!countries.is_empty()).then(|| row(Msg::CoveredCountries, countries.join(", ")))}
            {details.operator.clone().map(|o| row(Msg::Operator, o))}
            {activation.map(|a| row(Msg::ValidityStarts, a))}
            {details.fair_usage_policy.clone().map(|f| row(Msg::FairUsagePolicy, f))}
            {topups.map(|x| row(Msg::TopUps, x.to_string()))}
        </dl>
        {(!notes.is_empty())
            .then(|| {
                view! {
                    <h4 class="esim-details__subtitle">{t(locale, Msg::InstallNotes)}</h4>
                    {notes
                        .into_iter()
                        .map(|(label, html)| {
                            view! {
                                <h5 class="esim-details__minor">{t(locale, label)}</h5>
                                <SupplierHtml html=html />
                            }
                        })
                        .collect_view()}
                }
            })}
    }
}

/// Supplier HTML: sanitized by the lazily loaded module, or shown as plain text
/// if that module cannot load. Never unsanitized markup.
#[component]
pub fn SupplierHtml(
    /// The supplier's HTML as received.
    html: String,
) -> impl IntoView {
    // None: sanitizing; Some(Ok): clean markup; Some(Err): plain-text fallback.
    let shown = RwSignal::new(None::<Result<String, String>>);
    let source = html.clone();
    spawn_local_scoped_with_cancellation(async move {
        let result = match intl::sanitize(&source).await {
            Some(clean) => Ok(clean),
            None => Err(crate::supplier::html_to_text(&source)),
        };
        shown.set(Some(result));
    });
    move || match shown.get() {
        None => view! { <div class="esim-supplier" aria-busy="true"></div> }.into_any(),
        Some(Ok(clean)) => view! { <div class="esim-supplier" inner_html=clean></div> }.into_any(),
        Some(Err(text)) => {
            view! { <div class="esim-supplier esim-supplier--text">{text}</div> }.into_any()
        }
    }
}
