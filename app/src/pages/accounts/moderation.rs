use dioxus::prelude::*;
use shared::moderation::{ContentRef, Decision, DecisionAction, QueueItem};

use crate::{
    api,
    browser::format_datetime,
    components::{LoadError, Loading, Notice, PageHeading, TextField},
    i18n::use_lang,
    session::use_session,
};

/// The moderators' queue: reported content, the reports, and the decision.
#[component]
pub fn Moderation() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let session = use_session();
    let mut queue = use_resource(|| api::get::<Vec<QueueItem>>("/api/v1/moderation/queue"));
    if let Err(placeholder) = super::moderators_only(session(), texts.moderation_title) {
        return placeholder;
    }

    rsx! {
        PageHeading { text: texts.moderation_title }
        match &*queue.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| queue.restart() } },
            Some(Ok(items)) if items.is_empty() => rsx! { p { "{texts.queue_empty}" } },
            Some(Ok(items)) => rsx! {
                ul { class: "item-list item-list--accounts",
                    for item in items.iter().cloned() {
                        QueueEntry { key: "{item.target}", item, on_decided: move |_| queue.restart() }
                    }
                }
            },
        }
    }
}

#[component]
fn QueueEntry(item: QueueItem, on_decided: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let reason = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let field_id = format!("begruendung-{}", item.target.id);

    let decide = move |target: ContentRef, action: DecisionAction| async move {
        let decision = Decision {
            target,
            action,
            reason: reason(),
        };
        match api::send_empty("POST", "/api/v1/moderation/decisions", Some(&decision)).await {
            Ok(()) => on_decided.call(()),
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
    };
    let hide_target = item.target.clone();
    let restore_target = item.target.clone();

    rsx! {
        li {
            span { class: "item-list__title",
                {(texts.content_kind)(item.target.kind)}
                ": „{item.preview}“"
            }
            span { class: "item-list__meta", {(texts.visibility)(item.visibility)} }
            ul {
                for report in item.reports.iter() {
                    li {
                        {(texts.report_reason)(report.reason)}
                        " · "
                        {format_datetime(&report.at, lang().code())}
                        if let Some(note) = &report.note {
                            " · „{note}“"
                        }
                    }
                }
            }
            Notice { message: notice() }
            TextField { id: field_id, label: texts.decision_reason_label, value: reason, required: true }
            div { class: "button-row",
                button {
                    r#type: "button",
                    onclick: move |_| decide(hide_target.clone(), DecisionAction::Hide),
                    "{texts.hide}"
                }
                button {
                    r#type: "button",
                    onclick: move |_| decide(restore_target.clone(), DecisionAction::Restore),
                    "{texts.restore}"
                }
            }
        }
    }
}
