//! `/api/v1/consultations`: drafts, their versions and what changed,
//! comments on paragraphs with replies and supports, official answers, and
//! what the council reader shows next to a paper.

use axum::{Json, extract::State, http::StatusCode};
use chrono::Utc;
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    consultations::{
        AnswerDraft, Comment, CommentDraft, Consultation, ConsultationDraft, ConsultationOutcome,
        ConsultationPhase, ConsultationSummary, NewVersion, ParagraphDiff, VersionDiff,
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::consultations::{
    diff,
    store::{self, CommentRow, ConsultationRow, NewComment, SupportTable, VersionRow},
    validate, views,
};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    page::{Page, Part},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(outcomes))
        .routes(routes!(show))
        .routes(routes!(add_version))
        .routes(routes!(compare))
        .routes(routes!(comments, add_comment))
        .routes(routes!(answer))
        .routes(routes!(support, withdraw_support))
}

/// All consultations, newest first.
#[utoipa::path(get, path = "/consultations", tag = "consultations",
    responses((status = 200, body = Vec<ConsultationSummary>)))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<ConsultationSummary>>> {
    let now = Utc::now();
    let consultations = store::consultations(&state.db).await?;
    let numbers: Vec<u64> = consultations.iter().map(|row| row.number).collect();
    let counts = store::comment_counts(&state.db, &numbers).await?;
    let summaries = consultations
        .into_iter()
        .map(|row| {
            let (comments, answered) = counts.get(&row.number).copied().unwrap_or_default();
            ConsultationSummary {
                number: row.number,
                phase: views::phase(&row, now),
                opens_at: crate::clock::german_iso(&row.opens_at),
                closes_at: crate::clock::german_iso(&row.closes_at),
                comments,
                answered,
                title: row.title,
                summary: row.summary,
                council_paper: row.council_paper,
            }
        })
        .collect();
    Ok(Json(summaries))
}

/// Publishes a draft for consultation.
#[utoipa::path(post, path = "/consultations", tag = "consultations", request_body = ConsultationDraft,
    responses((status = 201, body = Consultation), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(draft): ApiJson<ConsultationDraft>,
) -> Result<(StatusCode, Json<Consultation>)> {
    actor.may(Action::ManageConsultations)?;
    let checked = validate::checked_consultation(draft)?;
    let number = store::allocate(&state.db, "consultation_sequence").await?;
    store::create(&state.db, number, &checked, Some(&actor.account.id)).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "consultation.published",
        &format!("consultation:{number}"),
        &checked.draft.title,
    )
    .await?;
    let shown = one(&state, number, None).await?;
    Ok((StatusCode::CREATED, Json(shown)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PaperQuery {
    /// OParl URL of a council paper.
    paper: String,
}

/// The consultations that prepared a council paper, with how their comments
/// were decided: what the council reader shows next to the paper.
#[utoipa::path(get, path = "/consultations/outcomes", tag = "consultations", params(PaperQuery),
    responses((status = 200, body = Vec<ConsultationOutcome>)))]
async fn outcomes(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PaperQuery>,
) -> Result<Json<Vec<ConsultationOutcome>>> {
    let wanted = paper_key(&query.paper);
    let now = Utc::now();
    let mut outcomes = Vec::new();
    for row in store::consultations(&state.db).await? {
        if row.council_paper.as_deref().map(paper_key) != Some(wanted) {
            continue;
        }
        let comments = store::comments(&state.db, row.number, Page::default()).await?;
        outcomes.push(ConsultationOutcome {
            number: row.number,
            phase: views::phase(&row, now),
            comments: comments.len() as u64,
            decisions: views::decisions(&comments),
            unanswered: comments.iter().filter(|c| c.answer.is_none()).count() as u64,
            title: row.title,
        });
    }
    Ok(Json(outcomes))
}

/// The part of an OParl URL that names the paper on any host, so that a
/// link survives a change of the installation's address.
fn paper_key(url: &str) -> &str {
    let url = url.trim().trim_end_matches('/');
    url.find("/oparl/").map_or(url, |at| &url[at..])
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct VersionQuery {
    /// Which version to show; the newest when left out.
    version: Option<u32>,
}

/// A consultation with the paragraphs of one version.
#[utoipa::path(get, path = "/consultations/{number}", tag = "consultations", params(("number" = u64, Path, description = "Number of the consultation"), VersionQuery),
    responses((status = 200, body = Consultation), (status = 404, body = ApiErrorBody)))]
async fn show(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(query): ApiQuery<VersionQuery>,
) -> Result<Json<Consultation>> {
    Ok(Json(one(&state, number, query.version).await?))
}

async fn one(state: &AppState, number: u64, version: Option<u32>) -> Result<Consultation> {
    let row = existing(state, number).await?;
    let versions = store::versions(&state.db, number).await?;
    let shown = pick(&versions, version, number)?;
    let comments = store::comments(&state.db, number, Page::default()).await?;
    Ok(Consultation {
        number,
        phase: views::phase(&row, Utc::now()),
        opens_at: crate::clock::german_iso(&row.opens_at),
        closes_at: crate::clock::german_iso(&row.closes_at),
        version: shown.version,
        versions: versions.iter().map(views::version_info).collect(),
        paragraphs: views::paragraphs(&shown.paragraphs, &comments, shown.version),
        attachments: store::attachments(&state.db, number)
            .await?
            .into_iter()
            .map(|row| super::attachments::attachment(number, row))
            .collect(),
        comments: comments.len() as u64,
        answered: comments.iter().filter(|c| c.answer.is_some()).count() as u64,
        title: row.title,
        summary: row.summary,
        council_paper: row.council_paper,
    })
}

fn pick(versions: &[VersionRow], version: Option<u32>, number: u64) -> Result<&VersionRow> {
    let found = match version {
        Some(v) => versions.iter().find(|row| row.version == v),
        None => versions.last(),
    };
    found.ok_or_else(|| {
        Error::NotFound(format!(
            "Die Beteiligung {number} hat keine Fassung {}.",
            version.unwrap_or_default()
        ))
    })
}

/// Publishes a new version of the draft, naming the comments that led to
/// its changes.
#[utoipa::path(post, path = "/consultations/{number}/versions", tag = "consultations", request_body = NewVersion,
    params(("number" = u64, Path, description = "Number of the consultation")),
    responses((status = 201, body = Consultation), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_version(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(new): ApiJson<NewVersion>,
) -> Result<(StatusCode, Json<Consultation>)> {
    actor.may(Action::ManageConsultations)?;
    existing(&state, number).await?;
    let paragraphs = validate::checked_text(&new.text)?;
    let note = validate::within(
        &new.note,
        validate::NOTE_CHARS,
        "Die Beschreibung der Änderungen",
    )?;
    let comments = store::comments(&state.db, number, Page::default()).await?;
    for id in &new.prompted_by {
        if !comments.iter().any(|c| &c.id == id) {
            return Err(Error::InvalidInput(format!(
                "Eine Stellungnahme „{id}“ gibt es in dieser Beteiligung nicht."
            )));
        }
    }
    let version = store::add_version(
        &state.db,
        number,
        &new.text,
        &note,
        &paragraphs,
        &new.prompted_by,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "consultation.version",
        &format!("consultation:{number}"),
        &format!("Fassung {version}: {note}"),
    )
    .await?;
    let shown = one(&state, number, Some(version)).await?;
    Ok((StatusCode::CREATED, Json(shown)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DiffQuery {
    /// The older version; the one before `to` when left out.
    from: Option<u32>,
    /// The newer version; the newest when left out.
    to: Option<u32>,
}

/// What changed between two versions, paragraph by paragraph and word by
/// word, with the comments that led to each change.
#[utoipa::path(get, path = "/consultations/{number}/diff", tag = "consultations", params(("number" = u64, Path, description = "Number of the consultation"), DiffQuery),
    responses((status = 200, body = VersionDiff), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn compare(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> Result<Json<VersionDiff>> {
    existing(&state, number).await?;
    let versions = store::versions(&state.db, number).await?;
    let to = pick(&versions, query.to, number)?;
    let from = pick(
        &versions,
        Some(query.from.unwrap_or(to.version.saturating_sub(1))),
        number,
    )?;
    if from.version >= to.version {
        return Err(Error::InvalidInput(
            "Verglichen wird eine ältere mit einer neueren Fassung.".into(),
        ));
    }
    let rows = store::comments(&state.db, number, Page::default()).await?;
    let viewer = actor.as_ref().map(|a| a.account.id.as_str());
    let context = views::CommentContext::load(
        &state.db,
        number,
        &rows,
        &versions,
        viewer,
        sees_senders(actor.as_ref()),
    )
    .await?;
    let prompted: Vec<&String> = versions
        .iter()
        .filter(|v| v.version > from.version && v.version <= to.version)
        .flat_map(|v| &v.prompted_by)
        .collect();
    let paragraphs = diff::compare(&from.paragraphs, &to.paragraphs)
        .into_iter()
        .map(|c| ParagraphDiff {
            prompted_by: match (c.edited, c.old_number) {
                (true, Some(old)) => rows
                    .iter()
                    .filter(|r| {
                        r.version == from.version && r.paragraph == old && prompted.contains(&&r.id)
                    })
                    .map(|r| context.comment(r))
                    .collect(),
                _ => Vec::new(),
            },
            change: c.change,
            edited: c.edited,
            old_number: c.old_number,
            new_number: c.new_number,
            parts: c.parts,
        })
        .collect();
    Ok(Json(VersionDiff {
        from: from.version,
        to: to.version,
        note: to.note.clone(),
        paragraphs,
    }))
}

/// The comments with replies, supports and official answers, oldest
/// first, a part at a time.
#[utoipa::path(get, path = "/consultations/{number}/comments", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), Part),
    responses((status = 200, body = Vec<Comment>), (status = 404, body = ApiErrorBody)))]
async fn comments(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(part): ApiQuery<Part>,
) -> Result<Json<Vec<Comment>>> {
    existing(&state, number).await?;
    let rows = store::comments(&state.db, number, part.into()).await?;
    Ok(Json(shown(&state, number, &rows, actor.as_ref()).await?))
}

/// Every comment, as the Abwägungstabelle lists them.
pub(super) async fn all_comments(
    state: &AppState,
    number: u64,
    viewer: Option<&Actor>,
) -> Result<Vec<Comment>> {
    let rows = store::comments(&state.db, number, Page::default()).await?;
    shown(state, number, &rows, viewer).await
}

/// Comments as `viewer` sees them.
async fn shown(
    state: &AppState,
    number: u64,
    rows: &[CommentRow],
    viewer: Option<&Actor>,
) -> Result<Vec<Comment>> {
    let versions = store::versions(&state.db, number).await?;
    let context = views::CommentContext::load(
        &state.db,
        number,
        rows,
        &versions,
        viewer.map(|a| a.account.id.as_str()),
        sees_senders(viewer),
    )
    .await?;
    Ok(rows.iter().map(|r| context.comment(r)).collect())
}

/// Staff who run consultations see who sent a letter; nobody else does.
fn sees_senders(viewer: Option<&Actor>) -> bool {
    viewer.is_some_and(|actor| actor.may(Action::ManageConsultations).is_ok())
}

/// Comments on a paragraph of the newest version (or on a passage of it),
/// or replies, while the consultation is open. Staff may enter statements
/// that came by letter or e-mail, under the sender's name.
#[utoipa::path(post, path = "/consultations/{number}/comments", tag = "consultations", request_body = CommentDraft,
    params(("number" = u64, Path, description = "Number of the consultation")),
    responses((status = 201, body = Comment), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "The consultation is not open", body = ApiErrorBody)))]
async fn add_comment(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(draft): ApiJson<CommentDraft>,
) -> Result<(StatusCode, Json<Comment>)> {
    actor.may(Action::Participate)?;
    let row = existing(&state, number).await?;
    let entered_for = match draft.entered_for.as_deref().map(str::trim) {
        Some(sender) if !sender.is_empty() => {
            actor.may(Action::ManageConsultations)?;
            Some(validate::within(
                sender,
                2..=200,
                "Der Name der Absenderin oder des Absenders",
            )?)
        }
        _ => None,
    };
    // Letters that arrived in time are entered after the close too.
    if entered_for.is_none() {
        match views::phase(&row, Utc::now()) {
            ConsultationPhase::Open => {}
            ConsultationPhase::Upcoming => {
                return Err(Error::Conflict(
                    "Die Beteiligung hat noch nicht begonnen.".into(),
                ));
            }
            ConsultationPhase::Closed => {
                return Err(Error::Conflict(
                    "Die Beteiligung ist beendet; Stellungnahmen sind nicht mehr möglich.".into(),
                ));
            }
        }
    }
    let body = validate::within(&draft.body, validate::COMMENT_CHARS, "Ihre Stellungnahme")?;
    let versions = store::versions(&state.db, number).await?;
    let newest = pick(&versions, None, number)?;
    let (version, paragraph, reply_to) = match &draft.reply_to {
        Some(parent) => {
            let parent = store::comment(&state.db, parent)
                .await?
                .filter(|c| c.consultation == number)
                .ok_or_else(|| {
                    Error::InvalidInput(
                        "Die Stellungnahme, auf die Sie antworten, gibt es hier nicht.".into(),
                    )
                })?;
            (parent.version, parent.paragraph, Some(parent.id))
        }
        None => (newest.version, draft.paragraph, None),
    };
    let quote = if reply_to.is_some() {
        None
    } else {
        let markdown = newest
            .paragraphs
            .iter()
            .find(|p| p.number == Some(paragraph))
            .map(|p| p.markdown.as_str())
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "Einen Absatz {paragraph} gibt es in der aktuellen Fassung nicht."
                ))
            })?;
        validate::checked_quote(draft.quote, markdown)?
    };
    let id = store::add_comment(
        &state.db,
        number,
        NewComment {
            version,
            paragraph,
            quote,
            reply_to,
            account: Some(&actor.account.id),
            entered_for,
            body,
        },
    )
    .await?;
    let comment = one_comment(&state, number, &id, Some(&actor)).await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

/// The city's official answer to a comment: its decision and the reason.
/// It can be changed until the Abwägung is final; every change is logged.
#[utoipa::path(put, path = "/consultations/{number}/comments/{id}/answer", tag = "consultations", request_body = AnswerDraft,
    params(("number" = u64, Path, description = "Number of the consultation"), ("id" = String, Path, description = "Id of the comment")),
    responses((status = 200, body = Comment), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
    ApiJson(draft): ApiJson<AnswerDraft>,
) -> Result<Json<Comment>> {
    actor.may(Action::ManageConsultations)?;
    existing_comment(&state, number, &id).await?;
    let reason = validate::within(&draft.reason, validate::REASON_CHARS, "Die Begründung")?;
    store::set_answer(
        &state.db,
        &id,
        draft.decision,
        &reason,
        Some(&actor.account.id),
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "consultation.answer",
        &format!("consultation_comment:{id}"),
        draft.decision.label_de(),
    )
    .await?;
    Ok(Json(one_comment(&state, number, &id, Some(&actor)).await?))
}

/// Supports a comment ("sehe ich auch so"); once per person.
#[utoipa::path(put, path = "/consultations/{number}/comments/{id}/support", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), ("id" = String, Path, description = "Id of the comment")),
    responses((status = 200, body = Comment), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Json<Comment>> {
    set_support(&state, &actor, number, &id, true).await
}

#[utoipa::path(delete, path = "/consultations/{number}/comments/{id}/support", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), ("id" = String, Path, description = "Id of the comment")),
    responses((status = 200, body = Comment), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn withdraw_support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Json<Comment>> {
    set_support(&state, &actor, number, &id, false).await
}

async fn set_support(
    state: &AppState,
    actor: &Actor,
    number: u64,
    id: &str,
    on: bool,
) -> Result<Json<Comment>> {
    actor.may(Action::Participate)?;
    existing_comment(state, number, id).await?;
    store::set_support(
        &state.db,
        SupportTable::Comments,
        number,
        id,
        &actor.account.id,
        on,
    )
    .await?;
    Ok(Json(one_comment(state, number, id, Some(actor)).await?))
}

async fn one_comment(
    state: &AppState,
    number: u64,
    id: &str,
    viewer: Option<&Actor>,
) -> Result<Comment> {
    all_comments(state, number, viewer)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::NotFound(format!("Eine Stellungnahme „{id}“ gibt es hier nicht.")))
}

pub(super) async fn existing(state: &AppState, number: u64) -> Result<ConsultationRow> {
    store::consultation(&state.db, number)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Eine Beteiligung Nr. {number} gibt es nicht.")))
}

async fn existing_comment(state: &AppState, number: u64, id: &str) -> Result<CommentRow> {
    existing(state, number).await?;
    store::comment(&state.db, id)
        .await?
        .filter(|c| c.consultation == number)
        .ok_or_else(|| Error::NotFound(format!("Eine Stellungnahme „{id}“ gibt es hier nicht.")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn papers_match_on_their_oparl_path_whatever_the_host() {
        assert_eq!(
            super::paper_key("https://rat.muenster.de/oparl/v1/paper/12/"),
            super::paper_key("http://localhost:8080/oparl/v1/paper/12")
        );
        assert_ne!(
            super::paper_key("https://x.de/oparl/v1/paper/12"),
            super::paper_key("https://x.de/oparl/v1/paper/13")
        );
    }
}
