//! Sessions and their refresh tokens: the only code that reads and writes
//! `session` and `refresh_token`. Tokens are random and stored as SHA-256
//! hashes, so a copy of the database does not let anyone sign in.
//!
//! A session ends when it is not used for `idle_days`, and at the latest
//! `max_days` after signing in however much it is used (`staff_hours` for
//! every role beyond citizen: they see and change more). Passkeys are
//! phishing-resistant and bound to the device, which is why a citizen may
//! stay signed in for weeks; what would let a thief keep an account
//! (another passkey, removing the owner's) or end it needs a sign-in of the
//! last `fresh_minutes`.

use serde::Deserialize;
use shared::accounts::SessionInfo;

use crate::db::Rows;
use crate::secret;
use crate::{
    db::Db,
    error::{Error, Result},
};

/// How long sessions last, from the command line.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Lifetimes {
    /// Days a device stays signed in without being used.
    #[arg(long = "session-idle-days", env = "DS_SESSION_IDLE_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub idle_days: u32,

    /// Days after signing in at which a citizen's session ends, however
    /// much it is used.
    #[arg(long = "session-max-days", env = "DS_SESSION_MAX_DAYS", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub max_days: u32,

    /// Hours after signing in at which the session of a moderator, council
    /// member, staff member or administrator ends.
    #[arg(long = "staff-session-hours", env = "DS_STAFF_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=720))]
    pub staff_hours: u32,

    /// Minutes a sign-in counts as recent enough to add or remove a passkey
    /// or delete the account; after that the passkey is asked for again.
    #[arg(long = "fresh-sign-in-minutes", env = "DS_FRESH_SIGN_IN_MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub fresh_minutes: u32,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            idle_days: 30,
            max_days: 90,
            staff_hours: 12,
            fresh_minutes: 10,
        }
    }
}

impl Lifetimes {
    /// How long the browser keeps the refresh cookie: the server ends the
    /// session earlier where the rules above say so.
    pub fn cookie_days(&self) -> i64 {
        i64::from(self.idle_days)
    }

    /// The end of a session at `now` (SurrealQL): idle time from now, but
    /// not past the end counted from its sign-in. Expects `$signed_in_at`
    /// and `$role` to be set.
    const END: &str = "LET $latest = $signed_in_at + (IF $role = 'citizen' THEN type::duration($max) ELSE type::duration($staff) END);
         LET $idle_end = time::now() + type::duration($idle);
         LET $ends = IF $idle_end < $latest THEN $idle_end ELSE $latest END;";

    fn bind<'a>(
        &self,
        query: surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    ) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
        query
            .bind(("idle", format!("{}d", self.idle_days)))
            .bind(("max", format!("{}d", self.max_days)))
            .bind(("staff", format!("{}h", self.staff_hours)))
    }
}

pub struct Opened {
    pub session: String,
    pub refresh_token: String,
}

pub async fn open(db: &Db, lifetimes: &Lifetimes, account: &str, device: &str) -> Result<Opened> {
    let session = uuid::Uuid::new_v4().to_string();
    let refresh_token = secret::token()?;
    let query = db.query(format!(
        "BEGIN TRANSACTION;
         LET $session_id = type::record('session', $id);
         LET $account_id = type::record('account', $account);
         LET $signed_in_at = time::now();
         LET $role = $account_id.role;
         {end}
         CREATE $session_id CONTENT {{
             account: $account_id, device: $device,
             signed_in_at: $signed_in_at, expires_at: $ends
         }};
         CREATE refresh_token CONTENT {{ session: $session_id, hash: $hash }};
         COMMIT TRANSACTION;",
        end = Lifetimes::END
    ));
    lifetimes
        .bind(query)
        .bind(("id", session.clone()))
        .bind(("account", account.to_owned()))
        .bind(("device", device.to_owned()))
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
pub async fn refresh(db: &Db, lifetimes: &Lifetimes, token: &str) -> Result<Refreshed> {
    #[derive(Deserialize)]
    struct Outcome {
        status: String,
        account: Option<String>,
        session: Option<String>,
    }
    let next = secret::token()?;
    let query = db.query(format!(
        "BEGIN TRANSACTION;
         LET $presented = (SELECT id, session, used_at, session.revoked_at AS revoked_at,
                              session.ended_by AS ended_by, session.expires_at AS expires_at,
                              session.signed_in_at AS signed_in_at,
                              session.account AS account, session.account.role AS role
                       FROM refresh_token WHERE hash = $hash LIMIT 1)[0];
         -- Unknown tokens have no session; their end is never used.
         LET $signed_in_at = $presented.signed_in_at ?? time::now();
         LET $role = $presented.role ?? 'citizen';
         {end}
         LET $status = IF $presented = NONE THEN 'unknown'
             ELSE IF $presented.ended_by = 'recovery' THEN 'recovered'
             ELSE IF $presented.revoked_at != NONE OR $presented.expires_at < time::now()
                 OR $latest < time::now() THEN 'ended'
             ELSE IF $presented.used_at != NONE THEN 'reused'
             ELSE 'ok' END;
         IF $status = 'reused' {{
             UPDATE $presented.session SET revoked_at = time::now();
         }};
         IF $status = 'ok' {{
             UPDATE $presented.id SET used_at = time::now();
             CREATE refresh_token CONTENT {{ session: $presented.session, hash: $next }};
             UPDATE $presented.session SET last_used_at = time::now(), expires_at = $ends;
         }};
         COMMIT TRANSACTION;
         RETURN IF $status = 'ok' THEN
             {{ status: $status, account: record::id($presented.account), session: record::id($presented.session) }}
         ELSE {{ status: $status }} END;",
        end = Lifetimes::END
    ));
    let mut response = lifetimes
        .bind(query)
        .bind(("hash", secret::sha256_hex(token)))
        .bind(("next", secret::sha256_hex(&next)))
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
        ("recovered", ..) => Err(Error::RecoveredElsewhere),
        _ => Err(ended()),
    }
}

const SIGNED_OUT: &str = "Sie sind nicht mehr angemeldet. Bitte melden Sie sich erneut an.";

/// Whether this session proved a passkey within the last `fresh_minutes`;
/// if not, [`Error::SignInAgain`].
pub async fn require_fresh(db: &Db, lifetimes: &Lifetimes, session: &str) -> Result<()> {
    let fresh: Option<bool> = db
        .query(
            "RETURN type::record('session', $session_id).signed_in_at
                 > time::now() - type::duration($fresh)",
        )
        .bind(("session_id", session.to_owned()))
        .bind(("fresh", format!("{}m", lifetimes.fresh_minutes)))
        .await?
        .check()?
        .take(0)?;
    if fresh == Some(true) {
        Ok(())
    } else {
        Err(Error::SignInAgain)
    }
}

/// The session proved a passkey just now (see [`require_fresh`]); its end
/// is counted from now again.
pub async fn confirmed(db: &Db, lifetimes: &Lifetimes, session: &str) -> Result<()> {
    let query = db.query(format!(
        "LET $session_id = type::record('session', $session_id_text);
         LET $signed_in_at = time::now();
         LET $role = $session_id.account.role;
         {end}
         UPDATE $session_id SET signed_in_at = $signed_in_at, expires_at = $ends
             WHERE revoked_at = NONE;",
        end = Lifetimes::END
    ));
    lifetimes
        .bind(query)
        .bind(("session_id_text", session.to_owned()))
        .await?
        .check()?;
    Ok(())
}

/// Recovery with a code: every session of the account ends, and each of
/// those devices is told why when it next asks (see [`refresh`]).
pub async fn end_all_for_recovery(db: &Db, account: &str) -> Result<()> {
    db.query(
        "UPDATE session SET revoked_at = time::now(), ended_by = 'recovery'
         WHERE account = type::record('account', $account) AND revoked_at = NONE",
    )
    .bind(("account", account.to_owned()))
    .await?
    .check()?;
    Ok(())
}

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
