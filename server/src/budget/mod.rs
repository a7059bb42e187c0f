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
pub mod pabulib;
mod routes;
pub mod rules;
mod settings;
mod similar;
mod store;
mod tally;
mod views;

pub use closed::ClosedBallots;
pub use routes::router;

use shared::moderation::ContentKind;

use crate::{db::Db, error::Result};

/// Author and text of a proposal or comment, for moderation. Proposals that
/// came on paper have no author account and cannot be reported online.
pub async fn moderated(db: &Db, kind: ContentKind, id: &str) -> Result<Option<(String, String)>> {
    match kind {
        ContentKind::BudgetProposal => {
            let Ok(number) = id.parse::<u64>() else {
                return Ok(None);
            };
            Ok(store::proposal(db, number).await?.and_then(|p| {
                p.author
                    .map(|author| (author, format!("{}\n\n{}", p.title, p.description)))
            }))
        }
        ContentKind::BudgetComment => Ok(store::comment(db, id)
            .await?
            .map(|(_, comment)| (comment.author, comment.body))),
        _ => Ok(None),
    }
}

/// What the account did in every cycle, for its data export (Art. 15 DSGVO).
pub async fn activity_of(db: &Db, account: &str) -> Result<shared::budget::BudgetActivity> {
    store::activity_of(db, account).await
}
