//! Supplier HTML (installation notes, instructions) made safe to show.
//!
//! A separate wasm module because ammonia (with html5ever) is about 220 KB
//! brotli: the widget loads it only when a traveller opens something with
//! supplier HTML. The policy keeps text markup and `https` links and nothing
//! else: no scripts, styles, images, forms, frames, event handlers or other URL
//! schemes.

use std::collections::HashSet;
use wasm_bindgen::prelude::*;

/// Elements kept (their attributes are all dropped, except `href` on links).
const TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "dl",
    "dt",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "small",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
];

/// Elements removed together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title",
    "textarea", "select", "button",
];

/// Cleans `html` to the widget's policy.
pub fn clean(html: &str) -> String {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect::<HashSet<_>>())
        .add_tag_attributes("a", ["href"])
        .url_schemes(["https"].into_iter().collect::<HashSet<_>>())
        .url_relative(ammonia::UrlRelative::Deny)
        // Links leave the hotel's page without handing it over.
        .link_rel(Some("noopener noreferrer nofollow"))
        .set_tag_attribute_value("a", "target", "_blank")
        .strip_comments(true);
    b.clean(html).to_string()
}

/// `sanitize(html)` for the widget's main module.
#[wasm_bindgen]
pub fn sanitize(html: &str) -> String {
    clean(html)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn keeps_text_markup_and_https_links() {
        let html = r#"<h4>Install</h4><ol><li><b>Open</b> <em>Settings</em></li><li>Scan<br>the code</li></ol><p><a href="https://example.com/help" onclick="x()">Help</a></p>"#;
        let out = clean(html);
        assert!(out.contains("<h4>Install</h4>"), "{out}");
        assert!(
            out.contains("<ol><li><b>Open</b> <em>Settings</em></li>"),
            "{out}"
        );
        assert!(out.contains("<br>"), "{out}");
        assert!(out.contains(r#"href="https://example.com/help""#), "{out}");
        assert!(
            out.contains(r#"rel="noopener noreferrer nofollow""#),
            "{out}"
        );
        assert!(!out.contains("onclick"), "{out}");
    }

    #[test]
    fn removes_everything_active() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<a href=\"http://example.com\">x</a>",
            "<a href=\"//evil.example\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "<p style=\"background:url(https://evil.example)\">x</p>",
            "<form action=\"https://evil.example\"><input name=p></form>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<details open ontoggle=alert(1)>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<!--<img src=x onerror=alert(1)>-->",
        ] {
            let out = clean(payload).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "javascript:",
                "data:",
                "<img",
                "<svg",
                "<iframe",
                "<style",
                "style=",
                "<form",
                "<input",
                "ontoggle",
                "<object",
                "<base",
                "<meta",
                "http://",
                "//evil",
            ] {
                assert!(!out.contains(bad), "{payload:?} left {bad:?}: {out:?}");
            }
        }
    }

    /// Every tag in `html` as (name, attributes), for checking what markup survived.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else {
                break;
            };
            let inside = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let inside = inside.trim_start_matches('/');
            let mut parts = inside.splitn(2, ' ');
            let name = parts.next().unwrap_or("").to_ascii_lowercase();
            let mut attrs = Vec::new();
            let mut a = parts.next().unwrap_or("");
            while let Some(eq) = a.find('=') {
                let key = a[..eq].trim().to_ascii_lowercase();
                let after = &a[eq + 1..];
                let (value, next) = match after.strip_prefix('"') {
                    Some(v) => v.split_once('"').unwrap_or((v, "")),
                    None => after.split_once(' ').unwrap_or((after, "")),
                };
                attrs.push((key, value.to_string()));
                a = next;
            }
            out.push((name, attrs));
        }
        out
    }

    #[test]
    fn the_xss_corpus_leaves_nothing_active() {
        let corpus = include_str!("../../tests/fixtures/xss-payloads.txt");
        let payloads: Vec<&str> = corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert!(payloads.len() >= 100, "{}", payloads.len());
        let mut kept_links = 0;
        for payload in payloads {
            let out = clean(payload);
            for (name, attrs) in tags(&out) {
                assert!(
                    super::TAGS.contains(&name.as_str()),
                    "{payload:?} kept <{name}>: {out:?}"
                );
                for (key, value) in attrs {
                    assert!(
                        matches!(key.as_str(), "href" | "rel" | "target"),
                        "{payload:?} kept {key}=: {out:?}"
                    );
                    if key == "href" {
                        assert!(
                            value.starts_with("https://"),
                            "{payload:?} kept href={value:?}"
                        );
                        kept_links += 1;
                    }
                }
            }
        }
        assert!(kept_links >= 2, "safe links survive");
    }

    #[test]
    fn text_stays_text() {
        assert_eq!(clean("5 &lt; 6 & 7 > 3"), "5 &lt; 6 &amp; 7 &gt; 3");
        assert_eq!(clean("plain"), "plain");
    }
}
