//! The Open311 API keys' table: only the SHA-256 of a key is stored.

use serde::Deserialize;

use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

#[derive(Debug, Clone, Deserialize)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub may_update: bool,
    pub created_at: String,
    pub last_used: Option<String>,
}

const KEY_FIELDS: &str = "record::id(id) AS id, name, may_update, <string> created_at AS created_at, \
    IF last_used = NONE THEN NONE ELSE <string> last_used END AS last_used";

pub async fn api_keys(db: &Db) -> Result<Vec<ApiKeyRow>> {
    db.query(format!(
        "SELECT {KEY_FIELDS} FROM open311_key ORDER BY created_at"
    ))
    .await?
    .check()?
    .rows(0)
}

pub async fn create_api_key(
    db: &Db,
    id: &str,
    name: &str,
    key_hash: &str,
    may_update: bool,
    created_by: &str,
) -> Result<ApiKeyRow> {
    db.query(format!(
        "CREATE type::record('open311_key', $id) CONTENT {{
             name: $name, key_hash: $hash, may_update: $may_update,
             created_by: type::record('account', $by)
         }};
         SELECT {KEY_FIELDS} FROM ONLY type::record('open311_key', $id);"
    ))
    .bind(("id", id.to_owned()))
    .bind(("name", name.to_owned()))
    .bind(("hash", key_hash.to_owned()))
    .bind(("may_update", may_update))
    .bind(("by", created_by.to_owned()))
    .await?
    .check()?
    .row(1)?
    .ok_or_else(|| Error::Internal("the new API key was not stored".into()))
}

/// True if a key was deleted.
pub async fn delete_api_key(db: &Db, id: &str) -> Result<bool> {
    let deleted: Option<serde_json::Value> = db
        .query("DELETE type::record('open311_key', $id) RETURN BEFORE")
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(deleted.is_some())
}

/// The key with this hash, marked as used now.
pub async fn use_api_key(db: &Db, key_hash: &str) -> Result<Option<ApiKeyRow>> {
    db.query(format!(
        "UPDATE open311_key SET last_used = time::now() WHERE key_hash = $hash;
         SELECT {KEY_FIELDS} FROM open311_key WHERE key_hash = $hash;"
    ))
    .bind(("hash", key_hash.to_owned()))
    .await?
    .check()?
    .rows(1)
    .map(|mut rows: Vec<ApiKeyRow>| rows.pop())
}
