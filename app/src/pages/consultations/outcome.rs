use dioxus::prelude::*;
use shared::consultations::{ConsultationOutcome, Decision};

use super::API;
use crate::{
    api::{self, ApiError},
    i18n::use_lang,
    routes::Route,
};

async fn load(paper: String) -> Result<Vec<ConsultationOutcome>, ApiError> {
    api::get(&format!(
        "{API}/outcomes?paper={}",
        api::query_value(&paper)
    ))
    .await
}

/// Next to a council paper: what citizens said in the consultations that
/// prepared it, and how the city decided on it. Nothing when there were none.
#[component]
pub fn PaperOutcome(paper: String) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let outcomes = use_resource(use_reactive!(|paper| load(paper)));
    let Some(Ok(outcomes)) = outcomes.read().clone() else {
        return rsx! {};
    };
    if outcomes.is_empty() {
        return rsx! {};
    }
    rsx! {
        section { aria_labelledby: "beteiligung-ergebnis",
            h2 { id: "beteiligung-ergebnis", "{t.council_heading}" }
            for outcome in outcomes {
                h3 { "{outcome.title}" }
                p { strong { {(t.phase)(outcome.phase)} } " · " {(t.council_outcome)(outcome.comments, outcome.unanswered)} }
                ul {
                    for (decision, count) in outcome.decisions.iter().filter(|(_, n)| *n > 0) {
                        li { {label(*decision, lang())} ": {count}" }
                    }
                }
                p {
                    Link { to: Route::BeteiligungEntwurf { nummer: outcome.number, fassung: String::new() }, "{t.to_consultation}" }
                    " · "
                    a { href: "{API}/{outcome.number}/abwaegungstabelle.html", "{t.abwaegung_heading}" }
                }
            }
        }
    }
}

fn label(decision: Decision, lang: crate::i18n::Lang) -> &'static str {
    (lang.texts().consultations.decision)(decision)
}
