use dioxus::prelude::*;

use crate::{
    components::{PageHeading, Sections},
    i18n::use_texts,
};

/// The published rules: phases, who votes, how results are computed and
/// how anyone can recompute them.
#[component]
pub fn Regeln() -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: texts.budgets.rules_link }
        Sections { sections: texts.budgets.rules }
    }
}
