//! `/api/v1/polls`: setting polls up, voting, receipts and results.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use shared::{
    api::ApiErrorBody,
    city::District,
    polls::{
        BallotPaper, Poll, PollDraft, PollPhase, PollResults, PollSummary, QuestionKind, Receipt,
        ReceiptCheck, ReceiptStatus, Standing,
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    receipt,
    store::{self, PollRow, Refusal},
    validate, views,
};
use crate::{
    accounts::{Action, Actor},
    audit, city, clock,
    error::{Error, Result},
    extract::{ApiJson, ApiPath},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(close))
        .routes(routes!(vote))
        .routes(routes!(check_receipt))
        .routes(routes!(results))
        .routes(routes!(ballots_csv))
}

/// All polls, newest first.
#[utoipa::path(get, path = "/polls", tag = "polls",
    responses((status = 200, body = Vec<PollSummary>)))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<PollSummary>>> {
    let districts = districts(&state).await?;
    let now = Utc::now();
    let polls = store::polls(&state.db).await?;
    let counts = state.closed_polls.counts(&state.db, &polls, now).await?;
    Ok(Json(
        polls
            .iter()
            .map(|row| {
                let ballots = counts.get(&row.number).copied().unwrap_or(0);
                views::summary(row, now, ballots, &districts)
            })
            .collect(),
    ))
}

/// Sets up a poll.
#[utoipa::path(post, path = "/polls", tag = "polls", request_body = PollDraft,
    responses((status = 201, body = Poll), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(draft): ApiJson<PollDraft>,
) -> Result<(StatusCode, Json<Poll>)> {
    actor.may(Action::ManagePolls)?;
    let districts = districts(&state).await?;
    let checked = validate::checked_draft(draft, &keys(&districts))?;
    let number = store::allocate(&state.db).await?;
    store::create(&state.db, number, &checked, Some(&actor.account.id)).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "poll.created",
        &format!("poll:{number}"),
        &checked.draft.title,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(one(&state, number, Some(&actor)).await?),
    ))
}

/// One poll, with whether the person asking may vote.
#[utoipa::path(get, path = "/polls/{number}", tag = "polls",
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 200, body = Poll), (status = 404, body = ApiErrorBody)))]
async fn show(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<Poll>> {
    Ok(Json(one(&state, number, actor.as_ref()).await?))
}

/// Changes a poll that has not opened yet.
#[utoipa::path(put, path = "/polls/{number}", tag = "polls", request_body = PollDraft,
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 200, body = Poll), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, description = "The poll has opened", body = ApiErrorBody)))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(draft): ApiJson<PollDraft>,
) -> Result<Json<Poll>> {
    actor.may(Action::ManagePolls)?;
    existing(&state, number).await?;
    let districts = districts(&state).await?;
    let checked = validate::checked_draft(draft, &keys(&districts))?;
    store::update(&state.db, number, &checked).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "poll.changed",
        &format!("poll:{number}"),
        &checked.draft.title,
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

/// Ends an open poll now, e.g. a survey that has enough answers.
#[utoipa::path(post, path = "/polls/{number}/close", tag = "polls",
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 200, body = Poll), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "The poll is not open", body = ApiErrorBody)))]
async fn close(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<Poll>> {
    actor.may(Action::ManagePolls)?;
    existing(&state, number).await?;
    store::close_now(&state.db, number).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "poll.closed_early",
        &format!("poll:{number}"),
        "vorzeitig beendet",
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

/// Casts the signed-in person's ballot. The answer's receipt code is shown
/// once; with it the voter checks after the close that the ballot counted.
#[utoipa::path(post, path = "/polls/{number}/ballots", tag = "polls", request_body = BallotPaper,
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 201, body = Receipt), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, description = "Not a resident of the poll's district", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "Already voted, or the poll is not open", body = ApiErrorBody)))]
async fn vote(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(paper): ApiJson<BallotPaper>,
) -> Result<(StatusCode, Json<Receipt>)> {
    actor.may(Action::Participate)?;
    let row = opened(&state, number).await?;
    // Only a poll of one district can turn someone away here, and only its
    // refusal names districts: the common vote reads no more than it needs.
    if row.district.is_some() {
        let districts = districts(&state).await?;
        if let Standing::NotEligible { reason } =
            views::standing(&row, Some(&actor), false, &districts)
        {
            return Err(Error::Forbidden(reason));
        }
    }
    // The casting itself refuses a second ballot; whoever voted already
    // learns that first, not what is wrong with the new ballot.
    let answers = match validate::checked_ballot(&row.questions, paper.answers) {
        Ok(answers) => answers,
        Err(_) if store::has_voted(&state.db, number, &actor.account.id).await? => {
            return Err(Error::Conflict(refused(&row, Refusal::AlreadyVoted)));
        }
        Err(invalid) => return Err(invalid),
    };
    let code = receipt::new_code()?;
    let cast = store::cast(
        &state.db,
        number,
        &actor.account.id,
        &receipt::hash(&code),
        &answers,
    )
    .await?;
    match cast {
        Ok(()) => Ok((StatusCode::CREATED, Json(Receipt { poll: number, code }))),
        Err(refusal) => {
            // Staff may have closed the poll early: the refusal names its current times.
            let row = existing(&state, number).await?;
            Err(Error::Conflict(refused(&row, refusal)))
        }
    }
}

fn refused(row: &PollRow, refusal: Refusal) -> String {
    let at = |stored: &str| {
        clock::parse(stored)
            .map(clock::german_text)
            .unwrap_or_default()
    };
    match refusal {
        Refusal::AlreadyVoted => {
            "Sie haben in dieser Abstimmung schon abgestimmt. Jede Person hat eine Stimme.".into()
        }
        Refusal::NotOpen => format!("Die Abstimmung beginnt erst am {}.", at(&row.opens_at)),
        Refusal::Closed => format!(
            "Die Abstimmung ist seit {} beendet; es werden keine Stimmen mehr angenommen.",
            at(&row.closes_at)
        ),
    }
}

/// Whether the ballot with this receipt code is stored and counted.
#[utoipa::path(get, path = "/polls/{number}/receipts/{code}", tag = "polls",
    params(("number" = u64, Path, description = "Number of the poll"), ("code" = String, Path, description = "The receipt code")),
    responses((status = 200, body = ReceiptCheck), (status = 404, body = ApiErrorBody)))]
async fn check_receipt(
    State(state): State<AppState>,
    ApiPath((number, code)): ApiPath<(u64, String)>,
) -> Result<Json<ReceiptCheck>> {
    let row = existing(&state, number).await?;
    let status = if !store::has_receipt(&state.db, number, &receipt::hash(&code)).await? {
        ReceiptStatus::Unknown
    } else if views::phase(&row, Utc::now()) == PollPhase::Closed {
        ReceiptStatus::Counted
    } else {
        ReceiptStatus::Received
    };
    Ok(Json(ReceiptCheck { status }))
}

/// The count, once the poll has closed (or while open, for live polls).
#[utoipa::path(get, path = "/polls/{number}/results", tag = "polls",
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 200, body = PollResults), (status = 403, description = "Results are not published yet", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn results(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Json<PollResults>> {
    let (row, phase) = published(&state, number).await?;
    let counted = state
        .closed_polls
        .results(&state.db, &row, Utc::now())
        .await?;
    Ok(Json(PollResults {
        number,
        questions: counted.questions.as_ref().clone(),
        ballots: counted.ballots,
        r#final: phase == PollPhase::Closed,
        title: row.title,
    }))
}

/// Every ballot without anything that names its voter, one row each, as
/// open data that anyone can recount.
#[utoipa::path(get, path = "/polls/{number}/ballots.csv", tag = "polls",
    params(("number" = u64, Path, description = "Number of the poll")),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 403, description = "Results are not published yet", body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn ballots_csv(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<u64>,
) -> Result<Response> {
    let (row, _) = published(&state, number).await?;
    let ballots = store::ballots(&state.db, number).await?;
    let mut csv = String::from("Stimmzettel");
    for question in &row.questions {
        csv.push(';');
        csv.push_str(&crate::csv::field(&question.text));
    }
    csv.push_str("\r\n");
    for (index, ballot) in ballots.iter().enumerate() {
        csv.push_str(&(index + 1).to_string());
        for (question, answer) in row.questions.iter().zip(ballot) {
            let cell = match question.kind {
                QuestionKind::Text => answer.text.clone().unwrap_or_default(),
                kind => answer
                    .choices
                    .iter()
                    .enumerate()
                    .filter_map(|(place, &choice)| {
                        let option = question.options.get(choice as usize)?;
                        Some(match kind {
                            QuestionKind::Ranking { .. } => format!("{}. {option}", place + 1),
                            _ => option.clone(),
                        })
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            csv.push(';');
            csv.push_str(&crate::csv::field(&cell));
        }
        csv.push_str("\r\n");
    }
    Ok(crate::csv::file(&format!("abstimmung-{number}-stimmzettel.csv"), csv).into_response())
}

/// A poll whose results are published, with its phase.
async fn published(state: &AppState, number: u64) -> Result<(PollRow, PollPhase)> {
    let row = existing(state, number).await?;
    let phase = views::phase(&row, Utc::now());
    if !views::results_available(&row, phase) {
        let closes = clock::parse(&row.closes_at)
            .map(clock::german_text)
            .unwrap_or_default();
        return Err(Error::Forbidden(format!(
            "Die Ergebnisse werden nach dem Ende der Abstimmung am {closes} veröffentlicht; bis dahin sieht sie niemand."
        )));
    }
    Ok((row, phase))
}

async fn one(state: &AppState, number: u64, viewer: Option<&Actor>) -> Result<Poll> {
    let row = existing(state, number).await?;
    let districts = districts(state).await?;
    let voted = match viewer {
        Some(actor) => store::has_voted(&state.db, number, &actor.account.id).await?,
        None => false,
    };
    let standing = views::standing(&row, viewer, voted, &districts);
    let now = Utc::now();
    let counts = state
        .closed_polls
        .counts(&state.db, std::slice::from_ref(&row), now)
        .await?;
    let ballots = counts.get(&number).copied().unwrap_or(0);
    Ok(views::poll(row, now, ballots, standing, &districts))
}

/// The poll as a vote needs it: its questions and district, which stay as
/// they are once it has opened.
async fn opened(state: &AppState, number: u64) -> Result<std::sync::Arc<PollRow>> {
    if let Some(row) = state.opened_polls.get(number) {
        return Ok(row);
    }
    let row = std::sync::Arc::new(existing(state, number).await?);
    state.opened_polls.keep_if_open(&row, Utc::now());
    Ok(row)
}

async fn existing(state: &AppState, number: u64) -> Result<PollRow> {
    store::poll(&state.db, number)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Eine Abstimmung Nr. {number} gibt es nicht.")))
}

async fn districts(state: &AppState) -> Result<Vec<District>> {
    Ok(city::load(&state.db)
        .await?
        .map(|city| city.districts)
        .unwrap_or_default())
}

fn keys(districts: &[District]) -> Vec<String> {
    districts.iter().map(|d| d.key.clone()).collect()
}
