use dioxus::prelude::*;

use super::PageHeading;
use crate::i18n::{Module, use_texts};

/// The heading and introduction of an area's entry page.
#[component]
pub fn ModuleIntro(module: Module) -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: module.title(texts) }
        for paragraph in (texts.module_details)(module) {
            p { "{paragraph}" }
        }
    }
}
