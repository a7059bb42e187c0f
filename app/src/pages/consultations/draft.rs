use dioxus::prelude::*;
use shared::consultations::{Attachment, Comment, Consultation, ConsultationPhase, NewVersion};

use super::{API, comments::Thread, window};
use crate::{
    api::{self, ApiError},
    browser,
    components::{Loading, Notice, PageHeading, TextField, loaded},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

async fn load(
    nummer: u64,
    version: Option<u32>,
    _signed_in: bool,
) -> Result<(Consultation, Vec<Comment>), ApiError> {
    let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
    let consultation = api::get(&format!("{API}/{nummer}{query}")).await?;
    let comments = api::get_every_part(&format!("{API}/{nummer}/comments")).await?;
    Ok((consultation, comments))
}

/// A draft paragraph by paragraph, each with its comments one click away;
/// its versions, the Abwägungstabelle, and for staff the next version.
#[component]
pub fn BeteiligungEntwurf(nummer: u64, fassung: String) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let version = fassung.parse::<u32>().ok();
    let mut resource = use_resource(use_reactive!(|nummer, version, signed_in| load(
        nummer, version, signed_in
    )));
    let mut open = use_signal(|| None::<u32>);
    if session() == Session::Unknown {
        return rsx! { Loading {} };
    }
    let (consultation, comments) = match loaded(resource) {
        Ok(loaded) => loaded,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.consultations;
    let newest = consultation.versions.last().map_or(1, |v| v.version);
    let shown = consultation.version;
    let can_comment = consultation.phase == ConsultationPhase::Open && shown == newest;
    rsx! {
        PageHeading { text: consultation.title.clone() }
        p { Link { to: Route::Beteiligung {}, "{texts.participation}" } }
        p {
            strong { {(t.phase)(consultation.phase)} }
            " · "
            {window(lang(), &consultation.opens_at, &consultation.closes_at)}
        }
        p { "{consultation.summary}" }
        p { {(t.comment_count)(consultation.comments, consultation.answered)} }
        if let Some(paper) = consultation.council_paper.as_deref().and_then(paper_number) {
            p { Link { to: Route::Vorlage { nummer: paper }, "{texts.reader.paper_reference}" } }
        }
        if !consultation.attachments.is_empty() || session().is_staff() {
            Attachments { consultation: consultation.clone(), on_change: move |_| resource.restart() }
        }
        section { aria_labelledby: "fassungen",
            h2 { id: "fassungen", "{t.versions_heading}" }
            ol {
                for v in consultation.versions.iter().cloned() {
                    li {
                        if v.version == shown {
                            strong { {(t.version)(v.version)} }
                        } else {
                            Link { to: Route::BeteiligungEntwurf { nummer, fassung: v.version.to_string() }, {(t.version)(v.version)} }
                        }
                        " · {browser::format_datetime(&v.published_at, lang().code())} · {v.note}"
                        if v.version > 1 {
                            " · "
                            Link { to: Route::BeteiligungAenderungen { nummer, bis: v.version.to_string() }, "{t.what_changed}" }
                        }
                    }
                }
            }
            if shown != newest {
                p { class: "notice", role: "note",
                    {(t.showing_version)(shown)} " "
                    Link { to: Route::BeteiligungEntwurf { nummer, fassung: String::new() }, "{t.show_newest}" }
                }
            }
        }
        article { class: "draft",
            for paragraph in consultation.paragraphs.iter().cloned() {
                match paragraph.number {
                    None => rsx! { div { class: "draft__heading markdown", dangerous_inner_html: "{paragraph.html}" } },
                    Some(n) => rsx! {
                        section { class: "draft__paragraph", aria_label: {(t.paragraph)(n)},
                            span { class: "draft__number", aria_hidden: "true", "{n}" }
                            div { id: "absatz-{n}", class: "markdown", dangerous_inner_html: "{paragraph.html}" }
                            button {
                                r#type: "button",
                                class: "button--secondary",
                                aria_expanded: "{open() == Some(n)}",
                                onclick: move |_| open.set(if open() == Some(n) { None } else { Some(n) }),
                                if open() == Some(n) { "{t.hide_comments}" } else { {(t.comments_on)(n, paragraph.comments)} }
                            }
                            if open() == Some(n) {
                                Thread {
                                    nummer,
                                    paragraph: n,
                                    comments: comments.iter().filter(|c| c.version == shown && c.paragraph == n).cloned().collect::<Vec<_>>(),
                                    can_comment,
                                    on_change: move |_| resource.restart(),
                                }
                            }
                        }
                    },
                }
            }
        }
        section { aria_labelledby: "abwaegung",
            h2 { id: "abwaegung", "{t.abwaegung_heading}" }
            p { a { href: "{API}/{nummer}/abwaegungstabelle.html", "{t.abwaegung_html}" } }
            p { a { href: "{API}/{nummer}/abwaegungstabelle.csv", download: "", "{t.abwaegung_csv}" } }
        }
        if session().is_staff() && shown == newest {
            NewVersionForm { consultation: consultation.clone(), comments: comments.clone(), on_published: move |_| resource.restart() }
        }
    }
}

/// The draft's documents; staff add and remove them.
#[component]
fn Attachments(consultation: Consultation, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let session = use_session();
    let title = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let nummer = consultation.number;
    rsx! {
        section { aria_labelledby: "unterlagen",
            h2 { id: "unterlagen", "{t.attachments_heading}" }
            ul {
                for file in consultation.attachments.iter().cloned() {
                    li { key: "{file.id}",
                        a { href: "{file.url}", "{file.title}" }
                        " ({(t.file_size)(file.size)})"
                        if session().is_staff() {
                            " "
                            button {
                                r#type: "button",
                                class: "button--secondary",
                                aria_label: "{t.remove_attachment}: {file.title}",
                                onclick: move |_| {
                                    let id = file.id.clone();
                                    async move {
                                        match api::send_empty::<()>("DELETE", &format!("{API}/{nummer}/attachments/{id}"), None).await {
                                            Ok(()) => on_change.call(()),
                                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                                        }
                                    }
                                },
                                "{t.remove_attachment}"
                            }
                        }
                    }
                }
            }
            Notice { message: notice() }
            if session().is_staff() {
                form {
                    onsubmit: move |event| {
                        event.prevent_default();
                        async move {
                            let Some(file_name) = browser::chosen_file_name(ATTACHMENT_INPUT) else {
                                notice.set(Some(Err(lang().texts().consultations.no_file_chosen.to_owned())));
                                return;
                            };
                            let path = format!(
                                "{API}/{nummer}/attachments?file_name={}&title={}",
                                api::query_value(&file_name),
                                api::query_value(title().trim()),
                            );
                            match api::upload::<Attachment>("POST", &path, ATTACHMENT_INPUT).await {
                                Ok(_) => on_change.call(()),
                                Err(error) => notice.set(Some(Err(error.message(lang())))),
                            }
                        }
                    },
                    TextField { id: "unterlage-titel", label: t.attachment_title_label, value: title }
                    div { class: "field",
                        label { r#for: ATTACHMENT_INPUT, "{t.attachment_file_label}" }
                        input { id: ATTACHMENT_INPUT, r#type: "file", accept: "application/pdf,.pdf" }
                    }
                    button { r#type: "submit", "{t.add_attachment}" }
                }
            }
        }
    }
}

const ATTACHMENT_INPUT: &str = "unterlage-datei";

/// The paper's number from its OParl URL (`…/oparl/v1/paper/12`).
fn paper_number(url: &str) -> Option<u64> {
    url.trim_end_matches('/')
        .rsplit_once("/paper/")?
        .1
        .parse()
        .ok()
}

#[component]
fn NewVersionForm(
    consultation: Consultation,
    comments: Vec<Comment>,
    on_published: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let current: String = consultation
        .paragraphs
        .iter()
        .map(|p| p.markdown.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut text = use_signal(|| current.clone());
    let mut note = use_signal(String::new);
    let mut prompted = use_signal(Vec::<String>::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let nummer = consultation.number;
    let candidates: Vec<Comment> = comments
        .into_iter()
        .filter(|c| {
            c.version == consultation.version
                && c.reply_to.is_none()
                && c.led_to_change_in.is_none()
        })
        .collect();
    rsx! {
        section { aria_labelledby: "neue-fassung",
            h2 { id: "neue-fassung", "{t.new_version_heading}" }
            Notice { message: notice() }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let new = NewVersion { text: text(), note: note(), prompted_by: prompted() };
                        match api::send::<Consultation, _>("POST", &format!("{API}/{nummer}/versions"), Some(&new)).await {
                            Ok(_) => on_published.call(()),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                div { class: "field",
                    label { r#for: "fassung-text", "{t.new_version_text}" }
                    textarea { id: "fassung-text", rows: "14", value: "{text}", oninput: move |e| text.set(e.value()) }
                }
                div { class: "field",
                    label { r#for: "fassung-notiz", "{t.new_version_note}" }
                    input { id: "fassung-notiz", r#type: "text", required: true, value: "{note}", oninput: move |e| note.set(e.value()) }
                }
                if !candidates.is_empty() {
                    fieldset {
                        legend { "{t.prompted_by_legend}" }
                        for c in candidates {
                            div { class: "choice",
                                input {
                                    id: "anlass-{c.id}",
                                    r#type: "checkbox",
                                    onchange: {
                                        let id = c.id.clone();
                                        move |e: FormEvent| prompted.with_mut(|p| {
                                            p.retain(|x| *x != id);
                                            if e.checked() {
                                                p.push(id.clone());
                                            }
                                        })
                                    },
                                }
                                label { r#for: "anlass-{c.id}",
                                    {(t.paragraph)(c.paragraph)} ": " {excerpt(&c.body)}
                                }
                            }
                        }
                    }
                }
                button { r#type: "submit", "{t.publish_version}" }
            }
        }
    }
}

/// The start of a comment, for a label.
fn excerpt(body: &str) -> String {
    let mut words: Vec<&str> = body.split_whitespace().take(12).collect();
    if body.split_whitespace().count() > words.len() {
        words.push("…");
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn papers_are_found_by_the_end_of_their_oparl_address() {
        assert_eq!(
            super::paper_number("https://x.de/oparl/v1/paper/12"),
            Some(12)
        );
        assert_eq!(
            super::paper_number("https://x.de/oparl/v1/meeting/12"),
            None
        );
    }

    #[test]
    fn labels_show_the_start_of_a_comment() {
        assert_eq!(super::excerpt("Kurz."), "Kurz.");
        assert!(super::excerpt(&"Wort ".repeat(20)).ends_with('…'));
    }
}
