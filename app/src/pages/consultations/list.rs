use dioxus::prelude::*;
use shared::consultations::{ConsultationSummary, Debate, DebateDraft, DebateSummary};

use super::{API, DEBATES, window};
use crate::{
    api::{self, ApiError},
    components::{ModuleIntro, Notice, TextField, loaded},
    i18n::{Module, use_lang},
    routes::Route,
    session::use_session,
};

async fn load() -> Result<(Vec<ConsultationSummary>, Vec<DebateSummary>), ApiError> {
    let consultations = api::get(API).await?;
    let debates = api::get(DEBATES).await?;
    Ok((consultations, debates))
}

/// Drafts open for comment and debates, newest first; staff start new ones here.
#[component]
pub fn Beteiligung() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let (consultations, debates) = match loaded(use_resource(load)) {
        Ok(loaded) => loaded,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.consultations;
    rsx! {
        ModuleIntro { module: Module::Participation }
        h2 { "{t.consultations_heading}" }
        if session().is_staff() {
            p { Link { to: Route::BeteiligungAnlegen {}, "{t.new_consultation}" } }
        }
        if consultations.is_empty() {
            p { "{t.no_consultations}" }
        }
        ul { class: "cards",
            for c in consultations {
                li { class: "card",
                    h3 {
                        Link { to: Route::BeteiligungEntwurf { nummer: c.number, fassung: String::new() }, "{c.title}" }
                    }
                    p { strong { {(t.phase)(c.phase)} } " · " {window(lang(), &c.opens_at, &c.closes_at)} }
                    p { "{c.summary}" }
                    p { {(t.comment_count)(c.comments, c.answered)} }
                }
            }
        }
        h2 { "{t.debates_heading}" }
        if debates.is_empty() {
            p { "{t.no_debates}" }
        }
        ul { class: "cards",
            for d in debates {
                li { class: "card",
                    h3 { Link { to: Route::Diskussion { nummer: d.number }, "{d.question}" } }
                    p {
                        {(t.debate_counts)(d.pro, d.contra)}
                        if d.closed {
                            " · " strong { "{t.debate_closed}" }
                        }
                    }
                }
            }
        }
        if session().is_staff() {
            NewDebateForm {}
        }
    }
}

#[component]
fn NewDebateForm() -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let question = use_signal(String::new);
    let mut description = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let navigator = use_navigator();
    rsx! {
        section { aria_labelledby: "neue-diskussion",
            h2 { id: "neue-diskussion", "{t.new_debate}" }
            Notice { message: notice() }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let draft = DebateDraft { question: question(), description: description() };
                        match api::send::<Debate, _>("POST", DEBATES, Some(&draft)).await {
                            Ok(debate) => {
                                navigator.push(Route::Diskussion { nummer: debate.number });
                            }
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                TextField { id: "diskussion-frage", label: t.question_label, value: question, required: true }
                div { class: "field",
                    label { r#for: "diskussion-hintergrund", "{t.description_label}" }
                    textarea {
                        id: "diskussion-hintergrund",
                        rows: "4",
                        value: "{description}",
                        oninput: move |e| description.set(e.value()),
                    }
                }
                button { r#type: "submit", "{t.open_debate}" }
            }
        }
    }
}
