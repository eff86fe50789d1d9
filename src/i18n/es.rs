//! Spanish.

use super::{Catalog, Msg, Reason};

/// The Spanish catalog.
pub(super) struct Es;

impl Catalog for Es {
    fn msg(msg: Msg) -> &'static str {
        match msg {
            Msg::PlansHeading => "Manténgase conectado durante su viaje",
            Msg::LoadingPlans => "Cargando planes de datos…",
            Msg::NoPlans => "En este momento no hay planes de datos eSIM disponibles para este destino.",
            Msg::Retry => "Volver a intentarlo",
            Msg::Data => "Datos",
            Msg::Validity => "Validez",
            Msg::Price => "Precio",
            Msg::Unlimited => "Ilimitados",
            Msg::PriceOnRequest => "Precio no disponible",
            Msg::ConfigProblem => "La oferta de eSIM no se puede mostrar en esta página.",
            Msg::PlansRegion => "Planes de datos eSIM",
            Msg::ErrNetwork => {
                "No pudimos conectar con el servicio eSIM. Compruebe su conexión e inténtelo de nuevo."
            }
            Msg::ErrTimeout => "El servicio eSIM está tardando demasiado en responder. Inténtelo de nuevo.",
            Msg::ErrRateLimited => "Hay demasiadas solicitudes ahora mismo. Espere unos instantes e inténtelo de nuevo.",
            Msg::ErrServer => "El servicio eSIM tiene problemas en este momento. Inténtelo de nuevo en breve.",
            Msg::ErrDecode => "Recibimos una respuesta que no pudimos leer. Inténtelo de nuevo en breve.",
            Msg::ErrApi => "El servicio eSIM no pudo completar esta solicitud.",
            Msg::PoweredBy => "Planes eSIM de InnoTravelTech",
            Msg::DeviceHeading => "¿Funcionará su teléfono con una eSIM?",
            Msg::DeviceIntro => "Compruebe que su teléfono es compatible con eSIM antes de comprar un plan.",
            Msg::DeviceSearchLabel => "Modelo de su teléfono",
            Msg::DeviceSearchHint => "Por ejemplo: iPhone 15 Pro, Galaxy S23, Pixel 8a",
            Msg::LoadingDevices => "Cargando la lista de teléfonos compatibles con eSIM…",
            Msg::NoDevices => "La lista de teléfonos compatibles con eSIM no está disponible en este momento. Puede omitir esta comprobación.",
            Msg::NoPhoneMatches => "Ningún teléfono de la lista coincide con lo que escribió. Revise la ortografía o indíquenos que su teléfono no aparece.",
            Msg::NotListedButton => "Mi teléfono no aparece",
            Msg::SkipCheck => "Omitir esta comprobación",
            Msg::ContinueToPlans => "Ir a los planes de datos",
            Msg::CheckAnotherPhone => "Comprobar otro teléfono",
            Msg::CheckMyPhone => "Comprobar mi teléfono",
            Msg::ContinueToCheckout => "Continuar con la compra",
            Msg::CarrierLockNote => "Su teléfono también debe estar liberado: un teléfono comprado a un operador móvil puede aceptar solo las SIM de ese operador.",
            Msg::DetectedNote => "Hemos reconocido su teléfono por su navegador. ¿No es correcto? Busque su modelo más arriba.",
            Msg::NotListedTitle => "No podemos confirmar que su teléfono sea compatible con eSIM",
            Msg::UnknownTitle => "¿No sabe qué teléfono tiene?",
            Msg::ChecksHeading => "Antes de comprar, compruebe en su teléfono:",
            Msg::CheckSettings => "En los ajustes: en un iPhone, Ajustes (o Configuración) > Datos móviles (o Celular) > Añadir eSIM; en un Samsung, Ajustes > Conexiones > Administrador de SIM > Añadir eSIM; en un Pixel, Ajustes > Redes e Internet > SIMs > Añadir SIM. Si esa opción no aparece, el teléfono no tiene eSIM.",
            Msg::CheckEid => "Marque *#06#: si aparece un número EID, su teléfono tiene eSIM.",
            Msg::CheckLock => "Bloqueo de operador: un teléfono comprado a un operador móvil puede estar bloqueado para usarse solo con él.",
            Msg::CheckRegion => "Versiones regionales: algunos modelos vendidos en China continental, Hong Kong o Macao no tienen eSIM.",
            Msg::FamilyIPhone => "Su navegador indica un iPhone, pero no cuál. Elija su modelo:",
            Msg::FamilyIPad => "Su navegador indica un iPad, pero no cuál. Elija su modelo:",
            Msg::OnComputer => "Parece que no está navegando desde un teléfono: busque el teléfono con el que viajará.",
            Msg::DeviceStatusUnknown => "Teléfono no comprobado",
            Msg::DeviceStatusNotListed => "Teléfono no incluido en la lista de eSIM",
            Msg::ChangeDestination => "Cambiar destino",
            Msg::DestinationLabel => "Destino",
            Msg::DestinationHint => "Escriba un país o territorio",
            Msg::NoDestinationMatch => "Ningún país coincide con lo que escribió.",
            Msg::Cancel => "Cancelar",
            Msg::RecommendedHeading => "Recomendado para su viaje",
            Msg::UsageLabel => "¿Cuántos datos consume?",
            Msg::ProfileLight => "Bajo: mapas, mensajes",
            Msg::ProfileTypical => "Normal: redes sociales, algo de video",
            Msg::ProfileHeavy => "Alto: streaming, punto de acceso",
            Msg::FiltersLabel => "Filtrar y ordenar",
            Msg::MinData => "Datos mínimos",
            Msg::AnyAmount => "Cualquier cantidad",
            Msg::CoversStay => "Dura toda mi estancia",
            Msg::UnlimitedOnly => "Solo datos ilimitados",
            Msg::CoverageLabel => "Cobertura",
            Msg::CoverageAll => "Todos los planes",
            Msg::CoverageLocal => "Solo este país",
            Msg::CoverageMulti => "Varios países",
            Msg::SortLabel => "Ordenar por",
            Msg::SortPrice => "Precio más bajo",
            Msg::SortPerGb => "Precio más bajo por GB",
            Msg::SortData => "Más datos",
            Msg::SortValidity => "Mayor validez",
            Msg::NoMatchingPlans => "Ningún plan coincide con estos filtros.",
            Msg::ResetFilters => "Restablecer filtros",
            Msg::ShowRegional => "Ver planes regionales",
            Msg::CoverageGlobal => "Plan global",
            Msg::TopUpsAvailable => "Recargas disponibles",
            Msg::NoTopUps => "Sin recargas",
            Msg::FairUsageApplies => "Sujeto a política de uso razonable",
            Msg::Details => "Detalles",
            Msg::ChoosePlan => "Elegir este plan",
            Msg::BackToPlans => "Volver a los planes",
            Msg::CoveredCountries => "Países con cobertura",
            Msg::Operator => "Red",
            Msg::ValidityStarts => "Inicio de la validez",
            Msg::FirstUsage => "Al usar datos por primera vez en su destino",
            Msg::OnInstall => "Al instalar la eSIM",
            Msg::FairUsagePolicy => "Política de uso razonable",
            Msg::TopUps => "Recargas",
            Msg::TopUpsYes => "Puede añadir datos más tarde desde esta misma página.",
            Msg::TopUpsNo => "Este plan no se puede recargar; si necesita más datos, compre un plan nuevo.",
            Msg::InstallNotes => "Notas de instalación",
            Msg::LoadingDetails => "Cargando los detalles del plan…",
            Msg::ChangePlan => "Cambiar de plan",
            Msg::ChosenHeading => "Su plan eSIM",
            Msg::Recommended => "Recomendado",
            Msg::Local => "Plan local",
            Msg::WithQrCode => "Con el código QR",
            Msg::ByHand => "Manualmente",
            Msg::CheckoutHeading => "Sus datos",
            Msg::CheckoutIntro => "Enviaremos la eSIM y su recibo a esta dirección de correo electrónico.",
            Msg::FullName => "Nombre completo",
            Msg::Email => "Correo electrónico",
            Msg::PhoneCountry => "Código de país",
            Msg::PhoneNumber => "Número de teléfono móvil",
            Msg::Quantity => "Cantidad de eSIM (una por teléfono)",
            Msg::ChooseCountryCode => "Seleccione…",
            Msg::ErrMissing => "Complete este campo.",
            Msg::ErrNameShort => "Escriba su nombre completo.",
            Msg::ErrEmail => "Escriba una dirección de correo electrónico como nombre@ejemplo.com.",
            Msg::ErrPhoneInvalid => "Use solo dígitos (se admiten espacios, guiones y paréntesis).",
            Msg::ErrPhoneShort => "Este número es demasiado corto.",
            Msg::ErrPhoneLong => "Este número es demasiado largo.",
            Msg::ErrPhoneCountry => "Elija el código de país que corresponde a este número.",
            Msg::ErrQuantity => "Elija entre 1 y 10 eSIM.",
            Msg::FixErrors => "Revise los campos marcados.",
            Msg::PayButton => "Ir al pago seguro",
            Msg::ConfirmButton => "Confirmar reserva",
            Msg::Sending => "Enviando…",
            Msg::Redirecting => "Abriendo la página de pago seguro…",
            Msg::CheckingPayment => "Comprobando su pago…",
            Msg::PaymentPendingTitle => "Pago pendiente",
            Msg::PaymentPendingText => "Aún no hemos recibido la confirmación del pago. Si ya pagó, puede tardar un minuto.",
            Msg::CheckAgain => "Volver a comprobar",
            Msg::UncertainTitle => "Aún no hemos podido confirmar su reserva",
            Msg::UncertainText => "Es posible que su reserva ya se haya realizado, pero su confirmación aún no nos ha llegado. No vuelva a reservar: pulse «Volver a comprobar» dentro de un momento. No se le cobrará dos veces.",
            Msg::PaymentCancelled => "Se canceló el pago. Sus datos siguen aquí: puede intentarlo de nuevo.",
            Msg::PaymentFailed => "El pago no se completó. Sus datos siguen aquí: puede intentarlo de nuevo.",
            Msg::UnsafePaymentPage => "No se pudo abrir la página de pago de forma segura. Póngase en contacto con el hotel.",
            Msg::ErrTrackingRefused => "No pudimos continuar con esta reserva. No se ha reservado ni cobrado nada. Sus datos siguen aquí: envíelos de nuevo.",
            Msg::ErrGrantRefused => "El hotel no pudo confirmar su pago de esta eSIM. No se ha cobrado nada. Inténtelo de nuevo en un momento o póngase en contacto con el hotel.",
            Msg::CheckoutUnavailable => "Ahora mismo no es posible reservar en esta página. Póngase en contacto con el hotel.",
            Msg::ConfirmedTitle => "Su eSIM está reservada",
            Msg::BookingReference => "Referencia de la reserva",
            Msg::Total => "Importe total",
            Msg::InstallHeading => "Instale su eSIM",
            Msg::InstallOnIphone => "Instalar en este iPhone",
            Msg::InstallOnAndroid => "Instalar en este teléfono",
            Msg::InstallLater => "Instálela ahora, antes de viajar: necesita conexión para descargarla. La validez empieza a contar cuando use datos por primera vez en su destino.",
            Msg::ScanQr => "Escanee este código con el teléfono con el que viajará: Ajustes > Datos móviles (o Conexiones > Administrador de SIM) > Añadir eSIM > Usar código QR.",
            Msg::QrLabel => "Código QR para instalar la eSIM",
            Msg::ManualCodes => "O escriba los códigos manualmente",
            Msg::SmdpAddress => "Dirección SM-DP+",
            Msg::ActivationCode => "Código de activación",
            Msg::Copy => "Copiar",
            Msg::Copied => "Copiado en el portapapeles.",
            Msg::CopyFailed => "No se pudo copiar. Seleccione el código y cópielo usted mismo.",
            Msg::EsimPreparing => "Estamos preparando su eSIM. Suele tardar solo un momento.",
            Msg::LoadingBooking => "Cargando su reserva…",
            Msg::UsageHeading => "Consumo de datos",
            Msg::Refresh => "Actualizar",
            Msg::StatusNotActive => "Aún no activa: se activará cuando use datos por primera vez en su destino.",
            Msg::StatusActive => "Activa",
            Msg::StatusFinished => "Agotada",
            Msg::StatusExpired => "Vencida",
            Msg::StatusUnknown => "Estado aún no disponible",
            Msg::UnlimitedData => "Datos ilimitados",
            Msg::ValidityEnded => "La validez ha terminado.",
            Msg::WarnLow => "Ha usado el 75 % de sus datos. Recargue para seguir conectado.",
            Msg::WarnVeryLow => "Ha usado el 90 % de sus datos. Recargue ahora para seguir conectado.",
            Msg::WarnEmpty => "Se han agotado sus datos. Recargue para volver a conectarse.",
            Msg::TopUpNow => "Ver recargas",
            Msg::TopUpsHeading => "Recargar esta eSIM",
            Msg::NoTopUpsOffered => "No hay recargas disponibles para esta eSIM.",
            Msg::BuyTopUp => "Comprar",
            Msg::HistoryHeading => "Sus recargas",
            Msg::NoHistory => "Aún no hay recargas.",
            Msg::BookingStatus => "Estado de la reserva",
            Msg::StepByStep => "Instrucciones paso a paso",
            Msg::ForIphone => "En un iPhone",
            Msg::ForAndroid => "En Android",
            Msg::NetworkSettings => "Configuración de datos",
            Msg::ChooseTopUp => "Elegir",
            Msg::TopupFormHeading => "Sus datos de contacto para esta recarga",
            Msg::TopupFormIntro => "Enviamos el recibo de la recarga a este correo electrónico.",
            Msg::TopupRequested => "Recarga solicitada.",
            Msg::TopupProcessing => "Su recarga se está procesando; puede tardar unos minutos en aparecer.",
            Msg::TopupAdded => "Su recarga se ha añadido.",
            Msg::TopupUnavailable => "Ahora mismo no se pueden comprar recargas. Inténtelo de nuevo más tarde.",
            Msg::BookingCancelled => "Cancelada",
            Msg::BookingRefunded => "Reembolsada",
            Msg::PaymentFailedShort => "Pago fallido",
            Msg::CardPromise => "Instala una eSIM antes de volar y conéctate nada más aterrizar.",
            Msg::SeePlans => "Ver planes eSIM",
        }
    }

    const MONTHS: [&'static str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ];

    fn days(n: u64) -> String {
        match n {
            1 => "1 día".to_string(),
            n => format!("{n} días"),
        }
    }

    fn nights(n: u64) -> String {
        match n {
            1 => "1 noche".to_string(),
            n => format!("{n} noches"),
        }
    }

    fn plan_count(n: usize) -> String {
        // "1 plan" alone would read as English.
        match n {
            1 => "1 plan de datos".to_string(),
            n => format!("{n} planes de datos"),
        }
    }

    fn phones_found(n: usize) -> String {
        match n {
            1 => "1 teléfono encontrado".to_string(),
            n => format!("{n} teléfonos encontrados"),
        }
    }

    fn supports_esim(device: &str) -> String {
        format!("{device} es compatible con eSIM")
    }

    fn reported_model(model: &str) -> String {
        format!("Su teléfono indica el modelo {model}, que no figura en la lista de teléfonos compatibles con eSIM.")
    }

    fn similar_listed(device: &str) -> String {
        format!("El {device} figura en la lista, pero sus versiones varían según la región.")
    }

    fn recommendation_reason(reason: Reason) -> String {
        match reason {
            Reason::Fits { days, roomy: true, dated: true } => {
                format!("Cubre toda su estancia ({}) con margen de sobra.", Self::nights(days))
            }
            Reason::Fits { days, roomy: false, dated: true } => {
                format!("Cubre toda su estancia ({}) con los datos que probablemente usará.", Self::nights(days))
            }
            Reason::Fits { days, dated: false, .. } => {
                format!("Suficiente para un viaje de {} con este consumo.", Self::days(days))
            }
            Reason::MostData { days } => format!(
                "Ningún plan tiene datos suficientes para {} con este consumo; este es el que más ofrece y dura toda su estancia.",
                Self::nights(days)
            ),
            Reason::Longest { days, rechargeable } => format!(
                "Ningún plan dura {}; este es el de mayor duración{}.",
                Self::nights(days),
                if rechargeable { ", y puede recargarlo" } else { "" }
            ),
        }
    }

    fn showing(shown: usize, total: usize) -> String {
        format!("Mostrando {shown} de {}", Self::plan_count(total))
    }

    fn show_more(n: usize) -> String {
        format!("Mostrar {n} más")
    }

    fn regional(region: Option<&str>) -> String {
        match region {
            Some(r) => format!("Plan regional · {r}"),
            None => "Plan regional".to_string(),
        }
    }

    fn no_local_plans(country: &str) -> String {
        format!("No hay planes solo para {country}. Los planes regionales también lo cubren.")
    }

    fn per_gb(price: &str) -> String {
        format!("{price} por GB")
    }

    fn contact_hotel(reference: &str) -> String {
        format!(
            "Si nada cambia, póngase en contacto con el hotel indicando la referencia {reference}."
        )
    }

    fn esim_n_of(n: usize, of: usize) -> String {
        format!("eSIM {n} de {of}")
    }

    fn used_of(used: &str, total: &str, left: &str) -> String {
        format!("{used} de {total} usados · quedan {left}")
    }

    fn time_left(days: u64, hours: u64) -> String {
        format!("Quedan {} y {hours} h de validez", Self::days(days))
    }

    fn updated_at(time: &str) -> String {
        format!("Última actualización: {time}")
    }

    fn plans_for(name: &str) -> String {
        format!("Planes de datos para {name}")
    }

    fn from_price(price: &str) -> String {
        format!("desde {price}")
    }

    fn date(day: u8, month: &str, year: i32) -> String {
        format!("{day} {month} {year}")
    }
}

/// Messages reviewed to be the same as in English (brand names, units).
#[cfg(test)]
pub(super) const SAME_AS_ENGLISH: &[Msg] = &[];
