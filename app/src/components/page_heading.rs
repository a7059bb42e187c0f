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
    // Set directly, not with `document::Title`, which runs it through
    // `eval` and so breaks under the content security policy.
    let title = (texts.page_title)(&text);
    use_effect(use_reactive!(|title| crate::browser::set_title(&title)));
    rsx! {
        h1 { id: MAIN_HEADING_ID, tabindex: "-1", "{text}" }
    }
}
