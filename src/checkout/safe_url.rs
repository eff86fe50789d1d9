//! Where the traveller may be sent: the return address and the payment page.
//!
//! A deliberately strict reader of absolute URLs rather than a general parser:
//! anything unusual (credentials, backslashes, whitespace, non-ASCII or
//! punycode hosts, IPv6 literals, odd schemes) is refused, because a payment
//! page address only ever needs `https://host[:port]/path?query`.

/// Why a URL is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    /// Not `https:` (or `http:` on a loopback host).
    #[error("the URL must start with https:// (http:// only for localhost)")]
    Scheme,
    /// User name or password in the URL.
    #[error("the URL must not contain credentials (user@)")]
    Credentials,
    /// Whitespace, control characters, backslashes or an unreadable host.
    #[error("the URL is malformed")]
    Malformed,
    /// A host that could imitate another (non-ASCII or punycode).
    #[error("the URL's host is not plain ASCII (look-alike hosts are refused)")]
    LookAlike,
    /// A host not on the allowlist.
    #[error("the URL's host is not on the allowlist")]
    NotAllowed,
}

/// The parts of an accepted absolute URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// `https` or `http`.
    pub scheme: &'static str,
    /// Lower-case host.
    pub host: String,
    /// Explicit port, if any.
    pub port: Option<u16>,
}

impl Parsed {
    /// `host` or `host:port`, as allowlists write it.
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority())
    }
}

/// Reads an absolute `http(s)` URL strictly.
pub fn parse(url: &str) -> Result<Parsed, UrlProblem> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(UrlProblem::Malformed);
    }
    let lower_start: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    let (scheme, rest) = if lower_start.starts_with("https://") {
        ("https", &url[8..])
    } else if lower_start.starts_with("http://") {
        ("http", &url[7..])
    } else {
        return Err(UrlProblem::Scheme);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(UrlProblem::Credentials);
    }
    if !authority.is_ascii() {
        return Err(UrlProblem::LookAlike);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            // Digits only: Rust would accept "+443", a browser would not.
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UrlProblem::Malformed);
            }
            let port: u16 = p.parse().map_err(|_| UrlProblem::Malformed)?;
            (h, Some(port))
        }
        None => (authority, None),
    };
    let host = host.to_ascii_lowercase();
    let labels_ok = !host.is_empty()
        && host.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !labels_ok {
        return Err(UrlProblem::Malformed);
    }
    if host.split('.').any(|l| l.starts_with("xn--")) {
        return Err(UrlProblem::LookAlike);
    }
    Ok(Parsed { scheme, host, port })
}

/// Plain `http` is acceptable only on this machine (development and the sandbox).
fn secure_enough(p: &Parsed) -> Result<(), UrlProblem> {
    if p.scheme == "https" || itt_contract::net::is_loopback_name(&p.host) {
        Ok(())
    } else {
        Err(UrlProblem::Scheme)
    }
}

/// The return address for the hosted payment page: on the page's own origin or
/// an allowlisted origin (`https://book.hotel.example`).
pub fn check_redirect(
    url: &str,
    page_origin: &str,
    allowed_origins: &[String],
) -> Result<String, UrlProblem> {
    let p = parse(url)?;
    secure_enough(&p)?;
    let origin = p.origin();
    let page = page_origin.trim_end_matches('/').to_ascii_lowercase();
    let listed = allowed_origins
        .iter()
        .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(&origin));
    if origin == page || listed {
        Ok(url.to_string())
    } else {
        Err(UrlProblem::NotAllowed)
    }
}

/// The payment page ITT returned: only on an allowlisted host (`host` or
/// `host:port`, compared exactly: `pay.example.com.evil.test` is not `pay.example.com`).
pub fn check_payment(url: &str, allowed_hosts: &[String]) -> Result<String, UrlProblem> {
    let p = parse(url)?;
    secure_enough(&p)?;
    let authority = p.authority();
    let listed = allowed_hosts.iter().any(|h| {
        let h = h.trim().to_ascii_lowercase();
        h == authority || (p.port.is_none() && h == p.host)
    });
    if listed {
        Ok(url.to_string())
    } else {
        Err(UrlProblem::NotAllowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec![
            "pay.itt.example".into(),
            "127.0.0.1:8080".into(),
            "localhost:3000".into(),
        ]
    }

    /// Payment URLs that must be refused, and why.
    const UNSAFE_PAYMENT: &[(&str, UrlProblem)] = &[
        ("javascript:alert(1)", UrlProblem::Scheme),
        ("JAVASCRIPT:alert(1)", UrlProblem::Scheme),
        ("jav&#x09;ascript:alert(1)", UrlProblem::Scheme),
        (
            "data:text/html,<script>alert(1)</script>",
            UrlProblem::Scheme,
        ),
        ("vbscript:msgbox(1)", UrlProblem::Scheme),
        ("file:///etc/passwd", UrlProblem::Scheme),
        ("ftp://pay.itt.example/", UrlProblem::Scheme),
        ("blob:https://pay.itt.example/1", UrlProblem::Scheme),
        ("//pay.itt.example/checkout", UrlProblem::Scheme),
        ("/checkout/123", UrlProblem::Scheme),
        ("pay.itt.example/checkout", UrlProblem::Scheme),
        ("http://pay.itt.example/checkout", UrlProblem::Scheme),
        (
            "https://user:pass@pay.itt.example/",
            UrlProblem::Credentials,
        ),
        (
            "https://pay.itt.example@evil.test/",
            UrlProblem::Credentials,
        ),
        (
            "https://pay.itt.example%40evil.test/",
            UrlProblem::Malformed,
        ),
        ("https://pay.itt.example.evil.test/", UrlProblem::NotAllowed),
        ("https://evil.test/pay.itt.example", UrlProblem::NotAllowed),
        (
            "https://evil.test/?next=https://pay.itt.example",
            UrlProblem::NotAllowed,
        ),
        ("https://evilpay.itt.example/", UrlProblem::NotAllowed),
        ("https://pay-itt.example/", UrlProblem::NotAllowed),
        ("https://pay.itt.example.:443/", UrlProblem::Malformed),
        ("https://pаy.itt.example/", UrlProblem::LookAlike),
        ("https://xn--py-8kc.itt.example/", UrlProblem::LookAlike),
        (
            "https://pay.itt.example\\@evil.test/",
            UrlProblem::Malformed,
        ),
        ("https:\\\\evil.test", UrlProblem::Malformed),
        (" https://pay.itt.example/", UrlProblem::Malformed),
        (
            "https://pay.itt.example/\nSet-Cookie:x",
            UrlProblem::Malformed,
        ),
        ("https://pay.itt.example:99999/", UrlProblem::Malformed),
        ("https://pay.itt.example:abc/", UrlProblem::Malformed),
        ("https://pay.itt.example:+443/", UrlProblem::Malformed),
        ("https://pay.itt.example:/", UrlProblem::Malformed),
        ("https://[::1]:8080/", UrlProblem::Malformed),
        ("https:///pay.itt.example", UrlProblem::Malformed),
        ("https://", UrlProblem::Malformed),
        ("https://127.0.0.1:9090/", UrlProblem::NotAllowed),
        ("http://localhost:4000/", UrlProblem::NotAllowed),
        ("https://-pay.itt.example/", UrlProblem::Malformed),
        ("https://pay..itt.example/", UrlProblem::Malformed),
    ];

    /// Payment URLs that must be accepted.
    const SAFE_PAYMENT: &[&str] = &[
        "https://pay.itt.example/checkout/ES123",
        "https://PAY.ITT.EXAMPLE/checkout/ES123",
        "HTTPS://pay.itt.example/checkout",
        "https://pay.itt.example",
        "https://pay.itt.example/",
        "https://pay.itt.example/c?booking=ES1&lang=de#top",
        "https://pay.itt.example:443/checkout",
        "http://127.0.0.1:8080/sandbox/checkout/ES1",
        "http://localhost:3000/pay",
        "https://pay.itt.example/path/with-dash_and.dots/~x",
        "https://pay.itt.example?x=1",
        "https://pay.itt.example#frag",
    ];

    #[test]
    fn unsafe_payment_urls_are_refused_for_the_right_reason() {
        assert!(UNSAFE_PAYMENT.len() >= 30);
        for (url, why) in UNSAFE_PAYMENT {
            assert_eq!(check_payment(url, &hosts()), Err(*why), "{url:?}");
        }
    }

    #[test]
    fn safe_payment_urls_are_accepted() {
        assert!(SAFE_PAYMENT.len() >= 10);
        let mut allowed = hosts();
        allowed.push("pay.itt.example:443".into());
        for url in SAFE_PAYMENT {
            assert_eq!(check_payment(url, &allowed).as_deref(), Ok(*url), "{url:?}");
        }
    }

    #[test]
    fn redirects_stay_on_the_page_or_allowlisted_origins() {
        let page = "https://hotel.example";
        let list = vec!["https://book.hotel.example".to_string()];
        assert!(check_redirect("https://hotel.example/my-trip?x=1", page, &[]).is_ok());
        assert!(check_redirect("https://book.hotel.example/done", page, &list).is_ok());
        assert_eq!(
            check_redirect("https://evil.test/", page, &list),
            Err(UrlProblem::NotAllowed)
        );
        assert_eq!(
            check_redirect("https://hotel.example.evil.test/", page, &list),
            Err(UrlProblem::NotAllowed)
        );
        assert_eq!(
            check_redirect("http://hotel.example/", "http://hotel.example", &[]),
            Err(UrlProblem::Scheme)
        );
        assert!(check_redirect("http://127.0.0.1:8080/", "http://127.0.0.1:8080", &[]).is_ok());
        assert_eq!(
            check_redirect("javascript:alert(1)", page, &[]),
            Err(UrlProblem::Scheme)
        );
        assert_eq!(
            check_redirect("https://a@hotel.example/", page, &[]),
            Err(UrlProblem::Credentials)
        );
        assert_eq!(
            check_redirect("https://hotel.example:444/", page, &[]),
            Err(UrlProblem::NotAllowed)
        );
    }
}
