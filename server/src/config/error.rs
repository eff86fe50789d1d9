//! A configuration that cannot run, with the setting to fix.

use std::net::SocketAddr;
use std::path::PathBuf;

/// A configuration that cannot run, with the setting to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The sandbox would be reachable from other machines.
    #[error("--listen {0}: the sandbox listens on loopback only; pass --sandbox-public to allow other addresses")]
    SandboxNotLoopback(SocketAddr),
    /// A credential is missing, or its file cannot be read.
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    /// Metrics would be served on the public address.
    #[error("--metrics-listen {0} (ITT_METRICS_LISTEN) is the --listen address: metrics are for the monitoring system only; give them an address of their own, e.g. 127.0.0.1:9464")]
    MetricsOnPublicAddress(SocketAddr),
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
    /// The state folder cannot be written.
    #[error("--state-dir {path} (ITT_STATE_DIR): not writable: {source}. Create it for the service's user (systemd: StateDirectory=itt-esim), point --state-dir at a writable folder, or share state with --redis-url")]
    StateDirNotWritable {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Another process holds the state folder.
    #[error("--state-dir {path} (ITT_STATE_DIR) is in use by another itt-esim-server{}: run one process per state folder, or share state between instances with --redis-url", .pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    StateDirInUse {
        /// The folder.
        path: PathBuf,
        /// The process holding it, when known.
        pid: Option<u32>,
    },
    /// The state database cannot be opened.
    #[error("--state-dir {path} (ITT_STATE_DIR): the state database cannot be opened: {error}")]
    StateDb {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: String,
    },
    /// A Redis URL that cannot be used.
    #[error("--redis-url (ITT_REDIS_URL): {0}")]
    RedisUrl(String),
    /// A Redis password given where secrets may not be.
    #[error("--redis-url carries a password: put the URL in ITT_REDIS_URL, or the password in ITT_REDIS_PASSWORD (or a file named by ITT_REDIS_PASSWORD_FILE), never on the command line or in the config file")]
    RedisPasswordOnCommandLine,
    /// The Redis CA file cannot be read.
    #[error("--redis-ca-file {path} (ITT_REDIS_CA_FILE): {source}")]
    RedisCaFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
