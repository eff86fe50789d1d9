//! Component tests in headless Chromium (`wasm-bindgen-test`).
//!
//! `fetch` is replaced by a scripted fake so each test controls exactly what the
//! proxy answers; the end-to-end suite covers the real server.
#![cfg(target_arch = "wasm32")]

use itt_esim_widget::api::search::Plan;
use itt_esim_widget::components::PlanCard;
use itt_esim_widget::embed::{mount, WidgetHandle};
use itt_esim_widget::i18n::Locale;
use itt_esim_widget::money::Money;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function script_fetch(answers) {
  // answers: [[status, body], ...]; the last one repeats.
  window.__calls = [];
  window.fetch = async (req) => {
    const body = await req.text();
    window.__calls.push({ url: req.url, body });
    const [status, text] = answers.length > 1 ? answers.shift() : answers[0];
    return new Response(text, { status, headers: { "content-type": "application/json" } });
  };
}
export function hanging_fetch() {
  // Never answers; records when the widget aborts the request.
  window.__calls = [];
  window.__aborted = 0;
  window.fetch = (req) => new Promise((_, reject) => {
    window.__calls.push({ url: req.url });
    req.signal.addEventListener("abort", () => { window.__aborted += 1; reject(new DOMException("aborted", "AbortError")); });
  });
}
export function aborted() { return window.__aborted; }
export function calls() { return JSON.stringify(window.__calls || []); }
export function record_events(el) {
  el.__events = [];
  for (const n of ["itt-esim:ready", "itt-esim:error", "itt-esim:plans-loaded"]) {
    el.addEventListener(n, (e) => el.__events.push({ name: n, detail: e.detail }));
  }
}
export function events(el) { return JSON.stringify(el.__events); }
export function options(o) { return o; }
export function sheets(root) { return root.adoptedStyleSheets.length; }
"#)]
extern "C" {
    fn script_fetch(answers: JsValue);
    fn calls() -> String;
    fn hanging_fetch();
    fn aborted() -> u32;
    fn record_events(el: &HtmlElement);
    fn events(el: &HtmlElement) -> String;
    fn sheets(root: &ShadowRoot) -> u32;
}

const TWO_PLANS: &str = r#"{"Status":"Success","reason":"2 found","tracking_id":"T1",
 "total_esim_package":"2,",
 "data":{"0":{"package_id":"A","title":"1 GB - 7 days","data":"1 GB","sell_price":"4.50,","sell_currency":"USD",
              "package_details":{"data_amount":"1024","validity_days":"7,","is_unlimited":"false,"}},
         "1":{"package_id":"B","title":"Unlimited - 10 days","data":"Unlimited","sell_price":"29.00,","sell_currency":"USD",
              "package_details":{"data_amount":"null,","validity_days":"10,","is_unlimited":"true,"}}}}"#;

fn answers(list: &[(u16, &str)]) -> JsValue {
    let arr = js_sys::Array::new();
    for (status, body) in list {
        arr.push(&js_sys::Array::of2(&(*status).into(), &(*body).into()));
    }
    arr.into()
}

fn js_options(pairs: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &(*k).into(), &(*v).into()).unwrap();
    }
    o.into()
}

fn host() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    record_events(&el);
    el
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to ~2 s) until the shadow root matches `selector`.
async fn wait_for(root: &ShadowRoot, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        leptos::task::tick().await;
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        sleep(10).await;
    }
    panic!(
        "{selector} never appeared; shadow root: {}",
        root.inner_html()
    );
}

fn text_all(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn thailand() -> JsValue {
    js_options(&[
        ("proxyUrl", "/itt"),
        ("country", "TH"),
        ("checkIn", "2026-12-01"),
        ("checkOut", "2026-12-08"),
        ("lang", "en"),
    ])
}

#[wasm_bindgen_test]
async fn mounts_in_shadow_root_and_shows_plans() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let el = host();
    let _handle: WidgetHandle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().expect("open shadow root");
    assert_eq!(
        sheets(&root),
        1,
        "stylesheet adopted inside the shadow root"
    );
    wait_for(&root, ".esim-plan").await;
    assert_eq!(
        text_all(&root, ".esim-plan__title"),
        vec!["1 GB - 7 days", "Unlimited - 10 days"]
    );
    let prices = text_all(&root, ".esim-plan__price");
    assert!(prices[0].contains("USD 4.50"), "{prices:?}");
    assert!(text_all(&root, ".esim-plan__data")[1].contains("Unlimited"));
    let trip = text_all(&root, ".esim__trip").join("");
    assert!(
        trip.contains("Thailand") && trip.contains("7 nights"),
        "{trip}"
    );

    let calls = calls();
    assert!(calls.contains("/itt/esim/search"), "{calls}");
    assert!(calls.contains(r#"\"country_code\":\"TH\""#), "{calls}");
    let events = events(&el);
    assert!(events.contains("itt-esim:ready"), "{events}");
    assert!(events.contains(r#""count":2"#), "{events}");
}

#[wasm_bindgen_test]
async fn server_error_offers_retry_that_recovers() {
    script_fetch(answers(&[
        (500, r#"{"status":"failed","reason":"boom"}"#),
        (200, TWO_PLANS),
    ]));
    let el = host();
    let _handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    let alert = wait_for(&root, ".esim-alert").await;
    let text = alert.text_content().unwrap();
    assert!(text.contains("having trouble"), "{text}");
    assert!(
        !text.contains("boom"),
        "internals must not reach the traveller"
    );
    let events = events(&el);
    assert!(
        events.contains(r#""code":"http""#) && events.contains("boom"),
        "{events}"
    );

    let button: HtmlElement = root
        .query_selector(".esim-alert button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    wait_for(&root, ".esim-plan").await;
    assert!(root.query_selector(".esim-alert").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn empty_destination_says_so() {
    script_fetch(answers(&[(
        200,
        r#"{"status":"success","total_esim_package":"0,","data":[]}"#,
    )]));
    let el = host();
    let _handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    let empty = wait_for(&root, ".esim-empty").await;
    assert!(empty.text_content().unwrap().contains("No eSIM data plans"));
}

#[wasm_bindgen_test]
async fn misconfiguration_is_reported_to_the_developer() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let el = host();
    let _handle = mount(
        el.clone(),
        &js_options(&[("proxyUrl", "/itt"), ("lang", "de")]),
    )
    .unwrap();
    let root = el.shadow_root().unwrap();
    let notice = wait_for(&root, "[data-error-code=config]").await;
    let text = notice.text_content().unwrap();
    assert!(
        text.contains("nicht angezeigt"),
        "the traveller's language: {text}"
    );
    let events = events(&el);
    assert!(
        events.contains(r#""code":"config""#) && events.contains("data-country"),
        "{events}"
    );
    assert_eq!(calls(), "[]", "nothing is fetched without a destination");
}

#[wasm_bindgen_test]
async fn update_changes_destination_and_unmount_cleans_up() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let el = host();
    let mut handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-plan").await;
    handle.update(&js_options(&[("country", "jp"), ("lang", "de")]));
    for _ in 0..100 {
        leptos::task::tick().await;
        if text_all(&root, ".esim__trip").join("").contains("Japan") {
            break;
        }
        sleep(10).await;
    }
    let trip = text_all(&root, ".esim__trip").join("");
    assert!(trip.contains("Datentarife für Japan"), "{trip}");
    wait_for(&root, ".esim-plan").await;
    assert!(
        calls().contains(r#"\"country_code\":\"JP\""#),
        "{}",
        calls()
    );
    handle.unmount();
    leptos::task::tick().await;
    assert!(
        root.query_selector(".esim").unwrap().is_none(),
        "view removed"
    );
    handle.unmount(); // twice is harmless
}

#[wasm_bindgen_test]
async fn plan_card_formats_for_german() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let parent: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&parent).unwrap();
    let plan = Plan {
        id: "X".into(),
        title: "5 GB - 30 days".into(),
        data_mb: Some(5120),
        unlimited: false,
        validity_days: Some(30),
        price: Money::parse("1234.5", "EUR"),
        coverage: None,
        activation_policy: None,
        rechargeable: None,
    };
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! { <ul><PlanCard plan=plan locale=Locale::De /></ul> }
    });
    let text = parent.text_content().unwrap();
    assert!(text.contains("1.234,50 EUR"), "{text}");
    assert!(text.contains("30 Tage") && text.contains("5 GB"), "{text}");
}

#[wasm_bindgen_test]
async fn unmount_aborts_the_request_in_flight() {
    hanging_fetch();
    let el = host();
    let mut handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-status").await;
    for _ in 0..100 {
        if calls().contains("search") {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(aborted(), 0);
    handle.unmount();
    for _ in 0..100 {
        leptos::task::tick().await;
        if aborted() > 0 {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(aborted(), 1, "the search was aborted, not left running");
    assert!(
        !events(&el).contains("itt-esim:error"),
        "a cancelled search is not an error"
    );
}
