//! The widget's Leptos components, one folder each with its CSS.

pub mod booking_slot;
pub mod checkout;
pub mod contact;
pub mod device_check;
pub mod esim_install;
pub mod instance;
pub mod intl;
pub mod payment;
pub mod plan_list;
pub mod plan_picker;
pub mod status;
pub mod widget;

pub use device_check::{DeviceCheck, DeviceSummary};
pub use instance::{use_instance, Instance};
pub use plan_list::{PlanCard, PlanFacts};
pub use plan_picker::PlanPicker;
pub use status::{ErrorNotice, Load, LoadingPlans};
pub use widget::EsimWidget;

use leptos::prelude::{GetUntracked, RwSignal, Set};

/// Focuses the first element inside `container` that matches `selector`
/// (focusing also scrolls it into view); returns whether there was one.
pub(crate) fn focus_first(container: &web_sys::Element, selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    match container.query_selector(selector).ok().flatten() {
        Some(el) => el
            .dyn_into::<web_sys::HtmlElement>()
            .is_ok_and(|el| el.focus().is_ok()),
        None => false,
    }
}

/// Whether focus may move into the widget: nothing on the host page holds it
/// (it is on the page body, or already inside this widget). A traveller typing
/// in the hotel's own form after a reload keeps their place.
pub(crate) fn focus_is_free(inside: &web_sys::Element) -> bool {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(active) = document.active_element() else {
        return true;
    };
    let on_body = document
        .body()
        .is_some_and(|b| b.is_same_node(Some(&active)));
    let in_widget = inside
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .is_ok_and(|root| root.host().is_same_node(Some(&active)));
    on_body || in_widget
}

/// What a key press on a combobox leaves for its owner to do.
pub(crate) enum ComboboxKey {
    /// The option at this position was chosen (Enter).
    Chose(usize),
    /// Escape with the list already closed.
    Clear,
}

/// Applies a key press to a combobox's popup state (arrows highlight, Escape
/// closes) and returns what only the owner can do: choose or clear.
pub(crate) fn combobox_key(
    ev: &leptos::ev::KeyboardEvent,
    len: usize,
    open: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
) -> Option<ComboboxKey> {
    use crate::combobox::{on_key, KeyAction, ListState};
    let state = ListState {
        open: open.get_untracked(),
        active: active.get_untracked(),
        len,
    };
    match on_key(&ev.key(), state) {
        KeyAction::Ignore => None,
        KeyAction::Highlight(i) => {
            ev.prevent_default();
            open.set(true);
            active.set(Some(i));
            None
        }
        KeyAction::Choose(i) => {
            ev.prevent_default();
            Some(ComboboxKey::Chose(i))
        }
        KeyAction::Close => {
            open.set(false);
            active.set(None);
            None
        }
        KeyAction::Clear => Some(ComboboxKey::Clear),
    }
}

/// A stylesheet's parts followed by the dark scheme: asked for by the host
/// (`data-theme="dark"`), or following the traveller's system setting when the
/// host allows it (`data-theme="auto"`). The default stays light: most hotel
/// pages are light whatever the phone says. Shared by the journey's sheet and
/// the offer card's ([`crate::card`]), so the wrappers are written once.
#[macro_export]
macro_rules! themed {
    ($($part:expr),+ $(,)?) => {
        concat!(
            $($part,)+
            ":host([data-theme=\"dark\"]),:host([theme=\"dark\"]){",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/style/dark.css")),
            "}\n@media (prefers-color-scheme: dark){:host([data-theme=\"auto\"]),:host([theme=\"auto\"]){",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/style/dark.css")),
            "}}\n",
        )
    };
}

/// All component CSS in one sheet, adopted by every shadow root (parsed once per page).
pub const STYLESHEET: &str = themed!(
    include_str!("../../style/base.css"),
    include_str!("../../style/controls.css"),
    include_str!("widget/widget.css"),
    include_str!("device_check/device_check.css"),
    include_str!("plan_list/plan_list.css"),
    include_str!("plan_picker/plan_picker.css"),
    include_str!("checkout/checkout.css"),
    include_str!("esim_install/esim_install.css"),
    include_str!("status/status.css"),
);
