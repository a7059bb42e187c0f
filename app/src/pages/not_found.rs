use dioxus::prelude::*;

use crate::{components::PageHeading, i18n::use_texts, routes::Route};

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let texts = use_texts();
    let _ = segments;
    rsx! {
        PageHeading { text: texts.not_found_title }
        p { "{texts.not_found_text}" }
        p { Link { to: Route::Home {}, "{texts.back_home}" } }
    }
}
