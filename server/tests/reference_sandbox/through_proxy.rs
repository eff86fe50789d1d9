//! The same requirements through the proxy (`POST /esim/<op>` on the public
//! app): what the browser sends, without what the proxy fills in.

use super::support::{objects_with, payment_url, text};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use itt_contract::reference::extraction;
use itt_esim_server::{app, assemble, wire, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

/// Fields the proxy sets whatever the browser sent (the token's tracking ids
/// come from [`wire::FROM_TOKEN`]).
const FILLED: [(&str, &str); 3] = [
    ("*", "member_id"),
    ("create-booking", "payment_type"),
    ("create-topup-booking", "payment_type"),
];

/// Fields the proxy checks against the booking token before ITT sees the call:
/// without them it refuses itself (403 `not_your_booking`).
/// Fields the proxy itself checks against the booking token (or the top-up offers it
/// forwarded for the token's eSIMs) before ITT sees the call: 403, not ITT's 422.
const GUARDED: [(&str, &str); 4] = [
    ("*", "booking_id"),
    ("*", "eSim_iccid"),
    ("create-topup-booking", "topup_tracking_id"),
    ("create-topup-booking", "package_id"),
];

fn filled(operation: &str, field: &str) -> bool {
    FILLED
        .iter()
        .chain(wire::FROM_TOKEN.iter())
        .any(|(op, f)| (*op == "*" || *op == operation) && *f == field)
        || (operation == "search" && field == "partner_id")
}

/// The public app, and whether [`Proxy::call`] drops fields first.
struct Proxy(axum::Router, bool);

impl Proxy {
    fn new() -> Proxy {
        let args = [
            "itt-esim-server",
            "--sandbox",
            "--rate-limit-per-minute",
            "0",
            "--allowed-origins",
            "https://hotel.example",
        ];
        let (state, surface) = assemble(&Config::try_parse_from(args).unwrap()).unwrap();
        Proxy(app(state, &surface), true)
    }

    async fn post(
        &self,
        operation: &str,
        body: &Value,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = Request::post(format!("/esim/{operation}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header("x-booking-token", token);
        }
        let request = request.body(Body::from(body.to_string())).unwrap();
        let response = self.0.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    /// Drops each required field the browser sends, one at a time, then sends
    /// the whole body (with a wrong `member_id`, which the proxy replaces).
    async fn call(&self, operation: &str, body: &Value, token: Option<&str>) -> Value {
        let reference = extraction().operation(operation).expect(operation);
        for field in reference.required().filter(|_| self.1) {
            let name = field.name.as_str();
            if filled(operation, name) {
                assert!(
                    body.get(name).is_none(),
                    "{operation}: the browser sends no {name}"
                );
                continue;
            }
            let mut without = body.clone();
            without.as_object_mut().unwrap().remove(name);
            let (status, answer) = self.post(operation, &without, token).await;
            let guarded = GUARDED
                .iter()
                .any(|(op, f)| (*op == "*" || *op == operation) && *f == name);
            if guarded && token.is_some() {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{operation} without {name}: {answer}"
                );
                assert_eq!(answer["error"], "not_your_booking");
            } else {
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{operation} without {name}"
                );
                assert_eq!(
                    answer,
                    json!({"status": "failed", "reason": format!("The {name} field is required.")}),
                    "ITT's reason reaches the caller unchanged"
                );
            }
        }
        let mut body = body.clone();
        if operation != "search" {
            body["member_id"] = json!("999");
        }
        let (status, answer) = self.post(operation, &body, token).await;
        assert_eq!(status, StatusCode::OK, "{operation}: {answer}");
        answer
    }

    async fn pay(&self, url: &str) {
        let path = &url[url.find("/sandbox/").expect("sandbox checkout")..];
        let pay = Request::post(format!("{path}/pay"))
            .body(Body::empty())
            .unwrap();
        let response = self.0.clone().oneshot(pay).await.unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
    }
}

fn token(answer: &Value) -> String {
    answer["booking_token"]
        .as_str()
        .expect("a booking token")
        .to_string()
}

/// The first booking drops fields; the others show the proxy copes with each
/// booking's layout (its eSIMs found for the token, its payment page allowed).
#[tokio::test]
async fn through_the_proxy_itts_reasons_reach_the_caller_and_filled_fields_are_filled() {
    let mut proxy = Proxy::new();
    for _ in 0..12 {
        booking(&proxy).await;
        proxy.1 = false;
    }
}

/// One booking, search to top-up history, as the widget makes it.
async fn booking(proxy: &Proxy) {
    let search = proxy
        .call(
            "search",
            &json!({"eSim": {"region_type": "local", "country_code": "TH"}, "supplier_uid": "all", "language": "en"}),
            None,
        )
        .await;
    let search_id = text(&search["tracking_id"]);
    let mut packages = Vec::new();
    objects_with(&search["data"], "sell_price", &mut packages);
    let package = packages
        .iter()
        .find(|p| text(&p["data"]) != "Unlimited")
        .unwrap();
    let body = json!({"tracking_id": search_id, "package_id": text(&package["package_id"])});
    let single = proxy.call("single-esim-package", &body, None).await;
    let tracking_id = text(&single["tracking_id"]);
    // The proxy's proof that this caller got the tracking id (not ITT's field).
    let key = text(&single["tracking_key"]);
    let passenger =
        json!([{"first_name": "Amara", "last_name": "Okafor", "email": "amara@example.com"}]);
    let body =
        json!({"booking_tracking_id": tracking_id, "tracking_key": key, "passenger": passenger});
    proxy.call("update-customer-info", &body, None).await;
    let contact = json!({"redirect_url": "https://hotel.example/back", "isd_code": "+44",
                         "contact_no": "7700900123", "email_address": "amara@example.com"});
    let mut body = json!({"booking_tracking_id": tracking_id, "tracking_key": key,
                          "package_tracking_id": search_id, "eSim_quantity": "1"});
    body.as_object_mut()
        .unwrap()
        .extend(contact.as_object().unwrap().clone());
    let booking = proxy.call("create-booking", &body, None).await;
    let booking_id = text(&booking["booking_id"]);
    let (url, _) = payment_url(&booking).expect("a payment URL");
    proxy.pay(&url).await;

    let first = token(&booking);
    let details = proxy
        .call(
            "booking-details",
            &json!({"booking_id": booking_id}),
            Some(&first),
        )
        .await;
    let token = token(&details);
    let mut esims = Vec::new();
    objects_with(&details, "matching_id", &mut esims);
    let iccid = text(&esims[0]["iccid"]);
    let esim = json!({"eSim_iccid": iccid});
    let with_language = json!({"eSim_iccid": iccid, "preferred_language": "fr"});
    let instructions = proxy
        .call("installation-instructions", &with_language, Some(&token))
        .await;
    assert_eq!(text(&instructions["instructions"]["language"]), "fr");
    proxy.call("data-usage", &esim, Some(&token)).await;
    let offer = proxy.call("topup-packages", &esim, Some(&token)).await;
    let mut topups = Vec::new();
    objects_with(&offer["data"], "package_id", &mut topups);
    let mut body = json!({"topup_tracking_id": text(&offer["topup_tracking_id"]),
                          "package_id": text(&topups[0]["package_id"])});
    body.as_object_mut()
        .unwrap()
        .extend(contact.as_object().unwrap().clone());
    let topup = proxy
        .call("create-topup-booking", &body, Some(&token))
        .await;
    if let Some((url, _)) = payment_url(&topup) {
        proxy.pay(&url).await;
    }
    let history = proxy.call("topup-history", &esim, Some(&token)).await;
    assert!(history.get("data").is_some(), "{history}");
    proxy.call("compatible-devices", &json!({}), None).await;
}
