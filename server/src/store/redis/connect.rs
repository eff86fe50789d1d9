//! Reaching Redis: where it is, and a store that connects lazily (the server
//! starts, and recovers, while Redis is down).

use super::{boot_id, sweep, Inner, RedisStore, CALL_TIMEOUT};
use crate::store::redis_scripts::Scripts;
use crate::store::StoreLimits;
use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, IntoConnectionInfo, TlsCertificates};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where the Redis store is and how to reach it.
#[derive(Clone, Default)]
pub struct RedisOptions {
    /// `redis://host:port/db` or `rediss://…` (TLS).
    pub url: String,
    /// Prefix of every key (several deployments or tests on one Redis), e.g. `itt-esim:`.
    pub prefix: String,
    /// Password; overrides one in the URL.
    pub password: Option<String>,
    /// PEM root certificate(s) of a private CA for `rediss://` (else the system's).
    pub ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for RedisOptions {
    // The URL may carry a password: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisOptions")
            .field("prefix", &self.prefix)
            .field("password", &self.password.as_ref().map(|_| "<set>"))
            .field("ca_pem", &self.ca_pem.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store on `options.url` with `limits`. Synchronous and lazy: nothing is
    /// connected yet, so the server starts while Redis is down. `Err` only for a
    /// malformed URL or CA (the message names neither the URL nor the password).
    /// Needs a Tokio runtime (the connection and the renewals are tasks).
    pub fn open(options: RedisOptions, limits: StoreLimits) -> Result<RedisStore, String> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err("the Redis store needs a Tokio runtime".into());
        }
        let scheme = options
            .url
            .split_once("://")
            .map(|(s, _)| s.to_ascii_lowercase());
        let tls = match scheme.as_deref() {
            Some("redis") => false,
            Some("rediss") => true,
            _ => return Err("the Redis URL must start with redis:// or rediss://".into()),
        };
        let mut info =
            options.url.as_str().into_connection_info().map_err(|_| {
                "the Redis URL is not a valid redis:// or rediss:// URL".to_string()
            })?;
        if let Some(password) = &options.password {
            let settings = info.redis_settings().clone().set_password(password);
            info = info.set_redis_settings(settings);
        }
        let client = match options.ca_pem {
            Some(_) if !tls => return Err("a Redis CA certificate needs a rediss:// URL".into()),
            // rustls would take a PEM without certificates as an empty trust store.
            Some(pem) if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") => {
                return Err("the Redis CA file holds no PEM certificate".into())
            }
            Some(pem) => Client::build_with_tls(
                info,
                TlsCertificates {
                    client_tls: None,
                    root_cert: Some(pem),
                },
            )
            .map_err(|e| {
                format!(
                    "the Redis CA certificate is not usable PEM ({})",
                    e.category()
                )
            })?,
            None => Client::open(info)
                .map_err(|e| format!("the Redis URL is not usable ({})", e.category()))?,
        };
        // Short connection attempts and few retries: a booking gives up after
        // CALL_TIMEOUT anyway, and a failed reconnect is retried on the next call.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CALL_TIMEOUT))
            .set_response_timeout(Some(CALL_TIMEOUT))
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let conn = ConnectionManager::new_lazy_with_config(client, config).map_err(|e| {
            format!(
                "the Redis connection could not be set up ({})",
                e.category()
            )
        })?;
        let inner = Arc::new(Inner {
            conn,
            prefix: options.prefix,
            limits,
            scripts: Scripts::new(),
            boot: boot_id(),
            next_owner: AtomicU64::new(0),
            owners: Mutex::default(),
        });
        tokio::spawn(sweep(Arc::downgrade(&inner)));
        Ok(RedisStore { inner })
    }
}
