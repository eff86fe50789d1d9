//! Loading and error states shared by every async read.

use crate::api::ApiError;
use crate::i18n::{t, Locale, Msg};
use leptos::prelude::*;

/// Placeholder cards while plans load, announced politely to screen readers.
#[component]
pub fn LoadingPlans(
    /// Catalog for the announcement.
    locale: Locale,
) -> impl IntoView {
    view! {
        <div class="esim-status" role="status" aria-live="polite" aria-busy="true">
            <p class="esim-status__text">{t(locale, Msg::LoadingPlans)}</p>
            <ul class="esim-skeleton" aria-hidden="true">
                // As many placeholders as a typical destination has plans, so the
                // page does not move when they arrive.
                {(0..6).map(|_| view! { <li class="esim-skeleton__card"></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// An error the traveller can act on, with a retry button.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    error: ApiError,
    /// Catalog for the message.
    locale: Locale,
    /// Called when the traveller asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="esim-alert" role="alert" data-error-code=error.code()>
            <p class="esim-alert__text">{error.message(locale)}</p>
            <button type="button" class="esim-button" on:click=move |_| on_retry.run(())>
                {t(locale, Msg::Retry)}
            </button>
        </div>
    }
}
