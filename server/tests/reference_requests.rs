//! What ITT receives, proven against the reference itself: every browser operation,
//! built by the widget's own client types, sent through the proxy to a fake ITT on
//! loopback that records the body. Each body must carry every field the reference
//! marks required, in the reference's JSON type, and no field the reference does not
//! document. The required fields and types are read from the committed extraction
//! (`contract/reference/extracted.json`), never typed here.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request};
use clap::Parser;
use http_body_util::BodyExt;
use itt_contract::reference::extraction;
use itt_esim_server::store::Stores;
use itt_esim_server::{app, assemble_with, Config};
use itt_esim_widget::api::booking::{
    BookingDetailsRequest, CreateBookingRequest, Passenger, UpdateCustomerRequest,
};
use itt_esim_widget::api::devices::COMPATIBLE_DEVICES_BODY;
use itt_esim_widget::api::install::InstallRequest;
use itt_esim_widget::api::package::PackageRequest;
use itt_esim_widget::api::search::SearchRequest;
use itt_esim_widget::api::topup::{CreateTopupRequest, IccidRequest};
use itt_esim_widget::api::usage::DataUsageRequest;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

type Seen = Arc<Mutex<Vec<(String, Value)>>>;

const ICCID: &str = "8944465400000267221";

/// A fake ITT answering every call with success in the reference's shapes.
async fn fake_itt() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let store = seen.clone();
    let router = axum::Router::new().route(
        "/esim/{op}",
        axum::routing::post(
            move |axum::extract::Path(op): axum::extract::Path<String>, body: String| {
                let store = store.clone();
                async move {
                    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                    store.lock().unwrap().push((op.clone(), body));
                    let reply = match op.as_str() {
                        "create-booking" => json!({
                            "status": "success",
                            "tracking_id": "BT-1",
                            "booking_id": "ES1",
                            "general": {"payment_status": "paid"},
                            "eSim": {"0": {"iccid": ICCID, "qrcode": "LPA:1$lpa.example$M1"}},
                        }),
                        "topup-packages" => json!({"status": "success", "topup_tracking_id": "TUP1",
                            "data": {"0": {"package_id": format!("X1AO00084||{ICCID}||topup-1gb")}}}),
                        "create-topup-booking" => json!({"Status": "Success"}),
                        "single-esim-package" => json!({"status": "success", "tracking_id": "BT-1"}),
                        _ => json!({"status": "success", "booking_id": "ES1"}),
                    };
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        reply.to_string(),
                    )
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, seen)
}

fn proxy(upstream: &str) -> axum::Router {
    let config = Config::try_parse_from([
        "itt-esim-server",
        "--upstream",
        upstream,
        "--allowed-origins",
        "https://hotel.example",
        "--member-id",
        "42",
        "--partner-id",
        "7",
        "--agency-email",
        "bookings@hotel.example",
    ])
    .unwrap();
    // The embedded store in a folder of its own (not /var/lib/itt-esim).
    let (state, surface) =
        assemble_with(&config, config.listen, Stores::temporary().unwrap()).unwrap();
    app(state, &surface).layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 9], 4000))))
}

/// `POST /esim/{op}` from the hotel's page: the status and the JSON answer.
async fn post(router: &axum::Router, op: &str, body: String, token: Option<&str>) -> (u16, Value) {
    let mut request = Request::post(format!("/esim/{op}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, "https://hotel.example");
    if let Some(token) = token {
        request = request.header("x-booking-token", token);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// A call that must succeed: its answer.
async fn send(router: &axum::Router, op: &str, body: String, token: Option<&str>) -> Value {
    let (status, reply) = post(router, op, body, token).await;
    assert!((200..300).contains(&status), "{op}: {status} {reply}");
    reply
}

/// The status of a call the proxy must refuse before it reaches ITT.
async fn refused(router: &axum::Router, op: &str, body: String, token: Option<&str>) -> u16 {
    post(router, op, body, token).await.0
}

fn json_of(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

/// Every mismatch between what ITT received for `op` and the reference.
fn mismatches(op: &str, sent: &Value) -> Vec<String> {
    let reference = extraction().operation(op).expect(op);
    let mut out = Vec::new();
    let body = sent.as_object().expect("a JSON object");
    for field in reference.required() {
        match body.get(&field.name) {
            None | Some(Value::Null) => {
                out.push(format!("{op}: required `{}` missing", field.name))
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                out.push(format!("{op}: required `{}` empty", field.name))
            }
            _ => {}
        }
    }
    for (key, value) in body {
        match reference.field(key) {
            None => out.push(format!("{op}: `{key}` is not a field of the reference")),
            Some(f) if f.type_fits(value) != Some(true) => out.push(format!(
                "{op}: `{key}` is {value}, the reference types it {}",
                f.ty
            )),
            Some(_) => {}
        }
    }
    out
}

#[tokio::test]
async fn every_browser_request_reaches_itt_as_the_reference_says() {
    // Set once, before any configuration is read (the only test here that reads them).
    std::env::set_var("ITT_API_KEY", "key");
    std::env::set_var("ITT_SECRET_CODE", "secret");
    std::env::set_var("ITT_TOKEN_SECRET", "reference-test-token-secret-32-chars!!");
    let (itt, seen) = fake_itt().await;
    let router = proxy(&itt);
    let passenger = Passenger {
        first_name: "Amara".into(),
        last_name: "Okafor".into(),
        email: "amara@example.com".into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        is_lead: "yes",
    };
    send(
        &router,
        "search",
        SearchRequest::local("TH", "en").body(),
        None,
    )
    .await;
    let package = PackageRequest {
        tracking_id: "S1".into(),
        package_id: "X1AO00012||thailand||1067||plan".into(),
    };
    let single = send(&router, "single-esim-package", json_of(&package), None).await;
    // The proxy's proof for this tracking id, which the widget sends back.
    let tracking_key = single["tracking_key"].as_str().map(String::from);
    assert!(tracking_key.is_some(), "{single}");
    let customer = UpdateCustomerRequest {
        booking_tracking_id: "BT-1".into(),
        tracking_key: tracking_key.clone(),
        passenger: vec![passenger],
    };
    send(&router, "update-customer-info", json_of(&customer), None).await;
    let booking = CreateBookingRequest {
        booking_tracking_id: "BT-1".into(),
        tracking_key,
        package_tracking_id: "S1".into(),
        esim_quantity: 1,
        redirect_url: "https://hotel.example/booking".into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        email_address: "amara@example.com".into(),
        payment_grant: None,
    };
    let booked = send(&router, "create-booking", json_of(&booking), None).await;
    let token = booked["booking_token"]
        .as_str()
        .expect("a booking token")
        .to_string();
    let token = Some(token.as_str());
    send(
        &router,
        "compatible-devices",
        COMPATIBLE_DEVICES_BODY.into(),
        None,
    )
    .await;
    let details = BookingDetailsRequest {
        booking_id: "ES1".into(),
    };
    send(&router, "booking-details", json_of(&details), token).await;
    let iccid = IccidRequest {
        iccid: ICCID.into(),
    };
    let install = InstallRequest {
        iccid: ICCID.into(),
        preferred_language: "fr".into(),
    };
    send(
        &router,
        "installation-instructions",
        json_of(&install),
        token,
    )
    .await;
    let usage = DataUsageRequest {
        iccid: ICCID.into(),
    };
    send(&router, "data-usage", json_of(&usage), token).await;
    send(&router, "topup-packages", json_of(&iccid), token).await;
    send(&router, "topup-history", json_of(&iccid), token).await;
    let topup = CreateTopupRequest {
        topup_tracking_id: "TUP1".into(),
        package_id: format!("X1AO00084||{ICCID}||topup-1gb"),
        redirect_url: "https://hotel.example/booking".into(),
        isd_code: "+44".into(),
        contact_no: "7700900123".into(),
        email_address: "amara@example.com".into(),
    };
    send(&router, "create-topup-booking", json_of(&topup), token).await;
    // Only what was offered for an eSIM of the caller's booking can be bought.
    for (tracking, package) in [
        ("TUP-of-someone-else", topup.package_id.clone()),
        ("TUP1", "X1AO00084||8900000000000000001||topup-1gb".into()),
    ] {
        let other = CreateTopupRequest {
            topup_tracking_id: tracking.into(),
            package_id: package,
            ..topup.clone()
        };
        let status = refused(&router, "create-topup-booking", json_of(&other), token).await;
        assert_eq!(status, 403, "{tracking}");
    }

    let seen = seen.lock().unwrap().clone();
    let mut problems = Vec::new();
    let mut reached: Vec<&str> = Vec::new();
    // Every call ITT received, the proxy's own booking-details lookup included.
    for (op, body) in &seen {
        reached.push(op);
        problems.extend(mismatches(op, body));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for op in itt_esim_server::proxy::BROWSER_OPERATIONS {
        assert!(reached.contains(&op), "{op} never reached ITT");
    }
    // The values the proxy owns: the token's tracking id, the member as the reference types it.
    let body = |op: &str| seen.iter().rev().find(|(o, _)| o == op).unwrap().1.clone();
    assert_eq!(body("booking-details")["tracking_id"], "BT-1");
    assert_eq!(body("create-topup-booking")["booking_tracking_id"], "BT-1");
    assert_eq!(body("compatible-devices")["member_id"], 42);
    assert_eq!(body("create-booking")["eSim_quantity"], "1");
    assert_eq!(
        body("installation-instructions")["preferred_language"],
        "fr"
    );
}

/// The checker itself: a body lacking a required field, with a wrong type or an
/// undocumented field is reported (so the test above cannot pass vacuously).
#[test]
fn the_checker_catches_each_kind_of_mistake() {
    let good = json!({"member_id": "2", "tracking_id": "T", "booking_id": "B"});
    assert!(mismatches("booking-details", &good).is_empty());
    let missing = json!({"member_id": "2", "booking_id": "B"});
    assert_eq!(mismatches("booking-details", &missing).len(), 1);
    let typed = json!({"member_id": 2, "tracking_id": "T", "booking_id": "B"});
    assert_eq!(mismatches("booking-details", &typed).len(), 1);
    let renamed =
        json!({"member_id": "2", "tracking_id": "T", "booking_id": "B", "language": "en"});
    assert_eq!(mismatches("booking-details", &renamed).len(), 1);
}
