//! From a checked configuration to the application state.

use super::secrets::{credential, optional_secret};
use super::{Config, ConfigError, SANDBOX_GRANT_SECRET, SANDBOX_TOKEN_SECRET};
use crate::guard::Policy;
use crate::limits::RateLimiter;
use crate::metrics::Metrics;
use crate::proxy::ServerValues;
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::store::Stores;
use crate::upstream::{Credentials, Upstream};
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

    /// Checks the configuration, opens the state store and builds the application state.
    pub fn build(&self) -> Result<(AppState, Surface), ConfigError> {
        self.build_for(self.listen)
    }

    /// As [`Config::build`], for a server actually bound at `bound` (a `:0` port resolved).
    pub fn build_for(&self, bound: SocketAddr) -> Result<(AppState, Surface), ConfigError> {
        // Every other setting is checked before the store is opened.
        self.check()?;
        self.build_with(bound, self.open_stores()?)
    }

    /// Checks every setting without opening the state store.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.build_with(self.listen, Stores::memory()).map(drop)
    }

    /// The application state for a server bound at `bound`, keeping its state in `stores`.
    pub fn build_with(
        &self,
        bound: SocketAddr,
        stores: Stores,
    ) -> Result<(AppState, Surface), ConfigError> {
        if let Some(metrics) = self.metrics_listen {
            // The same port on the same (or every) interface: the public address.
            let shared = |public: SocketAddr| {
                public.port() != 0
                    && public.port() == metrics.port()
                    && (public.ip() == metrics.ip()
                        || public.ip().is_unspecified()
                        || metrics.ip().is_unspecified())
            };
            if shared(self.listen) || shared(bound) {
                return Err(ConfigError::MetricsOnPublicAddress(metrics));
            }
        }
        let metrics = match self.metrics_listen {
            Some(_) => Metrics::new(),
            None => Metrics::disabled(),
        };
        let stores = metrics.measure(stores);
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
            if crate::upstream::egress_proxy_configured(&self.upstream) {
                let client = reqwest::Client::builder()
                    .timeout(timeout)
                    // A dead host should fail fast; a slow answer gets the whole timeout.
                    .connect_timeout(timeout.min(crate::upstream::CONNECT_TIMEOUT))
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| ConfigError::Client(e.to_string()))?;
                Upstream::Http {
                    client,
                    base_url: self.upstream.clone(),
                    credentials,
                    url_cache: Default::default(),
                }
            } else {
                crate::upstream::DirectClient::new(&self.upstream, &credentials, timeout)
                    .map(Upstream::Direct)
                    .map_err(ConfigError::Client)?
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
                once: stores.once,
                // A retry waits for the purchase in flight: ITT's time and a margin, and less
                // than the widget's own 35 s, so it hears "in progress" rather than nothing.
                once_wait: (timeout + Duration::from_secs(10)).min(Duration::from_secs(30)),
                usage: Default::default(),
                topup_offers: crate::topups::TopupOffers::new(stores.offers),
                shared_usage: stores.usage,
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
                .with_max_in_flight_per_client(self.max_in_flight_per_client)
                .with_shared(stores.rates),
            ),
            in_flight: Arc::new(tokio::sync::Semaphore::new(self.max_in_flight.max(1))),
            detached: Default::default(),
            store_health: stores.health,
            metrics,
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
