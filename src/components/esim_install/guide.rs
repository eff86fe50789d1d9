//! The device-specific steps of the installation-instructions operation, in the
//! page's language. They are supplier HTML: fetched and sanitized (by the lazy
//! module) only when the traveller opens them.

use crate::api::install::{InstallInstructions, InstallRequest, PlatformGuide};
use crate::api::Operation;
use crate::components::plan_picker::details::SupplierHtml;
use crate::components::{use_instance, ErrorNotice, Load};
use crate::i18n::{t, Locale, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// Which platforms' steps to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platforms {
    /// An iPhone: its steps only.
    Ios,
    /// An Android phone: its steps only.
    Android,
    /// A computer or unknown: both.
    Both,
}

/// Steps as one ordered list of supplier HTML, or nothing.
fn steps_html(steps: &[String]) -> Option<String> {
    let items: Vec<String> = steps
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("<li>{s}</li>"))
        .collect();
    (!items.is_empty()).then(|| format!("<ol>{}</ol>", items.concat()))
}

fn guide_view(locale: Locale, heading: Msg, guide: &PlatformGuide) -> impl IntoView {
    let parts: Vec<(Msg, String)> = [
        (
            Msg::WithQrCode,
            guide.qr.as_ref().map(|q| q.steps.as_slice()),
        ),
        (
            Msg::ByHand,
            guide.manual.as_ref().map(|m| m.steps.as_slice()),
        ),
        (
            Msg::NetworkSettings,
            guide.network.as_ref().map(|n| n.steps.as_slice()),
        ),
    ]
    .into_iter()
    .filter_map(|(label, steps)| Some((label, steps_html(steps?)?)))
    .collect();
    view! {
        <h5 class="esim-details__subtitle">{t(locale, heading)}</h5>
        {parts
            .into_iter()
            .map(|(label, html)| {
                view! {
                    <p class="esim-details__minor">{t(locale, label)}</p>
                    <SupplierHtml html=html />
                }
            })
            .collect_view()}
    }
}

/// A disclosure with the installation steps; nothing is fetched until it opens.
#[component]
pub fn InstallGuide(
    /// The eSIM.
    iccid: String,
    /// The proxy's booking token.
    token: Option<String>,
    /// Which platforms to show.
    platforms: Platforms,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let state = RwSignal::new(None::<Load<InstallInstructions>>);
    let owner = Owner::current().unwrap_or_default();
    let load = Callback::new(move |()| {
        let (instance, token) = (instance.clone(), token.clone());
        let request = InstallRequest {
            iccid: iccid.clone(),
            preferred_language: locale.tag().to_string(),
        };
        state.set(Some(Load::Loading));
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                let result = instance
                    .api
                    .installation_instructions(&request, token.as_deref())
                    .await;
                if let Err(e) = &result {
                    instance.error(e, Operation::InstallationInstructions);
                }
                state.set(Some(result.into()));
            })
        });
    });
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok())
            .is_some_and(|d| d.open());
        if open && state.with_untracked(Option::is_none) {
            load.run(());
        }
    };
    view! {
        <details class="esim-guide" on:toggle=on_toggle>
            <summary class="esim-guide__summary">{t(locale, Msg::StepByStep)}</summary>
            {move || match state.get() {
                None => ().into_any(),
                Some(Load::Loading) => view! { <p class="esim-status__text" aria-busy="true">{t(locale, Msg::LoadingDetails)}</p> }.into_any(),
                Some(Load::Failed(e)) => view! { <ErrorNotice error=e on_retry=load /> }.into_any(),
                Some(Load::Ready(i)) => {
                    let ios = (platforms != Platforms::Android).then(|| i.ios.first().cloned()).flatten();
                    let android = (platforms != Platforms::Ios).then(|| i.android.first().cloned()).flatten();
                    view! {
                        {ios.map(|g| guide_view(locale, Msg::ForIphone, &g))}
                        {android.map(|g| guide_view(locale, Msg::ForAndroid, &g))}
                    }
                    .into_any()
                }
            }}
        </details>
    }
}
