//! The tables beside the record, in Redis: rate budgets (GCRA on Redis's clock),
//! the data-usage cache and top-up offers (JSON with a `PX` time limit).

use super::{bounded, millis, Inner, RedisStore};
use crate::store::{
    Offer, OfferStore, RateStore, Recorded, Rule, StoreError, StoreFuture, UsageCache,
};
use std::time::Duration;

impl RateStore for RedisStore {
    fn take<'a>(
        &'a self,
        client: &'a str,
        rule: Rule,
    ) -> StoreFuture<'a, Result<Result<(), u64>, StoreError>> {
        Box::pin(async move {
            if rule.per_minute == 0 {
                return Ok(Ok(()));
            }
            let inner = &self.inner;
            // The emission interval: one request per this many µs, `burst` at once.
            let interval = (60_000_000 / u64::from(rule.per_minute)).max(1);
            let mut invocation = inner.scripts.gcra.prepare_invoke();
            invocation
                .key(inner.key(&format!("rl:{client}")))
                .arg(interval)
                .arg(rule.burst.max(1));
            let mut conn = inner.conn.clone();
            let reply: (i64, i64) = bounded(invocation.invoke_async(&mut conn)).await?;
            Ok(match reply {
                (1, _) => Ok(()),
                (_, wait_us) => Err(u64::try_from(wait_us)
                    .unwrap_or(0)
                    .div_ceil(1_000_000)
                    .max(1)),
            })
        })
    }
}

impl Inner {
    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        key: String,
    ) -> Result<Option<T>, StoreError> {
        let mut conn = self.conn.clone();
        let value: Option<String> =
            bounded(::redis::cmd("GET").arg(key).query_async(&mut conn)).await?;
        // Unreadable (another version wrote it): as if absent.
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    }

    async fn put_json<T: serde::Serialize>(
        &self,
        key: String,
        value: &T,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        if ttl.is_zero() {
            return Ok(());
        }
        let json =
            serde_json::to_string(value).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut conn = self.conn.clone();
        let _: () = bounded(
            ::redis::cmd("SET")
                .arg(key)
                .arg(json)
                .arg("PX")
                .arg(millis(ttl))
                .query_async(&mut conn),
        )
        .await?;
        Ok(())
    }
}

impl UsageCache for RedisStore {
    fn get<'a>(&'a self, iccid: &'a str) -> StoreFuture<'a, Result<Option<Recorded>, StoreError>> {
        Box::pin(
            self.inner
                .get_json(self.inner.key(&format!("usage:{iccid}"))),
        )
    }

    fn put<'a>(
        &'a self,
        iccid: &'a str,
        answer: &'a Recorded,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(
            self.inner
                .put_json(self.inner.key(&format!("usage:{iccid}")), answer, ttl),
        )
    }
}

impl OfferStore for RedisStore {
    fn remember<'a>(
        &'a self,
        topup_tracking_id: &'a str,
        offer: &'a Offer,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(self.inner.put_json(
            self.inner.key(&format!("offer:{topup_tracking_id}")),
            offer,
            ttl,
        ))
    }

    fn offer<'a>(
        &'a self,
        topup_tracking_id: &'a str,
    ) -> StoreFuture<'a, Result<Option<Offer>, StoreError>> {
        Box::pin(
            self.inner
                .get_json(self.inner.key(&format!("offer:{topup_tracking_id}"))),
        )
    }
}
