//! Data usage of one eSIM, and what its panels share.

use crate::api::search::format_data_mb;
use crate::api::usage::{DataUsage, DataUsageRequest, UsageStatus};
use crate::api::{ApiError, Operation};
use crate::checkout::form::ContactForm;
use crate::components::{ErrorNotice, Instance, Load};
use crate::i18n::{self, t, Locale, Msg};
use crate::usage::{self, Countdown, Warning};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// What the panels of one eSIM share, cheap to clone into their tasks.
#[derive(Clone)]
pub struct EsimContext {
    /// The widget instance (language, events, proxy client).
    pub instance: Instance,
    /// The eSIM.
    pub iccid: String,
    /// The proxy's booking token.
    pub token: Option<String>,
    /// Where the payment page returns to.
    pub redirect_url: String,
    /// Hosts the payment page may be on.
    pub payment_hosts: Vec<String>,
    /// The top-up form's first values (the lead traveller, else the guest).
    pub prefill: ContactForm,
}

impl EsimContext {
    pub(crate) fn error(&self, e: &ApiError, op: Operation) {
        self.instance.error(e, op);
    }
}

/// Waits `secs` seconds.
async fn sleep(secs: u64) {
    crate::components::intl::sleep_ms(u32::try_from(secs.saturating_mul(1000)).unwrap_or(u32::MAX))
        .await;
}

/// The time of day in the page's locale, for "last updated".
fn clock(locale: Locale) -> String {
    let date = js_sys::Date::new_0();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    date.to_locale_time_string_with_options(locale.intl_tag(), &options)
        .into()
}

/// The eSIM's state in words ("Active", "Not active yet"…).
fn status_text(u: &DataUsage, locale: Locale) -> &'static str {
    t(
        locale,
        match u.status {
            UsageStatus::NotActive => Msg::StatusNotActive,
            UsageStatus::Active => Msg::StatusActive,
            UsageStatus::Finished => Msg::StatusFinished,
            UsageStatus::Expired | UsageStatus::Recycled => Msg::StatusExpired,
            UsageStatus::Unknown => Msg::StatusUnknown,
        },
    )
}

/// "3.8 GB of 5 GB used · 1.3 GB left", when the plan has a data amount.
fn used_text(u: &DataUsage, locale: Locale) -> Option<String> {
    usage::meter(u).map(|m| {
        i18n::used_of(
            locale,
            &format_data_mb(m.used_mb),
            &format_data_mb(m.total_mb),
            &format_data_mb(m.remaining_mb),
        )
    })
}

/// The low-data warning, if any.
fn warning_text(u: &DataUsage, locale: Locale) -> Option<&'static str> {
    usage::warning(u).map(|w| match w {
        Warning::Low => t(locale, Msg::WarnLow),
        Warning::VeryLow => t(locale, Msg::WarnVeryLow),
        Warning::Empty => t(locale, Msg::WarnEmpty),
    })
}

/// Usage with a meter, status, countdown, warnings and refresh.
#[component]
pub fn UsagePanel(
    /// The eSIM and its surroundings.
    ctx: EsimContext,
    /// Where "See top-ups" takes the traveller (an element id).
    topups_id: String,
) -> impl IntoView {
    let locale = ctx.instance.locale;
    let state = RwSignal::new(Load::<DataUsage>::Loading);
    let updated = RwSignal::new(None::<String>);
    // Screen readers hear what changed, not the whole panel on every refresh: a
    // short summary when the status, the data used or the warning changes, and
    // after a refresh the traveller asked for (with the time, so it is news).
    let asked = RwSignal::new(false);
    let announcement = RwSignal::new(String::new());
    let fetch = {
        let ctx = ctx.clone();
        move || {
            let ctx = ctx.clone();
            async move {
                let request = DataUsageRequest {
                    iccid: ctx.iccid.clone(),
                };
                let result = ctx
                    .instance
                    .api
                    .data_usage(&request, ctx.token.as_deref())
                    .await;
                if let Err(e) = &result {
                    ctx.error(e, Operation::DataUsage);
                    // A refresh the traveller asked for that failed says so
                    // (the last numbers stay on screen).
                    if asked.get_untracked() {
                        asked.set(false);
                        announcement.set(e.message(locale).to_string());
                    }
                }
                let wait = usage::next_refresh(&result);
                if result.is_ok() {
                    updated.set(Some(clock(locale)));
                }
                // Keep showing the last numbers if a refresh fails.
                if result.is_ok() || !matches!(state.get_untracked(), Load::Ready(_)) {
                    state.set(result.into());
                }
                wait
            }
        }
    };
    // Refresh on an interval, waiting longer when the server asks to (429 Retry-After).
    {
        let fetch = fetch.clone();
        spawn_local_scoped_with_cancellation(async move {
            loop {
                let wait = fetch().await;
                sleep(wait).await;
            }
        });
    }
    Effect::new(move |before: Option<Option<String>>| {
        let summary = state.with(|s| match s {
            Load::Ready(u) => Some(
                [
                    Some(status_text(u, locale).to_string()),
                    used_text(u, locale),
                    warning_text(u, locale).map(str::to_string),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            ),
            _ => None,
        });
        if let Some(text) = &summary {
            let changed = matches!(&before, Some(Some(previous)) if previous != text);
            if asked.get_untracked() {
                asked.set(false);
                let time = updated
                    .get_untracked()
                    .map(|u| i18n::updated_at(locale, &u));
                announcement
                    .set(time.map_or_else(|| text.clone(), |time| format!("{time} · {text}")));
            } else if changed {
                announcement.set(text.clone());
            }
        }
        summary
    });
    let owner = Owner::current().unwrap_or_default();
    let refresh = Callback::new(move |()| {
        asked.set(true);
        let fetch = fetch.clone();
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                fetch().await;
            })
        });
    });

    let body = move || {
        match state.get() {
            Load::Loading => {
                view! { <p class="esim-status__text">{t(locale, Msg::LoadingBooking)}</p> }
                    .into_any()
            }
            Load::Failed(e) => view! { <ErrorNotice error=e on_retry=refresh /> }.into_any(),
            Load::Ready(u) => {
                let status = status_text(&u, locale);
                let meter = usage::meter(&u);
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let left = u
                    .expires_at
                    .as_deref()
                    .and_then(|e| usage::countdown(e, now))
                    .map(|c| match c {
                        Countdown::Left { days, hours } => i18n::time_left(locale, days, hours),
                        Countdown::Ended => t(locale, Msg::ValidityEnded).to_string(),
                    });
                let warning = warning_text(&u, locale);
                let used = used_text(&u, locale);
                let topups = topups_id.clone();
                view! {
                <p class="esim-usage__status" data-status=format!("{:?}", u.status)>{status}</p>
                {match meter {
                    Some(m) => view! {
                        <meter class="esim-usage__meter" min="0" max=m.total_mb.to_string() value=m.used_mb.to_string()
                            low=(m.total_mb * 3 / 4).to_string() high=(m.total_mb * 9 / 10).to_string()
                            optimum="0" aria-label=t(locale, Msg::UsageHeading)>
                        </meter>
                        <p class="esim-usage__text">{used}</p>
                    }
                    .into_any(),
                    None if u.unlimited => view! { <p class="esim-usage__text">{t(locale, Msg::UnlimitedData)}</p> }.into_any(),
                    None => ().into_any(),
                }}
                {left.map(|l| view! { <p class="esim-usage__left">{l}</p> })}
                {warning.map(|w| view! {
                    <div class="esim-verdict esim-verdict--warn esim-usage__warning">
                        <p class="esim-verdict__text">{w}</p>
                        <button type="button" class="esim-button esim-button--secondary" on:click={
                            let topups = topups.clone();
                            move |ev: leptos::ev::MouseEvent| {
                                // Ids live in the shadow root: find the panel from here, not the document.
                                let target = ev
                                    .target()
                                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                                    .and_then(|el| el.closest(".esim-install__one").ok().flatten())
                                    .and_then(|one| one.query_selector(&format!("#{topups}")).ok().flatten());
                                if let Some(panel) = target {
                                    panel.scroll_into_view();
                                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(panel).focus();
                                }
                            }
                        }>{t(locale, Msg::TopUpNow)}</button>
                    </div>
                })}
            }
            .into_any()
            }
        }
    };
    view! {
        <section class="esim-usage">
            <h4 class="esim-details__subtitle">{t(locale, Msg::UsageHeading)}</h4>
            <div>{body}</div>
            <p class="esim-visually-hidden" role="status">{move || announcement.get()}</p>
            <p class="esim-usage__updated">
                {move || updated.get().map(|u| i18n::updated_at(locale, &u))}
                " "
                <button type="button" class="esim-button esim-button--quiet" on:click=move |_| refresh.run(())>
                    {t(locale, Msg::Refresh)}
                </button>
            </p>
        </section>
    }
}
