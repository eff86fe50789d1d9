//! English: the default catalog and the reference every other locale is checked against.

use super::{Catalog, Msg, Reason};

/// The English catalog.
pub(super) struct En;

impl Catalog for En {
    fn msg(msg: Msg) -> &'static str {
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
            Msg::CheckMyPhone => "Check my phone",
            Msg::ContinueToCheckout => "Continue to checkout",
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
            Msg::UncertainText => "Your booking may already have gone through, but its confirmation has not reached us. Please do not book again: press “Check again” in a moment. You will not be charged twice.",
            Msg::PaymentCancelled => "The payment was cancelled. Your details are still here: you can try again.",
            Msg::PaymentFailed => "The payment did not go through. Your details are still here: you can try again.",
            Msg::UnsafePaymentPage => "The payment page could not be opened safely. Please contact the hotel.",
            Msg::ErrTrackingRefused => "We could not continue this booking. Nothing was booked or charged. Your details are still here: please send them again.",
            Msg::ErrGrantRefused => "The hotel could not confirm its payment for this eSIM. Nothing was charged. Please try again in a moment or contact the hotel.",
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
            Msg::CopyFailed => "Could not copy. Select the code and copy it yourself.",
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
            Msg::ChooseTopUp => "Choose",
            Msg::TopupFormHeading => "Your contact details for this top-up",
            Msg::TopupFormIntro => "We send the top-up receipt to this e-mail address.",
            Msg::TopupRequested => "Top-up requested.",
            Msg::TopupProcessing => "Your top-up is being processed; it can take a few minutes to appear.",
            Msg::TopupAdded => "Your top-up has been added.",
            Msg::TopupUnavailable => "Top-ups cannot be bought right now. Please try again later.",
            Msg::BookingCancelled => "Cancelled",
            Msg::BookingRefunded => "Refunded",
            Msg::PaymentFailedShort => "Payment failed",
            Msg::CardPromise => "Install an eSIM before you fly and be online the moment you land.",
            Msg::SeePlans => "See eSIM plans",
        }
    }

    const MONTHS: [&'static str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    fn days(n: u64) -> String {
        match n {
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        }
    }

    fn nights(n: u64) -> String {
        match n {
            1 => "1 night".to_string(),
            n => format!("{n} nights"),
        }
    }

    fn plan_count(n: usize) -> String {
        match n {
            1 => "1 plan".to_string(),
            n => format!("{n} plans"),
        }
    }

    fn phones_found(n: usize) -> String {
        match n {
            1 => "1 phone found".to_string(),
            n => format!("{n} phones found"),
        }
    }

    fn supports_esim(device: &str) -> String {
        format!("{device} supports eSIM")
    }

    fn reported_model(model: &str) -> String {
        format!("Your phone reports the model {model}, which is not in the list of eSIM phones.")
    }

    fn similar_listed(device: &str) -> String {
        format!("The {device} is in the list, but versions of it differ by region.")
    }

    fn recommendation_reason(reason: Reason) -> String {
        match reason {
            Reason::Fits { days, roomy: true, dated: true } => {
                format!("Covers your {} with room to spare.", Self::nights(days))
            }
            Reason::Fits { days, roomy: false, dated: true } => {
                format!("Covers your {} with the data you are likely to use.", Self::nights(days))
            }
            Reason::Fits { days, dated: false, .. } => {
                format!("Enough for a {days}-day trip at this usage.")
            }
            Reason::MostData { days } => format!(
                "No plan has enough data for {} at this usage; this one has the most and lasts your stay.",
                Self::nights(days)
            ),
            Reason::Longest { days, rechargeable } => format!(
                "No plan lasts {}; this is the longest{}.",
                Self::nights(days),
                if rechargeable { ", and you can top it up" } else { "" }
            ),
        }
    }

    fn showing(shown: usize, total: usize) -> String {
        format!("Showing {shown} of {}", Self::plan_count(total))
    }

    fn show_more(n: usize) -> String {
        format!("Show {n} more")
    }

    fn regional(region: Option<&str>) -> String {
        match region {
            Some(r) => format!("Regional · {r}"),
            None => "Regional".to_string(),
        }
    }

    fn no_local_plans(country: &str) -> String {
        format!("No plans just for {country}. Regional plans cover it too.")
    }

    fn per_gb(price: &str) -> String {
        format!("{price} per GB")
    }

    fn contact_hotel(reference: &str) -> String {
        format!("If nothing changes, contact the hotel with the reference {reference}.")
    }

    fn esim_n_of(n: usize, of: usize) -> String {
        format!("eSIM {n} of {of}")
    }

    fn used_of(used: &str, total: &str, left: &str) -> String {
        format!("{used} of {total} used · {left} left")
    }

    fn time_left(days: u64, hours: u64) -> String {
        format!("Valid for {} and {hours} h more", Self::days(days))
    }

    fn updated_at(time: &str) -> String {
        format!("Updated {time}")
    }

    fn plans_for(name: &str) -> String {
        format!("Data plans for {name}")
    }

    fn from_price(price: &str) -> String {
        format!("from {price}")
    }

    fn date(day: u8, month: &str, year: i32) -> String {
        format!("{day} {month} {year}")
    }
}
