//! Moderation for every kind of content: anyone signed in reports content
//! once; enough reports hide it until a moderator decides; moderators hide
//! (with a reason shown to the author) or restore. Decisions go to the
//! audit log.

mod content;
mod routes;
mod store;

use shared::moderation::ContentKind;

pub use routes::router;

use crate::{db::Db, error::Result};

pub use content::{Content, Moderated, Profiles};

/// Settings of this installation's moderation, and the domains whose
/// content it moderates.
#[derive(Clone, Copy)]
pub struct Rules {
    /// Open reports after which content is hidden pending review.
    pub reports_to_hide: u32,
    /// Every kind of content belongs to one of them.
    pub owners: &'static [&'static dyn Moderated],
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

/// Moderation's part of a person's data: the reports they made.
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.reports = store::reports_by(db, account).await?;
            Ok(())
        })
    }
}
