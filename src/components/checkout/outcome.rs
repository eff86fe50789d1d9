//! What follows the form: leaving for the payment page, the return, and the
//! outcome (confirmed with the eSIM's card, pending, or not known yet).

use super::effects::Ctx;
use crate::checkout::machine::{Input, Phase};
use crate::checkout::Attempt;
use crate::components::booking_slot::{BookingSlot, InstallProps};
use crate::config::Guest;
use crate::i18n::{self, t, Msg};
use leptos::prelude::*;

/// The checkout after its form: nothing while the form shows.
#[component]
pub(super) fn CheckoutOutcome(
    /// The checkout's state and effects.
    ctx: Ctx,
    /// What the host knows of the guest (the top-up form's prefill).
    guest: Guest,
) -> impl IntoView {
    let (locale, phase, attempt) = (ctx.instance.locale, ctx.phase, ctx.attempt);
    let recheck = {
        let ctx = ctx.clone();
        move |_| ctx.dispatch(Input::Recheck)
    };
    move || {
        match phase.get() {
        Phase::Form(_) | Phase::SavingDetails | Phase::Booking | Phase::RenewingGrant => {
            ().into_any()
        }
        Phase::Uncertain => {
            let recheck = recheck.clone();
            let reference = attempt.with_untracked(Attempt::reference);
            view! {
                <div class="esim-verdict esim-verdict--warn" role="alert" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::UncertainTitle)}</p>
                    <p class="esim-verdict__text">{t(locale, Msg::UncertainText)}</p>
                    {reference.map(|r| view! { <p class="esim-verdict__text">{i18n::contact_hotel(locale, &r)}</p> })}
                </div>
                <div class="esim-device__actions">
                    <button type="button" class="esim-button" on:click=recheck>{t(locale, Msg::CheckAgain)}</button>
                </div>
            }
            .into_any()
        }
        Phase::Paying { .. } => view! { <p class="esim-status__text" role="status">{t(locale, Msg::Redirecting)}</p> }.into_any(),
        Phase::Checking { .. } => view! { <p class="esim-status__text" role="status">{t(locale, Msg::CheckingPayment)}</p> }.into_any(),
        Phase::Pending { booking_id } => {
            let recheck = recheck.clone();
            view! {
                <div class="esim-verdict esim-verdict--warn" role="status" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::PaymentPendingTitle)}</p>
                    <p class="esim-verdict__text">{t(locale, Msg::PaymentPendingText)}</p>
                    <p class="esim-verdict__text">{i18n::contact_hotel(locale, &booking_id)}</p>
                </div>
                <div class="esim-device__actions">
                    <button type="button" class="esim-button" on:click=recheck>{t(locale, Msg::CheckAgain)}</button>
                </div>
            }
            .into_any()
        }
        Phase::Confirmed { booking_id } => {
            let token = attempt.with_untracked(|a| a.token.clone());
            view! {
                <div class="esim-verdict esim-verdict--ok esim-confirmed" role="status" tabindex="-1" data-outcome>
                    <p class="esim-verdict__title">{t(locale, Msg::ConfirmedTitle)}</p>
                    <p class="esim-verdict__text">
                        {t(locale, Msg::BookingReference)} {i18n::colon(locale)} <strong class="esim-booking-id">{booking_id.clone()}</strong>
                    </p>
                </div>
                <BookingSlot
                    props=InstallProps {
                        proxy: ctx.instance.api.transport().proxy.clone(),
                        booking_id,
                        token,
                        locale,
                        redirect_url: ctx.redirect_url.clone(),
                        payment_hosts: ctx.payment_hosts.clone(),
                        guest: guest.clone(),
                    }
                />
            }
            .into_any()
        }
    }
    }
}
