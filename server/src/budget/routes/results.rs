//! Results, the Pabulib and CSV exports, and checking a `.pb` file.

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    budget::{PabulibCheck, PhaseKind, ProjectOutcome, ResultRule, Results},
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{
    closed::Closed,
    context::CycleContext,
    pabulib,
    rules::{self, Outcome},
    store::ProposalRow,
    tally::{self, Part},
};
use crate::{
    error::{Error, Result},
    extract::{ApiPath, ApiQuery},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(results))
        .routes(routes!(pabulib_file))
        .routes(routes!(results_csv))
        .routes(routes!(ballots_csv))
        .routes(routes!(check))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RuleQuery {
    /// The cycle's published rule when left out.
    rule: Option<ResultRule>,
}

/// Everything the results are computed from, once the ballot closed.
struct Inputs {
    ctx: CycleContext,
    closed: Arc<Closed>,
}

impl Inputs {
    async fn load(state: &AppState, id: u64) -> Result<Self> {
        let ctx = CycleContext::load(&state.db, id).await?;
        if !ctx.has_begun(PhaseKind::Results) {
            let ends = ctx
                .row
                .settings
                .phases
                .iter()
                .find(|p| p.kind == PhaseKind::Ballot)
                .map(|p| p.ends.clone())
                .unwrap_or_default();
            return Err(Error::Conflict(format!(
                "Das Ergebnis steht fest, wenn die Abstimmung endet ({ends})."
            )));
        }
        let closed = state.closed_ballots.of(&state.db, &ctx).await?;
        Ok(Self { ctx, closed })
    }

    fn parts<'a>(&'a self, budgets: &'a [shared::budget::SubBudget]) -> Vec<Part<'a>> {
        let on_ballot: Vec<&ProposalRow> = self
            .closed
            .proposals
            .iter()
            .filter(|p| self.closed.on_ballot.contains(&p.number))
            .collect();
        tally::parts(budgets, &on_ballot, &self.closed.ballots)
    }

    async fn outcomes(&self, parts: &[Part<'_>], rule: ResultRule) -> Result<Arc<Vec<Outcome>>> {
        self.closed.outcomes(parts, rule).await
    }
}

fn pabulib_url(state: &AppState, id: u64, part: &Part) -> String {
    state
        .public_url
        .join(&format!(
            "api/v1/budgets/{id}/pabulib/{}.pb",
            tally::file_key(part.budget)
        ))
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// The winners of every (sub-)budget under a rule, with an explanation
/// per project; project ids as in the `.pb` files.
#[utoipa::path(get, path = "/budgets/{cycle}/results", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), RuleQuery),
    responses(
        (status = 200, body = Results),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "The ballot has not closed yet", body = ApiErrorBody),
    ))]
async fn results(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(query): ApiQuery<RuleQuery>,
) -> Result<Json<Results>> {
    let inputs = Inputs::load(&state, id).await?;
    let rule = query.rule.unwrap_or(inputs.ctx.row.settings.result_rule);
    let budgets = inputs.ctx.budgets();
    let parts = inputs.parts(&budgets);
    let outcomes = inputs.outcomes(&parts, rule).await?;
    Ok(Json(Results {
        rule,
        budgets: parts
            .iter()
            .zip(outcomes.iter())
            .map(|(part, outcome)| tally::result(part, outcome, pabulib_url(&state, id, part)))
            .collect(),
    }))
}

/// One (sub-)budget in the Pabulib format (`city-wide.pb` or
/// `<district key>.pb`), with anonymised voter ids and `selected` by the
/// cycle's rule.
#[utoipa::path(get, path = "/budgets/{cycle}/pabulib/{file}", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("file" = String, Path, description = "`city-wide.pb` or `<district>.pb`")),
    responses(
        (status = 200, content_type = "text/plain", body = String),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn pabulib_file(
    State(state): State<AppState>,
    ApiPath((id, file)): ApiPath<(u64, String)>,
) -> Result<Response> {
    let inputs = Inputs::load(&state, id).await?;
    let budgets = inputs.ctx.budgets();
    let parts = inputs.parts(&budgets);
    let key = file.strip_suffix(".pb").unwrap_or(&file);
    let index = parts
        .iter()
        .position(|p| tally::file_key(p.budget) == key)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "Eine Pabulib-Datei „{file}“ gibt es für diesen Bürgerhaushalt nicht."
            ))
        })?;
    let settings = &inputs.ctx.row.settings;
    let outcomes = inputs.outcomes(&parts, settings.result_rule).await?;
    let text = pabulib::write(&tally::pabulib(
        &parts[index],
        settings,
        &inputs.ctx.city,
        &outcomes[index],
    ));
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"buergerhaushalt-{id}-{key}.pb\""),
            ),
        ],
        text,
    )
        .into_response())
}

/// All projects on the ballot with votes and outcome under the cycle's
/// rule, as CSV (`;`-separated, UTF-8).
#[utoipa::path(get, path = "/budgets/{cycle}/results.csv", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn results_csv(State(state): State<AppState>, ApiPath(id): ApiPath<u64>) -> Result<Response> {
    let inputs = Inputs::load(&state, id).await?;
    let budgets = inputs.ctx.budgets();
    let parts = inputs.parts(&budgets);
    let rule = inputs.ctx.row.settings.result_rule;
    let outcomes = inputs.outcomes(&parts, rule).await?;
    let mut csv = String::from("budget;projekt;titel;kosten;stimmen;gefoerdert\n");
    for (part, outcome) in parts.iter().zip(outcomes.iter()) {
        let result = tally::result(part, outcome, String::new());
        for project in result.projects {
            let funded = matches!(
                project.outcome,
                ProjectOutcome::Won | ProjectOutcome::WonInCompletion
            );
            csv.push_str(&format!(
                "{};{};{};{};{};{}\n",
                crate::csv::field(&result.district),
                crate::csv::field(&project.id),
                crate::csv::field(&project.title),
                project.cost,
                project.votes,
                if funded { "ja" } else { "nein" }
            ));
        }
    }
    Ok(crate::csv::file(
        &format!("buergerhaushalt-{id}-ergebnis.csv"),
        csv,
    ))
}

/// Every ballot per (sub-)budget with the same anonymised voter ids as the
/// Pabulib files, as CSV (`;`-separated, UTF-8; projects comma-separated).
#[utoipa::path(get, path = "/budgets/{cycle}/ballots.csv", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn ballots_csv(State(state): State<AppState>, ApiPath(id): ApiPath<u64>) -> Result<Response> {
    let inputs = Inputs::load(&state, id).await?;
    let budgets = inputs.ctx.budgets();
    let mut csv = String::from("budget;stimmzettel;projekte\n");
    for part in inputs.parts(&budgets) {
        for (voter, ballot) in part.election.ballots.iter().enumerate() {
            let projects: Vec<&str> = ballot
                .iter()
                .map(|&p| part.election.projects[p].id.as_str())
                .collect();
            csv.push_str(&format!(
                "{};{};{}\n",
                crate::csv::field(tally::file_key(part.budget)),
                voter + 1,
                crate::csv::field(&projects.join(","))
            ));
        }
    }
    Ok(crate::csv::file(
        &format!("buergerhaushalt-{id}-stimmzettel.csv"),
        csv,
    ))
}

/// Computes a Pabulib file (approval ballots) by both rules, e.g. to check
/// them against a published election. Nothing is stored.
#[utoipa::path(post, path = "/budgets/pabulib/check", tag = "budget",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = PabulibCheck), (status = 400, body = ApiErrorBody)))]
async fn check(State(state): State<AppState>, body: Bytes) -> Result<Json<PabulibCheck>> {
    let text = std::str::from_utf8(&body)
        .map_err(|_| Error::InvalidInput("Pabulib-Dateien sind UTF-8-Text.".into()))?;
    let file = pabulib::parse(text)?;
    let election = file.election()?;
    let selected_in_file = file.projects.iter().all(|p| p.selected.is_some()).then(|| {
        file.projects
            .iter()
            .filter(|p| p.selected == Some(true))
            .map(|p| p.id.clone())
            .collect()
    });
    let ids = |outcome: &Outcome| -> Vec<String> {
        outcome
            .winners
            .iter()
            .map(|&p| election.projects[p].id.clone())
            .collect()
    };
    let (greedy, mes) = {
        let election = election.clone();
        crate::cpu::run(move || {
            (
                rules::greedy(&election),
                rules::equal_shares_within(&election, state.pabulib_check_steps),
            )
        })
        .await?
    };
    let mes = mes.ok_or_else(|| {
        Error::InvalidInput(
            "Equal Shares braucht für diese Datei mehr Rechenschritte, als eine Prüfung hier haben darf. Rechnen Sie sie mit pabutools nach.".into(),
        )
    })?;
    Ok(Json(PabulibCheck {
        budget: election.budget,
        projects: election.projects.len() as u64,
        voters: election.ballots.len() as u64,
        greedy: ids(&greedy),
        mes: ids(&mes),
        selected_in_file,
    }))
}
