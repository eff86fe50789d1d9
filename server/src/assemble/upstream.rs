//! The upstream the settings choose: the sandbox in process, or ITT (directly,
//! or through an egress proxy) with the credentials from the environment.

use crate::config::{Config, ConfigError};
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::secrets::credential;
use crate::upstream::{Credentials, Upstream};
use axum::Router;
use std::time::Duration;

/// The upstream, and the sandbox's browser-facing routes when it is the sandbox.
pub(super) fn choose(
    config: &Config,
    public_url: &str,
    partner_id: &str,
    member_id: &str,
    timeout: Duration,
) -> Result<(Upstream, Option<Router>), ConfigError> {
    if config.sandbox {
        if !config.listen.ip().is_loopback() && !config.sandbox_public {
            return Err(ConfigError::SandboxNotLoopback(config.listen));
        }
        let currency = config.sandbox_currency.to_ascii_uppercase();
        if !sandbox::catalogue::supported_currency(&currency) {
            return Err(ConfigError::Currency(config.sandbox_currency.clone()));
        }
        let sandbox = Sandbox::new(SandboxConfig {
            odd_form: !config.sandbox_clean,
            layout_seed: config.sandbox_layout_seed,
            public_url: public_url.to_string(),
            data_file: config.sandbox_data.clone(),
            webhook_url: config.sandbox_webhook_url.clone(),
            webhook_secret: config.sandbox_webhook_secret.clone(),
            ..SandboxConfig::new(&currency, partner_id, member_id)
        })
        .map_err(ConfigError::SandboxData)?;
        let routes = sandbox.public_router();
        let upstream = Upstream::Sandbox {
            router: sandbox.upstream_router(),
            credentials: Credentials {
                api_key_header: crate::upstream::API_KEY_HEADER.into(),
                api_key: sandbox::SANDBOX_API_KEY.into(),
                secret_code_header: crate::upstream::SECRET_CODE_HEADER.into(),
                secret_code: sandbox::SANDBOX_SECRET_CODE.into(),
            },
            timeout,
        };
        Ok((upstream, Some(routes)))
    } else {
        let credentials = Credentials {
            api_key_header: config.api_key_header.clone(),
            api_key: credential("ITT_API_KEY")?,
            secret_code_header: config.secret_code_header.clone(),
            secret_code: credential("ITT_SECRET_CODE")?,
        };
        let upstream = if crate::upstream::egress_proxy_configured(&config.upstream) {
            let client = reqwest::Client::builder()
                .timeout(timeout)
                // A dead host should fail fast; a slow answer gets the whole timeout.
                .connect_timeout(timeout.min(crate::upstream::CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| ConfigError::Client(e.to_string()))?;
            Upstream::Http {
                client,
                base_url: config.upstream.clone(),
                credentials,
                url_cache: Default::default(),
            }
        } else {
            crate::upstream::DirectClient::new(&config.upstream, &credentials, timeout)
                .map(Upstream::Direct)
                .map_err(ConfigError::Client)?
        };
        Ok((upstream, None))
    }
}
