//! A fake ITT speaking HTTP/1.1 by hand on a raw socket, so it can be slow, reset
//! mid-body, truncate or fail, and counts the purchases that reached it.
//!
//! The booking tracking id says how to behave: `slow-<ms>-…` answers after a
//! pause, `reset-…` resets the connection after the request, `midbody-…` resets
//! half-way through the answer, `truncated-…` sends a cut JSON body,
//! `bad-gateway-…` a 502 HTML page, `no-booking-id-…` a success that names no
//! booking, `refused-…` ITT's own refusal. A top-up tracking id `slow-<ms>-…`
//! answers after a pause too. Anything else is booked at once, or after the delay
//! set with [`Fake::set_booking_delay`] / [`Fake::set_topup_delay`].

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The iccid of every eSIM the fake books.
pub const ICCID: &str = "8944000000000000001";
/// The package its top-up offers contain.
pub const TOPUP_PACKAGE: &str = "8944000000000000001||1gb";

/// What the fake ITT received, and how it behaves.
#[derive(Default)]
pub struct Fake {
    /// create-booking requests, by `booking_tracking_id`.
    bookings: Mutex<HashMap<String, usize>>,
    /// create-topup-booking requests, by `topup_tracking_id`.
    topups: Mutex<HashMap<String, usize>>,
    /// Every request's path, in order of arrival.
    paths: Mutex<Vec<String>>,
    /// A pause before every create-booking answer.
    booking_delay: Mutex<Duration>,
    /// A pause before every create-topup-booking answer.
    topup_delay: Mutex<Duration>,
    /// The `topup_tracking_id` topup-packages offers (default `slow-600-topup`).
    offer: Mutex<Option<String>>,
}

/// The fake's shared state: counts and settings.
pub type Received = Arc<Fake>;

impl Fake {
    /// create-booking requests ITT received for `id`.
    pub fn bookings(&self, id: &str) -> usize {
        self.bookings.lock().unwrap().get(id).copied().unwrap_or(0)
    }

    /// create-topup-booking requests ITT received for `topup_tracking_id`.
    pub fn topups(&self, id: &str) -> usize {
        self.topups.lock().unwrap().get(id).copied().unwrap_or(0)
    }

    /// Every purchase request (bookings and top-ups) received, for any id.
    pub fn purchases(&self) -> usize {
        self.bookings.lock().unwrap().values().sum::<usize>()
            + self.topups.lock().unwrap().values().sum::<usize>()
    }

    /// The ids sent more than once (bookings and top-ups): none, if nothing was resent.
    pub fn sent_twice(&self) -> Vec<String> {
        let mut twice: Vec<String> = self
            .bookings
            .lock()
            .unwrap()
            .iter()
            .chain(self.topups.lock().unwrap().iter())
            .filter(|(_, n)| **n > 1)
            .map(|(id, n)| format!("{id} ×{n}"))
            .collect();
        twice.sort();
        twice
    }

    /// Requests received for `operation` (the last path segment), any id.
    pub fn requests(&self, operation: &str) -> usize {
        let suffix = format!("/{operation}");
        self.paths
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.ends_with(&suffix))
            .count()
    }

    /// Every create-booking answers after `delay` (on top of a `slow-…` id's pause).
    pub fn set_booking_delay(&self, delay: Duration) {
        *self.booking_delay.lock().unwrap() = delay;
    }

    /// Every create-topup-booking answers after `delay`.
    pub fn set_topup_delay(&self, delay: Duration) {
        *self.topup_delay.lock().unwrap() = delay;
    }

    /// topup-packages offers under `topup_tracking_id` from now on.
    pub fn set_offer(&self, topup_tracking_id: &str) {
        *self.offer.lock().unwrap() = Some(topup_tracking_id.to_string());
    }

    fn offer(&self) -> String {
        self.offer
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| "slow-600-topup".into())
    }
}

/// Purchases (bookings and top-ups) ITT received under `id`.
pub fn count(received: &Received, id: &str) -> usize {
    received.bookings(id) + received.topups(id)
}

/// Starts the fake on a free loopback port: its base URL and its state.
pub async fn fake_itt() -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received: Received = Arc::default();
    let seen = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move { serve_one(socket, seen).await });
        }
    });
    (url, received)
}

fn answer(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// `slow-<ms>-…` → the pause it asks for.
fn slow(id: &str) -> Option<Duration> {
    id.strip_prefix("slow-")
        .and_then(|rest| rest.split('-').next())
        .and_then(|ms| ms.parse::<u64>().ok())
        .map(Duration::from_millis)
}

pub async fn serve_one(mut socket: TcpStream, seen: Received) {
    let Some((path, body)) = read_request(&mut socket).await else {
        return;
    };
    seen.paths.lock().unwrap().push(path.clone());
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let id = request["booking_tracking_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let topup = request["topup_tracking_id"].as_str().map(String::from);
    if path.ends_with("/create-booking") {
        *seen.bookings.lock().unwrap().entry(id.clone()).or_default() += 1;
    }
    if path.ends_with("/create-topup-booking") {
        let counted = topup.clone().unwrap_or_else(|| id.clone());
        *seen.topups.lock().unwrap().entry(counted).or_default() += 1;
    }
    if path.ends_with("/topup-packages") {
        let offers = json!({"status": "success", "topup_tracking_id": seen.offer(),
            "data": {"0": {"package_id": TOPUP_PACKAGE, "title": "1 GB"}}});
        let _ = socket
            .write_all(answer("200 OK", &offers.to_string()).as_bytes())
            .await;
        return;
    }
    if path.ends_with("/create-topup-booking") {
        let pause = *seen.topup_delay.lock().unwrap();
        let pause = pause + topup.as_deref().and_then(slow).unwrap_or_default();
        tokio::time::sleep(pause).await;
        let _ = socket
            .write_all(answer("200 OK", r#"{"Status":"Success"}"#).as_bytes())
            .await;
        return;
    }
    if path.ends_with("/create-booking") {
        let pause = *seen.booking_delay.lock().unwrap();
        tokio::time::sleep(pause + slow(&id).unwrap_or_default()).await;
    }
    let booked = json!({
        "status": "success",
        "booking_id": format!("ES-{id}"),
        "tracking_id": id,
        "booking": {"payment_url": "https://checkout.innotraveltech.com/pay/1", "booking_status": "pending"},
        "eSim": {"0": {"iccid": ICCID, "qrcode": "LPA:1$lpa.example$M1"}},
    })
    .to_string();
    let reply = if id.starts_with("reset-") {
        reset(socket);
        return;
    } else if id.starts_with("midbody-") {
        let full = answer("200 OK", &booked);
        let _ = socket.write_all(&full.as_bytes()[..full.len() - 40]).await;
        reset(socket);
        return;
    } else if id.starts_with("truncated-") {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 30\r\nconnection: close\r\n\r\n{}",
            &booked[..30]
        )
    } else if id.starts_with("bad-gateway-") {
        let page = "<html><body>502 Bad Gateway</body></html>";
        format!(
            "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
            page.len()
        )
    } else if id.starts_with("no-booking-id-") {
        answer("200 OK", &json!({"status": "success"}).to_string())
    } else if id.starts_with("refused-") {
        answer(
            "200 OK",
            &json!({"status": "failed", "reason": "Insufficient account balance."}).to_string(),
        )
    } else if path.ends_with("/booking-details") {
        // What ops' resolution reads: the booking under its tracking id.
        let asked = request["booking_id"].as_str().unwrap_or_default();
        let tracking = request["tracking_id"].as_str().unwrap_or_default();
        answer(
            "200 OK",
            &json!({"status": "success", "booking_id": asked, "tracking_id": tracking,
                    "general": {"payment_status": "unpaid"},
                    "eSim": {"0": {"iccid": ICCID, "qrcode": "LPA:1$lpa.example$M1"}}})
            .to_string(),
        )
    } else if path.ends_with("/data-usage") {
        answer(
            "200 OK",
            &json!({"status": "success", "data": {"iccid": ICCID, "used_mb": 120, "total_mb": 1024}})
                .to_string(),
        )
    } else if path.ends_with("/search") {
        answer(
            "200 OK",
            &json!({"status": "success", "data": {"0": {"package_id": "PT", "title": "Thailand 1 GB"}}})
                .to_string(),
        )
    } else {
        answer("200 OK", &booked)
    };
    let _ = socket.write_all(reply.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// Closes with a TCP reset (linger 0), as a crashed peer or middlebox would.
pub fn reset(socket: TcpStream) {
    let _ = socket.set_zero_linger();
    drop(socket);
}

/// Reads one request: its path and body (by Content-Length).
pub async fn read_request(socket: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let path = head.split_whitespace().nth(1)?.to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some((path, buffer[head_end..head_end + length].to_vec()))
}
