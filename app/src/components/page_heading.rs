use dioxus::prelude::*;

use crate::{
    i18n::use_texts,
    shell::{MAIN_HEADING_ID, use_arrival_at_heading},
};

/// The `h1` of a page. It also sets the document title, and it is where focus
/// lands after a navigation, hence `tabindex=-1`.
#[component]
pub fn PageHeading(text: String) -> Element {
    let texts = use_texts();
    use_arrival_at_heading();
    rsx! {
        document::Title { {(texts.page_title)(&text)} }
        h1 { id: MAIN_HEADING_ID, tabindex: "-1", "{text}" }
    }
}
