//! The entry page of each participation and information area. Each area's
//! own screens replace its page here as the area goes into operation.

use dioxus::prelude::*;

use crate::{
    components::PageHeading,
    i18n::{Module, use_texts},
};

#[component]
fn ModuleIntro(module: Module) -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: module.title(texts) }
        for paragraph in (texts.module_details)(module) {
            p { "{paragraph}" }
        }
        p { class: "notice", role: "note", "{texts.module_not_yet_available}" }
    }
}

#[component]
pub fn Beteiligung() -> Element {
    rsx! { ModuleIntro { module: Module::Participation } }
}
