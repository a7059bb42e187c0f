//! Bürgerhaushalt: budget cycles with their phases and rules, proposals,
//! their review, pre-selection, ballots, results and implementation.
//! Money is in whole euros.

use serde::{Deserialize, Serialize};

/// The dated steps of a cycle, in their fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Vorschläge: citizens propose and comment.
    Proposals,
    /// Prüfung: the administration reviews feasibility and cost.
    Review,
    /// Unterstützung/Bewertung: citizens support or rate feasible proposals.
    Preselection,
    /// Abstimmung: the ballot.
    Ballot,
    /// Ergebnis: results are published.
    Results,
    /// Umsetzung: winning projects are carried out.
    Implementation,
}

impl PhaseKind {
    pub const ALL: [PhaseKind; 6] = [
        PhaseKind::Proposals,
        PhaseKind::Review,
        PhaseKind::Preselection,
        PhaseKind::Ballot,
        PhaseKind::Results,
        PhaseKind::Implementation,
    ];
}

/// One phase with its time window (RFC 3339 with offset; `ends` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phase {
    pub kind: PhaseKind,
    pub starts: String,
    pub ends: String,
}

/// How proposals reach the ballot besides being feasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Preselection {
    /// Each person gives up to `max_per_person` supports; proposals with at
    /// least `threshold` supports reach the ballot.
    Supports { max_per_person: u32, threshold: u32 },
    /// Münster's scale: everyone rates every proposal; the `best_list` best
    /// (approvals minus rejections) of each (sub-)budget reach the ballot.
    Rating { best_list: u32 },
}

/// What a ballot may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum BallotStyle {
    /// Projects whose total cost fits each (sub-)budget, spending at least
    /// `min_spend_percent` of it where the voter chooses anything there.
    Knapsack { min_spend_percent: u8 },
    /// Up to `max_choices` projects per (sub-)budget.
    Approval { max_choices: u32 },
}

/// How winners are computed; chosen before voting opens and published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultRule {
    /// Greedy by votes within each (sub-)budget.
    Greedy,
    /// Method of Equal Shares with cost utilities and completion.
    Mes,
}

/// How the district sub-budgets are set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum DistrictBudgets {
    /// No district budgets: everything is city-wide.
    None,
    /// An amount per district, set by hand.
    Manual { amounts: Vec<DistrictAmount> },
    /// `pool` split between all districts in proportion to population.
    Population { pool: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictAmount {
    /// Key of the Stadtbezirk.
    pub district: String,
    pub amount: u64,
}

/// What staff configure for a cycle (`POST`/`PUT /budgets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleSettings {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub categories: Vec<String>,
    pub city_wide_amount: u64,
    pub districts: DistrictBudgets,
    /// All six phases, in order, without gaps or overlaps.
    pub phases: Vec<Phase>,
    /// Most proposals one person may make in this cycle.
    pub proposal_limit: u32,
    pub preselection: Preselection,
    /// Support and rating counts stay hidden until the pre-selection ends.
    pub hide_counts: bool,
    pub ballot: BallotStyle,
    pub result_rule: ResultRule,
}

/// One (sub-)budget: city-wide (`district` empty) or a Stadtbezirk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubBudget {
    pub district: Option<String>,
    pub name: String,
    pub amount: u64,
}

/// A cycle as everyone sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cycle {
    pub id: u64,
    pub settings: CycleSettings,
    /// The description rendered by [`crate::markdown::render`].
    pub description_html: String,
    /// City-wide first, then the districts in their official order.
    pub budgets: Vec<SubBudget>,
    pub total: u64,
    /// None before the first and after the last phase.
    pub current_phase: Option<PhaseKind>,
    /// Whether the first phase has begun.
    pub begun: bool,
    pub proposals: u64,
    /// Ballots cast; shown once the ballot has closed.
    pub ballots: Option<u64>,
    /// What the signed-in person has done and may still do.
    pub me: Option<Participation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participation {
    pub proposals_left: u32,
    /// Supports left (supports mode only).
    pub supports_left: Option<u32>,
    pub has_voted: bool,
}

pub use crate::geo::GeoPoint;

/// A citizen's proposal as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalDraft {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub category: String,
    /// Stadtbezirk key; empty for city-wide.
    pub district: Option<String>,
    pub location: Option<GeoPoint>,
    pub estimated_cost: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    /// Waiting for review.
    Submitted,
    Feasible,
    NotFeasible,
    /// Merged into another proposal; its supporters moved there.
    Merged,
}

/// The administration's public answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub feasible: bool,
    /// Required; shown to everyone.
    pub reason: String,
    /// Responsible department (Amt).
    pub department: String,
    pub cost_once: u64,
    /// Follow-up costs per year.
    pub cost_yearly: u64,
}

/// `PUT /budgets/{id}/proposals/{n}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRequest {
    #[serde(flatten)]
    pub review: Review,
    /// Merge this proposal into that one; its supports move over.
    #[serde(default)]
    pub merge_into: Option<u64>,
}

/// Münster's rating scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// zustimmend
    Approve,
    /// ablehnend
    Reject,
    Neutral,
    /// sachunkundig: cannot judge it
    CannotJudge,
}

impl Rating {
    /// In the order of the scale, as the rating form offers them.
    pub const ALL: [Rating; 4] = [
        Rating::Approve,
        Rating::Reject,
        Rating::Neutral,
        Rating::CannotJudge,
    ];
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingCounts {
    pub approve: u64,
    pub reject: u64,
    pub neutral: u64,
    pub cannot_judge: u64,
}

/// `PUT /budgets/{id}/proposals/{n}/rating`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingRequest {
    pub rating: Rating,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub id: u64,
    pub cycle: u64,
    pub title: String,
    pub description: String,
    /// The description rendered by [`crate::markdown::render`].
    pub description_html: String,
    pub category: String,
    pub district: Option<String>,
    pub location: Option<GeoPoint>,
    pub estimated_cost: u64,
    /// Display name of the author; empty for proposals that came on paper
    /// or by phone.
    pub author: String,
    /// Whether the signed-in person wrote it.
    pub own: bool,
    pub created_at: String,
    pub status: ProposalStatus,
    pub review: Option<Review>,
    pub merged_into: Option<u64>,
    /// None while counts are hidden.
    pub supports: Option<u64>,
    pub ratings: Option<RatingCounts>,
    pub my_support: bool,
    pub my_rating: Option<Rating>,
    /// Whether it stands (or stood) on the ballot.
    pub on_ballot: bool,
    /// The cost that counts: the reviewed one-off cost, else the estimate.
    pub cost: u64,
    /// OParl Paper that decided it.
    pub council_paper: Option<String>,
    pub milestones: Vec<Milestone>,
    pub comments: u64,
}

/// A proposal whose title resembles what someone is typing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarProposal {
    pub id: u64,
    pub title: String,
    /// Trigram similarity, 0 to 1.
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BudgetComment))]
pub struct Comment {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub own: bool,
    /// Markdown; empty when moderators hid the comment.
    pub body: String,
    /// The body rendered by [`crate::markdown::render`].
    pub body_html: String,
    pub hidden: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentRequest {
    pub body: String,
    #[serde(default)]
    pub parent: Option<String>,
}

/// A ballot: city-wide projects plus those of at most one district.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ballot {
    pub city_wide: Vec<u64>,
    pub district: Option<String>,
    #[serde(default)]
    pub district_projects: Vec<u64>,
}

/// `PUT /budgets/{id}/ballot`: signed in, or with a voting code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotRequest {
    #[serde(flatten)]
    pub ballot: Ballot,
    #[serde(default)]
    pub code: Option<String>,
}

/// `POST /budgets/{id}/ballot/lookup`: the ballot cast with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub code: String,
}

/// `GET /budgets/{id}/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    pub rule: ResultRule,
    pub budgets: Vec<BudgetResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetResult {
    /// District name, or `city-wide`.
    pub district: String,
    pub district_key: Option<String>,
    pub amount: u64,
    /// Absolute URL of this sub-budget's `.pb` file.
    pub pabulib: String,
    /// Project ids as in the `.pb` file, in the order they were chosen.
    pub winners: Vec<String>,
    pub spent: u64,
    pub voters: u64,
    pub projects: Vec<ProjectResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectResult {
    pub id: String,
    pub title: String,
    pub cost: u64,
    pub votes: u64,
    pub outcome: ProjectOutcome,
}

/// Why a project won or did not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProjectOutcome {
    Won,
    /// Funded from the money Equal Shares left, by votes.
    WonInCompletion,
    /// `euros` were missing when its turn came; `votes` more would have won.
    Missed {
        euros: u64,
        votes: Option<u64>,
    },
    /// Its supporters' remaining shares were less than its cost.
    SupportersShort {
        supporters_money: u64,
    },
    NoVotes,
}

/// `POST /budgets/pabulib/check`: a `.pb` file computed by both rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PabulibCheck {
    pub budget: f64,
    pub projects: u64,
    pub voters: u64,
    pub greedy: Vec<String>,
    pub mes: Vec<String>,
    /// The `selected` column of the file, where it has one.
    pub selected_in_file: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    InProgress,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub title: String,
    pub description: String,
    pub status: MilestoneStatus,
    /// Percent done.
    pub progress: u8,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// `PUT /budgets/{id}/proposals/{n}/implementation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Implementation {
    pub council_paper: Option<String>,
    pub milestones: Vec<Milestone>,
}

/// `POST /budgets/{id}/codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeBatchRequest {
    pub count: u32,
    /// What the batch is for, e.g. "Briefwahl Hiltrup".
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeBatch {
    pub number: u64,
    pub note: String,
    pub count: u64,
    pub used: u64,
    pub active: bool,
    pub created_at: String,
    /// The codes themselves, only in the answer that created them.
    pub codes: Vec<String>,
}

/// `PUT /budgets/{id}/codes/{batch}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeBatchState {
    pub active: bool,
}

/// One thing a person wrote or chose in a Bürgerhaushalt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    pub cycle: u64,
    pub proposal: u64,
    /// The proposal's title, the comment's text, or the rating.
    pub text: String,
    pub at: String,
}

/// Everything a person did in the Bürgerhaushalt, for their data export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetActivity {
    pub proposals: Vec<Contribution>,
    pub comments: Vec<Contribution>,
    /// Supports given (text empty).
    pub supports: Vec<Contribution>,
    pub ratings: Vec<Contribution>,
    /// Ballots cast with the account, by cycle.
    pub ballots: Vec<(u64, Ballot)>,
}
