//! The accept loop: HTTP/1.1 connections with deadlines, caps per peer and in
//! all, and a graceful shutdown.
//!
//! `axum::serve` keeps a connection for as long as the peer likes: it sets no
//! timer, so hyper's header timeout never runs, and a client sending its headers
//! a byte at a time, or going quiet between requests, holds a socket forever.
//! This loop gives every connection a deadline whenever no request is under way:
//!
//! - **Head**: a new connection must deliver its first request head (request
//!   line and headers) within [`ServeOptions::header_timeout`] of being accepted;
//!   a later head within that time of its first byte.
//! - **Idle**: between requests, a keep-alive connection is closed after
//!   [`ServeOptions::idle_timeout`] without a byte.
//! - **Body**: proxied request bodies are read by the guard middleware, within
//!   `--body-timeout-secs` (`Surface::body_timeout`, see `limits::guard_requests`),
//!   before any in-flight permit is taken. While a request is under way the
//!   connection has no deadline here: the body timeout and the upstream timeout
//!   bound it.
//!
//! Why not hyper's `header_read_timeout` alone (hyper 1.12, `proto/h1/conn.rs`):
//! its timer is armed in `poll_read_head`, which runs as soon as a connection is
//! ready for a request head: at the start, and again right after each response
//! (`State::idle` sets `notify_read` when the timeout is configured, so the next
//! poll reads a head). It therefore bounds idle keep-alive time and head-reading
//! time together, as one number, and only when a timer is set (`Builder::timer`,
//! which `axum::serve` does not do). Here the two are separate, as above; hyper's
//! timeout stays configured as a backstop at `header_timeout + idle_timeout`,
//! which never fires before these deadlines.
//!
//! Caps: [`ServeOptions::max_connections_per_ip`] connections per peer (an IPv4
//! address, IPv4-mapped included, or an IPv6 /64; trusted proxies exempt), more
//! answered `429 too_many_connections` and closed at accept; and
//! [`ServeOptions::max_connections`] in all, beyond which the loop stops
//! accepting (the kernel queues) until one closes.
//!
//! Shutdown: when the `shutdown` future completes the listener is closed,
//! connections without a request under way are closed, requests under way get
//! up to [`ServeOptions::shutdown_grace`] to finish (on a connection that then
//! closes), and whatever is left after that is dropped.

use crate::limits::{self, ConcurrencyTable};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use ipnet::IpNet;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

/// How connections are accepted and how long they may take.
///
/// The defaults are the server's (`--header-timeout-secs` and the other flags
/// set them; see `assemble::serve_options`).
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Time a client has to send a request head: from being accepted for its
    /// first request, from the head's first byte for later ones. Default 10 s.
    pub header_timeout: Duration,
    /// Time a keep-alive connection may stay idle between requests. Default 30 s.
    pub idle_timeout: Duration,
    /// Open connections per peer (IPv4 address, IPv6 /64) before one more is
    /// answered 429 and closed; 0: no cap. Default 64.
    pub max_connections_per_ip: usize,
    /// Open connections in all; at the cap the loop waits for one to close
    /// before accepting; 0: no cap. Default 4096.
    pub max_connections: usize,
    /// After the shutdown signal, time requests under way get to finish.
    /// Default 25 s.
    pub shutdown_grace: Duration,
    /// Peers exempt from the per-peer cap (`--trusted-proxies`: a load balancer
    /// carries many clients; each is then capped by its requests under way).
    /// Default none.
    pub trusted_proxies: Vec<IpNet>,
    /// Largest request head hyper buffers, bytes (at least 8 KiB, hyper's
    /// minimum). It bounds what a slow head can make the server hold per
    /// connection. Default 32 KiB, ample for a browser's headers and cookies.
    pub max_head_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections_per_ip: 64,
            max_connections: 4096,
            shutdown_grace: Duration::from_secs(25),
            trusted_proxies: Vec::new(),
            max_head_bytes: 32 * 1024,
        }
    }
}

/// The SIGTERM or Ctrl-C that starts a graceful shutdown.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Serves `router` on `listener` until `shutdown` completes, then shuts down
/// gracefully (see the module documentation). Every request carries the
/// peer's `ConnectInfo<SocketAddr>`, as with `into_make_service_with_connect_info`.
pub async fn serve<F>(listener: TcpListener, router: Router, options: ServeOptions, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let options = Arc::new(options);
    let (stop, stopped) = watch::channel(false);
    let per_peer = Arc::new(ConcurrencyTable::new(options.max_connections_per_ip));
    let slots =
        (options.max_connections > 0).then(|| Arc::new(Semaphore::new(options.max_connections)));
    let refusal = too_many_connections();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer, slot) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            // Finished connections are reaped as they end.
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            accepted = accept(&listener, slots.as_ref()) => match accepted {
                Ok(accepted) => accepted,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors, most likely: wait for some to close.
                    tracing::error!(error = %e, "accept failed");
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(Duration::from_millis(250)) => continue,
                    }
                }
            },
        };
        let peer_slot = if limits::is_trusted(&options.trusted_proxies, peer.ip()) {
            None
        } else {
            match per_peer.try_enter(limits::client_key(peer.ip())) {
                Some(peer_slot) => Some(peer_slot),
                None => {
                    tracing::info!(%peer, "too many connections from one peer: refused");
                    // A fresh socket's send buffer is empty: this write does not block.
                    let _ = stream.try_write(&refusal);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            peer,
            router.clone(),
            options.clone(),
            stopped.clone(),
            (slot, peer_slot),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    let open = connections.len();
    let drained = tokio::time::timeout(options.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await
    .is_ok();
    if drained {
        tracing::info!(connections = open, "shut down: every connection finished");
    } else {
        tracing::warn!(
            left = connections.len(),
            "shut down: connections still open after the grace period are dropped"
        );
        connections.shutdown().await;
    }
}

/// The next connection, once a slot is free under the overall cap.
async fn accept(
    listener: &TcpListener,
    slots: Option<&Arc<Semaphore>>,
) -> io::Result<(TcpStream, SocketAddr, Option<OwnedSemaphorePermit>)> {
    let slot = match slots {
        Some(slots) => Some(
            slots
                .clone()
                .acquire_owned()
                .await
                .expect("the connection semaphore is never closed"),
        ),
        None => None,
    };
    let (stream, peer) = listener.accept().await?;
    Ok((stream, peer, slot))
}

/// Errors of one connection that came and went, not of the listener.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The raw answer to a connection over the per-peer cap: the proxy's JSON error
/// shape, then the connection closes.
fn too_many_connections() -> Vec<u8> {
    let body = serde_json::json!({
        "status": "failed",
        "error": "too_many_connections",
        "reason": "Too many connections from this address. Please wait a moment.",
    })
    .to_string();
    format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\ncache-control: no-store\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// One connection: hyper's HTTP/1.1 state machine, watched for its deadlines.
/// `_held` (the overall and per-peer slots) is released when it ends.
async fn connection<H: Send>(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    options: Arc<ServeOptions>,
    mut stopped: watch::Receiver<bool>,
    _held: H,
) {
    let tracker = Arc::new(ConnWatch::new());
    let io = TokioIo::new(WatchedIo {
        io: stream,
        watch: tracker.clone(),
    });
    let on_request = tracker.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = Busy::start(on_request.clone());
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await?;
            Ok::<_, Infallible>(response.map(|body| TrackedBody { body, _busy: busy }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout + options.idle_timeout)
        .max_buf_size(options.max_head_bytes.max(8192))
        .keep_alive(true);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        let changed = tracker.changed.notified();
        let deadline = tracker.deadline(&options);
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            () = changed => {}
            () = sleep_until(deadline) => {
                if tracker.deadline(&options).is_some_and(|d| d <= Instant::now()) {
                    tracing::debug!(%peer, "connection closed: no request in time");
                    // Dropping the connection closes the socket.
                    return;
                }
            }
            _ = stopped.changed(), if !draining => {
                draining = true;
                // Closes the connection now if no request is under way, else after it.
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Where a connection stands, for its deadline.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// No request under way: waiting for (the rest of) a request head.
    Waiting {
        /// Since when: the accept, or the end of the last response.
        since: Instant,
        /// The first byte of the next head, once it came.
        first_byte: Option<Instant>,
        /// No request yet on this connection.
        fresh: bool,
    },
    /// Requests under way (their bodies are read, or responses written).
    Busy(usize),
}

/// A connection's phase, shared by its socket, its service and its watcher.
struct ConnWatch {
    phase: Mutex<Phase>,
    changed: Notify,
}

impl ConnWatch {
    fn new() -> Self {
        ConnWatch {
            phase: Mutex::new(Phase::Waiting {
                since: Instant::now(),
                first_byte: None,
                fresh: true,
            }),
            changed: Notify::new(),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Phase) -> bool) {
        let mut phase = self.phase.lock().expect("connection phase lock");
        if change(&mut phase) {
            self.changed.notify_one();
        }
    }

    /// Bytes arrived from the peer.
    fn read_bytes(&self) {
        self.update(|phase| match phase {
            Phase::Waiting {
                first_byte: first @ None,
                ..
            } => {
                *first = Some(Instant::now());
                true
            }
            _ => false,
        });
    }

    /// When the connection is to be closed, if no request is under way.
    fn deadline(&self, options: &ServeOptions) -> Option<Instant> {
        match *self.phase.lock().expect("connection phase lock") {
            Phase::Busy(_) => None,
            Phase::Waiting {
                since, fresh: true, ..
            } => Some(since + options.header_timeout),
            Phase::Waiting {
                first_byte: Some(first),
                ..
            } => Some(first + options.header_timeout),
            Phase::Waiting { since, .. } => Some(since + options.idle_timeout),
        }
    }
}

/// A request under way on a connection, from its head until its response is
/// written (or dropped).
struct Busy(Arc<ConnWatch>);

impl Busy {
    fn start(watch: Arc<ConnWatch>) -> Self {
        watch.update(|phase| {
            *phase = match *phase {
                Phase::Busy(n) => Phase::Busy(n + 1),
                Phase::Waiting { .. } => Phase::Busy(1),
            };
            true
        });
        Busy(watch)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|phase| {
            *phase = match *phase {
                Phase::Busy(n) if n > 1 => Phase::Busy(n - 1),
                _ => Phase::Waiting {
                    since: Instant::now(),
                    first_byte: None,
                    fresh: false,
                },
            };
            true
        });
    }
}

/// A response body that keeps its request counted as under way until hyper has
/// taken its last frame (or dropped it).
struct TrackedBody {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling the watcher when bytes arrive.
struct WatchedIo {
    io: TcpStream,
    watch: Arc<ConnWatch>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.watch.read_bytes();
        }
        result
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_by_phase() {
        let options = ServeOptions {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            ..ServeOptions::default()
        };
        let watch = Arc::new(ConnWatch::new());
        let fresh = watch.deadline(&options).unwrap();
        watch.read_bytes();
        assert_eq!(
            watch.deadline(&options),
            Some(fresh),
            "the first head: from the accept"
        );
        let busy = Busy::start(watch.clone());
        assert_eq!(
            watch.deadline(&options),
            None,
            "no deadline while under way"
        );
        let ended = Instant::now();
        drop(busy);
        let idle = watch.deadline(&options).unwrap();
        assert!(
            idle >= ended + options.idle_timeout,
            "idle between requests"
        );
        watch.read_bytes();
        let head = watch.deadline(&options).unwrap();
        assert!(
            head < idle && head >= ended + options.header_timeout,
            "a later head: from its first byte"
        );
    }

    #[test]
    fn refusal_is_a_complete_http_response() {
        let raw = String::from_utf8(too_many_connections()).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 429 "));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"], "too_many_connections");
    }
}
