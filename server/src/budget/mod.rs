//! Bürgerhaushalt (participatory budget): cycles with dated phases,
//! proposals and their review, pre-selection by supports or Münster's
//! rating scale, knapsack or approval ballots by account or voting code,
//! results by greedy or the Method of Equal Shares, Pabulib and CSV
//! exports, and the implementation of winning projects.

mod ballot_list;
mod ballots;
mod closed;
mod codes;
mod context;
pub mod demo;
mod indexed;
pub mod pabulib;
mod routes;
pub mod rules;
mod settings;
mod similar;
mod store;
mod tally;
mod validate;
mod views;

pub use closed::ClosedBallots;
pub use indexed::Indexed;
pub use routes::router;

use shared::moderation::ContentKind;

use futures_util::future::BoxFuture;

use crate::{db::Db, error::Result, moderation};

/// Proposals and their comments, as moderation sees them. Proposals that
/// came on paper have no author account and cannot be reported online.
pub struct Moderated;

impl moderation::Moderated for Moderated {
    fn kinds(&self) -> &'static [ContentKind] {
        &[ContentKind::BudgetProposal, ContentKind::BudgetComment]
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
        ContentKind::BudgetProposal => {
            let Ok(number) = id.parse::<u64>() else {
                return Ok(None);
            };
            Ok(store::proposal(db, number).await?.and_then(|p| {
                p.author.map(|author| moderation::Content {
                    author,
                    preview: format!("{}\n\n{}", p.title, p.description),
                })
            }))
        }
        ContentKind::BudgetComment => {
            Ok(store::comment(db, id)
                .await?
                .map(|(_, comment)| moderation::Content {
                    author: comment.author,
                    preview: comment.body,
                }))
        }
        _ => Ok(None),
    }
}

/// The Bürgerhaushalt's part of a person's data: what they did in every
/// cycle (Art. 15 DSGVO).
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.budget = store::activity_of(db, account).await?;
            Ok(())
        })
    }
}
