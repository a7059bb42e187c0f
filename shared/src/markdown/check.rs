//! What "inert" means for the renderer's output, as a check the unit tests
//! below `markdown` and the fuzz target `markdown` share: every `<` opens an
//! allow-listed tag whose attributes are allow-listed and quoted; `href`
//! only carries http, https, mailto or a relative URL; `src` only a path on
//! our own site; `<a>` tags are balanced. It panics with the offending
//! output, so that libFuzzer records the input as a crash.

/// Tags the Markdown renderer may produce (pulldown-cmark's HTML writer with
/// tables and strikethrough, plus our own `<a>`).
const TAGS: &[&str] = &[
    "p",
    "a",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Asserts that rendered Markdown cannot execute anything or load a foreign
/// resource, as `shared::markdown` promises: every `<` opens an allow-listed
/// tag whose attributes are allow-listed and quoted; `href` only carries
/// http, https, mailto or a relative URL; `src` only a path on our own site;
/// `<a>` tags are balanced.
pub fn assert_inert_html(html: &str) {
    let mut rest = html;
    let mut anchors: i64 = 0;
    while let Some(open) = rest.find('<') {
        let close = rest[open..]
            .find('>')
            .map(|i| open + i)
            .unwrap_or_else(|| panic!("unclosed tag in {html:?}"));
        let inner = &rest[open + 1..close];
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(inner) => (true, inner),
            None => (false, inner),
        };
        let inner = inner.strip_suffix(" /").unwrap_or(inner);
        let name_end = inner
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        assert!(TAGS.contains(&name), "tag <{inner}> in {html:?}");
        if name == "a" {
            anchors += if closing { -1 } else { 1 };
            assert!(anchors >= 0, "</a> without <a> in {html:?}");
        }
        let mut attributes = &inner[name_end..];
        assert!(
            !closing || attributes.is_empty(),
            "closing tag with attributes in {html:?}"
        );
        while !attributes.is_empty() {
            let after_space = attributes
                .strip_prefix(' ')
                .unwrap_or_else(|| panic!("attribute not separated by a space in {html:?}"));
            let (attribute, after_name) = after_space
                .split_once("=\"")
                .unwrap_or_else(|| panic!("unquoted attribute in <{inner}> in {html:?}"));
            let (value, after_value) = after_name
                .split_once('"')
                .unwrap_or_else(|| panic!("unterminated attribute in {html:?}"));
            check_attribute(name, attribute, value, html);
            attributes = after_value;
        }
        rest = &rest[close + 1..];
    }
    assert_eq!(anchors, 0, "unbalanced <a> in {html:?}");
}

fn check_attribute(tag: &str, attribute: &str, value: &str, html: &str) {
    assert!(
        !value.contains(['<', '>']),
        "raw < or > in attribute {attribute} in {html:?}"
    );
    let decoded = decode_entities(value);
    match (tag, attribute) {
        ("a", "href") => {
            if let Some(scheme) = scheme_as_browser_sees(&decoded) {
                assert!(
                    matches!(scheme.as_str(), "http" | "https" | "mailto"),
                    "href with scheme {scheme:?} in {html:?}"
                );
            }
        }
        ("img", "src") => {
            assert!(
                scheme_as_browser_sees(&decoded).is_none(),
                "img src with a scheme in {html:?}"
            );
            let cleaned = browser_cleaned(&decoded);
            let slashes: String = cleaned.chars().take(2).collect();
            assert!(
                !matches!(slashes.as_str(), "//" | "\\\\" | "/\\" | "\\/"),
                "protocol-relative img src {decoded:?} in {html:?}"
            );
        }
        ("a" | "img", "title") | ("img", "alt") => {}
        ("a", "rel") => assert_eq!(value, "nofollow noopener noreferrer", "{html:?}"),
        ("ol", "start") => assert!(
            !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            "{html:?}"
        ),
        ("th" | "td", "style") => assert!(
            matches!(
                value,
                "text-align: left" | "text-align: center" | "text-align: right"
            ),
            "style {value:?} in {html:?}"
        ),
        // The info string of a fenced block; the class holds no URL.
        ("code", "class") => assert!(value.starts_with("language-"), "{html:?}"),
        _ => panic!("attribute {attribute:?} on <{tag}> in {html:?}"),
    }
}

/// What a browser makes of a URL before it looks for the scheme: leading
/// C0 controls and spaces dropped, tabs and line breaks removed everywhere.
fn browser_cleaned(url: &str) -> String {
    url.trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn scheme_as_browser_sees(url: &str) -> Option<String> {
    let cleaned = browser_cleaned(url);
    let end = cleaned.find([':', '/', '?', '#', '\\'])?;
    cleaned[end..]
        .starts_with(':')
        .then(|| cleaned[..end].to_ascii_lowercase())
}

/// Decodes the character references an HTML attribute value may hold.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_check_knows_what_is_dangerous() {
        assert_inert_html(
            "<p><a href=\"https://x.de\" rel=\"nofollow noopener noreferrer\">x</a></p>\n",
        );
        assert_inert_html("<p><img src=\"/a.png\" alt=\"javascript:\" /></p>\n");
        for bad in [
            "<script>",
            "<a href=\"javascript:x\">x</a>",
            "<a href=\"&#106;avascript:x\">x</a>",
            "<img src=\"//evil/a.png\" alt=\"\" />",
            "<img src=\"https://evil/a.png\" alt=\"\" />",
            "<p onclick=\"x\">",
            "<a href=\"/\">",
        ] {
            assert!(
                std::panic::catch_unwind(|| assert_inert_html(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
