//! What compressing the API's answers costs and saves, per encoding and level,
//! on the sandbox's real answers (searches, a plan, the device list): the
//! measurement behind `COMPRESS_ABOVE` and `COMPRESSION_QUALITY` in `lib.rs`.
//!
//!   cargo run --release -p itt-esim-server --example compression-levels

use axum::body::Body;
use axum::http::{header, Request};
use clap::Parser;
use http_body_util::BodyExt;
use itt_esim_server::{app, assemble, Config};
use serde_json::{json, Value};
use std::time::Instant;
use tower::{Service, ServiceExt};
use tower_http::compression::{CompressionLayer, CompressionLevel};

async fn answer(router: &axum::Router, operation: &str, body: Value) -> (String, Vec<u8>) {
    let response = router
        .clone()
        .oneshot(
            Request::post(format!("/esim/{operation}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (operation.to_string(), bytes.to_vec())
}

/// Compressed size and microseconds per answer of `body` at `encoding`/`level`.
async fn measure(body: &[u8], encoding: &'static str, level: i32) -> (usize, f64) {
    let body = body.to_vec();
    let layer = match encoding {
        "gzip" => CompressionLayer::new().no_br(),
        _ => CompressionLayer::new().no_gzip(),
    }
    .quality(CompressionLevel::Precise(level));
    let mut service =
        tower::ServiceBuilder::new()
            .layer(layer)
            .service_fn(move |_: Request<Body>| {
                let body = body.clone();
                async move {
                    Ok::<_, std::convert::Infallible>(
                        axum::http::Response::builder()
                            .header(header::CONTENT_TYPE, "application/json")
                            .body(Body::from(body))
                            .unwrap(),
                    )
                }
            });
    let rounds = 40;
    let mut size = 0;
    let started = Instant::now();
    for _ in 0..rounds {
        let request = Request::get("/")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let response = service.ready().await.unwrap().call(request).await.unwrap();
        size = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .len();
    }
    (
        size,
        started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds),
    )
}

#[tokio::main]
async fn main() {
    let config =
        Config::try_parse_from(["itt-esim-server", "--sandbox", "--sandbox-clean"]).unwrap();
    let (state, surface) = assemble(&config).unwrap();
    let router = app(state, &surface);
    let search = |country: &str, region: &str| {
        json!({"eSim": {"region_type": region, "country_code": country, "plan_type": "data"},
               "supplier_uid": "all", "language": "en"})
    };
    let mut answers = vec![
        answer(&router, "search", search("TH", "local")).await,
        answer(&router, "search", search("FR", "local")).await,
        answer(&router, "compatible-devices", json!({})).await,
    ];
    answers[0].0 = "search TH".into();
    answers[1].0 = "search FR".into();
    let error = json!({"status": "failed", "error": "rate_limited", "reason": "Too many requests. Please wait a moment."});
    answers.push(("an error".into(), error.to_string().into_bytes()));
    let levels: [(&str, i32); 7] = [
        ("gzip", 1),
        ("gzip", 6),
        ("br", 1),
        ("br", 3),
        ("br", 4),
        ("br", 5),
        ("br", 11),
    ];
    println!(
        "{:<20} {:>9}  encoding/level: bytes (us per answer)",
        "answer", "bytes"
    );
    for (name, body) in &answers {
        let mut line = format!("{name:<20} {:>9} ", body.len());
        for (encoding, level) in levels {
            let (size, micros) = measure(body, encoding, level).await;
            line.push_str(&format!(" {encoding}{level}: {size} ({micros:.0})"));
        }
        println!("{line}");
    }
}
