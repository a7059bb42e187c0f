//! `shared::markdown`: `render` (proposals, comments, descriptions),
//! `blocks` (drafts numbered paragraph by paragraph) and `plain_text`
//! (quotes in consultations), on any text a citizen can type.
//!
//! Checks: nothing panics; the HTML of the document and of each of its
//! blocks is inert as the module promises (raw HTML shown as text, links
//! only http/https/mailto or relative, images only from our own site — see
//! `shared::markdown::check::assert_inert_html`); every block is a trimmed, non-empty
//! piece of the source; plain text is single-spaced and trimmed.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::markdown::{blocks, check::assert_inert_html, plain_text, render};

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    assert_inert_html(&render(markdown));
    for block in blocks(markdown) {
        assert!(!block.markdown.is_empty());
        assert_eq!(block.markdown.trim(), block.markdown);
        assert!(markdown.contains(&block.markdown), "{block:?}");
        assert_inert_html(&render(&block.markdown));
    }
    let text = plain_text(markdown);
    assert_eq!(text.trim(), text);
    assert!(!text.contains("  "), "{text:?}");
});
