//! The device check's verdict: compatible, not in the list (with what the
//! browser reported and the closest listed model), or not known; the last two
//! with what to check on the phone.

use crate::components::{use_instance, Load};
use crate::device::user_agent::Guess;
use crate::device::{DeviceCatalog, Verdict};
use crate::i18n::{self, t, Msg};
use leptos::prelude::*;
use std::sync::Arc;

/// The traveller's verdict, once there is one.
#[component]
pub(super) fn VerdictView(
    /// The verdict (none yet: nothing shows).
    verdict: RwSignal<Option<Verdict>>,
    /// What the browser's hints suggested.
    guess: RwSignal<Option<Guess>>,
    /// The compatible-devices list.
    catalog: RwSignal<Load<Arc<DeviceCatalog>>>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let full_name = move |brand: &str, name: &str| -> String {
        catalog.with(|c| match c {
            Load::Ready(c) => c
                .find(brand, name)
                .and_then(|i| c.get(i))
                .map(|e| e.full_name())
                .unwrap_or_else(|| name.to_string()),
            _ => name.to_string(),
        })
    };
    let similar = move || -> Option<String> {
        let i = guess.with(|g| match g {
            Some(Guess::NotListed { similar, .. }) => *similar,
            _ => None,
        })?;
        catalog.with(|c| match c {
            Load::Ready(c) => c.get(i).map(|e| e.full_name()),
            _ => None,
        })
    };

    move || {
        verdict.get().map(|v| match v {
            Verdict::Compatible {
                brand,
                name,
                detected,
            } => view! {
                <div class="esim-verdict esim-verdict--ok" data-verdict="compatible">
                    <p class="esim-verdict__title">
                        {i18n::supports_esim(locale, &full_name(&brand, &name))}
                    </p>
                    <p class="esim-verdict__text">{t(locale, Msg::CarrierLockNote)}</p>
                    {detected
                        .then(|| {
                            view! {
                                <p class="esim-verdict__text">{t(locale, Msg::DetectedNote)}</p>
                            }
                        })}
                </div>
            }
            .into_any(),
            Verdict::NotListed { reported } => view! {
                <div class="esim-verdict esim-verdict--warn" data-verdict="not_listed">
                    <p class="esim-verdict__title">{t(locale, Msg::NotListedTitle)}</p>
                    {reported
                        .map(|r| {
                            view! {
                                <p class="esim-verdict__text">{i18n::reported_model(locale, &r)}</p>
                            }
                        })}
                    {similar()
                        .map(|s| {
                            view! {
                                <p class="esim-verdict__text">{i18n::similar_listed(locale, &s)}</p>
                            }
                        })}
                    <Checks />
                </div>
            }
            .into_any(),
            Verdict::Unknown => view! {
                <div class="esim-verdict esim-verdict--warn" data-verdict="unknown">
                    <p class="esim-verdict__title">{t(locale, Msg::UnknownTitle)}</p>
                    <Checks />
                </div>
            }
            .into_any(),
        })
    }
}

/// What to check on a phone that is not in the list.
#[component]
fn Checks() -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    view! {
        <p class="esim-verdict__text">{t(locale, Msg::ChecksHeading)}</p>
        <ul class="esim-verdict__checks">
            <li>{t(locale, Msg::CheckSettings)}</li>
            <li>{t(locale, Msg::CheckEid)}</li>
            <li>{t(locale, Msg::CheckLock)}</li>
            <li>{t(locale, Msg::CheckRegion)}</li>
        </ul>
    }
}
