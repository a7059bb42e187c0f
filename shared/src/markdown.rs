//! The one Markdown renderer of the platform. Citizens write Markdown in
//! proposals, comments and reports; whatever they type, the HTML that comes out
//! must not execute anything in another citizen's browser.
//!
//! Rules: raw HTML is shown as text, never passed through; links keep only the
//! schemes `http`, `https` and `mailto` (or stay relative to our own site);
//! images are only embedded from our own site, so that a post cannot make every
//! reader's browser call a foreign server (a DSGVO concern as much as a security one).

#[cfg(any(test, feature = "html-check"))]
pub mod check;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Renders user-written Markdown to HTML that is safe to insert into a page.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut open_links: Vec<bool> = Vec::new();
    // Whether each open image is embedded, so that its end goes with it.
    let mut open_images: Vec<bool> = Vec::new();

    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        // Raw HTML from the author becomes visible text.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => {
            let allowed = link_destination_allowed(&dest_url);
            open_links.push(allowed);
            allowed.then(|| Event::InlineHtml(anchor_open(link_type, &dest_url, &title).into()))
        }
        Event::End(TagEnd::Link) => match open_links.pop() {
            Some(true) => Some(Event::InlineHtml("</a>".into())),
            _ => None,
        },
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            // Only our own files are embedded, and none inside the alt text
            // of another; a foreign image shows its alt text.
            let embedded = !open_images.contains(&true) && is_same_site(&dest_url);
            open_images.push(embedded);
            embedded.then(|| {
                Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id: "".into(),
                })
            })
        }
        Event::End(TagEnd::Image) => match open_images.pop() {
            Some(true) => Some(Event::End(TagEnd::Image)),
            _ => None,
        },
        other => Some(other),
    });
    html::push_html(&mut out, events);
    out
}

fn anchor_open(link_type: LinkType, dest: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    let href = match link_type {
        LinkType::Email if !dest.starts_with("mailto:") => format!("mailto:{dest}"),
        _ => dest.to_owned(),
    };
    // Writing into a String cannot fail.
    let _ = escape_href(&mut tag, &href);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    if !is_same_site(dest) {
        tag.push_str(" rel=\"nofollow noopener noreferrer\"");
    }
    tag.push('>');
    tag
}

/// The scheme a browser would see, after it drops the characters it ignores
/// in URLs (leading controls and spaces, tabs and newlines anywhere), which is
/// how `java\tscript:` and ` javascript:` slip past naive filters.
fn scheme_as_browser_sees(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    cleaned[end..]
        .starts_with(':')
        .then(|| cleaned[..end].to_ascii_lowercase())
}

fn link_destination_allowed(dest: &str) -> bool {
    match scheme_as_browser_sees(dest) {
        Some(scheme) => matches!(scheme.as_str(), "http" | "https" | "mailto"),
        None => true,
    }
}

/// A path on this site, not a protocol-relative URL to another host.
fn is_same_site(dest: &str) -> bool {
    let trimmed = dest.trim_start_matches(|c: char| c <= ' ');
    scheme_as_browser_sees(dest).is_none()
        && !trimmed.starts_with("//")
        && !trimmed.starts_with("\\\\")
        && !trimmed.starts_with("/\\")
}

/// A top-level block of a Markdown document: a heading, or anything else
/// (paragraph, list, quote, table) that a reader can comment on as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub heading: bool,
    /// The block's own Markdown source, trimmed.
    pub markdown: String,
}

/// Splits a document into its top-level blocks, in order, so that drafts
/// can be numbered paragraph by paragraph.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks.push(Block {
                        heading: matches!(tag, Tag::Heading { .. }),
                        markdown: markdown[range].trim().to_owned(),
                    });
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => {}
            _ if depth == 0 => blocks.push(Block {
                heading: false,
                markdown: markdown[range].trim().to_owned(),
            }),
            _ => {}
        }
    }
    blocks.retain(|b| !b.markdown.is_empty());
    blocks
}

/// The visible words of a piece of Markdown, without markup: what a reader
/// selects and quotes.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{check::assert_inert_html, render};

    #[test]
    fn renders_ordinary_markdown() {
        assert_eq!(
            render("Mehr **Bänke** am [Aasee](https://www.muenster.de/aasee)."),
            "<p>Mehr <strong>Bänke</strong> am <a href=\"https://www.muenster.de/aasee\" rel=\"nofollow noopener noreferrer\">Aasee</a>.</p>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nText <b onclick=\"x()\">fett</b>");
        assert_inert_html(&html);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;b onclick=\"x()\"&gt;fett&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn img_onerror_payload_is_text() {
        let html = render("<img src=x onerror=alert(1)>");
        assert_inert_html(&html);
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn script_links_lose_their_href_but_keep_text() {
        for payload in [
            "[klick](javascript:alert(1))",
            "[klick](JaVaScRiPt:alert(1))",
            "[klick](  javascript:alert(1))",
            "[klick](<java\tscript:alert(1)>)",
            "[klick](javascript&#58;alert(1))",
            "[klick](&#x6A;avascript:alert(1))",
            "[klick](vbscript:msgbox(1))",
            "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<javascript:alert(1)>",
            "[klick][ref]\n\n[ref]: javascript:alert(1)",
        ] {
            let html = render(payload);
            assert_inert_html(&html);
            assert!(!html.contains("<a "), "{payload} gave {html}");
        }
        assert_eq!(render("[klick](javascript:alert(1))"), "<p>klick</p>\n");
    }

    #[test]
    fn allowed_links_survive() {
        assert!(
            render("[Mail](mailto:buergerhaushalt@stadt-muenster.de)")
                .contains("href=\"mailto:buergerhaushalt@stadt-muenster.de\"")
        );
        assert!(
            render("<buergerhaushalt@stadt-muenster.de>")
                .contains("href=\"mailto:buergerhaushalt@stadt-muenster.de\"")
        );
        assert!(
            render("[Vorschlag](/buergerhaushalt/42)").contains("<a href=\"/buergerhaushalt/42\">")
        );
        assert!(render("<https://example.org/a>").contains("href=\"https://example.org/a\""));
    }

    #[test]
    fn attribute_breakout_in_href_and_title_is_escaped() {
        let html =
            render("[x](https://example.org/\"onmouseover=\"alert(1) \"t\\\" onload=\\\"y\")");
        assert_inert_html(&html);
        assert!(!html.contains("\" onmouseover"), "{html}");
    }

    #[test]
    fn entity_tricks_stay_text() {
        let html =
            render("&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;");
        assert_inert_html(&html);
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn foreign_images_are_not_embedded() {
        let html = render(
            "![Tracking](https://tracker.example/pixel.gif) ![x](//evil.example/a.png) ![y](javascript:alert(1))",
        );
        assert_inert_html(&html);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("Tracking"), "{html}");
        let own = render("![Bank am Aasee](/api/v1/files/bank.jpg)");
        assert!(
            own.contains("<img src=\"/api/v1/files/bank.jpg\" alt=\"Bank am Aasee\""),
            "{own}"
        );
    }

    /// Found by the fuzz target `markdown`: the end of an image nested in
    /// an embedded image's alt text ended that alt text early, so the `</a>`
    /// of a link around the nested image was written as a tag without its
    /// `<a>` (the `<a>` went into the alt text).
    #[test]
    fn images_nested_in_alt_text_keep_links_balanced() {
        let html = render("s![a.[\"![]()]()]()re");
        assert_inert_html(&html);
        assert_eq!(
            html.matches("<a ").count(),
            html.matches("</a>").count(),
            "{html}"
        );
        assert_eq!(html.matches("<img").count(), 1, "{html}");
        let own_in_foreign = render("![a ![b](/b.png)](https://tracker.example/a.png) x");
        assert!(
            own_in_foreign.contains("<img src=\"/b.png\""),
            "{own_in_foreign}"
        );
    }

    #[test]
    fn code_spans_and_blocks_escape_html() {
        let html = render("`<script>`\n\n```\n<iframe src=x></iframe>\n```");
        assert_inert_html(&html);
        assert!(html.contains("<code>&lt;script&gt;</code>"), "{html}");
    }

    #[test]
    fn documents_split_into_top_level_blocks() {
        let doc = "# Ziele\n\nErster Absatz\nmit zwei Zeilen.\n\n- eins\n- zwei\n\n---\n\n> Zitat";
        let blocks = super::blocks(doc);
        let shapes: Vec<(bool, &str)> = blocks
            .iter()
            .map(|b| (b.heading, b.markdown.as_str()))
            .collect();
        assert_eq!(
            shapes,
            [
                (true, "# Ziele"),
                (false, "Erster Absatz\nmit zwei Zeilen."),
                (false, "- eins\n- zwei"),
                (false, "> Zitat"),
            ]
        );
    }

    #[test]
    fn plain_text_is_what_a_reader_sees() {
        assert_eq!(
            super::plain_text("Die **Linde** am [Markt](https://x.de)\nbleibt."),
            "Die Linde am Markt bleibt."
        );
    }
}
