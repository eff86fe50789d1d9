//! The whole journey over HTTP against the sandbox, driven by the widget's own
//! client (its request types and tolerant decoding, over a native transport).

use clap::Parser;
use itt_contract::recognize::{self, Node};
use itt_esim_server::sandbox::webhook;
use itt_esim_server::{app, assemble_for, Config};
use itt_esim_widget::activation::Activation;
use itt_esim_widget::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, UpdateCustomerRequest,
};
use itt_esim_widget::api::client::{Client, Transport, BOOKING_TOKEN_HEADER};
use itt_esim_widget::api::install::InstallRequest;
use itt_esim_widget::api::model::{BookingStatus, PaymentStatus};
use itt_esim_widget::api::package::PackageRequest;
use itt_esim_widget::api::search::SearchRequest;
use itt_esim_widget::api::topup::{CreateTopupRequest, IccidRequest};
use itt_esim_widget::api::usage::{DataUsageRequest, UsageStatus};
use itt_esim_widget::api::{ApiError, Operation, RawResponse};
use serde_json::{json, Value};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The widget's client over reqwest instead of `fetch`.
struct Http {
    base: String,
    client: reqwest::Client,
}

impl Transport for Http {
    fn post(
        &self,
        operation: Operation,
        body: String,
        booking_token: Option<&str>,
    ) -> impl Future<Output = Result<RawResponse, ApiError>> {
        let mut request = self
            .client
            .post(format!("{}/esim/{}", self.base, operation.name()))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = booking_token {
            request = request.header(BOOKING_TOKEN_HEADER, token);
        }
        async move {
            let response = request.send().await.map_err(|e| ApiError::Network {
                operation: operation.name(),
                detail: e.to_string(),
            })?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            let body = response.text().await.map_err(|e| ApiError::Network {
                operation: operation.name(),
                detail: e.to_string(),
            })?;
            Ok(RawResponse {
                status,
                retry_after,
                body,
            })
        }
    }
}

type Deliveries = Arc<Mutex<Vec<(String, String)>>>;

/// A hotel endpoint receiving the sandbox's low-data events.
async fn webhook_receiver() -> (String, Deliveries) {
    let seen: Deliveries = Arc::default();
    let store = seen.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let store = store.clone();
            async move {
                let signature = headers
                    .get(webhook::SIGNATURE_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                store.lock().unwrap().push((signature, body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, seen)
}

/// The server in sandbox mode on a loopback port.
async fn server(args: &[&str]) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The hotel's site, where the payment page may send travellers back.
    let argv = [
        "itt-esim-server",
        "--sandbox",
        "--allowed-origins",
        "https://hotel.example",
    ]
    .into_iter()
    .chain(args.iter().copied());
    let config = Config::try_parse_from(argv).unwrap();
    let (state, surface) = assemble_for(&config, addr).unwrap();
    let router = app(state, &surface);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn client(base: &str) -> Client<Http> {
    Client::new(Http {
        base: base.to_string(),
        client: reqwest::Client::new(),
    })
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn control(base: &str, path: &str, body: Value) -> Value {
    let response = browser()
        .post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

/// Pays (or cancels) on the sandbox checkout page like a traveller; returns where it sends them.
async fn checkout(payment_url: &str, action: &str) -> String {
    let page = browser().get(payment_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("TEST MODE"),
        "the hosted page is marked: {html}"
    );
    let answer = browser()
        .post(format!("{payment_url}/{action}"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    answer.headers()["location"].to_str().unwrap().to_string()
}

fn traveller(email: &str) -> Passenger {
    Passenger {
        first_name: "Amara".into(),
        last_name: "Okafor".into(),
        email: email.into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        is_lead: "yes",
    }
}

/// Search, pick a plan, record the traveller, book `quantity` eSIMs.
async fn book(
    api: &Client<Http>,
    country: &str,
    plan_index: usize,
    quantity: u32,
    email: &str,
) -> itt_esim_widget::api::booking::BookingCreated {
    book_with(api, country, plan_index, quantity, email, false).await
}

/// A payment grant as the hotel's backend mints it (the sandbox's grant secret).
fn grant(booking_tracking_id: &str, quantity: u64) -> String {
    itt_esim_server::token::sign(
        itt_esim_server::sandbox::SANDBOX_GRANT_SECRET.as_bytes(),
        &itt_esim_server::token::GrantClaims {
            booking_tracking_id: booking_tracking_id.to_string(),
            quantity,
            exp: itt_esim_server::token::now() + 600,
        },
    )
}

async fn book_with(
    api: &Client<Http>,
    country: &str,
    plan_index: usize,
    quantity: u32,
    email: &str,
    balance: bool,
) -> itt_esim_widget::api::booking::BookingCreated {
    let results = api
        .search(&SearchRequest {
            country_code: country.into(),
            language: "en".into(),
            region_type: "local",
        })
        .await
        .unwrap();
    assert!(results.plans.len() >= 6, "local plans for {country}");
    let search_id = results.tracking_id.unwrap();
    let plan = &results.plans[plan_index];
    let details = api
        .single_esim_package(&PackageRequest {
            tracking_id: search_id.clone(),
            package_id: plan.id.clone(),
        })
        .await
        .unwrap();
    assert_eq!(details.plan, *plan, "details agree with the search");
    assert!(details.qr_installation_html.unwrap().contains("<ol>"));
    api.update_customer_info(&UpdateCustomerRequest {
        booking_tracking_id: details.tracking_id.clone(),
        tracking_key: details.tracking_key.clone(),
        passenger: vec![traveller(email)],
    })
    .await
    .unwrap();
    let payment_grant = balance.then(|| grant(&details.tracking_id, u64::from(quantity)));
    api.create_booking(&CreateBookingRequest {
        booking_tracking_id: details.tracking_id,
        tracking_key: details.tracking_key,
        package_tracking_id: search_id,
        esim_quantity: quantity,
        redirect_url: "https://hotel.example/booking/RRB-48213".into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        email_address: email.into(),
        payment_grant,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn hosted_payment_quantity_two_usage_webhooks_and_topups() {
    // Layout 0: the reference's answer to a top-up, only {"Status": "Success"}.
    journey_with_topup("0").await;
}

#[tokio::test]
async fn topups_answered_with_a_booking_and_a_payment_page() {
    // Digit 8 picks the top-up answer: with a booking id and a payment page.
    journey_with_topup("100000000").await;
}

/// Book two eSIMs, pay, install, use, get a low-data event and top up, with one
/// sandbox layout (`--sandbox-layout-seed`) for every answer.
async fn journey_with_topup(layout: &str) {
    let (hook, deliveries) = webhook_receiver().await;
    let base = server(&[
        "--sandbox-webhook-url",
        &hook,
        "--sandbox-webhook-secret",
        "s3cret",
        // Fresh usage on every call: the clock moves between calls here.
        "--usage-cache-secs",
        "0",
        "--sandbox-layout-seed",
        layout,
    ])
    .await;
    let api = client(&base);

    let devices = api.compatible_devices().await.unwrap();
    assert!(devices.len() >= 300, "{} devices", devices.len());

    // 5 GB, 30 days, two eSIMs, paid on the hosted page.
    let booking = book(&api, "TH", 2, 2, "amara.okafor@example.com").await;
    assert_eq!(booking.status, BookingStatus::Pending);
    assert_eq!(booking.payment_status, PaymentStatus::Unpaid);
    assert!(booking.esims.is_empty(), "eSIMs only after payment");
    let payment_url = booking.payment_url.clone().unwrap();
    assert!(payment_url.starts_with(&format!("{base}/sandbox/checkout/")));
    let details_request = BookingDetailsRequest {
        booking_id: booking.booking_id.clone(),
    };
    let token = booking
        .booking_token
        .clone()
        .expect("the proxy adds a booking token");
    let before = api
        .booking_details(&details_request, Some(&token))
        .await
        .unwrap();
    assert_eq!(
        before.payment_status,
        PaymentStatus::Unpaid,
        "unchanged until the page is used"
    );

    let back = checkout(&payment_url, "pay").await;
    assert_eq!(
        back,
        format!(
            "https://hotel.example/booking/RRB-48213?itt_booking_id={}&itt_payment=paid",
            booking.booking_id
        )
    );
    let paid = api
        .booking_details(&details_request, Some(&token))
        .await
        .unwrap();
    assert_eq!(paid.status, BookingStatus::Confirmed);
    assert_eq!(paid.payment_status, PaymentStatus::Paid);
    assert_eq!(paid.esims.len(), 2, "one eSIM per quantity");
    assert_ne!(paid.esims[0].iccid, paid.esims[1].iccid);
    for esim in &paid.esims {
        let code = Activation::of(esim).expect("an activation").lpa();
        assert!(code.starts_with("LPA:1$"), "{code}");
        assert!(esim
            .direct_apple_installation_url
            .as_deref()
            .unwrap()
            .ends_with(&code));
    }
    // Paying again never pays twice.
    let again = browser()
        .post(format!("{payment_url}/pay"))
        .send()
        .await
        .unwrap();
    assert!(again.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("itt_payment=paid"));
    assert_eq!(
        api.booking_details(&details_request, Some(&token))
            .await
            .unwrap()
            .esims
            .len(),
        2
    );
    // Booking details refreshed the token with the eSIMs issued after payment.
    let raw = reqwest::Client::new()
        .post(format!("{base}/esim/booking-details"))
        .header("content-type", "application/json")
        .header(BOOKING_TOKEN_HEADER, &token)
        .body(json!({"booking_id": booking.booking_id}).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = serde_json::from_str::<Value>(&raw).unwrap()["booking_token"]
        .as_str()
        .unwrap()
        .to_string();
    let token = Some(token.as_str());

    let iccid = paid.esims[0].iccid.clone().unwrap();
    let install = api
        .installation_instructions(
            &InstallRequest {
                iccid: iccid.clone(),
                preferred_language: "en".into(),
            },
            token,
        )
        .await
        .unwrap();
    assert!(install.ios[0].qr.as_ref().unwrap().steps.len() >= 3);
    assert!(!install.android.is_empty());

    // Usage on the sandbox clock.
    let usage_request = DataUsageRequest {
        iccid: iccid.clone(),
    };
    let usage = api.data_usage(&usage_request, token).await.unwrap();
    assert_eq!(usage.status, UsageStatus::NotActive);
    assert_eq!(usage.total_mb, Some(5 * 1024));
    control(&base, "/sandbox/clock/advance", json!({"days": 3})).await;
    let usage = api.data_usage(&usage_request, token).await.unwrap();
    assert_eq!(usage.status, UsageStatus::Active);
    let used_after_two_days = usage.total_mb.unwrap() - usage.remaining_mb.unwrap();
    assert_eq!(used_after_two_days, 5 * 1024 * 3 / 4 / 30 * 2);
    assert!(deliveries.lock().unwrap().is_empty(), "no warning yet");

    // Cross 75%: a signed low-data event reaches the hotel.
    control(
        &base,
        &format!("/sandbox/esims/{iccid}/consume"),
        json!({"mb": 3800}),
    )
    .await;
    let mut waited = 0;
    while deliveries.lock().unwrap().is_empty() && waited < 50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += 1;
    }
    let (signature, body) = deliveries.lock().unwrap()[0].clone();
    assert!(
        webhook::verify("s3cret", body.as_bytes(), &signature),
        "valid HMAC-SHA512"
    );
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["level"], "75%");
    assert_eq!(event["iccid"], iccid.as_str());

    // Top up: offered, booked, paid on the hosted page, in the history, adds data.
    let iccid_request = IccidRequest {
        iccid: iccid.clone(),
    };
    let offer = api.topup_packages(&iccid_request, token).await.unwrap();
    assert!(!offer.packages.is_empty());
    let topup = &offer.packages[0];
    // ITT requires the traveller's contact details: the booking's lead passenger.
    let lead = &paid.passengers[0];
    let requested = api
        .create_topup_booking(
            &CreateTopupRequest {
                topup_tracking_id: offer.topup_tracking_id.clone().expect("topup_tracking_id"),
                package_id: topup.id.clone(),
                redirect_url: "https://hotel.example/booking/RRB-48213".into(),
                isd_code: lead.isd_code.clone().unwrap(),
                contact_no: lead.contact_no.clone().unwrap(),
                email_address: lead.email.clone().unwrap(),
            },
            token,
        )
        .await
        .unwrap();
    let history = api.topup_history(&iccid_request, token).await.unwrap();
    assert_eq!(history.len(), 1);
    match &requested.payment_url {
        Some(page) => {
            assert!(requested.booking_token.is_some());
            assert_eq!(history[0].status.as_deref(), Some("pending"));
            checkout(page, "pay").await;
        }
        // "Top-up requested": the history shows it, completed after a few reads.
        None => assert!(requested.booking_id.is_none() && requested.booking_token.is_none()),
    }
    let mut history = history;
    for _ in 0..4 {
        if history[0].status.as_deref() == Some("completed") {
            break;
        }
        history = api.topup_history(&iccid_request, token).await.unwrap();
    }
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status.as_deref(), Some("completed"));
    // Usage answers are cached for a minute per eSIM; this server caches none (see args).
    let usage = api.data_usage(&usage_request, token).await.unwrap();
    assert_eq!(usage.total_mb, Some(5 * 1024 + topup.data_mb.unwrap()));
}

#[tokio::test]
async fn account_balance_confirms_at_once() {
    let base = server(&[]).await;
    let api = client(&base);
    let booking = book_with(&api, "JP", 0, 1, "guest@example.com", true).await;
    assert_eq!(booking.status, BookingStatus::Confirmed);
    assert_eq!(booking.payment_status, PaymentStatus::Paid);
    assert_eq!(
        booking.payment_url, None,
        "no payment page for the hotel's balance"
    );
    assert_eq!(booking.esims.len(), 1);
}

#[tokio::test]
async fn cancel_and_decline_on_the_payment_page() {
    let base = server(&[]).await;
    let api = client(&base);
    let cancelled = book(&api, "FR", 0, 1, "guest@example.com").await;
    let back = checkout(&cancelled.payment_url.unwrap(), "cancel").await;
    assert!(back.ends_with("itt_payment=cancelled"), "{back}");
    let declined = book(&api, "FR", 0, 1, "decline@sandbox.test").await;
    let back = checkout(&declined.payment_url.unwrap(), "pay").await;
    assert!(back.ends_with("itt_payment=failed"), "{back}");
    let details = api
        .booking_details(
            &BookingDetailsRequest {
                booking_id: declined.booking_id,
            },
            declined.booking_token.as_deref(),
        )
        .await
        .unwrap();
    assert_eq!(details.payment_status, PaymentStatus::Failed);
    assert!(details.esims.is_empty());
}

#[tokio::test]
async fn each_trigger_gives_its_documented_client_error() {
    let base = server(&[]).await;
    let api = client(&base);
    let search = |country: &str| SearchRequest {
        country_code: country.into(),
        language: "en".into(),
        region_type: "local",
    };
    let code = |r: Result<_, ApiError>| {
        r.map(|_: itt_esim_widget::api::search::SearchResults| ())
            .unwrap_err()
    };
    assert!(matches!(
        code(api.search(&search("XE")).await),
        ApiError::Http { status: 500, .. }
    ));
    assert_eq!(
        code(api.search(&search("XR")).await),
        ApiError::RateLimited {
            operation: "search",
            retry_after_secs: Some(7)
        }
    );
    // Broken answers are stopped by the proxy: the widget sees a 502.
    for broken in ["XM", "XT"] {
        assert!(
            matches!(
                code(api.search(&search(broken)).await),
                ApiError::Http { status: 502, .. }
            ),
            "{broken}"
        );
    }
    assert!(api.search(&search("ZZ")).await.unwrap().plans.is_empty());
    let started = Instant::now();
    assert!(!api.search(&search("XL")).await.unwrap().plans.is_empty());
    assert!(
        started.elapsed() >= Duration::from_millis(2900),
        "XL answers after the forced latency"
    );
    // Any operation: a magic value in any field.
    let err = api
        .update_customer_info(&UpdateCustomerRequest {
            booking_tracking_id: "whatever".into(),
            tracking_key: Some(itt_esim_server::token::tracking_key(
                itt_esim_server::sandbox::SANDBOX_TOKEN_SECRET.as_bytes(),
                "whatever",
            )),
            passenger: vec![Passenger {
                first_name: "sandbox-500".into(),
                ..traveller("guest@example.com")
            }],
        })
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 500, .. }), "{err}");
    // Validation like ITT: unknown ids (with a token a hotel backend could mint).
    let unknown = "ES000000NOPE";
    let err = api
        .booking_details(
            &BookingDetailsRequest {
                booking_id: unknown.into(),
            },
            Some(&minted_token(unknown, &[])),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Http {
            operation: "booking-details",
            status: 404,
            reason: "Booking not found.".into(),
            code: None,
        }
    );
    let err = api
        .single_esim_package(&PackageRequest {
            tracking_id: "nope".into(),
            package_id: "x".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 404, .. }), "{err}");
}

/// A booking token as a hotel backend mints it for a booking made elsewhere.
fn minted_token(booking_id: &str, iccids: &[&str]) -> String {
    itt_esim_server::token::sign(
        itt_esim_server::sandbox::SANDBOX_TOKEN_SECRET.as_bytes(),
        &itt_esim_server::token::BookingClaims {
            booking_id: booking_id.into(),
            // A hotel's backend knows the booking's tracking id (its booking_tracking_id).
            tracking_id: Some(format!("TR-{booking_id}")),
            legacy_tracking_ids: vec![],
            iccids: iccids.iter().map(|s| s.to_string()).collect(),
            exp: itt_esim_server::token::now() + 600,
        },
    )
}

#[tokio::test]
async fn bookings_are_readable_only_with_their_own_token() {
    let base = server(&[]).await;
    let api = client(&base);
    let mine = book_with(&api, "TH", 0, 1, "me@example.com", true).await;
    let theirs = book_with(&api, "TH", 0, 1, "them@example.com", true).await;
    let my_token = mine.booking_token.clone().unwrap();
    let their_iccid = theirs.esims[0].iccid.clone().unwrap();
    let details = |id: &str| BookingDetailsRequest {
        booking_id: id.to_string(),
    };
    let reason = |e: ApiError| match e {
        ApiError::Http { status, reason, .. } => (status, reason),
        other => panic!("{other}"),
    };
    // No token, a forged one, another booking's id or ICCID: refused.
    let (status, _) = reason(
        api.booking_details(&details(&mine.booking_id), None)
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 401);
    let (status, _) = reason(
        api.booking_details(&details(&mine.booking_id), Some("v1.e30.AAAA"))
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 401);
    let (status, text) = reason(
        api.booking_details(&details(&theirs.booking_id), Some(&my_token))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (status, text.as_str()),
        (403, "The booking_id does not belong to this booking.")
    );
    let (status, _) = reason(
        api.data_usage(&DataUsageRequest { iccid: their_iccid }, Some(&my_token))
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 403, "another booking's ICCID cannot be read");
    // Their own token works.
    assert!(api
        .booking_details(&details(&mine.booking_id), Some(&my_token))
        .await
        .is_ok());
}

/// The contract's request samples (taken from the seeds) are accepted as ITT would,
/// each with its ids replaced by live ones from the step before: all twelve.
#[tokio::test]
async fn seed_request_samples_are_accepted() {
    let base = server(&["--sandbox-clean"]).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contract/clean");
    let sample = |name: &str| -> Value {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        serde_json::from_str::<Value>(&text).unwrap()["request"].clone()
    };
    let http = reqwest::Client::new();
    let token: Arc<Mutex<Option<String>>> = Arc::default();
    let call = |op: &'static str, request: Value| {
        let http = http.clone();
        let url = format!("{base}/esim/{op}");
        let token = token.lock().unwrap().clone();
        async move {
            let mut builder = http
                .post(url)
                .header("content-type", "application/json")
                .body(request.to_string());
            if let Some(token) = token {
                builder = builder.header(BOOKING_TOKEN_HEADER, token);
            }
            let response = builder.send().await.unwrap();
            let status = response.status();
            let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
            let said = body["status"].as_str().or(body["Status"].as_str());
            assert!(
                status.is_success() && said.is_some_and(|s| s.eq_ignore_ascii_case("success")),
                "{op}: {status} {body}"
            );
            body
        }
    };

    // Answers are read as the widget and the proxy read them: by content.
    let node = |v: &Value| -> Node { serde_json::from_value(v.clone()).unwrap() };
    let first_with = |answer: &Value, key: &str| -> Value {
        node(answer)
            .get("data")
            .into_iter()
            .flat_map(Node::objects)
            .find_map(|(_, o)| o.text_of(&[key]))
            .map(Value::String)
            .unwrap_or_else(|| panic!("no {key} in {answer}"))
    };
    let found = call("search", sample("search")).await;
    let search_id = found["tracking_id"].clone();
    let mut request = sample("single-esim-package");
    request["tracking_id"] = search_id.clone();
    request["package_id"] = first_with(&found, "package_id");
    let selected = call("single-esim-package", request).await;
    let selection_id = selected["tracking_id"].clone();
    // The proxy's proof of the tracking id (not ITT's): sent back as the widget does.
    let tracking_key = selected["tracking_key"].clone();
    let mut request = sample("update-customer-info");
    request["booking_tracking_id"] = selection_id.clone();
    request["tracking_key"] = tracking_key.clone();
    call("update-customer-info", request).await;
    let mut request = sample("create-booking");
    // The sample's onlinepayment is replaced by the grant's account_balance, so eSIMs are issued now.
    request["payment_grant"] = grant(selection_id.as_str().unwrap(), 2).into();
    request["booking_tracking_id"] = selection_id.clone();
    request["tracking_key"] = tracking_key;
    request["package_tracking_id"] = search_id;
    let booked = call("create-booking", request).await;
    *token.lock().unwrap() = booked["booking_token"].as_str().map(String::from);
    let booking_id = booked["booking_id"].clone();
    let esims = recognize::esims(&node(&booked));
    assert_eq!(esims.len(), 2, "quantity 2 from the sample: {booked}");
    let iccid = Value::String(esims[1].iccid.clone().unwrap());
    for op in [
        "booking-details",
        "data-usage",
        "installation-instructions",
        "compatible-devices",
        "topup-packages",
        "topup-history",
    ] {
        let mut request = sample(op);
        for (key, value) in [
            ("booking_id", &booking_id),
            ("eSim_iccid", &iccid),
            ("tracking_id", &selection_id),
        ] {
            if request.get(key).is_some() {
                request[key] = value.clone();
            }
        }
        call(op, request).await;
    }
    // The search found a limited plan first, so top-ups exist.
    let mut request = sample("topup-packages");
    request["eSim_iccid"] = iccid.clone();
    request["tracking_id"] = selection_id.clone();
    let topups = call("topup-packages", request).await;
    let mut request = sample("create-topup-booking");
    request["booking_tracking_id"] = selection_id.clone();
    request["topup_tracking_id"] = topups["topup_tracking_id"].clone();
    request["package_id"] = first_with(&topups, "package_id");
    call("create-topup-booking", request).await;

    // The twelfth is server-side only: straight to the simulator, as the CLI would.
    use itt_esim_server::sandbox::{Sandbox, SandboxConfig, SANDBOX_API_KEY, SANDBOX_SECRET_CODE};
    use tower::ServiceExt;
    let upstream = Sandbox::new(SandboxConfig::new("USD", "1", "2"))
        .unwrap()
        .upstream_router();
    let response = upstream
        .oneshot(
            axum::http::Request::post("/esim/register-webhook")
                .header("apikey", SANDBOX_API_KEY)
                .header("secretecode", SANDBOX_SECRET_CODE)
                .body(axum::body::Body::from(
                    sample("register-webhook").to_string(),
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_data_file_keeps_the_sandbox_across_restarts() {
    let file = std::env::temp_dir().join(format!("itt-sandbox-{}.json", std::process::id()));
    std::fs::remove_file(&file).ok();
    let path = file.to_str().unwrap();
    let first = server(&["--sandbox-data", path]).await;
    let booking = book_with(&client(&first), "IT", 1, 1, "guest@example.com", true).await;
    control(&first, "/sandbox/clock/advance", json!({"hours": 5})).await;

    // A second server on the same file: same bookings, same clock.
    let second = server(&["--sandbox-data", path]).await;
    let details = client(&second)
        .booking_details(
            &BookingDetailsRequest {
                booking_id: booking.booking_id.clone(),
            },
            booking.booking_token.as_deref(),
        )
        .await
        .unwrap();
    assert_eq!(details.esims, booking.esims);
    let clock: Value = serde_json::from_str(
        &browser()
            .get(format!("{second}/sandbox/clock"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(clock["minutes"], 300);
    std::fs::remove_file(&file).ok();
}

/// Every arrangement of what the reference collapses, read by the widget's client
/// through the proxy: eSIMs in each container and layout, the payment status in
/// each place, key and spelling, the payment URL in each place, `pax` keyed or
/// grouped, `data` keyed or grouped. Seed `kkkkkkkkkkk` makes every digit `k`, so
/// the five seeds meet every alternative of every dimension (at most five each).
#[tokio::test]
async fn the_widget_and_the_proxy_read_every_sandbox_layout() {
    for k in 0..5_u32 {
        let seed = if k == 0 {
            "0".to_string()
        } else {
            k.to_string().repeat(11)
        };
        let base = server(&["--sandbox-layout-seed", &seed]).await;
        let api = client(&base);
        let quantity = 1 + k % 2;
        let email = format!("layout{k}@example.com");
        let booking = book(&api, "TH", 1, quantity, &email).await;
        let page = booking
            .payment_url
            .clone()
            .unwrap_or_else(|| panic!("layout {seed}: no payment page recognised"));
        checkout(&page, "pay").await;
        let token = booking.booking_token.clone().expect("a booking token");
        let details = api
            .booking_details(
                &BookingDetailsRequest {
                    booking_id: booking.booking_id.clone(),
                },
                Some(&token),
            )
            .await
            .unwrap_or_else(|e| panic!("layout {seed}: {e}"));
        assert_eq!(details.payment_status, PaymentStatus::Paid, "layout {seed}");
        assert!(details.payment_field.is_some(), "layout {seed}");
        assert_eq!(details.esims.len(), quantity as usize, "layout {seed}");
        assert!(details.esims.iter().all(|e| Activation::of(e).is_some()));
        assert_eq!(
            details.passengers.first().and_then(|p| p.email.as_deref()),
            Some(email.as_str()),
            "layout {seed}: the lead traveller prefills top-ups"
        );
        // The refreshed token covers the eSIMs the proxy recognised in the same answer.
        let token = details.booking_token.clone().expect("a refreshed token");
        let iccid = details.esims[0].iccid.clone().unwrap();
        api.data_usage(
            &DataUsageRequest {
                iccid: iccid.clone(),
            },
            Some(&token),
        )
        .await
        .unwrap_or_else(|e| panic!("layout {seed}: {e}"));
        let offer = api
            .topup_packages(&IccidRequest { iccid }, Some(&token))
            .await
            .unwrap_or_else(|e| panic!("layout {seed}: {e}"));
        assert!(!offer.packages.is_empty() && offer.topup_tracking_id.is_some());
        let results = api.search(&SearchRequest::local("JP", "en")).await.unwrap();
        assert!(results.plans.len() >= 6, "layout {seed}: search data");
    }
}
