//! Supplier HTML as plain text: the fallback when the sanitizer module cannot load.
//!
//! The result is shown as a text node, never as markup, so no input can inject
//! anything; this only makes it readable.

/// The text of `html` without tags, with line breaks where blocks end and the
/// common entities decoded. Script and style contents are dropped.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        rest = &rest[open + close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style" | "template") {
            // Skip to the matching end tag (or the end).
            let end = format!("</{name}");
            rest = rest
                .to_ascii_lowercase()
                .find(&end)
                .map_or("", |i| &rest[i..]);
            continue;
        }
        let block = matches!(
            name.as_str(),
            "br" | "p"
                | "li"
                | "div"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "ul"
                | "ol"
        );
        if block && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
    }
    out.push_str(&decode(rest));
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn strips_tags_keeps_lines() {
        let html = "<h4>Install</h4><ol><li>Open <b>Settings</b></li><li>Scan&nbsp;the&nbsp;code</li></ol>";
        assert_eq!(html_to_text(html), "Install\nOpen Settings\nScan the code");
    }

    #[test]
    fn drops_scripts_and_decodes_entities() {
        let html = "a &lt;b&gt; &amp; c<script>alert('x')</script><style>p{}</style><p>d</p>";
        assert_eq!(html_to_text(html), "a <b> & c\nd");
        assert_eq!(html_to_text("x <unclosed"), "x");
        assert_eq!(html_to_text(""), "");
    }
}
