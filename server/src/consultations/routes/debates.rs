//! `/api/v1/debates`: a question with pro and contra arguments, supports on
//! arguments, closed by staff with a conclusion.

use axum::{Json, extract::State, http::StatusCode};
use shared::{
    api::ApiErrorBody,
    consultations::{ArgumentDraft, Conclusion, Debate, DebateDraft, DebateSummary, Side},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::consultations::{
    store::{self, DebateRow, SupportTable},
    validate, views,
};
use crate::{
    accounts::{Action, Actor},
    audit, clock,
    error::{Error, Result},
    extract::{ApiJson, ApiPath},
    state::AppState,
};

const QUESTION_CHARS: std::ops::RangeInclusive<usize> = 5..=300;
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 0..=20_000;
const ARGUMENT_CHARS: std::ops::RangeInclusive<usize> = 5..=3_000;
const CONCLUSION_CHARS: std::ops::RangeInclusive<usize> = 5..=10_000;
/// A debate shows all its arguments at once, the most supported first: a
/// thousand is more than anyone reads, and it bounds what a view costs.
const MAX_ARGUMENTS: u64 = 1_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show))
        .routes(routes!(add_argument))
        .routes(routes!(support, withdraw_support))
        .routes(routes!(close))
}

/// All debates, newest first, with their number of arguments per side.
#[utoipa::path(get, path = "/debates", tag = "consultations",
    responses((status = 200, body = Vec<DebateSummary>)))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<DebateSummary>>> {
    let debates = store::debates(&state.db).await?;
    let numbers: Vec<u64> = debates.iter().map(|row| row.number).collect();
    let counts = store::argument_counts(&state.db, &numbers).await?;
    let summaries = debates
        .into_iter()
        .map(|row| {
            let count = |side| counts.get(&(row.number, side)).copied().unwrap_or_default();
            DebateSummary {
                number: row.number,
                closed: row.closed_at.is_some(),
                pro: count(Side::Pro),
                contra: count(Side::Contra),
                question: row.question,
            }
        })
        .collect();
    Ok(Json(summaries))
}

/// Opens a debate.
#[utoipa::path(post, path = "/debates", tag = "consultations", request_body = DebateDraft,
    responses((status = 201, body = Debate), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(draft): ApiJson<DebateDraft>,
) -> Result<(StatusCode, Json<Debate>)> {
    actor.may(Action::ManageConsultations)?;
    let question = validate::within(&draft.question, QUESTION_CHARS, "Die Frage")?;
    let description = validate::within(&draft.description, DESCRIPTION_CHARS, "Die Beschreibung")?;
    let number = store::allocate(&state.db, "debate_sequence").await?;
    store::create_debate(
        &state.db,
        number,
        &question,
        &description,
        Some(&actor.account.id),
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "debate.opened",
        &format!("debate:{number}"),
        &question,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(one(&state, number, Some(&actor)).await?),
    ))
}

#[utoipa::path(get, path = "/debates/{number}", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the debate")),
    responses((status = 200, body = Debate), (status = 404, body = ApiErrorBody)))]
async fn show(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<Debate>> {
    Ok(Json(one(&state, number, actor.as_ref()).await?))
}

/// Adds a pro or contra argument while the debate is open.
#[utoipa::path(post, path = "/debates/{number}/arguments", tag = "consultations", request_body = ArgumentDraft,
    params(("number" = u64, Path, description = "Number of the debate")),
    responses((status = 201, body = Debate), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, description = "The debate is closed or has 1,000 arguments", body = ApiErrorBody)))]
async fn add_argument(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(draft): ApiJson<ArgumentDraft>,
) -> Result<(StatusCode, Json<Debate>)> {
    actor.may(Action::Participate)?;
    open(&existing(&state, number).await?)?;
    let body = validate::within(&draft.body, ARGUMENT_CHARS, "Ihr Argument")?;
    if store::count_arguments(&state.db, number).await? >= MAX_ARGUMENTS {
        return Err(Error::Conflict(format!(
            "Diese Diskussion hat schon {} Argumente, mehr nimmt sie nicht auf. Unterstützen Sie eines, das sagt, was Sie meinen.",
            shared::numbers::group_digits(&MAX_ARGUMENTS.to_string(), ".")
        )));
    }
    store::add_argument(&state.db, number, draft.side, &actor.account.id, &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(one(&state, number, Some(&actor)).await?),
    ))
}

/// Supports an argument; once per person.
#[utoipa::path(put, path = "/debates/{number}/arguments/{id}/support", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the debate"), ("id" = String, Path, description = "Id of the argument")),
    responses((status = 200, body = Debate), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "The debate is closed", body = ApiErrorBody)))]
async fn support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Json<Debate>> {
    set_support(&state, &actor, number, &id, true).await
}

#[utoipa::path(delete, path = "/debates/{number}/arguments/{id}/support", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the debate"), ("id" = String, Path, description = "Id of the argument")),
    responses((status = 200, body = Debate), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "The debate is closed", body = ApiErrorBody)))]
async fn withdraw_support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Json<Debate>> {
    set_support(&state, &actor, number, &id, false).await
}

async fn set_support(
    state: &AppState,
    actor: &Actor,
    number: u64,
    id: &str,
    on: bool,
) -> Result<Json<Debate>> {
    actor.may(Action::Participate)?;
    open(&existing(state, number).await?)?;
    store::argument(&state.db, id)
        .await?
        .filter(|a| a.debate == number)
        .ok_or_else(|| Error::NotFound(format!("Ein Argument „{id}“ gibt es hier nicht.")))?;
    store::set_support(
        &state.db,
        SupportTable::Arguments,
        number,
        id,
        &actor.account.id,
        on,
    )
    .await?;
    Ok(Json(one(state, number, Some(actor)).await?))
}

/// Closes the debate with the city's conclusion.
#[utoipa::path(post, path = "/debates/{number}/close", tag = "consultations", request_body = Conclusion,
    params(("number" = u64, Path, description = "Number of the debate")),
    responses((status = 200, body = Debate), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, description = "Already closed", body = ApiErrorBody)))]
async fn close(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(conclusion): ApiJson<Conclusion>,
) -> Result<Json<Debate>> {
    actor.may(Action::ManageConsultations)?;
    existing(&state, number).await?;
    let text = validate::within(&conclusion.text, CONCLUSION_CHARS, "Das Fazit")?;
    store::close_debate(&state.db, number, &text).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "debate.closed",
        &format!("debate:{number}"),
        &text,
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

fn open(debate: &DebateRow) -> Result<()> {
    match debate.closed_at {
        Some(_) => Err(Error::Conflict(
            "Die Diskussion ist abgeschlossen; Argumente und Unterstützungen sind nicht mehr möglich."
                .into(),
        )),
        None => Ok(()),
    }
}

async fn one(state: &AppState, number: u64, viewer: Option<&Actor>) -> Result<Debate> {
    let row = existing(state, number).await?;
    let rows = store::arguments(&state.db, number).await?;
    let viewer = viewer.map(|a| a.account.id.as_str());
    Ok(Debate {
        number,
        description_html: shared::markdown::render(&row.description),
        created_at: clock::german_iso(&row.created_at),
        closed_at: row.closed_at.as_deref().map(clock::german_iso),
        arguments: views::arguments(&state.db, number, &rows, viewer).await?,
        question: row.question,
        conclusion: row.conclusion,
    })
}

async fn existing(state: &AppState, number: u64) -> Result<DebateRow> {
    store::debate(&state.db, number)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Eine Diskussion Nr. {number} gibt es nicht.")))
}
