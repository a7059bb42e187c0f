use dioxus::prelude::*;

use crate::i18n::Section;

/// Headed sections of running text from the catalogues (legal pages, rules).
#[component]
pub fn Sections(sections: &'static [Section]) -> Element {
    rsx! {
        for section in sections {
            h2 { "{section.heading}" }
            for paragraph in section.paragraphs {
                p { "{paragraph}" }
            }
        }
    }
}
