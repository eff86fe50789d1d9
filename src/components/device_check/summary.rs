//! The device check's line in the plans header: the verdict with a way to check
//! another phone, or, before any check, the question with a way to answer it.

use crate::components::use_instance;
use crate::device::Verdict;
use crate::i18n::{self, t, Msg};
use leptos::prelude::*;

/// One line on the plans saying what the device check found, with a way back to
/// it; with no verdict yet, "Will your phone work?" and a button that opens it.
#[component]
pub fn DeviceSummary(
    /// The verdict to summarise.
    #[prop(into)]
    verdict: Signal<Option<Verdict>>,
    /// Called when the traveller wants to check a phone (theirs, or another one).
    on_change: Callback<()>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    move || match verdict.get() {
        Some(v) => {
            let text = match &v {
                Verdict::Compatible { name, .. } => i18n::supports_esim(locale, name),
                Verdict::NotListed { .. } => t(locale, Msg::DeviceStatusNotListed).to_string(),
                Verdict::Unknown => t(locale, Msg::DeviceStatusUnknown).to_string(),
            };
            view! {
                <p class="esim-device-summary" data-verdict=v.code()>
                    <span class="esim-device-summary__text">{text}</span>
                    <button
                        type="button"
                        class="esim-button esim-button--quiet"
                        on:click=move |_| on_change.run(())
                    >
                        {t(locale, Msg::CheckAnotherPhone)}
                    </button>
                </p>
            }
            .into_any()
        }
        // Offered, never required: prices come first, the check before paying.
        None => view! {
            <p class="esim-device-summary" data-verdict="none">
                <span class="esim-device-summary__text">{t(locale, Msg::DeviceHeading)}</span>
                <button
                    type="button"
                    class="esim-button esim-button--secondary"
                    on:click=move |_| on_change.run(())
                >
                    {t(locale, Msg::CheckMyPhone)}
                </button>
            </p>
        }
        .into_any(),
    }
}
