//! French.

use super::{Catalog, Msg, Reason};

/// The French catalog.
pub(super) struct Fr;

impl Catalog for Fr {
    fn colon() -> &'static str {
        // French typography: a narrow no-break space before the colon.
        "\u{202f}: "
    }

    fn msg(msg: Msg) -> &'static str {
        match msg {
            Msg::PlansHeading => "Restez connecté pendant votre voyage",
            Msg::LoadingPlans => "Chargement des forfaits…",
            Msg::NoPlans => "Aucun forfait eSIM n’est disponible pour cette destination pour le moment.",
            Msg::Retry => "Réessayer",
            Msg::Data => "Données",
            Msg::Validity => "Validité",
            Msg::Price => "Prix",
            Msg::Unlimited => "Illimité",
            Msg::PriceOnRequest => "Prix non disponible",
            Msg::ConfigProblem => "L’offre eSIM ne peut pas être affichée sur cette page.",
            Msg::PlansRegion => "Forfaits de données eSIM",
            Msg::ErrNetwork => {
                "Impossible de joindre le service eSIM. Vérifiez votre connexion et réessayez."
            }
            Msg::ErrTimeout => "Le service eSIM met trop de temps à répondre. Veuillez réessayer.",
            Msg::ErrRateLimited => "Trop de demandes en ce moment. Patientez un instant, puis réessayez.",
            Msg::ErrServer => "Le service eSIM rencontre des difficultés. Veuillez réessayer dans quelques instants.",
            Msg::ErrDecode => "Nous avons reçu une réponse illisible. Veuillez réessayer dans quelques instants.",
            Msg::ErrApi => "Le service eSIM n’a pas pu traiter cette demande.",
            Msg::PoweredBy => "Forfaits eSIM fournis par InnoTravelTech",
            Msg::DeviceHeading => "Votre téléphone est-il compatible eSIM\u{202f}?",
            Msg::DeviceIntro => "Vérifiez que votre téléphone est compatible eSIM avant d’acheter un forfait.",
            Msg::DeviceSearchLabel => "Modèle de votre téléphone",
            Msg::DeviceSearchHint => "Par exemple\u{202f}: iPhone 15 Pro, Galaxy S23, Pixel 8a",
            Msg::LoadingDevices => "Chargement de la liste des téléphones compatibles eSIM…",
            Msg::NoDevices => "La liste des téléphones compatibles eSIM n’est pas disponible pour le moment. Vous pouvez passer cette vérification.",
            Msg::NoPhoneMatches => "Aucun téléphone de la liste ne correspond à votre saisie. Vérifiez l’orthographe ou indiquez-nous que votre téléphone n’y figure pas.",
            Msg::NotListedButton => "Mon téléphone n’est pas dans la liste",
            Msg::SkipCheck => "Passer cette vérification",
            Msg::ContinueToPlans => "Voir les forfaits",
            Msg::CheckAnotherPhone => "Vérifier un autre téléphone",
            Msg::CheckMyPhone => "Vérifier mon téléphone",
            Msg::ContinueToCheckout => "Passer à la commande",
            Msg::CarrierLockNote => "Votre téléphone doit aussi être désimlocké\u{202f}: un téléphone acheté auprès d’un opérateur mobile peut n’accepter que les cartes SIM de cet opérateur.",
            Msg::DetectedNote => "Nous avons reconnu votre téléphone grâce à votre navigateur. Ce n’est pas le bon\u{202f}? Recherchez votre modèle ci-dessus.",
            Msg::NotListedTitle => "Nous ne pouvons pas confirmer que votre téléphone est compatible eSIM",
            Msg::UnknownTitle => "Vous ne connaissez pas le modèle de votre téléphone\u{202f}?",
            Msg::ChecksHeading => "Avant d’acheter, vérifiez sur votre téléphone\u{202f}:",
            Msg::CheckSettings => "Paramètres\u{202f}: sur un iPhone, Réglages > Données cellulaires (ou Cellulaire) > Ajouter une eSIM\u{202f}; sur un Samsung, Paramètres > Connexions > Gestionnaire de carte SIM > Ajouter une eSIM\u{202f}; sur un Pixel, Paramètres > Réseau et Internet > SIM > Ajouter une SIM. Si cette option n’existe pas, votre téléphone n’a pas d’eSIM.",
            Msg::CheckEid => "Composez le *#06#\u{202f}: si un numéro EID s’affiche, votre téléphone dispose d’une eSIM.",
            Msg::CheckLock => "Verrouillage opérateur\u{202f}: un téléphone acheté auprès d’un opérateur mobile peut être verrouillé sur son réseau.",
            Msg::CheckRegion => "Versions régionales\u{202f}: certains modèles vendus en Chine continentale, à Hong Kong ou à Macao n’ont pas d’eSIM.",
            Msg::FamilyIPhone => "Votre navigateur indique un iPhone, mais pas lequel. Choisissez votre modèle\u{202f}:",
            Msg::FamilyIPad => "Votre navigateur indique un iPad, mais pas lequel. Choisissez votre modèle\u{202f}:",
            Msg::OnComputer => "Vous semblez être sur un ordinateur\u{202f}: recherchez le téléphone que vous emporterez en voyage.",
            Msg::DeviceStatusUnknown => "Téléphone non vérifié",
            Msg::DeviceStatusNotListed => "Téléphone absent de la liste eSIM",
            Msg::ChangeDestination => "Changer de destination",
            Msg::DestinationLabel => "Destination",
            Msg::DestinationHint => "Saisissez un pays ou un territoire",
            Msg::NoDestinationMatch => "Aucun pays ne correspond à votre saisie.",
            Msg::Cancel => "Annuler",
            Msg::RecommendedHeading => "Recommandé pour votre voyage",
            Msg::UsageLabel => "Quelle est votre consommation de données\u{202f}?",
            Msg::ProfileLight => "Légère\u{202f}: cartes, messagerie",
            Msg::ProfileTypical => "Moyenne\u{202f}: réseaux sociaux, un peu de vidéo",
            Msg::ProfileHeavy => "Intensive\u{202f}: streaming, partage de connexion",
            Msg::FiltersLabel => "Filtrer et trier",
            Msg::MinData => "Volume de données minimum",
            Msg::AnyAmount => "Indifférent",
            Msg::CoversStay => "Couvre tout mon séjour",
            Msg::UnlimitedOnly => "Données illimitées uniquement",
            Msg::CoverageLabel => "Couverture",
            Msg::CoverageAll => "Tous les forfaits",
            Msg::CoverageLocal => "Ce pays uniquement",
            Msg::CoverageMulti => "Plusieurs pays",
            Msg::SortLabel => "Trier par",
            Msg::SortPrice => "Prix le plus bas",
            Msg::SortPerGb => "Prix par GB le plus bas",
            Msg::SortData => "Le plus de données",
            Msg::SortValidity => "Validité la plus longue",
            Msg::NoMatchingPlans => "Aucun forfait ne correspond à ces filtres.",
            Msg::ResetFilters => "Réinitialiser les filtres",
            Msg::ShowRegional => "Afficher les forfaits régionaux",
            Msg::CoverageGlobal => "Mondial",
            Msg::TopUpsAvailable => "Rechargeable",
            Msg::NoTopUps => "Non rechargeable",
            Msg::FairUsageApplies => "Soumis à une politique d’usage raisonnable",
            Msg::Details => "Détails",
            Msg::ChoosePlan => "Choisir ce forfait",
            Msg::BackToPlans => "Retour aux forfaits",
            Msg::CoveredCountries => "Pays couverts",
            Msg::Operator => "Réseau",
            Msg::ValidityStarts => "Début de la validité",
            Msg::FirstUsage => "À la première utilisation de données à destination",
            Msg::OnInstall => "À l’installation de l’eSIM",
            Msg::FairUsagePolicy => "Politique d’usage raisonnable",
            Msg::TopUps => "Recharges",
            Msg::TopUpsYes => "Vous pourrez ajouter des données plus tard depuis cette même page.",
            Msg::TopUpsNo => "Ce forfait n’est pas rechargeable\u{202f}; achetez-en un nouveau si vous avez besoin de plus de données.",
            Msg::InstallNotes => "Remarques sur l’installation",
            Msg::LoadingDetails => "Chargement des détails du forfait…",
            Msg::ChangePlan => "Changer de forfait",
            Msg::ChosenHeading => "Votre forfait eSIM",
            Msg::Recommended => "Recommandé",
            Msg::Local => "Local",
            Msg::WithQrCode => "Avec le code QR",
            Msg::ByHand => "Manuellement",
            Msg::CheckoutHeading => "Vos coordonnées",
            Msg::CheckoutIntro => "Nous envoyons l’eSIM et son reçu à cette adresse e-mail.",
            Msg::FullName => "Prénom et nom",
            Msg::Email => "Adresse e-mail",
            Msg::PhoneCountry => "Indicatif pays",
            Msg::PhoneNumber => "Numéro de mobile",
            Msg::Quantity => "Nombre d’eSIM (une par téléphone)",
            Msg::ChooseCountryCode => "Choisir…",
            Msg::ErrMissing => "Veuillez remplir ce champ.",
            Msg::ErrNameShort => "Veuillez saisir votre prénom et votre nom.",
            Msg::ErrEmail => "Veuillez saisir une adresse e-mail du type nom@example.com.",
            Msg::ErrPhoneInvalid => "Utilisez uniquement des chiffres (les espaces, tirets et parenthèses sont acceptés).",
            Msg::ErrPhoneShort => "Ce numéro est trop court.",
            Msg::ErrPhoneLong => "Ce numéro est trop long.",
            Msg::ErrPhoneCountry => "Choisissez l’indicatif pays correspondant à ce numéro.",
            Msg::ErrQuantity => "Choisissez entre 1 et 10 eSIM.",
            Msg::FixErrors => "Veuillez vérifier les champs signalés.",
            Msg::PayButton => "Passer au paiement sécurisé",
            Msg::ConfirmButton => "Confirmer la réservation",
            Msg::Sending => "Envoi en cours…",
            Msg::Redirecting => "Ouverture de la page de paiement sécurisé…",
            Msg::CheckingPayment => "Vérification de votre paiement…",
            Msg::PaymentPendingTitle => "Paiement en attente",
            Msg::PaymentPendingText => "Nous n’avons pas encore reçu la confirmation du paiement. Si vous avez payé, cela peut prendre une minute.",
            Msg::CheckAgain => "Vérifier à nouveau",
            Msg::UncertainTitle => "Nous n’avons pas encore pu confirmer votre réservation",
            Msg::UncertainText => "Votre réservation a peut-être déjà été effectuée, mais sa confirmation ne nous est pas encore parvenue. Ne réservez pas une seconde fois\u{202f}: appuyez sur «\u{202f}Vérifier à nouveau\u{202f}» dans un instant. Vous ne serez pas débité deux fois.",
            Msg::PaymentCancelled => "Le paiement a été annulé. Vos informations sont conservées\u{202f}: vous pouvez réessayer.",
            Msg::PaymentFailed => "Le paiement n’a pas abouti. Vos informations sont conservées\u{202f}: vous pouvez réessayer.",
            Msg::UnsafePaymentPage => "La page de paiement n’a pas pu être ouverte de manière sécurisée. Veuillez contacter l’hôtel.",
            Msg::ErrTrackingRefused => "Nous n’avons pas pu poursuivre cette réservation. Rien n’a été réservé ni débité. Vos informations sont conservées\u{202f}: veuillez les envoyer à nouveau.",
            Msg::ErrGrantRefused => "L’hôtel n’a pas pu confirmer son paiement pour cette eSIM. Rien n’a été débité. Veuillez réessayer dans un instant ou contacter l’hôtel.",
            Msg::CheckoutUnavailable => "La réservation n’est pas disponible sur cette page pour le moment. Veuillez contacter l’hôtel.",
            Msg::ConfirmedTitle => "Votre eSIM est réservée",
            Msg::BookingReference => "Référence de réservation",
            Msg::Total => "Total",
            Msg::InstallHeading => "Installer votre eSIM",
            Msg::InstallOnIphone => "Installer sur cet iPhone",
            Msg::InstallOnAndroid => "Installer sur ce téléphone",
            Msg::InstallLater => "Installez-la dès maintenant, avant votre départ\u{202f}: il faut une connexion pour la télécharger. Sa validité ne commence qu’à votre première utilisation de données à destination.",
            Msg::ScanQr => "Scannez ce code avec le téléphone que vous emporterez en voyage\u{202f}: Réglages > Données cellulaires (ou Connexions > Gestionnaire de carte SIM) > Ajouter une eSIM > Utiliser un code QR.",
            Msg::QrLabel => "Code QR pour installer l’eSIM",
            Msg::ManualCodes => "Ou saisissez les codes manuellement",
            Msg::SmdpAddress => "Adresse SM-DP+",
            Msg::ActivationCode => "Code d’activation",
            Msg::Copy => "Copier",
            Msg::Copied => "Copié dans le presse-papiers.",
            Msg::CopyFailed => "Copie impossible. Sélectionnez le code et copiez-le vous-même.",
            Msg::EsimPreparing => "Votre eSIM est en cours de préparation. Cela ne prend généralement qu’un instant.",
            Msg::LoadingBooking => "Chargement de votre réservation…",
            Msg::UsageHeading => "Consommation de données",
            Msg::Refresh => "Actualiser",
            Msg::StatusNotActive => "Pas encore active\u{202f}: elle s’activera à votre première utilisation de données à destination.",
            Msg::StatusActive => "Activée",
            Msg::StatusFinished => "Épuisée",
            Msg::StatusExpired => "Expirée",
            Msg::StatusUnknown => "Statut pas encore disponible",
            Msg::UnlimitedData => "Données illimitées",
            Msg::ValidityEnded => "La période de validité est terminée.",
            Msg::WarnLow => "Vous avez utilisé 75\u{202f}% de vos données. Rechargez pour rester connecté.",
            Msg::WarnVeryLow => "Vous avez utilisé 90\u{202f}% de vos données. Rechargez dès maintenant pour rester connecté.",
            Msg::WarnEmpty => "Vous avez épuisé vos données. Rechargez pour vous reconnecter.",
            Msg::TopUpNow => "Voir les recharges",
            Msg::TopUpsHeading => "Recharger cette eSIM",
            Msg::NoTopUpsOffered => "Aucune recharge n’est disponible pour cette eSIM.",
            Msg::BuyTopUp => "Acheter",
            Msg::HistoryHeading => "Vos recharges",
            Msg::NoHistory => "Aucune recharge pour l’instant.",
            Msg::BookingStatus => "Statut de la réservation",
            Msg::StepByStep => "Instructions pas à pas",
            Msg::ForIphone => "Sur un iPhone",
            Msg::ForAndroid => "Sur Android",
            Msg::NetworkSettings => "Paramètres des données",
            Msg::ChooseTopUp => "Choisir",
            Msg::TopupFormHeading => "Vos coordonnées pour cette recharge",
            Msg::TopupFormIntro => "Nous envoyons le reçu de la recharge à cette adresse e-mail.",
            Msg::TopupRequested => "Recharge demandée.",
            Msg::TopupProcessing => "Votre recharge est en cours de traitement\u{202f}; elle peut mettre quelques minutes à apparaître.",
            Msg::TopupAdded => "Votre recharge a été ajoutée.",
            Msg::TopupUnavailable => "Les recharges ne peuvent pas être achetées pour le moment. Veuillez réessayer plus tard.",
            Msg::BookingCancelled => "Annulée",
            Msg::BookingRefunded => "Remboursée",
            Msg::PaymentFailedShort => "Échec du paiement",
            Msg::CardPromise => "Installez une eSIM avant le départ et soyez en ligne dès l’atterrissage.",
            Msg::SeePlans => "Voir les forfaits eSIM",
        }
    }

    const MONTHS: [&'static str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];

    fn days(n: u64) -> String {
        match n {
            0 | 1 => format!("{n} jour"),
            n => format!("{n} jours"),
        }
    }

    fn nights(n: u64) -> String {
        match n {
            0 | 1 => format!("{n} nuit"),
            n => format!("{n} nuits"),
        }
    }

    fn plan_count(n: usize) -> String {
        match n {
            0 | 1 => format!("{n} forfait"),
            n => format!("{n} forfaits"),
        }
    }

    fn phones_found(n: usize) -> String {
        match n {
            0 | 1 => format!("{n} téléphone trouvé"),
            n => format!("{n} téléphones trouvés"),
        }
    }

    fn supports_esim(device: &str) -> String {
        format!("{device} est compatible eSIM")
    }

    fn reported_model(model: &str) -> String {
        format!("Votre téléphone indique le modèle {model}, qui ne figure pas dans la liste des téléphones compatibles eSIM.")
    }

    fn similar_listed(device: &str) -> String {
        // No article before the name: "le iPhone" would need elision.
        format!("{device} figure dans la liste, mais ses versions varient selon les régions.")
    }

    fn recommendation_reason(reason: Reason) -> String {
        match reason {
            Reason::Fits { days, roomy: true, dated: true } => {
                format!("Couvre votre séjour de {} avec de la marge.", Self::nights(days))
            }
            Reason::Fits { days, roomy: false, dated: true } => {
                format!(
                    "Couvre votre séjour de {} avec les données que vous utiliserez probablement.",
                    Self::nights(days)
                )
            }
            Reason::Fits { days, dated: false, .. } => {
                format!("Suffisant pour un voyage de {days} jours avec cette consommation.")
            }
            Reason::MostData { days } => format!(
                "Aucun forfait n’offre assez de données pour {} avec cette consommation\u{202f}; celui-ci en offre le plus et couvre votre séjour.",
                Self::nights(days)
            ),
            Reason::Longest { days, rechargeable } => format!(
                "Aucun forfait ne couvre {}\u{202f}; celui-ci est le plus long{}.",
                Self::nights(days),
                if rechargeable { ", et il est rechargeable" } else { "" }
            ),
        }
    }

    fn showing(shown: usize, total: usize) -> String {
        format!("Affichage\u{202f}: {shown} sur {}", Self::plan_count(total))
    }

    fn show_more(n: usize) -> String {
        format!("Afficher {n} de plus")
    }

    fn regional(region: Option<&str>) -> String {
        match region {
            Some(r) => format!("Régional · {r}"),
            None => "Régional".to_string(),
        }
    }

    fn no_local_plans(country: &str) -> String {
        // Country first: French names need an article ("le Japon") after a preposition.
        format!("{country}\u{202f}: aucun forfait dédié. Les forfaits régionaux couvrent aussi cette destination.")
    }

    fn per_gb(price: &str) -> String {
        format!("{price} par GB")
    }

    fn contact_hotel(reference: &str) -> String {
        format!("Si rien ne change, contactez l’hôtel en indiquant la référence {reference}.")
    }

    fn esim_n_of(n: usize, of: usize) -> String {
        format!("eSIM {n} sur {of}")
    }

    fn used_of(used: &str, total: &str, left: &str) -> String {
        format!("Utilisé\u{202f}: {used} sur {total} · Restant\u{202f}: {left}")
    }

    fn time_left(days: u64, hours: u64) -> String {
        format!("Encore valable {} et {hours} h", Self::days(days))
    }

    fn updated_at(time: &str) -> String {
        format!("Mis à jour à {time}")
    }

    fn plans_for(name: &str) -> String {
        // Name after a colon: "pour Thaïlande" would lack the article French needs.
        format!("Forfaits de données\u{202f}: {name}")
    }

    fn from_price(price: &str) -> String {
        format!("à partir de {price}")
    }

    fn date(day: u8, month: &str, year: i32) -> String {
        format!("{day} {month} {year}")
    }
}

/// Messages reviewed to be the same as in English (words French shares with English).
#[cfg(test)]
pub(super) const SAME_AS_ENGLISH: &[Msg] = &[Msg::DestinationLabel, Msg::Local, Msg::Total];
