//! What the checkout does beyond the page: each [`Effect`] of the state
//! machine (the requests of each step, the hotel's payment grant, leaving for
//! the payment page, asking ITT after the return), its outcome fed back in as
//! an [`Input`].

use crate::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, UpdateCustomerRequest,
};
use crate::api::model::PaymentStatus;
use crate::api::package::PackageRequest;
use crate::api::{self, ApiError, Operation};
use crate::checkout::form::ContactForm;
use crate::checkout::machine::{self, Effect, Input, Phase};
use crate::checkout::{safe_url, Attempt};
use crate::components::intl::{self, sleep_ms};
use crate::components::payment::open_payment_page;
use crate::components::Instance;
use crate::events::WidgetEvent;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

/// Everything the effects need, cheap to clone into tasks.
#[derive(Clone)]
pub(super) struct Ctx {
    pub(super) phase: RwSignal<Phase>,
    pub(super) attempt: RwSignal<Attempt>,
    pub(super) form: RwSignal<ContactForm>,
    pub(super) instance: Instance,
    pub(super) owner: Owner,
    pub(super) redirect_url: String,
    pub(super) payment_hosts: Vec<String>,
    pub(super) grant_url: Option<String>,
    pub(super) attempt_key: String,
    pub(super) contact_key: String,
}

impl Ctx {
    pub(super) fn error(&self, e: &ApiError, operation: Operation) {
        self.instance.error(e, operation);
    }

    fn save_attempt(&self) {
        intl::store(
            &self.attempt_key,
            &self.attempt.with_untracked(Attempt::encode),
        );
    }

    /// Feeds the state machine; inputs that mean nothing now (a second submit) are dropped.
    pub(super) fn dispatch(&self, input: Input) {
        let Some((phase, effects)) = machine::next(&self.phase.get_untracked(), input) else {
            return;
        };
        self.attempt.update(|a| a.enter(&phase));
        self.phase.set(phase);
        self.save_attempt();
        for effect in effects {
            self.run(effect);
        }
    }

    fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        self.owner
            .with(|| spawn_local_scoped_with_cancellation(task));
    }

    fn run(&self, effect: Effect) {
        let ctx = self.clone();
        match effect {
            Effect::SaveDetails => self.spawn(async move {
                let input = ctx.save_details().await;
                ctx.dispatch(input);
            }),
            Effect::CreateBooking => self.spawn(async move {
                let input = ctx.create_booking().await;
                ctx.dispatch(input);
            }),
            Effect::RenewGrant => self.spawn(async move {
                let input = ctx.renew_grant().await;
                ctx.dispatch(input);
            }),
            Effect::OpenPayment(url) => {
                let booking_id = self
                    .attempt
                    .with_untracked(|a| a.booking_id.clone())
                    .unwrap_or_default();
                self.save_attempt();
                open_payment_page(&self.instance.events, booking_id, &url);
            }
            Effect::CheckBooking(booking_id) => self.spawn(async move {
                let token = ctx.attempt.with_untracked(|a| a.token.clone());
                let result = ctx
                    .instance
                    .api
                    .booking_details(
                        &BookingDetailsRequest {
                            booking_id: booking_id.clone(),
                        },
                        token.as_deref(),
                    )
                    .await;
                let input = match result {
                    Ok(d) => {
                        if let Some(fresh) = &d.booking_token {
                            ctx.attempt.update(|a| a.token = Some(fresh.clone()));
                            ctx.save_attempt();
                        }
                        Input::Status {
                            booking: d.status,
                            payment: d.payment_status,
                            field: d.payment_field,
                        }
                    }
                    Err(e) => {
                        ctx.error(&e, Operation::BookingDetails);
                        Input::StatusFailed(e)
                    }
                };
                ctx.dispatch(input);
            }),
            // A payment still being processed: asked again after a pause
            // (the pause ends with the checkout if it is unmounted).
            Effect::RecheckLater(ms) => self.spawn(async move {
                sleep_ms(ms).await;
                ctx.dispatch(Input::RecheckDue);
            }),
            Effect::ReportReturn {
                booking_id,
                status,
                field,
            } => self.instance.events.emit(WidgetEvent::PaymentReturned {
                booking_id,
                status,
                field,
            }),
            Effect::ForgetDetails => intl::forget(&self.contact_key),
        }
    }

    /// `single-esim-package` (once, for the booking's tracking id), then `update-customer-info`.
    async fn save_details(&self) -> Input {
        let client = &self.instance.api;
        let known = self.attempt.with_untracked(|a| {
            a.booking_tracking_id
                .clone()
                .map(|id| (id, a.tracking_key.clone()))
        });
        let (booking_tracking_id, tracking_key) = match known {
            Some(known) => known,
            None => {
                let request = self.attempt.with_untracked(|a| PackageRequest {
                    tracking_id: a.package_tracking_id.clone(),
                    package_id: a.plan_id.clone(),
                });
                match client.single_esim_package(&request).await {
                    Ok(d) => {
                        self.attempt.update(|a| {
                            a.booking_tracking_id = Some(d.tracking_id.clone());
                            a.tracking_key = d.tracking_key.clone();
                        });
                        (d.tracking_id, d.tracking_key)
                    }
                    Err(e) => {
                        self.error(&e, Operation::SingleEsimPackage);
                        return Input::DetailsFailed(e);
                    }
                }
            }
        };
        let Ok(c) = self.form.with_untracked(ContactForm::validate) else {
            return Input::DetailsFailed(ApiError::Incomplete {
                operation: Operation::UpdateCustomerInfo.name(),
                field: "passenger",
            });
        };
        let request = UpdateCustomerRequest {
            booking_tracking_id,
            tracking_key,
            passenger: vec![Passenger {
                first_name: c.first_name,
                last_name: c.last_name,
                email: c.email,
                isd_code: c.isd_code,
                contact_no: c.number,
                is_lead: "yes",
            }],
        };
        let result = client.update_customer_info(&request).await;
        if let Err(e) = &result {
            self.error(e, Operation::UpdateCustomerInfo);
        }
        machine::details_input(result)
    }

    /// `create-booking`: for one attempt always the same request, so the proxy
    /// replays a booking it already made instead of making another.
    async fn create_booking(&self) -> Input {
        let stored = self.stored_request();
        let resent = stored.is_some();
        let request = match stored {
            // Asked again after a lost answer: exactly what was sent before.
            Some(request) => request,
            None => match self.new_booking_request().await {
                Ok(request) => {
                    self.store_request(&request);
                    request
                }
                Err(input) => return input,
            },
        };
        self.send_booking(&request, resent).await
    }

    /// After an expired payment grant: the stored request with a fresh grant
    /// (same booking tracking id, quantity and details), stored in its place and sent.
    async fn renew_grant(&self) -> Input {
        let (Some(mut request), Some(url)) = (self.stored_request(), self.grant_url.clone()) else {
            // Nothing to renew (a grant expires only when one was sent).
            return Input::BookingFailed(ApiError::Incomplete {
                operation: GRANT_OPERATION,
                field: "grant",
            });
        };
        match grant(&url, &request.booking_tracking_id, request.esim_quantity).await {
            Ok(fresh) => request.payment_grant = Some(fresh),
            Err(e) => {
                // The hotel means to pay: never fall back to charging the traveller.
                self.error(&e, Operation::CreateBooking);
                return Input::BookingFailed(e);
            }
        }
        self.store_request(&request);
        self.send_booking(&request, true).await
    }

    /// The create-booking request this attempt sent, if any.
    fn stored_request(&self) -> Option<CreateBookingRequest> {
        self.attempt
            .with_untracked(|a| a.request.clone())
            .and_then(|json| serde_json::from_str::<CreateBookingRequest>(&json).ok())
    }

    /// Keeps `request` as this attempt's (before it is sent: a reload re-sends it).
    fn store_request(&self, request: &CreateBookingRequest) {
        let json = serde_json::to_string(request).unwrap_or_default();
        self.attempt.update(|a| a.request = Some(json));
        self.save_attempt();
    }

    /// Sends `create-booking` and reads the outcome (`resent`: see [`machine::booking_input`]).
    async fn send_booking(&self, request: &CreateBookingRequest, resent: bool) -> Input {
        let result = self.instance.booking_api.create_booking(request).await;
        match &result {
            Ok(b) => {
                self.attempt.update(|a| {
                    a.booking_id = Some(b.booking_id.clone());
                    a.token = b.booking_token.clone().or(a.token.clone());
                });
                let paid = b.payment_status == PaymentStatus::Paid;
                self.instance.events.emit(WidgetEvent::BookingCreated {
                    booking_id: b.booking_id.clone(),
                    paid,
                    token: b.booking_token.clone(),
                });
            }
            Err(e) => self.error(e, Operation::CreateBooking),
        }
        let hosts = self.payment_hosts.clone();
        machine::booking_input(result, resent, |url| {
            safe_url::check_payment(url, &hosts).ok()
        })
    }

    /// A new create-booking request for this attempt (with a fresh payment grant when the hotel pays).
    async fn new_booking_request(&self) -> Result<CreateBookingRequest, Input> {
        let (Ok(c), Some(booking_tracking_id)) = (
            self.form.with_untracked(ContactForm::validate),
            self.attempt
                .with_untracked(|a| a.booking_tracking_id.clone()),
        ) else {
            return Err(Input::BookingFailed(ApiError::Incomplete {
                operation: Operation::CreateBooking.name(),
                field: "booking_tracking_id",
            }));
        };
        let payment_grant = match &self.grant_url {
            None => None,
            Some(url) => match grant(url, &booking_tracking_id, c.quantity).await {
                Ok(g) => Some(g),
                Err(e) => {
                    // The hotel means to pay: never fall back to charging the traveller.
                    self.error(&e, Operation::CreateBooking);
                    return Err(Input::BookingFailed(e));
                }
            },
        };
        Ok(CreateBookingRequest {
            booking_tracking_id,
            tracking_key: self.attempt.with_untracked(|a| a.tracking_key.clone()),
            package_tracking_id: self
                .attempt
                .with_untracked(|a| a.package_tracking_id.clone()),
            esim_quantity: c.quantity,
            redirect_url: self.redirect_url.clone(),
            isd_code: c.isd_code,
            contact_no: c.number,
            email_address: c.email,
            payment_grant,
        })
    }
}

/// The operation name of the hotel's grant endpoint, in errors.
const GRANT_OPERATION: &str = "payment-grant";

/// Asks the hotel's own endpoint for a payment grant for this booking and quantity.
async fn grant(url: &str, booking_tracking_id: &str, quantity: u32) -> Result<String, ApiError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Ask<'a> {
        booking_tracking_id: &'a str,
        quantity: u32,
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        grant: String,
    }
    const OP: &str = GRANT_OPERATION;
    let body = serde_json::to_string(&Ask {
        booking_tracking_id,
        quantity,
    })
    .unwrap_or_default();
    let raw = api::http::send(url, OP, &body, None, api::http::DEFAULT_TIMEOUT_MS).await?;
    if !(200..300).contains(&raw.status) {
        return Err(ApiError::Http {
            operation: OP,
            status: raw.status,
            reason: raw.body.chars().take(120).collect(),
            code: None,
        });
    }
    serde_json::from_str::<Answer>(&raw.body)
        .map(|a| a.grant)
        .map_err(|e| ApiError::Decode {
            operation: OP,
            detail: e.to_string(),
        })
}
