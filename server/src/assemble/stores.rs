//! Which state store the settings choose, opened once per process.

use crate::config::{Config, ConfigError};
use crate::secrets::optional_secret;
use crate::store::OnceStore;
use crate::store::{
    spawn_probe, EmbeddedStore, OpenError, RedisOptions, RedisStore, StoreHealth, StoreLimits,
    Stores,
};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where the embedded store lives without `--state-dir`: systemd's
/// `StateDirectory=` (the first of its list), else the FHS place.
fn default_state_dir() -> PathBuf {
    std::env::var("STATE_DIRECTORY")
        .ok()
        .and_then(|dirs| dirs.split(':').next().map(PathBuf::from))
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("/var/lib/itt-esim"))
}

/// Whether a Redis URL names a password (`redis://user:pass@host` or `redis://:pass@host`).
fn has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .is_some_and(|(user_info, _)| user_info.contains(':'))
}

/// The limits every store is opened with.
pub fn store_limits(config: &Config) -> StoreLimits {
    StoreLimits {
        lease: Duration::from_millis(config.store_lease_ms.max(100)),
        ..StoreLimits::default()
    }
}

/// Opens the state store the settings choose: Redis with `--redis-url`, else
/// the embedded one in `--state-dir` (a temporary folder for a sandbox given
/// none). Needs a Tokio runtime (the health probe runs in it).
pub fn open_stores(config: &Config) -> Result<Stores, ConfigError> {
    let limits = store_limits(config);
    match &config.redis_url {
        Some(url) => open_redis(config, url, limits),
        None => open_embedded(config, limits),
    }
}

fn open_embedded(config: &Config, limits: StoreLimits) -> Result<Stores, ConfigError> {
    // A sandbox given no folder gets a temporary one: its simulator forgets
    // its bookings on restart, so a kept record would only contradict it.
    let temporary = config.state_dir.is_none() && config.sandbox;
    let path = match (&config.state_dir, temporary) {
        (_, true) => std::env::temp_dir(),
        (Some(dir), false) => dir.clone(),
        (None, false) => default_state_dir(),
    };
    let opened = if temporary {
        EmbeddedStore::temporary(limits)
    } else {
        EmbeddedStore::open(&path, limits)
    };
    let store = opened.map_err(|e| match e {
        OpenError::NotWritable(source) => ConfigError::StateDirNotWritable {
            path: path.clone(),
            source,
        },
        OpenError::InUse { pid } => ConfigError::StateDirInUse {
            path: path.clone(),
            pid,
        },
        OpenError::Database(error) => ConfigError::StateDb {
            path: path.clone(),
            error,
        },
    })?;
    if !temporary {
        tracing::info!(state_dir = %path.display(), "state kept in the embedded store");
    }
    Ok(Stores::embedded(store))
}

fn open_redis(config: &Config, url: &str, limits: StoreLimits) -> Result<Stores, ConfigError> {
    if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
        return Err(ConfigError::RedisUrl(
            "must be a redis:// or rediss:// URL".into(),
        ));
    }
    // Credentials come from the environment only: a URL with a password is
    // accepted from ITT_REDIS_URL, never from a flag or the config file.
    if has_password(url) && std::env::var("ITT_REDIS_URL").ok().as_deref() != Some(url) {
        return Err(ConfigError::RedisPasswordOnCommandLine);
    }
    let ca_pem = match &config.redis_ca_file {
        Some(path) => Some(
            std::fs::read(path).map_err(|source| ConfigError::RedisCaFile {
                path: path.clone(),
                source,
            })?,
        ),
        None => None,
    };
    let options = RedisOptions {
        url: url.to_string(),
        prefix: config.redis_prefix.clone(),
        password: optional_secret("ITT_REDIS_PASSWORD", "ITT_REDIS_PASSWORD_FILE")?,
        ca_pem,
    };
    let store = Arc::new(RedisStore::open(options, limits).map_err(ConfigError::RedisUrl)?);
    let health = StoreHealth::new("redis");
    spawn_probe(health.clone(), Arc::downgrade(&store), |store| {
        Box::pin(async move {
            store.ping().await?;
            // A Redis that evicts keys could drop a booking record, and a retry
            // would then book again: bookings are refused meanwhile.
            Ok(store.eviction_policy().await?.and_then(|policy| {
                (policy.starts_with("allkeys") || policy.starts_with("volatile")).then(|| {
                    format!("maxmemory-policy {policy} may evict booking records; set noeviction")
                })
            }))
        })
    });
    Ok(Stores::all_shared(store, health))
}

#[cfg(test)]
mod tests {
    use super::has_password;

    #[test]
    fn passwords_in_redis_urls_are_seen() {
        assert!(has_password("redis://:secret@cache:6379/0"));
        assert!(has_password("rediss://app:secret@cache/0"));
        assert!(!has_password("redis://app@cache:6379"));
        assert!(!has_password("redis://cache:6379/0"));
        assert!(!has_password("redis://cache:6379/0?x=a:b@c"));
    }
}
