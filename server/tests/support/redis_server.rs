//! A throwaway `redis-server` for tests: its own loopback port and directory,
//! append-only file on (so a restart keeps the records), removed on drop.
//!
//! Include with `#[path = "support/redis_server.rs"] mod redis_server;` (from a
//! directory test such as `tests/stores/main.rs`: `"../support/redis_server.rs"`).
//! `ITT_REDIS_SERVER` names the binary (else `redis-server` on `PATH`); without
//! one the tests skip, unless `ITT_REQUIRE_REDIS=1` (CI), which makes it a failure.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running `redis-server` owned by the test.
pub struct RedisServer {
    child: Option<Child>,
    /// Its loopback port.
    pub port: u16,
    dir: PathBuf,
    binary: PathBuf,
    /// Extra arguments (TLS) used again on restart.
    extra: Vec<String>,
    tls: bool,
}

/// The binary to run, or None (after panicking when Redis is required).
fn binary() -> Option<PathBuf> {
    let found = match std::env::var_os("ITT_REDIS_SERVER") {
        Some(path) => Some(PathBuf::from(path)).filter(|path| path.is_file()),
        None => std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("redis-server"))
                .find(|path| path.is_file())
        }),
    };
    if found.is_none() {
        assert!(
            std::env::var("ITT_REQUIRE_REDIS").as_deref() != Ok("1"),
            "ITT_REQUIRE_REDIS=1 but no redis-server (set ITT_REDIS_SERVER or put it on PATH)"
        );
        eprintln!("redis-server not found: skipping the Redis tests");
    }
    found
}

/// Spawns `command` so that it dies with this process, even when the process
/// never drops it (the [`RedisServer::shared`] one lives in a static, and statics
/// are not dropped). Linux's parent-death signal fires when the *thread* that
/// spawned the child ends, so one thread that lives as long as the process spawns
/// every server.
fn spawn_tied(mut command: Command) -> std::io::Result<Child> {
    use std::sync::mpsc::{channel, Sender};
    use std::sync::Mutex;
    type Request = (Command, Sender<std::io::Result<Child>>);
    static SPAWNER: OnceLock<Mutex<Sender<Request>>> = OnceLock::new();
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
    }
    let spawner = SPAWNER.get_or_init(|| {
        let (send, receive) = channel::<Request>();
        std::thread::spawn(move || {
            for (mut command, reply) in receive {
                let _ = reply.send(command.spawn());
            }
            // The sender lives in a static: this loop (and thread) never ends.
        });
        Mutex::new(send)
    });
    let (reply, child) = channel();
    spawner
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send((command, reply))
        .expect("the spawner thread runs");
    child.recv().expect("the spawner thread answers")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().unwrap().port()
}

fn unique_dir() -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "itt-test-redis-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir for redis-server");
    dir
}

/// Whether a plain-TCP Redis on `port` answers PING.
fn answers_ping(port: u16) -> bool {
    let Ok(mut stream) =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200))
    else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut reply = [0u8; 7];
    stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}

/// Whether a TLS Redis on `port` accepts connections (a handshake is not tried).
fn accepts(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200)).is_ok()
}

impl RedisServer {
    /// A fresh server, or None when redis-server is missing (unless
    /// `ITT_REQUIRE_REDIS=1`: then it panics, as CI must run these tests).
    pub fn start() -> Option<Self> {
        Self::start_with(Vec::new(), false)
    }

    /// A server listening with TLS only (`--tls-port`), using `cert`, `key` and
    /// `ca` PEM files; clients are not asked for certificates.
    pub fn start_tls(cert: &Path, key: &Path, ca: &Path) -> Option<Self> {
        let extra = vec![
            "--tls-cert-file".into(),
            cert.display().to_string(),
            "--tls-key-file".into(),
            key.display().to_string(),
            "--tls-ca-cert-file".into(),
            ca.display().to_string(),
            "--tls-auth-clients".into(),
            "no".into(),
        ];
        Self::start_with(extra, true)
    }

    fn start_with(extra: Vec<String>, tls: bool) -> Option<Self> {
        let binary = binary()?;
        let dir = unique_dir();
        let mut server = RedisServer {
            child: None,
            port: 0,
            dir,
            binary,
            extra,
            tls,
        };
        // The port may be taken between choosing and binding it: then another one.
        for _ in 0..5 {
            server.port = free_port();
            if server.spawn() {
                return Some(server);
            }
        }
        panic!(
            "redis-server did not start; see {}",
            server.dir.join("redis.log").display()
        );
    }

    /// Starts the child on `self.port`; false when it exited or never answered.
    fn spawn(&mut self) -> bool {
        let port = self.port.to_string();
        let mut command = Command::new(&self.binary);
        command.args(["--bind", "127.0.0.1"]);
        if self.tls {
            command.args(["--port", "0", "--tls-port", &port]);
        } else {
            command.args(["--port", &port]);
        }
        command
            .arg("--dir")
            .arg(&self.dir)
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .args(["--maxmemory-policy", "noeviction", "--protected-mode", "no"])
            .args(["--daemonize", "no", "--logfile"])
            .arg(self.dir.join("redis.log"))
            .args(&self.extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = spawn_tied(command).expect("redis-server runs");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return false; // exited: most likely the port was taken
            }
            let up = if self.tls {
                accepts(self.port)
            } else {
                answers_ping(self.port)
            };
            if up {
                self.child = Some(child);
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// `redis://127.0.0.1:<port>/` (or `rediss://` for a TLS server).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "rediss" } else { "redis" };
        format!("{scheme}://127.0.0.1:{}/", self.port)
    }

    /// The server's directory (its log, its append-only file).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stops the server (SIGTERM, then waits: the append-only file is complete).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SAFETY: kill(2) on our own child's pid, which we have not reaped yet.
            unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and directory (the records are read back
    /// from the append-only file).
    pub fn restart(&mut self) {
        self.stop();
        for _ in 0..50 {
            if self.spawn() {
                return;
            }
            // The old socket may linger a moment.
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("redis-server did not restart on port {}", self.port);
    }

    /// One server for the whole test binary (tests use their own [`unique_prefix`]).
    /// Statics are never dropped, so its directory outlives the test binary: each
    /// run removes the ones left by test binaries that have exited.
    pub fn shared() -> Option<&'static RedisServer> {
        static SHARED: OnceLock<Option<RedisServer>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                remove_stale_dirs();
                RedisServer::start()
            })
            .as_ref()
    }
}

/// Removes `itt-test-redis-<pid>-<n>` directories whose process is gone.
fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("itt-test-redis-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A key prefix no other test (or test run) uses: `test-<pid>-<n>:`.
pub fn unique_prefix() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "test-{}-{}:",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
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
