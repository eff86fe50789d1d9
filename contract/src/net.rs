//! Which addresses are this machine, decided once for the widget and the proxy:
//! plain `http` is accepted only there (development and the sandbox).

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `host` (no port; an IPv6 address with or without its brackets) is
/// this machine: `localhost` or a name under `.localhost` (RFC 6761), an IPv4
/// address in `127.0.0.0/8`, or `::1`. Addresses are parsed, not matched by
/// prefix: `127.0.0.1.evil.example` and `localhost.evil.example` are not.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    is_loopback_name(host) || bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// [`is_loopback_host`] for a host that cannot be an IPv6 address (no `:`),
/// as the widget's URL reader gives them: the same rule without the IPv6
/// parser, which the widget's bundle would carry for nothing.
pub fn is_loopback_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let lower = host.to_ascii_lowercase();
    lower == "localhost"
        || lower.ends_with(".localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether an authority (`host[:port]`, IPv6 in brackets) is this machine,
/// as [`is_loopback_host`] decides for its host.
pub fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    is_loopback_host(host)
}

/// Whether `url` is a plain `http://` URL of this machine (no user info).
pub fn is_loopback_http_url(url: &str) -> bool {
    url.strip_prefix("http://").is_some_and(|rest| {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !authority.contains('@') && is_loopback_authority(authority)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_parsed_not_prefixed() {
        for yes in [
            "localhost",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback_host(yes), "{yes}");
        }
        for no in [
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "127.evil.example",
            "128.0.0.1",
            "evil.example",
            "::2",
            "",
        ] {
            assert!(!is_loopback_host(no), "{no}");
        }
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.0.0.1.evil.example",
            "x",
        ] {
            assert_eq!(is_loopback_name(host), is_loopback_host(host), "{host}");
        }
        assert!(is_loopback_authority("127.0.0.1:8080"));
        assert!(is_loopback_authority("localhost"));
        assert!(is_loopback_authority("[::1]:9000"));
        assert!(!is_loopback_authority("localhost.evil.example"));
        assert!(!is_loopback_authority("127.0.0.1.evil.example"));
        assert!(!is_loopback_authority("evil.example:8080"));
        assert!(is_loopback_http_url("http://127.0.0.1:9/hook"));
        assert!(!is_loopback_http_url("https://127.0.0.1/"));
        assert!(!is_loopback_http_url("http://user@localhost/"));
        assert!(!is_loopback_http_url("http://localhost.evil.example/"));
    }
}
