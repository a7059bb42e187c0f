//! Open311 API keys: admins hand them out to apps and the city's own
//! systems, and withdraw them. Only the SHA-256 of a key is stored; the key
//! is shown once. With `--demo` the key `demo` works as well (never otherwise).

use axum::{Json, extract::State, http::StatusCode};
use shared::{
    api::ApiErrorBody,
    defects::{ApiKeyInfo, CreatedApiKey, NewApiKey},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store;
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath},
    secret,
    state::AppState,
};

/// The key that exists in demo mode only; the README names it.
pub const DEMO_KEY: &str = "demo";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(delete))
}

/// Who presented a valid key.
#[derive(Debug, Clone)]
pub struct KeyHolder {
    pub id: String,
    pub may_update: bool,
}

/// The holder of `key`, or `None` for an unknown or withdrawn key.
pub async fn holder(state: &AppState, key: &str) -> Result<Option<KeyHolder>> {
    if key == DEMO_KEY && state.demo {
        return Ok(Some(KeyHolder {
            id: DEMO_KEY.into(),
            may_update: true,
        }));
    }
    Ok(store::use_api_key(&state.db, &secret::sha256_hex(key))
        .await?
        .map(|row| KeyHolder {
            id: row.id,
            may_update: row.may_update,
        }))
}

fn info(row: store::ApiKeyRow) -> ApiKeyInfo {
    ApiKeyInfo {
        id: row.id,
        name: row.name,
        may_update: row.may_update,
        created: crate::clock::german_iso(&row.created_at),
        last_used: row.last_used.as_deref().map(crate::clock::german_iso),
    }
}

/// All keys, oldest first.
#[utoipa::path(get, path = "/open311/keys", tag = "open311",
    responses((status = 200, body = Vec<ApiKeyInfo>), (status = 403, body = ApiErrorBody)))]
async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ApiKeyInfo>>> {
    actor.may(Action::ManageApiKeys)?;
    Ok(Json(
        store::api_keys(&state.db)
            .await?
            .into_iter()
            .map(info)
            .collect(),
    ))
}

/// Hands out a key; the answer is the only time it is shown.
#[utoipa::path(post, path = "/open311/keys", tag = "open311", request_body = NewApiKey,
    responses((status = 201, body = CreatedApiKey), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(request): ApiJson<NewApiKey>,
) -> Result<(StatusCode, Json<CreatedApiKey>)> {
    actor.may(Action::ManageApiKeys)?;
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::InvalidInput(
            "Bitte geben Sie dem Schlüssel einen Namen (bis 100 Zeichen), z. B. die App, die ihn nutzt.".into(),
        ));
    }
    let key = secret::token()?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let row = store::create_api_key(
        &state.db,
        &id,
        name,
        &secret::sha256_hex(&key),
        request.may_update,
        &actor.account.id,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "open311.key.create",
        &id,
        name,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiKey {
            key,
            info: info(row),
        }),
    ))
}

/// Withdraws a key at once.
#[utoipa::path(delete, path = "/open311/keys/{id}", tag = "open311",
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    actor.may(Action::ManageApiKeys)?;
    if !store::delete_api_key(&state.db, &id).await? {
        return Err(Error::NotFound(
            "Diesen API-Schlüssel gibt es nicht.".into(),
        ));
    }
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "open311.key.delete",
        &id,
        "",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
