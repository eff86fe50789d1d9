//! A `redis-server` of the test's own on a free loopback port.
//!
//! Stand-in with the interface of `support/redis_server.rs` (plan §5.2), which is
//! written on another branch: replace this file by that one when it lands.
//! Skipped (`start()` is `None`) when redis-server is missing, unless
//! `ITT_REQUIRE_REDIS=1` (then it panics: CI must run these tests).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
}

fn binary() -> String {
    std::env::var("ITT_REDIS_SERVER").unwrap_or_else(|_| "redis-server".into())
}

fn required() -> bool {
    std::env::var("ITT_REQUIRE_REDIS").is_ok_and(|v| v == "1")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `PING` answered with `+PONG`.
fn pong(port: u16) -> bool {
    let Ok(mut socket) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = socket.set_read_timeout(Some(Duration::from_secs(1)));
    if socket.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut answer = [0u8; 7];
    socket.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n"
}

impl RedisServer {
    /// A fresh server with AOF (`appendfsync always`) in a directory of its own.
    pub fn start() -> Option<Self> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "itt-test-redis-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = RedisServer {
            child: None,
            port: 0,
            dir,
        };
        for _ in 0..5 {
            server.port = free_port();
            match server.spawn() {
                Ok(true) => return Some(server),
                Ok(false) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required() => {
                    eprintln!("redis-server not found ({}): test skipped", binary());
                    return None;
                }
                Err(e) => panic!("cannot start {}: {e}", binary()),
            }
        }
        panic!("redis-server did not start (see {:?})", server.dir);
    }

    /// Spawns on `self.port` and waits for PONG: false when it exited meanwhile.
    fn spawn(&mut self) -> std::io::Result<bool> {
        let dir = self.dir.to_str().unwrap().to_string();
        let mut child = Command::new(binary())
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--dir", &dir, "--save", "", "--appendonly", "yes"])
            .args([
                "--appendfsync",
                "always",
                "--maxmemory-policy",
                "noeviction",
            ])
            .args(["--protected-mode", "no", "--daemonize", "no"])
            .args(["--logfile", &format!("{dir}/redis.log")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if pong(self.port) {
                self.child = Some(child);
                return Ok(true);
            }
            if child.try_wait()?.is_some() {
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        Ok(false)
    }

    /// `redis://127.0.0.1:<port>/`
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops the server (SIGTERM, then waits; SIGKILL after 20 s).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // SAFETY: a signal to our own child.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts it again on the same port and directory (the AOF keeps the data).
    pub fn restart(&mut self) {
        self.stop();
        for _ in 0..5 {
            if self.spawn().expect("redis-server restarts") {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("redis-server did not restart on port {}", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
