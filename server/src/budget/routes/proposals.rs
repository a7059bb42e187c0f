//! `/budgets/{cycle}/proposals`: proposing, reviewing, supporting, rating,
//! commenting and the implementation of winners.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    budget::{
        Comment, CommentRequest, Implementation, PhaseKind, Preselection, Proposal, ProposalDraft,
        ProposalStatus, RatingRequest, ReviewRequest, SimilarProposal,
    },
    moderation::ContentKind,
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{
    context::CycleContext,
    similar,
    store::{self, ProposalRow},
    views::Facts,
};
use crate::{
    accounts::{self, Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    moderation,
    page::{Page, Part},
    state::AppState,
};

const TITLE_CHARS: std::ops::RangeInclusive<usize> = 4..=120;
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 10..=10_000;
const COMMENT_MAX_CHARS: usize = 5_000;
const REASON_MAX_CHARS: usize = 5_000;
const MILESTONES_MAX: usize = 50;
/// At most this many similar titles are suggested.
const SIMILAR_SHOWN: usize = 5;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(similar_titles))
        .routes(routes!(get_proposal))
        .routes(routes!(review))
        .routes(routes!(support, withdraw_support))
        .routes(routes!(rate))
        .routes(routes!(comments, comment))
        .routes(routes!(implementation))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Filter {
    /// Stadtbezirk key, or `stadtweit` for city-wide proposals.
    district: Option<String>,
    category: Option<String>,
    status: Option<ProposalStatus>,
    /// Only those on the ballot.
    #[serde(default)]
    on_ballot: bool,
}

/// The proposals of a cycle, oldest first.
#[utoipa::path(get, path = "/budgets/{cycle}/proposals", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), Filter, Page),
    responses((status = 200, body = Vec<Proposal>), (status = 404, body = ApiErrorBody)))]
async fn list(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(filter): ApiQuery<Filter>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<Vec<Proposal>>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    let viewer = actor.as_ref().map(|a| a.account.id.as_str());
    let facts = Facts::gather(&state.db, &ctx, viewer).await?;
    let on_ballot: Vec<u64> = facts.on_ballot.iter().copied().collect();
    let (city_wide, district) = match filter.district {
        Some(key) if key == "stadtweit" => (true, None),
        key => (false, key.filter(|k| !k.is_empty())),
    };
    let selection = store::ProposalSelection {
        cycle: id,
        city_wide,
        district,
        category: filter.category.filter(|c| !c.is_empty()),
        status: filter.status,
        only: filter.on_ballot.then(|| on_ballot.clone()),
        hidden: hidden_numbers(&state).await?,
        viewer: viewer.map(str::to_owned),
        shown_anyway: on_ballot,
        page,
    };
    let rows = store::select_proposals(&state.db, &selection).await?;
    let shown: Vec<&ProposalRow> = rows.iter().collect();
    let facts = facts.describe(&state.db, &shown).await?;
    Ok(Json(
        shown.into_iter().map(|row| facts.view(&ctx, row)).collect(),
    ))
}

/// Proposals moderation took out of public view.
async fn hidden_numbers(state: &AppState) -> Result<Vec<u64>> {
    Ok(moderation::hidden(&state.db, ContentKind::BudgetProposal)
        .await?
        .iter()
        .filter_map(|id| id.parse().ok())
        .collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct TitleQuery {
    title: String,
}

/// Proposals of the cycle whose titles resemble `title`, most similar first.
#[utoipa::path(get, path = "/budgets/{cycle}/similar", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), TitleQuery),
    responses((status = 200, body = Vec<SimilarProposal>), (status = 404, body = ApiErrorBody)))]
async fn similar_titles(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(query): ApiQuery<TitleQuery>,
) -> Result<Json<Vec<SimilarProposal>>> {
    CycleContext::load(&state.db, id).await?;
    let hidden = moderation::hidden(&state.db, ContentKind::BudgetProposal).await?;
    let mut found: Vec<SimilarProposal> = store::proposals(&state.db, id)
        .await?
        .into_iter()
        .filter(|p| !hidden.contains(&p.number.to_string()))
        .map(|p| SimilarProposal {
            similarity: similar::similarity(&query.title, &p.title),
            id: p.number,
            title: p.title,
        })
        .filter(|s| s.similarity >= similar::THRESHOLD)
        .collect();
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    found.truncate(SIMILAR_SHOWN);
    Ok(Json(found))
}

/// Submits a proposal during the proposal phase.
#[utoipa::path(post, path = "/budgets/{cycle}/proposals", tag = "budget", request_body = ProposalDraft,
    params(("cycle" = u64, Path, description = "Number of the cycle")),
    responses(
        (status = 201, body = Proposal),
        (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody),
        (status = 409, description = "Not in the proposal phase, or the limit is reached", body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<u64>,
    ApiJson(draft): ApiJson<ProposalDraft>,
) -> Result<(StatusCode, Json<Proposal>)> {
    actor.may(Action::Participate)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    ctx.require_phase(PhaseKind::Proposals, "Einen Vorschlag einzureichen")?;
    let draft = checked_draft(draft, &ctx)?;
    let number = store::allocate(&state.db, "proposal").await?;
    store::create_proposal(
        &state.db,
        number,
        id,
        &actor.account.id,
        &draft,
        ctx.row.settings.proposal_limit,
    )
    .await?;
    let proposal = one(&state, &ctx, number, Some(&actor)).await?;
    Ok((StatusCode::CREATED, Json(proposal)))
}

fn checked_draft(mut draft: ProposalDraft, ctx: &CycleContext) -> Result<ProposalDraft> {
    draft.title = draft.title.trim().to_owned();
    draft.description = draft.description.trim().to_owned();
    if !TITLE_CHARS.contains(&draft.title.chars().count()) {
        return Err(Error::InvalidInput(format!(
            "Der Titel muss {} bis {} Zeichen lang sein.",
            TITLE_CHARS.start(),
            TITLE_CHARS.end()
        )));
    }
    if !DESCRIPTION_CHARS.contains(&draft.description.chars().count()) {
        return Err(Error::InvalidInput(format!(
            "Die Beschreibung muss {} bis {} Zeichen lang sein.",
            DESCRIPTION_CHARS.start(),
            DESCRIPTION_CHARS.end()
        )));
    }
    if !ctx.row.settings.categories.contains(&draft.category) {
        return Err(Error::InvalidInput(format!(
            "Bitte wählen Sie eine der Kategorien: {}.",
            ctx.row.settings.categories.join(", ")
        )));
    }
    draft.district = draft.district.filter(|d| !d.is_empty());
    let budget = ctx
        .budgets()
        .into_iter()
        .find(|b| b.district == draft.district)
        .ok_or_else(|| {
            Error::InvalidInput(match &draft.district {
                Some(key) if ctx.district_name(key).is_none() => {
                    format!("Den Stadtbezirk „{key}“ gibt es nicht.")
                }
                Some(key) => format!(
                    "Für den Stadtbezirk {} gibt es in diesem Bürgerhaushalt kein Budget.",
                    ctx.district_name(key).unwrap_or(key)
                ),
                None => "In diesem Bürgerhaushalt gibt es kein stadtweites Budget; bitte wählen Sie einen Stadtbezirk.".into(),
            })
        })?;
    if let Some(point) = draft.location
        && !((-90.0..=90.0).contains(&point.lat) && (-180.0..=180.0).contains(&point.lon))
    {
        return Err(Error::InvalidInput(
            "Der Ort liegt außerhalb gültiger Koordinaten.".into(),
        ));
    }
    if draft.estimated_cost == 0 {
        return Err(Error::InvalidInput(
            "Bitte schätzen Sie die Kosten (mehr als 0 €).".into(),
        ));
    }
    if draft.estimated_cost > budget.amount {
        return Err(Error::InvalidInput(format!(
            "Die geschätzten Kosten ({} €) übersteigen das Budget ({} €).",
            draft.estimated_cost, budget.amount
        )));
    }
    Ok(draft)
}

async fn one(
    state: &AppState,
    ctx: &CycleContext,
    number: u64,
    actor: Option<&Actor>,
) -> Result<Proposal> {
    let row = existing(state, ctx, number).await?;
    let viewer = actor.map(|a| a.account.id.as_str());
    let facts = Facts::gather(&state.db, ctx, viewer).await?;
    if !shown(&facts, &hidden_numbers(state).await?, &row, viewer) {
        return Err(Error::NotFound(
            "Dieser Vorschlag wurde von der Moderation ausgeblendet.".into(),
        ));
    }
    let facts = facts.describe(&state.db, &[&row]).await?;
    Ok(facts.view(ctx, &row))
}

/// Whether a proposal is shown: not hidden by moderation, or the viewer
/// wrote it, or voters must see it because it stands on the ballot (the
/// same rule as [`store::ProposalSelection`] for lists).
fn shown(facts: &Facts, hidden: &[u64], row: &ProposalRow, viewer: Option<&str>) -> bool {
    !hidden.contains(&row.number)
        || (row.author.is_some() && row.author.as_deref() == viewer)
        || facts.on_ballot.contains(&row.number)
}

async fn existing(state: &AppState, ctx: &CycleContext, number: u64) -> Result<ProposalRow> {
    store::proposal(&state.db, number)
        .await?
        .filter(|p| p.cycle == ctx.number())
        .ok_or_else(|| {
            Error::NotFound(format!(
                "Einen Vorschlag {number} gibt es in diesem Bürgerhaushalt nicht."
            ))
        })
}

/// One proposal.
#[utoipa::path(get, path = "/budgets/{cycle}/proposals/{proposal}", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses((status = 200, body = Proposal), (status = 404, body = ApiErrorBody)))]
async fn get_proposal(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
) -> Result<Json<Proposal>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    Ok(Json(one(&state, &ctx, n, actor.as_ref()).await?))
}

/// Records the administration's answer (staff): feasible or not with a
/// public reason, department and costs, or a merge into another proposal.
#[utoipa::path(put, path = "/budgets/{cycle}/proposals/{proposal}/review", tag = "budget", request_body = ReviewRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses(
        (status = 200, body = Proposal),
        (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "Voting has opened", body = ApiErrorBody),
    ))]
async fn review(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
    ApiJson(mut request): ApiJson<ReviewRequest>,
) -> Result<Json<Proposal>> {
    actor.may(Action::ManageBudgets)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    if ctx.has_begun(PhaseKind::Ballot) {
        return Err(Error::Conflict(
            "Die Abstimmung hat begonnen; die Prüfung kann nicht mehr geändert werden.".into(),
        ));
    }
    existing(&state, &ctx, n).await?;
    let answer = &mut request.review;
    answer.reason = answer.reason.trim().to_owned();
    answer.department = answer.department.trim().to_owned();
    if answer.reason.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte begründen Sie die Entscheidung; die Begründung wird veröffentlicht.".into(),
        ));
    }
    if answer.reason.chars().count() > REASON_MAX_CHARS {
        return Err(Error::InvalidInput(format!(
            "Die Begründung darf höchstens {REASON_MAX_CHARS} Zeichen lang sein."
        )));
    }
    if answer.feasible && answer.cost_once == 0 {
        return Err(Error::InvalidInput(
            "Bitte geben Sie die einmaligen Kosten eines umsetzbaren Vorschlags an (mehr als 0 €)."
                .into(),
        ));
    }
    if answer.department.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte nennen Sie das zuständige Amt.".into(),
        ));
    }
    if let Some(target) = request.merge_into {
        let into = existing(&state, &ctx, target).await.map_err(|_| {
            Error::InvalidInput(format!(
                "Vorschlag {target}, mit dem zusammengeführt werden soll, gibt es in diesem Bürgerhaushalt nicht."
            ))
        })?;
        if target == n || into.status == ProposalStatus::Merged {
            return Err(Error::InvalidInput(
                "Ein Vorschlag kann nur mit einem anderen, nicht selbst zusammengeführten Vorschlag zusammengeführt werden.".into(),
            ));
        }
    }
    store::set_review(&state.db, n, &request.review, request.merge_into).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.reviewed",
        &format!("budget_proposal:{n}"),
        &request.review.reason,
    )
    .await?;
    Ok(Json(one(&state, &ctx, n, Some(&actor)).await?))
}

async fn preselectable(state: &AppState, ctx: &CycleContext, n: u64) -> Result<()> {
    ctx.require_phase(PhaseKind::Preselection, "Unterstützen und Bewerten")?;
    let row = existing(state, ctx, n).await?;
    if row.status != ProposalStatus::Feasible {
        return Err(Error::Conflict(
            "Unterstützt und bewertet werden können nur Vorschläge, die die Verwaltung als umsetzbar geprüft hat.".into(),
        ));
    }
    Ok(())
}

/// Supports a proposal (supports mode); idempotent.
#[utoipa::path(put, path = "/budgets/{cycle}/proposals/{proposal}/support", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses(
        (status = 200, body = Proposal),
        (status = 401, body = ApiErrorBody),
        (status = 409, description = "Wrong phase, not feasible, or no supports left", body = ApiErrorBody),
    ))]
async fn support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
) -> Result<Json<Proposal>> {
    actor.may(Action::Participate)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    let Preselection::Supports { max_per_person, .. } = ctx.row.settings.preselection else {
        return Err(Error::Conflict(
            "In diesem Bürgerhaushalt werden Vorschläge bewertet, nicht unterstützt.".into(),
        ));
    };
    preselectable(&state, &ctx, n).await?;
    store::add_support(&state.db, id, n, &actor.account.id, max_per_person).await?;
    Ok(Json(one(&state, &ctx, n, Some(&actor)).await?))
}

/// Withdraws one's support.
#[utoipa::path(delete, path = "/budgets/{cycle}/proposals/{proposal}/support", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses((status = 200, body = Proposal), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn withdraw_support(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
) -> Result<Json<Proposal>> {
    actor.may(Action::Participate)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    // Also from a proposal that was found not feasible after it was supported.
    ctx.require_phase(PhaseKind::Preselection, "Unterstützen und Bewerten")?;
    existing(&state, &ctx, n).await?;
    store::remove_support(&state.db, n, &actor.account.id).await?;
    Ok(Json(one(&state, &ctx, n, Some(&actor)).await?))
}

/// Rates a proposal on Münster's scale (rating mode); a new rating
/// replaces the earlier one.
#[utoipa::path(put, path = "/budgets/{cycle}/proposals/{proposal}/rating", tag = "budget", request_body = RatingRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses((status = 200, body = Proposal), (status = 401, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn rate(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
    ApiJson(request): ApiJson<RatingRequest>,
) -> Result<Json<Proposal>> {
    actor.may(Action::Participate)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    if !matches!(ctx.row.settings.preselection, Preselection::Rating { .. }) {
        return Err(Error::Conflict(
            "In diesem Bürgerhaushalt werden Vorschläge unterstützt, nicht bewertet.".into(),
        ));
    }
    preselectable(&state, &ctx, n).await?;
    store::set_rating(&state.db, id, n, &actor.account.id, request.rating).await?;
    Ok(Json(one(&state, &ctx, n, Some(&actor)).await?))
}

/// The comments on a proposal, oldest first, a part at a time; replies
/// name their parent.
#[utoipa::path(get, path = "/budgets/{cycle}/proposals/{proposal}/comments", tag = "budget",
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal"), Part),
    responses((status = 200, body = Vec<Comment>), (status = 404, body = ApiErrorBody)))]
async fn comments(
    State(state): State<AppState>,
    actor: Option<Actor>,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
    ApiQuery(part): ApiQuery<Part>,
) -> Result<Json<Vec<Comment>>> {
    let ctx = CycleContext::load(&state.db, id).await?;
    existing(&state, &ctx, n).await?;
    let rows = store::comments(&state.db, n, part.into()).await?;
    let authors: Vec<String> = rows.iter().map(|c| c.author.clone()).collect();
    let names = accounts::display_names(&state.db, &authors).await?;
    let viewer = actor.as_ref().map(|a| a.account.id.as_str());
    let ids: Vec<String> = rows.iter().map(|c| c.id.clone()).collect();
    let hidden = moderation::hidden_among(&state.db, ContentKind::BudgetComment, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|c| {
                let hidden = hidden.contains(&c.id);
                let body = if hidden { String::new() } else { c.body };
                Comment {
                    own: viewer == Some(c.author.as_str()),
                    author: names.get(&c.author).cloned().unwrap_or_default(),
                    id: c.id,
                    parent: c.parent,
                    body_html: shared::markdown::render(&body),
                    body,
                    hidden,
                    created_at: c.created_at,
                }
            })
            .collect(),
    ))
}

/// Comments on a proposal or replies to a comment, until the ballot closes.
#[utoipa::path(post, path = "/budgets/{cycle}/proposals/{proposal}/comments", tag = "budget", request_body = CommentRequest,
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses(
        (status = 201, body = Comment),
        (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody),
        (status = 409, description = "Commenting has closed", body = ApiErrorBody),
    ))]
async fn comment(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
    ApiJson(request): ApiJson<CommentRequest>,
) -> Result<(StatusCode, Json<Comment>)> {
    actor.may(Action::Participate)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    if ctx.has_begun(PhaseKind::Results) || !ctx.has_begun(PhaseKind::Proposals) {
        return Err(Error::Conflict(
            "Kommentieren ist von der Vorschlagsphase bis zum Ende der Abstimmung möglich.".into(),
        ));
    }
    existing(&state, &ctx, n).await?;
    let body = request.body.trim().to_owned();
    if body.is_empty() || body.chars().count() > COMMENT_MAX_CHARS {
        return Err(Error::InvalidInput(format!(
            "Ein Kommentar muss 1 bis {COMMENT_MAX_CHARS} Zeichen lang sein."
        )));
    }
    let parent = request.parent.filter(|p| !p.is_empty());
    if let Some(parent) = &parent {
        let on_same = store::comment(&state.db, parent)
            .await?
            .is_some_and(|(proposal, _)| proposal == n);
        if !on_same {
            return Err(Error::InvalidInput(
                "Der Kommentar, auf den Sie antworten, gehört nicht zu diesem Vorschlag.".into(),
            ));
        }
    }
    let id = store::add_comment(&state.db, n, &actor.account.id, &body, parent.as_deref()).await?;
    let (_, row) = store::comment(&state.db, &id)
        .await?
        .ok_or_else(|| Error::Internal("new comment not found".into()))?;
    Ok((
        StatusCode::CREATED,
        Json(Comment {
            id: row.id,
            parent: row.parent,
            author: actor.account.display_name.clone(),
            own: true,
            body_html: shared::markdown::render(&row.body),
            body: row.body,
            hidden: false,
            created_at: row.created_at,
        }),
    ))
}

/// Sets the milestones of a project and the council paper that decided it
/// (staff), once results are published.
#[utoipa::path(put, path = "/budgets/{cycle}/proposals/{proposal}/implementation", tag = "budget", request_body = Implementation,
    params(("cycle" = u64, Path, description = "Number of the cycle"), ("proposal" = u64, Path, description = "Number of the proposal")),
    responses(
        (status = 200, body = Proposal),
        (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 409, description = "Results are not published yet", body = ApiErrorBody),
    ))]
async fn implementation(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((id, n)): ApiPath<(u64, u64)>,
    ApiJson(mut request): ApiJson<Implementation>,
) -> Result<Json<Proposal>> {
    actor.may(Action::ManageBudgets)?;
    let ctx = CycleContext::load(&state.db, id).await?;
    if !ctx.has_begun(PhaseKind::Results) {
        return Err(Error::Conflict(
            "Die Umsetzung lässt sich erst eintragen, wenn das Ergebnis feststeht.".into(),
        ));
    }
    existing(&state, &ctx, n).await?;
    request.council_paper = request
        .council_paper
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    if let Some(paper) = &request.council_paper {
        let is_web = url::Url::parse(paper).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !is_web {
            return Err(Error::InvalidInput(
                "Die Vorlage muss als OParl-Adresse (http:// oder https://) angegeben werden."
                    .into(),
            ));
        }
    }
    if request.milestones.len() > MILESTONES_MAX {
        return Err(Error::InvalidInput(format!(
            "Höchstens {MILESTONES_MAX} Meilensteine sind möglich."
        )));
    }
    for milestone in &mut request.milestones {
        milestone.title = milestone.title.trim().to_owned();
        if milestone.title.is_empty() {
            return Err(Error::InvalidInput(
                "Jeder Meilenstein braucht einen Titel.".into(),
            ));
        }
        if milestone.progress > 100 {
            return Err(Error::InvalidInput(
                "Der Fortschritt wird in Prozent von 0 bis 100 angegeben.".into(),
            ));
        }
        if let Some(date) = &milestone.date
            && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
        {
            return Err(Error::InvalidInput(format!(
                "„{date}“ ist kein Datum der Form JJJJ-MM-TT."
            )));
        }
    }
    store::set_implementation(
        &state.db,
        n,
        request.council_paper.as_deref(),
        &request.milestones,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "budget.implementation",
        &format!("budget_proposal:{n}"),
        "",
    )
    .await?;
    Ok(Json(one(&state, &ctx, n, Some(&actor)).await?))
}
