//! The messages: one list that declares both the [`Msg`] enum and [`Msg::ALL`].

/// Declares `pub enum Msg` from one list of documented variants, together with
/// [`Msg::ALL`] holding every variant in the order listed, so the two cannot
/// drift apart. The locales' exhaustive `match`es still make a message without a
/// translation a compile error.
macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum Msg {
            $($(#[$doc:meta])* $name:ident,)*
        }
    ) => {
        $(#[$meta])*
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            /// Every message, for catalog completeness tests.
            pub const ALL: [Msg; [$(Msg::$name),*].len()] = [$(Msg::$name),*];
        }
    };
}

messages! {
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
        /// Announced when the clipboard refused a copy (no permission, no API).
        CopyFailed,
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
}
