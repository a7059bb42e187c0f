//! The append-only audit log: who changed roles, blocked accounts or made
//! moderation decisions. Other domains call [`record`]; admins read it.
//! The database itself refuses changes to existing entries.

use shared::accounts::AuditEntry;

use crate::{
    db::{Db, Rows},
    error::Result,
};

/// Appends an entry. `actor` is the acting account, `None` for the
/// operator's command line.
pub async fn record(
    db: &Db,
    actor: Option<&str>,
    action: &str,
    target: &str,
    detail: &str,
) -> Result<()> {
    db.query(
        "CREATE audit_log CONTENT {
            actor: IF $actor = NONE THEN NONE ELSE type::record('account', $actor) END,
            action: $action, target: $target, detail: $detail
        }",
    )
    .bind(("actor", actor.map(str::to_owned)))
    .bind(("action", action.to_owned()))
    .bind(("target", target.to_owned()))
    .bind(("detail", detail.to_owned()))
    .await?
    .check()?;
    Ok(())
}

const ENTRY_FIELDS: &str = "<string> at AS at, IF actor = NONE THEN NONE ELSE record::id(actor) END AS actor, action, target, detail";

/// The audit log's part of a person's data: the entries made by or about
/// their account.
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.audit_log = about(db, account).await?;
            Ok(())
        })
    }
}

async fn about(db: &Db, account: &str) -> Result<Vec<AuditEntry>> {
    let entries: Vec<AuditEntry> = db
        .query(format!(
            "SELECT {ENTRY_FIELDS} FROM audit_log
             WHERE actor = type::record('account', $account) OR target = $target ORDER BY at"
        ))
        .bind(("account", account.to_owned()))
        .bind(("target", format!("account:{account}")))
        .await?
        .check()?
        .rows(0)?;
    Ok(entries)
}

/// The newest `limit` entries, newest first.
pub async fn newest(db: &Db, limit: u32) -> Result<Vec<AuditEntry>> {
    let entries: Vec<AuditEntry> = db
        .query(format!(
            "SELECT {ENTRY_FIELDS} FROM audit_log ORDER BY at DESC LIMIT $limit"
        ))
        .bind(("limit", limit))
        .await?
        .check()?
        .rows(0)?;
    Ok(entries)
}
