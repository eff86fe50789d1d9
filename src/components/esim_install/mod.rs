//! The post-booking card: installing each eSIM (one-tap link for the phone in
//! hand, a QR code drawn locally, the codes to type with copy buttons), its data
//! usage, top-ups and top-up history.

pub mod guide;
pub mod purchase;
pub mod topup;
pub mod topup_form;
pub mod usage;

use crate::activation::Activation;
use crate::api::booking::{BookingDetails, BookingDetailsRequest};
use crate::api::model::{BookingStatus, PaymentStatus};
use crate::api::Operation;
use crate::components::{use_instance, ErrorNotice, Load};
use crate::config::Guest;
use crate::device::user_agent::{self, Family, Platform};
use crate::i18n::{self, t, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::sync::Arc;

/// Which one-tap link suits the device the page is open on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Device {
    Iphone,
    Android,
    Other,
}

fn this_device() -> Device {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let touch = web_sys::window().is_some_and(|w| w.navigator().max_touch_points() > 1);
    let hints = user_agent::BrowserHints {
        user_agent: &ua,
        model_hint: None,
        touch,
    };
    match user_agent::platform(hints) {
        Platform::Apple(Family::IPhone) => Device::Iphone,
        Platform::Android(_) => Device::Android,
        _ => Device::Other,
    }
}

/// Copies `text` with the asynchronous clipboard API: whether the browser says
/// it did, once its promise settles (`false` where the API is missing, or the
/// write is refused, e.g. without the page's permission).
async fn copy(text: String) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |t: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(t, &k.into()).ok();
    let clipboard = get(&window.navigator().into(), "clipboard").filter(|c| c.is_object());
    let write = clipboard
        .as_ref()
        .and_then(|c| get(c, "writeText"))
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(c), Some(f)) = (clipboard, write) else {
        return false;
    };
    match f
        .call1(&c, &text.into())
        .map(|p| p.dyn_into::<js_sys::Promise>())
    {
        Ok(Ok(promise)) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        _ => false,
    }
}

/// The booking's state in the card's summary. Cancelled and refunded first:
/// "paid" alone never shows a cancelled booking as booked.
fn status_msg(booking: &BookingStatus, payment: &PaymentStatus) -> Msg {
    match (booking, payment) {
        (_, PaymentStatus::Refunded) => Msg::BookingRefunded,
        (BookingStatus::Cancelled, _) | (_, PaymentStatus::Cancelled) => Msg::BookingCancelled,
        (_, PaymentStatus::Failed) => Msg::PaymentFailedShort,
        (_, PaymentStatus::Paid) => Msg::ConfirmedTitle,
        // Unpaid, a payment under way, or a state this client does not know.
        _ => Msg::PaymentPendingTitle,
    }
}

/// The install section for a paid booking.
#[component]
pub fn EsimInstall(
    /// The booking.
    booking_id: String,
    /// The proxy's booking token.
    token: Option<String>,
    /// Where the payment page returns to after a top-up.
    redirect_url: String,
    /// Hosts the payment page may be on.
    payment_hosts: Vec<String>,
    /// What the host page knows about the guest (top-up contact details when
    /// the booking names no lead traveller's).
    #[prop(optional)]
    guest: Guest,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let state = RwSignal::new(Load::<Arc<BookingDetails>>::Loading);
    let guide_token = token.clone();
    let esim_ctx = {
        let (instance, token) = (instance.clone(), token.clone());
        // The token refreshed by booking-details covers the eSIMs issued after booking.
        move |iccid: String, details: &BookingDetails| usage::EsimContext {
            instance: instance.clone(),
            iccid,
            token: details.booking_token.clone().or_else(|| token.clone()),
            redirect_url: redirect_url.clone(),
            payment_hosts: payment_hosts.clone(),
            prefill: purchase::prefill(&details.passengers, &guest),
        }
    };
    let load = {
        let owner = Owner::current().unwrap_or_default();
        move || {
            owner.with(|| {
                state.set(Load::Loading);
                let (instance, token, booking_id) =
                    (instance.clone(), token.clone(), booking_id.clone());
                spawn_local_scoped_with_cancellation(async move {
                    let result = instance
                        .api
                        .booking_details(&BookingDetailsRequest { booking_id }, token.as_deref())
                        .await
                        .map(Arc::new);
                    if let Err(e) = &result {
                        instance.error(e, Operation::BookingDetails);
                    }
                    state.set(result.into());
                });
            })
        }
    };
    load();
    let retry = Callback::new(move |()| load());
    let device = this_device();
    // What the last Copy did: announced in a live region (None: nothing to say).
    let copied = RwSignal::new(None::<bool>);

    // With several eSIMs, one is shown at a time: the traveller picks which.
    let chosen = RwSignal::new(0usize);
    let esims = move |details: Arc<BookingDetails>| {
        let total = details.esims.len();
        if total == 0 {
            return view! {
                <p class="esim-status__text" role="status">{t(locale, Msg::EsimPreparing)}</p>
                <button type="button" class="esim-button esim-button--secondary" on:click=move |_| retry.run(())>
                    {t(locale, Msg::CheckAgain)}
                </button>
            }
            .into_any();
        }
        details
            .esims
            .iter()
            .enumerate()
            .map(|(i, esim)| {
                let Some(a) = Activation::of(esim) else {
                    return view! { <p class="esim-alert" role="alert">{t(locale, Msg::ErrDecode)}</p> }.into_any();
                };
                let (side, path) = a.qr_path();
                let one_tap = match device {
                    Device::Iphone => Some((a.ios_link(), Msg::InstallOnIphone)),
                    Device::Android => Some((a.android_link(), Msg::InstallOnAndroid)),
                    Device::Other => None,
                };
                let row = |label: Msg, value: String| {
                    let for_copy = value.clone();
                    view! {
                        <div class="esim-code">
                            <dt>{t(locale, label)}</dt>
                            <dd>
                                <code class="esim-code__value" dir="ltr">{value}</code>
                                <button type="button" class="esim-button esim-button--secondary esim-code__copy"
                                    aria-label=format!("{}: {}", t(locale, Msg::Copy), t(locale, label))
                                    on:click=move |_| {
                                        // Cleared first, so a second copy is announced again;
                                        // told only once the clipboard answered.
                                        copied.set(None);
                                        let text = for_copy.clone();
                                        leptos::task::spawn_local(async move {
                                            let ok = copy(text).await;
                                            request_animation_frame(move || {
                                                copied.try_set(Some(ok));
                                            });
                                        });
                                    }>
                                    {t(locale, Msg::Copy)}
                                </button>
                            </dd>
                        </div>
                    }
                };
                view! {
                    <section class="esim-install__one" aria-label=i18n::esim_n_of(locale, i + 1, total)
                        hidden={move || total > 1 && chosen.get() != i}>
                        {(total > 1).then(|| view! { <h4 class="esim-details__subtitle">{i18n::esim_n_of(locale, i + 1, total)}</h4> })}
                        {esim.iccid.clone().map(|iccid| view! {
                            <p class="esim-install__iccid">"ICCID " <code class="esim-code__value" dir="ltr">{iccid}</code></p>
                        })}
                        {one_tap.map(|(href, label)| view! {
                            <a class="esim-button esim-install__tap" href=href rel="noopener">{t(locale, label)}</a>
                        })}
                        <div class="esim-install__qr">
                            <svg class="esim-qr" role="img" aria-label=t(locale, Msg::QrLabel)
                                viewBox=format!("0 0 {side} {side}") width="200" height="200" shape-rendering="crispEdges">
                                <rect width="100%" height="100%" fill="#ffffff"></rect>
                                <path d=path fill="#000000"></path>
                            </svg>
                            <p class="esim-install__scan">{t(locale, Msg::ScanQr)}</p>
                        </div>
                        <p class="esim-details__minor">{t(locale, Msg::ManualCodes)}</p>
                        <dl class="esim-codes">
                            {row(Msg::SmdpAddress, a.smdp.clone())}
                            {row(Msg::ActivationCode, a.matching_id.clone())}
                        </dl>
                        {esim.iccid.clone().map(|iccid| {
                            let platforms = match device {
                                Device::Iphone => guide::Platforms::Ios,
                                Device::Android => guide::Platforms::Android,
                                Device::Other => guide::Platforms::Both,
                            };
                            view! {
                                <guide::InstallGuide
                                    iccid=iccid
                                    token=details.booking_token.clone().or_else(|| guide_token.clone())
                                    platforms=platforms
                                />
                            }
                        })}
                        {esim.iccid.clone().map(|iccid| {
                            let topups_id = format!("esim-topups-{i}");
                            let ctx = esim_ctx(iccid, &details);
                            view! {
                                <usage::UsagePanel ctx=ctx.clone() topups_id=topups_id.clone() />
                                <topup::TopUpsPanel ctx=ctx id=topups_id />
                            }
                        })}
                    </section>
                }
                .into_any()
            })
            .collect_view()
            .into_any()
    };

    let summary = move |d: &BookingDetails| {
        let total = d
            .total
            .as_ref()
            .map(|m| crate::components::intl::price(m, locale));
        let status = t(locale, status_msg(&d.status, &d.payment_status));
        view! {
            <dl class="esim-details__list esim-summary">
                {d.package_title.clone().map(|p| view! { <div class="esim-details__row"><dt>{t(locale, Msg::ChosenHeading)}</dt><dd><bdi>{p}</bdi></dd></div> })}
                <div class="esim-details__row"><dt>{t(locale, Msg::BookingReference)}</dt><dd>{d.booking_id.clone()}</dd></div>
                <div class="esim-details__row"><dt>{t(locale, Msg::BookingStatus)}</dt><dd>{status}</dd></div>
                {total.map(|p| view! { <div class="esim-details__row"><dt>{t(locale, Msg::Total)}</dt><dd><bdi>{p}</bdi></dd></div> })}
            </dl>
        }
    };
    view! {
        <section class="esim-install" aria-labelledby="esim-install-title">
            <h3 class="esim-details__title" id="esim-install-title">{t(locale, Msg::InstallHeading)}</h3>
            <p class="esim__intro">{t(locale, Msg::InstallLater)}</p>
            {move || match state.get() {
                Load::Loading => view! { <p class="esim-status__text" role="status">{t(locale, Msg::LoadingBooking)}</p> }.into_any(),
                Load::Failed(error) => view! { <ErrorNotice error=error on_retry=retry /> }.into_any(),
                Load::Ready(d) => {
                    let total = d.esims.len();
                    let picker = (total > 1).then(|| view! {
                        <label class="esim-field esim-install__pick">
                            <span>{t(locale, Msg::InstallHeading)}</span>
                            <select on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                                {(0..total)
                                    .map(|i| view! { <option value=i.to_string() selected=move || chosen.get() == i>{i18n::esim_n_of(locale, i + 1, total)}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    });
                    view! { {summary(&d)} {picker} {esims(d)} }.into_any()
                }
            }}
            <p class="esim-visually-hidden" role="status">{move || copied.get().map(|ok| t(locale, if ok { Msg::Copied } else { Msg::CopyFailed }))}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_payment_state() {
        use BookingStatus as B;
        use PaymentStatus as P;
        let cases = [
            (B::Confirmed, P::Paid, Msg::ConfirmedTitle),
            (B::Pending, P::Pending, Msg::PaymentPendingTitle),
            (B::Pending, P::Unpaid, Msg::PaymentPendingTitle),
            (
                B::Other("x".into()),
                P::Other("y".into()),
                Msg::PaymentPendingTitle,
            ),
            (B::Pending, P::Cancelled, Msg::BookingCancelled),
            (B::Cancelled, P::Paid, Msg::BookingCancelled),
            (B::Confirmed, P::Refunded, Msg::BookingRefunded),
            (B::Pending, P::Failed, Msg::PaymentFailedShort),
        ];
        for (booking, payment, want) in cases {
            assert_eq!(
                status_msg(&booking, &payment),
                want,
                "{booking:?} {payment:?}"
            );
        }
    }
}
