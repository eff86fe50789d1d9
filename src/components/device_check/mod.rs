//! "Will my phone work with an eSIM?": the device check step.
//!
//! An ARIA 1.2 combobox (editable, list autocomplete) over the compatible-devices
//! list: the input keeps focus, the arrow keys move `aria-activedescendant`
//! through options grouped by brand, Enter chooses, Escape closes then clears.
//! The verdict sits in a live region so it is announced.

pub mod browser;
mod summary;
mod verdict;

use super::{combobox_key, ComboboxKey, ErrorNotice, Load};
use crate::api::Operation;
use crate::components::use_instance;
use crate::device::user_agent::{self, Family, Guess};
use crate::device::{BrandGroup, DeviceCatalog, Verdict};
use crate::i18n::{self, t, Msg};
use browser::OwnedHints;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use verdict::VerdictView;

pub use summary::DeviceSummary;

/// How many models the listbox shows at most.
const SHOWN: usize = 8;

/// Gives each instance's element ids their own prefix.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The device check step.
#[component]
pub fn DeviceCheck(
    /// Called when the traveller goes on: with their verdict, or `Unknown` when they skip.
    on_done: Callback<Verdict>,
    /// Label of the button that goes on with a verdict: where it leads.
    #[prop(default = Msg::ContinueToPlans)]
    continue_label: Msg,
    /// The browser's hints about the device; read from the browser when not given.
    #[prop(optional)]
    hints: Option<OwnedHints>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let events = instance.events.clone();
    let id = format!("esim-device-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let (input_id, list_id, hint_id) = (
        format!("{id}-input"),
        format!("{id}-list"),
        format!("{id}-hint"),
    );

    let catalog = RwSignal::new(Load::<Arc<DeviceCatalog>>::Loading);
    let guess = RwSignal::new(None::<Guess>);
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    // Position of the highlighted option in the flattened, grouped list.
    let active = RwSignal::new(None::<usize>);
    let verdict = RwSignal::new(None::<Verdict>);

    let settle = {
        let events = events.clone();
        Callback::new(move |v: Verdict| {
            events.emit(v.event());
            browser::remember(&v);
            verdict.set(Some(v));
        })
    };

    let load = {
        let owner = Owner::current().unwrap_or_default();
        move || {
            owner.with(|| {
                catalog.set(Load::Loading);
                let (instance, hints) = (instance.clone(), hints.clone());
                spawn_local_scoped_with_cancellation(async move {
                    let result = browser::catalog(&instance.api).await;
                    match &result {
                        Ok(c) => {
                            let hints = match hints {
                                Some(h) => h,
                                None => browser::hints().await,
                            };
                            let g = user_agent::guess(c, hints.borrow());
                            match &g {
                                Guess::Model(i) => {
                                    let e = &c.entries()[*i];
                                    query.set(e.name.clone());
                                    settle.run(Verdict::Compatible {
                                        brand: e.brand.clone(),
                                        name: e.name.clone(),
                                        detected: true,
                                    });
                                }
                                Guess::NotListed { reported, .. } => {
                                    settle.run(Verdict::NotListed {
                                        reported: Some(reported.clone()),
                                    })
                                }
                                _ => {}
                            }
                            guess.set(Some(g));
                        }
                        Err(e) => instance.error(e, Operation::CompatibleDevices),
                    }
                    catalog.set(result.into());
                });
            })
        }
    };
    load();
    let retry = Callback::new(move |()| load());

    // The options on show, grouped by brand: search results, or the guess's suggestions.
    // Recomputed where read: ranking a few hundred models costs microseconds, less
    // than a memo's machinery costs in bundle size.
    let groups = move || -> Vec<BrandGroup> {
        catalog.with(|c| {
            let Load::Ready(c) = c else {
                return Vec::new();
            };
            let q = query.get();
            let ranked: Vec<usize> = if q.trim().is_empty() {
                guess.with(|g| {
                    g.as_ref()
                        .map(|g| user_agent::suggestions(c, g, SHOWN))
                        .unwrap_or_default()
                })
            } else {
                c.search(&q, SHOWN).into_iter().map(|h| h.entry).collect()
            };
            c.group(&ranked)
        })
    };
    let flat = move || -> Vec<usize> {
        groups()
            .iter()
            .flat_map(|g| g.entries.iter().copied())
            .collect()
    };
    let expanded = move || open.get() && !groups().is_empty();
    let option_id = {
        let id = id.clone();
        move |entry: usize| format!("{id}-opt-{entry}")
    };

    let choose = Callback::new(move |entry: usize| {
        let chosen = catalog.with_untracked(|c| match c {
            Load::Ready(c) => c.get(entry).map(|e| (e.brand.clone(), e.name.clone())),
            _ => None,
        });
        if let Some((brand, name)) = chosen {
            query.set(name.clone());
            open.set(false);
            active.set(None);
            settle.run(Verdict::Compatible {
                brand,
                name,
                detected: false,
            });
        }
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let list = flat();
        match combobox_key(&ev, list.len(), open, active) {
            Some(ComboboxKey::Chose(i)) => choose.run(list[i]),
            Some(ComboboxKey::Clear) => query.set(String::new()),
            None => {}
        }
    };

    let active_descendant = {
        let option_id = option_id.clone();
        move || {
            let i = active.get()?;
            expanded().then(|| flat().get(i).map(|&e| option_id(e)))?
        }
    };

    let hint = move || match guess.get() {
        Some(Guess::Family(Family::IPhone)) => t(locale, Msg::FamilyIPhone),
        Some(Guess::Family(Family::IPad)) => t(locale, Msg::FamilyIPad),
        Some(Guess::Computer) => t(locale, Msg::OnComputer),
        _ => t(locale, Msg::DeviceSearchHint),
    };
    let count_announcement = move || {
        if query.with(|q| q.trim().is_empty()) || verdict.with(Option::is_some) {
            return String::new();
        }
        if catalog.with(|c| matches!(c, Load::Loading)) {
            return t(locale, Msg::LoadingDevices).to_string();
        }
        match flat().len() {
            0 => t(locale, Msg::NoPhoneMatches).to_string(),
            n => i18n::phones_found(locale, n),
        }
    };
    let no_match = move || {
        catalog.with(|c| matches!(c, Load::Ready(_)))
            && !query.with(|q| q.trim().is_empty())
            && verdict.with(Option::is_none)
            && groups().is_empty()
    };

    let listbox = {
        let option_id = option_id.clone();
        let id = id.clone();
        move || {
            let mut position = 0usize;
            // (group, [(position in the flat list, entry, name)]).
            type Shown = (BrandGroup, Vec<(usize, usize, String)>);
            let names: Vec<Shown> = catalog.with(|c| {
                let Load::Ready(c) = c else {
                    return Vec::new();
                };
                groups()
                    .into_iter()
                    .map(|g| {
                        let options = g
                            .entries
                            .iter()
                            .map(|&e| {
                                position += 1;
                                let name = c.get(e).map(|d| d.name.clone()).unwrap_or_default();
                                (position - 1, e, name)
                            })
                            .collect();
                        (g, options)
                    })
                    .collect()
            });
            names
                .into_iter()
                .enumerate()
                .map(|(gi, (group, options))| {
                    let group_id = format!("{id}-group-{gi}");
                    let label_id = group_id.clone();
                    view! {
                        <div role="group" class="esim-device__group" aria-labelledby=label_id>
                            <div role="presentation" class="esim-device__brand" id=group_id>
                                {group.brand}
                            </div>
                            {options
                                .into_iter()
                                .map(|(pos, entry, name)| {
                                    let is_active = move || active.get() == Some(pos);
                                    view! {
                                        <div
                                            role="option"
                                            id=option_id(entry)
                                            class="esim-device__option"
                                            class:esim-device__option--active=is_active
                                            aria-selected=move || is_active().to_string()
                                            on:mousedown=|ev| ev.prevent_default()
                                            on:click=move |_| choose.run(entry)
                                        >
                                            {name}
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()
        }
    };

    let search = move || {
        let (input_id, list_id, hint_id) = (input_id.clone(), list_id.clone(), hint_id.clone());
        let active_descendant = active_descendant.clone();
        let listbox = listbox.clone();
        view! {
            <div class="esim-device__field">
                <label class="esim-device__label" for=input_id.clone()>
                    {t(locale, Msg::DeviceSearchLabel)}
                </label>
                <p class="esim-device__hint" id=hint_id.clone()>
                    {hint}
                </p>
                <input
                    id=input_id
                    class="esim-device__input"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-describedby=hint_id
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=active_descendant
                    // The attribute gives the first value, the property every later one.
                    value=query.get_untracked()
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        open.set(true);
                        active.set(None);
                        verdict.set(None);
                    }
                    on:focus=move |_| open.set(true)
                    on:click=move |_| open.set(true)
                    on:blur=move |_| {
                        open.set(false);
                        active.set(None);
                    }
                    on:keydown=on_keydown
                />
                <div
                    id=list_id
                    role="listbox"
                    class="esim-device__list"
                    aria-label=t(locale, Msg::DeviceSearchLabel)
                    hidden=move || !expanded()
                >
                    {listbox}
                </div>
                <p class="esim-visually-hidden" role="status">
                    {count_announcement}
                </p>
                {move || {
                    no_match()
                        .then(|| {
                            view! {
                                <p class="esim-device__nomatch">{t(locale, Msg::NoPhoneMatches)}</p>
                            }
                        })
                }}
            </div>
        }
    };

    view! {
        <section class="esim-device" aria-labelledby=format!("{id}-title")>
            <header class="esim__header">
                <h2 class="esim__title" id=format!("{id}-title") tabindex="-1">
                    {t(locale, Msg::DeviceHeading)}
                </h2>
                <p class="esim__intro">{t(locale, Msg::DeviceIntro)}</p>
            </header>
            // The search is there from the first frame, while the list loads:
            // the step keeps its height when the list arrives (no layout shift).
            {move || match catalog.with(|c| match c {
                Load::Failed(e) => Err(e.clone()),
                Load::Ready(c) => Ok(c.is_empty()),
                Load::Loading => Ok(false),
            }) {
                Err(error) => {
                    view! { <ErrorNotice error=error on_retry=retry /> }.into_any()
                }
                Ok(true) => view! { <p class="esim-empty">{t(locale, Msg::NoDevices)}</p> }.into_any(),
                Ok(false) => search().into_any(),
            }}
            <div class="esim-device__verdict" role="status" aria-live="polite">
                <VerdictView verdict=verdict guess=guess catalog=catalog />
            </div>
            <div class="esim-device__actions">
                {move || {
                    verdict.with(Option::is_some).then(|| view! {
                    <button
                        type="button"
                        class="esim-button"
                        on:click=move |_| {
                            if let Some(v) = verdict.get_untracked() {
                                on_done.run(v);
                            }
                        }
                    >
                        {t(locale, continue_label)}
                    </button>
                    })
                }}
                {move || {
                    (catalog.with(|c| match c {
                        Load::Ready(c) => !c.is_empty(),
                        Load::Loading => true,
                        Load::Failed(_) => false,
                    })
                        && !verdict.with(|v| matches!(v, Some(Verdict::NotListed { .. }))))
                    .then(|| view! {
                    <button
                        type="button"
                        class="esim-button esim-button--secondary"
                        on:click=move |_| {
                            open.set(false);
                            settle.run(Verdict::NotListed { reported: None });
                        }
                    >
                        {t(locale, Msg::NotListedButton)}
                    </button>
                    })
                }}
                {move || {
                    verdict.with(Option::is_none).then(|| view! {
                    <button
                        type="button"
                        class="esim-button esim-button--quiet"
                        on:click=move |_| {
                            settle.run(Verdict::Unknown);
                            on_done.run(Verdict::Unknown);
                        }
                    >
                        {t(locale, Msg::SkipCheck)}
                    </button>
                    })
                }}
            </div>
        </section>
    }
}
