//! From a checked configuration to the application state.
//!
//! The wiring of the server, apart from the parsing of its settings
//! ([`crate::config`]): the upstream (ITT, or the sandbox in process), the
//! booking policy and its secrets, the limits, the state store and the metrics.

mod stores;
mod upstream;

pub use stores::{open_stores, store_limits};

use crate::admin::MIN_ADMIN_TOKEN;
use crate::config::{Config, ConfigError};
use crate::guard::Policy;
use crate::limits::RateLimiter;
use crate::metrics::Metrics;
use crate::proxy::ServerValues;
use crate::sandbox::{SANDBOX_GRANT_SECRET, SANDBOX_TOKEN_SECRET};
use crate::secrets::optional_secret;
use crate::store::Stores;
use crate::{AppState, Surface};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

fn valid_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' '])
}

/// An account id: the one given (trimmed), the sandbox's default, or the error naming `setting`.
fn account_id(
    config: &Config,
    given: &Option<String>,
    sandbox_default: &str,
    setting: &'static str,
) -> Result<String, ConfigError> {
    match given.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ if config.sandbox => Ok(sandbox_default.to_string()),
        _ => Err(ConfigError::MissingAccountId(setting)),
    }
}

/// How the accept loop treats connections (see [`crate::serve::ServeOptions`]).
pub fn serve_options(config: &Config) -> crate::serve::ServeOptions {
    crate::serve::ServeOptions {
        header_timeout: Duration::from_secs(config.header_timeout_secs.max(1)),
        idle_timeout: Duration::from_secs(config.idle_timeout_secs.max(1)),
        max_connections_per_ip: config.max_connections_per_client,
        max_connections: config.max_connections,
        shutdown_grace: Duration::from_secs(config.shutdown_grace_secs),
        trusted_proxies: config.trusted_proxies.clone(),
        ..crate::serve::ServeOptions::default()
    }
}

/// Checks the configuration, opens the state store and builds the application state.
pub fn assemble(config: &Config) -> Result<(AppState, Surface), ConfigError> {
    assemble_for(config, config.listen)
}

/// As [`assemble`], for a server actually bound at `bound` (a `:0` port resolved).
pub fn assemble_for(
    config: &Config,
    bound: SocketAddr,
) -> Result<(AppState, Surface), ConfigError> {
    // Every other setting is checked before the store is opened.
    check(config)?;
    assemble_with(config, bound, open_stores(config)?)
}

/// Checks every setting without opening the state store.
pub fn check(config: &Config) -> Result<(), ConfigError> {
    assemble_with(config, config.listen, Stores::memory()).map(drop)
}

/// The application state for a server bound at `bound`, keeping its state in `stores`.
pub fn assemble_with(
    config: &Config,
    bound: SocketAddr,
    stores: Stores,
) -> Result<(AppState, Surface), ConfigError> {
    if let Some(metrics) = config.metrics_listen {
        // The same port on the same (or every) interface: the public address.
        let shared = |public: SocketAddr| {
            public.port() != 0
                && public.port() == metrics.port()
                && (public.ip() == metrics.ip()
                    || public.ip().is_unspecified()
                    || metrics.ip().is_unspecified())
        };
        if shared(config.listen) || shared(bound) {
            return Err(ConfigError::MetricsOnPublicAddress(metrics));
        }
    }
    let metrics = match config.metrics_listen {
        Some(_) => Metrics::new(),
        None => Metrics::disabled(),
    };
    let stores = metrics.measure(stores);
    let partner_id = account_id(
        config,
        &config.partner_id,
        "1",
        "--partner-id (ITT_PARTNER_ID)",
    )?;
    let member_id = account_id(
        config,
        &config.member_id,
        "2",
        "--member-id (ITT_MEMBER_ID)",
    )?;
    if member_id.parse::<i64>().is_err() {
        return Err(ConfigError::MemberId(member_id));
    }
    if !["onlinepayment", "card"].contains(&config.payment_type.as_str()) {
        return Err(ConfigError::PaymentType(config.payment_type.clone()));
    }
    for (flag, name) in [
        ("api-key-header", &config.api_key_header),
        ("secret-code-header", &config.secret_code_header),
    ] {
        if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(ConfigError::HeaderName(flag, name.clone()));
        }
    }
    let mut upstream_paths = std::collections::HashMap::new();
    for entry in &config.upstream_paths {
        let (op, path) = entry
            .split_once('=')
            .ok_or_else(|| ConfigError::UpstreamPath(entry.clone()))?;
        let known = crate::proxy::BROWSER_OPERATIONS.contains(&op) || op == "register-webhook";
        if !known || !path.starts_with('/') || path.contains("..") {
            return Err(ConfigError::UpstreamPath(entry.clone()));
        }
        upstream_paths.insert(op.to_string(), path.to_string());
    }
    let loopback_http = itt_contract::net::is_loopback_http_url(&config.upstream);
    if !config.sandbox && !config.upstream.starts_with("https://") && !loopback_http {
        return Err(ConfigError::Upstream(config.upstream.clone()));
    }
    let token_secret = match optional_secret("ITT_TOKEN_SECRET", "ITT_TOKEN_SECRET_FILE")? {
        Some(s) if s.len() < 32 => return Err(ConfigError::ShortSecret("ITT_TOKEN_SECRET")),
        Some(s) => s,
        // The sandbox holds nothing of value; a fixed secret keeps demos simple.
        None if config.sandbox => SANDBOX_TOKEN_SECRET.to_string(),
        None => return Err(ConfigError::TokenSecret),
    };
    let grant_secret = match optional_secret("ITT_GRANT_SECRET", "ITT_GRANT_SECRET_FILE")? {
        Some(s) if s.len() < 32 => return Err(ConfigError::ShortSecret("ITT_GRANT_SECRET")),
        Some(s) => Some(s),
        None if config.sandbox => Some(SANDBOX_GRANT_SECRET.to_string()),
        None => None,
    };
    let admin_token = match optional_secret("ITT_ADMIN_TOKEN", "ITT_ADMIN_TOKEN_FILE")? {
        Some(s) if s.len() < MIN_ADMIN_TOKEN => {
            return Err(ConfigError::ShortSecret("ITT_ADMIN_TOKEN"))
        }
        other => other,
    };
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{bound}"))
        .trim_end_matches('/')
        .to_string();
    let mut payment_hosts = config.payment_hosts.clone();
    let mut redirect_origins = config.allowed_origins.clone();
    if let Some(origin) = crate::guard::origin_of(&public_url) {
        redirect_origins.push(origin.clone());
        if config.sandbox {
            // The sandbox's checkout page is served by this server.
            payment_hosts.push(
                origin
                    .split_once("://")
                    .map_or(origin.clone(), |(_, h)| h.to_string()),
            );
        }
    }
    let timeout = Duration::from_secs(config.timeout_secs.max(1));
    for origin in &config.allowed_origins {
        if !valid_origin(origin) {
            return Err(ConfigError::Origin(origin.clone()));
        }
    }
    if let Some(dir) = &config.serve_dir {
        if !dir.is_dir() {
            return Err(ConfigError::ServeDir(dir.clone()));
        }
    }
    let (upstream, sandbox_routes) =
        upstream::choose(config, &public_url, &partner_id, &member_id, timeout)?;
    let state = AppState {
        upstream: Arc::new(upstream),
        server_values: Arc::new(ServerValues {
            partner_id,
            member_id,
            agency_email: config.agency_email.clone(),
        }),
        policy: Arc::new(Policy {
            token_secret: token_secret.into_bytes(),
            token_ttl: Duration::from_secs(config.token_ttl_days.max(1) * 24 * 3600),
            grant_secret: grant_secret.map(String::into_bytes),
            hosted_payment_type: config.payment_type.clone(),
            redirect_origins,
            payment_hosts,
            usage_ttl: Duration::from_secs(config.usage_cache_secs),
            once: stores.once,
            // A retry waits for the purchase in flight: ITT's time and a margin, and less
            // than the widget's own 35 s, so it hears "in progress" rather than nothing.
            once_wait: (timeout + Duration::from_secs(10)).min(Duration::from_secs(30)),
            usage: Default::default(),
            topup_offers: crate::topups::TopupOffers::new(stores.offers),
            shared_usage: stores.usage,
        }),
        upstream_paths: Arc::new(upstream_paths),
        allowed_origins: Arc::new(config.allowed_origins.clone()),
        public_origin: config
            .public_url
            .as_deref()
            .and_then(crate::guard::origin_of),
        limiter: Arc::new(
            RateLimiter::new(
                config.rate_limit_per_minute,
                config.rate_limit_burst,
                config.trusted_proxies.clone(),
            )
            .with_max_in_flight_per_client(config.max_in_flight_per_client)
            .with_shared(stores.rates),
        ),
        in_flight: Arc::new(tokio::sync::Semaphore::new(config.max_in_flight.max(1))),
        detached: Default::default(),
        store_health: stores.health,
        metrics,
    };
    let surface = Surface {
        allowed_origins: config.allowed_origins.clone(),
        serve_dir: config.serve_dir.clone(),
        body_limit: config.body_limit,
        body_timeout: Some(Duration::from_secs(config.body_timeout_secs.max(1))),
        sandbox_routes,
        admin_token,
    };
    Ok((state, surface))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> Config {
        Config::try_parse_from(std::iter::once("itt-esim-server").chain(args.iter().copied()))
            .expect("flags parse")
    }

    #[tokio::test]
    async fn state_settings_that_cannot_work_are_named() {
        let dir = std::env::temp_dir().join(format!("itt-config-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a-file");
        std::fs::write(&file, "").unwrap();
        let under_a_file = file.join("state");
        let err = assemble(&parse(&[
            "--sandbox",
            "--state-dir",
            under_a_file.to_str().unwrap(),
        ]))
        .map(drop)
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("--state-dir")
                && err.contains("ITT_STATE_DIR")
                && err.contains("not writable"),
            "{err}"
        );
        let state = dir.join("state");
        let first = assemble(&parse(&[
            "--sandbox",
            "--state-dir",
            state.to_str().unwrap(),
        ]));
        assert!(first.is_ok());
        let err = assemble(&parse(&[
            "--sandbox",
            "--state-dir",
            state.to_str().unwrap(),
        ]))
        .map(drop)
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("in use") && err.contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
        drop(first);
        let err = assemble(&parse(&["--sandbox", "--redis-url", "http://cache:6379"]))
            .map(drop)
            .unwrap_err()
            .to_string();
        assert!(err.contains("--redis-url (ITT_REDIS_URL)"), "{err}");
        let err = assemble(&parse(&[
            "--sandbox",
            "--redis-url",
            "redis://:hunter2@127.0.0.1:1/0",
        ]))
        .map(drop)
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("ITT_REDIS_PASSWORD") && !err.contains("hunter2"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn sandbox_stays_on_loopback() {
        let err = assemble(&parse(&["--sandbox", "--listen", "0.0.0.0:8080"]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("--sandbox-public"), "{err}");
        assert!(assemble(&parse(&[
            "--sandbox",
            "--listen",
            "0.0.0.0:8080",
            "--sandbox-public"
        ]))
        .is_ok());
        assert!(assemble(&parse(&["--sandbox"])).is_ok());
        let err = assemble(&parse(&["--sandbox", "--member-id", "agent-7"]))
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("--member-id"), "{err}");
    }

    #[test]
    fn bad_settings_are_named() {
        let err = assemble(&parse(&["--sandbox", "--allowed-origins", "hotel.example"]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("--allowed-origins"));
        let err = assemble(&parse(&["--sandbox", "--sandbox-currency", "XXX"]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("--sandbox-currency"));
        let err = assemble(&parse(&["--sandbox", "--serve-dir", "/no/such/dir"]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("--serve-dir"));
        let err = assemble(&parse(&[
            "--upstream",
            "http://api.example",
            "--partner-id",
            "7",
            "--member-id",
            "42",
        ]))
        .err()
        .unwrap();
        assert!(err.to_string().contains("--upstream"));
    }

    #[test]
    fn account_ids_are_required_outside_the_sandbox() {
        // Checked before credentials, so no environment is needed to see it.
        let err = assemble(&parse(&[])).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("--partner-id (ITT_PARTNER_ID)"), "{err}");
        let err = assemble(&parse(&["--partner-id", "7"]))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("--member-id (ITT_MEMBER_ID)"), "{err}");
        let err = assemble(&parse(&["--partner-id", " ", "--member-id", "42"]))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("--partner-id"), "blank is not set: {err}");
        // The sandbox keeps its own account's ids.
        let (state, _) = assemble(&parse(&["--sandbox"])).unwrap();
        assert_eq!(
            (
                state.server_values.partner_id.as_str(),
                state.server_values.member_id.as_str()
            ),
            ("1", "2")
        );
        let (state, _) = assemble(&parse(&[
            "--sandbox",
            "--partner-id",
            "9",
            "--member-id",
            " 8 ",
        ]))
        .unwrap();
        assert_eq!(state.server_values.member_id, "8");
    }

    #[test]
    fn connection_settings_reach_the_accept_loop_and_the_guard() {
        let c = parse(&["--sandbox"]);
        let options = serve_options(&c);
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
        let options = serve_options(&c);
        assert_eq!(
            options.header_timeout,
            Duration::from_secs(1),
            "at least 1 s"
        );
        assert_eq!(options.idle_timeout, Duration::from_secs(5));
        assert_eq!(options.max_connections_per_ip, 0);
        assert_eq!(options.trusted_proxies.len(), 2);
        let (state, surface) = assemble(&c).unwrap();
        assert_eq!(surface.body_timeout, Some(Duration::from_secs(3)));
        assert_eq!(state.limiter.max_in_flight_per_client, 4);
    }
}
