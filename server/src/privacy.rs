//! What the platform keeps about a person, for their data export (Art. 15
//! and 20 DSGVO) and the erasure of their account (Art. 17). Every domain
//! that stores something about people answers for its own part through
//! [`PersonalData`]; the account's `/me` routes ask all of them, so that
//! accounts need not know the other domains.

use futures_util::future::BoxFuture;
use shared::accounts::DataExport;

use crate::{db::Db, error::Result};

pub trait PersonalData: Send + Sync {
    /// Adds what this domain keeps about `account` to the export.
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut DataExport,
    ) -> BoxFuture<'a, Result<()>>;

    /// Removes what this domain must not keep once `account` is erased.
    /// Contributions stay (shown as from a deleted account), so only what
    /// names or reaches the person goes.
    fn erase<'a>(&'a self, db: &'a Db, account: &'a str) -> BoxFuture<'a, Result<()>> {
        let _ = (db, account);
        Box::pin(async { Ok(()) })
    }
}
