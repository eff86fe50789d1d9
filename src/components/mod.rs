//! The widget's Leptos components, one folder each with its CSS.

pub mod checkout;
pub mod device_check;
pub mod esim_install;
pub mod intl;
pub mod plan_list;
pub mod plan_picker;
pub mod status;
pub mod widget;

pub use device_check::{DeviceCheck, DeviceSummary};
pub use plan_list::{PlanCard, PlanFacts};
pub use plan_picker::PlanPicker;
pub use status::{ErrorNotice, Load, LoadingPlans};
pub use widget::EsimWidget;

/// All component CSS in one sheet, adopted by every shadow root (parsed once per page).
pub const STYLESHEET: &str = concat!(
    include_str!("../../style/base.css"),
    include_str!("widget/widget.css"),
    include_str!("device_check/device_check.css"),
    include_str!("plan_list/plan_list.css"),
    include_str!("plan_picker/plan_picker.css"),
    include_str!("checkout/checkout.css"),
    include_str!("esim_install/esim_install.css"),
    include_str!("status/status.css"),
);
