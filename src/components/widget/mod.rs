//! The widget's root and the journey between its steps.

use super::booking_slot::BookingSlot;
use super::booking_slot::InstallProps;
use super::device_check::{browser as device_browser, DeviceCheck, DeviceSummary};
use super::payment::{payment_hosts, return_address};
use super::plan_picker::PlanPicker;
use super::{focus_first, intl, use_instance, Instance};
use crate::config::{BookingRef, ConfigError, WidgetOptions};
use crate::device::Verdict;
use crate::events::EventSink;
use crate::i18n::{t, Locale, Msg};
use crate::journey::{Journey, Step};
use leptos::prelude::*;
use std::sync::Arc;

/// What a wasm module shows for usable options: [`Body::journey`] (the
/// journey module), or only a booking's card (the booking module). Passed in
/// rather than named here, so each module links only the views it shows.
#[derive(Clone)]
pub struct Body {
    /// The `view` of `itt-esim:ready` (`journey` or `booking`).
    pub view: &'static str,
    make: Arc<dyn Fn(BodyArgs) -> AnyView + Send + Sync>,
}

/// What a [`Body`] is built with.
pub struct BodyArgs {
    /// Validated options.
    pub options: WidgetOptions,
    /// Where events for the host page go.
    pub events: EventSink,
    /// Session storage key of this instance's journey.
    pub storage_key: String,
    /// Call once the first view is on screen.
    pub on_ready: Callback<()>,
    /// Whether this is the widget's first build (spread over tasks, while the
    /// host keeps its reserved space) or a rebuild after `update` (at once).
    pub first: bool,
}

impl BodyArgs {
    /// Announces the view as ready after the DOM work queued by this render
    /// (Leptos applies it in microtasks): for views that are whole at once.
    pub fn announce(&self) {
        let on_ready = self.on_ready;
        queue_microtask(move || {
            on_ready.try_run(());
        });
    }
}

impl Body {
    /// A body named `view` (for `itt-esim:ready`), from a function of its arguments.
    pub fn new(
        view: &'static str,
        make: impl Fn(BodyArgs) -> AnyView + Send + Sync + 'static,
    ) -> Body {
        Body {
            view,
            make: Arc::new(make),
        }
    }

    /// The journey module's body: the journey, or for a booking its card, whose
    /// install section the booking module draws (fetched when shown).
    pub fn journey() -> Body {
        Body::new("journey", |args| match args.options.booking.clone() {
            Some(booking) => {
                // The card's frame is on screen at once, also when `update`
                // replaced a journey still being built.
                args.announce();
                booking_frame(&args.options, booking, &args.events, |props| {
                    view! { <BookingSlot props=props /> }.into_any()
                })
            }
            None => {
                let BodyArgs {
                    options,
                    storage_key,
                    on_ready,
                    first,
                    ..
                } = args;
                view! { <JourneyView options=options storage_key=storage_key on_built=on_ready defer=first /> }
                    .into_any()
            }
        })
    }
}

/// A "my trip" page: one booking's heading, its install section (drawn by
/// `install`) and the footer.
pub fn booking_frame(
    options: &WidgetOptions,
    booking: BookingRef,
    events: &EventSink,
    install: impl FnOnce(InstallProps) -> AnyView,
) -> AnyView {
    let locale = options.locale;
    // The return address and payment hosts as the checkout computes them (a bad
    // return address is reported; the card works without it, only top-ups need it).
    let (redirect_url, _) = return_address(options, events);
    let props = InstallProps {
        proxy: options.proxy.clone(),
        booking_id: booking.booking_id,
        token: booking.token,
        locale,
        redirect_url,
        payment_hosts: payment_hosts(options),
        guest: options.guest.clone(),
    };
    view! {
        <header class="esim__header">
            <h2 class="esim__title">{t(locale, Msg::ChosenHeading)}</h2>
        </header>
        {install(props)}
        <p class="esim__footer">{t(locale, Msg::PoweredBy)}</p>
    }
    .into_any()
}

/// The whole widget for one host element.
///
/// `options` changes when the host calls `update`; the journey then starts
/// again for the new destination (choices made for the same one are kept).
#[component]
pub fn EsimWidget(
    /// Validated host options, or why they are unusable.
    #[prop(into)]
    options: Signal<Result<WidgetOptions, ConfigError>>,
    /// Catalog for messages shown when `options` are unusable.
    #[prop(into)]
    fallback_locale: Signal<Locale>,
    /// Where events for the host page go.
    events: EventSink,
    /// Session storage key of this instance's journey.
    #[prop(into)]
    storage_key: String,
    /// Called when the first view is on screen (the journey builds it over a
    /// few short tasks); may be called again after `update`.
    #[prop(optional, into)]
    on_ready: Option<Callback<()>>,
    /// What usable options show (see [`Body`]).
    body: Body,
) -> impl IntoView {
    let on_ready = on_ready.unwrap_or_else(|| Callback::new(|()| {}));
    // After the DOM work queued by this render (Leptos applies it in microtasks).
    let announce = move || {
        queue_microtask(move || {
            on_ready.try_run(());
        })
    };
    // Only the first build is spread over tasks (the host's reservation covers
    // it); a rebuild after `update` shows the new step at once, with no blank frame.
    let first_build = StoredValue::new(true);
    let locale = move || match options.get() {
        Ok(o) => o.locale,
        Err(_) => fallback_locale.get(),
    };
    view! {
        // `dir` mirrors the layout for Arabic; the CSS uses logical properties only.
        <section class="esim" lang=move || locale().tag() dir=move || locale().dir()>
            {move || match options.get() {
                Ok(opts) => {
                    // One instance for the body built from these options: a rebuild
                    // after `update` provides the new language and proxy in its place.
                    Instance::new(opts.locale, events.clone(), &opts.proxy).provide();
                    (body.make)(BodyArgs {
                        options: opts,
                        events: events.clone(),
                        storage_key: storage_key.clone(),
                        on_ready,
                        first: first_build.try_update_value(|f| std::mem::replace(f, false)).unwrap_or(false),
                    })
                }
                Err(_) => {
                    announce();
                    // The developer detail went to the console and `itt-esim:error`;
                    // the traveller only needs to know there is nothing to do here.
                    view! {
                        <p class="esim-alert" role="alert" data-error-code="config">
                            {t(fallback_locale.get(), Msg::ConfigProblem)}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Gives each instance's element ids their own prefix.
static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The steps for one destination: the plans first, with the device check
/// offered in their header and asked between choosing a plan and its checkout
/// when this session has not answered it (a skip counts as an answer). The
/// journey state is written to session storage on every change, so a reload
/// resumes where the traveller was.
#[component]
fn JourneyView(
    /// Validated options.
    options: WidgetOptions,
    /// Session storage key of the journey.
    storage_key: String,
    /// Called once the visible step is built.
    on_built: Callback<()>,
    /// Whether to build over several tasks (the first mount) or at once.
    defer: bool,
) -> impl IntoView {
    let locale = use_instance().locale;
    let id = format!(
        "esim-{}",
        NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let verdict = RwSignal::new(device_browser::recall());
    let restored = Journey::restore(intl::load(&storage_key).as_deref(), &options.country)
        .resume(verdict.get_untracked().is_some());
    let journey = RwSignal::new(restored);
    {
        let key = storage_key.clone();
        Effect::new(move |_| journey.with(|j| intl::store(&key, &j.encode())));
    }
    let step = Memo::new(move |_| journey.with(|j| j.step));
    // Which device check shows, if any: the one offered on the plans or the one
    // asked before checkout.
    let device_step = Memo::new(move |_| Some(step.get()).filter(|s| s.is_device_check()));
    let on_device = move || device_step.with(Option::is_some);

    let device_ref = NodeRef::<leptos::html::Div>::new();
    let plans_ref = NodeRef::<leptos::html::Div>::new();
    // Moves focus to the new step's heading, so keyboard and screen reader users
    // land where the content changed (never on first render: the host page owns focus then).
    let focus_heading = move |container: NodeRef<leptos::html::Div>, heading: &'static str| {
        request_animation_frame(move || {
            // The widget may be gone by the next frame.
            if let Some(el) = container.try_get_untracked().flatten() {
                focus_first(&el, heading);
            }
        });
    };
    // The device check opens from the plans' header or on choosing a plan:
    // either way its heading takes focus.
    Effect::new(move |was_on_device: Option<bool>| {
        let now = on_device();
        if was_on_device == Some(false) && now {
            focus_heading(device_ref, "h2");
        }
        now
    });
    let on_done = Callback::new(move |v: Verdict| {
        verdict.set(Some(v));
        journey.update(Journey::device_checked);
        if step.get_untracked() == Step::Chosen {
            focus_heading(plans_ref, ".esim-checkout h3");
        } else {
            focus_heading(plans_ref, "h2");
        }
    });
    let on_change = Callback::new(move |()| journey.update(Journey::check_device));
    let device_checked = Signal::derive(move || verdict.with(Option::is_some));
    // The first mount is split into short tasks instead of one long one (its
    // cost is mostly the browser compiling code on first use): this shell now,
    // the visible step in the next task and, when a reload resumed a device
    // check, the plans hidden behind it in the one after. The host keeps its
    // reserved space until then.
    let step_built = RwSignal::new(!defer);
    let plans_built = RwSignal::new(!defer);
    let device_first = step.with_untracked(|s| s.is_device_check());
    if defer {
        set_timeout(
            move || {
                if step_built.try_set(true).is_some() {
                    return; // unmounted meanwhile
                }
                if device_first {
                    set_timeout(
                        move || {
                            let _ = plans_built.try_set(true);
                        },
                        std::time::Duration::ZERO,
                    );
                } else {
                    plans_built.set(true);
                }
                // After the DOM work this set queued (Leptos applies it in microtasks).
                queue_microtask(move || {
                    on_built.try_run(());
                });
            },
            std::time::Duration::ZERO,
        );
    } else {
        queue_microtask(move || {
            on_built.try_run(());
        });
    }
    view! {
        <div node_ref=device_ref>
            {move || {
                let shown = device_step.get().filter(|_| step_built.get())?;
                // The button that goes on says where it leads.
                let continue_label = match shown {
                    Step::DeviceBeforeCheckout => Msg::ContinueToCheckout,
                    _ => Msg::ContinueToPlans,
                };
                Some(view! {
                    <DeviceCheck
                        on_done=on_done
                        continue_label=continue_label
                    />
                })
            }}
        </div>
        // The plans stay (hidden) while a device check shows: the list, the
        // traveller's place in it and the chosen plan are there when it is done.
        <div node_ref=plans_ref hidden=on_device>
            {move || {
                plans_built
                    .get()
                    .then(|| {
                        view! {
                            <PlanPicker
                                options=options.clone()
                                journey=journey
                                id=id.clone()
                                storage_key=storage_key.clone()
                                device_checked=device_checked
                            >
                                <DeviceSummary verdict=verdict on_change=on_change />
                            </PlanPicker>
                        }
                    })
            }}
        </div>
        // With the step, not before it: a footer drawn alone first would be
        // pushed down when the step arrives (a layout shift).
        {move || step_built.get().then(|| view! { <p class="esim__footer">{t(locale, Msg::PoweredBy)}</p> })}
    }
}
