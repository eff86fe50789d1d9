//! Server configuration from flags and environment variables.
//!
//! Credentials come only from the environment (or files named there), never from
//! flags, which would show them in process listings and shell history.
//!
//! This module only reads the settings (flags, environment, the `--config`
//! file); [`crate::assemble`](mod@crate::assemble) checks them and wires the
//! application state.

mod commands;
mod error;

pub use commands::{Command, WebhookSettings};
pub use error::ConfigError;

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How log lines are written (`--log-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line.
    Json,
}

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

    /// Serve Prometheus metrics at `http://<this address>/metrics` (off when not set).
    /// Never the public address: bind it where only the monitoring system reaches,
    /// e.g. `127.0.0.1:9464` or a private interface.
    #[arg(long, env = "ITT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// Log lines as `text` (for people) or `json` (one object a line, for log
    /// shippers); the same fields either way.
    #[arg(long, env = "ITT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

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

    /// Folder of the state kept across restarts and deploys (booking records,
    /// top-up offers), in an embedded SQLite database. One process per folder;
    /// several instances share state with --redis-url instead. Default: systemd's
    /// `$STATE_DIRECTORY` (`StateDirectory=itt-esim`), else `/var/lib/itt-esim`;
    /// with --sandbox, a fresh temporary folder.
    #[arg(long, env = "ITT_STATE_DIR")]
    pub state_dir: Option<PathBuf>,

    /// Redis holding the state of every instance (booking records, rate budgets,
    /// the data-usage cache, top-up offers): `redis://host:6379/0` or `rediss://…`.
    /// Replaces --state-dir. A password goes in ITT_REDIS_PASSWORD (or in this URL
    /// only when it comes from the environment).
    #[arg(long, env = "ITT_REDIS_URL")]
    pub redis_url: Option<String>,

    /// Prefix of this deployment's Redis keys (several deployments on one Redis).
    #[arg(long, env = "ITT_REDIS_PREFIX", default_value = "itt-esim:")]
    pub redis_prefix: String,

    /// PEM file of the certificate authority of a `rediss://` server with a private CA
    /// (default: the system's trusted roots).
    #[arg(long, env = "ITT_REDIS_CA_FILE")]
    pub redis_ca_file: Option<PathBuf>,

    /// Milliseconds a booking claim lives without renewal (tests shorten it).
    #[arg(
        long,
        env = "ITT_STORE_LEASE_MS",
        default_value_t = 15_000,
        hide = true
    )]
    pub store_lease_ms: u64,

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

/// Settings a config file may not hold: secrets come from the environment or files named there.
const SECRET_KEYS: [&str; 12] = [
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
    "redis_password",
    "redis_password_file",
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bad_trusted_proxies_are_named() {
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
}
