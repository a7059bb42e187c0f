//! Sessions and their refresh tokens: the only code that reads and writes
//! `session` and `refresh_token`. Tokens are random and stored as SHA-256
//! hashes, so a copy of the database does not let anyone sign in.

use serde::Deserialize;
use shared::accounts::SessionInfo;

use super::secret;
use crate::db::Rows;
use crate::{
    db::Db,
    error::{Error, Result},
};

/// How long a device stays signed in without being used.
pub const SESSION_DAYS: i64 = 30;

pub struct Opened {
    pub session: String,
    pub refresh_token: String,
}

pub async fn open(db: &Db, account: &str, device: &str) -> Result<Opened> {
    let session = uuid::Uuid::new_v4().to_string();
    let refresh_token = secret::token()?;
    db.query(
        "BEGIN TRANSACTION;
         LET $session_id = type::record('session', $id);
         CREATE $session_id CONTENT {
             account: type::record('account', $account), device: $device,
             expires_at: time::now() + type::duration($lifetime)
         };
         CREATE refresh_token CONTENT { session: $session_id, hash: $hash };
         COMMIT TRANSACTION;",
    )
    .bind(("id", session.clone()))
    .bind(("account", account.to_owned()))
    .bind(("device", device.to_owned()))
    .bind(("lifetime", format!("{SESSION_DAYS}d")))
    .bind(("hash", secret::sha256_hex(&refresh_token)))
    .await?
    .check()?;
    Ok(Opened {
        session,
        refresh_token,
    })
}

/// The account and session a refresh token belongs to, plus its successor.
pub struct Refreshed {
    pub account: String,
    pub session: String,
    pub refresh_token: String,
}

/// Exchanges a refresh token for a new one. A token that was already used
/// means a copy is in someone else's hands: the whole session ends.
pub async fn refresh(db: &Db, token: &str) -> Result<Refreshed> {
    #[derive(Deserialize)]
    struct Outcome {
        status: String,
        account: Option<String>,
        session: Option<String>,
    }
    let next = secret::token()?;
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $presented = (SELECT id, session, used_at, session.revoked_at AS revoked_at,
                                  session.expires_at AS expires_at, session.account AS account
                           FROM refresh_token WHERE hash = $hash LIMIT 1)[0];
             LET $status = IF $presented = NONE THEN 'unknown'
                 ELSE IF $presented.revoked_at != NONE OR $presented.expires_at < time::now() THEN 'ended'
                 ELSE IF $presented.used_at != NONE THEN 'reused'
                 ELSE 'ok' END;
             IF $status = 'reused' {
                 UPDATE $presented.session SET revoked_at = time::now();
             };
             IF $status = 'ok' {
                 UPDATE $presented.id SET used_at = time::now();
                 CREATE refresh_token CONTENT { session: $presented.session, hash: $next };
                 UPDATE $presented.session SET last_used_at = time::now(),
                     expires_at = time::now() + type::duration($lifetime);
             };
             COMMIT TRANSACTION;
             RETURN IF $status = 'ok' THEN
                 { status: $status, account: record::id($presented.account), session: record::id($presented.session) }
             ELSE { status: $status } END;",
        )
        .bind(("hash", secret::sha256_hex(token)))
        .bind(("next", secret::sha256_hex(&next)))
        .bind(("lifetime", format!("{SESSION_DAYS}d")))
        .await?
        .check()?;
    let outcome: Option<Outcome> = response.last_row()?;
    let ended = || Error::Unauthorized(SIGNED_OUT.into());
    let outcome = outcome.ok_or_else(ended)?;
    match (outcome.status.as_str(), outcome.account, outcome.session) {
        ("ok", Some(account), Some(session)) => Ok(Refreshed {
            account,
            session,
            refresh_token: next,
        }),
        ("reused", ..) => {
            tracing::warn!("a used refresh token was presented again; its session is revoked");
            Err(ended())
        }
        _ => Err(ended()),
    }
}

const SIGNED_OUT: &str = "Sie sind nicht mehr angemeldet. Bitte melden Sie sich erneut an.";

/// Ends one of the account's sessions. Unknown or foreign ids are not found.
pub async fn revoke(db: &Db, account: &str, session: &str) -> Result<()> {
    let revoked: Vec<serde_json::Value> = db
        .query(
            "UPDATE type::record('session', $session_id) SET revoked_at = time::now()
             WHERE account = type::record('account', $account) AND revoked_at = NONE RETURN id",
        )
        .bind(("session_id", session.to_owned()))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .take(0)?;
    if revoked.is_empty() {
        return Err(Error::NotFound(
            "Diese Sitzung gibt es nicht oder sie ist schon beendet.".into(),
        ));
    }
    Ok(())
}

/// Ends the session a refresh token belongs to, used or not.
pub async fn revoke_by_refresh_token(db: &Db, token: &str) -> Result<()> {
    db.query(
        "LET $session_id = (SELECT VALUE session FROM refresh_token WHERE hash = $hash LIMIT 1)[0];
         IF $session_id != NONE { UPDATE $session_id SET revoked_at = time::now() WHERE revoked_at = NONE; };",
    )
    .bind(("hash", secret::sha256_hex(token)))
    .await?
    .check()?;
    Ok(())
}

/// Ends every session of the account ("überall abmelden").
pub async fn revoke_all(db: &Db, account: &str) -> Result<()> {
    db.query(
        "UPDATE session SET revoked_at = time::now()
         WHERE account = type::record('account', $account) AND revoked_at = NONE",
    )
    .bind(("account", account.to_owned()))
    .await?
    .check()?;
    Ok(())
}

/// The account's signed-in devices, most recently used first.
pub async fn list(db: &Db, account: &str, current: &str) -> Result<Vec<SessionInfo>> {
    let sessions: Vec<SessionInfo> = db
        .query(
            "SELECT record::id(id) AS id, device, <string> created_at AS created_at,
                    <string> last_used_at AS last_used_at, record::id(id) = $current AS current
             FROM session
             WHERE account = type::record('account', $account) AND revoked_at = NONE AND expires_at > time::now()
             ORDER BY last_used_at DESC",
        )
        .bind(("account", account.to_owned()))
        .bind(("current", current.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    Ok(sessions)
}

/// Erasure: sessions and their tokens disappear with the account's identity.
pub async fn delete_all(db: &Db, account: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $session_ids = SELECT VALUE id FROM session WHERE account = type::record('account', $account);
         DELETE refresh_token WHERE session IN $session_ids;
         DELETE session WHERE id IN $session_ids;
         COMMIT TRANSACTION;",
    )
    .bind(("account", account.to_owned()))
    .await?
    .check()?;
    Ok(())
}
