//! Reporting content and the moderators' decisions about it. Every kind of
//! content people write is a [`ContentKind`]; the moderation rules are the
//! same for all of them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What people can write and others can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// An account's public profile: its display name.
    Profile,
    /// A proposal in a Bürgerhaushalt (id: its number).
    BudgetProposal,
    /// A comment on such a proposal.
    BudgetComment,
    /// A comment on a draft in a consultation (id: the comment's id).
    ConsultationComment,
    /// A pro or contra argument in a debate (id: the argument's id).
    DebateArgument,
}

impl ContentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Profile => "profile",
            ContentKind::BudgetProposal => "budget_proposal",
            ContentKind::BudgetComment => "budget_comment",
            ContentKind::ConsultationComment => "consultation_comment",
            ContentKind::DebateArgument => "debate_argument",
        }
    }
}

/// One piece of content, e.g. the profile of account `3f2…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentRef {
    pub kind: ContentKind,
    pub id: String,
}

impl fmt::Display for ContentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Offensive,
    /// Does not belong here (off topic, wrong place).
    OffTopic,
    /// Reveals personal data of someone.
    PersonalData,
}

/// `POST /api/v1/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRequest {
    pub target: ContentRef,
    pub reason: ReportReason,
    /// Optional explanation for the moderators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ModerationVisibility))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    /// Hidden automatically after enough reports, until a moderator decides.
    Pending,
    /// Hidden by a moderator, with a reason shown to the author.
    Hidden,
}

/// A report as moderators and the reporter see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub target: ContentRef,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub at: String,
}

/// One entry of the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub target: ContentRef,
    /// The reported text, so that moderators can judge it.
    pub preview: String,
    pub visibility: Visibility,
    pub reports: Vec<Report>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    Hide,
    Restore,
}

/// `POST /api/v1/moderation/decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ModerationDecision))]
pub struct Decision {
    pub target: ContentRef,
    pub action: DecisionAction,
    /// Shown to the author when content is hidden.
    pub reason: String,
}

/// What the author is told about their own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationNotice {
    pub target: ContentRef,
    pub visibility: Visibility,
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_refs_read_as_kind_and_id() {
        let target = ContentRef {
            kind: ContentKind::Profile,
            id: "a1".into(),
        };
        assert_eq!(target.to_string(), "profile:a1");
        assert_eq!(
            serde_json::to_value(&target).unwrap(),
            serde_json::json!({ "kind": "profile", "id": "a1" })
        );
    }
}
