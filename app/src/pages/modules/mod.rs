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
pub fn Buergerhaushalt() -> Element {
    rsx! { ModuleIntro { module: Module::Budget } }
}

#[component]
pub fn Maengelmelder() -> Element {
    rsx! { ModuleIntro { module: Module::Defects } }
}

#[component]
pub fn Beteiligung() -> Element {
    rsx! { ModuleIntro { module: Module::Participation } }
}

#[component]
pub fn Abstimmungen() -> Element {
    rsx! { ModuleIntro { module: Module::Votes } }
}

/// The council reader comes later; the open data interface is already live.
#[component]
pub fn Ratsinformation() -> Element {
    let texts = use_texts();
    rsx! {
        ModuleIntro { module: Module::Council }
        h2 { "{texts.council_open_data_heading}" }
        p { "{texts.council_open_data_text}" }
        p { a { href: "/oparl/v1/system", "{texts.council_open_data_link}" } }
    }
}
