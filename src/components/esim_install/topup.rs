//! Top-ups of one eSIM: the offers, the contact form of the chosen one, the
//! purchase (a hosted payment page, or only "requested") and the history.

use super::purchase::{self, Awaited, Purchase, Seen, POLL_MS, POLL_ROUNDS};
use super::topup_form::{facts, TopupForm};
use super::usage::EsimContext;
use crate::api::model::PaymentStatus;
use crate::api::topup::{CreateTopupRequest, IccidRequest, TopUp, TopUpRecord, TopupOffer};
use crate::api::{ApiError, Operation};
use crate::checkout::form::Reach;
use crate::checkout::safe_url;
use crate::components::focus_is_free;
use crate::components::intl::sleep_ms;
use crate::components::payment::open_payment_page;
use crate::components::{focus_first, intl, Load};
use crate::events::WidgetEvent;
use crate::i18n::{t, Locale, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// What went wrong with the last purchase, shown above the offers.
#[derive(Clone, Debug, PartialEq)]
enum Trouble {
    /// ITT or the proxy refused or failed.
    Error(ApiError),
    /// The payment page address was not safe to open.
    UnsafePage,
    /// The requested top-up shows as failed or cancelled.
    PaymentFailed,
}

impl Trouble {
    fn text(&self, locale: Locale) -> &'static str {
        match self {
            Trouble::Error(e) => e.message(locale),
            Trouble::UnsafePage => t(locale, Msg::UnsafePaymentPage),
            Trouble::PaymentFailed => t(locale, Msg::PaymentFailed),
        }
    }
}

/// The panel's state, cheap to copy into tasks.
#[derive(Clone, Copy)]
struct Panel {
    offers: RwSignal<Load<TopupOffer>>,
    history: RwSignal<Load<Vec<TopUpRecord>>>,
    purchase: RwSignal<Purchase>,
    trouble: RwSignal<Option<Trouble>>,
    chosen: RwSignal<Option<TopUp>>,
    /// A "check again" read in flight.
    checking: RwSignal<bool>,
    root: NodeRef<leptos::html::Section>,
}

impl Panel {
    /// Moves focus to the outcome (`selector`) once drawn, unless the host page holds it.
    fn focus(self, selector: &'static str) {
        request_animation_frame(move || {
            if let Some(root) = self.root.try_get_untracked().flatten() {
                if focus_is_free(&root) {
                    focus_first(&root, selector);
                }
            }
        });
    }

    /// Reads the history once and says what it shows of the awaited top-up
    /// (the last history stays on screen when the read fails).
    async fn read(self, ctx: &EsimContext, awaited: &Awaited) -> Seen {
        let request = IccidRequest {
            iccid: ctx.iccid.clone(),
        };
        match ctx
            .instance
            .api
            .topup_history(&request, ctx.token.as_deref())
            .await
        {
            Ok(list) => {
                let seen = purchase::seen(awaited, &list);
                self.history.set(Load::Ready(list));
                seen
            }
            Err(e) => {
                ctx.error(&e, Operation::TopupHistory);
                Seen::NotYet
            }
        }
    }

    /// Ends the wait when the history settled it; `false` while it is not there yet.
    fn settle(self, seen: Seen) -> bool {
        match seen {
            Seen::Done => {
                self.purchase.set(Purchase::Arrived { paid: true });
                self.chosen.set(None);
                true
            }
            Seen::Failed => {
                self.purchase.set(Purchase::Arrived { paid: false });
                self.trouble.set(Some(Trouble::PaymentFailed));
                self.focus("[data-topup-alert]");
                true
            }
            Seen::NotYet | Seen::Processing => false,
        }
    }

    /// Follows a top-up requested without a payment page: the history every
    /// [`POLL_MS`], [`POLL_ROUNDS`] times, then "check again".
    async fn follow(self, ctx: EsimContext, awaited: Awaited) {
        self.purchase.set(Purchase::Awaiting(awaited.clone()));
        for _ in 0..POLL_ROUNDS {
            sleep_ms(POLL_MS).await;
            let seen = self.read(&ctx, &awaited).await;
            if self.settle(seen) {
                return;
            }
        }
        self.purchase.set(Purchase::Slow(awaited));
    }

    /// `create-topup-booking` for the chosen top-up, then the payment page or the wait.
    async fn buy(self, ctx: EsimContext, request: CreateTopupRequest, before: Option<Vec<String>>) {
        let package_id = request.package_id.clone();
        let result = ctx
            .instance
            .api
            .create_topup_booking(&request, ctx.token.as_deref())
            .await;
        let b = match result {
            Ok(b) => b,
            Err(e) => {
                ctx.error(&e, Operation::CreateTopupBooking);
                // A lost answer may hide a top-up that was made (and the proxy keeps no
                // record of top-ups): follow the history as for a requested one, so the
                // same top-up cannot be bought again until it is known how this one ended.
                let lost = e.outcome_unknown();
                self.trouble.set(Some(Trouble::Error(e)));
                self.focus("[data-topup-alert]");
                if lost {
                    self.follow(ctx, Awaited { package_id, before }).await;
                } else {
                    self.purchase.set(Purchase::Idle);
                }
                return;
            }
        };
        if let Some(booking_id) = &b.booking_id {
            ctx.instance.events.emit(WidgetEvent::BookingCreated {
                booking_id: booking_id.clone(),
                paid: b.payment_status == PaymentStatus::Paid,
                token: b.booking_token.clone(),
            });
        }
        match b.payment_url.as_deref() {
            // The hosted payment page, as a top-level navigation.
            Some(url) => match safe_url::check_payment(url, &ctx.payment_hosts) {
                Ok(url) => {
                    self.purchase.set(Purchase::Redirecting);
                    open_payment_page(&ctx.instance.events, b.booking_id.unwrap_or_default(), &url);
                }
                Err(_) => {
                    self.purchase.set(Purchase::Idle);
                    self.trouble.set(Some(Trouble::UnsafePage));
                    self.focus("[data-topup-alert]");
                }
            },
            // ITT's reference answer: only "Success". The history tells the rest.
            None => match b.payment_status {
                PaymentStatus::Failed | PaymentStatus::Cancelled | PaymentStatus::Refunded => {
                    self.settle(Seen::Failed);
                }
                _ => {
                    self.focus("[data-topup-status]");
                    self.follow(ctx, Awaited { package_id, before }).await;
                }
            },
        }
    }
}

/// Top-ups on offer (bought with the traveller's contact details, through
/// the hosted payment page when ITT gives one) and the ones bought.
#[component]
pub fn TopUpsPanel(
    /// The eSIM and its surroundings.
    ctx: EsimContext,
    /// Element id, the target of "See top-ups".
    id: String,
) -> impl IntoView {
    let locale = ctx.instance.locale;
    let panel = Panel {
        offers: RwSignal::new(Load::Loading),
        history: RwSignal::new(Load::Loading),
        purchase: RwSignal::new(Purchase::Idle),
        trouble: RwSignal::new(None),
        chosen: RwSignal::new(None),
        checking: RwSignal::new(false),
        root: NodeRef::new(),
    };
    let Panel {
        offers,
        history,
        purchase,
        trouble,
        chosen,
        checking,
        root,
    } = panel;
    // What the traveller types survives errors, closing the form and choosing another top-up.
    let form = RwSignal::new(ctx.prefill.clone());
    {
        let ctx = ctx.clone();
        spawn_local_scoped_with_cancellation(async move {
            let client = &ctx.instance.api;
            let request = IccidRequest {
                iccid: ctx.iccid.clone(),
            };
            let (o, h) = futures::join!(
                client.topup_packages(&request, ctx.token.as_deref()),
                client.topup_history(&request, ctx.token.as_deref())
            );
            match &o {
                Err(e) => ctx.error(e, Operation::TopupPackages),
                // Offers without the id to book them by: an API gap, logged for the developer.
                Ok(offer) if offer.topup_tracking_id.is_none() && !offer.packages.is_empty() => {
                    let gap = ApiError::Incomplete {
                        operation: Operation::TopupPackages.name(),
                        field: "topup_tracking_id",
                    };
                    ctx.instance.events.emit(WidgetEvent::Error {
                        code: gap.code(),
                        message: t(locale, Msg::TopupUnavailable).to_string(),
                        detail: gap.to_string(),
                        operation: Some(Operation::TopupPackages.name()),
                    });
                }
                Ok(_) => {}
            }
            if let Err(e) = &h {
                ctx.error(e, Operation::TopupHistory);
            }
            offers.set(o.into());
            history.set(h.into());
        });
    }
    let owner = Owner::current().unwrap_or_default();
    let tracking_id = move || {
        offers.with(|o| match o {
            Load::Ready(o) => o.topup_tracking_id.clone(),
            _ => None,
        })
    };
    let buy = {
        let (ctx, owner) = (ctx.clone(), owner.clone());
        Callback::new(move |reach: Reach| {
            let Some(tp) = chosen.get_untracked() else {
                return;
            };
            // One purchase at a time, and never the awaited one again.
            if purchase.with_untracked(|p| p.blocks(&tp.id)) {
                return;
            }
            // Never sent without the offer's id (the form is not offered then).
            let Some(topup_tracking_id) = offers.with_untracked(|o| match o {
                Load::Ready(o) => o.topup_tracking_id.clone(),
                _ => None,
            }) else {
                return;
            };
            let before = history.with_untracked(|h| match h {
                Load::Ready(list) => Some(purchase::ids(list)),
                _ => None,
            });
            trouble.set(None);
            purchase.set(Purchase::Sending {
                package_id: tp.id.clone(),
            });
            let request = CreateTopupRequest {
                topup_tracking_id,
                package_id: tp.id,
                redirect_url: ctx.redirect_url.clone(),
                isd_code: reach.isd_code,
                contact_no: reach.number,
                email_address: reach.email,
            };
            let ctx = ctx.clone();
            owner.with(|| spawn_local_scoped_with_cancellation(panel.buy(ctx, request, before)));
        })
    };
    let check_again = {
        let (ctx, owner) = (ctx.clone(), owner.clone());
        move |_| {
            let Purchase::Slow(awaited) = purchase.get_untracked() else {
                return;
            };
            if checking.get_untracked() {
                return;
            }
            checking.set(true);
            let ctx = ctx.clone();
            owner.with(|| {
                spawn_local_scoped_with_cancellation(async move {
                    let seen = panel.read(&ctx, &awaited).await;
                    panel.settle(seen);
                    checking.set(false);
                })
            });
        }
    };
    let choose = move |tp: TopUp| {
        trouble.set(None);
        if matches!(purchase.get_untracked(), Purchase::Arrived { .. }) {
            purchase.set(Purchase::Idle);
        }
        chosen.set(Some(tp));
        // The form's heading says where the traveller is; Tab goes on to the e-mail.
        panel.focus(".esim-topup-form h5");
    };

    let offers_view = move || {
        match offers.get() {
        Load::Loading => view! { <p class="esim-status__text" aria-busy="true">{t(locale, Msg::LoadingBooking)}</p> }.into_any(),
        Load::Failed(e) => view! { <p class="esim-alert" role="alert">{e.message(locale)}</p> }.into_any(),
        Load::Ready(o) if o.packages.is_empty() => view! { <p class="esim-empty">{t(locale, Msg::NoTopUpsOffered)}</p> }.into_any(),
        Load::Ready(o) => {
            let buyable = o.topup_tracking_id.is_some();
            view! {
                {(!buyable).then(|| view! { <p class="esim-alert" role="alert">{t(locale, Msg::TopupUnavailable)}</p> })}
                <ul class="esim-topups">
                    {o.packages
                        .into_iter()
                        .map(|tp| {
                            let price = tp.price.as_ref().map(|m| intl::price(m, locale)).unwrap_or_default();
                            let label = format!("{}: {}", t(locale, Msg::ChooseTopUp), tp.title);
                            let (id, pick) = (tp.id.clone(), tp.clone());
                            let pressed = {
                                let id = id.clone();
                                move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id)).to_string()
                            };
                            view! {
                                <li class="esim-topup">
                                    <bdi class="esim-topup__title">{tp.title.clone()}</bdi>
                                    <span class="esim-topup__facts">{facts(&tp, locale)}</span>
                                    <strong class="esim-topup__price">{price}</strong>
                                    {buyable.then(|| view! {
                                        <button type="button" class="esim-button esim-button--secondary esim-topup__choose" aria-label=label
                                            aria-pressed=pressed
                                            disabled=move || purchase.with(|p| p.blocks(&id))
                                            on:click=move |_| choose(pick.clone())>
                                            {t(locale, Msg::ChooseTopUp)}
                                        </button>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    }
    };
    let form_id = format!("{id}-topup");
    let form_view = move || {
        let tp = chosen.get()?;
        tracking_id()?;
        let package_id = tp.id.clone();
        Some(view! {
            <TopupForm
                id=form_id.clone()
                topup=tp
                form=form
                blocked=Signal::derive(move || purchase.with(|p| p.blocks(&package_id)))
                busy=Signal::derive(move || purchase.with(Purchase::busy))
                on_buy=buy
                on_cancel=Callback::new(move |()| chosen.set(None))
            />
        })
    };
    let status_text = move || {
        if checking.get() {
            return "";
        }
        match purchase.get() {
            Purchase::Idle | Purchase::Arrived { paid: false } => "",
            Purchase::Sending { .. } => t(locale, Msg::Sending),
            Purchase::Redirecting => t(locale, Msg::Redirecting),
            Purchase::Awaiting(_) => t(locale, Msg::TopupRequested),
            Purchase::Slow(_) => t(locale, Msg::TopupProcessing),
            Purchase::Arrived { paid: true } => t(locale, Msg::TopupAdded),
        }
    };
    let history_view = move || {
        match history.get() {
        Load::Loading => ().into_any(),
        Load::Failed(e) => view! { <p class="esim-alert" role="alert">{e.message(locale)}</p> }.into_any(),
        Load::Ready(list) if list.is_empty() => view! { <p class="esim-empty">{t(locale, Msg::NoHistory)}</p> }.into_any(),
        Load::Ready(list) => view! {
            <ul class="esim-history">
                {list
                    .into_iter()
                    .map(|r| {
                        let title = r.title.clone().unwrap_or_else(|| r.booking_id.clone());
                        let price = r.price.as_ref().map(|m| intl::price(m, locale)).unwrap_or_default();
                        let when = r.created_at.clone().unwrap_or_default();
                        let status = r.status.clone().unwrap_or_default();
                        view! {
                            <li class="esim-history__item">
                                <bdi>{title}</bdi> " · " <span>{price}</span> " · " <span>{status}</span> " · " <time>{when}</time>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="esim-topups-panel" id=id tabindex="-1" node_ref=root>
            <h4 class="esim-details__subtitle">{t(locale, Msg::TopUpsHeading)}</h4>
            {move || trouble.get().map(|e| view! { <p class="esim-alert" role="alert" tabindex="-1" data-topup-alert>{e.text(locale)}</p> })}
            {offers_view}
            {form_view}
            // Always in the page, so each change is announced (politely).
            <p class="esim-status__text esim-topup__status" role="status" tabindex="-1" data-topup-status>{status_text}</p>
            {move || matches!(purchase.get(), Purchase::Slow(_)).then(|| view! {
                <div class="esim-device__actions">
                    <button type="button" class="esim-button esim-button--secondary"
                        aria-busy=move || checking.get().to_string()
                        on:click=check_again.clone()>
                        {t(locale, Msg::CheckAgain)}
                    </button>
                </div>
            })}
            <h4 class="esim-details__subtitle">{t(locale, Msg::HistoryHeading)}</h4>
            <div aria-busy=move || matches!(purchase.get(), Purchase::Awaiting(_)).to_string()>{history_view}</div>
        </section>
    }
}
