//! What moderation needs to know about each kind of content — that it
//! exists, who wrote it, and its text — asked from the domain that owns it.

use shared::moderation::{ContentKind, ContentRef};

use crate::{accounts, budget, consultations, db::Db, error::Result};

pub struct Content {
    /// Account id of the author.
    pub author: String,
    /// The text moderators judge.
    pub preview: String,
}

pub async fn lookup(db: &Db, target: &ContentRef) -> Result<Option<Content>> {
    // Nothing has the empty id, and SurrealDB refuses it as a record id.
    if target.id.is_empty() {
        return Ok(None);
    }
    match target.kind {
        ContentKind::Profile => {
            Ok(accounts::profile(db, &target.id)
                .await?
                .map(|profile| Content {
                    author: target.id.clone(),
                    preview: profile.display_name,
                }))
        }
        ContentKind::BudgetProposal | ContentKind::BudgetComment => {
            Ok(budget::moderated(db, target.kind, &target.id)
                .await?
                .map(|(author, preview)| Content { author, preview }))
        }
        ContentKind::ConsultationComment | ContentKind::DebateArgument => {
            Ok(consultations::moderated(db, target.kind, &target.id)
                .await?
                .map(|(author, preview)| Content { author, preview }))
        }
    }
}
