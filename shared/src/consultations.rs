//! Online-Beteiligung: consultations on drafts (paragraph comments, official
//! answers, versions and what changed) and debates with pro and contra
//! arguments.

use serde::{Deserialize, Serialize};

/// What staff publish (`POST /consultations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationDraft {
    pub title: String,
    /// A short summary in plain words.
    pub summary: String,
    /// The draft itself, Markdown; split into numbered paragraphs.
    pub text: String,
    /// RFC 3339; comments are taken from `opens_at` until before `closes_at`.
    pub opens_at: String,
    pub closes_at: String,
    /// OParl URL of the council paper (Drucksache) this consultation prepares.
    #[serde(default)]
    pub council_paper: Option<String>,
}

/// `POST /consultations/{number}/versions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVersion {
    pub text: String,
    /// What changed, in a sentence or two.
    pub note: String,
    /// Ids of the comments that led to the changes.
    #[serde(default)]
    pub prompted_by: Vec<String>,
}

/// One block of a draft. Headings structure it; the other blocks are
/// numbered paragraphs that people comment on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paragraph {
    /// 1, 2, …; none for headings.
    pub number: Option<u32>,
    pub markdown: String,
    pub html: String,
    /// Comments on this paragraph (with replies).
    #[serde(default)]
    pub comments: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultationPhase {
    Upcoming,
    Open,
    Closed,
}

/// A version as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionInfo {
    pub version: u32,
    pub note: String,
    pub published_at: String,
}

/// A consultation with one version of its draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consultation {
    pub number: u64,
    pub title: String,
    pub summary: String,
    pub opens_at: String,
    pub closes_at: String,
    pub phase: ConsultationPhase,
    pub council_paper: Option<String>,
    /// The version shown (the newest unless asked for another).
    pub version: u32,
    pub versions: Vec<VersionInfo>,
    pub paragraphs: Vec<Paragraph>,
    /// Files published with the draft.
    pub attachments: Vec<Attachment>,
    pub comments: u64,
    pub answered: u64,
}

/// A PDF published with a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub title: String,
    pub file_name: String,
    /// Bytes.
    pub size: u64,
    /// Where to read it.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationSummary {
    pub number: u64,
    pub title: String,
    pub summary: String,
    pub opens_at: String,
    pub closes_at: String,
    pub phase: ConsultationPhase,
    pub council_paper: Option<String>,
    pub comments: u64,
    pub answered: u64,
}

/// `POST /consultations/{number}/comments`: on a paragraph of the newest
/// version, optionally on a passage of it, or a reply to another comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentDraft {
    pub paragraph: u32,
    /// The passage commented on, exactly as it appears in the paragraph.
    #[serde(default)]
    pub quote: Option<String>,
    /// Id of the comment this answers.
    #[serde(default)]
    pub reply_to: Option<String>,
    pub body: String,
    /// Staff entering a statement that came by letter or e-mail: the name
    /// of the person who sent it.
    #[serde(default)]
    pub entered_for: Option<String>,
}

/// The city's decision on a comment (Abwägung).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ConsultationDecision))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Berücksichtigt.
    Accepted,
    /// Teilweise berücksichtigt.
    Partly,
    /// Nicht berücksichtigt.
    NotAccepted,
    /// Zur Kenntnis genommen.
    Noted,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Accepted,
        Decision::Partly,
        Decision::NotAccepted,
        Decision::Noted,
    ];

    /// The German term of the Abwägungstabelle.
    pub fn label_de(self) -> &'static str {
        match self {
            Decision::Accepted => "berücksichtigt",
            Decision::Partly => "teilweise berücksichtigt",
            Decision::NotAccepted => "nicht berücksichtigt",
            Decision::Noted => "zur Kenntnis genommen",
        }
    }
}

/// `PUT /consultations/{number}/comments/{id}/answer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerDraft {
    pub decision: Decision,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialAnswer {
    pub decision: Decision,
    pub reason: String,
    pub answered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ConsultationComment))]
pub struct Comment {
    pub id: String,
    pub version: u32,
    pub paragraph: u32,
    pub quote: Option<String>,
    pub reply_to: Option<String>,
    pub author_name: String,
    /// Entered by staff from a letter or e-mail.
    pub by_letter: bool,
    /// Empty when moderators hid it.
    pub body: String,
    pub hidden: bool,
    pub created_at: String,
    pub supports: u64,
    /// Whether the person asking supports it.
    pub supported: bool,
    pub answer: Option<OfficialAnswer>,
    /// Whether a later version changed because of it.
    pub led_to_change_in: Option<u32>,
}

/// A word of a compared paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffPart {
    pub change: Change,
    pub text: String,
}

/// One paragraph compared between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParagraphDiff {
    pub change: Change,
    /// Whether the paragraph's words changed (for `same`, nothing changed).
    pub edited: bool,
    pub old_number: Option<u32>,
    pub new_number: Option<u32>,
    pub parts: Vec<DiffPart>,
    /// Comments on the old paragraph that led to this change.
    pub prompted_by: Vec<Comment>,
}

/// `GET /consultations/{number}/diff?from=1&to=2`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionDiff {
    pub from: u32,
    pub to: u32,
    pub note: String,
    pub paragraphs: Vec<ParagraphDiff>,
}

/// What the council reader shows next to a paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationOutcome {
    pub number: u64,
    pub title: String,
    pub phase: ConsultationPhase,
    pub comments: u64,
    /// Comments per decision, in the order of [`Decision::ALL`].
    pub decisions: Vec<(Decision, u64)>,
    pub unanswered: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Pro,
    Contra,
}

/// `POST /debates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebateDraft {
    pub question: String,
    /// Background, Markdown.
    pub description: String,
}

/// `POST /debates/{number}/arguments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArgumentDraft {
    pub side: Side,
    pub body: String,
}

/// `POST /debates/{number}/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conclusion {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Argument {
    pub id: String,
    pub side: Side,
    pub author_name: String,
    /// Empty when moderators hid it.
    pub body: String,
    pub hidden: bool,
    pub created_at: String,
    pub supports: u64,
    pub supported: bool,
}

/// What an account wrote in consultations and debates, for its data export.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipationActivity {
    pub comments: Vec<Comment>,
    pub arguments: Vec<Argument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Debate {
    pub number: u64,
    pub question: String,
    pub description_html: String,
    pub created_at: String,
    /// The staff's conclusion once closed.
    pub conclusion: Option<String>,
    pub closed_at: Option<String>,
    /// Most supported first, per side.
    pub arguments: Vec<Argument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebateSummary {
    pub number: u64,
    pub question: String,
    pub closed: bool,
    pub pro: u64,
    pub contra: u64,
}
