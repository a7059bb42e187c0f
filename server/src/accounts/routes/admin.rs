//! `/api/v1/admin`: finding accounts, changing roles, blocking, invitations,
//! and reading the audit log, to which every action here is written.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use shared::{
    accounts::{
        AccountSummary, AuditEntry, DepartmentsChange, Invite, InviteRequest, Reason, Role,
        RoleChange,
    },
    api::ApiErrorBody,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::{Action, Actor, invites, store};
use crate::{
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    state::AppState,
};

/// How long an invitation link made in the admin UI stays valid.
const INVITE_HOURS: u32 = 72;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find_accounts))
        .routes(routes!(change_role))
        .routes(routes!(change_departments))
        .routes(routes!(block, unblock))
        .routes(routes!(create_invite))
        .routes(routes!(audit_log))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Search {
    /// Part of a username or display name; empty lists the newest accounts.
    q: Option<String>,
}

#[utoipa::path(get, path = "/admin/accounts", tag = "admin", params(Search),
    responses(
        (status = 200, body = Vec<AccountSummary>),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn find_accounts(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(search): ApiQuery<Search>,
) -> Result<Json<Vec<AccountSummary>>> {
    actor.may(Action::FindAccounts)?;
    let rows = store::search(&state.db, search.q.as_deref().unwrap_or_default(), 100).await?;
    Ok(Json(rows.into_iter().map(AccountSummary::from).collect()))
}

#[utoipa::path(put, path = "/admin/accounts/{id}/role", tag = "admin", request_body = RoleChange,
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountSummary),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "Would leave the installation without an admin", body = ApiErrorBody),
    ))]
async fn change_role(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
    ApiJson(change): ApiJson<RoleChange>,
) -> Result<Json<AccountSummary>> {
    actor.may(Action::ChangeRoles)?;
    let target = existing(&state, &id).await?;
    if target.role == Role::Admin
        && change.role != Role::Admin
        && store::admin_count(&state.db).await? <= 1
    {
        return Err(Error::Conflict(
            "Das ist das einzige Admin-Konto. Ernennen Sie zuerst ein weiteres.".into(),
        ));
    }
    store::set_role(&state.db, &id, change.role).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "role.changed",
        &format!("account:{id}"),
        &format!("{} → {}", target.role, change.role),
    )
    .await?;
    Ok(Json(existing(&state, &id).await?.into()))
}

/// Binds a staff account to departments (Ämter); an empty list unbinds it.
#[utoipa::path(put, path = "/admin/accounts/{id}/departments", tag = "admin", request_body = DepartmentsChange,
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountSummary),
        (status = 400, description = "Empty or overlong department name", body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn change_departments(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
    ApiJson(change): ApiJson<DepartmentsChange>,
) -> Result<Json<AccountSummary>> {
    actor.may(Action::ChangeRoles)?;
    let mut departments = Vec::new();
    for name in &change.departments {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > DEPARTMENT_MAX_CHARS {
            return Err(Error::InvalidInput(format!(
                "Ein Amt braucht einen Namen mit 1 bis {DEPARTMENT_MAX_CHARS} Zeichen."
            )));
        }
        if !departments.contains(&name) {
            departments.push(name);
        }
    }
    existing(&state, &id).await?;
    store::set_departments(&state.db, &id, &departments).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "departments.changed",
        &format!("account:{id}"),
        &departments.join(", "),
    )
    .await?;
    Ok(Json(existing(&state, &id).await?.into()))
}

const DEPARTMENT_MAX_CHARS: usize = 80;

#[utoipa::path(post, path = "/admin/accounts/{id}/block", tag = "admin", request_body = Reason,
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountSummary),
        (status = 400, body = ApiErrorBody),
        (status = 403, description = "Not allowed, or a moderator and an account that is not a citizen's", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn block(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
    ApiJson(reason): ApiJson<Reason>,
) -> Result<Json<AccountSummary>> {
    actor.may(Action::BlockAccounts)?;
    let reason = reason.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte geben Sie einen Grund an; er wird der Person angezeigt.".into(),
        ));
    }
    let target = existing(&state, &id).await?;
    actor.may_block(target.role)?;
    if target.id == actor.account.id {
        return Err(Error::InvalidInput(
            "Sie können Ihr eigenes Konto nicht sperren.".into(),
        ));
    }
    store::set_blocked(&state.db, &id, Some(reason.clone())).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "account.blocked",
        &format!("account:{id}"),
        &reason,
    )
    .await?;
    Ok(Json(existing(&state, &id).await?.into()))
}

#[utoipa::path(delete, path = "/admin/accounts/{id}/block", tag = "admin",
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountSummary),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn unblock(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AccountSummary>> {
    actor.may(Action::BlockAccounts)?;
    let target = existing(&state, &id).await?;
    actor.may_block(target.role)?;
    store::set_blocked(&state.db, &id, None).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "account.unblocked",
        &format!("account:{id}"),
        "",
    )
    .await?;
    Ok(Json(existing(&state, &id).await?.into()))
}

/// A one-time registration link that gives the new account a role.
#[utoipa::path(post, path = "/admin/invites", tag = "admin", request_body = InviteRequest,
    responses(
        (status = 201, body = Invite),
        (status = 403, body = ApiErrorBody),
    ))]
async fn create_invite(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(request): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<Invite>)> {
    actor.may(Action::CreateInvites)?;
    let invite = invites::create(
        &state.db,
        &state.public_url,
        request.role,
        Some(&actor.account.id),
        INVITE_HOURS,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "invite.created",
        "invite",
        request.role.as_str(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(invite)))
}

async fn existing(state: &AppState, id: &str) -> Result<store::AccountRow> {
    store::get(&state.db, id)
        .await?
        .filter(|account| !account.erased)
        .ok_or_else(|| Error::NotFound("Dieses Konto gibt es nicht.".into()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditPage {
    /// Number of entries, newest first (at most 500).
    limit: Option<u32>,
}

/// The newest entries of the audit log.
#[utoipa::path(get, path = "/admin/audit", tag = "admin", params(AuditPage),
    responses(
        (status = 200, body = Vec<AuditEntry>),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn audit_log(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(page): ApiQuery<AuditPage>,
) -> Result<Json<Vec<AuditEntry>>> {
    actor.may(Action::ReadAuditLog)?;
    let limit = page.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(audit::newest(&state.db, limit).await?))
}
