use dioxus::prelude::*;
use futures_util::future::join_all;
use shared::{
    council::{NonPublicItem, PaperName},
    oparl::{AgendaItem, Consultation, Location, Meeting, Organization, Paper},
};

use super::{edit, files::FileList, offline, oparl};
use crate::{
    api::{self, ApiError},
    browser::format_datetime,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
    session::use_session,
};

/// A meeting with everything it needs resolved for reading.
#[derive(Debug, Clone, PartialEq)]
struct MeetingView {
    meeting: Meeting,
    organizations: Vec<(u64, String)>,
    /// Per agenda item (same order): the paper it deals with, if any.
    papers: Vec<Option<(u64, String)>>,
}

/// The meeting as OParl shows it; for council members, staff and
/// administrators with its non-public agenda items whole, and the papers
/// they treat, which OParl shows only as existing.
async fn load(number: u64, reads_non_public: bool) -> Result<MeetingView, ApiError> {
    let mut meeting: Meeting = oparl::object("meeting", number).await?;
    let whole: Vec<NonPublicItem> = if reads_non_public {
        api::get(&format!("/api/v1/council/meetings/{number}/non-public")).await?
    } else {
        Vec::new()
    };
    for item in meeting.agenda_item.iter_mut() {
        if let Some(full) = whole.iter().find(|w| w.item.common.id == item.common.id) {
            *item = full.item.clone();
        }
    }
    let organizations = join_all(meeting.organization.iter().map(|id| async move {
        let organization: Organization = oparl::by_id(id).await.ok()?;
        Some((oparl::number_in(id, "organization")?, organization.name?))
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    let papers = join_all(meeting.agenda_item.iter().map(|item| async {
        match whole.iter().find(|w| w.item.common.id == item.common.id) {
            Some(NonPublicItem {
                paper: Some(PaperName { number, label }),
                ..
            }) => Some((*number, label.clone())),
            Some(_) => None,
            None => paper_of(item).await,
        }
    }))
    .await;
    Ok(MeetingView {
        meeting,
        organizations,
        papers,
    })
}

/// OParl links an agenda item to its paper through the consultation.
async fn paper_of(item: &AgendaItem) -> Option<(u64, String)> {
    let consultation: Consultation = oparl::by_id(item.consultation.as_deref()?).await.ok()?;
    let id = consultation.paper?;
    let paper: Paper = oparl::by_id(&id).await.ok()?;
    Some((
        oparl::number_in(&id, "paper")?,
        paper.reference.or(paper.name).unwrap_or_default(),
    ))
}

/// A meeting: when and where, the agenda with results, and its documents.
#[component]
pub fn Sitzung(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let reads_non_public = session().reads_non_public();
    let mut resource = use_resource(use_reactive!(|nummer, reads_non_public| load(
        nummer,
        reads_non_public
    )));
    let view = match loaded(resource) {
        Ok(view) => view,
        Err(placeholder) => return placeholder,
    };
    let meeting = &view.meeting;
    let name = meeting.name.clone().unwrap_or_default();
    let when = match (&meeting.start, &meeting.end) {
        (Some(start), Some(end)) => format!(
            "{} – {}",
            format_datetime(start, lang().code()),
            format_datetime(end, lang().code())
        ),
        (Some(start), None) => format_datetime(start, lang().code()),
        _ => String::new(),
    };
    let place = meeting.location.as_ref().and_then(Location::readable);
    let documents: Vec<_> = [
        meeting.invitation.clone(),
        meeting.results_protocol.clone(),
        meeting.verbatim_protocol.clone(),
    ]
    .into_iter()
    .flatten()
    .chain(meeting.auxiliary_file.iter().cloned())
    .collect();

    rsx! {
        PageHeading { text: name.clone() }
        offline::OfflineControl { number: nummer, name }
        if meeting.cancelled == Some(true) {
            p { class: "notice notice--error", role: "note", "{texts.reader.cancelled}" }
        }
        dl { class: "facts",
            dt { "{texts.reader.meeting_when}" }
            dd { "{when}" }
            if let Some(place) = place {
                dt { "{texts.reader.meeting_where}" }
                dd { "{place}" }
            }
            if let Some(state) = &meeting.meeting_state {
                dt { "{texts.reader.meeting_state}" }
                dd { "{state}" }
            }
            if !view.organizations.is_empty() {
                dt { "{texts.reader.organizations}" }
                dd {
                    for (i, (number, name)) in view.organizations.iter().cloned().enumerate() {
                        if i > 0 {
                            ", "
                        }
                        Link { to: Route::Gremium { nummer: number }, "{name}" }
                    }
                }
            }
        }
        h2 { "{texts.reader.agenda}" }
        if meeting.agenda_item.is_empty() {
            p { "{texts.reader.no_agenda}" }
        }
        ol { class: "agenda",
            for (item, paper) in meeting.agenda_item.iter().cloned().zip(view.papers.iter().cloned()) {
                li { key: "{item.common.id}",
                    span { class: "agenda__number", {item.number.clone().unwrap_or_default()} }
                    div { class: "agenda__body",
                        span { class: "item-list__title", {item.name.clone().or_else(|| (item.public == Some(false)).then(|| texts.reader.non_public_item.to_owned())).unwrap_or_default()} }
                        span { class: "item-list__meta",
                            if item.public == Some(false) { "{texts.reader.not_public}" } else { "{texts.reader.public}" }
                        }
                        if let Some((number, reference)) = paper {
                            p { Link { to: Route::Vorlage { nummer: number }, {(texts.reader.to_paper)(&reference)} } }
                        }
                        if let Some(result) = &item.result {
                            p { strong { "{texts.reader.result}: " } "{result}" }
                        }
                        if let Some(resolution) = &item.resolution_text {
                            p { strong { "{texts.reader.resolution}: " } "{resolution}" }
                        }
                        FileList { files: item.resolution_file.iter().cloned().chain(item.auxiliary_file.iter().cloned()).collect::<Vec<_>>() }
                    }
                }
            }
        }
        if !documents.is_empty() {
            h2 { "{texts.reader.files}" }
            FileList { files: documents }
        }
        p { Link { to: Route::Ratsinformation {}, "{texts.reader.back_to_calendar}" } }
        if session().is_staff() {
            edit::SitzungBearbeiten { meeting: meeting.clone(), on_change: move |_| resource.restart() }
        }
    }
}
