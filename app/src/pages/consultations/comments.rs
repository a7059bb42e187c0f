use dioxus::prelude::*;
use shared::{
    consultations::{AnswerDraft, Comment, CommentDraft, Decision},
    moderation::{ContentKind, ContentRef},
};

use super::API;
use crate::{
    api, browser,
    components::{Notice, ReportButton, TextField},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

/// The comments on one paragraph, replies under what they answer, and the
/// form for a new one. A passage is chosen by selecting it (mouse or touch)
/// and taking it over, or by typing it: the keyboard way.
#[component]
pub fn Thread(
    nummer: u64,
    paragraph: u32,
    comments: Vec<Comment>,
    can_comment: bool,
    on_change: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let staff = session().is_staff();
    let mut quote = use_signal(String::new);
    let mut body = use_signal(String::new);
    let letter_from = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let top: Vec<Comment> = comments
        .iter()
        .filter(|c| c.reply_to.is_none())
        .cloned()
        .collect();
    let id = |field: &str| format!("absatz-{paragraph}-{field}");
    rsx! {
        div { class: "thread",
            ul { class: "thread__comments",
                for comment in top {
                    li { key: "{comment.id}",
                        CommentCard { nummer, comment: comment.clone(), can_reply: can_comment && signed_in, on_change }
                        ul { class: "thread__replies",
                            for reply in comments.iter().filter(|r| r.reply_to.as_deref() == Some(comment.id.as_str())).cloned() {
                                li { key: "{reply.id}",
                                    CommentCard { nummer, comment: reply, can_reply: false, on_change }
                                }
                            }
                        }
                    }
                }
            }
            if !signed_in {
                p { class: "notice", role: "note",
                    "{t.sign_in_to_comment} "
                    Link { to: Route::Anmelden {}, "{lang().texts().sign_in}" }
                }
            } else if can_comment || staff {
                Notice { message: notice() }
                form {
                    onsubmit: move |event| {
                        event.prevent_default();
                        async move {
                            let draft = CommentDraft {
                                paragraph,
                                quote: Some(quote()).filter(|q| !q.trim().is_empty()),
                                reply_to: None,
                                body: body(),
                                entered_for: Some(letter_from()).filter(|l| !l.trim().is_empty()),
                            };
                            match api::send::<Comment, _>("POST", &format!("{API}/{nummer}/comments"), Some(&draft)).await {
                                Ok(_) => {
                                    quote.set(String::new());
                                    body.set(String::new());
                                    notice.set(None);
                                    on_change.call(());
                                }
                                Err(error) => notice.set(Some(Err(error.message(lang())))),
                            }
                        }
                    },
                    TextField { id: id("stelle"), label: t.quote_label, value: quote, hint: t.quote_hint }
                    p {
                        button {
                            r#type: "button",
                            class: "button--secondary",
                            onclick: move |_| {
                                let selected = selection_in(&format!("absatz-{paragraph}"));
                                if selected.is_empty() {
                                    notice.set(Some(Err(lang().texts().consultations.nothing_selected.to_owned())));
                                } else {
                                    quote.set(selected);
                                    notice.set(None);
                                }
                            },
                            "{t.take_selection}"
                        }
                    }
                    div { class: "field",
                        label { r#for: id("text"), "{t.comment_label}" }
                        textarea {
                            id: id("text"),
                            rows: "4",
                            required: true,
                            value: "{body}",
                            oninput: move |e| body.set(e.value()),
                        }
                    }
                    if staff {
                        TextField { id: id("brief"), label: t.letter_from_label, value: letter_from, hint: t.letter_from_hint }
                    }
                    button { r#type: "submit", "{t.send_comment}" }
                }
            } else {
                p { class: "notice", role: "note", "{t.closed_for_comments}" }
            }
        }
    }
}

/// The text selected inside the element `id`; empty if the selection is
/// elsewhere or there is none.
fn selection_in(id: &str) -> String {
    crate::browser::selected_text_in(id)
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[component]
fn CommentCard(
    nummer: u64,
    comment: Comment,
    can_reply: bool,
    on_change: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let mut replying = use_signal(|| false);
    let reply = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let id = comment.id.clone();
    let supported = comment.supported;
    rsx! {
        article { class: "comment", id: "stellungnahme-{comment.id}",
            p { class: "comment__meta",
                strong { "{comment.author_name}" }
                if comment.by_letter {
                    " · {t.by_letter}"
                }
                " · {browser::format_datetime(&comment.created_at, lang().code())}"
            }
            if let Some(quote) = &comment.quote {
                blockquote { "{quote}" }
            }
            if comment.hidden {
                p { em { "{t.hidden}" } }
            } else {
                p { class: "comment__body", "{comment.body}" }
                if signed_in && !comment.by_letter {
                    ReportButton { target: ContentRef { kind: ContentKind::ConsultationComment, id: comment.id.clone() } }
                }
            }
            p {
                {(t.supports)(comment.supports)}
                if signed_in {
                    " "
                    button {
                        r#type: "button",
                        class: "button--secondary",
                        aria_pressed: "{supported}",
                        onclick: {
                            let id = id.clone();
                            move |_| {
                                let id = id.clone();
                                async move {
                                    let method = if supported { "DELETE" } else { "PUT" };
                                    match api::send::<Comment, ()>(method, &format!("{API}/{nummer}/comments/{id}/support"), None).await {
                                        Ok(_) => on_change.call(()),
                                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                                    }
                                }
                            }
                        },
                        if supported { "{t.supported}" } else { "{t.support}" }
                    }
                }
            }
            if let Some(answer) = &comment.answer {
                div { class: "answer",
                    p { strong { "{t.official_answer}: " } {(t.decision)(answer.decision)} }
                    p { "{answer.reason}" }
                }
            }
            if let Some(version) = comment.led_to_change_in {
                p { class: "answer__change", {(t.led_to_change)(version)} }
            }
            Notice { message: notice() }
            if session().is_staff() && comment.reply_to.is_none() {
                AnswerForm { nummer, comment: comment.clone(), on_change }
            }
            if can_reply {
                button {
                    r#type: "button",
                    class: "button--secondary",
                    aria_expanded: "{replying()}",
                    onclick: move |_| replying.set(!replying()),
                    "{t.reply}"
                }
                if replying() {
                    ReplyForm { nummer, parent: comment.clone(), reply, on_change }
                }
            }
        }
    }
}

#[component]
fn ReplyForm(
    nummer: u64,
    parent: Comment,
    reply: Signal<String>,
    on_change: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let mut reply = reply;
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let field = format!("antwort-{}", parent.id);
    rsx! {
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let parent = parent.clone();
                async move {
                    let draft = CommentDraft {
                        paragraph: parent.paragraph,
                        quote: None,
                        reply_to: Some(parent.id.clone()),
                        body: reply(),
                        entered_for: None,
                    };
                    match api::send::<Comment, _>("POST", &format!("{API}/{nummer}/comments"), Some(&draft)).await {
                        Ok(_) => {
                            reply.set(String::new());
                            on_change.call(());
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            div { class: "field",
                label { r#for: "{field}", "{t.reply_label}" }
                textarea { id: "{field}", rows: "3", required: true, value: "{reply}", oninput: move |e| reply.set(e.value()) }
            }
            button { r#type: "submit", "{t.send_reply}" }
        }
    }
}

/// Staff give the city's decision on a comment with the reason.
#[component]
fn AnswerForm(nummer: u64, comment: Comment, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let mut decision = use_signal(|| {
        comment
            .answer
            .as_ref()
            .map_or(Decision::Noted, |a| a.decision)
    });
    let mut reason = use_signal(|| {
        comment
            .answer
            .as_ref()
            .map(|a| a.reason.clone())
            .unwrap_or_default()
    });
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let id = comment.id.clone();
    rsx! {
        details { class: "answer-form",
            summary { "{t.answer_heading}" }
            Notice { message: notice() }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    let id = id.clone();
                    async move {
                        let answer = AnswerDraft { decision: decision(), reason: reason() };
                        match api::send::<Comment, _>("PUT", &format!("{API}/{nummer}/comments/{id}/answer"), Some(&answer)).await {
                            Ok(_) => on_change.call(()),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                div { class: "field",
                    label { r#for: "entscheidung-{comment.id}", "{t.decision_label}" }
                    select {
                        id: "entscheidung-{comment.id}",
                        onchange: move |e| {
                            if let Some(d) = Decision::ALL.iter().find(|d| format!("{d:?}") == e.value()) {
                                decision.set(*d);
                            }
                        },
                        for d in Decision::ALL {
                            option { value: "{d:?}", selected: d == decision(), {(t.decision)(d)} }
                        }
                    }
                }
                div { class: "field",
                    label { r#for: "begruendung-{comment.id}", "{t.reason_label}" }
                    textarea {
                        id: "begruendung-{comment.id}",
                        rows: "3",
                        required: true,
                        value: "{reason}",
                        oninput: move |e| reason.set(e.value()),
                    }
                }
                button { r#type: "submit", "{t.save_answer}" }
            }
        }
    }
}
