//! The real `itt-esim-server` binary (the debug build `cargo test` made) as a child
//! process in production mode, so tests can kill it, restart it on the same state,
//! and run two of them side by side.

use itt_esim_server::token;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

pub const TOKEN_SECRET: &str = "process-token-secret-with-32-characters";
pub const GRANT_SECRET: &str = "process-grant-secret-with-32-characters";
pub const ADMIN_TOKEN: &str = "process-admin-token-with-32-characters!";

/// How long a process may take to start, die or answer on a loaded 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The server binary: the debug build of this crate `cargo test` made, or
/// `ITT_TEST_SERVER_BIN` (another build to test, or a private copy when several
/// checkouts share one target directory and overwrite each other's binary).
pub fn server_binary() -> PathBuf {
    std::env::var_os("ITT_TEST_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_itt-esim-server")))
}

/// Where the proxy keeps its record.
#[derive(Clone, Debug)]
pub enum Store {
    /// Nothing said: the binary's default (today: in memory). Tests of persistence
    /// must not use it (the embedded default is a system directory).
    Default,
    /// `--state-dir DIR` (the embedded store).
    Embedded(PathBuf),
    /// `--redis-url URL --redis-prefix PREFIX`.
    Redis { url: String, prefix: String },
}

/// How to start a proxy.
#[derive(Clone, Debug)]
pub struct Options {
    /// The fake ITT's base URL.
    pub upstream: String,
    pub store: Store,
    /// `ITT_TEST_CRASH_AT`.
    pub crash_at: Option<&'static str>,
    /// `ITT_STORE_LEASE_MS`.
    pub lease_ms: Option<u64>,
    /// `--timeout-secs` (ITT's answer deadline).
    pub timeout_secs: u64,
    /// More arguments.
    pub args: Vec<String>,
}

impl Options {
    pub fn new(upstream: &str, store: Store) -> Self {
        Options {
            upstream: upstream.to_string(),
            store,
            crash_at: None,
            lease_ms: None,
            timeout_secs: 5,
            args: Vec::new(),
        }
    }

    pub fn crash_at(mut self, point: &'static str) -> Self {
        self.crash_at = Some(point);
        self
    }

    pub fn lease_ms(mut self, ms: u64) -> Self {
        self.lease_ms = Some(ms);
        self
    }
}

/// A directory of the test's own, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "itt-test-{what}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A Redis key prefix no other test uses: `test-<pid>-<n>-<name>:`.
pub fn unique_prefix(name: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "test-{}-{}-{name}:",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A running proxy process.
pub struct ProxyProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    stderr: Arc<Mutex<String>>,
    log: Arc<Mutex<String>>,
    /// The threads reading stdout and stderr (done at the pipes' end).
    readers: Vec<std::thread::JoinHandle<()>>,
    status: Option<ExitStatus>,
    http: reqwest::Client,
}

impl ProxyProcess {
    /// Starts the binary and waits (up to [`PATIENCE`]) for `listening on http://…`.
    pub async fn start(options: &Options) -> Self {
        let options = options.clone();
        tokio::task::spawn_blocking(move || Self::start_blocking(&options))
            .await
            .unwrap()
    }

    fn start_blocking(options: &Options) -> Self {
        let mut command = Command::new(server_binary());
        // Nothing from the caller's environment decides the store or the secrets.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("ITT_") {
                command.env_remove(name);
            }
        }
        command
            .args(["--listen", "127.0.0.1:0", "--upstream", &options.upstream])
            .args(["--partner-id", "7", "--member-id", "42"])
            .args(["--allowed-origins", "https://hotel.example"])
            .args(["--timeout-secs", &options.timeout_secs.to_string()])
            .args(["--rate-limit-per-minute", "0"])
            // 20 concurrent requests from 127.0.0.1 would exceed the default cap.
            .args(["--max-in-flight-per-client", "0"])
            .args(&options.args)
            .env("ITT_API_KEY", "key")
            .env("ITT_SECRET_CODE", "secret")
            .env("ITT_TOKEN_SECRET", TOKEN_SECRET)
            .env("ITT_GRANT_SECRET", GRANT_SECRET)
            .env("ITT_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match &options.store {
            Store::Default => {}
            Store::Embedded(dir) => {
                command.arg("--state-dir").arg(dir);
            }
            Store::Redis { url, prefix } => {
                command.args(["--redis-url", url, "--redis-prefix", prefix]);
            }
        }
        if let Some(point) = options.crash_at {
            command.env("ITT_TEST_CRASH_AT", point);
        }
        if let Some(ms) = options.lease_ms {
            command.env("ITT_STORE_LEASE_MS", ms.to_string());
        }
        let mut child = command.spawn().expect("the server binary starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        // The log (tracing writes to stdout) and stderr, as they arrive.
        let log = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        {
            let pipe = child.stderr.take().unwrap();
            let (stderr, log) = (stderr.clone(), log.clone());
            readers.push(std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    for all in [&stderr, &log] {
                        let mut all = all.lock().unwrap();
                        all.push_str(&line);
                        all.push('\n');
                    }
                }
            }));
        }
        let (found, address) = mpsc::channel();
        {
            let pipe = child.stdout.take().unwrap();
            let log = log.clone();
            readers.push(std::thread::spawn(move || {
                let mut found = Some(found);
                // Read to the end, so the child never blocks on a full pipe.
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    {
                        let mut all = log.lock().unwrap();
                        all.push_str(&line);
                        all.push('\n');
                    }
                    if let Some((_, url)) = line.split_once("listening on ") {
                        if let Some(found) = found.take() {
                            let _ = found.send(url.trim().to_string());
                        }
                    }
                }
            }));
        }
        let base = match address.recv_timeout(PATIENCE) {
            Ok(base) => base,
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().ok();
                // Give the stderr thread a moment to collect the last lines.
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "the proxy did not start ({status:?}) with {options:?}:\n{}",
                    log.lock().unwrap()
                );
            }
        };
        ProxyProcess {
            child,
            base,
            stderr,
            log,
            readers,
            status: None,
            http: reqwest::Client::builder()
                .timeout(PATIENCE)
                .build()
                .unwrap(),
        }
    }

    /// What the process wrote to stderr so far (its log).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Everything the process wrote (its log is on stdout, panics on stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits (up to [`PATIENCE`]) until the output contains `text`.
    pub async fn wait_for_output(&self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.log().contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?} in the output:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL (`Child::kill` on Unix) and wait.
    pub async fn kill(&mut self) {
        let _ = self.child.kill();
        self.wait().await;
    }

    /// Waits (up to [`PATIENCE`]) for the process to end.
    pub async fn wait(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.status = Some(status);
                // Everything it wrote before it ended is read (the pipes' end).
                while !self.readers.iter().all(|r| r.is_finished()) && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                return status;
            }
            if Instant::now() > deadline {
                panic!(
                    "the proxy {} did not end within {PATIENCE:?}:\n{}",
                    self.child.id(),
                    self.log()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for the process to end and asserts it died of SIGKILL.
    pub async fn wait_killed(&mut self) {
        let status = self.wait().await;
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "the proxy should have died of SIGKILL, it ended with {status:?}:\n{}",
            self.log()
        );
    }

    /// POST `/esim/<operation>` with an optional booking token: status and JSON body
    /// (`Value::Null` when the body is not JSON), or the transport error.
    pub async fn try_post(
        &self,
        operation: &str,
        body: &Value,
        token: Option<&str>,
    ) -> Result<(u16, Value), reqwest::Error> {
        let mut request = self
            .http
            .post(format!("{}/esim/{operation}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(token) = token {
            request = request.header("x-booking-token", token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// [`Self::try_post`] that must get an answer.
    pub async fn post(&self, operation: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
        self.try_post(operation, body, token)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "{operation}: no answer from {}: {e}\n{}",
                    self.base,
                    self.log()
                )
            })
    }

    /// create-booking for `id` (see [`booking`]).
    pub async fn book(&self, id: &str) -> (u16, Value) {
        self.post("create-booking", &booking(id), None).await
    }

    /// GET `path`: status and JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// GET `/healthz`.
    pub async fn health(&self) -> Value {
        let (status, body) = self.get("/healthz").await;
        assert_eq!(
            status, 200,
            "/healthz answers 200 whatever the store: {body}"
        );
        body
    }

    /// Asserts `/healthz` names `backend` as the store (not a silent fallback).
    pub async fn assert_backend(&self, backend: &str) {
        let health = self.health().await;
        assert_eq!(health["store"]["backend"], backend, "{health}");
    }

    /// GET `/admin/purchases` with the admin token.
    pub async fn purchases(&self) -> Value {
        let response = self
            .http
            .get(format!("{}/admin/purchases", self.base))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- proxy {} output ---\n{}", self.base, self.log());
        }
    }
}

/// A create-booking for `id`, with its tracking key.
pub fn booking(id: &str) -> Value {
    json!({
        "booking_tracking_id": id,
        "tracking_key": token::tracking_key(TOKEN_SECRET.as_bytes(), id),
        "package_tracking_id": "PT",
        "eSim_quantity": "1",
        "redirect_url": "https://hotel.example/stay",
        "isd_code": "+44",
        "contact_no": "7700900123",
        "email_address": "guest@example.com",
    })
}

/// A create-topup-booking of the fake's package under `topup_tracking_id`.
pub fn topup(topup_tracking_id: &str) -> Value {
    json!({
        "topup_tracking_id": topup_tracking_id,
        "package_id": super::fake_itt::TOPUP_PACKAGE,
        "redirect_url": "https://hotel.example/stay",
        "isd_code": "+44",
        "contact_no": "7700900123",
        "email_address": "guest@example.com",
    })
}

/// The eSIM of every fake booking, as topup-packages asks for it.
pub fn esim() -> Value {
    json!({"eSim_iccid": super::fake_itt::ICCID})
}
