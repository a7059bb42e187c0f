use dioxus::prelude::*;
use shared::budget::{PabulibCheck, ResultRule};

use super::API;
use crate::{
    api,
    components::{Notice, PageHeading, Sections},
    i18n::use_lang,
};

const FILE_INPUT: &str = "pabulib-datei";

/// The published rules: phases, who votes, how results are computed and
/// how anyone can recompute them, with a form that computes a Pabulib file
/// (from this city or another) by both rules.
#[component]
pub fn Regeln() -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let mut checked = use_signal(|| None::<PabulibCheck>);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    rsx! {
        PageHeading { text: b.rules_link }
        Sections { sections: b.rules }
        h2 { "{b.check_heading}" }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                async move {
                    match api::upload::<PabulibCheck>("POST", &format!("{API}/pabulib/check"), FILE_INPUT).await {
                        Ok(result) => {
                            notice.set(None);
                            checked.set(Some(result));
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            div { class: "field",
                label { r#for: FILE_INPUT, "{b.check_file_label}" }
                input { id: FILE_INPUT, r#type: "file", accept: ".pb,text/plain", required: true }
            }
            button { r#type: "submit", "{b.check_button}" }
        }
        if let Some(result) = checked() {
            div { role: "status",
                p { {(b.check_facts)(result.projects, result.voters, &lang().format_number(result.budget, 0))} }
                dl { class: "facts",
                    dt { {(b.rule_name)(ResultRule::Mes)} }
                    dd { {result.mes.join(", ")} }
                    dt { {(b.rule_name)(ResultRule::Greedy)} }
                    dd { {result.greedy.join(", ")} }
                    if let Some(selected) = &result.selected_in_file {
                        dt { "{b.selected_in_file}" }
                        dd { {selected.join(", ")} }
                    }
                }
            }
        }
    }
}
