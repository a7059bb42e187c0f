//! `/budgets/{cycle}/ballot` and `/budgets/{cycle}/codes`: casting and changing
//! the one ballot per person or voting code, and printing codes.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    budget::{
        Ballot, BallotRequest, CodeBatch, CodeBatchRequest, CodeBatchState, CodeRequest, PhaseKind,
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{ballots, codes, context::CycleContext, store, views::Facts};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    secret,
    state::AppState,
};

/// Most codes in one batch: a district's worth of letters.
const BATCH_MAX: u32 = 50_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_ballot, cast))
        .routes(routes!(lookup))
        .routes(routes!(batches, create_batch))
        .routes(routes!(set_batch_state))
}

/// The signed-in person's ballot in this cycle.
#[utoipa::path(get, path = "/budgets/{cycle}/ballot", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, body = Ballot), (status = 401, body = ApiErrorBody), (status = 404, description = "Not voted yet", body = ApiErrorBody)))]
async fn my_ballot(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Ballot>> {
    CycleContext::load(&state.db, id).await?;
    let voter = store::voter_of_account(&state.db, id, &actor.account.id).await?;
    store::ballot(&state.db, id, &voter)
        .await?
        .map(Json)
        .ok_or_else(not_voted)
}

fn not_voted() -> Error {
    Error::NotFound("Mit diesem Zugang wurde noch nicht abgestimmt.".into())
}

/// The ballot cast with a voting code, to change it.
#[utoipa::path(post, path = "/budgets/{cycle}/ballot/lookup", tag = "budget", request_body = CodeRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, body = Ballot), (status = 403, description = "Unknown or blocked code", body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn lookup(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<Json<Ballot>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    let voter = code_voter(&state, &ctx, &request.code).await?;
    store::ballot(&state.db, id, &voter)
        .await?
        .map(Json)
        .ok_or_else(not_voted)
}

async fn code_voter(state: &AppState, ctx: &CycleContext, code: &str) -> Result<String> {
    let hash = codes::hash(&ctx.row.code_salt, code);
    match store::code(&state.db, ctx.number(), &hash).await? {
        None => Err(Error::Forbidden(
            "Diesen Abstimmungscode gibt es für diesen Bürgerhaushalt nicht. Bitte prüfen Sie die Eingabe.".into(),
        )),
        Some((_, false)) => Err(Error::Forbidden(
            "Dieser Abstimmungscode wurde gesperrt. Bitte wenden Sie sich an die Stadtverwaltung.".into(),
        )),
        Some((_, true)) => Ok(codes::voter(&hash)),
    }
}

/// Casts or changes the ballot while the ballot phase runs: signed in, or
/// with a voting code (`code`). One ballot per person or code; a later one
/// replaces it. A code used while signed in joins code and account into one
/// voter: the account's ballot goes, and its later ballots change the code's.
#[utoipa::path(put, path = "/budgets/{cycle}/ballot", tag = "budget", request_body = BallotRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses(
        (status = 200, body = Ballot),
        (status = 400, description = "Not a valid ballot under the cycle's rules", body = ApiErrorBody),
        (status = 401, description = "Neither signed in nor a code", body = ApiErrorBody),
        (status = 403, description = "Unknown or blocked code", body = ApiErrorBody),
        (status = 409, description = "Voting is not open, or the code belongs to another account", body = ApiErrorBody),
    ))]
async fn cast(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(id): ApiPath<u64>,
    ApiJson(request): ApiJson<BallotRequest>,
) -> Result<Json<Ballot>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    let code = request.code.as_deref().filter(|c| !c.trim().is_empty());
    let (voter, joining) = match (code, &actor) {
        (Some(code), actor) => (
            code_voter(&state, &ctx, code).await?,
            actor.as_ref().map(|actor| actor.account.id.clone()),
        ),
        (None, Some(actor)) => {
            actor.may(Action::Participate)?;
            let voter = store::voter_of_account(&state.db, id, &actor.account.id).await?;
            (voter, None)
        }
        (None, None) => {
            return Err(Error::Unauthorized(
                "Bitte melden Sie sich an oder geben Sie Ihren Abstimmungscode ein.".into(),
            ));
        }
    };
    ctx.require_phase(PhaseKind::Ballot, "Abstimmen")?;
    let facts = Facts::gather(&state.db, &ctx, None).await?;
    let on_ballot: Vec<_> = facts.ballot.iter().collect();
    let ballot = ballots::checked(
        request.ballot,
        ctx.row.settings.ballot,
        &ctx.budgets(),
        &on_ballot,
    )?;
    if let Some(account) = joining {
        store::join_code(&state.db, id, &account, &voter).await?;
    }
    store::put_ballot(&state.db, id, &voter, &ballot, &secret::token()?).await?;
    Ok(Json(ballot))
}

/// The code batches of a cycle with how many codes were used (staff).
#[utoipa::path(get, path = "/budgets/{cycle}/codes", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, body = Vec<CodeBatch>), (status = 403, body = ApiErrorBody)))]
async fn batches(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Vec<CodeBatch>>> {
    actor.may(Action::ManageBudgets)?;
    CycleContext::load(&state.db, id).await?;
    let used = store::codes_used(&state.db, id).await?;
    Ok(Json(
        store::code_batches(&state.db, id)
            .await?
            .into_iter()
            .map(|b| CodeBatch {
                used: used.get(&b.number).copied().unwrap_or_default(),
                number: b.number,
                note: b.note,
                count: b.count,
                active: b.active,
                created_at: b.created_at,
                codes: Vec::new(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BatchFormat {
    /// `csv` for a file to print or mail-merge; JSON otherwise.
    format: Option<String>,
}

/// Creates a batch of one-time voting codes (staff). The codes appear only
/// in this answer; the server keeps nothing but salted hashes.
#[utoipa::path(post, path = "/budgets/{cycle}/codes", tag = "budget", request_body = CodeBatchRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle"), BatchFormat),
    responses(
        (status = 201, body = CodeBatch),
        (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 409, description = "The ballot has closed", body = ApiErrorBody),
    ))]
async fn create_batch(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(format): ApiQuery<BatchFormat>,
    ApiJson(request): ApiJson<CodeBatchRequest>,
) -> Result<Response> {
    actor.may(Action::ManageBudgets)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    if ctx.has_begun(PhaseKind::Results) {
        return Err(Error::Conflict("Die Abstimmung ist beendet.".into()));
    }
    if !(1..=BATCH_MAX).contains(&request.count) {
        return Err(Error::InvalidInput(format!(
            "Ein Stapel umfasst 1 bis {BATCH_MAX} Codes."
        )));
    }
    let note = request.note.trim().to_owned();
    let codes = (0..request.count)
        .map(|_| codes::new_code())
        .collect::<Result<Vec<_>>>()?;
    let hashes = codes
        .iter()
        .map(|c| codes::hash(&ctx.row.code_salt, c))
        .collect();
    let number = store::allocate(&state.db, &format!("codes-{id}")).await?;
    store::create_code_batch(&state.db, id, number, &note, hashes, &actor.account.id).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.codes_created",
        &format!("budget:{id}"),
        &format!("Stapel {number}: {} Codes ({note})", request.count),
    )
    .await?;
    if format.format.as_deref() == Some("csv") {
        let mut csv = String::from("stapel;code\n");
        for code in &codes {
            csv.push_str(&format!("{number};{code}\n"));
        }
        let file = crate::csv::file(&format!("abstimmungscodes-{id}-{number}.csv"), csv);
        return Ok((StatusCode::CREATED, file).into_response());
    }
    Ok((
        StatusCode::CREATED,
        Json(CodeBatch {
            number,
            note,
            count: codes.len() as u64,
            used: 0,
            active: true,
            created_at: crate::budget::settings::format_time(chrono::Utc::now()),
            codes,
        }),
    )
        .into_response())
}

/// Blocks or unblocks all codes of a batch (staff); ballots already cast
/// with them stay counted.
#[utoipa::path(put, path = "/budgets/{cycle}/codes/{batch}", tag = "budget", request_body = CodeBatchState,
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("batch" = u64, Path, description = "Number of the batch")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn set_batch_state(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, batch)): ApiPath<(u64, u64)>,
    ApiJson(request): ApiJson<CodeBatchState>,
) -> Result<StatusCode> {
    actor.may(Action::ManageBudgets)?;
    CycleContext::load(&state.db, id).await?;
    if !store::set_batch_active(&state.db, id, batch, request.active).await? {
        return Err(Error::NotFound(format!(
            "Einen Code-Stapel {batch} gibt es nicht."
        )));
    }
    audit::record(
        &state.db,
        Some(&actor.account.id),
        if request.active {
            "budget.codes_unblocked"
        } else {
            "budget.codes_blocked"
        },
        &format!("budget:{id}"),
        &format!("Stapel {batch}"),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
