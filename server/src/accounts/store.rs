//! The only code that reads and writes `account`, `passkey` and
//! `recovery_code`. Account ids are the WebAuthn user handles (UUIDs).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::Deserialize;
use shared::accounts::{AccountSummary, PasskeyInfo, Role};
use webauthn_rs::prelude::Passkey;

use super::validate::{DisplayName, Username};
use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

/// An account as the server uses it for decisions.
#[derive(Debug, Clone, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub departments: Vec<String>,
    pub blocked: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    pub erased: bool,
    pub created_at: String,
}

impl From<AccountRow> for AccountSummary {
    fn from(row: AccountRow) -> Self {
        Self {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            role: row.role,
            departments: row.departments,
            blocked: row.blocked,
            created_at: row.created_at,
        }
    }
}

const ACCOUNT_FIELDS: &str = "record::id(id) AS id, username, display_name, role, departments, blocked, district, erased, <string> created_at AS created_at";

/// A passkey to store with a new or existing account.
pub struct NewPasskey {
    pub name: String,
    pub key: Passkey,
}

impl NewPasskey {
    fn credential_id(&self) -> String {
        credential_id(self.key.cred_id())
    }

    fn key_json(&self) -> Result<String> {
        Ok(serde_json::to_string(&self.key)?)
    }
}

/// How credential ids are written in the database: base64url, as browsers
/// and the WebAuthn JSON encode them.
pub fn credential_id(raw: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(raw)
}

/// Creates the account with its first passkey and its recovery codes, all
/// or nothing. A taken username is a conflict the person can fix.
pub async fn create(
    db: &Db,
    id: &str,
    username: &Username,
    display_name: &DisplayName,
    role: Role,
    passkey: &NewPasskey,
    recovery_hashes: Vec<String>,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $account = type::record('account', $id);
         CREATE $account CONTENT { username: $username, display_name: $display_name, role: $role };
         CREATE passkey CONTENT { account: $account, credential_id: $credential_id, name: $passkey_name, key: $key };
         FOR $hash IN $recovery { CREATE recovery_code CONTENT { account: $account, hash: $hash }; };
         COMMIT TRANSACTION;",
    )
    .bind(("id", id.to_owned()))
    .bind(("username", username.as_str().to_owned()))
    .bind(("display_name", display_name.as_str().to_owned()))
    .bind(("role", role.as_str()))
    .bind(("credential_id", passkey.credential_id()))
    .bind(("passkey_name", passkey.name.clone()))
    .bind(("key", passkey.key_json()?))
    .bind(("recovery", recovery_hashes))
    .await?
    .check()
    .map_err(|err| unique_violation(err, "account_username", USERNAME_TAKEN))
    .map_err(|err| match err {
        Error::Database(db_err) => unique_violation(*db_err, "passkey_credential", PASSKEY_KNOWN),
        other => other,
    })?;
    Ok(())
}

const USERNAME_TAKEN: &str =
    "Dieser Benutzername ist schon vergeben. Bitte wählen Sie einen anderen.";
const PASSKEY_KNOWN: &str = "Dieser Passkey ist schon bei einem Konto registriert.";

/// Turns the violation of the named unique index into a conflict with a
/// message for people; every other database error stays internal.
fn unique_violation(err: surrealdb::Error, index: &str, message: &str) -> Error {
    if err.to_string().contains(index) {
        Error::Conflict(message.into())
    } else {
        Error::from(err)
    }
}

pub async fn get(db: &Db, id: &str) -> Result<Option<AccountRow>> {
    let row: Option<AccountRow> = db
        .query(format!(
            "SELECT {ACCOUNT_FIELDS} FROM ONLY type::record('account', $id)"
        ))
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(row)
}

/// The account of a session if that session is still running (not signed
/// out, not expired): what every signed-in request needs, in one round trip.
pub async fn of_active_session(db: &Db, session: &str, id: &str) -> Result<Option<AccountRow>> {
    let row: Option<AccountRow> = db
        .query(format!(
            "LET $signed_in = type::record('session', $session_id);
             LET $account = type::record('account', $id);
             IF $signed_in.revoked_at = NONE AND $signed_in.expires_at > time::now() AND $signed_in.account = $account {{
                 SELECT {ACCOUNT_FIELDS} FROM ONLY $account
             }}"
        ))
        .bind(("session_id", session.to_owned()))
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .row(2)?;
    Ok(row)
}

/// Display names by account id; unknown ids are left out.
pub async fn display_names(db: &Db, ids: &[String]) -> Result<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        display_name: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT record::id(id) AS id, display_name FROM $ids.map(|$id| type::record('account', $id))",
        )
        .bind(("ids", ids.to_vec()))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}

pub async fn by_username(db: &Db, username: &Username) -> Result<Option<AccountRow>> {
    let row: Option<AccountRow> = db
        .query(format!(
            "SELECT {ACCOUNT_FIELDS} FROM account WHERE username = $username LIMIT 1"
        ))
        .bind(("username", username.as_str().to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(row.filter(|row| !row.erased))
}

pub async fn username_taken(db: &Db, username: &Username) -> Result<bool> {
    let ids: Vec<serde_json::Value> = db
        .query("SELECT VALUE id FROM account WHERE username = $username LIMIT 1")
        .bind(("username", username.as_str().to_owned()))
        .await?
        .check()?
        .take(0)?;
    Ok(!ids.is_empty())
}

/// Accounts whose username or display name contains `query` (case
/// insensitive), newest first.
pub async fn search(db: &Db, query: &str, limit: u32) -> Result<Vec<AccountRow>> {
    let rows: Vec<AccountRow> = db
        .query(format!(
            "SELECT {ACCOUNT_FIELDS} FROM account
             WHERE erased = false AND ($query = '' OR string::contains(string::lowercase(username), $query)
                OR string::contains(string::lowercase(display_name), $query))
             ORDER BY created_at DESC LIMIT $limit"
        ))
        .bind(("query", query.trim().to_lowercase()))
        .bind(("limit", limit))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows)
}

pub async fn set_role(db: &Db, id: &str, role: Role) -> Result<()> {
    db.query("UPDATE type::record('account', $id) SET role = $role")
        .bind(("id", id.to_owned()))
        .bind(("role", role.as_str()))
        .await?
        .check()?;
    Ok(())
}

pub async fn set_departments(db: &Db, id: &str, departments: &[String]) -> Result<()> {
    db.query("UPDATE type::record('account', $id) SET departments = $departments")
        .bind(("id", id.to_owned()))
        .bind(("departments", departments.to_vec()))
        .await?
        .check()?;
    Ok(())
}

/// Blocks the account with a reason shown to its owner, or lifts the block.
pub async fn set_blocked(db: &Db, id: &str, reason: Option<String>) -> Result<()> {
    db.query("UPDATE type::record('account', $id) SET blocked = $reason")
        .bind(("id", id.to_owned()))
        .bind(("reason", reason))
        .await?
        .check()?;
    Ok(())
}

/// A stored passkey with the id of its row.
pub struct StoredPasskey {
    pub id: String,
    pub account: String,
    pub key: Passkey,
}

#[derive(Deserialize)]
struct PasskeyRow {
    id: String,
    account: String,
    key: String,
}

impl TryFrom<PasskeyRow> for StoredPasskey {
    type Error = Error;

    fn try_from(row: PasskeyRow) -> Result<Self> {
        Ok(Self {
            id: row.id,
            account: row.account,
            key: serde_json::from_str(&row.key)?,
        })
    }
}

const PASSKEY_FIELDS: &str = "record::id(id) AS id, record::id(account) AS account, key";

pub async fn passkeys(db: &Db, account: &str) -> Result<Vec<StoredPasskey>> {
    let rows: Vec<PasskeyRow> = db
        .query(format!(
            "SELECT {PASSKEY_FIELDS} FROM passkey WHERE account = type::record('account', $account)"
        ))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    rows.into_iter().map(StoredPasskey::try_from).collect()
}

pub async fn passkey_by_credential(db: &Db, credential_id: &str) -> Result<Option<StoredPasskey>> {
    let row: Option<PasskeyRow> = db
        .query(format!(
            "SELECT {PASSKEY_FIELDS} FROM passkey WHERE credential_id = $credential_id LIMIT 1"
        ))
        .bind(("credential_id", credential_id.to_owned()))
        .await?
        .check()?
        .row(0)?;
    row.map(StoredPasskey::try_from).transpose()
}

/// The list a person sees of their own passkeys.
pub async fn passkey_list(db: &Db, account: &str) -> Result<Vec<PasskeyInfo>> {
    let rows: Vec<PasskeyInfo> = db
        .query(
            "SELECT record::id(id) AS id, name, <string> created_at AS created_at,
                    IF last_used_at = NONE THEN NONE ELSE <string> last_used_at END AS last_used_at
             FROM passkey WHERE account = type::record('account', $account) ORDER BY created_at",
        )
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows)
}

/// Stores the counter and backup state the authenticator just reported.
pub async fn passkey_used(db: &Db, passkey: &StoredPasskey) -> Result<()> {
    db.query("UPDATE type::record('passkey', $id) SET key = $key, last_used_at = time::now()")
        .bind(("id", passkey.id.clone()))
        .bind(("key", serde_json::to_string(&passkey.key)?))
        .await?
        .check()?;
    Ok(())
}

pub async fn add_passkey(db: &Db, account: &str, passkey: &NewPasskey) -> Result<()> {
    db.query(
        "CREATE passkey CONTENT { account: type::record('account', $account), credential_id: $credential_id, name: $name, key: $key }",
    )
    .bind(("account", account.to_owned()))
    .bind(("credential_id", passkey.credential_id()))
    .bind(("name", passkey.name.clone()))
    .bind(("key", passkey.key_json()?))
    .await?
    .check()
    .map_err(|err| unique_violation(err, "passkey_credential", PASSKEY_KNOWN))?;
    Ok(())
}

/// Removes one of the account's passkeys, but never its last one: without
/// a passkey the person could only come back with a recovery code.
pub async fn remove_passkey(db: &Db, account: &str, passkey: &str) -> Result<()> {
    let mut response = db
        .query(
            "BEGIN TRANSACTION;
             LET $account = type::record('account', $account);
             LET $target = type::record('passkey', $passkey);
             IF $target.account != $account {
                 THROW 'not_found';
             };
             IF count(SELECT id FROM passkey WHERE account = $account) <= 1 {
                 THROW 'last_passkey';
             };
             DELETE $target;
             COMMIT TRANSACTION;",
        )
        .bind(("account", account.to_owned()))
        .bind(("passkey", passkey.to_owned()))
        .await?;
    let errors = response.take_errors();
    let thrown = errors.values().map(ToString::to_string).collect::<Vec<_>>();
    if thrown.iter().any(|e| e.contains("not_found")) {
        return Err(Error::NotFound(
            "Diesen Passkey gibt es in Ihrem Konto nicht.".into(),
        ));
    }
    if thrown.iter().any(|e| e.contains("last_passkey")) {
        return Err(Error::Conflict(
            "Ihr letzter Passkey kann nicht entfernt werden. Fügen Sie zuerst einen anderen hinzu."
                .into(),
        ));
    }
    response.check()?;
    Ok(())
}

/// The account's unused recovery codes as (row id, argon2 hash).
pub async fn recovery_codes(db: &Db, account: &str) -> Result<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        hash: String,
    }
    let rows: Vec<Row> = db
        .query("SELECT record::id(id) AS id, hash FROM recovery_code WHERE account = type::record('account', $account)")
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows.into_iter().map(|r| (r.id, r.hash)).collect())
}

/// Spends a recovery code. Returns false when it was spent concurrently.
pub async fn spend_recovery_code(db: &Db, id: &str) -> Result<bool> {
    let deleted: Vec<serde_json::Value> = db
        .query("DELETE type::record('recovery_code', $id) RETURN BEFORE")
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .take(0)?;
    Ok(!deleted.is_empty())
}

pub async fn set_district(db: &Db, id: &str, district: Option<&str>) -> Result<()> {
    db.query("UPDATE type::record('account', $id) SET district = $district")
        .bind(("id", id.to_owned()))
        .bind(("district", district.map(str::to_owned)))
        .await?
        .check()?;
    Ok(())
}

/// Erasure (Art. 17 DSGVO): identity, passkeys and recovery codes go; the
/// record stays so that content can show "gelöschtes Konto" as its author.
pub async fn erase(db: &Db, id: &str, placeholder_name: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $account = type::record('account', $id);
         DELETE passkey WHERE account = $account;
         DELETE recovery_code WHERE account = $account;
         UPDATE $account SET username = $username, display_name = $display_name,
             role = 'citizen', departments = [], blocked = NONE, district = NONE, erased = true;
         COMMIT TRANSACTION;",
    )
    .bind(("id", id.to_owned()))
    .bind(("username", format!("geloescht-{id}")))
    .bind(("display_name", placeholder_name.to_owned()))
    .await?
    .check()?;
    Ok(())
}

pub async fn admin_count(db: &Db) -> Result<u64> {
    let count: Option<u64> = db
        .query("SELECT count() AS n FROM account WHERE role = 'admin' AND erased = false GROUP ALL")
        .await?
        .check()?
        .take((0, "n"))?;
    Ok(count.unwrap_or(0))
}
