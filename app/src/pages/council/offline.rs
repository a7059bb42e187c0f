//! "Für offline speichern": the addresses a meeting's page and its papers'
//! pages read, with all their files, stored in the browser so that they
//! open without a connection; the control on the meeting page and the list
//! of what is stored on the calendar page.

use std::collections::BTreeSet;

use dioxus::prelude::*;
use shared::oparl::{Consultation, File, Meeting, Paper};

use super::oparl;
use crate::{
    api::ApiError,
    browser::format_datetime,
    components::Notice,
    i18n::use_lang,
    offline::{self, SavedMeeting},
    routes::Route,
};

fn add_files<'a>(urls: &mut BTreeSet<String>, files: impl IntoIterator<Item = &'a File>) {
    for file in files {
        for url in [&file.access_url, &file.download_url].into_iter().flatten() {
            urls.insert(oparl::path_of(url).to_owned());
        }
    }
}

/// Everything the meeting page and the pages of its papers read.
pub async fn addresses(number: u64) -> Result<Vec<String>, ApiError> {
    let meeting: Meeting = oparl::object("meeting", number).await?;
    let mut urls = BTreeSet::from([format!("/oparl/v1/meeting/{number}")]);
    urls.extend(
        meeting
            .organization
            .iter()
            .map(|id| oparl::path_of(id).to_owned()),
    );
    add_files(
        &mut urls,
        [
            &meeting.invitation,
            &meeting.results_protocol,
            &meeting.verbatim_protocol,
        ]
        .into_iter()
        .flatten()
        .chain(&meeting.auxiliary_file),
    );
    for item in &meeting.agenda_item {
        add_files(
            &mut urls,
            item.resolution_file.iter().chain(&item.auxiliary_file),
        );
        let Some(id) = &item.consultation else {
            continue;
        };
        urls.insert(oparl::path_of(id).to_owned());
        let consultation: Consultation = oparl::by_id(id).await?;
        if let Some(paper) = consultation.paper {
            paper_addresses(&paper, &mut urls).await?;
        }
    }
    Ok(urls.into_iter().collect())
}

/// What the paper page reads (see `paper::load`).
async fn paper_addresses(id: &str, urls: &mut BTreeSet<String>) -> Result<(), ApiError> {
    urls.insert(oparl::path_of(id).to_owned());
    let paper: Paper = oparl::by_id(id).await?;
    for reference in paper
        .originator_person
        .iter()
        .chain(&paper.originator_organization)
        .chain(&paper.related_paper)
    {
        urls.insert(oparl::path_of(reference).to_owned());
    }
    add_files(urls, paper.main_file.iter().chain(&paper.auxiliary_file));
    for consultation in &paper.consultation {
        urls.insert(oparl::path_of(&consultation.common.id).to_owned());
        urls.extend(
            consultation
                .organization
                .iter()
                .map(|id| oparl::path_of(id).to_owned()),
        );
        let standalone: Consultation = oparl::by_id(&consultation.common.id).await?;
        if let Some(meeting) = standalone.meeting {
            urls.insert(oparl::path_of(&meeting).to_owned());
        }
    }
    Ok(())
}

/// Stored meetings are stored again with what they now contain (new agenda
/// items, new documents); called once the app runs with a connection.
pub async fn refresh_saved() {
    if !offline::online() {
        return;
    }
    for meeting in offline::saved() {
        // Best effort: when it fails, the copy stays as it was.
        if let Ok(urls) = addresses(meeting.number).await {
            let _ = offline::save(meeting.number, &meeting.name, &urls).await;
        }
    }
}

fn saved(number: u64) -> Option<SavedMeeting> {
    offline::saved().into_iter().find(|m| m.number == number)
}

/// Save, refresh or remove the offline copy of a meeting.
#[component]
pub fn OfflineControl(number: u64, name: String) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    let mut copy = use_signal(move || saved(number));
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let mut busy = use_signal(|| false);

    let store = move |_| {
        let name = name.clone();
        async move {
            busy.set(true);
            let texts = &lang().texts().reader;
            let stored = match addresses(number).await {
                Ok(urls) => offline::save(number, &name, &urls).await,
                Err(error) => Err(error.message(lang())),
            };
            busy.set(false);
            match stored {
                Ok(_) => {
                    copy.set(saved(number));
                    notice.set(Some(Ok(texts.offline_now.to_owned())));
                }
                Err(_) => notice.set(Some(Err(texts.offline_failed.to_owned()))),
            }
        }
    };

    rsx! {
        section { class: "offline", aria_label: "{texts.save_offline}",
            Notice { message: notice() }
            if let Some(copy) = copy() {
                p { class: "offline__state",
                    {(texts.offline_saved)(&format_datetime(&copy.saved_at, lang().code()), &(texts.file_size)(copy.bytes))}
                }
            }
            div { class: "button-row",
                button {
                    r#type: "button",
                    disabled: busy(),
                    onclick: store,
                    if copy().is_some() { "{texts.refresh_offline}" } else { "{texts.save_offline}" }
                }
                if copy().is_some() {
                    button {
                        r#type: "button",
                        disabled: busy(),
                        onclick: move |_| async move {
                            let texts = &lang().texts().reader;
                            if offline::remove(number).await.is_ok() {
                                copy.set(None);
                                notice.set(Some(Ok(texts.offline_removed.to_owned())));
                            }
                        },
                        "{texts.remove_offline}"
                    }
                }
            }
        }
    }
}

/// The meetings stored in this browser and the space they take.
#[component]
pub fn SavedMeetings() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    let meetings = offline::saved();
    let usage = use_resource(offline::usage);
    if meetings.is_empty() {
        return rsx! {};
    }
    rsx! {
        section { class: "offline", aria_labelledby: "offline-gespeichert",
            h2 { id: "offline-gespeichert", "{texts.saved_meetings}" }
            ul { class: "item-list",
                for meeting in meetings {
                    li { key: "{meeting.number}",
                        Link { to: Route::Sitzung { nummer: meeting.number }, "{meeting.name}" }
                        span { class: "item-list__meta",
                            {(texts.offline_saved)(&format_datetime(&meeting.saved_at, lang().code()), &(texts.file_size)(meeting.bytes))}
                        }
                    }
                }
            }
            if let Some(Some(bytes)) = usage() {
                p { {(texts.storage_used)(&(texts.file_size)(bytes))} }
            }
        }
    }
}
