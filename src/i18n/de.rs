//! German.

use super::{Catalog, Msg, Reason};

/// The German catalog.
pub(super) struct De;

impl Catalog for De {
    fn msg(msg: Msg) -> &'static str {
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
            Msg::CheckMyPhone => "Mein Handy prüfen",
            Msg::ContinueToCheckout => "Weiter zur Kasse",
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
            Msg::UncertainText => "Ihre Buchung ist möglicherweise schon erfolgt, aber ihre Bestätigung hat uns noch nicht erreicht. Bitte nicht erneut buchen: Tippen Sie gleich auf „Erneut prüfen“. Sie zahlen nicht doppelt.",
            Msg::PaymentCancelled => "Die Zahlung wurde abgebrochen. Ihre Angaben sind noch da: Sie können es erneut versuchen.",
            Msg::PaymentFailed => "Die Zahlung ist nicht durchgegangen. Ihre Angaben sind noch da: Sie können es erneut versuchen.",
            Msg::UnsafePaymentPage => "Die Zahlungsseite konnte nicht sicher geöffnet werden. Bitte wenden Sie sich an das Hotel.",
            Msg::ErrTrackingRefused => "Diese Buchung konnte nicht fortgesetzt werden. Es wurde nichts gebucht oder berechnet. Ihre Angaben sind noch da: Bitte senden Sie sie erneut.",
            Msg::ErrGrantRefused => "Das Hotel konnte seine Zahlung für diese eSIM nicht bestätigen. Es wurde nichts berechnet. Bitte versuchen Sie es gleich noch einmal oder wenden Sie sich an das Hotel.",
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
            Msg::CopyFailed => "Kopieren nicht möglich. Markieren Sie den Code und kopieren Sie ihn selbst.",
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
            Msg::ChooseTopUp => "Auswählen",
            Msg::TopupFormHeading => "Ihre Kontaktdaten für diese Aufladung",
            Msg::TopupFormIntro => "Wir senden den Beleg für die Aufladung an diese E-Mail-Adresse.",
            Msg::TopupRequested => "Aufladung angefordert.",
            Msg::TopupProcessing => "Ihre Aufladung wird bearbeitet; es kann einige Minuten dauern, bis sie erscheint.",
            Msg::TopupAdded => "Ihre Aufladung wurde hinzugefügt.",
            Msg::TopupUnavailable => "Aufladungen können gerade nicht gekauft werden. Bitte versuchen Sie es später erneut.",
            Msg::BookingCancelled => "Storniert",
            Msg::BookingRefunded => "Erstattet",
            Msg::PaymentFailedShort => "Zahlung fehlgeschlagen",
            Msg::CardPromise => "eSIM vor dem Abflug installieren und ab der Landung online sein.",
            Msg::SeePlans => "eSIM-Tarife ansehen",
        }
    }

    const MONTHS: [&'static str; 12] = [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ];

    fn days(n: u64) -> String {
        match n {
            1 => "1 Tag".to_string(),
            n => format!("{n} Tage"),
        }
    }

    fn nights(n: u64) -> String {
        match n {
            1 => "1 Nacht".to_string(),
            n => format!("{n} Nächte"),
        }
    }

    fn plan_count(n: usize) -> String {
        match n {
            1 => "1 Tarif".to_string(),
            n => format!("{n} Tarife"),
        }
    }

    fn phones_found(n: usize) -> String {
        match n {
            1 => "1 Handy gefunden".to_string(),
            n => format!("{n} Handys gefunden"),
        }
    }

    fn supports_esim(device: &str) -> String {
        format!("{device} unterstützt eSIM")
    }

    fn reported_model(model: &str) -> String {
        format!(
            "Ihr Handy meldet das Modell {model}, das nicht in der Liste der eSIM-Handys steht."
        )
    }

    fn similar_listed(device: &str) -> String {
        format!("Das {device} steht in der Liste, aber seine Versionen unterscheiden sich je nach Region.")
    }

    fn recommendation_reason(reason: Reason) -> String {
        match reason {
            Reason::Fits { days, roomy: true, dated: true } => {
                format!("Reicht für Ihre {} mit Reserve.", Self::nights(days))
            }
            Reason::Fits { days, roomy: false, dated: true } => {
                format!("Reicht für Ihre {} mit den Daten, die Sie voraussichtlich nutzen.", Self::nights(days))
            }
            Reason::Fits { days, dated: false, .. } => {
                format!("Genug für eine {days}-tägige Reise bei dieser Nutzung.")
            }
            Reason::MostData { days } => format!(
                "Kein Tarif hat genug Daten für {} bei dieser Nutzung; dieser hat die meisten und reicht für Ihren Aufenthalt.",
                Self::nights(days)
            ),
            Reason::Longest { days, rechargeable } => format!(
                "Kein Tarif reicht für {}; dieser ist der längste{}.",
                Self::nights(days),
                if rechargeable { " und lässt sich aufladen" } else { "" }
            ),
        }
    }

    fn showing(shown: usize, total: usize) -> String {
        format!("{shown} von {} angezeigt", Self::plan_count(total))
    }

    fn show_more(n: usize) -> String {
        format!("{n} weitere zeigen")
    }

    fn regional(region: Option<&str>) -> String {
        // The word is the same in German.
        match region {
            Some(r) => format!("Regional · {r}"),
            None => "Regional".to_string(),
        }
    }

    fn no_local_plans(country: &str) -> String {
        format!("Keine Tarife nur für {country}. Regionale Tarife decken es ebenfalls ab.")
    }

    fn per_gb(price: &str) -> String {
        format!("{price} pro GB")
    }

    fn contact_hotel(reference: &str) -> String {
        format!(
            "Wenn sich nichts ändert, wenden Sie sich mit der Referenz {reference} an das Hotel."
        )
    }

    fn esim_n_of(n: usize, of: usize) -> String {
        format!("eSIM {n} von {of}")
    }

    fn used_of(used: &str, total: &str, left: &str) -> String {
        format!("{used} von {total} verbraucht · {left} übrig")
    }

    fn time_left(days: u64, hours: u64) -> String {
        format!("Noch {} und {hours} Std. gültig", Self::days(days))
    }

    fn updated_at(time: &str) -> String {
        format!("Aktualisiert {time}")
    }

    fn plans_for(name: &str) -> String {
        format!("Datentarife für {name}")
    }

    fn from_price(price: &str) -> String {
        format!("ab {price}")
    }

    fn date(day: u8, month: &str, year: i32) -> String {
        format!("{day}. {month} {year}")
    }
}
