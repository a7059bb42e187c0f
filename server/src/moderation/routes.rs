//! `/api/v1/reports` for everyone signed in, `/api/v1/moderation` for
//! moderators, `/api/v1/me/moderation` for authors.

use axum::{Json, extract::State, http::StatusCode};
use shared::{
    api::ApiErrorBody,
    moderation::{
        Decision, DecisionAction, ModerationNotice, QueueItem, ReportRequest, Visibility,
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{content, store};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::ApiJson,
    state::AppState,
};

/// How many items the queue shows at once.
const QUEUE_LENGTH: u32 = 100;
const NOTE_MAX_CHARS: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report))
        .routes(routes!(queue))
        .routes(routes!(decide))
        .routes(routes!(my_notices))
}

/// Reports content to the moderators; once per person and content.
#[utoipa::path(post, path = "/reports", tag = "moderation", request_body = ReportRequest,
    responses(
        (status = 201, description = "Reported"),
        (status = 400, description = "Own content or note too long", body = ApiErrorBody),
        (status = 404, description = "No such content", body = ApiErrorBody),
        (status = 409, description = "Already reported by this person", body = ApiErrorBody),
    ))]
async fn report(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(request): ApiJson<ReportRequest>,
) -> Result<StatusCode> {
    actor.may(Action::Report)?;
    let content = existing(&state, &request.target).await?;
    if content.author == actor.account.id {
        return Err(Error::InvalidInput(
            "Eigene Beiträge können Sie nicht melden.".into(),
        ));
    }
    let note = request
        .note
        .map(|note| note.trim().to_owned())
        .filter(|note| !note.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS)
    {
        return Err(Error::InvalidInput(format!(
            "Die Anmerkung darf höchstens {NOTE_MAX_CHARS} Zeichen lang sein."
        )));
    }
    store::add_report(
        &state.db,
        &request.target,
        &content.author,
        &actor.account.id,
        request.reason,
        note,
        state.moderation.reports_to_hide,
    )
    .await?;
    Ok(StatusCode::CREATED)
}

/// Content waiting for a decision, hidden-pending-review first.
#[utoipa::path(get, path = "/moderation/queue", tag = "moderation",
    responses(
        (status = 200, body = Vec<QueueItem>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn queue(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<QueueItem>>> {
    actor.may(Action::Moderate)?;
    let mut items = Vec::new();
    for row in store::queue(&state.db, QUEUE_LENGTH).await? {
        let target = store::parse_target(&row.target)?;
        let preview = content::lookup(&state.db, state.moderation.owners, &target)
            .await?
            .map(|content| content.preview)
            .unwrap_or_default();
        items.push(QueueItem {
            reports: store::open_reports(&state.db, &row.target).await?,
            target,
            preview,
            visibility: row.visibility,
        });
    }
    Ok(Json(items))
}

/// Hides content (the reason is shown to its author) or restores it.
#[utoipa::path(post, path = "/moderation/decisions", tag = "moderation", request_body = Decision,
    responses(
        (status = 204, description = "Decided; open reports are closed"),
        (status = 400, description = "Reason missing", body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn decide(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<StatusCode> {
    actor.may(Action::Moderate)?;
    let reason = decision.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte geben Sie eine Begründung an; bei ausgeblendeten Beiträgen sieht die Autorin oder der Autor sie.".into(),
        ));
    }
    let content = existing(&state, &decision.target).await?;
    let (visibility, action) = match decision.action {
        DecisionAction::Hide => (Visibility::Hidden, "content.hidden"),
        DecisionAction::Restore => (Visibility::Visible, "content.restored"),
    };
    let shown_reason = (visibility == Visibility::Hidden).then(|| reason.clone());
    store::decide(
        &state.db,
        &decision.target,
        &content.author,
        visibility,
        shown_reason,
        &actor.account.id,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        action,
        &decision.target.to_string(),
        &reason,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person's content that is hidden, with the reasons.
#[utoipa::path(get, path = "/me/moderation", tag = "moderation",
    responses((status = 200, body = Vec<ModerationNotice>), (status = 401, body = ApiErrorBody)))]
async fn my_notices(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<Vec<ModerationNotice>>> {
    actor.may(Action::ManageOwnAccount)?;
    Ok(Json(
        store::notices_for(&state.db, &actor.account.id).await?,
    ))
}

async fn existing(
    state: &AppState,
    target: &shared::moderation::ContentRef,
) -> Result<content::Content> {
    content::lookup(&state.db, state.moderation.owners, target)
        .await?
        .ok_or_else(|| Error::NotFound("Diesen Beitrag gibt es nicht (mehr).".into()))
}
