//! Hostile clients against the real accept loop (`serve.rs`) on loopback: slow
//! headers, trickling bodies, idle keep-alive connections, many connections or
//! requests from one address, IPv4 clients of a dual-stack listener, and a
//! graceful shutdown. Raw `TcpStream` clients; each test starts its own sandbox
//! server with short timeouts.
//!
//! Distinct clients are distinct loopback addresses (127.0.x.y: Linux routes all
//! of 127/8 to the loopback interface, so a client socket can bind any of them).
//!
//! Run with `--nocapture` to see the measurements each test prints. Timing
//! assertions are loose on purpose (CI has two cores): deadlines are checked as
//! "not before the deadline" and "within several seconds after it".

use clap::Parser;
use itt_esim_server::assemble::{assemble_for, serve_options};
use itt_esim_server::serve::serve;
use itt_esim_server::{app, Config};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{sleep, timeout, Instant};

const SEARCH: &str = r#"{"eSim":{"region_type":"local","country_code":"TH","plan_type":"data"},"supplier_uid":"all","language":"en"}"#;

/// A server running the real accept loop on `127.0.0.1:0` (or `[::]:0`).
struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(extra: &[&str]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Server::on(listener, extra)
    }

    /// A sandbox server on `listener`; the rate limit is off unless `extra` sets it.
    fn on(listener: TcpListener, extra: &[&str]) -> Server {
        let rate = if extra.contains(&"--rate-limit-per-minute") {
            &[][..]
        } else {
            &["--rate-limit-per-minute", "0"][..]
        };
        let args = ["itt-esim-server", "--sandbox"]
            .into_iter()
            .chain(rate.iter().copied())
            .chain(extra.iter().copied());
        let config = Config::try_parse_from(args).expect("flags");
        let bound = listener.local_addr().unwrap();
        let (state, surface) = assemble_for(&config, bound).expect("config builds");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(
            listener,
            app(state, &surface),
            serve_options(&config),
            async move {
                let _ = stopped.await;
            },
        ));
        let addr = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), bound.port());
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    fn shutdown(&mut self) {
        let _ = self.stop.take().unwrap().send(());
    }
}

fn ip(a: u8, b: u8, c: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, a, b, c)
}

/// A connection from the loopback address `from`.
async fn connect_from(from: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(from), 0))?;
    socket.connect(to).await
}

fn search_head(content_length: usize, close: bool) -> String {
    format!(
        "POST /esim/search HTTP/1.1\r\nHost: hotel.example\r\nContent-Type: application/json\r\n\
         Content-Length: {content_length}\r\n{}\r\n",
        if close { "Connection: close\r\n" } else { "" }
    )
}

/// One HTTP response: status, head, body (by Content-Length). `None` if the
/// connection closed or nothing complete came within 10 s.
async fn read_response(stream: &mut TcpStream) -> Option<(u16, String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let length = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).to_string();
                let status = head.get(9..12)?.parse().ok()?;
                return Some((status, head, body));
            }
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
            _ => return None,
        }
    }
}

/// Whether the server closes the connection within `wait` (EOF or reset);
/// anything it sends meanwhile is read and dropped.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// A well-behaved search from `from` on a connection of its own: the status (0:
/// no answer).
async fn search(server: SocketAddr, from: Ipv4Addr) -> u16 {
    let Ok(Ok(mut stream)) = timeout(Duration::from_secs(5), connect_from(from, server)).await
    else {
        return 0;
    };
    let request = format!("{}{SEARCH}", search_head(SEARCH.len(), true));
    if stream.write_all(request.as_bytes()).await.is_err() {
        return 0;
    }
    read_response(&mut stream)
        .await
        .map_or(0, |(status, ..)| status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut_off_at_the_header_timeout() {
    let server = Server::start(&["--header-timeout-secs", "1"]).await;
    let started = Instant::now();
    let mut clients = JoinSet::new();
    for i in 0..200u32 {
        // 200 attackers on 50 addresses (4 each, under the per-address cap).
        let from = ip(2, 0, (i % 50 + 1) as u8);
        let mut stream = connect_from(from, server.addr).await.unwrap();
        // A partial request line; a few send nothing at all.
        if i % 20 != 0 {
            stream.write_all(b"POST /esim/sea").await.unwrap();
        }
        clients.spawn(async move {
            let opened = Instant::now();
            let closed = closed_within(&mut stream, Duration::from_secs(8)).await;
            closed.then(|| opened.elapsed())
        });
    }
    // Meanwhile a well-behaved client is served.
    let served = search(server.addr, ip(0, 0, 1)).await;
    let mut times = Vec::new();
    let mut held = 0;
    while let Some(result) = clients.join_next().await {
        match result.unwrap() {
            Some(t) => times.push(t),
            None => held += 1,
        }
    }
    times.sort();
    println!(
        "slow headers: 200 connections, header timeout 1 s: {} closed (first after {:?}, \
         median {:?}, last {:?}), {held} still held 8 s later; a well-behaved search \
         during the attack: HTTP {served} (setup took {:?})",
        times.len(),
        times.first(),
        times.get(times.len() / 2),
        times.last(),
        started.elapsed(),
    );
    assert_eq!(held, 0, "every slow-header connection is closed");
    assert!(
        times[0] >= Duration::from_millis(900),
        "not before the timeout: {:?}",
        times[0]
    );
    assert_eq!(served, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickling_bodies_do_not_starve_other_clients() {
    // 64 trickling clients on 64 addresses against 32 in-flight permits: before,
    // each held a permit while its body trickled, and everyone else got 503.
    let server = Server::start(&["--max-in-flight", "32", "--body-timeout-secs", "2"]).await;
    let attack_ends = Instant::now() + Duration::from_secs(10);
    let mut attackers = JoinSet::new();
    for i in 0..64u8 {
        let addr = server.addr;
        attackers.spawn(async move {
            let mut stream = connect_from(ip(3, 0, i + 1), addr).await.unwrap();
            let head = search_head(SEARCH.len(), false);
            stream.write_all(head.as_bytes()).await.unwrap();
            let started = Instant::now();
            let mut sent = 0;
            let mut buf = [0u8; 4096];
            while Instant::now() < attack_ends {
                tokio::select! {
                    read = stream.read(&mut buf) => {
                        let outcome = match read {
                            Ok(n) if n >= 12 => String::from_utf8_lossy(&buf[9..12]).to_string(),
                            _ => "closed".to_string(),
                        };
                        return (outcome, started.elapsed());
                    }
                    () = sleep(Duration::from_millis(250)) => {
                        // One byte at a time, never the whole body.
                        if sent + 1 < SEARCH.len()
                            && stream.write_all(&SEARCH.as_bytes()[sent..=sent]).await.is_ok()
                        {
                            sent += 1;
                        }
                    }
                }
            }
            ("still sending".to_string(), started.elapsed())
        });
    }
    sleep(Duration::from_millis(500)).await;
    let mut served = 0;
    let mut refused = BTreeMap::new();
    let attack_started = Instant::now();
    for _ in 0..20 {
        match search(server.addr, ip(0, 0, 1)).await {
            200 => served += 1,
            other => *refused.entry(other).or_insert(0) += 1,
        }
    }
    let well_behaved_took = attack_started.elapsed();
    let mut outcomes = BTreeMap::new();
    let mut slowest = Duration::ZERO;
    while let Some(result) = attackers.join_next().await {
        let (outcome, after) = result.unwrap();
        slowest = slowest.max(after);
        *outcomes.entry(outcome).or_insert(0) += 1;
    }
    println!(
        "slow bodies: 64 trickling clients, --max-in-flight 32, body timeout 2 s: \
         well-behaved searches served {served} of 20 ({well_behaved_took:?}), refused \
         {refused:?}; trickling clients ended {outcomes:?}, the last after {slowest:?}"
    );
    assert_eq!(served, 20, "the well-behaved client is served: {refused:?}");
    assert_eq!(
        outcomes.get("408"),
        Some(&64),
        "every trickling body gets 408: {outcomes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_keep_alive_connections_are_closed_at_the_idle_timeout() {
    let server = Server::start(&["--header-timeout-secs", "1", "--idle-timeout-secs", "3"]).await;
    let mut stream = connect_from(ip(4, 0, 1), server.addr).await.unwrap();
    let healthz = b"GET /healthz HTTP/1.1\r\nHost: hotel.example\r\n\r\n";
    stream.write_all(healthz).await.unwrap();
    assert_eq!(read_response(&mut stream).await.unwrap().0, 200);
    // Past the header timeout, the idle connection is still there and still works:
    // idle time is not head time.
    assert!(!closed_within(&mut stream, Duration::from_millis(1500)).await);
    stream.write_all(healthz).await.unwrap();
    assert_eq!(read_response(&mut stream).await.unwrap().0, 200);
    let idle_since = Instant::now();
    // A second connection goes quiet in the middle of its next head.
    let mut partial = connect_from(ip(4, 0, 2), server.addr).await.unwrap();
    partial.write_all(healthz).await.unwrap();
    assert_eq!(read_response(&mut partial).await.unwrap().0, 200);
    sleep(Duration::from_millis(300)).await;
    let head_started = Instant::now();
    partial.write_all(b"GET /heal").await.unwrap();
    let partial_closed = closed_within(&mut partial, Duration::from_secs(10)).await;
    let partial_after = head_started.elapsed();
    let closed = closed_within(&mut stream, Duration::from_secs(10)).await;
    let idle_after = idle_since.elapsed();
    println!(
        "idle keep-alive: idle timeout 3 s, header timeout 1 s: the idle connection \
         closed={closed} after {idle_after:?}; a connection idle then sending a partial \
         head closed={partial_closed} {partial_after:?} after its first byte"
    );
    assert!(
        closed && idle_after >= Duration::from_millis(2900),
        "{idle_after:?}"
    );
    assert!(
        partial_closed
            && partial_after >= Duration::from_millis(900)
            && partial_after < Duration::from_millis(2600),
        "a later head has the header timeout from its first byte: {partial_after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_per_address_are_capped_at_accept() {
    let server = Server::start(&["--max-connections-per-client", "8"]).await;
    let attacker = ip(5, 0, 1);
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(connect_from(attacker, server.addr).await.unwrap());
    }
    // The ninth is answered 429 and closed.
    let mut ninth = connect_from(attacker, server.addr).await.unwrap();
    let (status, head, body) = read_response(&mut ninth).await.expect("a refusal");
    assert_eq!(status, 429, "{head}");
    assert!(body.contains("too_many_connections"), "{body}");
    assert!(closed_within(&mut ninth, Duration::from_secs(2)).await);
    // Another address is not affected.
    assert_eq!(search(server.addr, ip(5, 0, 2)).await, 200);
    // A closed connection frees its slot.
    drop(held.pop());
    let freed = Instant::now();
    let mut status = 0;
    while freed.elapsed() < Duration::from_secs(5) {
        status = search(server.addr, attacker).await;
        if status == 200 {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    println!(
        "per-address connection cap 8: the ninth connection got HTTP 429, another \
         address HTTP 200; after one closed, the attacker's address got HTTP {status} \
         after {:?}",
        freed.elapsed()
    );
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_per_client_are_capped() {
    let server = Server::start(&["--max-in-flight-per-client", "4"]).await;
    let client = ip(6, 0, 1);
    // Four requests under way: heads sent, bodies not yet.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut stream = connect_from(client, server.addr).await.unwrap();
        stream
            .write_all(search_head(SEARCH.len(), true).as_bytes())
            .await
            .unwrap();
        slow.push(stream);
    }
    sleep(Duration::from_millis(300)).await;
    let mut fifth = connect_from(client, server.addr).await.unwrap();
    let request = format!("{}{SEARCH}", search_head(SEARCH.len(), true));
    fifth.write_all(request.as_bytes()).await.unwrap();
    let (status, head, body) = read_response(&mut fifth).await.unwrap();
    assert_eq!(status, 429, "{head}");
    assert!(body.contains("too_many_concurrent"), "{body}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 1"),
        "{head}"
    );
    let other = search(server.addr, ip(6, 0, 2)).await;
    assert_eq!(other, 200, "another client is not affected");
    // The four finish normally, and then the client has its slots back.
    let mut finished = Vec::new();
    for mut stream in slow {
        stream.write_all(SEARCH.as_bytes()).await.unwrap();
        finished.push(read_response(&mut stream).await.map_or(0, |r| r.0));
    }
    let after = search(server.addr, client).await;
    println!(
        "per-client concurrency cap 4: the fifth request got HTTP {status} \
         (too_many_concurrent), another client HTTP {other}; the four finished with \
         {finished:?}, then the client got HTTP {after}"
    );
    assert_eq!(finished, [200, 200, 200, 200]);
    assert_eq!(after, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv4_clients_of_a_dual_stack_listener_are_separate() {
    let Ok(listener) = TcpListener::bind("[::]:0").await else {
        println!("dual stack: no IPv6 here, skipped");
        return;
    };
    let mut server = Server::on(
        listener,
        &[
            "--rate-limit-per-minute",
            "60",
            "--rate-limit-burst",
            "1",
            "--sandbox-public",
        ],
    );
    // Peers arrive as ::ffff:127.0.7.x. Before, all of them were one /64 bucket.
    let first = search(server.addr, ip(7, 0, 1)).await;
    let again = search(server.addr, ip(7, 0, 1)).await;
    let other = search(server.addr, ip(7, 0, 2)).await;
    println!(
        "dual stack: one IPv4 client HTTP {first} then {again}; another IPv4 client HTTP {other}"
    );
    assert_eq!((first, again, other), (200, 429, 200));
    server.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_accepting_and_lets_requests_finish() {
    let mut server = Server::start(&["--shutdown-grace-secs", "10"]).await;
    // An idle keep-alive connection, a fresh one, and a request under way.
    let mut idle = connect_from(ip(8, 0, 1), server.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: hotel.example\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(read_response(&mut idle).await.unwrap().0, 200);
    let mut fresh = connect_from(ip(8, 0, 2), server.addr).await.unwrap();
    let mut busy = connect_from(ip(8, 0, 3), server.addr).await.unwrap();
    let (first_half, second_half) = SEARCH.split_at(SEARCH.len() / 2);
    busy.write_all(format!("{}{first_half}", search_head(SEARCH.len(), false)).as_bytes())
        .await
        .unwrap();
    sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    server.shutdown();
    let idle_closed = closed_within(&mut idle, Duration::from_secs(3)).await;
    let fresh_closed = closed_within(&mut fresh, Duration::from_secs(3)).await;
    // No new connection is taken.
    let mut refused = false;
    while signalled.elapsed() < Duration::from_secs(3) {
        match connect_from(ip(8, 0, 4), server.addr).await {
            Err(_) => {
                refused = true;
                break;
            }
            Ok(mut late) => {
                if closed_within(&mut late, Duration::from_millis(100)).await {
                    refused = true;
                    break;
                }
            }
        }
    }
    // The request under way still gets its answer, and its connection then closes.
    busy.write_all(second_half.as_bytes()).await.unwrap();
    let (status, head, _) = read_response(&mut busy).await.expect("an answer");
    let busy_closed = closed_within(&mut busy, Duration::from_secs(3)).await;
    let ended = timeout(Duration::from_secs(10), &mut server.task)
        .await
        .is_ok();
    println!(
        "shutdown: idle closed={idle_closed}, fresh closed={fresh_closed}, new connections \
         refused={refused}, the request under way got HTTP {status} and its connection \
         closed={busy_closed}; the loop ended={ended} {:?} after the signal",
        signalled.elapsed()
    );
    assert!(idle_closed && fresh_closed && refused);
    assert_eq!(status, 200, "{head}");
    assert!(busy_closed && ended);
}
