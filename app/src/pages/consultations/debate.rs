use dioxus::prelude::*;
use shared::{
    consultations::{Argument, ArgumentDraft, Conclusion, Debate, Side},
    moderation::{ContentKind, ContentRef},
};

use super::DEBATES;
use crate::{
    api::{self, ApiError},
    browser,
    components::{Loading, Notice, PageHeading, ReportButton, loaded},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

async fn load(nummer: u64, _signed_in: bool) -> Result<Debate, ApiError> {
    api::get(&format!("{DEBATES}/{nummer}")).await
}

/// A debate: the question, arguments for and against side by side (most
/// supported first), and the city's conclusion once closed.
#[component]
pub fn Diskussion(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let mut resource = use_resource(use_reactive!(|nummer, signed_in| load(nummer, signed_in)));
    let mut side = use_signal(|| Side::Pro);
    let mut body = use_signal(String::new);
    let mut conclusion = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    if session() == Session::Unknown {
        return rsx! { Loading {} };
    }
    let debate = match loaded(resource) {
        Ok(debate) => debate,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.consultations;
    let open = debate.conclusion.is_none();
    rsx! {
        PageHeading { text: debate.question.clone() }
        p { Link { to: Route::Beteiligung {}, "{texts.participation}" } }
        div { class: "markdown", dangerous_inner_html: "{debate.description_html}" }
        if let Some(text) = &debate.conclusion {
            section { class: "answer", aria_labelledby: "fazit",
                h2 { id: "fazit", "{t.conclusion_heading}" }
                p { "{text}" }
                if let Some(at) = &debate.closed_at {
                    p { {browser::format_datetime(at, lang().code())} }
                }
            }
        }
        Notice { message: notice() }
        div { class: "sides",
            for s in [Side::Pro, Side::Contra] {
                section { class: "side", aria_labelledby: "seite-{s:?}",
                    h2 { id: "seite-{s:?}", {(t.side)(s)} }
                    if debate.arguments.iter().all(|a| a.side != s) {
                        p { "{t.no_arguments}" }
                    }
                    ul { class: "thread__comments",
                        for argument in debate.arguments.iter().filter(|a| a.side == s).cloned() {
                            li { key: "{argument.id}",
                                ArgumentCard { nummer, argument, can_support: signed_in && open, on_change: move |_| resource.restart() }
                            }
                        }
                    }
                }
            }
        }
        if open && signed_in {
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let draft = ArgumentDraft { side: side(), body: body() };
                        match api::send::<Debate, _>("POST", &format!("{DEBATES}/{nummer}/arguments"), Some(&draft)).await {
                            Ok(_) => {
                                body.set(String::new());
                                notice.set(None);
                                resource.restart();
                            }
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                div { class: "field",
                    label { r#for: "argument-seite", "{t.side_label}" }
                    select {
                        id: "argument-seite",
                        onchange: move |e| side.set(if e.value() == "contra" { Side::Contra } else { Side::Pro }),
                        option { value: "pro", {(t.side)(Side::Pro)} }
                        option { value: "contra", {(t.side)(Side::Contra)} }
                    }
                }
                div { class: "field",
                    label { r#for: "argument-text", "{t.argument_label}" }
                    textarea { id: "argument-text", rows: "4", required: true, value: "{body}", oninput: move |e| body.set(e.value()) }
                }
                button { r#type: "submit", "{t.add_argument}" }
            }
        } else if open {
            p { class: "notice", role: "note",
                "{t.sign_in_to_comment} "
                Link { to: Route::Anmelden {}, "{texts.sign_in}" }
            }
        }
        if open && session().is_staff() {
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let text = Conclusion { text: conclusion() };
                        match api::send::<Debate, _>("POST", &format!("{DEBATES}/{nummer}/close"), Some(&text)).await {
                            Ok(_) => resource.restart(),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                div { class: "field",
                    label { r#for: "fazit-text", "{t.conclusion_label}" }
                    textarea { id: "fazit-text", rows: "4", required: true, value: "{conclusion}", oninput: move |e| conclusion.set(e.value()) }
                }
                button { r#type: "submit", "{t.close_debate}" }
            }
        }
    }
}

#[component]
fn ArgumentCard(
    nummer: u64,
    argument: Argument,
    can_support: bool,
    on_change: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let supported = argument.supported;
    let id = argument.id.clone();
    rsx! {
        article { class: "comment",
            p { class: "comment__meta",
                strong { "{argument.author_name}" }
                " · {browser::format_datetime(&argument.created_at, lang().code())}"
            }
            if argument.hidden {
                p { em { "{t.hidden}" } }
            } else {
                p { class: "comment__body", "{argument.body}" }
                if can_support {
                    ReportButton { target: ContentRef { kind: ContentKind::DebateArgument, id: argument.id.clone() } }
                }
            }
            p {
                {(t.supports)(argument.supports)}
                if can_support {
                    " "
                    button {
                        r#type: "button",
                        class: "button--secondary",
                        aria_pressed: "{supported}",
                        onclick: move |_| {
                            let id = id.clone();
                            async move {
                                let method = if supported { "DELETE" } else { "PUT" };
                                match api::send::<Debate, ()>(method, &format!("{DEBATES}/{nummer}/arguments/{id}/support"), None).await {
                                    Ok(_) => on_change.call(()),
                                    Err(error) => notice.set(Some(Err(error.message(lang())))),
                                }
                            }
                        },
                        if supported { "{t.supported}" } else { "{t.support}" }
                    }
                }
            }
            Notice { message: notice() }
        }
    }
}
