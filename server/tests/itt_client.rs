//! The direct client of ITT (`upstream/direct.rs`) against hand-written peers: what
//! it sends, one pooled connection, and each failure mapped as the exactly-once
//! rules need it (only a connection that never opened is "not sent").

use itt_esim_server::upstream::{Credentials, DirectClient, MAX_ANSWER_BYTES};
use itt_esim_server::ProxyError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn credentials() -> Credentials {
    Credentials {
        api_key_header: "apikey".into(),
        api_key: "the-key".into(),
        secret_code_header: "secretecode".into(),
        secret_code: "the-secret".into(),
    }
}

fn client(base: &str, timeout: Duration) -> DirectClient {
    DirectClient::new(base, &credentials(), timeout).expect("client builds")
}

/// Reads one request (head and a Content-Length body); `None` at the end of the connection.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if body.len() >= length {
                return Some(text);
            }
        }
    }
}

/// A peer answering each request with `answer(request)` (raw bytes), counting connections.
async fn peer(
    answer: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let answer = Arc::new(answer);
    let (count, seen) = (connections.clone(), requests.clone());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let (answer, seen) = (answer.clone(), seen.clone());
            tokio::spawn(async move {
                while let Some(request) = read_request(&mut socket).await {
                    seen.lock().unwrap().push(request.clone());
                    // On the blocking pool: a slow answer (a sleep) must not stall
                    // the runtime's workers, whose timers the client's timeout needs.
                    let answer = answer.clone();
                    let reply = tokio::task::spawn_blocking(move || answer(&request))
                        .await
                        .unwrap();
                    if reply.is_empty() {
                        // Hang up after reading: the request may have been acted on.
                        return;
                    }
                    if socket.write_all(&reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, connections, requests)
}

fn json_answer(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn sends_the_credentials_and_reuses_one_connection() {
    let (base, connections, requests) = peer(|_| json_answer(r#"{"status":"success"}"#)).await;
    let itt = client(&base, Duration::from_secs(5));
    for _ in 0..3 {
        let answer = itt.call("/esim/search", r#"{"a":1}"#.into()).await.unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(&answer.body[..], br#"{"status":"success"}"#);
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "one pooled connection"
    );
    let first = requests.lock().unwrap()[0].to_ascii_lowercase();
    assert!(
        first.starts_with("post /esim/search http/1.1\r\n"),
        "{first}"
    );
    for header in [
        "apikey: the-key",
        "secretecode: the-secret",
        "content-type: application/json",
        "host: 127.0.0.1:",
    ] {
        assert!(first.contains(header), "{header} in {first}");
    }
    assert!(first.ends_with(r#"{"a":1}"#), "{first}");
}

#[tokio::test]
async fn a_closed_port_is_a_connection_that_never_opened() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&base, Duration::from_secs(5))
        .call("/esim/create-booking", "{}".into())
        .await
        .unwrap_err();
    assert!(matches!(error, ProxyError::UpstreamConnect(_)), "{error:?}");
}

#[tokio::test]
async fn a_hang_up_after_the_request_is_not_a_connect_error() {
    let (base, _, requests) = peer(|_| Vec::new()).await;
    let error = client(&base, Duration::from_secs(5))
        .call("/esim/create-booking", "{}".into())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProxyError::Upstream(_)),
        "may have been booked: {error:?}"
    );
    assert_eq!(requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_a_huge_one_is_refused() {
    let (base, _, _) = peer(|_| {
        std::thread::sleep(Duration::from_millis(1500));
        json_answer("{}")
    })
    .await;
    let error = client(&base, Duration::from_secs(1))
        .call("/esim/search", "{}".into())
        .await
        .unwrap_err();
    assert!(matches!(error, ProxyError::UpstreamTimeout), "{error:?}");

    let huge = format!(r#"{{"data":"{}"}}"#, "x".repeat(MAX_ANSWER_BYTES));
    let (base, _, _) = peer(move |_| json_answer(&huge)).await;
    let error = client(&base, Duration::from_secs(10))
        .call("/esim/compatible-devices", "{}".into())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProxyError::UpstreamBadAnswer(200)),
        "{error:?}"
    );
}

/// ITT's certificate is checked: a self-signed one fails the handshake, before
/// anything is sent (a connect error: nothing can have been booked).
#[tokio::test]
async fn an_untrusted_certificate_is_refused_before_anything_is_sent() {
    let dir = std::env::temp_dir().join(format!("itt-client-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .output()
        .expect("openssl runs (Debian's openssl package)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-accept", &port.to_string()])
        .arg("-cert")
        .arg(dir.join("cert.pem"))
        .arg("-key")
        .arg(dir.join("key.pem"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Up when it accepts.
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let result = client(&format!("https://127.0.0.1:{port}"), Duration::from_secs(5))
        .call("/esim/create-booking", "{}".into())
        .await;
    let _ = server.kill();
    let _ = server.wait();
    std::fs::remove_dir_all(&dir).ok();
    match result {
        Err(ProxyError::UpstreamConnect(reason)) => {
            assert!(
                reason.to_ascii_lowercase().contains("certificate"),
                "{reason}"
            )
        }
        other => panic!("an untrusted certificate must fail the connection: {other:?}"),
    }
}
