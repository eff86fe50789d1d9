//! Arabic (written right to left).

use super::{Catalog, Msg, Reason};

/// The Arabic catalog.
pub(super) struct Ar;

/// A counted noun with the CLDR Arabic plural categories: `one` and `two` are
/// whole phrases without the digit ("يوم واحد", "يومان"); `few` (n % 100 in
/// 3..=10), `many` (11..=99) and `other` (0, 100, 101, 102…) follow the number.
fn plural(n: u64, one: &str, two: &str, few: &str, many: &str, other: &str) -> String {
    match (n, n % 100) {
        (1, _) => one.to_string(),
        (2, _) => two.to_string(),
        (_, 3..=10) => format!("{n} {few}"),
        (_, 11..=99) => format!("{n} {many}"),
        _ => format!("{n} {other}"),
    }
}

/// "ساعة واحدة" / "ساعتان" / "5 ساعات" / "12 ساعة" (for the validity countdown).
fn hour_count(n: u64) -> String {
    plural(n, "ساعة واحدة", "ساعتان", "ساعات", "ساعة", "ساعة")
}

impl Catalog for Ar {
    fn msg(msg: Msg) -> &'static str {
        match msg {
            Msg::PlansHeading => "ابقَ متصلًا طوال رحلتك",
            Msg::LoadingPlans => "جارٍ تحميل باقات البيانات…",
            Msg::NoPlans => "لا تتوفر حاليًا باقات بيانات eSIM لهذه الوجهة.",
            Msg::Retry => "إعادة المحاولة",
            Msg::Data => "البيانات",
            Msg::Validity => "مدة الصلاحية",
            Msg::Price => "السعر",
            Msg::Unlimited => "غير محدودة",
            Msg::PriceOnRequest => "السعر غير متوفر",
            Msg::ConfigProblem => "يتعذّر إظهار عرض eSIM في هذه الصفحة.",
            Msg::PlansRegion => "باقات بيانات eSIM",
            Msg::ErrNetwork => "تعذّر الوصول إلى خدمة eSIM. تحقّق من اتصالك بالإنترنت ثم أعد المحاولة.",
            Msg::ErrTimeout => "تستغرق خدمة eSIM وقتًا طويلًا في الرد. يُرجى إعادة المحاولة.",
            Msg::ErrRateLimited => "عدد الطلبات كبير جدًا في الوقت الحالي. يُرجى الانتظار قليلًا ثم إعادة المحاولة.",
            Msg::ErrServer => "تواجه خدمة eSIM مشكلة حاليًا. يُرجى إعادة المحاولة بعد قليل.",
            Msg::ErrDecode => "تلقّينا ردًّا تعذّرت قراءته. يُرجى إعادة المحاولة بعد قليل.",
            Msg::ErrApi => "تعذّر على خدمة eSIM إتمام هذا الطلب.",
            Msg::PoweredBy => "باقات eSIM مقدَّمة من InnoTravelTech",
            Msg::DeviceHeading => "هل يعمل هاتفك مع شريحة eSIM؟",
            Msg::DeviceIntro => "تأكّد من أن هاتفك يدعم eSIM قبل شراء الباقة.",
            Msg::DeviceSearchLabel => "طراز هاتفك",
            Msg::DeviceSearchHint => "مثلًا: iPhone 15 Pro أو Galaxy S23 أو Pixel 8a",
            Msg::LoadingDevices => "جارٍ تحميل قائمة الهواتف التي تدعم eSIM…",
            Msg::NoDevices => "قائمة الهواتف التي تدعم eSIM غير متاحة حاليًا. يمكنك تخطي هذا التحقق.",
            Msg::NoPhoneMatches => "لا يوجد في القائمة هاتف يطابق ما كتبته. تحقّق من الإملاء، أو أخبرنا بأن هاتفك غير مدرج في القائمة.",
            Msg::NotListedButton => "هاتفي غير مدرج في القائمة",
            Msg::SkipCheck => "تخطي هذا التحقق",
            Msg::ContinueToPlans => "المتابعة إلى باقات البيانات",
            Msg::CheckAnotherPhone => "التحقق من هاتف آخر",
            Msg::CheckMyPhone => "التحقق من هاتفي",
            Msg::ContinueToCheckout => "المتابعة إلى إتمام الشراء",
            Msg::CarrierLockNote => "يجب أيضًا ألا يكون هاتفك مقفلًا على شبكة معيّنة: فالهاتف المشترى من شركة اتصالات قد لا يقبل إلا شرائح تلك الشركة.",
            Msg::DetectedNote => "تعرّفنا على هاتفك من خلال متصفحك. ليس هذا هاتفك؟ ابحث عن طرازك في الأعلى.",
            Msg::NotListedTitle => "لا يمكننا التأكد من أن هاتفك يدعم eSIM",
            Msg::UnknownTitle => "لست متأكدًا من طراز هاتفك؟",
            Msg::ChecksHeading => "قبل الشراء، تحقّق من الأمور التالية على هاتفك:",
            Msg::CheckSettings => "الإعدادات: على iPhone، افتح الإعدادات > خدمة الجوال (أو خلوي) > إضافة eSIM؛ وعلى Samsung، افتح الإعدادات > الاتصالات > مدير بطاقة SIM > إضافة eSIM؛ وعلى Pixel، افتح الإعدادات > الشبكة والإنترنت > شرائح SIM > إضافة شريحة SIM. إذا لم يظهر هذا الخيار، فهاتفك لا يدعم eSIM.",
            Msg::CheckEid => "اطلب الرقم \u{2066}*#06#\u{2069}: إذا ظهر رقم EID، فهاتفك يدعم eSIM.",
            Msg::CheckLock => "قفل الشبكة: الهاتف المشترى من شركة اتصالات قد يكون مقفلًا على شبكتها.",
            Msg::CheckRegion => "الإصدارات الإقليمية: بعض الطرازات المبيعة في البر الرئيسي للصين أو هونغ كونغ أو ماكاو لا تدعم eSIM.",
            Msg::FamilyIPhone => "يُظهر متصفحك أن جهازك iPhone، لكن دون تحديد الطراز. اختر طرازك:",
            Msg::FamilyIPad => "يُظهر متصفحك أن جهازك iPad، لكن دون تحديد الطراز. اختر طرازك:",
            Msg::OnComputer => "يبدو أنك تستخدم جهاز كمبيوتر: ابحث عن الهاتف الذي ستسافر به.",
            Msg::DeviceStatusUnknown => "لم يتم التحقق من الهاتف",
            Msg::DeviceStatusNotListed => "الهاتف غير مدرج في قائمة eSIM",
            Msg::ChangeDestination => "تغيير الوجهة",
            Msg::DestinationLabel => "الوجهة",
            Msg::DestinationHint => "اكتب اسم دولة أو إقليم",
            Msg::NoDestinationMatch => "لا توجد دولة تطابق ما كتبته.",
            Msg::Cancel => "إلغاء",
            Msg::RecommendedHeading => "الباقة المقترحة لرحلتك",
            Msg::UsageLabel => "ما مقدار البيانات التي تستخدمها؟",
            Msg::ProfileLight => "خفيف: الخرائط والرسائل",
            Msg::ProfileTypical => "متوسط: وسائل التواصل الاجتماعي وبعض الفيديو",
            Msg::ProfileHeavy => "كثيف: بث الفيديو ونقطة الاتصال الشخصية",
            Msg::FiltersLabel => "التصفية والترتيب",
            Msg::MinData => "الحد الأدنى للبيانات",
            Msg::AnyAmount => "أي كمية",
            Msg::CoversStay => "تكفي طوال إقامتي",
            Msg::UnlimitedOnly => "البيانات غير المحدودة فقط",
            Msg::CoverageLabel => "التغطية",
            Msg::CoverageAll => "جميع الباقات",
            Msg::CoverageLocal => "هذه الدولة فقط",
            Msg::CoverageMulti => "عدة دول",
            Msg::SortLabel => "الترتيب حسب",
            Msg::SortPrice => "الأقل سعرًا",
            Msg::SortPerGb => "الأقل سعرًا لكل GB",
            Msg::SortData => "الأكثر بيانات",
            Msg::SortValidity => "الأطول صلاحية",
            Msg::NoMatchingPlans => "لا توجد باقات تطابق عوامل التصفية هذه.",
            Msg::ResetFilters => "إعادة ضبط عوامل التصفية",
            Msg::ShowRegional => "عرض الباقات الإقليمية",
            Msg::CoverageGlobal => "عالمية",
            Msg::TopUpsAvailable => "قابلة لإعادة الشحن",
            Msg::NoTopUps => "غير قابلة لإعادة الشحن",
            Msg::FairUsageApplies => "تخضع لسياسة الاستخدام العادل",
            Msg::Details => "التفاصيل",
            Msg::ChoosePlan => "اختيار هذه الباقة",
            Msg::BackToPlans => "العودة إلى الباقات",
            Msg::CoveredCountries => "الدول المشمولة",
            Msg::Operator => "الشبكة",
            Msg::ValidityStarts => "بداية الصلاحية",
            Msg::FirstUsage => "عند أول استخدام للبيانات في وجهتك",
            Msg::OnInstall => "عند تثبيت شريحة eSIM",
            Msg::FairUsagePolicy => "سياسة الاستخدام العادل",
            Msg::TopUps => "إعادة الشحن",
            Msg::TopUpsYes => "يمكنك إضافة بيانات لاحقًا من الصفحة نفسها.",
            Msg::TopUpsNo => "لا يمكن إعادة شحن هذه الباقة؛ اشترِ باقة جديدة إذا احتجت إلى المزيد.",
            Msg::InstallNotes => "ملاحظات التثبيت",
            Msg::LoadingDetails => "جارٍ تحميل تفاصيل الباقة…",
            Msg::ChangePlan => "تغيير الباقة",
            Msg::ChosenHeading => "باقة eSIM الخاصة بك",
            Msg::Recommended => "موصى بها",
            Msg::Local => "محلية",
            Msg::WithQrCode => "باستخدام رمز QR",
            Msg::ByHand => "يدويًا",
            Msg::CheckoutHeading => "معلوماتك",
            Msg::CheckoutIntro => "سنرسل شريحة eSIM وإيصالها إلى عنوان البريد الإلكتروني هذا.",
            Msg::FullName => "الاسم الكامل",
            Msg::Email => "البريد الإلكتروني",
            Msg::PhoneCountry => "رمز الدولة",
            Msg::PhoneNumber => "رقم الجوال",
            Msg::Quantity => "عدد شرائح eSIM (شريحة واحدة لكل هاتف)",
            Msg::ChooseCountryCode => "اختر…",
            Msg::ErrMissing => "يُرجى ملء هذا الحقل.",
            Msg::ErrNameShort => "يُرجى إدخال اسمك الكامل.",
            Msg::ErrEmail => "يُرجى إدخال عنوان بريد إلكتروني مثل name@example.com.",
            Msg::ErrPhoneInvalid => "استخدم الأرقام فقط (يُسمح بالمسافات والشرطات والأقواس).",
            Msg::ErrPhoneShort => "هذا الرقم قصير جدًا.",
            Msg::ErrPhoneLong => "هذا الرقم طويل جدًا.",
            Msg::ErrPhoneCountry => "اختر رمز الدولة المطابق لهذا الرقم.",
            Msg::ErrQuantity => "اختر من 1 إلى 10 شرائح eSIM.",
            Msg::FixErrors => "يُرجى مراجعة الحقول المميّزة.",
            Msg::PayButton => "المتابعة إلى الدفع الآمن",
            Msg::ConfirmButton => "تأكيد الحجز",
            Msg::Sending => "جارٍ الإرسال…",
            Msg::Redirecting => "جارٍ فتح صفحة الدفع الآمنة…",
            Msg::CheckingPayment => "جارٍ التحقق من الدفع…",
            Msg::PaymentPendingTitle => "الدفع قيد الانتظار",
            Msg::PaymentPendingText => "لم نتلقَّ تأكيد الدفع بعد. إذا كنت قد دفعت، فقد يستغرق ذلك دقيقة.",
            Msg::CheckAgain => "التحقق مرة أخرى",
            Msg::UncertainTitle => "لم نتمكن من تأكيد حجزك بعد",
            Msg::UncertainText => "ربما تمّ حجزك بالفعل، لكن تأكيده لم يصلنا بعد. يُرجى عدم الحجز مرة أخرى: اضغط على «التحقق مرة أخرى» بعد قليل. لن يُخصم المبلغ منك مرتين.",
            Msg::PaymentCancelled => "تم إلغاء الدفع. معلوماتك لا تزال محفوظة هنا، ويمكنك المحاولة مرة أخرى.",
            Msg::PaymentFailed => "لم تتم عملية الدفع. معلوماتك لا تزال محفوظة هنا، ويمكنك المحاولة مرة أخرى.",
            Msg::UnsafePaymentPage => "تعذّر فتح صفحة الدفع بأمان. يُرجى التواصل مع الفندق.",
            Msg::ErrTrackingRefused => "تعذّر علينا متابعة هذا الحجز. لم يُحجز أي شيء ولم يُخصم أي مبلغ. معلوماتك لا تزال محفوظة هنا: يُرجى إرسالها مرة أخرى.",
            Msg::ErrGrantRefused => "تعذّر على الفندق تأكيد دفعه مقابل شريحة eSIM هذه. لم يُخصم أي مبلغ. يُرجى المحاولة مرة أخرى بعد قليل أو التواصل مع الفندق.",
            Msg::CheckoutUnavailable => "الحجز غير متاح في هذه الصفحة حاليًا. يُرجى التواصل مع الفندق.",
            Msg::ConfirmedTitle => "تم حجز شريحة eSIM الخاصة بك",
            Msg::BookingReference => "الرقم المرجعي للحجز",
            Msg::Total => "الإجمالي",
            Msg::InstallHeading => "تثبيت شريحة eSIM",
            Msg::InstallOnIphone => "التثبيت على جهاز iPhone هذا",
            Msg::InstallOnAndroid => "التثبيت على هذا الهاتف",
            Msg::InstallLater => "ثبّتها الآن قبل السفر، فأنت تحتاج إلى اتصال بالإنترنت لتنزيلها. ولا تبدأ مدة صلاحيتها إلا عند أول استخدام للبيانات في وجهتك.",
            Msg::ScanQr => "امسح هذا الرمز ضوئيًا بالهاتف الذي ستسافر به: الإعدادات > خدمة الجوال (أو الاتصالات > مدير بطاقة SIM) > إضافة eSIM > استخدام رمز QR.",
            Msg::QrLabel => "رمز QR لتثبيت شريحة eSIM",
            Msg::ManualCodes => "أو أدخل الرموز يدويًا",
            Msg::SmdpAddress => "عنوان \u{2066}SM-DP+\u{2069}",
            Msg::ActivationCode => "رمز التفعيل",
            Msg::Copy => "نسخ",
            Msg::Copied => "تم النسخ إلى الحافظة.",
            Msg::CopyFailed => "تعذّر النسخ. حدّد الرمز وانسخه بنفسك.",
            Msg::EsimPreparing => "جارٍ تجهيز شريحة eSIM الخاصة بك. يستغرق ذلك عادةً لحظات قليلة.",
            Msg::LoadingBooking => "جارٍ تحميل حجزك…",
            Msg::UsageHeading => "استهلاك البيانات",
            Msg::Refresh => "تحديث",
            Msg::StatusNotActive => "غير نشطة بعد: تبدأ عند أول استخدام للبيانات في وجهتك.",
            Msg::StatusActive => "نشطة",
            Msg::StatusFinished => "مُستهلكة بالكامل",
            Msg::StatusExpired => "منتهية الصلاحية",
            Msg::StatusUnknown => "الحالة غير متاحة بعد",
            Msg::UnlimitedData => "بيانات غير محدودة",
            Msg::ValidityEnded => "انتهت مدة الصلاحية.",
            Msg::WarnLow => "لقد استهلكت 75% من بياناتك. أعد الشحن لتبقى متصلًا.",
            Msg::WarnVeryLow => "لقد استهلكت 90% من بياناتك. أعد الشحن الآن لتبقى متصلًا.",
            Msg::WarnEmpty => "نفدت بياناتك. أعد الشحن لتعود إلى الاتصال بالإنترنت.",
            Msg::TopUpNow => "عرض خيارات إعادة الشحن",
            Msg::TopUpsHeading => "إعادة شحن شريحة eSIM هذه",
            Msg::NoTopUpsOffered => "لا تتوفر خيارات إعادة شحن لشريحة eSIM هذه.",
            Msg::BuyTopUp => "شراء",
            Msg::HistoryHeading => "عمليات إعادة الشحن الخاصة بك",
            Msg::NoHistory => "لا توجد عمليات إعادة شحن حتى الآن.",
            Msg::BookingStatus => "حالة الحجز",
            Msg::StepByStep => "التعليمات خطوة بخطوة",
            Msg::ForIphone => "على iPhone",
            Msg::ForAndroid => "على Android",
            Msg::NetworkSettings => "إعدادات البيانات",
            Msg::ChooseTopUp => "اختيار",
            Msg::TopupFormHeading => "بيانات الاتصال الخاصة بك لإعادة الشحن هذه",
            Msg::TopupFormIntro => "نرسل إيصال إعادة الشحن إلى عنوان البريد الإلكتروني هذا.",
            Msg::TopupRequested => "تم طلب إعادة الشحن.",
            Msg::TopupProcessing => "تجري معالجة إعادة الشحن؛ قد يستغرق ظهورها بضع دقائق.",
            Msg::TopupAdded => "تمت إضافة إعادة الشحن.",
            Msg::TopupUnavailable => "لا يمكن شراء خيارات إعادة الشحن حاليًا. يُرجى المحاولة مرة أخرى لاحقًا.",
            Msg::BookingCancelled => "ملغى",
            Msg::BookingRefunded => "تم استرداد المبلغ",
            Msg::PaymentFailedShort => "فشل الدفع",
            Msg::CardPromise => "ثبّت شريحة eSIM قبل السفر وكن متصلًا فور وصولك.",
            Msg::SeePlans => "عرض باقات eSIM",
        }
    }

    const MONTHS: [&'static str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ];

    fn days(n: u64) -> String {
        plural(n, "يوم واحد", "يومان", "أيام", "يومًا", "يوم")
    }

    fn nights(n: u64) -> String {
        plural(n, "ليلة واحدة", "ليلتان", "ليالٍ", "ليلة", "ليلة")
    }

    fn plan_count(n: usize) -> String {
        plural(n as u64, "باقة واحدة", "باقتان", "باقات", "باقة", "باقة")
    }

    fn phones_found(n: usize) -> String {
        // After "على" the dual takes its genitive form (هاتفين).
        let phones = plural(n as u64, "هاتف واحد", "هاتفين", "هواتف", "هاتفًا", "هاتف");
        format!("تم العثور على {phones}")
    }

    fn supports_esim(device: &str) -> String {
        format!("جهاز {device} يدعم eSIM")
    }

    fn reported_model(model: &str) -> String {
        format!("يُعرّف هاتفك نفسه بالطراز {model}، وهذا الطراز غير مدرج في قائمة الهواتف التي تدعم eSIM.")
    }

    fn similar_listed(device: &str) -> String {
        format!("الطراز {device} مدرج في القائمة، لكن إصداراته تختلف من منطقة إلى أخرى.")
    }

    fn recommendation_reason(reason: Reason) -> String {
        // The counts stand as the predicate of "مدة إقامتك" so that they keep
        // their nominative forms (ليلتان) whatever the number.
        match reason {
            Reason::Fits { days, roomy: true, dated: true } => {
                format!("مدة إقامتك {}، وهذه الباقة تكفيها مع هامش إضافي.", Self::nights(days))
            }
            Reason::Fits { days, roomy: false, dated: true } => {
                format!(
                    "مدة إقامتك {}، وهذه الباقة تكفيها بكمية البيانات التي يُتوقع أن تستخدمها.",
                    Self::nights(days)
                )
            }
            Reason::Fits { days, dated: false, .. } => {
                format!("تكفي لرحلة مدتها {} بهذا المستوى من الاستخدام.", Self::days(days))
            }
            Reason::MostData { days } => format!(
                "مدة إقامتك {}، ولا توجد باقة تكفي بياناتها لهذه المدة بهذا المستوى من الاستخدام؛ هذه الباقة تقدّم أكبر كمية من البيانات وتدوم طوال إقامتك.",
                Self::nights(days)
            ),
            Reason::Longest { days, rechargeable } => format!(
                "مدة إقامتك {}، ولا توجد باقة تدوم طوالها؛ هذه أطول باقة متاحة{}.",
                Self::nights(days),
                if rechargeable { "، ويمكنك إعادة شحنها" } else { "" }
            ),
        }
    }

    fn showing(shown: usize, total: usize) -> String {
        format!("{}، يُعرض منها {shown}", Self::plan_count(total))
    }

    fn show_more(n: usize) -> String {
        format!("عرض {n} أخرى")
    }

    fn regional(region: Option<&str>) -> String {
        match region {
            Some(r) => format!("إقليمية · {r}"),
            None => "إقليمية".to_string(),
        }
    }

    fn no_local_plans(country: &str) -> String {
        format!("لا توجد باقات تغطي {country} وحدها، لكن الباقات الإقليمية تغطي هذه الوجهة أيضًا.")
    }

    fn per_gb(price: &str) -> String {
        format!("{price} لكل GB")
    }

    fn contact_hotel(reference: &str) -> String {
        format!("إذا لم يتغير شيء، يُرجى التواصل مع الفندق مع ذكر الرقم المرجعي {reference}.")
    }

    fn esim_n_of(n: usize, of: usize) -> String {
        format!("شريحة eSIM {n} من {of}")
    }

    fn used_of(used: &str, total: &str, left: &str) -> String {
        format!("تم استخدام {used} من {total} · المتبقي {left}")
    }

    fn time_left(days: u64, hours: u64) -> String {
        // "Validity left: 3 days and 5 hours", leaving out a zero part.
        let left = match (days, hours) {
            (0, h) => hour_count(h),
            (d, 0) => Self::days(d),
            (d, h) => format!("{} و{}", Self::days(d), hour_count(h)),
        };
        format!("الصلاحية المتبقية: {left}")
    }

    fn updated_at(time: &str) -> String {
        format!("آخر تحديث: {time}")
    }

    fn plans_for(name: &str) -> String {
        format!("باقات البيانات في {name}")
    }

    fn from_price(price: &str) -> String {
        // The price keeps its own direction inside the right-to-left sentence.
        format!("ابتداءً من \u{2068}{price}\u{2069}")
    }

    fn date(day: u8, month: &str, year: i32) -> String {
        format!("{day} {month} {year}")
    }
}

/// Messages reviewed to be the same as in English (brand names, units).
#[cfg(test)]
pub(super) const SAME_AS_ENGLISH: &[Msg] = &[];
