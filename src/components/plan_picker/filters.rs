//! The traveller's usage profile and the list's filters and order; every change
//! starts the list again from its first page.

use crate::components::use_instance;
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::plans::{self, CoverageFilter, Filters, SortKey, UsageProfile};
use leptos::prelude::*;

/// The usage profile (which moves the recommendation) and the filters and order of the list.
#[component]
pub(super) fn PlanFilters(
    /// Filters, order and profile live in the journey (they survive a reload).
    journey: RwSignal<Journey>,
    /// Unique prefix for element ids.
    id: String,
    /// Pages of the list shown; back to 1 on every change of the filters.
    pages: RwSignal<usize>,
) -> impl IntoView {
    let instance = use_instance();
    let locale = instance.locale;
    let set_filters = move |f: &dyn Fn(&mut Filters)| {
        pages.set(1);
        journey.update(|j| f(&mut j.filters));
    };
    let profile_choice = {
        let name = format!("{id}-profile");
        move || {
            let current = journey.with(|j| j.profile);
            UsageProfile::ALL
                .into_iter()
                .map(|p| {
                    let label = t(
                        locale,
                        match p {
                            UsageProfile::Light => Msg::ProfileLight,
                            UsageProfile::Typical => Msg::ProfileTypical,
                            UsageProfile::Heavy => Msg::ProfileHeavy,
                        },
                    );
                    view! {
                        <label class="esim-choice">
                            <input
                                type="radio"
                                name=name.clone()
                                value=p.code()
                                prop:checked=current == p
                                on:change=move |_| journey.update(|j| j.profile = p)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()
        }
    };

    let select_min = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse::<u64>().ok();
        set_filters(&|f| f.min_data_mb = v);
    };
    let select_coverage = move |ev: leptos::ev::Event| {
        let v = match event_target_value(&ev).as_str() {
            "local" => CoverageFilter::Local,
            "multi" => CoverageFilter::MultiCountry,
            _ => CoverageFilter::All,
        };
        set_filters(&|f| f.coverage = v);
    };
    let select_sort = move |ev: leptos::ev::Event| {
        let v = SortKey::from_code(&event_target_value(&ev)).unwrap_or_default();
        set_filters(&|f| f.sort = v);
    };
    let f = move || journey.with(|j| j.filters.clone());
    let option = move |value: String, label: String, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };

    view! {
    <fieldset class="esim-filters esim-filters--profile">
        <legend>{t(locale, Msg::UsageLabel)}</legend>
        {profile_choice}
    </fieldset>
    <fieldset class="esim-filters">
        <legend>{t(locale, Msg::FiltersLabel)}</legend>
        <label class="esim-field">
            <span>{t(locale, Msg::MinData)}</span>
            <select on:change=select_min>
                {move || {
                    let min = f().min_data_mb;
                    let mut opts = vec![option(String::new(), t(locale, Msg::AnyAmount).into(), min.is_none())];
                    opts.extend(plans::MIN_DATA_CHOICES.iter().map(|&mb| {
                        option(mb.to_string(), crate::api::search::format_data_mb(mb), min == Some(mb))
                    }));
                    opts
                }}
            </select>
        </label>
        <label class="esim-field">
            <span>{t(locale, Msg::CoverageLabel)}</span>
            <select on:change=select_coverage>
                {move || {
                    let c = f().coverage;
                    vec![
                        option("all".into(), t(locale, Msg::CoverageAll).into(), c == CoverageFilter::All),
                        option("local".into(), t(locale, Msg::CoverageLocal).into(), c == CoverageFilter::Local),
                        option("multi".into(), t(locale, Msg::CoverageMulti).into(), c == CoverageFilter::MultiCountry),
                    ]
                }}
            </select>
        </label>
        <label class="esim-field">
            <span>{t(locale, Msg::SortLabel)}</span>
            <select on:change=select_sort>
                {move || {
                    let s = f().sort;
                    SortKey::ALL
                        .iter()
                        .map(|&k| {
                            let label = match k {
                                SortKey::Price => Msg::SortPrice,
                                SortKey::PricePerGb => Msg::SortPerGb,
                                SortKey::Data => Msg::SortData,
                                SortKey::Validity => Msg::SortValidity,
                            };
                            option(k.code().into(), t(locale, label).into(), s == k)
                        })
                        .collect::<Vec<_>>()
                }}
            </select>
        </label>
        <label class="esim-choice">
            <input
                type="checkbox"
                prop:checked=move || f().covers_stay
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_filters(&|f| f.covers_stay = on)
                }
            />
            {t(locale, Msg::CoversStay)}
        </label>
        <label class="esim-choice">
            <input
                type="checkbox"
                prop:checked=move || f().unlimited_only
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set_filters(&|f| f.unlimited_only = on)
                }
            />
            {t(locale, Msg::UnlimitedOnly)}
        </label>
    </fieldset>
    }
}
