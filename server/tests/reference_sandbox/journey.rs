//! One complete journey on the sandbox's upstream side, recording what varied.

use super::support::{
    entries, layout_of, objects_with, payment_status, payment_url, text, Sandbox, Seen,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The requests of one journey, by operation (for dropping fields from them).
pub type Requests = BTreeMap<&'static str, Value>;

/// search → … → register-webhook for one booking of `quantity` eSIMs.
pub async fn journey(sb: &Sandbox, quantity: u32, seen: &mut Seen) -> Requests {
    let mut requests = Requests::new();
    let member = "2";
    let search_request = json!({
        "eSim": {"region_type": "local", "country_code": "TH", "plan_type": "data", "topup_included": "yes"},
        "supplier_uid": "all", "partner_id": "1", "short_ref": "xxxx111", "language": "en",
    });
    let search = sb.ok("search", &search_request).await;
    requests.insert("search", search_request);
    let search_id = text(&search["tracking_id"]);
    seen.saw(
        "search data",
        layout_of(&search["data"], "package_id").expect("packages in data"),
    );
    let mut packages = Vec::new();
    objects_with(&search["data"], "sell_price", &mut packages);
    let package = packages
        .iter()
        .find(|p| text(&p["data"]) != "Unlimited")
        .expect("a plan with a data amount");
    let package_id = text(&package["package_id"]);

    let single_request = json!({"tracking_id": search_id, "package_id": package_id});
    let single = sb.ok("single-esim-package", &single_request).await;
    requests.insert("single-esim-package", single_request);
    let tracking_id = text(&single["tracking_id"]);

    let customer_request = json!({
        "booking_tracking_id": tracking_id, "member_id": member, "save_pax": "yes",
        "passenger": [{"first_name": "Amara", "last_name": "Okafor", "email": "amara@example.com",
                       "isd_code": "+44", "contact_no": "7700900123"}],
    });
    let customer = sb.ok("update-customer-info", &customer_request).await;
    requests.insert("update-customer-info", customer_request);
    assert_eq!(text(&customer["tracking_id"]), tracking_id);

    let booking_request = json!({
        "booking_tracking_id": tracking_id, "package_tracking_id": search_id,
        "eSim_quantity": quantity.to_string(), "member_id": member, "isPartialPay": "no",
        "redirect_url": "https://hotel.example/back", "payment_type": "onlinepayment",
        "isd_code": "+44", "contact_no": "7700900123", "email_address": "amara@example.com",
        "agency_email": "agency@hotel.example",
    });
    let booking = sb.ok("create-booking", &booking_request).await;
    requests.insert("create-booking", booking_request);
    assert_eq!(
        text(&booking["tracking_id"]),
        tracking_id,
        "the booking's tracking id"
    );
    let booking_id = text(&booking["booking_id"]);
    let (url, place) = payment_url(&booking).expect("a payment URL before payment");
    seen.saw("payment url", place);
    let (_, _, unpaid) = payment_status(&booking);
    assert_eq!(unpaid.to_ascii_lowercase(), "unpaid");
    sb.pay(&url).await;

    let details_request =
        json!({"member_id": member, "tracking_id": tracking_id, "booking_id": booking_id});
    let details = sb.ok("booking-details", &details_request).await;
    requests.insert("booking-details", details_request);
    assert!(payment_url(&details).is_none(), "paid: no payment URL");
    assert!(
        text(&details["pay_tracking_id"]).starts_with("PAY"),
        "set once the traveller reached the payment page"
    );
    let (place, key, word) = payment_status(&details);
    seen.saw("payment status place", place);
    seen.saw("payment status key", key);
    seen.saw("paid word", word);
    let holders: Vec<(String, String)> = ["eSim", "voucher", "data", "esims", "sims"]
        .iter()
        .filter_map(|k| {
            details
                .get(*k)
                .and_then(|v| layout_of(v, "iccid"))
                .map(|l| (k.to_string(), l))
        })
        .collect();
    assert_eq!(holders.len(), 1, "the eSIMs in one place: {holders:?}");
    let (holder, layout) = holders[0].clone();
    seen.saw("esim container", holder);
    seen.saw("esim layout", layout.split(' ').next().unwrap().to_string());
    seen.saw(
        "pax",
        layout_of(&details["pax"], "first_name").expect("pax"),
    );
    let mut esims = Vec::new();
    objects_with(&details, "matching_id", &mut esims);
    assert_eq!(esims.len(), quantity as usize, "{details}");
    for esim in &esims {
        for key in [
            "iccid",
            "lpa",
            "matching_id",
            "qrcode",
            "qrcode_url",
            "direct_apple_installation_url",
            "apn_type",
            "apn_value",
            "is_roaming",
        ] {
            assert!(esim.contains_key(key), "eSIM without {key}");
        }
    }
    let iccid = text(&esims[0]["iccid"]);

    let esim_request =
        json!({"member_id": member, "tracking_id": tracking_id, "eSim_iccid": iccid});
    let mut instructions_request = esim_request.clone();
    instructions_request["preferred_language"] = json!("de");
    let instructions = sb
        .ok("installation-instructions", &instructions_request)
        .await;
    requests.insert("installation-instructions", instructions_request);
    assert_eq!(text(&instructions["instructions"]["language"]), "de");
    seen.saw(
        "instruction versions",
        layout_of(&instructions["instructions"]["ios"], "version").expect("ios"),
    );
    let usage = sb.ok("data-usage", &esim_request).await;
    requests.insert("data-usage", esim_request.clone());
    assert!(usage["data"].get("remaining").is_some(), "{usage}");

    let offer = sb.ok("topup-packages", &esim_request).await;
    requests.insert("topup-packages", esim_request.clone());
    seen.saw(
        "topup data",
        layout_of(&offer["data"], "package_id").expect("top-ups in data"),
    );
    let mut topups = Vec::new();
    objects_with(&offer["data"], "package_id", &mut topups);
    let topup_id = text(&topups[0]["package_id"]);
    assert!(topup_id.contains(&iccid), "ICCID in {topup_id}");
    let topup_request = json!({
        "booking_tracking_id": tracking_id, "topup_tracking_id": text(&offer["topup_tracking_id"]),
        "package_id": topup_id, "member_id": member, "redirect_url": "https://hotel.example/back",
        "payment_type": "onlinepayment", "isd_code": "+44", "contact_no": "7700900123",
        "email_address": "amara@example.com",
    });
    let topup = sb.ok("create-topup-booking", &topup_request).await;
    requests.insert("create-topup-booking", topup_request);
    let status_only = topup.as_object().unwrap().len() == 1;
    seen.saw(
        "topup answer",
        if status_only {
            "Status only"
        } else {
            "with booking"
        },
    );
    if !status_only {
        assert!(topup.get("booking_id").is_some(), "{topup}");
        let (url, _) = payment_url(&topup).expect("a top-up payment URL");
        sb.pay(&url).await;
    }
    let mut reads = 0;
    loop {
        let history = sb.ok("topup-history", &esim_request).await;
        seen.saw(
            "history",
            layout_of(&history["data"], "status").expect("history"),
        );
        let rows: Vec<String> = entries(&history["data"])
            .iter()
            .map(|t| text(&t["status"]))
            .collect();
        assert_eq!(rows.len(), 1, "{history}");
        if rows[0] == "completed" {
            break;
        }
        assert_eq!(rows[0], "pending");
        reads += 1;
        assert!(reads <= 2, "a top-up completes after at most two reads");
    }
    if status_only {
        seen.saw("topup completes after reads", reads.to_string());
    }
    requests.insert("topup-history", esim_request);

    let devices_request = json!({"member_id": 2});
    let devices = sb.ok("compatible-devices", &devices_request).await;
    requests.insert("compatible-devices", devices_request);
    let mut models = Vec::new();
    objects_with(&devices["compatible_devices"], "model", &mut models);
    assert!(
        models.len() > 100,
        "the device list is in compatible_devices"
    );

    let webhook_request = json!({"supplier_code": "airalo", "supplier_uid": "X1AO00065", "notification_type": "webhook_low_data"});
    sb.ok("register-webhook", &webhook_request).await;
    requests.insert("register-webhook", webhook_request);
    requests
}
