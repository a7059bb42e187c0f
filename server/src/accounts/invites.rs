//! One-time registration links that give a new account a role: the only
//! code that reads and writes `invite`. Only a hash of the token is stored.

use serde::Deserialize;
use shared::accounts::{Invite, Role};
use url::Url;

use crate::secret;
use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

/// The page of the app that registers with an invitation.
const REGISTRATION_PATH: &str = "registrieren";

pub async fn create(
    db: &Db,
    public_url: &Url,
    role: Role,
    created_by: Option<&str>,
    valid_hours: u32,
) -> Result<Invite> {
    let token = secret::token()?;
    let expires_at: Option<String> = db
        .query(
            "CREATE invite CONTENT {
                hash: $hash, role: $role,
                created_by: IF $created_by = NONE THEN NONE ELSE type::record('account', $created_by) END,
                expires_at: time::now() + type::duration($lifetime)
            } RETURN VALUE <string> expires_at",
        )
        .bind(("hash", secret::sha256_hex(&token)))
        .bind(("role", role.as_str()))
        .bind(("created_by", created_by.map(str::to_owned)))
        .bind(("lifetime", format!("{valid_hours}h")))
        .await?
        .check()?
        .take(0)?;
    let mut link = public_url
        .join(REGISTRATION_PATH)
        .map_err(|e| Error::Internal(format!("invitation link: {e}")))?;
    link.query_pairs_mut().append_pair("einladung", &token);
    Ok(Invite {
        role,
        link: link.into(),
        expires_at: expires_at.unwrap_or_default(),
    })
}

fn invalid() -> Error {
    Error::InvalidInput(
        "Diese Einladung ist ungültig, abgelaufen oder schon verwendet. Bitten Sie um eine neue."
            .into(),
    )
}

/// The role an unused, unexpired invitation gives.
pub async fn role_of(db: &Db, token: &str) -> Result<Role> {
    let role: Option<Role> = db
        .query(
            "SELECT VALUE role FROM invite
             WHERE hash = $hash AND used_by = NONE AND expires_at > time::now() LIMIT 1",
        )
        .bind(("hash", secret::sha256_hex(token)))
        .await?
        .check()?
        .row(0)?;
    role.ok_or_else(invalid)
}

/// Marks the invitation as used by `account`; a second use is refused.
pub async fn redeem(db: &Db, token: &str, account: &str) -> Result<Role> {
    #[derive(Deserialize)]
    struct Redeemed {
        role: Role,
    }
    let redeemed: Option<Redeemed> = db
        .query(
            "UPDATE invite SET used_by = type::record('account', $account)
             WHERE hash = $hash AND used_by = NONE AND expires_at > time::now() RETURN role",
        )
        .bind(("hash", secret::sha256_hex(token)))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .row(0)?;
    redeemed.map(|r| r.role).ok_or_else(invalid)
}

/// Makes a redeemed invitation usable again when the registration failed.
pub async fn release(db: &Db, token: &str) -> Result<()> {
    db.query("UPDATE invite SET used_by = NONE WHERE hash = $hash")
        .bind(("hash", secret::sha256_hex(token)))
        .await?
        .check()?;
    Ok(())
}
