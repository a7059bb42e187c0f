//! The append-only audit log: who changed roles, blocked accounts or made
//! moderation decisions. Other domains call [`record`]; admins read it.
//! The database itself refuses changes to existing entries.

use axum::{Json, extract::State};
use serde::Deserialize;
use shared::{accounts::AuditEntry, api::ApiErrorBody};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    accounts::{Action, Actor},
    db::{Db, Rows},
    error::Result,
    extract::ApiQuery,
    http::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_entries))
}

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

/// Entries made by or about an account, for its data export.
pub async fn about(db: &Db, account: &str) -> Result<Vec<AuditEntry>> {
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Page {
    /// Number of entries, newest first (at most 500).
    limit: Option<u32>,
}

/// The newest entries of the audit log.
#[utoipa::path(get, path = "/admin/audit", tag = "admin", params(Page),
    responses(
        (status = 200, body = Vec<AuditEntry>),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn list_entries(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<Vec<AuditEntry>>> {
    actor.may(Action::ReadAuditLog)?;
    let limit = page.limit.unwrap_or(100).clamp(1, 500);
    let entries: Vec<AuditEntry> = state
        .db
        .query(format!(
            "SELECT {ENTRY_FIELDS} FROM audit_log ORDER BY at DESC LIMIT $limit"
        ))
        .bind(("limit", limit))
        .await?
        .check()?
        .rows(0)?;
    Ok(Json(entries))
}
