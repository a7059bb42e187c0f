//! Abstimmungen and Umfragen: staff set up polls with choice, ranking and
//! free-text questions; signed-in residents (of one Stadtbezirk, if the poll
//! says so) vote once. Who voted and what was voted are stored apart, and
//! each voter gets a receipt code to check that their ballot was counted.

mod closed;
pub mod demo;
mod indexed;
mod opened;
mod receipt;
mod routes;
mod store;
mod tally;
mod validate;
mod views;

pub use closed::ClosedPolls;
pub use indexed::Indexed;
pub use opened::OpenedPolls;
pub use routes::router;

use crate::{db::Db, error::Result};

/// The polls an account voted in (not how), for its data export.
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.polls_voted_in = store::voted_in(db, account).await?;
            Ok(())
        })
    }
}
