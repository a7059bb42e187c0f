//! Abstimmungen and Umfragen: polls with choice, ranking and free-text
//! questions, secret ballots with receipt codes, and their results.

use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PollQuestionKind))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option.
    Single,
    /// Up to `max_choices` options.
    Multiple { max_choices: u32 },
    /// Options in order of preference; not every option has to be ranked.
    Ranking { rule: RankingRule },
    /// A free answer, for surveys.
    Text,
}

/// The published rule that turns rankings into a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RankingRule {
    /// With n options, a first place earns n−1 points, a second n−2, …;
    /// unranked options earn nothing.
    Borda,
    /// Instant runoff: the option with the fewest first preferences drops
    /// out and its ballots count for their next preference, until one
    /// option has more than half of the ballots still in the count.
    InstantRunoff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PollQuestion))]
pub struct Question {
    pub text: String,
    pub kind: QuestionKind,
    /// The options, in the order shown; empty for free-text questions.
    #[serde(default)]
    pub options: Vec<String>,
    /// Whether a ballot must answer this question.
    pub required: bool,
}

/// When results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultsShown {
    /// Only once the poll has closed: nobody, staff included, sees interim results.
    #[default]
    AfterClose,
    /// Live while the poll is open (e.g. for a non-binding survey).
    Live,
}

/// What staff set up (`POST /polls`, `PUT /polls/{number}` before it opens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollDraft {
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Key of the Stadtbezirk whose residents may vote; none for the whole city.
    #[serde(default)]
    pub district: Option<String>,
    /// RFC 3339; voting is possible from `opens_at` until before `closes_at`.
    pub opens_at: String,
    pub closes_at: String,
    #[serde(default)]
    pub results: ResultsShown,
    pub questions: Vec<Question>,
}

/// Where a poll stands on the server's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollPhase {
    Upcoming,
    Open,
    Closed,
}

/// Whether the person asking may vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    SignInNeeded,
    /// Signed in and allowed to vote (while the poll is open).
    Eligible,
    AlreadyVoted,
    /// Signed in, but the poll is for another Stadtbezirk or the person has
    /// not said where they live; the text explains what to do.
    NotEligible {
        reason: String,
    },
}

/// A poll as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poll {
    pub number: u64,
    pub title: String,
    pub description: String,
    /// The description rendered to HTML.
    pub description_html: String,
    pub district: Option<String>,
    /// The district's name, for display.
    pub district_name: Option<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub results: ResultsShown,
    pub questions: Vec<Question>,
    pub phase: PollPhase,
    /// Ballots cast so far.
    pub ballots: u64,
    /// Whether results can be read now.
    pub results_available: bool,
    pub standing: Standing,
}

/// A poll in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollSummary {
    pub number: u64,
    pub title: String,
    pub district_name: Option<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub phase: PollPhase,
    pub ballots: u64,
}

/// One question's answer on a ballot: option indexes (in order of
/// preference for rankings) or a text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    #[serde(default)]
    pub choices: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `POST /polls/{number}/ballots`: one answer per question, in order; an
/// empty answer leaves an optional question out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotPaper {
    pub answers: Vec<Answer>,
}

/// Given once, when the ballot is cast. It proves that the ballot was
/// counted without revealing what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub poll: u64,
    /// 16 symbols in four groups, e.g. `K7QM-2XRT-…`.
    pub code: String,
}

/// `GET /polls/{number}/receipts/{code}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// A ballot with this receipt is stored and will be counted at the close.
    Received,
    /// The poll has closed and the ballot is part of the result.
    Counted,
    /// No ballot of this poll has this receipt.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptCheck {
    pub status: ReceiptStatus,
}

/// Votes for one option (first preferences for rankings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    pub option: String,
    pub votes: u64,
    /// Borda points, for rankings counted by Borda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u64>,
}

/// One round of an instant runoff: the count of each option still in, and
/// who dropped out after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunoffRound {
    /// Ballots per option still in the count, in the poll's option order.
    pub counts: Vec<(String, u64)>,
    /// Ballots with no remaining preference.
    pub exhausted: u64,
    pub eliminated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub text: String,
    pub kind: QuestionKind,
    /// Ballots that answered this question.
    pub answered: u64,
    pub options: Vec<OptionCount>,
    /// The winning options by the question's rule (several when tied), for
    /// choice and ranking questions.
    pub winners: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<RunoffRound>,
    /// The free answers, in random order, for text questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<String>,
}

/// `GET /polls/{number}/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollResults {
    pub number: u64,
    pub title: String,
    /// Whether the poll has closed, i.e. these are final.
    pub r#final: bool,
    pub ballots: u64,
    pub questions: Vec<QuestionResult>,
}
