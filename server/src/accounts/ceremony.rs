//! Pending passkey ceremonies: the only code that reads and writes
//! `ceremony`. The state stays on the server (in the database, so that the
//! finish may reach another app server than the start); the client holds
//! only a random id. Each ceremony can be finished once.

use serde::{Serialize, de::DeserializeOwned};

use crate::{
    db::Db,
    error::{Error, Result},
};

/// Browsers give up on a ceremony after this long; so do we.
pub const CEREMONY_SECS: u64 = 300;

pub async fn start<T: Serialize>(db: &Db, state: &T) -> Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    db.query(
        "CREATE type::record('ceremony', $id) CONTENT {
            state: $state, expires_at: time::now() + type::duration($lifetime)
        }",
    )
    .bind(("id", id.clone()))
    .bind(("state", serde_json::to_string(state)?))
    .bind(("lifetime", format!("{CEREMONY_SECS}s")))
    .await?
    .check()?;
    Ok(id)
}

/// Takes the ceremony out of the store; an unknown, used or expired id is
/// refused with a message that tells the person to start again.
pub async fn finish<T: DeserializeOwned>(db: &Db, id: &str) -> Result<T> {
    let unknown = || {
        Error::InvalidInput(
            "Dieser Anmeldevorgang ist abgelaufen oder wurde schon verwendet. Bitte beginnen Sie erneut."
                .into(),
        )
    };
    // Only ids of the form `start` hands out can name a ceremony; others
    // (the empty one is no record id at all) are not looked up.
    if uuid::Uuid::try_parse(id).is_err() {
        return Err(unknown());
    }
    let state: Option<String> = db
        .query("DELETE type::record('ceremony', $id) WHERE expires_at > time::now() RETURN BEFORE")
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .take((0, "state"))?;
    let state = state.ok_or_else(unknown)?;
    serde_json::from_str(&state).map_err(|_| {
        Error::InvalidInput(
            "Dieser Anmeldevorgang passt nicht zu dieser Aktion. Bitte beginnen Sie erneut.".into(),
        )
    })
}

/// Removes ceremonies nobody finished.
pub async fn sweep(db: &Db) -> Result<()> {
    db.query("DELETE ceremony WHERE expires_at <= time::now()")
        .await?
        .check()?;
    Ok(())
}
