use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn nets(items: &[&str]) -> Vec<IpNet> {
    items
        .iter()
        .map(|i| parse_trusted_proxy(i).unwrap())
        .collect()
}

#[test]
fn forwarded_for_only_from_trusted_proxies() {
    let limiter = RateLimiter::new(60, 2, nets(&["10.0.0.1"]));
    assert_eq!(
        limiter.client(Some(ip("10.0.0.1")), ["198.51.100.1, 203.0.113.9"]),
        Some(ip("203.0.113.9")),
        "the last hop before our proxy"
    );
    assert_eq!(
        limiter.client(Some(ip("192.0.2.7")), ["203.0.113.9"]),
        Some(ip("192.0.2.7")),
        "a spoofed header from an untrusted peer is ignored"
    );
    assert_eq!(
        limiter.client(Some(ip("10.0.0.1")), [] as [&str; 0]),
        Some(ip("10.0.0.1")),
        "no header: the proxy itself"
    );
}

#[tokio::test]
async fn ipv4_mapped_peers_are_ipv4_clients() {
    // What a dual-stack [::] listener reports for IPv4 peers.
    let a = ip("::ffff:192.0.2.1");
    let b = ip("::ffff:192.0.2.2");
    assert_eq!(client_key(a), ip("192.0.2.1"));
    assert_ne!(client_key(a), client_key(b), "not one /64 for all of IPv4");
    let limiter = RateLimiter::new(60, 1, vec![]);
    assert!(limiter.take(a).await.is_ok());
    assert!(
        limiter.take(b).await.is_ok(),
        "another IPv4 client, its own bucket"
    );
    assert!(
        limiter.take(ip("192.0.2.1")).await.is_err(),
        "the same client either way"
    );
    // Real IPv6 clients still share their /64.
    assert_eq!(
        client_key(ip("2001:db8:1:2:aaaa::1")),
        client_key(ip("2001:db8:1:2:bbbb::2"))
    );
    // A trusted proxy written as IPv4 matches its mapped form, and the other way round.
    let limiter = RateLimiter::new(60, 2, nets(&["127.0.0.1"]));
    assert_eq!(
        limiter.client(Some(ip("::ffff:127.0.0.1")), ["203.0.113.9"]),
        Some(ip("203.0.113.9"))
    );
    let limiter = RateLimiter::new(60, 2, nets(&["::ffff:10.0.0.0/104"]));
    assert_eq!(
        limiter.client(Some(ip("10.1.2.3")), ["::ffff:203.0.113.9"]),
        Some(ip("203.0.113.9")),
        "mapped hops are IPv4 too"
    );
}

#[test]
fn trusted_proxies_are_ranges_or_addresses() {
    let trusted = nets(&["10.0.0.0/8", "2001:db8::/32", "192.0.2.7", "::1"]);
    for inside in [
        "10.255.0.1",
        "2001:db8:ffff::1",
        "192.0.2.7",
        "::1",
        "::ffff:10.0.0.9",
    ] {
        assert!(is_trusted(&trusted, ip(inside)), "{inside}");
    }
    for outside in ["11.0.0.1", "2001:db9::1", "192.0.2.8", "::2"] {
        assert!(!is_trusted(&trusted, ip(outside)), "{outside}");
    }
    assert_eq!(
        parse_trusted_proxy("10.1.2.3/8").unwrap().to_string(),
        "10.0.0.0/8"
    );
    for bad in ["10.0.0.0/33", "load-balancer", "", "10.0.0"] {
        assert!(parse_trusted_proxy(bad).is_err(), "{bad:?}");
    }
    // A chain of trusted load balancers from a range.
    let limiter = RateLimiter::new(60, 2, nets(&["10.0.0.0/8"]));
    assert_eq!(
        limiter.client(Some(ip("10.0.0.1")), ["203.0.113.9, 10.0.0.2, 10.0.0.3"]),
        Some(ip("203.0.113.9"))
    );
}

#[test]
fn every_forwarded_for_line_is_read_rightmost_untrusted_wins() {
    let limiter = RateLimiter::new(60, 2, nets(&["10.0.0.0/8"]));
    let peer = Some(ip("10.0.0.1"));
    // The first line alone would give the spoofed address.
    assert_eq!(
        limiter.client(peer, ["1.2.3.4", "203.0.113.9, 10.0.0.5"]),
        Some(ip("203.0.113.9"))
    );
    assert_eq!(
        limiter.client(peer, ["1.2.3.4, 10.0.0.7", "10.0.0.5"]),
        Some(ip("1.2.3.4")),
        "lines are one list, in order"
    );
    assert_eq!(
        limiter.client(peer, ["203.0.113.9:4711", "[2001:db8::1]:443"]),
        Some(ip("2001:db8::1")),
        "ports are dropped"
    );
    // A hop that is no address stops the walk at the trusted hop after it: the
    // client-written part further left is never used.
    assert_eq!(
        limiter.client(peer, ["1.2.3.4, unknown, 10.0.0.5"]),
        Some(ip("10.0.0.5"))
    );
    assert_eq!(
        limiter.client(peer, ["1.2.3.4,, 198.51.100.7 ,"]),
        Some(ip("198.51.100.7")),
        "empty items are skipped"
    );
}

#[tokio::test]
async fn buckets_empty_and_tell_how_long_to_wait() {
    let limiter = RateLimiter::new(60, 2, vec![]);
    let client = ip("192.0.2.1");
    assert!(limiter.take(client).await.is_ok());
    assert!(limiter.take(client).await.is_ok());
    assert_eq!(limiter.take(client).await, Err(1));
    assert!(
        limiter.take(ip("192.0.2.2")).await.is_ok(),
        "clients are limited separately"
    );
    assert!(
        RateLimiter::new(0, 0, vec![]).take(client).await.is_ok(),
        "0 disables"
    );
}

/// A shared budget that answers `answer`, or fails when it is `None`.
struct FixedRates(Option<Result<(), u64>>);

impl RateStore for FixedRates {
    fn take<'a>(
        &'a self,
        _client: &'a str,
        _rule: Rule,
    ) -> crate::store::StoreFuture<'a, Result<Result<(), u64>, crate::store::StoreError>> {
        let answer = self
            .0
            .ok_or_else(|| crate::store::StoreError::Unavailable("down".into()));
        Box::pin(async move { answer })
    }
}

fn shared(answer: Option<Result<(), u64>>) -> Shared<dyn RateStore> {
    Shared {
        store: Arc::new(FixedRates(answer)),
        health: crate::store::StoreHealth::new("redis"),
    }
}

#[tokio::test]
async fn a_shared_budget_decides_and_an_unreachable_one_falls_back() {
    let client = ip("192.0.2.1");
    let refused = RateLimiter::new(60, 2, vec![]).with_shared(Some(shared(Some(Err(7)))));
    assert_eq!(
        refused.take(client).await,
        Err(7),
        "the shared budget decides"
    );
    let down = shared(None);
    let health = down.health.clone();
    let limiter = RateLimiter::new(60, 2, vec![]).with_shared(Some(down));
    // This instance's own budget: the same numbers as without a shared store.
    assert!(limiter.take(client).await.is_ok());
    assert!(limiter.take(client).await.is_ok());
    assert_eq!(limiter.take(client).await, Err(1));
    assert_eq!(health.report()["store"]["status"], "unavailable");
}

#[tokio::test]
async fn rate_buckets_stay_bounded_under_an_address_flood() {
    let limiter = RateLimiter::new(1, 1, vec![]);
    for n in 0..(MAX_BUCKETS as u32 + 10) {
        let _ = limiter.take(IpAddr::V4(n.into())).await;
    }
    let len = limiter.buckets.lock().unwrap().len();
    assert!(len <= MAX_BUCKETS, "{len}");
}

#[test]
fn concurrent_requests_per_client_are_capped() {
    let limiter = RateLimiter::new(0, 0, vec![]).with_max_in_flight_per_client(2);
    let a = ip("192.0.2.1");
    let first = limiter.enter(a).unwrap();
    let _second = limiter.enter(ip("::ffff:192.0.2.1")).unwrap();
    assert!(
        limiter.enter(a).is_none(),
        "the mapped form is the same client"
    );
    assert!(limiter.enter(ip("192.0.2.2")).is_some(), "others are not");
    drop(first);
    assert_eq!(limiter.in_flight_of(a), 1);
    assert!(
        limiter.enter(a).is_some(),
        "a finished request frees its slot"
    );
    let table = Arc::new(ConcurrencyTable::new(1));
    drop(table.try_enter(a));
    assert!(table.is_empty(), "no entry outlives its slots");
    let unlimited = RateLimiter::new(0, 0, vec![]);
    let held: Vec<_> = (0..100).map(|_| unlimited.enter(a).unwrap()).collect();
    assert_eq!(held.len(), 100, "0: no cap");
}
