//! What of ITT's answers the widget reads, per operation, and (feature
//! `reference`) the proxy's filter that lets only that reach the browser.
//!
//! # The allowlist
//!
//! Per operation, a flat set of key names (compared in any ASCII case, as the
//! recognition reads them), accepted at any depth:
//!
//! 1. the top-level keys of the reference's response sample for the operation
//!    (`reference/extracted.json`): ITT documents them, so they may pass;
//! 2. every key the content recognition reads for it ([`crate::recognize`]'s
//!    `*_KEYS` constants: ids, payment state and pages, eSIMs, passengers, devices);
//! 3. the keys the widget reads by content outside the recognisers (the
//!    constants below: prices, booking details, data usage), which the widget
//!    uses from here, so they cannot drift apart;
//! 4. the serde field names and aliases of the widget's `Raw*` readers, listed
//!    by hand below (`*_FIELDS`); the widget's tests fail when a reader reads a
//!    name its operation's list lacks.
//!
//! Never on it: the keys the proxy itself adds after filtering ([`PROXY_KEYS`]:
//! `booking_token`, and the `tracking_key` single-esim-package answers get), so
//! whatever ITT may send under those names is dropped and only the proxy's
//! values reach the browser.
//!
//! # Keyed containers
//!
//! Some readers take objects whose keys are not names but positions, ids or
//! groups (`{"0": {…}}`, `{"airalo": [...]}`, `{"Google": [...]}`, `{"adult":
//! [...]}`). Their keys pass only directly under one of the operation's
//! container keys ([`Reads::containers`]: `data`, `eSim`, `esims`, `pax`,
//! `compatible_devices`, …), and then only:
//!
//! - a position (`"0"`, `"12"`) holding an object or a list, or
//! - any other key holding an object or a list when that object has no
//!   allowlisted key at all (a pure group), and the key names neither money nor
//!   credentials (`buying_price`, `markup`, `headers`, `apikey`, … are refused
//!   even there);
//!
//! and what they hold is filtered like any named object (its keys must be on
//! the list); a group left empty by that is dropped. A scalar under a key that
//! is not on the list is always dropped, except the numbered steps of a text
//! list (`"steps": {"1": "…"}`). Everywhere else a key not on the list is
//! dropped with whatever it holds, so `{"markup": {"amount": 3}}` never passes
//! at a named position even when `amount` is on the list.
//!
//! What the readers reach only "anywhere" (data usage found in an object of any
//! name, a payment page at any depth) passes only along allowlisted keys: the
//! filter is the narrower of the two, and the proxy checks payment pages on the
//! unfiltered answer.

#[cfg(feature = "reference")]
mod filter;

#[cfg(feature = "reference")]
pub use filter::{filter_answer, reduce_failure, Allowlist, MAX_REASON_CHARS, MAX_STATUS_CHARS};

use crate::recognize::{
    DEVICE_CONTAINER, DEVICE_FALLBACK_CONTAINERS, DEVICE_GROUP_KEYS, DEVICE_KEYS, ESIM_CONTAINERS,
    ESIM_KEYS, ID_KEYS, PAX_CONTAINERS, PAX_KEYS, PAYMENT_ENTRY_KEYS, PAYMENT_KEYS,
};

/// The proxy's booking token, added to booking answers after filtering.
pub const BOOKING_TOKEN_KEY: &str = "booking_token";
/// The proxy's tracking key, added to single-esim-package answers after filtering.
pub const TRACKING_KEY: &str = "tracking_key";
/// The proxy's stable code on its own refusals (`{"status": "failed", "error": …}`).
pub const ERROR_CODE_KEY: &str = "error";
/// Keys only the proxy sets: never taken from ITT (never on an allowlist), so ITT
/// cannot pose as the proxy (e.g. an `error: grant_expired` of its own).
pub const PROXY_KEYS: [&str; 3] = [BOOKING_TOKEN_KEY, TRACKING_KEY, ERROR_CODE_KEY];

// Keys the widget reads by content outside `recognize` (it uses these constants).

/// A booking answer's price object (`price_of`).
pub const PRICE_CONTAINER: [&str; 1] = ["price"];
/// Keys of its total, in the order read.
pub const PRICE_AMOUNT_KEYS: [&str; 4] = ["total_price", "total", "sell_price", "grand_total"];
/// Keys of its currency.
pub const PRICE_CURRENCY_KEYS: [&str; 2] = ["currency", "sell_currency"];
/// booking-details' package object.
pub const PACKAGE_CONTAINER: [&str; 1] = ["eSim_package"];
/// Keys of the package's title.
pub const PACKAGE_TITLE_KEYS: [&str; 2] = ["title", "package_title"];
/// Key of the package's id.
pub const PACKAGE_ID_KEYS: [&str; 1] = ["package_id"];
/// Where booking-details' quantity is looked for (then the top level).
pub const QUANTITY_PLACES: [&str; 3] = ["booking", "general", "eSim_package"];
/// Keys of the quantity.
pub const QUANTITY_KEYS: [&str; 2] = ["quantity", "eSim_quantity"];
/// Where data usage is looked for first (then anywhere).
pub const USAGE_CONTAINER: [&str; 1] = ["data"];
/// Key of the MB left; an object with it (or [`USAGE_TOTAL_KEY`]) is the usage.
pub const USAGE_REMAINING_KEY: &str = "remaining";
/// Key of the MB in the plan.
pub const USAGE_TOTAL_KEY: &str = "total";
/// Keys of the usage's ICCID.
pub const USAGE_ICCID_KEYS: [&str; 2] = ["iccid", "eSim_iccid"];
/// Key of the eSIM's lifecycle state.
pub const USAGE_STATUS_KEYS: [&str; 1] = ["status"];
/// Key of the unlimited flag.
pub const USAGE_UNLIMITED_KEYS: [&str; 1] = ["is_unlimited"];
/// Keys of the end of validity.
pub const USAGE_EXPIRY_KEYS: [&str; 2] = ["expired_at", "expires_at"];

// The serde names (fields and aliases) of the widget's `Raw*` readers, by hand:
// the widget's `api` tests compare each reader's own field list with these.

/// `api::Envelope`: every answer's status and reason.
pub const ENVELOPE_FIELDS: [&str; 4] = ["status", "Status", "reason", "Reason"];
/// `search::SearchResponse`.
pub const SEARCH_FIELDS: [&str; 3] = ["tracking_id", "total_esim_package", "data"];
/// `search::RawPackage`.
pub const PACKAGE_FIELDS: [&str; 11] = [
    "package_id",
    "title",
    "data",
    "sell_price",
    "sell_currency",
    "coverage_type",
    "package_details",
    "activation_policy",
    "rechargeable",
    "region_details",
    "operator_details",
];
/// `search::RawNamed`.
pub const NAMED_FIELDS: [&str; 1] = ["name"];
/// `search::RawPackageDetails`.
pub const PACKAGE_DETAILS_FIELDS: [&str; 4] = [
    "data_amount",
    "validity_days",
    "is_unlimited",
    "has_fair_usage_policy",
];
/// `package::RawPackageReply`.
pub const PACKAGE_REPLY_FIELDS: [&str; 7] = [
    "tracking_id",
    "data",
    "operator_details",
    "coverage_country",
    "fair_usage_policy",
    "qr_installation",
    "manual_installation",
];
/// `package::CoverageCountry`.
pub const COVERAGE_FIELDS: [&str; 3] = ["name", "country_code", "code"];
/// `booking::RawCustomerUpdated`.
pub const CUSTOMER_FIELDS: [&str; 1] = ["booking_tracking_id"];
/// `install::RawInstallReply`.
pub const INSTALL_REPLY_FIELDS: [&str; 1] = ["instructions"];
/// `install::RawInstructions`.
pub const INSTRUCTIONS_FIELDS: [&str; 3] = ["language", "ios", "android"];
/// `install::PlatformGuide`.
pub const GUIDE_FIELDS: [&str; 4] = [
    "version",
    "installation_via_qr_code",
    "installation_manual",
    "network_setup",
];
/// `install::QrInstall`.
pub const QR_INSTALL_FIELDS: [&str; 4] = [
    "steps",
    "qr_code_data",
    "qr_code_url",
    "direct_apple_installation_url",
];
/// `install::ManualInstall`.
pub const MANUAL_INSTALL_FIELDS: [&str; 2] = ["steps", "smdp_address_and_activation_code"];
/// `install::NetworkSetup`.
pub const NETWORK_FIELDS: [&str; 4] = ["steps", "apn_type", "apn_value", "is_roaming"];
/// `topup::RawTopupPackages`.
pub const TOPUP_PACKAGES_FIELDS: [&str; 4] =
    ["topup_tracking_id", "data", "currency", "sell_currency"];
/// `topup::RawTopup`: a top-up on offer or bought.
pub const TOPUP_FIELDS: [&str; 16] = [
    "id",
    "package_id",
    "booking_id",
    "status",
    "created_at",
    "date",
    "title",
    "data",
    "amount",
    "day",
    "validity_days",
    "is_unlimited",
    "price",
    "sell_price",
    "currency",
    "sell_currency",
];
/// `topup::RawTopupHistory`.
pub const TOPUP_HISTORY_FIELDS: [&str; 1] = ["data"];

/// Fields read with `lenient::lenient_list` (a list, an object keyed by position
/// or id, or supplier groups), by operation.
const LIST_FIELDS: [(&str, &[&str]); 5] = [
    ("search", &["data"]),
    ("single-esim-package", &["coverage_country"]),
    ("installation-instructions", &["ios", "android"]),
    ("topup-packages", &["data"]),
    ("topup-history", &["data"]),
];
/// Fields read with `lenient::text_list` (numbered steps).
pub const TEXT_LIST_FIELDS: [&str; 1] = ["steps"];

/// What the widget reads of one operation's answer (without the reference's keys).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// Key names read, at any depth.
    pub keys: Vec<&'static str>,
    /// Keys whose object may be a keyed container (positions, ids, groups).
    pub containers: Vec<&'static str>,
    /// Containers whose numbered entries are texts ([`TEXT_LIST_FIELDS`]).
    pub text_lists: Vec<&'static str>,
}

fn flat(groups: &[&[&'static str]]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What the widget reads of `operation`'s answer; `None` for an operation the
/// browser does not call (register-webhook).
pub fn reads(operation: &str) -> Option<Reads> {
    let booking: Vec<&[&str]> = ID_KEYS.iter().chain(PAYMENT_KEYS.iter()).copied().collect();
    let price: [&[&str]; 3] = [&PRICE_CONTAINER, &PRICE_AMOUNT_KEYS, &PRICE_CURRENCY_KEYS];
    let package: [&[&str]; 3] = [&PACKAGE_FIELDS, &NAMED_FIELDS, &PACKAGE_DETAILS_FIELDS];
    let topup: [&[&str]; 1] = [&TOPUP_FIELDS];
    let mut keys: Vec<&[&str]> = vec![&ENVELOPE_FIELDS];
    let mut containers: Vec<&[&str]> = Vec::new();
    match operation {
        "search" => {
            keys.push(&SEARCH_FIELDS);
            keys.extend(package);
        }
        "single-esim-package" => {
            keys.extend([&PACKAGE_REPLY_FIELDS[..], &COVERAGE_FIELDS]);
            keys.extend(package);
        }
        "update-customer-info" => keys.push(&CUSTOMER_FIELDS),
        "create-booking" => {
            keys.extend(booking.iter().copied().chain(price).chain(ESIM_KEYS));
            containers.extend([&ESIM_CONTAINERS[..], &PAYMENT_ENTRY_KEYS]);
        }
        "booking-details" => {
            keys.extend(
                booking
                    .iter()
                    .copied()
                    .chain(price)
                    .chain(ESIM_KEYS)
                    .chain(PAX_KEYS),
            );
            keys.extend([
                &PACKAGE_CONTAINER[..],
                &PACKAGE_TITLE_KEYS,
                &PACKAGE_ID_KEYS,
                &QUANTITY_PLACES,
                &QUANTITY_KEYS,
            ]);
            containers.extend([&ESIM_CONTAINERS[..], &PAYMENT_ENTRY_KEYS, &PAX_CONTAINERS]);
        }
        "create-topup-booking" => {
            keys.extend(booking.iter().copied());
            containers.push(&PAYMENT_ENTRY_KEYS);
        }
        "data-usage" => {
            keys.extend([
                &USAGE_CONTAINER[..],
                &[USAGE_REMAINING_KEY, USAGE_TOTAL_KEY],
                &USAGE_ICCID_KEYS,
                &USAGE_STATUS_KEYS,
                &USAGE_UNLIMITED_KEYS,
                &USAGE_EXPIRY_KEYS,
            ]);
            containers.push(&USAGE_CONTAINER);
        }
        "installation-instructions" => keys.extend([
            &INSTALL_REPLY_FIELDS[..],
            &INSTRUCTIONS_FIELDS,
            &GUIDE_FIELDS,
            &QR_INSTALL_FIELDS,
            &MANUAL_INSTALL_FIELDS,
            &NETWORK_FIELDS,
        ]),
        "compatible-devices" => {
            keys.extend(DEVICE_KEYS);
            containers.extend([
                &DEVICE_CONTAINER[..],
                &DEVICE_FALLBACK_CONTAINERS,
                &DEVICE_GROUP_KEYS,
            ]);
        }
        "topup-packages" => {
            keys.push(&TOPUP_PACKAGES_FIELDS);
            keys.extend(topup);
        }
        "topup-history" => {
            keys.push(&TOPUP_HISTORY_FIELDS);
            keys.extend(topup);
        }
        _ => return None,
    }
    let lists = LIST_FIELDS
        .iter()
        .filter(|(op, _)| *op == operation)
        .map(|(_, fields)| *fields);
    containers.extend(lists);
    let text_lists: &[&'static str] = if operation == "installation-instructions" {
        &TEXT_LIST_FIELDS
    } else {
        &[]
    };
    containers.push(text_lists);
    Some(Reads {
        keys: flat(&keys),
        containers: flat(&containers),
        text_lists: flat(&[text_lists]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_keys_are_never_read_from_itt() {
        for op in [
            "search",
            "single-esim-package",
            "update-customer-info",
            "create-booking",
            "booking-details",
            "data-usage",
            "installation-instructions",
            "compatible-devices",
            "topup-packages",
            "create-topup-booking",
            "topup-history",
        ] {
            let reads = reads(op).unwrap_or_else(|| panic!("{op}"));
            for key in PROXY_KEYS {
                assert!(!reads.keys.contains(&key), "{op}: {key}");
            }
            for container in &reads.containers {
                assert!(reads.keys.contains(container), "{op}: {container}");
            }
            assert!(reads.keys.contains(&"status") && reads.keys.contains(&"Reason"));
        }
        assert_eq!(reads("register-webhook"), None);
    }
}
