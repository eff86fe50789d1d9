//! What of ITT's answers reaches the browser (`itt_contract::answers`, applied in
//! `proxy::forward`):
//!
//! - every answer variant the sandbox produces (each alternative of every layout
//!   dimension, and mixes of them, in the odd and the clean form), for every
//!   operation the widget calls, decodes in the widget exactly as the unfiltered
//!   answer does, while what the widget does not read stays at the proxy;
//! - prices, markups, costs and echoed credentials planted at every depth (in
//!   keyed containers too) never reach the browser;
//! - ITT's failures reach it as `{status, reason}`, the reason short and plain.
//!
//! The proxy runs in process (`oneshot`), driven by the widget's own client; the
//! sandbox sits behind a recording wrapper, so each browser answer is compared
//! with the very ITT answer it came from.

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::sandbox::{SANDBOX_API_KEY, SANDBOX_SECRET_CODE};
use itt_esim_server::{app, assemble, Config, Upstream};
use itt_esim_widget::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, RawBookingCreated, RawBookingDetails,
    RawCustomerUpdated, UpdateCustomerRequest,
};
use itt_esim_widget::api::client::{Client, Transport, BOOKING_TOKEN_HEADER};
use itt_esim_widget::api::devices::RawDevices;
use itt_esim_widget::api::install::{InstallRequest, RawInstallReply};
use itt_esim_widget::api::package::{PackageRequest, RawPackageReply};
use itt_esim_widget::api::search::{SearchRequest, SearchResponse};
use itt_esim_widget::api::topup::{
    CreateTopupRequest, IccidRequest, RawTopupCreated, RawTopupHistory, RawTopupPackages,
};
use itt_esim_widget::api::usage::{DataUsageRequest, RawDataUsage};
use itt_esim_widget::api::{decode_reply, ApiError, Operation, RawResponse, Reply};
use serde_json::{json, Map, Value};
use std::future::Future;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// Any operation's decoded value, so answers can be compared generically.
#[derive(Debug, PartialEq)]
enum Decoded {
    Search(<SearchResponse as Reply>::Output),
    Package(<RawPackageReply as Reply>::Output),
    Customer(<RawCustomerUpdated as Reply>::Output),
    Booking(<RawBookingCreated as Reply>::Output),
    Topup(<RawTopupCreated as Reply>::Output),
    Details(<RawBookingDetails as Reply>::Output),
    Usage(<RawDataUsage as Reply>::Output),
    Install(<RawInstallReply as Reply>::Output),
    Devices(<RawDevices as Reply>::Output),
    Topups(<RawTopupPackages as Reply>::Output),
    History(<RawTopupHistory as Reply>::Output),
}

fn decode(op: Operation, raw: &RawResponse) -> Result<Decoded, ApiError> {
    Ok(match op {
        Operation::Search => Decoded::Search(decode_reply::<SearchResponse>(op, raw)?),
        Operation::SingleEsimPackage => Decoded::Package(decode_reply::<RawPackageReply>(op, raw)?),
        Operation::UpdateCustomerInfo => {
            Decoded::Customer(decode_reply::<RawCustomerUpdated>(op, raw)?)
        }
        Operation::CreateBooking => Decoded::Booking(decode_reply::<RawBookingCreated>(op, raw)?),
        Operation::CreateTopupBooking => Decoded::Topup(decode_reply::<RawTopupCreated>(op, raw)?),
        Operation::BookingDetails => Decoded::Details(decode_reply::<RawBookingDetails>(op, raw)?),
        Operation::DataUsage => Decoded::Usage(decode_reply::<RawDataUsage>(op, raw)?),
        Operation::InstallationInstructions => {
            Decoded::Install(decode_reply::<RawInstallReply>(op, raw)?)
        }
        Operation::CompatibleDevices => Decoded::Devices(decode_reply::<RawDevices>(op, raw)?),
        Operation::TopupPackages => Decoded::Topups(decode_reply::<RawTopupPackages>(op, raw)?),
        Operation::TopupHistory => Decoded::History(decode_reply::<RawTopupHistory>(op, raw)?),
    })
}

/// ITT's answers as the proxy received them: (upstream path, status, body).
type Seen = Arc<Mutex<Vec<(String, u16, Vec<u8>)>>>;

/// Keys planted into every object of every ITT answer (with [`plant`]).
const PLANTED: [&str; 5] = [
    "buying_price",
    "net_price",
    "markup",
    "supplier_cost",
    "headers",
];

/// Plants prices, costs and echoed credentials into every object, at every depth:
/// named objects, list entries and keyed containers (`data`, `eSim`, `pax`, …) alike.
fn plant(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(plant);
            map.insert("buying_price".into(), json!(1.5));
            map.insert("net_price".into(), json!("1.00,"));
            // Content the allowlists know (amount, price, total), under names they do not.
            map.insert(
                "markup".into(),
                json!({"amount": 3, "price": 2.5, "total": 4}),
            );
            map.insert("supplier_cost".into(), json!([{"total": 2, "price": 1}]));
            map.insert(
                "headers".into(),
                json!({"apikey": SANDBOX_API_KEY, "secretecode": SANDBOX_SECRET_CODE}),
            );
        }
        Value::Array(items) => items.iter_mut().for_each(plant),
        _ => {}
    }
}

/// The proxy (its public app) over the sandbox, with ITT's answers recorded
/// (and planted into, when `planted`).
fn proxy(args: &[&str], planted: bool) -> (Router, Seen) {
    let argv = [
        "itt-esim-server",
        "--sandbox",
        "--rate-limit-per-minute",
        "0",
        // The hotel's site, where the payment page sends travellers back.
        "--allowed-origins",
        "https://hotel.example",
        // Every usage read goes to ITT, so each is compared with its own answer.
        "--usage-cache-secs",
        "0",
    ]
    .into_iter()
    .chain(args.iter().copied());
    let (mut state, surface) = assemble(&Config::try_parse_from(argv).unwrap()).unwrap();
    let seen = Seen::default();
    let Upstream::Sandbox {
        router,
        credentials,
        timeout,
    } = &*state.upstream
    else {
        panic!("sandbox mode")
    };
    let (inner, record) = (router.clone(), seen.clone());
    let wrapped = Router::new().fallback(move |request: Request<Body>| {
        let (inner, record) = (inner.clone(), record.clone());
        async move {
            let path = request.uri().path().to_string();
            let response = inner.oneshot(request).await.unwrap();
            let (mut parts, body) = response.into_parts();
            let mut bytes = body.collect().await.unwrap().to_bytes().to_vec();
            if planted {
                if let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) {
                    plant(&mut value);
                    bytes = value.to_string().into_bytes();
                }
            }
            parts.headers.remove(header::CONTENT_LENGTH);
            record
                .lock()
                .unwrap()
                .push((path, parts.status.as_u16(), bytes.clone()));
            Response::from_parts(parts, Body::from(bytes))
        }
    });
    state.upstream = Arc::new(Upstream::Sandbox {
        router: wrapped,
        credentials: credentials.clone(),
        timeout: *timeout,
    });
    (app(state, &surface), seen)
}

/// One browser call: what the proxy answered and the ITT answer it came from.
struct Exchange {
    operation: Operation,
    browser: RawResponse,
    itt: (u16, Vec<u8>),
}

/// The widget's transport over the in-process proxy, keeping every exchange.
#[derive(Clone)]
struct Browser {
    app: Router,
    seen: Seen,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Transport for Browser {
    fn post(
        &self,
        operation: Operation,
        body: String,
        booking_token: Option<&str>,
    ) -> impl Future<Output = Result<RawResponse, ApiError>> {
        let mut request = Request::post(format!("/esim/{}", operation.name()))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = booking_token {
            request = request.header(BOOKING_TOKEN_HEADER, token);
        }
        let request = request.body(Body::from(body)).unwrap();
        let this = self.clone();
        async move {
            this.seen.lock().unwrap().clear();
            let response = this.app.clone().oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let browser = RawResponse {
                status,
                retry_after,
                body: String::from_utf8(bytes.to_vec()).unwrap(),
            };
            // The upstream call for this operation (create-booking may also read the
            // booking's details for its token: that one is not the browser's answer).
            let path = format!("/esim/{}", operation.name());
            let itt = this
                .seen
                .lock()
                .unwrap()
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or_else(|| panic!("{path} did not reach ITT: {}", browser.body));
            this.exchanges.lock().unwrap().push(Exchange {
                operation,
                browser: browser.clone(),
                itt,
            });
            Ok(browser)
        }
    }
}

/// Every key anywhere in a JSON value, with every string value.
fn keys_and_texts(value: &Value, keys: &mut Vec<String>, texts: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                keys.push(k.clone());
                keys_and_texts(v, keys, texts);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys_and_texts(v, keys, texts)),
        Value::String(s) => texts.push(s.clone()),
        _ => {}
    }
}

/// Whether every key path of `small` is in `large` with the same scalars.
fn within(small: &Value, large: &Value) -> bool {
    match (small, large) {
        (Value::Object(s), Value::Object(l)) => s
            .iter()
            .all(|(k, v)| l.get(k).is_some_and(|lv| within(v, lv))),
        (Value::Array(s), Value::Array(l)) => {
            // Items may have been dropped (empty groups): each kept one is in order.
            let mut rest = l.iter();
            s.iter().all(|item| rest.any(|lv| within(item, lv)))
        }
        (s, l) => s == l,
    }
}

/// What one journey checked.
#[derive(Default)]
struct Checked {
    answers: usize,
    dropped_somewhere: bool,
}

/// Compares every exchange: the widget reads the browser's answer exactly as it
/// reads ITT's (with the proxy's own `booking_token` and `tracking_key` added, as
/// the proxy does),
/// and the browser's answer holds nothing ITT did not send, nothing planted.
fn check(exchanges: &[Exchange], what: &str, checked: &mut Checked) {
    for e in exchanges {
        let op = e.operation.name();
        let browser: Value = serde_json::from_str(&e.browser.body)
            .unwrap_or_else(|_| panic!("{what} {op}: {}", e.browser.body));
        let mut itt: Value = serde_json::from_slice(&e.itt.1).unwrap();
        assert_eq!(e.browser.status, e.itt.0, "{what} {op}: the status passes");
        // The proxy's own keys, added after filtering.
        for key in ["booking_token", "tracking_key"] {
            if let (Some(value), Value::Object(map)) = (browser.get(key), &mut itt) {
                map.insert(key.into(), value.clone());
            }
        }
        let unfiltered = RawResponse {
            body: itt.to_string(),
            ..e.browser.clone()
        };
        assert_eq!(
            decode(e.operation, &e.browser),
            decode(e.operation, &unfiltered),
            "{what} {op}: the widget reads the same\nbrowser: {browser}\nITT: {itt}"
        );
        assert!(
            within(&browser, &itt),
            "{what} {op}: only what ITT sent\nbrowser: {browser}"
        );
        if browser != itt {
            checked.dropped_somewhere = true;
        }
        let (mut keys, mut texts) = (Vec::new(), Vec::new());
        keys_and_texts(&browser, &mut keys, &mut texts);
        for key in &keys {
            assert!(
                !PLANTED.contains(&key.as_str())
                    && !key.starts_with("x_unexpected_")
                    && !key.starts_with('-'),
                "{what} {op}: `{key}` reached the browser\n{browser}"
            );
        }
        for text in &texts {
            assert!(
                !text.contains(SANDBOX_API_KEY) && !text.contains(SANDBOX_SECRET_CODE),
                "{what} {op}: a credential reached the browser"
            );
        }
        checked.answers += 1;
    }
}

fn traveller() -> Passenger {
    Passenger {
        first_name: "Amara".into(),
        last_name: "Okafor".into(),
        email: "amara@example.com".into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        is_lead: "yes",
    }
}

/// The traveller on the sandbox's hosted checkout page.
async fn pay(app: &Router, payment_url: &str) {
    let path = &payment_url[payment_url.find("/sandbox/").expect("sandbox checkout")..];
    let response = app
        .clone()
        .oneshot(
            Request::post(format!("{path}/pay"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
}

/// Every operation the widget calls, as the widget calls them: devices, search,
/// package, traveller, booking (unpaid, then paid), instructions, usage, top-up
/// offer, top-up booking (paid when it has a page) and its history.
async fn journey(args: &[&str], planted: bool, quantity: u32, what: &str) -> Checked {
    let (app, seen) = proxy(args, planted);
    let browser = Browser {
        app: app.clone(),
        seen,
        exchanges: Arc::default(),
    };
    let api = Client::new(browser.clone());
    let devices = api.compatible_devices().await.unwrap();
    assert!(devices.len() >= 300, "{what}: {} devices", devices.len());
    let results = api.search(&SearchRequest::local("TH", "en")).await.unwrap();
    let search_id = results.tracking_id.clone().unwrap();
    let plan = results
        .plans
        .iter()
        .find(|p| p.rechargeable == Some(true) && !p.unlimited)
        .unwrap_or_else(|| panic!("{what}: a plan that takes top-ups"));
    let package = api
        .single_esim_package(&PackageRequest {
            tracking_id: search_id.clone(),
            package_id: plan.id.clone(),
        })
        .await
        .unwrap();
    assert_eq!(package.plan, *plan, "{what}");
    api.update_customer_info(&UpdateCustomerRequest {
        booking_tracking_id: package.tracking_id.clone(),
        tracking_key: package.tracking_key.clone(),
        passenger: vec![traveller()],
    })
    .await
    .unwrap();
    let booking = api
        .create_booking(&CreateBookingRequest {
            booking_tracking_id: package.tracking_id.clone(),
            tracking_key: package.tracking_key.clone(),
            package_tracking_id: search_id,
            esim_quantity: quantity,
            redirect_url: "https://hotel.example/back".into(),
            isd_code: "+44".into(),
            contact_no: "7700900123".into(),
            email_address: "amara@example.com".into(),
            payment_grant: None,
        })
        .await
        .unwrap();
    let token = booking.booking_token.clone().expect("a booking token");
    let details = BookingDetailsRequest {
        booking_id: booking.booking_id.clone(),
    };
    api.booking_details(&details, Some(&token)).await.unwrap();
    pay(
        &app,
        booking.payment_url.as_deref().expect("a payment page"),
    )
    .await;
    let paid = api.booking_details(&details, Some(&token)).await.unwrap();
    assert_eq!(paid.esims.len(), quantity as usize, "{what}");
    assert_eq!(paid.passengers.len(), 1, "{what}");
    let token = paid.booking_token.clone().expect("a refreshed token");
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
    assert!(
        !install.ios.is_empty() && !install.android.is_empty(),
        "{what}"
    );
    let usage = api
        .data_usage(
            &DataUsageRequest {
                iccid: iccid.clone(),
            },
            token,
        )
        .await
        .unwrap();
    assert!(usage.total_mb.is_some(), "{what}");
    let esim = IccidRequest { iccid };
    let offer = api.topup_packages(&esim, token).await.unwrap();
    let topup = offer.packages.first().expect("top-ups on offer");
    let requested = api
        .create_topup_booking(
            &CreateTopupRequest {
                topup_tracking_id: offer.topup_tracking_id.clone().unwrap(),
                package_id: topup.id.clone(),
                redirect_url: "https://hotel.example/back".into(),
                isd_code: "+44".into(),
                contact_no: "7700900123".into(),
                email_address: "amara@example.com".into(),
            },
            token,
        )
        .await
        .unwrap();
    if let Some(page) = &requested.payment_url {
        pay(&app, page).await;
    }
    for _ in 0..3 {
        let history = api.topup_history(&esim, token).await.unwrap();
        assert_eq!(history.len(), 1, "{what}");
    }
    // A refusal too: ITT's failure, reduced.
    let refused = api
        .booking_details(
            &BookingDetailsRequest {
                booking_id: "ES000000NOPE".into(),
            },
            Some(&token_for("ES000000NOPE")),
        )
        .await;
    assert!(
        matches!(refused, Err(ApiError::Http { status: 404, .. })),
        "{refused:?}"
    );

    let exchanges = std::mem::take(&mut *browser.exchanges.lock().unwrap());
    let called: std::collections::BTreeSet<&str> =
        exchanges.iter().map(|e| e.operation.name()).collect();
    assert_eq!(
        called.len(),
        11,
        "{what}: every browser operation: {called:?}"
    );
    let mut checked = Checked::default();
    check(&exchanges, what, &mut checked);
    checked
}

/// A booking token as a hotel backend mints it (the sandbox's token secret).
fn token_for(booking_id: &str) -> String {
    itt_esim_server::token::sign(
        itt_esim_server::sandbox::SANDBOX_TOKEN_SECRET.as_bytes(),
        &itt_esim_server::token::BookingClaims {
            booking_id: booking_id.into(),
            tracking_id: Some(format!("TR-{booking_id}")),
            legacy_tracking_ids: vec![],
            iccids: vec![],
            exp: itt_esim_server::token::now() + 600,
        },
    )
}

/// The number of alternatives of each layout digit (`server/src/sandbox/layout.rs`).
const ALTERNATIVES: [u64; 11] = [5, 3, 4, 2, 5, 3, 2, 2, 2, 3, 2];

/// Layout seeds: the first alternative everywhere, each other alternative of
/// each digit alone, and every digit at once on 1, 2, 3 and 4 (mixes such as
/// eSIMs and the payment page both in `data`).
fn seeds() -> Vec<u64> {
    let mut seeds = vec![0];
    for (digit, count) in ALTERNATIVES.iter().enumerate() {
        for alternative in 1..*count {
            seeds.push(alternative * 10_u64.pow(digit as u32));
        }
    }
    for k in 1..5 {
        seeds.push(
            (0..ALTERNATIVES.len() as u32)
                .map(|d| k * 10_u64.pow(d))
                .sum(),
        );
    }
    seeds
}

#[tokio::test]
async fn every_sandbox_answer_variant_reads_the_same_filtered() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 1 + 22 + 4, "every alternative of every digit");
    let mut answers = 0;
    let mut dropped = 0;
    for form in ["odd", "clean"] {
        for seed in &seeds {
            let seed_text = seed.to_string();
            let mut args = vec!["--sandbox-layout-seed", seed_text.as_str()];
            if form == "clean" {
                args.push("--sandbox-clean");
            }
            // Two eSIMs, except where one is laid out as a single object.
            let single = (seed / 10) % 10 % 3 == 2;
            let quantity = if single { 1 } else { 2 };
            let checked = journey(&args, false, quantity, &format!("{form} seed {seed}")).await;
            answers += checked.answers;
            dropped += usize::from(checked.dropped_somewhere);
        }
    }
    assert_eq!(answers, 2 * seeds.len() * 15, "answers compared");
    // Every journey's answers carry something the widget does not read (the
    // reference's sample keys such as the request echo): the filter works in each.
    assert_eq!(dropped, 2 * seeds.len());
}

#[tokio::test]
async fn planted_prices_and_credentials_never_reach_the_browser() {
    for form in ["odd", "clean"] {
        for seed in [
            "0",
            "11111111111",
            "22222222222",
            "33333333333",
            "44444444444",
        ] {
            let mut args = vec!["--sandbox-layout-seed", seed];
            if form == "clean" {
                args.push("--sandbox-clean");
            }
            let single = seed.starts_with('2');
            let quantity = if single { 1 } else { 2 };
            // `check` refuses any planted key or credential in a browser answer, and
            // the widget still reads each answer as it reads the planted original.
            journey(
                &args,
                true,
                quantity,
                &format!("planted {form} seed {seed}"),
            )
            .await;
        }
    }
}

/// ITT failure bodies, each with echoed headers and request, and the HTTP status.
fn failures() -> Vec<(&'static str, u16, Value)> {
    let echo = json!({"headers": {"apikey": SANDBOX_API_KEY, "secretecode": SANDBOX_SECRET_CODE},
                      "request": {"member_id": "2", "partner_id": "1"},
                      "buying_price": 3.2, "markup": {"amount": 1}});
    let with_echo = |mut body: Value| {
        body.as_object_mut()
            .unwrap()
            .extend(echo.as_object().unwrap().clone());
        body
    };
    vec![
        (
            "search",
            422,
            with_echo(json!({"status": "failed", "reason": format!(
                "<html><body><h1>Invalid\ncountry</h1>\u{1b}[31m<script>alert(1)</script>{}</body></html>",
                "é".repeat(400)
            )})),
        ),
        (
            "single-esim-package",
            200,
            with_echo(json!({"Status": "Failed", "Reason": "x".repeat(1000)})),
        ),
        (
            "compatible-devices",
            500,
            with_echo(json!({"message": "Server Error", "trace": ["/var/www/app.php:12"]})),
        ),
        (
            "update-customer-info",
            429,
            with_echo(json!({"status": "failed", "reason": "Too many requests."})),
        ),
    ]
}

#[tokio::test]
async fn failures_reach_the_browser_as_status_and_a_short_reason() {
    let (mut state, surface) = assemble(
        &Config::try_parse_from([
            "itt-esim-server",
            "--sandbox",
            "--rate-limit-per-minute",
            "0",
        ])
        .unwrap(),
    )
    .unwrap();
    let Upstream::Sandbox {
        credentials,
        timeout,
        ..
    } = &*state.upstream
    else {
        panic!("sandbox mode")
    };
    let itt = Router::new().route(
        "/esim/{operation}",
        axum::routing::post(|Path(operation): Path<String>| async move {
            let (_, status, body) = failures()
                .into_iter()
                .find(|(op, ..)| *op == operation)
                .unwrap();
            let mut response =
                (StatusCode::from_u16(status).unwrap(), body.to_string()).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
            if status == 429 {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, "7".parse().unwrap());
            }
            response
        }),
    );
    state.upstream = Arc::new(Upstream::Sandbox {
        router: itt,
        credentials: credentials.clone(),
        timeout: *timeout,
    });
    let proxy = app(state, &surface);
    for (operation, status, _) in failures() {
        let body = match operation {
            "search" => json!({"eSim": {"country_code": "TH"}}),
            "single-esim-package" => json!({"tracking_id": "T", "package_id": "P"}),
            "update-customer-info" => json!({"booking_tracking_id": "T",
                "tracking_key": itt_esim_server::token::tracking_key(
                    itt_esim_server::sandbox::SANDBOX_TOKEN_SECRET.as_bytes(), "T"),
                "passenger": [{"first_name": "A", "last_name": "B", "email": "a@b.example"}]}),
            _ => json!({}),
        };
        let response = proxy
            .clone()
            .oneshot(
                Request::post(format!("/esim/{operation}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{operation}");
        if status == 429 {
            assert_eq!(response.headers()[header::RETRY_AFTER], "7");
        }
        let text = String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        let answer: Map<String, Value> = serde_json::from_str(&text).unwrap();
        assert!(
            !text.contains(SANDBOX_API_KEY) && !text.contains("apikey") && !text.contains("price"),
            "{operation}: {text}"
        );
        let keys: Vec<&str> = answer.keys().map(String::as_str).collect();
        let reason = answer.get("reason").and_then(Value::as_str);
        match operation {
            "search" => {
                assert_eq!(keys, ["reason", "status"]);
                assert_eq!(answer["status"], "failed");
                let reason = reason.unwrap();
                assert!(
                    reason.starts_with("Invalid country [31m alert(1) éé"),
                    "{reason}"
                );
                assert_eq!(reason.chars().count(), 200);
                assert!(reason.ends_with('…') && !reason.contains('<'), "{reason}");
            }
            "single-esim-package" => {
                assert_eq!(keys, ["reason", "status"]);
                assert_eq!(answer["status"], "Failed");
                assert_eq!(reason.unwrap(), format!("{}…", "x".repeat(199)));
            }
            "compatible-devices" => {
                // No reason given: none invented, and nothing else passes.
                assert_eq!(Value::Object(answer.clone()), json!({"status": "failed"}));
            }
            _ => assert_eq!(
                Value::Object(answer.clone()),
                json!({"status": "failed", "reason": "Too many requests."})
            ),
        }
        // The widget reads the reduced failure as the same kind of error.
        let op = Operation::from_name(operation).unwrap();
        let raw = RawResponse {
            status,
            retry_after: (status == 429).then(|| "7".to_string()),
            body: text,
        };
        let error = decode(op, &raw).unwrap_err();
        match (status, &error) {
            (200, ApiError::Api { reason, .. }) => assert!(reason.ends_with('…')),
            (429, ApiError::RateLimited { .. }) => {}
            (422 | 500, ApiError::Http { reason, .. }) => assert!(!reason.contains("apikey")),
            _ => panic!("{operation}: {error:?}"),
        }
    }
}
