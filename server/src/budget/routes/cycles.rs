//! `/budgets`: cycles, their settings and phases.

use axum::{Json, extract::State, http::StatusCode};
use shared::{
    api::ApiErrorBody,
    budget::{Cycle, CycleSettings, Participation, PhaseKind, Preselection},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{
    context::{CycleContext, city_and_districts},
    settings, store, validate,
};
use crate::{
    accounts::{Action, Actor},
    audit,
    db::Db,
    error::{Error, Result},
    extract::{ApiJson, ApiPath},
    secret,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_cycle, update))
        .routes(routes!(advance))
}

/// All budget cycles, newest first.
#[utoipa::path(get, path = "/budgets", tag = "budget",
    responses((status = 200, body = Vec<Cycle>)))]
async fn list(State(state): State<AppState>, actor: Option<Actor>) -> Result<Json<Vec<Cycle>>> {
    let mut cycles = Vec::new();
    for row in store::cycles(&state.db).await? {
        let ctx = CycleContext::load(&state.db, row.number).await?;
        cycles.push(view(&state.db, &ctx, actor.as_ref()).await?);
    }
    Ok(Json(cycles))
}

/// One cycle with its sub-budgets, the running phase and, signed in,
/// what the person may still do.
#[utoipa::path(get, path = "/budgets/{cycle}", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, body = Cycle), (status = 404, body = ApiErrorBody)))]
async fn get_cycle(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Cycle>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    Ok(Json(view(&state.db, &ctx, actor.as_ref()).await?))
}

/// Sets up a new cycle (staff).
#[utoipa::path(post, path = "/budgets", tag = "budget", request_body = CycleSettings,
    responses(
        (status = 201, body = Cycle),
        (status = 400, description = "Settings not valid", body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<CycleSettings>,
) -> Result<(StatusCode, Json<Cycle>)> {
    actor.may(Action::ManageBudgets)?;
    let (_, districts) = city_and_districts(&state.db).await?;
    let checked = validate::checked(input, &districts)?;
    let number = store::allocate(&state.db, "cycle").await?;
    store::create_cycle(&state.db, number, &checked, &secret::token()?).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.cycle_created",
        &format!("budget:{number}"),
        &checked.title,
    )
    .await?;
    let ctx = CycleContext::load(&state.db, number).await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&state.db, &ctx, Some(&actor)).await?),
    ))
}

/// Changes a cycle (staff). Once voting has opened, its money, rules and
/// the dates up to the end of the ballot are fixed.
#[utoipa::path(put, path = "/budgets/{cycle}", tag = "budget", request_body = CycleSettings,
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses(
        (status = 200, body = Cycle),
        (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "Voting has opened; rules are fixed", body = ApiErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<CycleSettings>,
) -> Result<Json<Cycle>> {
    actor.may(Action::ManageBudgets)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    let checked = validate::checked(input, &ctx.districts)?;
    if ctx.has_begun(PhaseKind::Ballot) && !keeps_voting_rules(&ctx.row.settings, &checked) {
        return Err(Error::Conflict(
            "Die Abstimmung hat begonnen: Budget, Regeln und die Termine bis zum Ende der Abstimmung können nicht mehr geändert werden.".into(),
        ));
    }
    store::update_settings(&state.db, id, &checked).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.cycle_changed",
        &format!("budget:{id}"),
        &checked.title,
    )
    .await?;
    let ctx = CycleContext::load(&state.db, id).await?;
    Ok(Json(view(&state.db, &ctx, Some(&actor)).await?))
}

fn keeps_voting_rules(old: &CycleSettings, new: &CycleSettings) -> bool {
    let until_ballot = |s: &CycleSettings| {
        s.phases
            .iter()
            .take_while(|p| p.kind != PhaseKind::Results)
            .cloned()
            .collect::<Vec<_>>()
    };
    old.city_wide_amount == new.city_wide_amount
        && old.districts == new.districts
        && old.preselection == new.preselection
        && old.ballot == new.ballot
        && old.result_rule == new.result_rule
        && until_ballot(old) == until_ballot(new)
}

/// Ends the running phase now and starts the next one (staff).
#[utoipa::path(post, path = "/budgets/{cycle}/advance", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses(
        (status = 200, body = Cycle),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "The cycle is over", body = ApiErrorBody),
    ))]
async fn advance(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
) -> Result<Json<Cycle>> {
    actor.may(Action::ManageBudgets)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    let mut changed = ctx.row.settings.clone();
    changed.phases = settings::advance(&changed.phases, ctx.now)?;
    store::update_settings(&state.db, id, &changed).await?;
    let ctx = CycleContext::load(&state.db, id).await?;
    let phase = ctx.phase().map(settings::phase_name).unwrap_or("keine");
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.phase_started",
        &format!("budget:{id}"),
        phase,
    )
    .await?;
    Ok(Json(view(&state.db, &ctx, Some(&actor)).await?))
}

async fn view(db: &Db, ctx: &CycleContext, actor: Option<&Actor>) -> Result<Cycle> {
    let cycle = ctx.number();
    let budgets = ctx.budgets();
    let settings = &ctx.row.settings;
    let me = match actor {
        None => None,
        Some(actor) => {
            let account = &actor.account.id;
            let made = store::count_by_author(db, cycle, account).await?;
            let supports_left = match settings.preselection {
                Preselection::Supports { max_per_person, .. } => {
                    let given = store::supports_given(db, cycle, account).await?.len() as u64;
                    Some(u64::from(max_per_person).saturating_sub(given) as u32)
                }
                Preselection::Rating { .. } => None,
            };
            Some(Participation {
                proposals_left: u64::from(settings.proposal_limit).saturating_sub(made) as u32,
                supports_left,
                has_voted: store::ballot(
                    db,
                    cycle,
                    &store::voter_of_account(db, cycle, account).await?,
                )
                .await?
                .is_some(),
            })
        }
    };
    Ok(Cycle {
        id: cycle,
        description_html: shared::markdown::render(&settings.description),
        settings: settings.clone(),
        total: budgets.iter().map(|b| b.amount).sum(),
        budgets,
        current_phase: ctx.phase(),
        begun: ctx.has_begun(PhaseKind::Proposals),
        proposals: store::count_proposals(db, cycle).await?,
        ballots: if ctx.has_begun(PhaseKind::Results) {
            Some(store::count_ballots(db, cycle).await?)
        } else {
            None
        },
        me,
    })
}
