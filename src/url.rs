//! URL safety for what the host page configures.

/// Base URL of the hotel's proxy: a same-origin path (`/itt`) or an absolute
/// `https://` (or `http://`, for local development) URL, with no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyUrl(String);

/// Why a proxy URL was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProxyUrlError {
    /// Not a path starting with `/` nor an http(s) URL.
    #[error("`data-proxy-url` must be a path such as \"/itt\" or an https:// URL, got \"{0}\"")]
    Scheme(String),
    /// Contains characters or parts a base URL cannot have.
    #[error(
        "`data-proxy-url` must be a plain base URL without spaces, query or fragment, got \"{0}\""
    )]
    Malformed(String),
}

impl ProxyUrl {
    /// Validates a proxy base URL.
    pub fn parse(input: &str) -> Result<ProxyUrl, ProxyUrlError> {
        let s = input.trim();
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) || s.contains(['?', '#', '\\']) {
            return Err(ProxyUrlError::Malformed(input.to_string()));
        }
        let lower = s.to_ascii_lowercase();
        let ok = if let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            // A host is required: "https:///x" is not a URL a browser should be sent to.
            let host = rest.split('/').next().unwrap_or("");
            !host.is_empty() && !host.contains('@')
        } else {
            // Same-origin path; "//host" would be protocol-relative, i.e. another origin.
            s.starts_with('/') && !s.starts_with("//")
        };
        if !ok {
            return Err(ProxyUrlError::Scheme(input.to_string()));
        }
        let base = s.trim_end_matches('/');
        Ok(ProxyUrl(base.to_string()))
    }

    /// The URL of an operation, e.g. `/itt/esim/search`.
    pub fn endpoint(&self, operation: &str) -> String {
        format!("{}/esim/{operation}", self.0)
    }

    /// The base as configured (without trailing slash; empty for the site root).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_and_http_urls() {
        assert_eq!(
            ProxyUrl::parse("/itt").unwrap().endpoint("search"),
            "/itt/esim/search"
        );
        assert_eq!(ProxyUrl::parse("/itt/").unwrap().as_str(), "/itt");
        assert_eq!(
            ProxyUrl::parse("/").unwrap().endpoint("search"),
            "/esim/search"
        );
        assert_eq!(
            ProxyUrl::parse("https://esim.hotel.example/api")
                .unwrap()
                .endpoint("search"),
            "https://esim.hotel.example/api/esim/search"
        );
        assert!(ProxyUrl::parse("http://127.0.0.1:8080").is_ok());
    }

    #[test]
    fn refuses_unsafe_or_odd_urls() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/itt",
            "itt",
            "https://",
            "https://user@evil.example",
            "ftp://x.example",
        ] {
            assert!(
                matches!(ProxyUrl::parse(bad), Err(ProxyUrlError::Scheme(_))),
                "{bad}"
            );
        }
        for bad in ["/itt?x=1", "/itt#x", "/i tt", "/it\nt", "/\\evil"] {
            assert!(
                matches!(ProxyUrl::parse(bad), Err(ProxyUrlError::Malformed(_))),
                "{bad}"
            );
        }
    }
}
