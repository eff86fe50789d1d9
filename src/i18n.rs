//! The message catalog: every string a traveller sees, per locale.
//!
//! Messages are an enum and each locale is an exhaustive `match`, so adding a
//! message without translating it is a compile error rather than a blank label.

/// A locale the widget has a catalog for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English (default and fallback).
    #[default]
    En,
    /// German.
    De,
}

impl Locale {
    /// Every locale with a catalog.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// Picks the catalog for a BCP 47 tag such as `de-CH`; unknown languages fall back to English.
    pub fn from_tag(tag: &str) -> Locale {
        let lang = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "de" => Locale::De,
            _ => Locale::En,
        }
    }

    /// The BCP 47 tag of the catalog (also sent to the API as `language`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// Decimal separator in numbers.
    pub fn decimal_separator(self) -> char {
        match self {
            Locale::En => '.',
            Locale::De => ',',
        }
    }

    /// Thousands separator in numbers.
    pub fn group_separator(self) -> char {
        match self {
            Locale::En => ',',
            Locale::De => '.',
        }
    }

    /// Whether the currency code goes before the amount.
    pub fn currency_code_first(self) -> bool {
        matches!(self, Locale::En)
    }
}

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
    /// Label of the price per GB.
    PerGb,
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
}

impl Msg {
    /// Every message, for catalog completeness tests.
    pub const ALL: [Msg; 165] = [
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
        Msg::PerGb,
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
    ];
}

/// The text of `msg` in `locale`.
pub fn t(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::En => en(msg),
        Locale::De => de(msg),
    }
}

fn en(msg: Msg) -> &'static str {
    match msg {
        Msg::PlansHeading => "Stay connected on your trip",
        Msg::LoadingPlans => "Loading data plans…",
        Msg::NoPlans => "No eSIM data plans are available for this destination right now.",
        Msg::Retry => "Try again",
        Msg::Data => "Data",
        Msg::Validity => "Valid for",
        Msg::Price => "Price",
        Msg::Unlimited => "Unlimited",
        Msg::PriceOnRequest => "Price not available",
        Msg::ConfigProblem => "The eSIM offer cannot be shown on this page.",
        Msg::PlansRegion => "eSIM data plans",
        Msg::ErrNetwork => {
            "We could not reach the eSIM service. Check your connection and try again."
        }
        Msg::ErrTimeout => "The eSIM service is taking too long to answer. Please try again.",
        Msg::ErrRateLimited => "Too many requests just now. Please wait a moment and try again.",
        Msg::ErrServer => "The eSIM service is having trouble right now. Please try again shortly.",
        Msg::ErrDecode => "We received an answer we could not read. Please try again shortly.",
        Msg::ErrApi => "The eSIM service could not complete this request.",
        Msg::PoweredBy => "eSIM plans by InnoTravelTech",
        Msg::DeviceHeading => "Will your phone work with an eSIM?",
        Msg::DeviceIntro => "Check that your phone supports eSIM before you buy a plan.",
        Msg::DeviceSearchLabel => "Your phone model",
        Msg::DeviceSearchHint => "For example: iPhone 15 Pro, Galaxy S23, Pixel 8a",
        Msg::LoadingDevices => "Loading the list of eSIM phones…",
        Msg::NoDevices => "The list of eSIM phones is not available right now. You can skip this check.",
        Msg::NoPhoneMatches => "No phone in the list matches what you typed. Check the spelling, or tell us your phone isn't listed.",
        Msg::NotListedButton => "My phone isn't listed",
        Msg::SkipCheck => "Skip this check",
        Msg::ContinueToPlans => "Continue to data plans",
        Msg::CheckAnotherPhone => "Check another phone",
        Msg::CarrierLockNote => "Your phone must also be unlocked: a phone bought from a mobile carrier may only accept that carrier's SIMs.",
        Msg::DetectedNote => "We recognised your phone from your browser. Not right? Search for your model above.",
        Msg::NotListedTitle => "We can't confirm that your phone supports eSIM",
        Msg::UnknownTitle => "Not sure which phone you have?",
        Msg::ChecksHeading => "Before you buy, check on your phone:",
        Msg::CheckSettings => "Settings: on an iPhone, Settings > Mobile Service (or Cellular) > Add eSIM; on a Samsung, Settings > Connections > SIM manager > Add eSIM; on a Pixel, Settings > Network & internet > SIMs > Add SIM. No such option means no eSIM.",
        Msg::CheckEid => "Dial *#06#: if an EID number is shown, your phone has an eSIM.",
        Msg::CheckLock => "Carrier lock: a phone bought from a mobile carrier may be locked to it.",
        Msg::CheckRegion => "Regional versions: some models sold in mainland China, Hong Kong or Macau have no eSIM.",
        Msg::FamilyIPhone => "Your browser shows an iPhone, but not which one. Pick your model:",
        Msg::FamilyIPad => "Your browser shows an iPad, but not which one. Pick your model:",
        Msg::OnComputer => "You seem to be on a computer: search for the phone you will travel with.",
        Msg::DeviceStatusUnknown => "Phone not checked",
        Msg::DeviceStatusNotListed => "Phone not in the eSIM list",
        Msg::ChangeDestination => "Change destination",
        Msg::DestinationLabel => "Destination",
        Msg::DestinationHint => "Type a country or territory",
        Msg::NoDestinationMatch => "No country matches what you typed.",
        Msg::Cancel => "Cancel",
        Msg::RecommendedHeading => "Recommended for your trip",
        Msg::UsageLabel => "How much data do you use?",
        Msg::ProfileLight => "Light: maps, messages",
        Msg::ProfileTypical => "Typical: social media, some video",
        Msg::ProfileHeavy => "Heavy: streaming, hotspot",
        Msg::FiltersLabel => "Filter and sort",
        Msg::MinData => "Minimum data",
        Msg::AnyAmount => "Any amount",
        Msg::CoversStay => "Lasts my whole stay",
        Msg::UnlimitedOnly => "Unlimited data only",
        Msg::CoverageLabel => "Coverage",
        Msg::CoverageAll => "All plans",
        Msg::CoverageLocal => "This country only",
        Msg::CoverageMulti => "Several countries",
        Msg::SortLabel => "Sort by",
        Msg::SortPrice => "Lowest price",
        Msg::SortPerGb => "Lowest price per GB",
        Msg::SortData => "Most data",
        Msg::SortValidity => "Longest validity",
        Msg::NoMatchingPlans => "No plans match these filters.",
        Msg::ResetFilters => "Reset filters",
        Msg::ShowRegional => "Show regional plans",
        Msg::CoverageGlobal => "Global",
        Msg::TopUpsAvailable => "Top-ups available",
        Msg::NoTopUps => "No top-ups",
        Msg::FairUsageApplies => "Fair-usage policy applies",
        Msg::Details => "Details",
        Msg::ChoosePlan => "Choose this plan",
        Msg::BackToPlans => "Back to plans",
        Msg::CoveredCountries => "Countries covered",
        Msg::Operator => "Network",
        Msg::ValidityStarts => "Validity starts",
        Msg::FirstUsage => "When you first use data at your destination",
        Msg::OnInstall => "When you install the eSIM",
        Msg::FairUsagePolicy => "Fair-usage policy",
        Msg::TopUps => "Top-ups",
        Msg::TopUpsYes => "You can add data later from the same page.",
        Msg::TopUpsNo => "This plan cannot be topped up; buy a new plan if you need more.",
        Msg::InstallNotes => "Installation notes",
        Msg::LoadingDetails => "Loading plan details…",
        Msg::ChangePlan => "Change plan",
        Msg::ChosenHeading => "Your eSIM plan",
        Msg::PerGb => "Per GB",
        Msg::Recommended => "Recommended",
        Msg::Local => "Local",
        Msg::WithQrCode => "With the QR code",
        Msg::ByHand => "By hand",
        Msg::CheckoutHeading => "Your details",
        Msg::CheckoutIntro => "We send the eSIM and its receipt to this e-mail address.",
        Msg::FullName => "Full name",
        Msg::Email => "E-mail",
        Msg::PhoneCountry => "Country code",
        Msg::PhoneNumber => "Mobile number",
        Msg::Quantity => "Number of eSIMs (one per phone)",
        Msg::ChooseCountryCode => "Choose…",
        Msg::ErrMissing => "Please fill this in.",
        Msg::ErrNameShort => "Please enter your full name.",
        Msg::ErrEmail => "Please enter an e-mail address like name@example.com.",
        Msg::ErrPhoneInvalid => "Use digits only (spaces, dashes and brackets are fine).",
        Msg::ErrPhoneShort => "This number is too short.",
        Msg::ErrPhoneLong => "This number is too long.",
        Msg::ErrPhoneCountry => "Choose the country code that goes with this number.",
        Msg::ErrQuantity => "Choose between 1 and 10 eSIMs.",
        Msg::FixErrors => "Please check the highlighted fields.",
        Msg::PayButton => "Continue to secure payment",
        Msg::ConfirmButton => "Confirm booking",
        Msg::Sending => "Sending…",
        Msg::Redirecting => "Opening the secure payment page…",
        Msg::CheckingPayment => "Checking your payment…",
        Msg::PaymentPendingTitle => "Payment pending",
        Msg::PaymentPendingText => "We have not received the payment confirmation yet. If you paid, it can take a minute.",
        Msg::CheckAgain => "Check again",
        Msg::UncertainTitle => "We could not confirm your booking yet",
        Msg::UncertainText => "The connection was interrupted. Please do not book again: check the status instead, you will not be charged twice.",
        Msg::PaymentCancelled => "The payment was cancelled. Your details are still here: you can try again.",
        Msg::PaymentFailed => "The payment did not go through. Your details are still here: you can try again.",
        Msg::UnsafePaymentPage => "The payment page could not be opened safely. Please contact the hotel.",
        Msg::CheckoutUnavailable => "Booking is not available on this page right now. Please contact the hotel.",
        Msg::ConfirmedTitle => "Your eSIM is booked",
        Msg::BookingReference => "Booking reference",
        Msg::Total => "Total",
        Msg::InstallHeading => "Install your eSIM",
        Msg::InstallOnIphone => "Install on this iPhone",
        Msg::InstallOnAndroid => "Install on this phone",
        Msg::InstallLater => "Install it now, before you travel: you need a connection to download it. It starts counting when you first use data at your destination.",
        Msg::ScanQr => "Scan this code with the phone you travel with: Settings > Mobile Service (or Connections > SIM manager) > Add eSIM > Use QR code.",
        Msg::QrLabel => "QR code that installs the eSIM",
        Msg::ManualCodes => "Or enter the codes by hand",
        Msg::SmdpAddress => "SM-DP+ address",
        Msg::ActivationCode => "Activation code",
        Msg::Copy => "Copy",
        Msg::Copied => "Copied to the clipboard.",
        Msg::EsimPreparing => "Your eSIM is being prepared. This usually takes a moment.",
        Msg::LoadingBooking => "Loading your booking…",
        Msg::UsageHeading => "Data usage",
        Msg::Refresh => "Refresh",
        Msg::StatusNotActive => "Not active yet: it starts when you first use data at your destination.",
        Msg::StatusActive => "Active",
        Msg::StatusFinished => "Used up",
        Msg::StatusExpired => "Expired",
        Msg::StatusUnknown => "Status not available yet",
        Msg::UnlimitedData => "Unlimited data",
        Msg::ValidityEnded => "Validity has ended.",
        Msg::WarnLow => "You have used 75% of your data. Top up to stay connected.",
        Msg::WarnVeryLow => "You have used 90% of your data. Top up now to stay connected.",
        Msg::WarnEmpty => "Your data is used up. Top up to get back online.",
        Msg::TopUpNow => "See top-ups",
        Msg::TopUpsHeading => "Top up this eSIM",
        Msg::NoTopUpsOffered => "No top-ups are available for this eSIM.",
        Msg::BuyTopUp => "Buy",
        Msg::HistoryHeading => "Your top-ups",
        Msg::NoHistory => "No top-ups yet.",
        Msg::BookingStatus => "Booking status",
        Msg::StepByStep => "Step-by-step instructions",
        Msg::ForIphone => "On an iPhone",
        Msg::ForAndroid => "On Android",
        Msg::NetworkSettings => "Data settings",
    }
}

fn de(msg: Msg) -> &'static str {
    match msg {
        Msg::PlansHeading => "Auf Ihrer Reise verbunden bleiben",
        Msg::LoadingPlans => "Datentarife werden geladen…",
        Msg::NoPlans => "Für dieses Reiseziel sind derzeit keine eSIM-Datentarife verfügbar.",
        Msg::Retry => "Erneut versuchen",
        Msg::Data => "Daten",
        Msg::Validity => "Gültig für",
        Msg::Price => "Preis",
        Msg::Unlimited => "Unbegrenzt",
        Msg::PriceOnRequest => "Preis nicht verfügbar",
        Msg::ConfigProblem => "Das eSIM-Angebot kann auf dieser Seite nicht angezeigt werden.",
        Msg::PlansRegion => "eSIM-Datentarife",
        Msg::ErrNetwork => "Der eSIM-Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
        Msg::ErrTimeout => "Der eSIM-Dienst antwortet zu langsam. Bitte versuchen Sie es erneut.",
        Msg::ErrRateLimited => "Gerade zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es erneut.",
        Msg::ErrServer => "Der eSIM-Dienst hat gerade Probleme. Bitte versuchen Sie es gleich noch einmal.",
        Msg::ErrDecode => "Wir haben eine unlesbare Antwort erhalten. Bitte versuchen Sie es gleich noch einmal.",
        Msg::ErrApi => "Der eSIM-Dienst konnte diese Anfrage nicht ausführen.",
        Msg::PoweredBy => "eSIM-Tarife von InnoTravelTech",
        Msg::DeviceHeading => "Funktioniert Ihr Handy mit einer eSIM?",
        Msg::DeviceIntro => "Prüfen Sie vor dem Kauf, ob Ihr Handy eSIM unterstützt.",
        Msg::DeviceSearchLabel => "Ihr Handymodell",
        Msg::DeviceSearchHint => "Zum Beispiel: iPhone 15 Pro, Galaxy S23, Pixel 8a",
        Msg::LoadingDevices => "Liste der eSIM-Handys wird geladen…",
        Msg::NoDevices => "Die Liste der eSIM-Handys ist gerade nicht verfügbar. Sie können diese Prüfung überspringen.",
        Msg::NoPhoneMatches => "Kein Handy in der Liste passt zu Ihrer Eingabe. Prüfen Sie die Schreibweise oder geben Sie an, dass Ihr Handy fehlt.",
        Msg::NotListedButton => "Mein Handy fehlt",
        Msg::SkipCheck => "Prüfung überspringen",
        Msg::ContinueToPlans => "Weiter zu den Datentarifen",
        Msg::CheckAnotherPhone => "Anderes Handy prüfen",
        Msg::CarrierLockNote => "Ihr Handy muss außerdem entsperrt sein: Ein beim Mobilfunkanbieter gekauftes Handy nimmt oft nur dessen SIMs an.",
        Msg::DetectedNote => "Wir haben Ihr Handy am Browser erkannt. Stimmt nicht? Suchen Sie oben Ihr Modell.",
        Msg::NotListedTitle => "Wir können nicht bestätigen, dass Ihr Handy eSIM unterstützt",
        Msg::UnknownTitle => "Sie wissen nicht, welches Handy Sie haben?",
        Msg::ChecksHeading => "Prüfen Sie vor dem Kauf an Ihrem Handy:",
        Msg::CheckSettings => "Einstellungen: beim iPhone Einstellungen > Mobilfunk > eSIM hinzufügen; bei Samsung Einstellungen > Verbindungen > SIM-Verwaltung > eSIM hinzufügen; beim Pixel Einstellungen > Netzwerk & Internet > SIMs > SIM hinzufügen. Fehlt die Option, hat das Handy keine eSIM.",
        Msg::CheckEid => "Wählen Sie *#06#: Wird eine EID angezeigt, hat Ihr Handy eine eSIM.",
        Msg::CheckLock => "SIM-Lock: Ein beim Mobilfunkanbieter gekauftes Handy kann für andere Anbieter gesperrt sein.",
        Msg::CheckRegion => "Regionale Versionen: Manche Modelle aus Festlandchina, Hongkong oder Macau haben keine eSIM.",
        Msg::FamilyIPhone => "Ihr Browser zeigt ein iPhone, aber nicht welches. Wählen Sie Ihr Modell:",
        Msg::FamilyIPad => "Ihr Browser zeigt ein iPad, aber nicht welches. Wählen Sie Ihr Modell:",
        Msg::OnComputer => "Sie sind wohl an einem Computer: Suchen Sie das Handy, mit dem Sie reisen.",
        Msg::DeviceStatusUnknown => "Handy nicht geprüft",
        Msg::DeviceStatusNotListed => "Handy nicht in der eSIM-Liste",
        Msg::ChangeDestination => "Reiseziel ändern",
        Msg::DestinationLabel => "Reiseziel",
        Msg::DestinationHint => "Land oder Gebiet eingeben",
        Msg::NoDestinationMatch => "Kein Land passt zu Ihrer Eingabe.",
        Msg::Cancel => "Abbrechen",
        Msg::RecommendedHeading => "Empfohlen für Ihre Reise",
        Msg::UsageLabel => "Wie viele Daten nutzen Sie?",
        Msg::ProfileLight => "Wenig: Karten, Nachrichten",
        Msg::ProfileTypical => "Normal: soziale Medien, etwas Video",
        Msg::ProfileHeavy => "Viel: Streaming, Hotspot",
        Msg::FiltersLabel => "Filtern und sortieren",
        Msg::MinData => "Mindestdatenvolumen",
        Msg::AnyAmount => "Beliebig",
        Msg::CoversStay => "Reicht für den ganzen Aufenthalt",
        Msg::UnlimitedOnly => "Nur unbegrenzte Daten",
        Msg::CoverageLabel => "Abdeckung",
        Msg::CoverageAll => "Alle Tarife",
        Msg::CoverageLocal => "Nur dieses Land",
        Msg::CoverageMulti => "Mehrere Länder",
        Msg::SortLabel => "Sortieren nach",
        Msg::SortPrice => "Niedrigster Preis",
        Msg::SortPerGb => "Niedrigster Preis pro GB",
        Msg::SortData => "Meiste Daten",
        Msg::SortValidity => "Längste Gültigkeit",
        Msg::NoMatchingPlans => "Keine Tarife passen zu diesen Filtern.",
        Msg::ResetFilters => "Filter zurücksetzen",
        Msg::ShowRegional => "Regionale Tarife zeigen",
        Msg::CoverageGlobal => "Weltweit",
        Msg::TopUpsAvailable => "Aufladbar",
        Msg::NoTopUps => "Nicht aufladbar",
        Msg::FairUsageApplies => "Fair-Use-Richtlinie gilt",
        Msg::Details => "Details",
        Msg::ChoosePlan => "Diesen Tarif wählen",
        Msg::BackToPlans => "Zurück zu den Tarifen",
        Msg::CoveredCountries => "Abgedeckte Länder",
        Msg::Operator => "Netz",
        Msg::ValidityStarts => "Gültigkeit beginnt",
        Msg::FirstUsage => "Bei der ersten Datennutzung am Reiseziel",
        Msg::OnInstall => "Bei der Installation der eSIM",
        Msg::FairUsagePolicy => "Fair-Use-Richtlinie",
        Msg::TopUps => "Aufladen",
        Msg::TopUpsYes => "Sie können später auf derselben Seite Daten nachkaufen.",
        Msg::TopUpsNo => "Dieser Tarif ist nicht aufladbar; kaufen Sie bei Bedarf einen neuen.",
        Msg::InstallNotes => "Installationshinweise",
        Msg::LoadingDetails => "Tarifdetails werden geladen…",
        Msg::ChangePlan => "Tarif ändern",
        Msg::ChosenHeading => "Ihr eSIM-Tarif",
        Msg::PerGb => "Pro GB",
        Msg::Recommended => "Empfohlen",
        Msg::Local => "Lokal",
        Msg::WithQrCode => "Mit dem QR-Code",
        Msg::ByHand => "Von Hand",
        Msg::CheckoutHeading => "Ihre Angaben",
        Msg::CheckoutIntro => "Wir senden die eSIM und den Beleg an diese E-Mail-Adresse.",
        Msg::FullName => "Vollständiger Name",
        Msg::Email => "E-Mail",
        Msg::PhoneCountry => "Landesvorwahl",
        Msg::PhoneNumber => "Handynummer",
        Msg::Quantity => "Anzahl eSIMs (eine pro Handy)",
        Msg::ChooseCountryCode => "Bitte wählen…",
        Msg::ErrMissing => "Bitte ausfüllen.",
        Msg::ErrNameShort => "Bitte geben Sie Ihren vollständigen Namen ein.",
        Msg::ErrEmail => "Bitte eine E-Mail-Adresse wie name@example.com eingeben.",
        Msg::ErrPhoneInvalid => "Nur Ziffern verwenden (Leerzeichen, Striche und Klammern sind erlaubt).",
        Msg::ErrPhoneShort => "Diese Nummer ist zu kurz.",
        Msg::ErrPhoneLong => "Diese Nummer ist zu lang.",
        Msg::ErrPhoneCountry => "Wählen Sie die Landesvorwahl zu dieser Nummer.",
        Msg::ErrQuantity => "Wählen Sie 1 bis 10 eSIMs.",
        Msg::FixErrors => "Bitte prüfen Sie die markierten Felder.",
        Msg::PayButton => "Weiter zur sicheren Zahlung",
        Msg::ConfirmButton => "Buchung bestätigen",
        Msg::Sending => "Wird gesendet…",
        Msg::Redirecting => "Die sichere Zahlungsseite wird geöffnet…",
        Msg::CheckingPayment => "Ihre Zahlung wird geprüft…",
        Msg::PaymentPendingTitle => "Zahlung ausstehend",
        Msg::PaymentPendingText => "Wir haben noch keine Zahlungsbestätigung. Falls Sie bezahlt haben, kann das eine Minute dauern.",
        Msg::CheckAgain => "Erneut prüfen",
        Msg::UncertainTitle => "Wir konnten Ihre Buchung noch nicht bestätigen",
        Msg::UncertainText => "Die Verbindung wurde unterbrochen. Bitte nicht erneut buchen, sondern den Status prüfen: Sie zahlen nicht doppelt.",
        Msg::PaymentCancelled => "Die Zahlung wurde abgebrochen. Ihre Angaben sind noch da: Sie können es erneut versuchen.",
        Msg::PaymentFailed => "Die Zahlung ist nicht durchgegangen. Ihre Angaben sind noch da: Sie können es erneut versuchen.",
        Msg::UnsafePaymentPage => "Die Zahlungsseite konnte nicht sicher geöffnet werden. Bitte wenden Sie sich an das Hotel.",
        Msg::CheckoutUnavailable => "Die Buchung ist auf dieser Seite gerade nicht möglich. Bitte wenden Sie sich an das Hotel.",
        Msg::ConfirmedTitle => "Ihre eSIM ist gebucht",
        Msg::BookingReference => "Buchungsnummer",
        Msg::Total => "Gesamt",
        Msg::InstallHeading => "Ihre eSIM installieren",
        Msg::InstallOnIphone => "Auf diesem iPhone installieren",
        Msg::InstallOnAndroid => "Auf diesem Handy installieren",
        Msg::InstallLater => "Installieren Sie sie jetzt vor der Reise: Zum Herunterladen brauchen Sie eine Verbindung. Die Laufzeit beginnt mit der ersten Datennutzung am Reiseziel.",
        Msg::ScanQr => "Scannen Sie diesen Code mit dem Handy, mit dem Sie reisen: Einstellungen > Mobilfunk (oder Verbindungen > SIM-Verwaltung) > eSIM hinzufügen > QR-Code verwenden.",
        Msg::QrLabel => "QR-Code, der die eSIM installiert",
        Msg::ManualCodes => "Oder die Codes von Hand eingeben",
        Msg::SmdpAddress => "SM-DP+-Adresse",
        Msg::ActivationCode => "Aktivierungscode",
        Msg::Copy => "Kopieren",
        Msg::Copied => "In die Zwischenablage kopiert.",
        Msg::EsimPreparing => "Ihre eSIM wird vorbereitet. Das dauert meist nur einen Moment.",
        Msg::LoadingBooking => "Ihre Buchung wird geladen…",
        Msg::UsageHeading => "Datennutzung",
        Msg::Refresh => "Aktualisieren",
        Msg::StatusNotActive => "Noch nicht aktiv: Sie startet mit der ersten Datennutzung am Reiseziel.",
        Msg::StatusActive => "Aktiv",
        Msg::StatusFinished => "Aufgebraucht",
        Msg::StatusExpired => "Abgelaufen",
        Msg::StatusUnknown => "Status noch nicht verfügbar",
        Msg::UnlimitedData => "Unbegrenzte Daten",
        Msg::ValidityEnded => "Die Gültigkeit ist abgelaufen.",
        Msg::WarnLow => "Sie haben 75 % Ihrer Daten verbraucht. Laden Sie auf, um verbunden zu bleiben.",
        Msg::WarnVeryLow => "Sie haben 90 % Ihrer Daten verbraucht. Laden Sie jetzt auf, um verbunden zu bleiben.",
        Msg::WarnEmpty => "Ihre Daten sind aufgebraucht. Laden Sie auf, um wieder online zu sein.",
        Msg::TopUpNow => "Aufladungen ansehen",
        Msg::TopUpsHeading => "Diese eSIM aufladen",
        Msg::NoTopUpsOffered => "Für diese eSIM sind keine Aufladungen verfügbar.",
        Msg::BuyTopUp => "Kaufen",
        Msg::HistoryHeading => "Ihre Aufladungen",
        Msg::NoHistory => "Noch keine Aufladungen.",
        Msg::BookingStatus => "Buchungsstatus",
        Msg::StepByStep => "Schritt-für-Schritt-Anleitung",
        Msg::ForIphone => "Auf einem iPhone",
        Msg::ForAndroid => "Auf Android",
        Msg::NetworkSettings => "Dateneinstellungen",
    }
}

/// "7 days" / "1 day" in `locale`.
pub fn days(locale: Locale, n: u64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 day".to_string(),
        (Locale::En, n) => format!("{n} days"),
        (Locale::De, 1) => "1 Tag".to_string(),
        (Locale::De, n) => format!("{n} Tage"),
    }
}

/// "7 nights" / "1 night" in `locale`.
pub fn nights(locale: Locale, n: u64) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 night".to_string(),
        (Locale::En, n) => format!("{n} nights"),
        (Locale::De, 1) => "1 Nacht".to_string(),
        (Locale::De, n) => format!("{n} Nächte"),
    }
}

/// "14 plans" / "1 plan" in `locale`, for the list summary read by screen readers.
pub fn plan_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 plan".to_string(),
        (Locale::En, n) => format!("{n} plans"),
        (Locale::De, 1) => "1 Tarif".to_string(),
        (Locale::De, n) => format!("{n} Tarife"),
    }
}

/// Abbreviated month name (1 = January).
pub fn month_short(locale: Locale, month: u8) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DE: [&str; 12] = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ];
    let i = usize::from(month.clamp(1, 12) - 1);
    match locale {
        Locale::En => EN[i],
        Locale::De => DE[i],
    }
}

/// "Galaxy S23 supports eSIM": the compatible verdict.
pub fn supports_esim(locale: Locale, device: &str) -> String {
    match locale {
        Locale::En => format!("{device} supports eSIM"),
        Locale::De => format!("{device} unterstützt eSIM"),
    }
}

/// What the browser reported, when that model is not in the list.
pub fn reported_model(locale: Locale, model: &str) -> String {
    match locale {
        Locale::En => format!(
            "Your phone reports the model {model}, which is not in the list of eSIM phones."
        ),
        Locale::De => format!(
            "Ihr Handy meldet das Modell {model}, das nicht in der Liste der eSIM-Handys steht."
        ),
    }
}

/// A listed model close to the reported one.
pub fn similar_listed(locale: Locale, device: &str) -> String {
    match locale {
        Locale::En => format!("The {device} is in the list, but versions of it differ by region."),
        Locale::De => format!("Das {device} steht in der Liste, aber seine Versionen unterscheiden sich je nach Region."),
    }
}

/// "5 phones found", announced as the traveller types.
pub fn phones_found(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 phone found".to_string(),
        (Locale::En, n) => format!("{n} phones found"),
        (Locale::De, 1) => "1 Handy gefunden".to_string(),
        (Locale::De, n) => format!("{n} Handys gefunden"),
    }
}

/// One line explaining the recommendation.
pub fn recommendation_reason(locale: Locale, reason: crate::plans::Reason) -> String {
    use crate::plans::Reason;
    match (locale, reason) {
        (Locale::En, Reason::Fits { days, roomy: true, dated: true }) => {
            format!("Covers your {} with room to spare.", nights(locale, days))
        }
        (Locale::En, Reason::Fits { days, roomy: false, dated: true }) => {
            format!("Covers your {} with the data you are likely to use.", nights(locale, days))
        }
        (Locale::En, Reason::Fits { days, dated: false, .. }) => {
            format!("Enough for a {}-day trip at this usage.", days)
        }
        (Locale::En, Reason::MostData { days }) => format!(
            "No plan has enough data for {} at this usage; this one has the most and lasts your stay.",
            nights(locale, days)
        ),
        (Locale::En, Reason::Longest { days, rechargeable }) => format!(
            "No plan lasts {}; this is the longest{}.",
            nights(locale, days),
            if rechargeable { ", and you can top it up" } else { "" }
        ),
        (Locale::De, Reason::Fits { days, roomy: true, dated: true }) => {
            format!("Reicht für Ihre {} mit Reserve.", nights(locale, days))
        }
        (Locale::De, Reason::Fits { days, roomy: false, dated: true }) => {
            format!("Reicht für Ihre {} mit den Daten, die Sie voraussichtlich nutzen.", nights(locale, days))
        }
        (Locale::De, Reason::Fits { days, dated: false, .. }) => {
            format!("Genug für eine {}-tägige Reise bei dieser Nutzung.", days)
        }
        (Locale::De, Reason::MostData { days }) => format!(
            "Kein Tarif hat genug Daten für {} bei dieser Nutzung; dieser hat die meisten und reicht für Ihren Aufenthalt.",
            nights(locale, days)
        ),
        (Locale::De, Reason::Longest { days, rechargeable }) => format!(
            "Kein Tarif reicht für {}; dieser ist der längste{}.",
            nights(locale, days),
            if rechargeable { " und lässt sich aufladen" } else { "" }
        ),
    }
}

/// "Showing 12 of 30 plans", announced when filters change.
pub fn showing(locale: Locale, shown: usize, total: usize) -> String {
    match locale {
        Locale::En => format!("Showing {shown} of {}", plan_count(locale, total)),
        Locale::De => format!("{shown} von {} angezeigt", plan_count(locale, total)),
    }
}

/// "Show 12 more".
pub fn show_more(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!("Show {n} more"),
        Locale::De => format!("{n} weitere zeigen"),
    }
}

/// "Regional · Asia" card label (the word is the same in German).
pub fn regional(_locale: Locale, region: Option<&str>) -> String {
    match region {
        Some(r) => format!("Regional · {r}"),
        None => "Regional".to_string(),
    }
}

/// "No plans just for Japan. Regional plans cover it too." (empty local list).
pub fn no_local_plans(locale: Locale, country: &str) -> String {
    match locale {
        Locale::En => format!("No plans just for {country}. Regional plans cover it too."),
        Locale::De => {
            format!("Keine Tarife nur für {country}. Regionale Tarife decken es ebenfalls ab.")
        }
    }
}

/// "$2.60 per GB".
pub fn per_gb(locale: Locale, price: &str) -> String {
    match locale {
        Locale::En => format!("{price} per GB"),
        Locale::De => format!("{price} pro GB"),
    }
}

/// "If nothing changes, contact the hotel with the reference …".
pub fn contact_hotel(locale: Locale, reference: &str) -> String {
    match locale {
        Locale::En => {
            format!("If nothing changes, contact the hotel with the reference {reference}.")
        }
        Locale::De => format!(
            "Wenn sich nichts ändert, wenden Sie sich mit der Referenz {reference} an das Hotel."
        ),
    }
}

/// "eSIM 1 of 2".
pub fn esim_n_of(locale: Locale, n: usize, of: usize) -> String {
    match locale {
        Locale::En => format!("eSIM {n} of {of}"),
        Locale::De => format!("eSIM {n} von {of}"),
    }
}

/// "3.8 GB of 5 GB used · 1.3 GB left".
pub fn used_of(locale: Locale, used: &str, total: &str, left: &str) -> String {
    match locale {
        Locale::En => format!("{used} of {total} used · {left} left"),
        Locale::De => format!("{used} von {total} verbraucht · {left} übrig"),
    }
}

/// "Valid for 3 more days and 5 hours".
pub fn time_left(locale: Locale, days: u64, hours: u64) -> String {
    match locale {
        Locale::En => format!("Valid for {} and {hours} h more", self::days(locale, days)),
        Locale::De => format!("Noch {} und {hours} Std. gültig", self::days(locale, days)),
    }
}

/// "Updated 14:05".
pub fn updated_at(locale: Locale, time: &str) -> String {
    match locale {
        Locale::En => format!("Updated {time}"),
        Locale::De => format!("Aktualisiert {time}"),
    }
}

/// "You chose 5 GB - 30 days."
pub fn you_chose(locale: Locale, title: &str) -> String {
    match locale {
        Locale::En => format!("You chose {title}."),
        Locale::De => format!("Sie haben {title} gewählt."),
    }
}

/// "Data plans for Thailand", with the country's name in the page's language.
pub fn plans_for(locale: Locale, name: &str) -> String {
    match locale {
        Locale::En => format!("Data plans for {name}"),
        Locale::De => format!("Datentarife für {name}"),
    }
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

    /// Messages reviewed to be the same word in English and German.
    const SAME_IN_GERMAN: &[Msg] = &[Msg::Details];

    #[test]
    fn german_differs_from_english() {
        let same: Vec<Msg> = Msg::ALL
            .iter()
            .copied()
            .filter(|m| t(Locale::En, *m) == t(Locale::De, *m) && !SAME_IN_GERMAN.contains(m))
            .collect();
        assert_eq!(same, [], "German messages left in English");
    }

    #[test]
    fn tags_pick_catalogs() {
        assert_eq!(Locale::from_tag("de-CH"), Locale::De);
        assert_eq!(Locale::from_tag("DE"), Locale::De);
        assert_eq!(Locale::from_tag("en_GB"), Locale::En);
        assert_eq!(Locale::from_tag("xx"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn plurals() {
        assert_eq!(days(Locale::En, 1), "1 day");
        assert_eq!(days(Locale::En, 30), "30 days");
        assert_eq!(nights(Locale::De, 7), "7 Nächte");
        assert_eq!(plan_count(Locale::De, 1), "1 Tarif");
    }

    #[test]
    fn plans_for_names_the_destination() {
        assert_eq!(
            plans_for(Locale::De, "Frankreich"),
            "Datentarife für Frankreich"
        );
    }
}
