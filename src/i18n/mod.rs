//! The message catalog: every string a traveller sees, per locale.
//!
//! Messages are an enum and each locale implements [`Catalog`] with an
//! exhaustive `match`, so adding a message without translating it is a compile
//! error rather than a blank label. One file per locale.

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod reason;

pub use crate::locale::Locale;
pub use reason::Reason;

/// A fixed message of the widget's user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Heading of the plan list.
    PlansHeading,
    /// Shown while plans load.
    LoadingPlans,
    /// Shown when the destination has no plans.
    NoPlans,
    /// Retry button after an error.
    Retry,
    /// Label for the data allowance.
    Data,
    /// Label for the validity period.
    Validity,
    /// Label for the price.
    Price,
    /// Shown instead of a data amount for unlimited plans.
    Unlimited,
    /// Shown when a plan has no usable price.
    PriceOnRequest,
    /// Heading shown when the host page configured the widget wrongly.
    ConfigProblem,
    /// Region label for the list of plans.
    PlansRegion,
    /// Error: the network failed.
    ErrNetwork,
    /// Error: the request took too long.
    ErrTimeout,
    /// Error: too many requests.
    ErrRateLimited,
    /// Error: the server answered with an error.
    ErrServer,
    /// Error: the answer could not be read.
    ErrDecode,
    /// Error: the eSIM service declined the request.
    ErrApi,
    /// Small print naming the service.
    PoweredBy,
    /// Heading of the device check step.
    DeviceHeading,
    /// What the device check is for.
    DeviceIntro,
    /// Label of the phone model search.
    DeviceSearchLabel,
    /// Example queries under the phone model search.
    DeviceSearchHint,
    /// Shown while the compatible-devices list loads.
    LoadingDevices,
    /// Shown when the compatible-devices list is empty.
    NoDevices,
    /// Shown when a search finds no model.
    NoPhoneMatches,
    /// Button: the traveller's phone is not in the list.
    NotListedButton,
    /// Button: skip the device check.
    SkipCheck,
    /// Button: go on to the plans.
    ContinueToPlans,
    /// Button: start the device check again.
    CheckAnotherPhone,
    /// Button next to "Will your phone work?" on the plans: open the device check.
    CheckMyPhone,
    /// Button: the device check asked before checkout goes on to the checkout.
    ContinueToCheckout,
    /// Caveat shown with a compatible verdict.
    CarrierLockNote,
    /// Shown when the model was recognised from the browser.
    DetectedNote,
    /// Verdict heading: not in the list.
    NotListedTitle,
    /// Verdict heading: the traveller does not know the model.
    UnknownTitle,
    /// Heading of the list of things to check.
    ChecksHeading,
    /// Where the eSIM option is in the settings.
    CheckSettings,
    /// Dial code check.
    CheckEid,
    /// Carrier lock check.
    CheckLock,
    /// Regional variants check.
    CheckRegion,
    /// Hint when the browser reveals only an iPhone.
    FamilyIPhone,
    /// Hint when the browser reveals only an iPad.
    FamilyIPad,
    /// Hint when the widget runs on a computer.
    OnComputer,
    /// Summary when the check was skipped.
    DeviceStatusUnknown,
    /// Summary when the phone is not listed.
    DeviceStatusNotListed,
    /// Button: switch the destination.
    ChangeDestination,
    /// Label of the destination search.
    DestinationLabel,
    /// Hint under the destination search.
    DestinationHint,
    /// No country matches the search.
    NoDestinationMatch,
    /// Button: close without changing anything.
    Cancel,
    /// Heading of the recommended plan.
    RecommendedHeading,
    /// Legend of the usage profile choice.
    UsageLabel,
    /// Light usage profile.
    ProfileLight,
    /// Typical usage profile.
    ProfileTypical,
    /// Heavy usage profile.
    ProfileHeavy,
    /// Legend of the filters.
    FiltersLabel,
    /// Label of the minimum data filter.
    MinData,
    /// Minimum data filter: no minimum.
    AnyAmount,
    /// Filter: validity covers the stay.
    CoversStay,
    /// Filter: unlimited plans only.
    UnlimitedOnly,
    /// Label of the coverage filter.
    CoverageLabel,
    /// Coverage filter: everything.
    CoverageAll,
    /// Coverage filter and label: this country only.
    CoverageLocal,
    /// Coverage filter: several countries.
    CoverageMulti,
    /// Label of the sort order.
    SortLabel,
    /// Sort: price.
    SortPrice,
    /// Sort: price per GB.
    SortPerGb,
    /// Sort: data.
    SortData,
    /// Sort: validity.
    SortValidity,
    /// No plan passes the filters.
    NoMatchingPlans,
    /// Button: clear the filters.
    ResetFilters,
    /// Button: show multi-country plans.
    ShowRegional,
    /// Card label: global plan.
    CoverageGlobal,
    /// Card: top-ups can be bought.
    TopUpsAvailable,
    /// Card: no top-ups.
    NoTopUps,
    /// Card: unlimited with a fair-usage policy.
    FairUsageApplies,
    /// Button: open the plan's details.
    Details,
    /// Button: choose the plan.
    ChoosePlan,
    /// Button: back to the list.
    BackToPlans,
    /// Details: countries covered.
    CoveredCountries,
    /// Details: network operator.
    Operator,
    /// Details: when the validity starts.
    ValidityStarts,
    /// Details: validity starts at first use.
    FirstUsage,
    /// Details: validity starts at installation.
    OnInstall,
    /// Details: fair-usage heading.
    FairUsagePolicy,
    /// Details: top-up heading.
    TopUps,
    /// Details: top-ups explained.
    TopUpsYes,
    /// Details: no top-ups explained.
    TopUpsNo,
    /// Details: supplier's installation notes.
    InstallNotes,
    /// Shown while plan details load.
    LoadingDetails,
    /// Button: pick another plan.
    ChangePlan,
    /// Heading after choosing a plan.
    ChosenHeading,
    /// Badge on the recommended plan.
    Recommended,
    /// Card label: plan for this country only.
    Local,
    /// Details: the supplier's notes for installing with the QR code.
    WithQrCode,
    /// Details: the supplier's notes for installing by hand.
    ByHand,
    /// Checkout heading.
    CheckoutHeading,
    /// Why the details are needed.
    CheckoutIntro,
    /// Label: full name.
    FullName,
    /// Label: e-mail.
    Email,
    /// Label: country calling code.
    PhoneCountry,
    /// Label: phone number.
    PhoneNumber,
    /// Label: number of eSIMs.
    Quantity,
    /// Empty choice of the calling code.
    ChooseCountryCode,
    /// Field error: empty.
    ErrMissing,
    /// Field error: name too short.
    ErrNameShort,
    /// Field error: e-mail.
    ErrEmail,
    /// Field error: phone characters.
    ErrPhoneInvalid,
    /// Field error: phone too short.
    ErrPhoneShort,
    /// Field error: phone too long.
    ErrPhoneLong,
    /// Field error: calling code.
    ErrPhoneCountry,
    /// Field error: quantity.
    ErrQuantity,
    /// Form summary when fields are wrong.
    FixErrors,
    /// Button: go to the payment page.
    PayButton,
    /// Button: book with the hotel's balance.
    ConfirmButton,
    /// Pay button while sending.
    Sending,
    /// Shown while opening the payment page.
    Redirecting,
    /// Shown while asking for the payment state.
    CheckingPayment,
    /// Heading: payment not confirmed yet.
    PaymentPendingTitle,
    /// Explains the pending state.
    PaymentPendingText,
    /// Button: ask again.
    CheckAgain,
    /// Heading: booking outcome unknown.
    UncertainTitle,
    /// Explains the unknown outcome.
    UncertainText,
    /// Notice: payment cancelled.
    PaymentCancelled,
    /// Notice: payment failed.
    PaymentFailed,
    /// Notice: payment page refused.
    UnsafePaymentPage,
    /// Notice: the proxy refused the booking's tracking key; nothing was booked,
    /// the next send starts afresh.
    ErrTrackingRefused,
    /// Notice: the hotel's payment grant was refused (not valid, or expired twice).
    ErrGrantRefused,
    /// Config problem in checkout.
    CheckoutUnavailable,
    /// Heading: booking paid.
    ConfirmedTitle,
    /// Label: booking id.
    BookingReference,
    /// Label: total price.
    Total,
    /// Heading of the install section.
    InstallHeading,
    /// Button: iOS one-tap install.
    InstallOnIphone,
    /// Button: Android one-tap install.
    InstallOnAndroid,
    /// Advice on when to install.
    InstallLater,
    /// QR code instructions.
    ScanQr,
    /// Accessible name of the QR code.
    QrLabel,
    /// Heading of the manual codes.
    ManualCodes,
    /// Label: SM-DP+ address.
    SmdpAddress,
    /// Label: activation code.
    ActivationCode,
    /// Button: copy to clipboard.
    Copy,
    /// Announcement after copying.
    Copied,
    /// eSIMs not issued yet.
    EsimPreparing,
    /// Shown while the booking loads.
    LoadingBooking,
    /// Heading of the data usage panel.
    UsageHeading,
    /// Button: refresh usage.
    Refresh,
    /// Usage status: not yet active.
    StatusNotActive,
    /// Usage status: active.
    StatusActive,
    /// Usage status: used up.
    StatusFinished,
    /// Usage status: expired.
    StatusExpired,
    /// Usage status: unknown.
    StatusUnknown,
    /// Usage of an unlimited plan.
    UnlimitedData,
    /// Countdown: ended.
    ValidityEnded,
    /// Warning at 75 %.
    WarnLow,
    /// Warning at 90 %.
    WarnVeryLow,
    /// Warning: no data left.
    WarnEmpty,
    /// Button: go to the top-ups.
    TopUpNow,
    /// Heading of the top-up offers.
    TopUpsHeading,
    /// No top-ups for this eSIM.
    NoTopUpsOffered,
    /// Button: buy a top-up.
    BuyTopUp,
    /// Heading of the top-up history.
    HistoryHeading,
    /// No top-ups bought yet.
    NoHistory,
    /// Label: booking status.
    BookingStatus,
    /// Summary of the instructions disclosure.
    StepByStep,
    /// Heading: iPhone instructions.
    ForIphone,
    /// Heading: Android instructions.
    ForAndroid,
    /// Heading: data settings steps.
    NetworkSettings,
    /// Button: pick a top-up (its contact form opens).
    ChooseTopUp,
    /// Heading of the top-up's contact form.
    TopupFormHeading,
    /// Why the top-up form asks for an e-mail.
    TopupFormIntro,
    /// Announcement: the top-up was asked for, no payment page.
    TopupRequested,
    /// The requested top-up is not in the history yet.
    TopupProcessing,
    /// Announcement: the requested top-up is in the history.
    TopupAdded,
    /// Top-ups are listed but cannot be bought now.
    TopupUnavailable,
    /// Booking status: cancelled.
    BookingCancelled,
    /// Booking status: refunded.
    BookingRefunded,
    /// Booking status: the payment failed.
    PaymentFailedShort,
    /// The offer card's one-line promise (shown before the journey loads).
    CardPromise,
    /// The offer card's button that opens the journey.
    SeePlans,
}

impl Msg {
    /// Every message, for catalog completeness tests.
    pub const ALL: [Msg; 180] = [
        Msg::PlansHeading,
        Msg::LoadingPlans,
        Msg::NoPlans,
        Msg::Retry,
        Msg::Data,
        Msg::Validity,
        Msg::Price,
        Msg::Unlimited,
        Msg::PriceOnRequest,
        Msg::ConfigProblem,
        Msg::PlansRegion,
        Msg::ErrNetwork,
        Msg::ErrTimeout,
        Msg::ErrRateLimited,
        Msg::ErrServer,
        Msg::ErrDecode,
        Msg::ErrApi,
        Msg::PoweredBy,
        Msg::DeviceHeading,
        Msg::DeviceIntro,
        Msg::DeviceSearchLabel,
        Msg::DeviceSearchHint,
        Msg::LoadingDevices,
        Msg::NoDevices,
        Msg::NoPhoneMatches,
        Msg::NotListedButton,
        Msg::SkipCheck,
        Msg::ContinueToPlans,
        Msg::CheckAnotherPhone,
        Msg::CheckMyPhone,
        Msg::ContinueToCheckout,
        Msg::CarrierLockNote,
        Msg::DetectedNote,
        Msg::NotListedTitle,
        Msg::UnknownTitle,
        Msg::ChecksHeading,
        Msg::CheckSettings,
        Msg::CheckEid,
        Msg::CheckLock,
        Msg::CheckRegion,
        Msg::FamilyIPhone,
        Msg::FamilyIPad,
        Msg::OnComputer,
        Msg::DeviceStatusUnknown,
        Msg::DeviceStatusNotListed,
        Msg::ChangeDestination,
        Msg::DestinationLabel,
        Msg::DestinationHint,
        Msg::NoDestinationMatch,
        Msg::Cancel,
        Msg::RecommendedHeading,
        Msg::UsageLabel,
        Msg::ProfileLight,
        Msg::ProfileTypical,
        Msg::ProfileHeavy,
        Msg::FiltersLabel,
        Msg::MinData,
        Msg::AnyAmount,
        Msg::CoversStay,
        Msg::UnlimitedOnly,
        Msg::CoverageLabel,
        Msg::CoverageAll,
        Msg::CoverageLocal,
        Msg::CoverageMulti,
        Msg::SortLabel,
        Msg::SortPrice,
        Msg::SortPerGb,
        Msg::SortData,
        Msg::SortValidity,
        Msg::NoMatchingPlans,
        Msg::ResetFilters,
        Msg::ShowRegional,
        Msg::CoverageGlobal,
        Msg::TopUpsAvailable,
        Msg::NoTopUps,
        Msg::FairUsageApplies,
        Msg::Details,
        Msg::ChoosePlan,
        Msg::BackToPlans,
        Msg::CoveredCountries,
        Msg::Operator,
        Msg::ValidityStarts,
        Msg::FirstUsage,
        Msg::OnInstall,
        Msg::FairUsagePolicy,
        Msg::TopUps,
        Msg::TopUpsYes,
        Msg::TopUpsNo,
        Msg::InstallNotes,
        Msg::LoadingDetails,
        Msg::ChangePlan,
        Msg::ChosenHeading,
        Msg::Recommended,
        Msg::Local,
        Msg::WithQrCode,
        Msg::ByHand,
        Msg::CheckoutHeading,
        Msg::CheckoutIntro,
        Msg::FullName,
        Msg::Email,
        Msg::PhoneCountry,
        Msg::PhoneNumber,
        Msg::Quantity,
        Msg::ChooseCountryCode,
        Msg::ErrMissing,
        Msg::ErrNameShort,
        Msg::ErrEmail,
        Msg::ErrPhoneInvalid,
        Msg::ErrPhoneShort,
        Msg::ErrPhoneLong,
        Msg::ErrPhoneCountry,
        Msg::ErrQuantity,
        Msg::FixErrors,
        Msg::PayButton,
        Msg::ConfirmButton,
        Msg::Sending,
        Msg::Redirecting,
        Msg::CheckingPayment,
        Msg::PaymentPendingTitle,
        Msg::PaymentPendingText,
        Msg::CheckAgain,
        Msg::UncertainTitle,
        Msg::UncertainText,
        Msg::PaymentCancelled,
        Msg::PaymentFailed,
        Msg::UnsafePaymentPage,
        Msg::ErrTrackingRefused,
        Msg::ErrGrantRefused,
        Msg::CheckoutUnavailable,
        Msg::ConfirmedTitle,
        Msg::BookingReference,
        Msg::Total,
        Msg::InstallHeading,
        Msg::InstallOnIphone,
        Msg::InstallOnAndroid,
        Msg::InstallLater,
        Msg::ScanQr,
        Msg::QrLabel,
        Msg::ManualCodes,
        Msg::SmdpAddress,
        Msg::ActivationCode,
        Msg::Copy,
        Msg::Copied,
        Msg::EsimPreparing,
        Msg::LoadingBooking,
        Msg::UsageHeading,
        Msg::Refresh,
        Msg::StatusNotActive,
        Msg::StatusActive,
        Msg::StatusFinished,
        Msg::StatusExpired,
        Msg::StatusUnknown,
        Msg::UnlimitedData,
        Msg::ValidityEnded,
        Msg::WarnLow,
        Msg::WarnVeryLow,
        Msg::WarnEmpty,
        Msg::TopUpNow,
        Msg::TopUpsHeading,
        Msg::NoTopUpsOffered,
        Msg::BuyTopUp,
        Msg::HistoryHeading,
        Msg::NoHistory,
        Msg::BookingStatus,
        Msg::StepByStep,
        Msg::ForIphone,
        Msg::ForAndroid,
        Msg::NetworkSettings,
        Msg::ChooseTopUp,
        Msg::TopupFormHeading,
        Msg::TopupFormIntro,
        Msg::TopupRequested,
        Msg::TopupProcessing,
        Msg::TopupAdded,
        Msg::TopupUnavailable,
        Msg::BookingCancelled,
        Msg::BookingRefunded,
        Msg::PaymentFailedShort,
        Msg::CardPromise,
        Msg::SeePlans,
    ];
}

/// What every locale provides: the fixed messages and the sentences built around values.
///
/// Each locale's file implements it for a unit struct; the free functions below
/// pick the implementation for a [`Locale`].
trait Catalog {
    /// The text of a fixed message.
    fn msg(msg: Msg) -> &'static str;
    /// Abbreviated month names, January first.
    const MONTHS: [&'static str; 12];
    /// "7 days" / "1 day".
    fn days(n: u64) -> String;
    /// "7 nights" / "1 night".
    fn nights(n: u64) -> String;
    /// "14 plans" / "1 plan".
    fn plan_count(n: usize) -> String;
    /// "5 phones found".
    fn phones_found(n: usize) -> String;
    /// "Galaxy S23 supports eSIM".
    fn supports_esim(device: &str) -> String;
    /// The model the browser reported is not in the list.
    fn reported_model(model: &str) -> String;
    /// A listed model close to the reported one.
    fn similar_listed(device: &str) -> String;
    /// One line explaining the recommendation.
    fn recommendation_reason(reason: Reason) -> String;
    /// "Showing 12 of 30 plans".
    fn showing(shown: usize, total: usize) -> String;
    /// "Show 12 more".
    fn show_more(n: usize) -> String;
    /// "Regional · Asia".
    fn regional(region: Option<&str>) -> String;
    /// "No plans just for Japan. Regional plans cover it too."
    fn no_local_plans(country: &str) -> String;
    /// "$2.60 per GB".
    fn per_gb(price: &str) -> String;
    /// "If nothing changes, contact the hotel with the reference …".
    fn contact_hotel(reference: &str) -> String;
    /// "eSIM 1 of 2".
    fn esim_n_of(n: usize, of: usize) -> String;
    /// "3.8 GB of 5 GB used · 1.3 GB left".
    fn used_of(used: &str, total: &str, left: &str) -> String;
    /// "Valid for 3 days and 5 h more".
    fn time_left(days: u64, hours: u64) -> String;
    /// "Updated 14:05".
    fn updated_at(time: &str) -> String;
    /// "Data plans for Thailand".
    fn plans_for(name: &str) -> String;
    /// "from $4.50": the lowest price seen for the destination (offer card).
    fn from_price(price: &str) -> String;
    /// "1 Dec 2026", with the month from [`Catalog::MONTHS`] (used where `Intl` is not at hand).
    fn date(day: u8, month: &str, year: i32) -> String;
    /// What separates a label from its value ("Total: 12 €").
    fn colon() -> &'static str {
        ": "
    }
}

/// Calls a [`Catalog`] item of the locale's implementation.
macro_rules! catalog {
    ($locale:expr, $($item:tt)+) => {
        match $locale {
            Locale::En => <en::En as Catalog>::$($item)+,
            Locale::De => <de::De as Catalog>::$($item)+,
            Locale::Es => <es::Es as Catalog>::$($item)+,
            Locale::Fr => <fr::Fr as Catalog>::$($item)+,
            Locale::Ar => <ar::Ar as Catalog>::$($item)+,
        }
    };
}

/// The text of `msg` in `locale`.
pub fn t(locale: Locale, msg: Msg) -> &'static str {
    catalog!(locale, msg(msg))
}

/// What separates a label from its value: ": ", or " : " with a narrow
/// no-break space in French.
pub fn colon(locale: Locale) -> &'static str {
    catalog!(locale, colon())
}

/// "7 days" / "1 day" in `locale`.
pub fn days(locale: Locale, n: u64) -> String {
    catalog!(locale, days(n))
}

/// "7 nights" / "1 night" in `locale`.
pub fn nights(locale: Locale, n: u64) -> String {
    catalog!(locale, nights(n))
}

/// "14 plans" / "1 plan" in `locale`, for the list summary read by screen readers.
pub fn plan_count(locale: Locale, n: usize) -> String {
    catalog!(locale, plan_count(n))
}

/// Abbreviated month name (1 = January).
pub fn month_short(locale: Locale, month: u8) -> &'static str {
    let i = usize::from(month.clamp(1, 12) - 1);
    catalog!(locale, MONTHS[i])
}

/// A calendar date such as "1 Dec 2026", for where the browser's `Intl` is not at hand.
pub fn date(locale: Locale, day: u8, month: u8, year: i32) -> String {
    catalog!(locale, date(day, month_short(locale, month), year))
}

/// "Galaxy S23 supports eSIM": the compatible verdict.
pub fn supports_esim(locale: Locale, device: &str) -> String {
    catalog!(locale, supports_esim(device))
}

/// What the browser reported, when that model is not in the list.
pub fn reported_model(locale: Locale, model: &str) -> String {
    catalog!(locale, reported_model(model))
}

/// A listed model close to the reported one.
pub fn similar_listed(locale: Locale, device: &str) -> String {
    catalog!(locale, similar_listed(device))
}

/// "5 phones found", announced as the traveller types.
pub fn phones_found(locale: Locale, n: usize) -> String {
    catalog!(locale, phones_found(n))
}

/// One line explaining the recommendation.
pub fn recommendation_reason(locale: Locale, reason: Reason) -> String {
    catalog!(locale, recommendation_reason(reason))
}

/// "Showing 12 of 30 plans", announced when filters change.
pub fn showing(locale: Locale, shown: usize, total: usize) -> String {
    catalog!(locale, showing(shown, total))
}

/// "Show 12 more".
pub fn show_more(locale: Locale, n: usize) -> String {
    catalog!(locale, show_more(n))
}

/// "Regional · Asia" card label.
pub fn regional(locale: Locale, region: Option<&str>) -> String {
    catalog!(locale, regional(region))
}

/// "No plans just for Japan. Regional plans cover it too." (empty local list).
pub fn no_local_plans(locale: Locale, country: &str) -> String {
    catalog!(locale, no_local_plans(country))
}

/// "$2.60 per GB".
pub fn per_gb(locale: Locale, price: &str) -> String {
    catalog!(locale, per_gb(price))
}

/// "If nothing changes, contact the hotel with the reference …".
pub fn contact_hotel(locale: Locale, reference: &str) -> String {
    catalog!(locale, contact_hotel(reference))
}

/// "eSIM 1 of 2".
pub fn esim_n_of(locale: Locale, n: usize, of: usize) -> String {
    catalog!(locale, esim_n_of(n, of))
}

/// "3.8 GB of 5 GB used · 1.3 GB left".
pub fn used_of(locale: Locale, used: &str, total: &str, left: &str) -> String {
    catalog!(locale, used_of(used, total, left))
}

/// "Valid for 3 more days and 5 hours".
pub fn time_left(locale: Locale, days: u64, hours: u64) -> String {
    catalog!(locale, time_left(days, hours))
}

/// "Updated 14:05".
pub fn updated_at(locale: Locale, time: &str) -> String {
    catalog!(locale, updated_at(time))
}

/// "Data plans for Thailand", with the country's name in the page's language.
pub fn plans_for(locale: Locale, name: &str) -> String {
    catalog!(locale, plans_for(name))
}

/// "from $4.50": the lowest price this session saw for the destination.
pub fn from_price(locale: Locale, price: &str) -> String {
    catalog!(locale, from_price(price))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated_and_distinct_per_locale() {
        for locale in Locale::ALL {
            let mut seen = std::collections::HashSet::new();
            for msg in Msg::ALL {
                let text = t(locale, msg);
                assert!(!text.trim().is_empty(), "{locale:?} {msg:?} is blank");
                assert!(seen.insert(text), "{locale:?} reuses {text:?}");
            }
        }
    }

    /// Messages reviewed to be the same as in English: brand names, units and
    /// words the language borrowed. Anything else identical to English is an
    /// untranslated string.
    fn same_as_english(locale: Locale) -> &'static [Msg] {
        match locale {
            Locale::En => &[],
            Locale::De => &[Msg::Details],
            Locale::Es => es::SAME_AS_ENGLISH,
            Locale::Fr => fr::SAME_AS_ENGLISH,
            Locale::Ar => ar::SAME_AS_ENGLISH,
        }
    }

    #[test]
    fn translations_differ_from_english_outside_the_allowlist() {
        for locale in Locale::ALL.into_iter().skip(1) {
            let allowed = same_as_english(locale);
            let same: Vec<Msg> = Msg::ALL
                .iter()
                .copied()
                .filter(|m| t(Locale::En, *m) == t(locale, *m) && !allowed.contains(m))
                .collect();
            assert_eq!(same, [], "{locale:?} messages left in English");
            // The allowlist stays short and honest: every entry really is the same.
            assert!(allowed.len() <= 5, "{locale:?} allowlist is too long");
            for m in allowed {
                assert_eq!(
                    t(Locale::En, *m),
                    t(locale, *m),
                    "{locale:?} {m:?} is allowlisted but differs"
                );
            }
        }
    }

    #[test]
    fn sentences_around_values_are_translated() {
        // Every value-carrying sentence differs from English in every other locale.
        let samples = |l: Locale| {
            vec![
                days(l, 1),
                days(l, 2),
                days(l, 7),
                days(l, 30),
                nights(l, 1),
                nights(l, 7),
                plan_count(l, 1),
                plan_count(l, 14),
                phones_found(l, 1),
                phones_found(l, 5),
                supports_esim(l, "X"),
                reported_model(l, "X"),
                similar_listed(l, "X"),
                recommendation_reason(
                    l,
                    Reason::Fits {
                        days: 7,
                        roomy: true,
                        dated: true,
                    },
                ),
                recommendation_reason(
                    l,
                    Reason::Fits {
                        days: 7,
                        roomy: false,
                        dated: true,
                    },
                ),
                recommendation_reason(
                    l,
                    Reason::Fits {
                        days: 7,
                        roomy: false,
                        dated: false,
                    },
                ),
                recommendation_reason(l, Reason::MostData { days: 7 }),
                recommendation_reason(
                    l,
                    Reason::Longest {
                        days: 7,
                        rechargeable: true,
                    },
                ),
                showing(l, 12, 30),
                show_more(l, 12),
                no_local_plans(l, "X"),
                per_gb(l, "X"),
                contact_hotel(l, "X"),
                esim_n_of(l, 1, 2),
                used_of(l, "A", "B", "C"),
                time_left(l, 3, 5),
                updated_at(l, "X"),
                plans_for(l, "X"),
                from_price(l, "X"),
            ]
        };
        let english = samples(Locale::En);
        for locale in Locale::ALL.into_iter().skip(1) {
            for (en, other) in english.iter().zip(samples(locale)) {
                assert_ne!(*en, other, "{locale:?} left a sentence in English");
                assert!(
                    !other.contains('{'),
                    "{locale:?} has a stray placeholder: {other}"
                );
            }
        }
    }

    #[test]
    fn tags_pick_catalogs() {
        assert_eq!(Locale::from_tag("de-CH"), Locale::De);
        assert_eq!(Locale::from_tag("DE"), Locale::De);
        assert_eq!(Locale::from_tag("en_GB"), Locale::En);
        assert_eq!(Locale::from_tag("es-MX"), Locale::Es);
        assert_eq!(Locale::from_tag("fr-CA"), Locale::Fr);
        assert_eq!(Locale::from_tag("ar-EG"), Locale::Ar);
        assert_eq!(Locale::from_tag("xx"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn negotiation_takes_the_first_supported_language() {
        assert_eq!(Locale::negotiate(["ja", "fr-FR", "de"]), Locale::Fr);
        assert_eq!(Locale::negotiate(["ja", "zh"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for locale in Locale::ALL {
            assert_eq!(locale.dir() == "rtl", locale == Locale::Ar);
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(days(Locale::En, 1), "1 day");
        assert_eq!(days(Locale::En, 30), "30 days");
        assert_eq!(nights(Locale::De, 7), "7 Nächte");
        assert_eq!(plan_count(Locale::De, 1), "1 Tarif");
        // Every locale distinguishes one from many.
        for locale in Locale::ALL {
            assert_ne!(
                days(locale, 1).replace('1', ""),
                days(locale, 7).replace('7', ""),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn plans_for_names_the_destination() {
        assert_eq!(
            plans_for(Locale::De, "Frankreich"),
            "Datentarife für Frankreich"
        );
    }
}
