//! Switching the destination: a combobox over every country, named in the page's language.

use crate::components::{combobox_key, intl, use_instance, ComboboxKey};
use crate::countries::{self, Destination};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use std::sync::Arc;

/// How many countries the listbox shows at most.
const SHOWN: usize = 8;

/// The destination search, opened from the plan list.
#[component]
pub fn CountryPicker(
    /// Prefix for element ids (unique per widget).
    id: String,
    /// Called with the chosen ISO code.
    on_pick: Callback<String>,
    /// Called when the traveller closes the search without choosing.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    // Names from the browser, built once when the search opens.
    let all: Arc<Vec<Destination>> = Arc::new(
        countries::codes()
            .map(|c| Destination::new(c, &intl::country_name(c, locale)))
            .collect(),
    );
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let found = {
        let all = all.clone();
        move || query.with(|q| countries::search(&all, q, SHOWN))
    };
    let (input_id, list_id) = (format!("{id}-country"), format!("{id}-countries"));
    let option_id = {
        let id = id.clone();
        move |i: usize| format!("{id}-country-{i}")
    };

    let on_keydown = {
        let found = found.clone();
        let all = all.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let list = found();
            match combobox_key(&ev, list.len(), open, active) {
                Some(ComboboxKey::Chose(i)) => on_pick.run(all[list[i]].code.clone()),
                Some(ComboboxKey::Clear) => on_cancel.run(()),
                None => {}
            }
        }
    };
    let active_descendant = {
        let (found, option_id) = (found.clone(), option_id.clone());
        move || {
            let i = active.get().filter(|_| open.get())?;
            found().get(i).map(|&d| option_id(d))
        }
    };
    let expanded = {
        let found = found.clone();
        move || (open.get() && !found().is_empty()).to_string()
    };
    let options = {
        let (found, all) = (found.clone(), all.clone());
        move || {
            found()
                .into_iter()
                .enumerate()
                .map(|(pos, d)| {
                    let code = all[d].code.clone();
                    let is_active = move || active.get() == Some(pos);
                    view! {
                        <div
                            role="option"
                            id=option_id(d)
                            class="esim-device__option"
                            class:esim-device__option--active=is_active
                            aria-selected=move || is_active().to_string()
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| on_pick.run(code.clone())
                        >
                            {all[d].name.clone()}
                        </div>
                    }
                })
                .collect_view()
        }
    };
    let no_match = move || {
        (!query.with(|q| q.trim().is_empty()) && found().is_empty()).then(
            || view! { <p class="esim-device__nomatch">{t(locale, Msg::NoDestinationMatch)}</p> },
        )
    };
    let focus = NodeRef::<leptos::html::Input>::new();
    // Opened by the traveller: the search takes focus.
    focus.on_load(|el| {
        request_animation_frame(move || {
            let _ = el.focus();
        })
    });

    view! {
        <div class="esim-country esim-device__field">
            <label class="esim-device__label" for=input_id.clone()>
                {t(locale, Msg::DestinationLabel)}
            </label>
            <div class="esim-country__row">
                <input
                    node_ref=focus
                    id=input_id
                    class="esim-device__input"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=expanded.clone()
                    aria-activedescendant=active_descendant
                    placeholder=t(locale, Msg::DestinationHint)
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        open.set(true);
                        active.set(None);
                    }
                    on:blur=move |_| open.set(false)
                    on:keydown=on_keydown
                />
                <button
                    type="button"
                    class="esim-button esim-button--quiet"
                    on:click=move |_| on_cancel.run(())
                >
                    {t(locale, Msg::Cancel)}
                </button>
            </div>
            <div
                id=list_id
                role="listbox"
                class="esim-device__list"
                aria-label=t(locale, Msg::DestinationLabel)
                hidden=move || expanded() != "true"
            >
                {options}
            </div>
            {no_match}
        </div>
    }
}
