//! Component tests in headless Chromium (`wasm-bindgen-test`).
//!
//! `fetch` is replaced by a scripted fake so each test controls exactly what the
//! proxy answers; the end-to-end suite covers the real server.
#![cfg(target_arch = "wasm32")]

use itt_esim_widget::api::search::Plan;
use itt_esim_widget::components::device_check::browser::OwnedHints;
use itt_esim_widget::components::{DeviceCheck, Instance, PlanCard};
use itt_esim_widget::device::Verdict;
use itt_esim_widget::embed::{mount, WidgetHandle};
use itt_esim_widget::events::EventSink;
use itt_esim_widget::i18n::Locale;
use itt_esim_widget::money::Money;
use itt_esim_widget::url::ProxyUrl;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const DEVICES = JSON.stringify({ status: "success", data: [
  { model: "iPhone16,1", os: "ios", brand: "Apple", name: "iPhone 15 Pro" },
  { model: "iPhone16,2", os: "ios", brand: "Apple", name: "iPhone 15 Pro Max" },
  { model: "SM-S911B", os: "android", brand: "Samsung", name: "Galaxy S23" },
  { model: "SM-S918B", os: "android", brand: "Samsung", name: "Galaxy S23 Ultra" },
  { model: "SM-S918U1", os: "android", brand: "Samsung", name: "Galaxy S23 Ultra" },
  { model: "shiba", os: "android", brand: "Google", name: "Pixel 8" },
  { model: "akita", os: "android", brand: "Google", name: "Pixel 8a" },
] });
function json(status, text) {
  return new Response(text, { status, headers: { "content-type": "application/json" } });
}
// The device list answers on its own (per proxy path: "/itt-broken" fails first),
// so the scripted answers are the other operations' in order.
async function devices(req) {
  window.__calls.push({ url: req.url });
  if (req.url.includes("/itt-broken/")) {
    window.__broken = (window.__broken || 0) + 1;
    if (window.__broken === 1) return json(503, '{"status":"failed","reason":"down"}');
  }
  return json(200, DEVICES);
}
export function script_fetch(answers) {
  // answers: [[status, body], ...]; the last one repeats.
  window.__calls = [];
  sessionStorage.clear();
  window.fetch = async (req) => {
    if (req.url.endsWith("/compatible-devices")) return devices(req);
    const body = await req.text();
    window.__calls.push({ url: req.url, body });
    const [status, text] = answers.length > 1 ? answers.shift() : answers[0];
    return json(status, text);
  };
}
export function route_fetch(routes) {
  // routes: { "<operation>": [[status, body], ...] }, each list in order, its last one repeating.
  window.__calls = [];
  sessionStorage.clear();
  window.fetch = async (req) => {
    if (req.url.endsWith("/compatible-devices")) return devices(req);
    const body = await req.text();
    const op = req.url.split("/").pop();
    window.__calls.push({ url: req.url, body });
    const list = routes[op];
    if (!list) return json(404, '{"status":"failed","reason":"not scripted"}');
    const [status, text] = list.length > 1 ? list.shift() : list[0];
    return json(status, text);
  };
}
export function hanging_fetch() {
  // Never answers (except the device list); records when the widget aborts the request.
  window.__calls = [];
  window.__aborted = 0;
  sessionStorage.clear();
  window.fetch = (req) => {
    if (req.url.endsWith("/compatible-devices")) return devices(req);
    return new Promise((_, reject) => {
      window.__calls.push({ url: req.url });
      req.signal.addEventListener("abort", () => { window.__aborted += 1; reject(new DOMException("aborted", "AbortError")); });
    });
  };
}
export function stub_sanitizer() {
  // Stands in for the lazily loaded module: keeps <p> and <b>, drops everything else.
  window.IttEsim = { sanitizer: async () => ({
    sanitize: (html) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<(?!\/?(p|b)>)[^>]*>/g, ""),
  }) };
}
export function pwned() { return window.__pwned; }
export function remembered() { return sessionStorage.getItem("itt-esim:device"); }
export function remember(line) { sessionStorage.setItem("itt-esim:device", line); }
export function type_into(input, text) {
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}
export function press(input, key) {
  input.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
}
export function aborted() { return window.__aborted; }
export function calls() { return JSON.stringify(window.__calls || []); }
export function record_events(el) {
  el.__events = [];
  for (const n of ["itt-esim:ready", "itt-esim:error", "itt-esim:plans-loaded", "itt-esim:device-checked"]) {
    el.addEventListener(n, (e) => el.__events.push({ name: n, detail: e.detail }));
  }
}
export function events(el) { return JSON.stringify(el.__events); }
export function options(o) { return o; }
export function sheets(root) { return root.adoptedStyleSheets.length; }
"#)]
extern "C" {
    fn script_fetch(answers: JsValue);
    fn route_fetch(routes: JsValue);
    fn calls() -> String;
    fn hanging_fetch();
    fn aborted() -> u32;
    fn record_events(el: &HtmlElement);
    fn events(el: &HtmlElement) -> String;
    fn sheets(root: &ShadowRoot) -> u32;
    fn remembered() -> Option<String>;
    fn stub_sanitizer();
    fn pwned() -> JsValue;
    fn remember(line: &str);
    fn type_into(input: &web_sys::Element, text: &str);
    fn press(input: &web_sys::Element, key: &str);
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
    const LIST: &str = ".esim-plans:not(.esim-plans--one)";
    assert_eq!(
        text_all(&root, &format!("{LIST} .esim-plan__title")),
        vec!["1 GB - 7 days", "Unlimited - 10 days"],
        "the same plans from the local, regional and global searches appear once, cheapest first"
    );
    let prices = text_all(&root, &format!("{LIST} .esim-plan__price"));
    assert!(prices[0].contains("$4.50"), "{prices:?}");
    assert!(text_all(&root, &format!("{LIST} .esim-plan__data"))[1].contains("Unlimited"));
    // 7 nights of typical use need about 4 GB: the unlimited plan is recommended.
    let reco = text_all(&root, ".esim-reco").join("");
    assert!(
        reco.contains("Unlimited - 10 days") && reco.contains("Covers your 7 nights"),
        "{reco}"
    );
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
        region: None,
        fair_usage: false,
        operator: None,
    };
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        Instance::new(
            Locale::De,
            EventSink::new(|_| {}),
            &ProxyUrl::parse("/itt").unwrap(),
        )
        .provide();
        view! { <ul><PlanCard plan=plan /></ul> }
    });
    let text = parent.text_content().unwrap();
    assert!(
        text.contains("1.234,50\u{a0}€"),
        "Intl formats for the page locale: {text}"
    );
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
    assert_eq!(
        aborted(),
        3,
        "the local, regional and global searches were aborted, not left running"
    );
    assert!(
        !events(&el).contains("itt-esim:error"),
        "a cancelled search is not an error"
    );
}

const DESKTOP_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// What a directly mounted device check reported.
#[derive(Default)]
struct Seen {
    events: Vec<String>,
    done: Vec<Verdict>,
}

/// Mounts the device check alone into a fresh element, with the given user agent.
fn device_check(proxy: &str, user_agent: &str) -> (HtmlElement, Rc<RefCell<Seen>>, impl Drop) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let parent: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&parent).unwrap();
    let seen = Rc::new(RefCell::new(Seen::default()));
    let (s1, s2) = (seen.clone(), seen.clone());
    let sink = EventSink::new(move |e| {
        let detail: Vec<String> = e
            .detail()
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        s1.borrow_mut()
            .events
            .push(format!("{} {}", e.name(), detail.join(" ")));
    });
    let done = send_wrapper::SendWrapper::new(s2);
    let on_done = Callback::new(move |v: Verdict| done.borrow_mut().done.push(v));
    let proxy = ProxyUrl::parse(proxy).unwrap();
    let hints = OwnedHints {
        user_agent: user_agent.to_string(),
        model_hint: None,
        touch: !user_agent.contains("Windows"),
    };
    let mounted = leptos::mount::mount_to(parent.clone(), move || {
        Instance::new(Locale::En, sink, &proxy).provide();
        view! { <DeviceCheck on_done=on_done hints=hints /> }
    });
    (parent, seen, mounted)
}

/// Waits (up to ~2 s) until `parent` matches `selector`.
async fn wait_in(parent: &HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        leptos::task::tick().await;
        if let Ok(Some(el)) = parent.query_selector(selector) {
            return el;
        }
        sleep(10).await;
    }
    panic!("{selector} never appeared: {}", parent.inner_html());
}

fn texts(parent: &HtmlElement, selector: &str) -> Vec<String> {
    let list = parent.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn attr(el: &web_sys::Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        sleep(5).await;
    }
}

#[wasm_bindgen_test]
async fn device_combobox_works_by_keyboard() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let (parent, seen, _mounted) = device_check("/itt", DESKTOP_UA);
    let input = wait_in(&parent, "input[role=combobox]").await;
    assert_eq!(attr(&input, "aria-expanded"), "false");
    let hint = texts(&parent, ".esim-device__hint").join("");
    assert!(hint.contains("computer"), "{hint}");

    type_into(&input, "s23u");
    settle().await;
    assert_eq!(attr(&input, "aria-expanded"), "true");
    let list = parent.query_selector("[role=listbox]").unwrap().unwrap();
    assert_eq!(attr(&input, "aria-controls"), list.id());
    assert_eq!(texts(&parent, "[role=option]")[0], "Galaxy S23 Ultra");
    assert_eq!(texts(&parent, ".esim-device__brand"), ["Samsung"]);
    let status = texts(&parent, ".esim-visually-hidden[role=status]").join("");
    assert!(status.contains("found"), "{status}");

    press(&input, "ArrowDown");
    settle().await;
    let first = parent.query_selector("[role=option]").unwrap().unwrap();
    assert_eq!(attr(&input, "aria-activedescendant"), first.id());
    assert_eq!(attr(&first, "aria-selected"), "true");

    press(&input, "Enter");
    settle().await;
    assert_eq!(attr(&input, "aria-expanded"), "false");
    let verdict = wait_in(&parent, "[data-verdict=compatible]").await;
    let text = verdict.text_content().unwrap();
    assert!(
        text.contains("Samsung Galaxy S23 Ultra supports eSIM"),
        "{text}"
    );
    let live = parent
        .query_selector(".esim-device__verdict")
        .unwrap()
        .unwrap();
    assert_eq!(attr(&live, "aria-live"), "polite");
    let events = seen.borrow().events.join("\n");
    assert!(
        events.contains("itt-esim:device-checked verdict=Text(\"compatible\")")
            && events.contains("Galaxy S23 Ultra")
            && events.contains("detected=Flag(false)"),
        "{events}"
    );
    assert!(remembered()
        .unwrap_or_default()
        .contains("Galaxy S23 Ultra"));

    // Escape closes, a second Escape clears.
    type_into(&input, "pixel");
    settle().await;
    assert_eq!(attr(&input, "aria-expanded"), "true");
    assert!(parent.query_selector("[data-verdict]").unwrap().is_none());
    press(&input, "Escape");
    settle().await;
    assert_eq!(attr(&input, "aria-expanded"), "false");
    press(&input, "Escape");
    settle().await;
    let value: web_sys::HtmlInputElement = input.clone().unchecked_into();
    assert_eq!(value.value(), "");

    // ArrowUp wraps to the last option; a click chooses too.
    type_into(&input, "pixel 8");
    settle().await;
    press(&input, "ArrowUp");
    settle().await;
    let options = parent.query_selector_all("[role=option]").unwrap();
    let last: HtmlElement = options.item(options.length() - 1).unwrap().unchecked_into();
    assert_eq!(attr(&input, "aria-activedescendant"), last.id());
    last.click();
    settle().await;
    let verdict = texts(&parent, "[data-verdict]").join("");
    assert!(verdict.contains("Pixel 8a supports eSIM"), "{verdict}");

    let button: HtmlElement = parent
        .query_selector(".esim-device__actions .esim-button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    settle().await;
    assert!(
        matches!(&seen.borrow().done[..], [Verdict::Compatible { name, .. }] if name == "Pixel 8a")
    );
}

#[wasm_bindgen_test]
async fn android_user_agent_preselects_and_unknown_models_are_not_claimed() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let ua = "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36";
    let (parent, seen, _mounted) = device_check("/itt", ua);
    let verdict = wait_in(&parent, "[data-verdict=compatible]").await;
    let text = verdict.text_content().unwrap();
    assert!(text.contains("Samsung Galaxy S23 supports eSIM"), "{text}");
    assert!(text.contains("recognised your phone"), "{text}");
    let input: web_sys::HtmlInputElement = parent
        .query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(input.value(), "Galaxy S23", "{}", parent.inner_html());
    assert!(seen
        .borrow()
        .events
        .join("")
        .contains("detected=Flag(true)"));

    // A Chinese S23 reports a code the list does not have: not claimed compatible.
    let ua = "Mozilla/5.0 (Linux; Android 13; SM-S9110) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36";
    let (parent, _seen, _m2) = device_check("/itt", ua);
    let verdict = wait_in(&parent, "[data-verdict=not_listed]").await;
    let text = verdict.text_content().unwrap();
    assert!(
        text.contains("SM-S9110") && text.contains("Galaxy S23 is in the list"),
        "{text}"
    );
    assert!(text.contains("*#06#"), "{text}");
}

#[wasm_bindgen_test]
async fn not_listed_skip_and_list_errors() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let (parent, seen, _mounted) = device_check("/itt-broken", DESKTOP_UA);
    let alert = wait_in(&parent, ".esim-alert").await;
    assert!(alert.text_content().unwrap().contains("having trouble"));
    assert!(seen.borrow().events.join("").contains("compatible-devices"));
    // Skipping stays possible while the list is unavailable.
    assert!(texts(&parent, "button")
        .iter()
        .any(|b| b == "Skip this check"));
    let retry: HtmlElement = parent
        .query_selector(".esim-alert button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    let input = wait_in(&parent, "input[role=combobox]").await;

    type_into(&input, "nokia 3310");
    settle().await;
    assert_eq!(attr(&input, "aria-expanded"), "false");
    let nomatch = texts(&parent, ".esim-device__nomatch").join("");
    assert!(nomatch.contains("No phone in the list"), "{nomatch}");
    let not_listed: HtmlElement = parent
        .query_selector(".esim-button--secondary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    not_listed.click();
    let verdict = wait_in(&parent, "[data-verdict=not_listed]").await;
    assert!(verdict.text_content().unwrap().contains("Carrier lock"));
    assert!(seen.borrow().events.join("").contains("not_listed"));

    let (parent, seen, _m2) = device_check("/itt", DESKTOP_UA);
    wait_in(&parent, "input[role=combobox]").await;
    let skip: HtmlElement = parent
        .query_selector(".esim-button--quiet")
        .unwrap()
        .unwrap()
        .unchecked_into();
    skip.click();
    settle().await;
    assert_eq!(seen.borrow().done, [Verdict::Unknown]);
    assert!(seen.borrow().events.join("").contains("unknown"));
}

#[wasm_bindgen_test]
async fn remembered_device_goes_straight_to_plans_and_can_be_changed() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    remember("1\u{1f}compatible\u{1f}Google\u{1f}Pixel 8");
    let el = host();
    let _handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-plan").await;
    assert!(root.query_selector(".esim-device").unwrap().is_none());
    let summary = wait_for(&root, ".esim-device-summary").await;
    assert!(summary
        .text_content()
        .unwrap()
        .contains("Pixel 8 supports eSIM"));
    let change: HtmlElement = summary
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    change.click();
    wait_for(&root, ".esim-device input").await;
    let plans_hidden = root
        .query_selector(".esim-plan")
        .unwrap()
        .unwrap()
        .closest("[hidden]")
        .unwrap();
    assert!(plans_hidden.is_some(), "plans are hidden during the check");
}

/// A search answer with `n` limited plans (1 GB more each, 7 days, one dollar more each).
fn many_plans(n: usize, coverage: &str) -> String {
    let plans: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                r#"{{"package_id":"P{i}","title":"{i} GB - 7 days","data":"{i} GB","sell_price":"{i}.00","sell_currency":"USD","coverage_type":"{coverage}","package_details":{{"data_amount":"{}","validity_days":"7","is_unlimited":"false"}}}}"#,
                i * 1024
            )
        })
        .collect();
    format!(
        r#"{{"status":"success","tracking_id":"T","data":[{}]}}"#,
        plans.join(",")
    )
}

async fn click(root: &ShadowRoot, selector: &str) {
    let el: HtmlElement = wait_for(root, selector).await.unchecked_into();
    el.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_list_pages_filters_and_recovers_from_an_empty_filter() {
    let answer = many_plans(30, "local");
    script_fetch(answers(&[(200, answer.as_str())]));
    remember("1\u{1f}unknown");
    let el = host();
    let _handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-plans__more").await;
    const CARDS: &str = ".esim-plans:not(.esim-plans--one) .esim-plan";
    assert_eq!(root.query_selector_all(CARDS).unwrap().length(), 12);
    assert_eq!(
        text_all(&root, ".esim-plans__count"),
        ["Showing 12 of 30 plans"]
    );
    click(&root, ".esim-plans__more").await;
    assert_eq!(root.query_selector_all(CARDS).unwrap().length(), 24);
    assert_eq!(text_all(&root, ".esim-plans__more"), ["Show 6 more"]);
    click(&root, ".esim-plans__more").await;
    assert!(root.query_selector(".esim-plans__more").unwrap().is_none());

    // No plan is unlimited: an empty list says so and offers a reset.
    let boxes = root
        .query_selector_all(".esim-filters input[type=checkbox]")
        .unwrap();
    let unlimited: HtmlElement = boxes.item(1).unwrap().unchecked_into();
    unlimited.click();
    settle().await;
    let empty = text_all(&root, ".esim-empty-box").join("");
    assert!(empty.contains("No plans match these filters"), "{empty}");
    assert_eq!(
        text_all(&root, ".esim-plans__count"),
        ["Showing 0 of 0 plans"]
    );
    click(&root, ".esim-empty-box button").await;
    assert_eq!(
        root.query_selector_all(CARDS).unwrap().length(),
        12,
        "reset, and back to the first page"
    );
}

#[wasm_bindgen_test]
async fn only_regional_plans_point_the_way_from_the_local_filter() {
    let answer = many_plans(3, "regional");
    script_fetch(answers(&[(200, answer.as_str())]));
    remember("1\u{1f}unknown");
    let el = host();
    let _handle = mount(el.clone(), &thailand()).unwrap();
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-filters select").await;
    let selects = root.query_selector_all(".esim-filters select").unwrap();
    let coverage_select: web_sys::HtmlSelectElement = selects.item(1).unwrap().unchecked_into();
    coverage_select.set_value("local");
    coverage_select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let empty = text_all(&root, ".esim-empty-box").join("");
    assert!(
        empty.contains("No plans just for Thailand") && empty.contains("Show regional plans"),
        "{empty}"
    );
    click(&root, ".esim-empty-box button").await;
    assert_eq!(
        text_all(
            &root,
            ".esim-plans:not(.esim-plans--one) .esim-plan__coverage"
        ),
        ["Regional", "Regional", "Regional"]
    );
}

#[wasm_bindgen_test]
async fn supplier_html_is_sanitized_by_the_module_or_shown_as_text() {
    use itt_esim_widget::components::plan_picker::details::SupplierHtml;
    let doc = web_sys::window().unwrap().document().unwrap();
    let html = r#"<p>Scan <b>the code</b></p><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">"#;

    // Without the loader (no sanitizer module): plain text, no markup at all.
    let parent: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&parent).unwrap();
    let source = html.to_string();
    let _m1 = leptos::mount::mount_to(
        parent.clone(),
        move || view! { <SupplierHtml html=source /> },
    );
    let shown = wait_in(&parent, ".esim-supplier--text").await;
    assert_eq!(shown.text_content().unwrap(), "Scan the code");
    assert_eq!(shown.child_element_count(), 0, "text only");

    // With a sanitizer: its output is what is shown.
    stub_sanitizer();
    let parent: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&parent).unwrap();
    let source = html.to_string();
    let _m2 = leptos::mount::mount_to(
        parent.clone(),
        move || view! { <SupplierHtml html=source /> },
    );
    let shown = wait_in(&parent, ".esim-supplier b").await;
    assert_eq!(shown.text_content().unwrap(), "the code");
    assert!(parent.query_selector("script, img").unwrap().is_none());
    assert_eq!(pwned(), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
async fn the_device_list_is_fetched_once_per_page() {
    script_fetch(answers(&[(200, TWO_PLANS)]));
    let (a, _, _m1) = device_check("/itt-once", DESKTOP_UA);
    let (b, _, _m2) = device_check("/itt-once", DESKTOP_UA);
    wait_in(&a, "input[role=combobox]").await;
    wait_in(&b, "input[role=combobox]").await;
    let (c, _, _m3) = device_check("/itt-once", DESKTOP_UA);
    wait_in(&c, "input[role=combobox]").await;
    let fetched = calls().matches("/itt-once/esim/compatible-devices").count();
    assert_eq!(fetched, 1, "{}", calls());
}

/// Answers per operation for [`route_fetch`].
fn routes(list: &[(&str, &[(u16, &str)])]) -> JsValue {
    let o = js_sys::Object::new();
    for (op, list) in list {
        js_sys::Reflect::set(&o, &(*op).into(), &answers(list)).unwrap();
    }
    o.into()
}

/// Waits (up to `secs` seconds) until an element matching `selector` contains `text`.
async fn wait_text(root: &ShadowRoot, selector: &str, text: &str, secs: u32) {
    for _ in 0..secs * 20 {
        leptos::task::tick().await;
        if text_all(root, selector).iter().any(|t| t.contains(text)) {
            return;
        }
        sleep(50).await;
    }
    panic!(
        "{selector} never said {text:?}: {:?}; calls: {}",
        text_all(root, selector),
        calls()
    );
}

/// A paid booking with one eSIM and its lead traveller, as booking-details answers.
const PAID_BOOKING: &str = r#"{"status":"success","booking_id":"B1","tracking_id":"T1",
 "general":{"booking_status":"confirmed","payment_status":"paid"},
 "voucher":{"eSim":{"0":{"iccid":"8944465400000267221","lpa":"lpa.example.com","matching_id":"TEST-8C1A"}}},
 "pax":{"0":{"first_name":"Amara","last_name":"Okafor","email":"amara.okafor@example.com","isd_code":"+44","contact_no":"7700900123","is_lead":"yes"}},
 "eSim_package":{"title":"Unlimited - 10 days"}}"#;

const TOPUP_OFFER: &str = r#"{"status":"success","topup_tracking_id":"TUP1",
 "data":[{"package_id":"8944465400000267221||topup-1gb","title":"1 GB - 7 days","price":"4.50","currency":"USD","amount":1024,"day":7}]}"#;

fn booking_card(proxy: &str) -> (HtmlElement, WidgetHandle) {
    let el = host();
    let options = js_options(&[
        ("proxyUrl", proxy),
        ("bookingId", "B1"),
        ("bookingToken", "v1.test.token"),
        ("lang", "en"),
    ]);
    // What the booking module exports as `mount` (a "my trip" page loads only it).
    let handle =
        itt_esim_widget::booking::mount_card(el.clone(), &options, &JsValue::UNDEFINED).unwrap();
    (el, handle)
}

#[wasm_bindgen_test]
fn install_props_cross_between_the_modules_unchanged() {
    use itt_esim_widget::components::booking_slot::InstallProps;
    use itt_esim_widget::config::Guest;
    let full = InstallProps {
        proxy: ProxyUrl::parse("https://proxy.example/itt").unwrap(),
        booking_id: "B1".into(),
        token: Some("v1.test.token".into()),
        locale: Locale::from_tag("ar"),
        redirect_url: "https://hotel.example/trip?x=1".into(),
        payment_hosts: vec!["pay.example".into(), "proxy.example".into()],
        guest: Guest {
            name: Some("Amara Okafor".into()),
            email: None,
            phone: Some("+44 7700 900123".into()),
        },
    };
    assert_eq!(InstallProps::from_js(&full.to_js()), Ok(full.clone()));
    let bare = InstallProps {
        token: None,
        payment_hosts: Vec::new(),
        guest: Guest::default(),
        ..full
    };
    assert_eq!(InstallProps::from_js(&bare.to_js()), Ok(bare.clone()));
    // The site root as proxy (kept as "", written "/").
    let root = InstallProps {
        proxy: ProxyUrl::parse("/").unwrap(),
        ..bare
    };
    assert_eq!(InstallProps::from_js(&root.to_js()), Ok(root));
    assert_eq!(
        InstallProps::from_js(&js_sys::Object::new().into()),
        Err("install props: no `proxyUrl`".to_string())
    );
}

/// A paid booking's install section mounted into a slot, as the journey's
/// slot mounts it, its proxy at `proxy` (the booking, its top-up offer and an
/// empty top-up history scripted).
fn mount_paid_install(proxy: &str) -> (HtmlElement, itt_esim_widget::booking::Installed) {
    use itt_esim_widget::booking::mount_install;
    use itt_esim_widget::components::booking_slot::InstallProps;
    route_fetch(routes(&[
        ("booking-details", &[(200, PAID_BOOKING)]),
        ("topup-packages", &[(200, TOPUP_OFFER)]),
        (
            "topup-history",
            &[(200, r#"{"status":"success","data":[]}"#)],
        ),
    ]));
    let slot = host();
    let props = InstallProps {
        proxy: ProxyUrl::parse(proxy).unwrap(),
        booking_id: "B1".into(),
        token: Some("v1.test.token".into()),
        locale: Locale::from_tag("en"),
        redirect_url: "https://hotel.example/trip".into(),
        payment_hosts: Vec::new(),
        guest: Default::default(),
    };
    let installed = mount_install(slot.clone(), &props.to_js()).unwrap();
    (slot, installed)
}

#[wasm_bindgen_test]
async fn the_install_section_mounts_into_a_slot_and_leaves_with_it() {
    let (slot, mut installed) = mount_paid_install("/itt-slot");
    wait_in(&slot, ".esim-install__one").await;
    let booking_calls: Vec<serde_json::Value> =
        serde_json::from_str::<Vec<serde_json::Value>>(&calls())
            .unwrap()
            .into_iter()
            .filter(|c| {
                c["url"]
                    .as_str()
                    .is_some_and(|u| u.contains("/itt-slot/esim/booking-details"))
            })
            .collect();
    assert_eq!(booking_calls.len(), 1, "{booking_calls:?}");
    installed.unmount();
    installed.unmount();
    assert_eq!(slot.child_element_count(), 0, "{}", slot.inner_html());
}

#[wasm_bindgen_test]
async fn a_top_up_takes_contact_details_and_a_status_only_answer_is_followed_in_the_history() {
    const BOUGHT: &str = r#"{"status":"success","data":[{"booking_id":"ET1","package_id":"8944465400000267221||topup-1gb",
     "title":"1 GB - 7 days","price":"4.50","currency":"USD","status":"completed","created_at":"2026-12-02 10:00:00"}]}"#;
    const NONE: &str = r#"{"status":"success","data":[]}"#;
    route_fetch(routes(&[
        ("booking-details", &[(200, PAID_BOOKING)]),
        ("topup-packages", &[(200, TOPUP_OFFER)]),
        // Before the purchase, at the first automatic read, then the new top-up.
        ("topup-history", &[(200, NONE), (200, NONE), (200, BOUGHT)]),
        ("create-topup-booking", &[(200, r#"{"Status":"Success"}"#)]),
    ]));
    let (el, _handle) = booking_card("/itt-topup");
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-history, .esim-topups-panel .esim-empty").await;
    click(&root, ".esim-topup__choose").await;
    let chosen = wait_for(&root, ".esim-topup__choose[aria-pressed=true]").await;
    assert!(attr(&chosen, "aria-label").contains("1 GB - 7 days"));

    // Prefilled from the booking's lead traveller.
    let email = wait_for(&root, "#esim-topups-0-topup-email").await;
    let value = |el: &web_sys::Element| el.unchecked_ref::<web_sys::HtmlInputElement>().value();
    assert_eq!(value(&email), "amara.okafor@example.com");
    let country = root
        .query_selector("#esim-topups-0-topup-phone-country")
        .unwrap()
        .unwrap();
    assert_eq!(
        country
            .unchecked_ref::<web_sys::HtmlSelectElement>()
            .value(),
        "GB"
    );
    let phone = root
        .query_selector("#esim-topups-0-topup-phone")
        .unwrap()
        .unwrap();
    assert_eq!(value(&phone), "7700900123");
    assert_eq!(
        texts_in(&root, ".esim-topup-form__buy"),
        ["Buy"],
        "one Buy button"
    );

    // Checked like the checkout: the field says what is wrong, focus goes there,
    // nothing is sent and nothing typed is lost.
    type_into(&email, "amara@");
    click(&root, ".esim-topup-form__buy").await;
    let error = wait_for(&root, "#esim-topups-0-topup-email-error").await;
    assert!(error.text_content().unwrap().contains("name@example.com"));
    assert_eq!(attr(&email, "aria-invalid"), "true");
    assert_eq!(
        attr(&email, "aria-describedby"),
        "esim-topups-0-topup-email-error"
    );
    settle().await;
    assert_eq!(
        root.active_element().map(|a| a.id()),
        Some("esim-topups-0-topup-email".to_string())
    );
    assert!(!calls().contains("create-topup-booking"));
    assert_eq!(value(&phone), "7700900123");

    type_into(&email, "amara@example.com");
    click(&root, ".esim-topup-form__buy").await;
    wait_text(&root, "[data-topup-status]", "Top-up requested.", 2).await;
    let sent = calls();
    let create = sent
        .split("create-topup-booking")
        .nth(1)
        .expect("create-topup-booking sent");
    for part in [
        r#"\"topup_tracking_id\":\"TUP1\""#,
        r#"\"package_id\":\"8944465400000267221||topup-1gb\""#,
        r#"\"isd_code\":\"+44\""#,
        r#"\"contact_no\":\"7700900123\""#,
        r#"\"email_address\":\"amara@example.com\""#,
    ] {
        assert!(create.contains(part), "{part} in {create}");
    }
    assert!(!create.contains("eSim_iccid"), "the proxy adds the rest");
    // No second purchase while it is awaited.
    let buy = root
        .query_selector(".esim-topup-form__buy")
        .unwrap()
        .unwrap();
    assert!(buy.has_attribute("disabled"));
    assert!(root
        .query_selector(".esim-topup__choose")
        .unwrap()
        .unwrap()
        .has_attribute("disabled"));

    // The history is read again until the new top-up shows.
    wait_text(
        &root,
        "[data-topup-status]",
        "Your top-up has been added.",
        12,
    )
    .await;
    assert_eq!(text_all(&root, ".esim-history__item").len(), 1);
    assert!(root.query_selector(".esim-topup-form").unwrap().is_none());
    assert_eq!(calls().matches("create-topup-booking").count(), 1);
    assert!(!root
        .query_selector(".esim-topup__choose")
        .unwrap()
        .unwrap()
        .has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn top_ups_without_a_tracking_id_cannot_be_bought_and_the_gap_is_logged() {
    let offer = TOPUP_OFFER.replace(r#""topup_tracking_id":"TUP1","#, "");
    route_fetch(routes(&[
        ("booking-details", &[(200, PAID_BOOKING)]),
        ("topup-packages", &[(200, offer.as_str())]),
        (
            "topup-history",
            &[(200, r#"{"status":"success","data":[]}"#)],
        ),
    ]));
    let (el, _handle) = booking_card("/itt-topup-gap");
    let root = el.shadow_root().unwrap();
    wait_for(&root, ".esim-topup").await;
    wait_text(
        &root,
        ".esim-topups-panel [role=alert]",
        "cannot be bought right now",
        2,
    )
    .await;
    assert!(root
        .query_selector(".esim-topup__choose")
        .unwrap()
        .is_none());
    assert!(!calls().contains("create-topup-booking"));
    let events = events(&el);
    assert!(
        events.contains(r#""operation":"topup-packages""#) && events.contains("topup_tracking_id"),
        "{events}"
    );
}

fn texts_in(root: &ShadowRoot, selector: &str) -> Vec<String> {
    text_all(root, selector)
        .into_iter()
        .map(|t| t.trim().to_string())
        .collect()
}

/// `single-esim-package` as the proxy answers it: ITT's answer plus its `tracking_key`.
fn keyed_package(tracking_id: &str, key: &str) -> String {
    format!(
        r#"{{"status":"success","tracking_id":"{tracking_id}","tracking_key":"{key}",
 "data":{{"package_id":"A","title":"1 GB - 7 days","data":"1 GB","sell_price":"4.50","sell_currency":"USD",
          "package_details":{{"data_amount":"1024","validity_days":"7"}}}}}}"#
    )
}

const CUSTOMER_SAVED: &str = r#"{"status":"success"}"#;
const BOOKED_PAID: &str = r#"{"status":"success","booking_id":"B1",
 "general":{"booking_status":"confirmed","payment_status":"paid"}}"#;

fn refusal(code: &str) -> String {
    format!(r#"{{"status":"failed","error":"{code}","reason":"refused: {code}"}}"#)
}

/// Mounts the checkout alone for plan `A` (listed under search tracking id `T1`),
/// the guest prefilled; `grant_url` makes it a hotel-paid checkout.
fn checkout(proxy: &str, grant_url: Option<&str>) -> (HtmlElement, impl Drop) {
    use itt_esim_widget::components::checkout::Checkout;
    use itt_esim_widget::config::{RawOptions, WidgetOptions};
    let doc = web_sys::window().unwrap().document().unwrap();
    let parent: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&parent).unwrap();
    let raw = RawOptions {
        proxy_url: Some(proxy.into()),
        country: Some("TH".into()),
        lang: Some("en".into()),
        guest_name: Some("Ana López".into()),
        guest_email: Some("ana@example.com".into()),
        guest_phone: Some("+66 81 234 5678".into()),
        grant_url: grant_url.map(String::from),
        ..RawOptions::default()
    };
    let options = WidgetOptions::from_raw(&raw, &[]).unwrap();
    let plan = Plan {
        id: "A".into(),
        title: "1 GB - 7 days".into(),
        data_mb: Some(1024),
        unlimited: false,
        validity_days: Some(7),
        price: Some(Money {
            minor: 450,
            currency: "USD".into(),
        }),
        coverage: Some("local".into()),
        activation_policy: None,
        rechargeable: None,
        region: None,
        fair_usage: false,
        operator: None,
    };
    let storage_key = format!("itt-esim:test{proxy}");
    let mounted = leptos::mount::mount_to(parent.clone(), move || {
        Instance::new(options.locale, EventSink::new(|_| {}), &options.proxy).provide();
        view! {
            <Checkout options=options plan=plan package_tracking_id="T1".to_string()
                storage_key=storage_key on_change_plan=Callback::new(|_| {}) />
        }
    });
    (parent, mounted)
}

/// Waits (up to `secs` seconds) until `parent` has an element matching `selector` containing `text`.
async fn wait_text_in(parent: &HtmlElement, selector: &str, text: &str, secs: u32) {
    for _ in 0..secs * 20 {
        leptos::task::tick().await;
        if texts(parent, selector).iter().any(|t| t.contains(text)) {
            return;
        }
        sleep(50).await;
    }
    panic!(
        "{selector} never said {text:?}: {}; calls: {}",
        parent.inner_html(),
        calls()
    );
}

/// The request bodies sent to `operation`, in order.
fn bodies(operation: &str) -> Vec<serde_json::Value> {
    let calls: Vec<serde_json::Value> = serde_json::from_str(&calls()).unwrap();
    calls
        .into_iter()
        .filter(|c| {
            c["url"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("/{operation}")))
        })
        .map(|c| serde_json::from_str(c["body"].as_str().unwrap_or("null")).unwrap())
        .collect()
}

async fn send_form(parent: &HtmlElement) {
    let pay: HtmlElement = wait_in(parent, ".esim-pay").await.unchecked_into();
    pay.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_tracking_key_goes_back_with_the_booking_and_an_expired_grant_is_renewed_once() {
    route_fetch(routes(&[
        (
            "single-esim-package",
            &[(200, keyed_package("BT1", "K1").as_str())],
        ),
        ("update-customer-info", &[(200, CUSTOMER_SAVED)]),
        (
            "create-booking",
            &[(403, refusal("grant_expired").as_str()), (200, BOOKED_PAID)],
        ),
        (
            "grant",
            &[(200, r#"{"grant":"g1"}"#), (200, r#"{"grant":"g2"}"#)],
        ),
        ("booking-details", &[(200, PAID_BOOKING)]),
    ]));
    let (parent, _mounted) = checkout("/itt-ck-renew", Some("/itt-ck-renew-hotel/grant"));
    send_form(&parent).await;
    wait_in(&parent, ".esim-confirmed").await;
    let customer = bodies("update-customer-info");
    assert_eq!(customer.len(), 1);
    assert_eq!(customer[0]["booking_tracking_id"], "BT1");
    assert_eq!(customer[0]["tracking_key"], "K1");
    let bookings = bodies("create-booking");
    assert_eq!(bookings.len(), 2, "{}", calls());
    assert_eq!(bookings[0]["payment_grant"], "g1");
    assert_eq!(bookings[1]["payment_grant"], "g2", "a fresh grant");
    // Otherwise the very same request: the proxy's exactly-once record holds.
    let mut first = bookings[0].clone();
    first["payment_grant"] = "g2".into();
    assert_eq!(first, bookings[1]);
    assert_eq!(bookings[1]["tracking_key"], "K1");
    assert_eq!(bookings[1]["booking_tracking_id"], "BT1");
    assert_eq!(bodies("grant").len(), 2);
}

#[wasm_bindgen_test]
async fn a_grant_expired_twice_is_explained_and_the_form_kept() {
    route_fetch(routes(&[
        (
            "single-esim-package",
            &[(200, keyed_package("BT1", "K1").as_str())],
        ),
        ("update-customer-info", &[(200, CUSTOMER_SAVED)]),
        (
            "create-booking",
            &[(403, refusal("grant_expired").as_str())],
        ),
        ("grant", &[(200, r#"{"grant":"g"}"#)]),
    ]));
    let (parent, _mounted) = checkout("/itt-ck-expired", Some("/itt-ck-expired-hotel/grant"));
    send_form(&parent).await;
    wait_text_in(
        &parent,
        ".esim-alert",
        "The hotel could not confirm its payment for this eSIM. Nothing was charged.",
        5,
    )
    .await;
    let alert = texts(&parent, ".esim-alert").join("");
    assert!(!alert.contains('{') && !alert.contains("403"), "{alert}");
    assert_eq!(bodies("create-booking").len(), 2, "renewed once, no more");
    assert_eq!(bodies("grant").len(), 2);
    let name = parent.query_selector("#esim-name").unwrap().unwrap();
    assert_eq!(
        name.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "Ana López",
        "nothing to retype"
    );
}

#[wasm_bindgen_test]
async fn a_refused_tracking_key_starts_the_next_send_afresh() {
    route_fetch(routes(&[
        (
            "single-esim-package",
            &[
                (200, keyed_package("BT1", "K1").as_str()),
                (200, keyed_package("BT2", "K2").as_str()),
            ],
        ),
        (
            "update-customer-info",
            &[
                (403, refusal("tracking_key_invalid").as_str()),
                (200, CUSTOMER_SAVED),
            ],
        ),
        ("create-booking", &[(200, BOOKED_PAID)]),
        ("booking-details", &[(200, PAID_BOOKING)]),
    ]));
    let (parent, _mounted) = checkout("/itt-ck-key", None);
    send_form(&parent).await;
    wait_text_in(&parent, ".esim-alert", "Nothing was booked or charged", 5).await;
    assert!(bodies("create-booking").is_empty(), "nothing booked");
    send_form(&parent).await;
    wait_in(&parent, ".esim-confirmed").await;
    assert_eq!(
        bodies("single-esim-package").len(),
        2,
        "a fresh tracking id"
    );
    let customer = bodies("update-customer-info");
    assert_eq!(
        (
            &customer[1]["booking_tracking_id"],
            &customer[1]["tracking_key"]
        ),
        (&"BT2".into(), &"K2".into())
    );
    let booking = &bodies("create-booking")[0];
    assert_eq!(
        (&booking["booking_tracking_id"], &booking["tracking_key"]),
        (&"BT2".into(), &"K2".into())
    );
}

#[wasm_bindgen_test]
async fn an_unknown_outcome_names_the_reference_and_what_to_do() {
    const OLD_PROXY_PACKAGE: &str = r#"{"status":"success","tracking_id":"BT9",
 "data":{"package_id":"A","title":"1 GB - 7 days","data":"1 GB","sell_price":"4.50","sell_currency":"USD"}}"#;
    route_fetch(routes(&[
        ("single-esim-package", &[(200, OLD_PROXY_PACKAGE)]),
        ("update-customer-info", &[(200, CUSTOMER_SAVED)]),
        (
            "create-booking",
            &[(504, refusal("booking_outcome_unknown").as_str())],
        ),
    ]));
    let (parent, _mounted) = checkout("/itt-ck-unknown", None);
    send_form(&parent).await;
    wait_text_in(&parent, ".esim-verdict", "do not book again", 5).await;
    let verdict = texts(&parent, ".esim-verdict").join(" ");
    for part in [
        "Check again",
        "You will not be charged twice",
        "contact the hotel with the reference BT9",
    ] {
        assert!(verdict.contains(part), "{part} in {verdict}");
    }
    assert_eq!(
        texts(&parent, ".esim-verdict ~ .esim-device__actions button"),
        ["Check again"]
    );
    // An older proxy gives no key: none is sent.
    assert!(bodies("update-customer-info")[0]
        .get("tracking_key")
        .is_none());
    assert!(bodies("create-booking")[0].get("tracking_key").is_none());
}

#[wasm_bindgen(inline_js = r#"
export function plural_category(tag, n) { return new Intl.PluralRules(tag).select(n); }
"#)]
extern "C" {
    fn plural_category(tag: &str, n: u32) -> String;
}

/// The offer card (drawn by the loader, without the bundle) picks its "7 nights"
/// template with the browser's `Intl.PluralRules`: for every count a stay can
/// have, the result is the catalog's own sentence.
#[wasm_bindgen_test]
fn card_nights_templates_match_the_catalog_through_intl_plural_rules() {
    let data = itt_esim_widget::card::card_data();
    for locale in Locale::ALL {
        let text = &data["locales"][locale.tag()];
        let templates = text["nights"].as_object().unwrap();
        for n in 1..=1000u32 {
            let category = plural_category(text["intl"].as_str().unwrap(), n);
            let template = templates
                .get(&category)
                .or_else(|| templates.get("other"))
                .and_then(|t| t.as_str())
                .unwrap();
            assert_eq!(
                template.replace("{n}", &n.to_string()),
                itt_esim_widget::i18n::nights(locale, u64::from(n)),
                "{locale:?} {n} ({category})"
            );
        }
    }
}

#[wasm_bindgen(inline_js = r#"
export function script_clipboard(accept) {
  // The page's clipboard, scripted: `writeText` resolves or is refused (no permission).
  window.__copied = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: {
      writeText: (text) => {
        window.__copied.push(text);
        return accept ? Promise.resolve() : Promise.reject(new DOMException("denied", "NotAllowedError"));
      },
    },
  });
}
export function copied_texts() { return JSON.stringify(window.__copied || []); }
"#)]
extern "C" {
    fn script_clipboard(accept: bool);
    fn copied_texts() -> String;
}

/// Copy says "Copied" only once the clipboard took the code, and says it could
/// not when the clipboard refused (the traveller then copies it by hand).
#[wasm_bindgen_test]
async fn copy_is_announced_by_what_the_clipboard_answered() {
    let (slot, mut installed) = mount_paid_install("/itt-copy");
    let button = wait_in(&slot, ".esim-code__copy").await;
    let status = ".esim-install > [role=status]";

    script_clipboard(false);
    button.unchecked_ref::<HtmlElement>().click();
    wait_text_in(&slot, status, "Could not copy.", 2).await;
    assert!(!texts(&slot, status).concat().contains("Copied"));

    script_clipboard(true);
    button.unchecked_ref::<HtmlElement>().click();
    wait_text_in(&slot, status, "Copied to the clipboard.", 2).await;
    let copied: Vec<String> = serde_json::from_str(&copied_texts()).unwrap();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(!copied[0].is_empty());
    installed.unmount();
}
