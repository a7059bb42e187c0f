//! Online-Beteiligung: the city publishes drafts split into numbered
//! paragraphs; people comment on a paragraph or a passage of it, reply and
//! support; staff answer every comment officially, publish new versions
//! naming the comments that changed them, and export the Abwägungstabelle.
//! Debates collect pro and contra arguments until staff close them with a
//! conclusion.

pub mod demo;
mod diff;
mod indexed;
mod routes;
mod store;
mod validate;
mod views;

pub use indexed::Indexed;
pub use routes::router;

use shared::{consultations::ParticipationActivity, moderation::ContentKind};

use futures_util::future::BoxFuture;

use crate::{db::Db, error::Result, moderation};

/// Comments and debate arguments, as moderation sees them. Statements
/// entered from letters have no author account and are not reported online.
pub struct Moderated;

impl moderation::Moderated for Moderated {
    fn kinds(&self) -> &'static [ContentKind] {
        &[
            ContentKind::ConsultationComment,
            ContentKind::DebateArgument,
        ]
    }

    fn content<'a>(
        &'a self,
        db: &'a Db,
        kind: ContentKind,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<moderation::Content>>> {
        Box::pin(content(db, kind, id))
    }
}

async fn content(db: &Db, kind: ContentKind, id: &str) -> Result<Option<moderation::Content>> {
    match kind {
        ContentKind::ConsultationComment => Ok(store::comment(db, id).await?.and_then(|c| {
            c.author.map(|author| moderation::Content {
                author,
                preview: c.body,
            })
        })),
        ContentKind::DebateArgument => {
            Ok(store::argument(db, id).await?.map(|a| moderation::Content {
                author: a.author,
                preview: a.body,
            }))
        }
        _ => Ok(None),
    }
}

/// Online-Beteiligung's part of a person's data: what they wrote in
/// consultations and debates (Art. 15 DSGVO), shown as everyone sees it.
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.participation = activity_of(db, account).await?;
            Ok(())
        })
    }
}

async fn activity_of(db: &Db, account: &str) -> Result<ParticipationActivity> {
    let mut activity = ParticipationActivity::default();
    let comments = store::comments_by(db, account).await?;
    let mut consultations: Vec<u64> = comments.iter().map(|c| c.consultation).collect();
    consultations.dedup();
    for number in consultations {
        let own: Vec<_> = comments
            .iter()
            .filter(|c| c.consultation == number)
            .cloned()
            .collect();
        let versions = store::versions(db, number).await?;
        let context =
            // Letters are nobody's own comments (they have no author).
            views::CommentContext::load(db, number, &own, &versions, Some(account), false).await?;
        activity
            .comments
            .extend(own.iter().map(|c| context.comment(c)));
    }
    let arguments = store::arguments_by(db, account).await?;
    let mut debates: Vec<u64> = arguments.iter().map(|a| a.debate).collect();
    debates.dedup();
    for number in debates {
        let own: Vec<_> = arguments
            .iter()
            .filter(|a| a.debate == number)
            .cloned()
            .collect();
        activity
            .arguments
            .extend(views::arguments(db, number, &own, Some(account)).await?);
    }
    Ok(activity)
}
