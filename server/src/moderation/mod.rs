//! Moderation for every kind of content: anyone signed in reports content
//! once; enough reports hide it until a moderator decides; moderators hide
//! (with a reason shown to the author) or restore. Decisions go to the
//! audit log.

mod content;
mod routes;
mod store;

use shared::moderation::{ContentKind, Report};

pub use routes::router;

use crate::{db::Db, error::Result};

/// Settings of this installation's moderation.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Open reports after which content is hidden pending review.
    pub reports_to_hide: u32,
}

/// Ids of the content of one kind that readers must not see: hidden by a
/// moderator or pending review.
pub async fn hidden(db: &Db, kind: ContentKind) -> Result<std::collections::HashSet<String>> {
    Ok(store::hidden(db, kind).await?.into_iter().collect())
}

/// Which of these ids of content of one kind readers must not see: a
/// lookup per id, for a page of a list.
pub async fn hidden_among(
    db: &Db,
    kind: ContentKind,
    ids: &[String],
) -> Result<std::collections::HashSet<String>> {
    Ok(store::hidden_among(db, kind, ids)
        .await?
        .into_iter()
        .collect())
}

/// The reports a person made, for their data export.
pub async fn reports_by(db: &Db, account: &str) -> Result<Vec<Report>> {
    store::reports_by(db, account).await
}
