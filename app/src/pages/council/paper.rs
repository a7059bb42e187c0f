use dioxus::prelude::*;
use futures_util::future::join_all;
use shared::oparl::{Consultation, Meeting, Organization, Paper, Person};

use super::{files::FileList, oparl};
use crate::{
    api::ApiError,
    browser::format_datetime,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

/// A paper with the names and dates its references point to.
#[derive(Debug, Clone, PartialEq)]
struct PaperView {
    paper: Paper,
    originators: Vec<String>,
    /// Per consultation (same order): committee names and the meeting's start.
    consultations: Vec<(String, Option<(u64, String)>)>,
    related: Vec<(u64, String)>,
}

async fn load(number: u64) -> Result<PaperView, ApiError> {
    let paper: Paper = oparl::object("paper", number).await?;
    let people = join_all(
        paper
            .originator_person
            .iter()
            .map(|id| async move { oparl::by_id::<Person>(id).await.ok()?.name }),
    );
    let organizations = join_all(
        paper
            .originator_organization
            .iter()
            .map(|id| name_of_organization(id)),
    );
    let (people, organizations) = futures_util::future::join(people, organizations).await;
    let originators = people.into_iter().chain(organizations).flatten().collect();
    let consultations = join_all(paper.consultation.iter().map(|consultation| async move {
        let committees = join_all(
            consultation
                .organization
                .iter()
                .map(|id| name_of_organization(id)),
        )
        .await
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        // Embedded consultations leave out their meeting (OParl 3-00);
        // the consultation on its own names it.
        let meeting = async {
            let standalone: Consultation = oparl::by_id(&consultation.common.id).await.ok()?;
            let id = standalone.meeting?;
            let meeting: Meeting = oparl::by_id(&id).await.ok()?;
            Some((oparl::number_in(&id, "meeting")?, meeting.start?))
        }
        .await;
        (committees, meeting)
    }))
    .await;
    let related = join_all(paper.related_paper.iter().map(|id| async move {
        let related: Paper = oparl::by_id(id).await.ok()?;
        Some((
            oparl::number_in(id, "paper")?,
            related.reference.or(related.name).unwrap_or_default(),
        ))
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    Ok(PaperView {
        paper,
        originators,
        consultations,
        related,
    })
}

/// OpenStreetMap centred on a GeoJSON point (a Feature or a bare Point).
fn map_link(geojson: &serde_json::Value) -> Option<String> {
    let geometry = geojson.get("geometry").unwrap_or(geojson);
    let point = geometry.get("coordinates")?.as_array()?;
    let (lon, lat) = (point.first()?.as_f64()?, point.get(1)?.as_f64()?);
    Some(crate::pages::openstreetmap(lat, lon))
}

async fn name_of_organization(id: &str) -> Option<String> {
    oparl::by_id::<Organization>(id).await.ok()?.name
}

/// A paper (Drucksache): what it is, who brought it in, where it is
/// discussed, and its documents.
#[component]
pub fn Vorlage(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let view = match loaded(use_resource(use_reactive!(|nummer| load(nummer)))) {
        Ok(view) => view,
        Err(placeholder) => return placeholder,
    };
    let paper = &view.paper;
    let files: Vec<_> = paper
        .main_file
        .iter()
        .cloned()
        .chain(paper.auxiliary_file.iter().cloned())
        .collect();
    // Places link to OpenStreetMap instead of showing a map: no map tiles
    // are loaded from a third party unless the reader follows the link.
    let places: Vec<(String, Option<String>)> = paper
        .location
        .iter()
        .filter_map(|location| {
            let name = location
                .description
                .clone()
                .or(location.street_address.clone())?;
            Some((name, location.geojson.as_ref().and_then(map_link)))
        })
        .collect();

    rsx! {
        PageHeading { text: paper.name.clone().unwrap_or_default() }
        dl { class: "facts",
            if let Some(reference) = &paper.reference {
                dt { "{texts.reader.paper_reference}" }
                dd { "{reference}" }
            }
            if let Some(kind) = &paper.paper_type {
                dt { "{texts.reader.paper_type}" }
                dd { "{kind}" }
            }
            if let Some(date) = &paper.date {
                dt { "{texts.reader.paper_date}" }
                dd { {super::format_date(date)} }
            }
            if !view.originators.is_empty() {
                dt { "{texts.reader.originators}" }
                dd { {view.originators.join(", ")} }
            }
            if !places.is_empty() {
                dt { "{texts.reader.locations}" }
                dd {
                    ul { class: "places",
                        for (name, link) in places {
                            li {
                                "{name}"
                                if let Some(link) = link {
                                    " · "
                                    a { href: "{link}", rel: "noopener", "{texts.reader.on_map}" }
                                }
                            }
                        }
                    }
                }
            }
        }
        if !files.is_empty() {
            h2 { "{texts.reader.files}" }
            FileList { files }
        }
        if !paper.consultation.is_empty() {
            h2 { "{texts.reader.consultations}" }
            ol { class: "item-list consultations",
                for (consultation, (committees, meeting)) in paper.consultation.iter().cloned().zip(view.consultations.iter().cloned()) {
                    li { key: "{consultation.common.id}",
                        span { class: "item-list__title", "{committees}" }
                        span { class: "item-list__meta",
                            {consultation.role.clone().unwrap_or_default()}
                            if consultation.authoritative == Some(true) {
                                " · {texts.reader.authoritative}"
                            }
                        }
                        if let Some((number, start)) = meeting {
                            Link { to: Route::Sitzung { nummer: number },
                                "{texts.reader.to_meeting} ({format_datetime(&start, lang().code())})"
                            }
                        }
                    }
                }
            }
        }
        crate::pages::consultations::PaperOutcome { paper: paper.common.id.clone() }
        if !view.related.is_empty() {
            h2 { "{texts.reader.related_papers}" }
            ul {
                for (number, reference) in view.related.iter().cloned() {
                    li { Link { to: Route::Vorlage { nummer: number }, "{reference}" } }
                }
            }
        }
        p { Link { to: Route::Ratsinformation {}, "{texts.reader.back_to_calendar}" } }
    }
}
