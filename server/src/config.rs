//! Server configuration from flags and environment variables.
//!
//! Credentials come only from the environment (or files named there), never from
//! flags, which would show them in process listings and shell history.

use crate::guard::Policy;
use crate::limits::RateLimiter;
use crate::proxy::ServerValues;
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::upstream::{Credentials, Upstream};
use crate::{AppState, Surface};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The booking-token secret of the sandbox, so tests can mint tokens as a hotel backend would.
pub const SANDBOX_TOKEN_SECRET: &str = "sandbox-token-secret-not-for-production";

/// The grant secret of the sandbox, so tests and demos can mint payment grants.
pub const SANDBOX_GRANT_SECRET: &str = "sandbox-grant-secret-not-for-production";

/// Command-line and environment configuration.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "itt-esim-server",
    version,
    about = "Proxy (and sandbox) for the ITT eSIM widget"
)]
pub struct Config {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// A TOML file of settings, keys named like the flags (`listen = "0.0.0.0:8080"`,
    /// `allowed_origins = ["https://hotel.example"]`). Flags win over the file, the
    /// file over environment variables. Secrets are never read from it.
    #[arg(long, env = "ITT_CONFIG")]
    pub config: Option<PathBuf>,

    /// Address to listen on.
    #[arg(long, env = "ITT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Use the built-in ITT simulator instead of the real API (no account needed).
    #[arg(long, env = "ITT_SANDBOX")]
    pub sandbox: bool,

    /// Allow the sandbox to listen on a non-loopback address.
    #[arg(long, env = "ITT_SANDBOX_PUBLIC")]
    pub sandbox_public: bool,

    /// Currency of sandbox prices.
    #[arg(long, env = "ITT_SANDBOX_CURRENCY", default_value = "USD")]
    pub sandbox_currency: String,

    /// Make the sandbox answer clean JSON instead of ITT's string numbers and stray commas.
    #[arg(long, env = "ITT_SANDBOX_CLEAN")]
    pub sandbox_clean: bool,

    /// One arrangement of the parts ITT's reference collapses, for every answer, instead
    /// of one per booking (digit i picks alternative i, see `sandbox::layout`; 0 = the
    /// first alternative everywhere).
    #[arg(long, env = "ITT_SANDBOX_LAYOUT_SEED")]
    pub sandbox_layout_seed: Option<u64>,

    /// Keep sandbox state in this JSON file, so a demo survives a restart.
    #[arg(long, env = "ITT_SANDBOX_DATA")]
    pub sandbox_data: Option<PathBuf>,

    /// Where the sandbox posts low-data events when none was registered.
    #[arg(long, env = "ITT_SANDBOX_WEBHOOK_URL")]
    pub sandbox_webhook_url: Option<String>,

    /// Secret of the sandbox's low-data event signatures (HMAC-SHA512).
    #[arg(
        long,
        env = "ITT_SANDBOX_WEBHOOK_SECRET",
        default_value = "sandbox-webhook-secret",
        hide_default_value = true
    )]
    pub sandbox_webhook_secret: String,

    /// Base URL browsers reach this server at (sandbox payment links); default: the listen address.
    #[arg(long, env = "ITT_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Serve this folder (the built widget and demo page) at `/`.
    #[arg(long, env = "ITT_SERVE_DIR")]
    pub serve_dir: Option<PathBuf>,

    /// ITT API base URL.
    #[arg(
        long,
        env = "ITT_UPSTREAM",
        default_value = "https://api.innotraveltech.com"
    )]
    pub upstream: String,

    /// ITT partner id, sent with searches (the browser cannot choose it).
    /// Required outside `--sandbox`: it is the account searches and bookings are
    /// made under, so no default could be right. The sandbox's is `1`.
    #[arg(long, env = "ITT_PARTNER_ID")]
    pub partner_id: Option<String>,

    /// ITT member id, sent with every other operation (the browser cannot choose it).
    /// Required outside `--sandbox`, like the partner id. The sandbox's is `2`.
    #[arg(long, env = "ITT_MEMBER_ID")]
    pub member_id: Option<String>,

    /// Hosted payment type of bookings: `onlinepayment` or `card`. The hotel's
    /// ITT balance (`account_balance`) is used only with a payment grant.
    #[arg(long, env = "ITT_PAYMENT_TYPE", default_value = "onlinepayment")]
    pub payment_type: String,

    /// Agency e-mail sent with bookings.
    #[arg(long, env = "ITT_AGENCY_EMAIL", default_value = "")]
    pub agency_email: String,

    /// Browser origins allowed to call the proxy from another origin (comma-separated).
    #[arg(long, env = "ITT_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Upstream timeout in seconds.
    #[arg(long, env = "ITT_TIMEOUT_SECS", default_value_t = 20)]
    pub timeout_secs: u64,

    /// Maximum request body in bytes.
    #[arg(long, env = "ITT_BODY_LIMIT", default_value_t = 64 * 1024)]
    pub body_limit: usize,

    /// Hosts the payment page may be on (comma-separated, `host` or `host:port`).
    #[arg(
        long,
        env = "ITT_PAYMENT_HOSTS",
        value_delimiter = ',',
        default_value = "checkout.innotraveltech.com"
    )]
    pub payment_hosts: Vec<String>,

    /// Days a booking token stays valid.
    #[arg(long, env = "ITT_TOKEN_TTL_DAYS", default_value_t = 30)]
    pub token_ttl_days: u64,

    /// Seconds a data-usage answer is reused for the same eSIM (0: off).
    #[arg(long, env = "ITT_USAGE_CACHE_SECS", default_value_t = 60)]
    pub usage_cache_secs: u64,

    /// Requests per minute and client (0: unlimited).
    #[arg(long, env = "ITT_RATE_LIMIT_PER_MINUTE", default_value_t = 120)]
    pub rate_limit_per_minute: u32,

    /// Requests a client may send at once before the per-minute rate applies.
    #[arg(long, env = "ITT_RATE_LIMIT_BURST", default_value_t = 30)]
    pub rate_limit_burst: u32,

    /// Proxies in front of this server whose X-Forwarded-For is believed
    /// (comma-separated addresses or CIDR ranges: `127.0.0.1`, `10.0.0.0/8`,
    /// `2001:db8::/32`). They are also exempt from the per-client connection cap.
    #[arg(
        long,
        env = "ITT_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = crate::limits::parse_trusted_proxy
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Requests handled at once; more get 503. Counted once a request's body has
    /// arrived, so slow senders never hold one.
    #[arg(long, env = "ITT_MAX_IN_FLIGHT", default_value_t = 256)]
    pub max_in_flight: usize,

    /// Requests one client (its address after `X-Forwarded-For`; IPv6 per /64)
    /// may have under way at once, body upload included; more get 429
    /// `too_many_concurrent` with `Retry-After: 1` (0: no cap). The widget has
    /// one or two calls under way per page; 16 leaves room for several guests
    /// behind one hotel NAT while one client can hold at most 1/16 of the
    /// default `--max-in-flight`.
    #[arg(long, env = "ITT_MAX_IN_FLIGHT_PER_CLIENT", default_value_t = 16)]
    pub max_in_flight_per_client: usize,

    /// Open connections per peer address (IPv4 address, IPv6 /64), counted at
    /// accept; one more is answered 429 `too_many_connections` and closed (0: no
    /// cap; `--trusted-proxies` are exempt: they carry many clients). A browser
    /// opens at most 6 connections to a site, so 64 serves ten busy guests
    /// behind one NAT while a single host cannot hold more than 64 sockets.
    #[arg(long, env = "ITT_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64)]
    pub max_connections_per_client: usize,

    /// Open connections in all; at the cap new connections wait in the kernel's
    /// accept queue until one closes (0: no cap). Keep the process's
    /// file-descriptor limit above it (systemd: `LimitNOFILE=8192`).
    #[arg(long, env = "ITT_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,

    /// Seconds a client has to send a request head (request line and headers):
    /// from connecting for its first request, from the head's first byte for
    /// later ones; then the connection is closed. Browsers send a head in one
    /// packet, so 10 s is generous on a poor mobile link, and a client sending
    /// headers slowly holds a connection 10 s at most.
    #[arg(long, env = "ITT_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,

    /// Seconds a proxied request's body has to arrive in full, counted from its
    /// head; then 408 `body_timeout` and the connection closes. The widget's
    /// bodies are under 2 KiB (a packet or two), and the 64 KiB body limit
    /// arrives in 15 s at 4.4 KB/s, while a trickling client is cut off quickly.
    #[arg(long, env = "ITT_BODY_TIMEOUT_SECS", default_value_t = 15)]
    pub body_timeout_secs: u64,

    /// Seconds a keep-alive connection may stay idle between requests before it
    /// is closed. A page's calls come seconds apart and reuse the connection;
    /// 30 s keeps it for them without idle sockets piling up.
    #[arg(long, env = "ITT_IDLE_TIMEOUT_SECS", default_value_t = 30)]
    pub idle_timeout_secs: u64,

    /// Seconds in-flight requests get to finish after SIGTERM or Ctrl-C (new
    /// connections are refused at once, idle ones closed). 25 s: a call within
    /// the default 20 s upstream timeout finishes, and the server exits before
    /// the 30 s after which container platforms usually kill.
    #[arg(long, env = "ITT_SHUTDOWN_GRACE_SECS", default_value_t = 25)]
    pub shutdown_grace_secs: u64,

    /// Upstream path of an operation, e.g. `data-usage=/esim/usage` (repeatable).
    #[arg(
        long = "upstream-path",
        env = "ITT_UPSTREAM_PATHS",
        value_delimiter = ','
    )]
    pub upstream_paths: Vec<String>,

    /// Header carrying the API key upstream.
    #[arg(long, env = "ITT_API_KEY_HEADER", default_value = "apikey")]
    pub api_key_header: String,

    /// Header carrying the secret code upstream.
    #[arg(long, env = "ITT_SECRET_CODE_HEADER", default_value = "secretecode")]
    pub secret_code_header: String,
}

/// Commands besides serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Register a webhook subscription with ITT (server-side only; never an HTTP route).
    ///
    /// The request is the reference's: `{supplier_code, supplier_uid, notification_type}`.
    /// It names no delivery address: ITT delivers to the address agreed for the account.
    RegisterWebhook(WebhookSettings),
    /// List and resolve purchases whose outcome is unknown, on the running server
    /// (needs ITT_ADMIN_TOKEN, as the server has it).
    Purchases(crate::admin::PurchasesCommand),
}

/// The register-webhook subcommand's settings (the reference's request fields).
#[derive(Clone, Debug, clap::Args)]
pub struct WebhookSettings {
    /// The supplier whose events to receive, e.g. `airalo`.
    #[arg(long, env = "ITT_WEBHOOK_SUPPLIER_CODE")]
    pub supplier_code: String,
    /// The supplier's id at ITT, e.g. `X1AO00065`.
    #[arg(long, env = "ITT_WEBHOOK_SUPPLIER_UID")]
    pub supplier_uid: String,
    /// Which notifications to receive.
    #[arg(
        long,
        env = "ITT_WEBHOOK_NOTIFICATION_TYPE",
        default_value = "webhook_low_data"
    )]
    pub notification_type: String,
}

impl WebhookSettings {
    /// The register-webhook request body, or the setting to fix when one is empty.
    pub fn body(&self) -> Result<serde_json::Value, String> {
        for (value, setting) in [
            (
                &self.supplier_code,
                "--supplier-code (ITT_WEBHOOK_SUPPLIER_CODE)",
            ),
            (
                &self.supplier_uid,
                "--supplier-uid (ITT_WEBHOOK_SUPPLIER_UID)",
            ),
            (
                &self.notification_type,
                "--notification-type (ITT_WEBHOOK_NOTIFICATION_TYPE)",
            ),
        ] {
            if value.trim().is_empty() {
                return Err(format!("register-webhook needs {setting}: it is empty"));
            }
        }
        Ok(serde_json::json!({
            "supplier_code": self.supplier_code.trim(),
            "supplier_uid": self.supplier_uid.trim(),
            "notification_type": self.notification_type.trim(),
        }))
    }
}

/// Settings a config file may not hold: secrets come from the environment or files named there.
const SECRET_KEYS: [&str; 10] = [
    "admin_token",
    "admin_token_file",
    "api_key",
    "secret_code",
    "token_secret",
    "grant_secret",
    "api_key_file",
    "secret_code_file",
    "token_secret_file",
    "grant_secret_file",
];

/// Parses flags, merging a config file when `--config` / `ITT_CONFIG` names one.
pub fn parse_with_file(args: Vec<String>) -> Result<Config, String> {
    let first = Config::try_parse_from(&args).map_err(|e| e.to_string())?;
    let Some(path) = &first.config else {
        return Ok(first);
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--config {}: {e}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| format!("--config {}: {e}", path.display()))?;
    let mut merged = vec![args[0].clone()];
    for (key, value) in &table {
        if SECRET_KEYS.contains(&key.as_str()) {
            return Err(format!(
                "--config {}: `{key}` is a secret; set it in the environment (ITT_{}) instead",
                path.display(),
                key.to_ascii_uppercase()
            ));
        }
        let flag = format!("--{}", key.replace('_', "-"));
        // A flag given on the command line wins over the file.
        if args
            .iter()
            .any(|a| a == &flag || a.starts_with(&format!("{flag}=")))
        {
            continue;
        }
        match value {
            toml::Value::Boolean(true) => merged.push(flag),
            toml::Value::Boolean(false) => {}
            toml::Value::Array(items) => {
                let joined: Vec<String> = items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
                    .collect();
                merged.push(format!("{flag}={}", joined.join(",")));
            }
            toml::Value::String(s) => merged.push(format!("{flag}={s}")),
            other => merged.push(format!("{flag}={other}")),
        }
    }
    merged.extend(args.into_iter().skip(1));
    Config::try_parse_from(&merged).map_err(|e| format!("--config {}: {e}", path.display()))
}

/// A configuration that cannot run, with the setting to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The sandbox would be reachable from other machines.
    #[error("--listen {0}: the sandbox listens on loopback only; pass --sandbox-public to allow other addresses")]
    SandboxNotLoopback(SocketAddr),
    /// A credential is missing.
    #[error("{0} is not set: put the ITT credential in that environment variable (or a file named by {0}_FILE), or run with --sandbox")]
    MissingCredential(&'static str),
    /// A credential file could not be read.
    #[error("{var}: cannot read {path}: {source}")]
    CredentialFile {
        /// The variable naming the file.
        var: &'static str,
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Bad upstream URL.
    #[error("--upstream {0:?} must be an https:// URL (http:// only for loopback)")]
    Upstream(String),
    /// Unsupported sandbox currency.
    #[error("--sandbox-currency {0:?} is not one the sandbox prices in")]
    Currency(String),
    /// Bad origin.
    #[error("--allowed-origins {0:?} must be an origin like https://hotel.example (scheme, host, optional port)")]
    Origin(String),
    /// Missing serve folder.
    #[error("--serve-dir {0}: no such folder (build the widget first)")]
    ServeDir(PathBuf),
    /// HTTP client setup failed.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// Unknown payment type.
    #[error("--payment-type {0:?} must be onlinepayment or card (account_balance needs a payment grant, see ITT_GRANT_SECRET)")]
    PaymentType(String),
    /// A secret is missing.
    #[error("ITT_TOKEN_SECRET is not set: put at least 32 random characters in it (or a file named by ITT_TOKEN_SECRET_FILE)")]
    TokenSecret,
    /// A secret is too short to be safe.
    #[error("{0} must be at least 32 characters")]
    ShortSecret(&'static str),
    /// Bad upstream path setting.
    #[error("--upstream-path {0:?} must be <operation>=/<path> for one of the twelve operations")]
    UpstreamPath(String),
    /// An account id without which bookings would go to the wrong account.
    #[error("{0} is not set: it is the ITT account searches and bookings are made under, so outside --sandbox it has no default")]
    MissingAccountId(&'static str),
    /// A member id ITT could not take as its reference types it.
    #[error("--member-id {0:?} (ITT_MEMBER_ID) must be a whole number: ITT's reference types it as an integer for compatible-devices")]
    MemberId(String),
    /// Bad header name.
    #[error("--{0} {1:?} is not a valid header name")]
    HeaderName(&'static str, String),
    /// The sandbox could not start.
    #[error("--sandbox-data: {0}")]
    SandboxData(String),
}

fn credential(var: &'static str) -> Result<String, ConfigError> {
    if let Ok(v) = std::env::var(var) {
        if !v.trim().is_empty() {
            return Ok(v.trim().to_string());
        }
    }
    let file_var = match var {
        "ITT_API_KEY" => "ITT_API_KEY_FILE",
        _ => "ITT_SECRET_CODE_FILE",
    };
    if let Ok(path) = std::env::var(file_var) {
        let text =
            std::fs::read_to_string(&path).map_err(|source| ConfigError::CredentialFile {
                var: file_var,
                path: path.clone(),
                source,
            })?;
        if !text.trim().is_empty() {
            return Ok(text.trim().to_string());
        }
    }
    Err(ConfigError::MissingCredential(var))
}

/// An optional secret from `VAR` or the file named by `VAR_FILE`.
fn optional_secret(
    var: &'static str,
    file_var: &'static str,
) -> Result<Option<String>, ConfigError> {
    if let Ok(v) = std::env::var(var) {
        if !v.trim().is_empty() {
            return Ok(Some(v.trim().to_string()));
        }
    }
    if let Ok(path) = std::env::var(file_var) {
        let text =
            std::fs::read_to_string(&path).map_err(|source| ConfigError::CredentialFile {
                var: file_var,
                path: path.clone(),
                source,
            })?;
        if !text.trim().is_empty() {
            return Ok(Some(text.trim().to_string()));
        }
    }
    Ok(None)
}

fn valid_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' '])
}

impl Config {
    /// An account id: the one given (trimmed), the sandbox's default, or the error naming `setting`.
    fn account_id(
        &self,
        given: &Option<String>,
        sandbox_default: &str,
        setting: &'static str,
    ) -> Result<String, ConfigError> {
        match given.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => Ok(id.to_string()),
            _ if self.sandbox => Ok(sandbox_default.to_string()),
            _ => Err(ConfigError::MissingAccountId(setting)),
        }
    }

    /// How the accept loop treats connections (see [`crate::serve::ServeOptions`]).
    pub fn serve_options(&self) -> crate::serve::ServeOptions {
        crate::serve::ServeOptions {
            header_timeout: Duration::from_secs(self.header_timeout_secs.max(1)),
            idle_timeout: Duration::from_secs(self.idle_timeout_secs.max(1)),
            max_connections_per_ip: self.max_connections_per_client,
            max_connections: self.max_connections,
            shutdown_grace: Duration::from_secs(self.shutdown_grace_secs),
            trusted_proxies: self.trusted_proxies.clone(),
            ..crate::serve::ServeOptions::default()
        }
    }

    /// Checks the configuration and builds the application state.
    pub fn build(&self) -> Result<(AppState, Surface), ConfigError> {
        self.build_for(self.listen)
    }

    /// As [`Config::build`], for a server actually bound at `bound` (a `:0` port resolved).
    pub fn build_for(&self, bound: SocketAddr) -> Result<(AppState, Surface), ConfigError> {
        let partner_id = self.account_id(&self.partner_id, "1", "--partner-id (ITT_PARTNER_ID)")?;
        let member_id = self.account_id(&self.member_id, "2", "--member-id (ITT_MEMBER_ID)")?;
        if member_id.parse::<i64>().is_err() {
            return Err(ConfigError::MemberId(member_id));
        }
        if !["onlinepayment", "card"].contains(&self.payment_type.as_str()) {
            return Err(ConfigError::PaymentType(self.payment_type.clone()));
        }
        for (flag, name) in [
            ("api-key-header", &self.api_key_header),
            ("secret-code-header", &self.secret_code_header),
        ] {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(ConfigError::HeaderName(flag, name.clone()));
            }
        }
        let mut upstream_paths = std::collections::HashMap::new();
        for entry in &self.upstream_paths {
            let (op, path) = entry
                .split_once('=')
                .ok_or_else(|| ConfigError::UpstreamPath(entry.clone()))?;
            let known = crate::proxy::BROWSER_OPERATIONS.contains(&op) || op == "register-webhook";
            if !known || !path.starts_with('/') || path.contains("..") {
                return Err(ConfigError::UpstreamPath(entry.clone()));
            }
            upstream_paths.insert(op.to_string(), path.to_string());
        }
        let mut sandbox_routes = None;
        let loopback_http = self.upstream.strip_prefix("http://").is_some_and(|rest| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !authority.contains('@') && crate::guard::is_loopback_authority(authority)
        });
        if !self.sandbox && !self.upstream.starts_with("https://") && !loopback_http {
            return Err(ConfigError::Upstream(self.upstream.clone()));
        }
        let token_secret = match optional_secret("ITT_TOKEN_SECRET", "ITT_TOKEN_SECRET_FILE")? {
            Some(s) if s.len() < 32 => return Err(ConfigError::ShortSecret("ITT_TOKEN_SECRET")),
            Some(s) => s,
            // The sandbox holds nothing of value; a fixed secret keeps demos simple.
            None if self.sandbox => SANDBOX_TOKEN_SECRET.to_string(),
            None => return Err(ConfigError::TokenSecret),
        };
        let grant_secret = match optional_secret("ITT_GRANT_SECRET", "ITT_GRANT_SECRET_FILE")? {
            Some(s) if s.len() < 32 => return Err(ConfigError::ShortSecret("ITT_GRANT_SECRET")),
            Some(s) => Some(s),
            None if self.sandbox => Some(SANDBOX_GRANT_SECRET.to_string()),
            None => None,
        };
        let admin_token = match optional_secret("ITT_ADMIN_TOKEN", "ITT_ADMIN_TOKEN_FILE")? {
            Some(s) if s.len() < crate::admin::MIN_ADMIN_TOKEN => {
                return Err(ConfigError::ShortSecret("ITT_ADMIN_TOKEN"))
            }
            other => other,
        };
        let public_url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_string();
        let mut payment_hosts = self.payment_hosts.clone();
        let mut redirect_origins = self.allowed_origins.clone();
        if let Some(origin) = crate::guard::origin_of(&public_url) {
            redirect_origins.push(origin.clone());
            if self.sandbox {
                // The sandbox's checkout page is served by this server.
                payment_hosts.push(
                    origin
                        .split_once("://")
                        .map_or(origin.clone(), |(_, h)| h.to_string()),
                );
            }
        }
        let timeout = Duration::from_secs(self.timeout_secs.max(1));
        for origin in &self.allowed_origins {
            if !valid_origin(origin) {
                return Err(ConfigError::Origin(origin.clone()));
            }
        }
        if let Some(dir) = &self.serve_dir {
            if !dir.is_dir() {
                return Err(ConfigError::ServeDir(dir.clone()));
            }
        }
        let upstream = if self.sandbox {
            if !self.listen.ip().is_loopback() && !self.sandbox_public {
                return Err(ConfigError::SandboxNotLoopback(self.listen));
            }
            let currency = self.sandbox_currency.to_ascii_uppercase();
            if !sandbox::catalogue::supported_currency(&currency) {
                return Err(ConfigError::Currency(self.sandbox_currency.clone()));
            }
            let sandbox = Sandbox::new(SandboxConfig {
                odd_form: !self.sandbox_clean,
                layout_seed: self.sandbox_layout_seed,
                public_url: public_url.clone(),
                data_file: self.sandbox_data.clone(),
                webhook_url: self.sandbox_webhook_url.clone(),
                webhook_secret: self.sandbox_webhook_secret.clone(),
                ..SandboxConfig::new(&currency, &partner_id, &member_id)
            })
            .map_err(ConfigError::SandboxData)?;
            sandbox_routes = Some(sandbox.public_router());
            Upstream::Sandbox {
                router: sandbox.upstream_router(),
                credentials: Credentials {
                    api_key_header: crate::upstream::API_KEY_HEADER.into(),
                    api_key: sandbox::SANDBOX_API_KEY.into(),
                    secret_code_header: crate::upstream::SECRET_CODE_HEADER.into(),
                    secret_code: sandbox::SANDBOX_SECRET_CODE.into(),
                },
                timeout,
            }
        } else {
            let credentials = Credentials {
                api_key_header: self.api_key_header.clone(),
                api_key: credential("ITT_API_KEY")?,
                secret_code_header: self.secret_code_header.clone(),
                secret_code: credential("ITT_SECRET_CODE")?,
            };
            let client = reqwest::Client::builder()
                .timeout(timeout)
                // A dead host should fail fast; a slow answer gets the whole timeout.
                .connect_timeout(timeout.min(Duration::from_secs(5)))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| ConfigError::Client(e.to_string()))?;
            Upstream::Http {
                client,
                base_url: self.upstream.clone(),
                credentials,
                url_cache: Default::default(),
            }
        };
        let state = AppState {
            upstream: Arc::new(upstream),
            server_values: Arc::new(ServerValues {
                partner_id,
                member_id,
                agency_email: self.agency_email.clone(),
            }),
            policy: Arc::new(Policy {
                token_secret: token_secret.into_bytes(),
                token_ttl: Duration::from_secs(self.token_ttl_days.max(1) * 24 * 3600),
                grant_secret: grant_secret.map(String::into_bytes),
                hosted_payment_type: self.payment_type.clone(),
                redirect_origins,
                payment_hosts,
                usage_ttl: Duration::from_secs(self.usage_cache_secs),
                once: Arc::new(crate::store::MemoryStore::default()),
                // A retry waits for the purchase in flight: ITT's time and a margin, and less
                // than the widget's own 35 s, so it hears "in progress" rather than nothing.
                once_wait: timeout + Duration::from_secs(10),
                usage: Default::default(),
                topup_offers: Default::default(),
            }),
            upstream_paths: Arc::new(upstream_paths),
            allowed_origins: Arc::new(self.allowed_origins.clone()),
            public_origin: self.public_url.as_deref().and_then(crate::guard::origin_of),
            limiter: Arc::new(
                RateLimiter::new(
                    self.rate_limit_per_minute,
                    self.rate_limit_burst,
                    self.trusted_proxies.clone(),
                )
                .with_max_in_flight_per_client(self.max_in_flight_per_client),
            ),
            in_flight: Arc::new(tokio::sync::Semaphore::new(self.max_in_flight.max(1))),
            detached: Default::default(),
        };
        let surface = Surface {
            allowed_origins: self.allowed_origins.clone(),
            serve_dir: self.serve_dir.clone(),
            body_limit: self.body_limit,
            body_timeout: Some(Duration::from_secs(self.body_timeout_secs.max(1))),
            sandbox_routes,
            admin_token,
        };
        Ok((state, surface))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Config {
        Config::try_parse_from(std::iter::once("itt-esim-server").chain(args.iter().copied()))
            .expect("flags parse")
    }

    #[test]
    fn config_file_merges_under_flags_and_refuses_secrets() {
        let dir = std::env::temp_dir();
        let file = dir.join(format!("itt-config-{}.toml", std::process::id()));
        std::fs::write(
            &file,
            "sandbox = true\nlisten = \"127.0.0.1:9999\"\nallowed_origins = [\"https://a.example\", \"https://b.example\"]\nrate_limit_burst = 5\n",
        )
        .unwrap();
        let args = |extra: &[&str]| -> Vec<String> {
            ["itt-esim-server", "--config", file.to_str().unwrap()]
                .iter()
                .chain(extra)
                .map(|s| s.to_string())
                .collect()
        };
        let c = parse_with_file(args(&[])).unwrap();
        assert!(c.sandbox);
        assert_eq!(c.listen.port(), 9999);
        assert_eq!(
            c.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(c.rate_limit_burst, 5);
        let c = parse_with_file(args(&["--listen", "127.0.0.1:1234"])).unwrap();
        assert_eq!(c.listen.port(), 1234, "flags win over the file");
        std::fs::write(&file, "token_secret = \"x\"\n").unwrap();
        let err = parse_with_file(args(&[])).unwrap_err();
        assert!(
            err.contains("token_secret") && err.contains("environment"),
            "{err}"
        );
        std::fs::write(&file, "no_such_setting = 1\n").unwrap();
        assert!(parse_with_file(args(&[]))
            .unwrap_err()
            .contains("no-such-setting"));
        std::fs::remove_file(&file).ok();
    }

    #[test]
    fn sandbox_stays_on_loopback() {
        let err = parse(&["--sandbox", "--listen", "0.0.0.0:8080"])
            .build()
            .err()
            .unwrap();
        assert!(err.to_string().contains("--sandbox-public"), "{err}");
        assert!(
            parse(&["--sandbox", "--listen", "0.0.0.0:8080", "--sandbox-public"])
                .build()
                .is_ok()
        );
        assert!(parse(&["--sandbox"]).build().is_ok());
        let err = parse(&["--sandbox", "--member-id", "agent-7"])
            .build()
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("--member-id"), "{err}");
    }

    #[test]
    fn bad_settings_are_named() {
        let err = parse(&["--sandbox", "--allowed-origins", "hotel.example"])
            .build()
            .err()
            .unwrap();
        assert!(err.to_string().contains("--allowed-origins"));
        let err = parse(&["--sandbox", "--sandbox-currency", "XXX"])
            .build()
            .err()
            .unwrap();
        assert!(err.to_string().contains("--sandbox-currency"));
        let err = parse(&["--sandbox", "--serve-dir", "/no/such/dir"])
            .build()
            .err()
            .unwrap();
        assert!(err.to_string().contains("--serve-dir"));
        let err = parse(&[
            "--upstream",
            "http://api.example",
            "--partner-id",
            "7",
            "--member-id",
            "42",
        ])
        .build()
        .err()
        .unwrap();
        assert!(err.to_string().contains("--upstream"));
        let err = Config::try_parse_from(["itt-esim-server", "--trusted-proxies", "10.0.0.0/8,lb"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--trusted-proxies") && err.contains("\"lb\""),
            "{err}"
        );
        let err = Config::try_parse_from(["itt-esim-server", "--trusted-proxies", "10.0.0.0/33"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("--trusted-proxies"), "{err}");
    }

    #[test]
    fn account_ids_are_required_outside_the_sandbox() {
        // Checked before credentials, so no environment is needed to see it.
        let err = parse(&[]).build().map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("--partner-id (ITT_PARTNER_ID)"), "{err}");
        let err = parse(&["--partner-id", "7"])
            .build()
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("--member-id (ITT_MEMBER_ID)"), "{err}");
        let err = parse(&["--partner-id", " ", "--member-id", "42"])
            .build()
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("--partner-id"), "blank is not set: {err}");
        // The sandbox keeps its own account's ids.
        let (state, _) = parse(&["--sandbox"]).build().unwrap();
        assert_eq!(
            (
                state.server_values.partner_id.as_str(),
                state.server_values.member_id.as_str()
            ),
            ("1", "2")
        );
        let (state, _) = parse(&["--sandbox", "--partner-id", "9", "--member-id", " 8 "])
            .build()
            .unwrap();
        assert_eq!(state.server_values.member_id, "8");
    }

    #[test]
    fn connection_settings_reach_the_accept_loop_and_the_guard() {
        let c = parse(&["--sandbox"]);
        let options = c.serve_options();
        let defaults = crate::serve::ServeOptions::default();
        assert_eq!(options.header_timeout, defaults.header_timeout);
        assert_eq!(options.idle_timeout, defaults.idle_timeout);
        assert_eq!(
            options.max_connections_per_ip,
            defaults.max_connections_per_ip
        );
        assert_eq!(options.max_connections, defaults.max_connections);
        assert_eq!(options.shutdown_grace, defaults.shutdown_grace);
        let c = parse(&[
            "--sandbox",
            "--header-timeout-secs",
            "0",
            "--idle-timeout-secs",
            "5",
            "--body-timeout-secs",
            "3",
            "--max-connections-per-client",
            "0",
            "--max-in-flight-per-client",
            "4",
            "--trusted-proxies",
            "10.0.0.0/8,::1",
        ]);
        let options = c.serve_options();
        assert_eq!(
            options.header_timeout,
            Duration::from_secs(1),
            "at least 1 s"
        );
        assert_eq!(options.idle_timeout, Duration::from_secs(5));
        assert_eq!(options.max_connections_per_ip, 0);
        assert_eq!(options.trusted_proxies.len(), 2);
        let (state, surface) = c.build().unwrap();
        assert_eq!(surface.body_timeout, Some(Duration::from_secs(3)));
        assert_eq!(state.limiter.max_in_flight_per_client, 4);
    }
}
