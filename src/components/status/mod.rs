//! Loading and error states shared by every async read.

use crate::api::ApiError;
use crate::components::use_instance;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// The state of one asynchronous read shown to the traveller.
///
/// A plain signal of this, set by a cancellable task, is all the async
/// machinery the widget needs; it keeps Suspense's resource graph out of the bundle.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    /// Waiting for the answer.
    Loading,
    /// The answer.
    Ready(T),
    /// Why there is no answer.
    Failed(ApiError),
}

impl<T> From<Result<T, ApiError>> for Load<T> {
    fn from(result: Result<T, ApiError>) -> Self {
        match result {
            Ok(value) => Load::Ready(value),
            Err(error) => Load::Failed(error),
        }
    }
}

/// Placeholder cards while plans load, announced politely to screen readers.
#[component]
pub fn LoadingPlans() -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
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
    /// Called when the traveller asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    view! {
        <div class="esim-alert" role="alert" data-error-code=error.code()>
            <p class="esim-alert__text">{error.message(locale)}</p>
            <button type="button" class="esim-button" on:click=move |_| on_retry.run(())>
                {t(locale, Msg::Retry)}
            </button>
        </div>
    }
}
