//! `/api/v1/me`: the signed-in person's own account: passkeys, sessions,
//! data export and erasure.

use axum::{
    Json,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use axum_extra::extract::CookieJar;
use shared::{
    accounts::{Ceremony, CeremonyFinish, DataExport, HomeDistrict, Me, PasskeyInfo, SessionInfo},
    api::ApiErrorBody,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::{Action, Actor, passkeys, sessions, store};
use crate::{
    audit, city,
    error::{Error, Result},
    extract::{ApiJson, ApiPath},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, erase))
        .routes(routes!(set_district))
        .routes(routes!(list_passkeys))
        .routes(routes!(passkey_start))
        .routes(routes!(passkey_finish))
        .routes(routes!(remove_passkey))
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(end_all_sessions))
        .routes(routes!(export))
}

/// The signed-in account.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
async fn me(actor: Actor) -> Json<Me> {
    Json(crate::accounts::me_of(actor.account))
}

/// Where the person lives: the Stadtbezirk decides which district polls
/// they may vote in.
#[utoipa::path(put, path = "/me/district", tag = "accounts", request_body = HomeDistrict,
    responses((status = 200, body = Me), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
async fn set_district(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(home): ApiJson<HomeDistrict>,
) -> Result<Json<Me>> {
    actor.may(Action::ManageOwnAccount)?;
    let district = home
        .district
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(key) = district {
        let known = city::load(&state.db)
            .await?
            .is_some_and(|city| city.districts.iter().any(|d| d.key == key));
        if !known {
            return Err(Error::InvalidInput(format!(
                "Einen Stadtbezirk „{key}“ gibt es hier nicht. Bitte wählen Sie einen aus der Liste."
            )));
        }
    }
    let id = &actor.account.id;
    store::set_district(&state.db, id, district).await?;
    audit::record(
        &state.db,
        Some(id),
        "account.district",
        &format!("account:{id}"),
        district.unwrap_or("keiner"),
    )
    .await?;
    let mut account = actor.account;
    account.district = district.map(str::to_owned);
    Ok(Json(crate::accounts::me_of(account)))
}

#[utoipa::path(get, path = "/me/passkeys", tag = "accounts",
    responses((status = 200, body = Vec<PasskeyInfo>), (status = 401, body = ApiErrorBody)))]
async fn list_passkeys(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<Vec<PasskeyInfo>>> {
    actor.may(Action::ManageOwnAccount)?;
    Ok(Json(
        store::passkey_list(&state.db, &actor.account.id).await?,
    ))
}

/// Starts adding another passkey (another phone, a security key). Needs a
/// recent sign-in: a passkey added from a stolen session would keep the
/// thief in the account.
#[utoipa::path(post, path = "/me/passkeys/start", tag = "accounts",
    responses(
        (status = 200, body = Ceremony),
        (status = 401, body = ApiErrorBody),
        (status = 403, description = "`sign_in_again`: confirm with a passkey first (`/auth/confirm/start`)", body = ApiErrorBody),
    ))]
async fn passkey_start(State(state): State<AppState>, actor: Actor) -> Result<Json<Ceremony>> {
    actor.may(Action::ManageOwnAccount)?;
    sessions::require_fresh(&state.db, &state.accounts.lifetimes, &actor.session).await?;
    let ceremony =
        passkeys::start_new_passkey(&state.db, &state.accounts.relying_party, &actor.account)
            .await?;
    Ok(Json(ceremony))
}

#[utoipa::path(post, path = "/me/passkeys/finish", tag = "accounts", request_body = CeremonyFinish,
    responses(
        (status = 201, body = Vec<PasskeyInfo>),
        (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody),
    ))]
async fn passkey_finish(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CeremonyFinish>,
) -> Result<(StatusCode, Json<Vec<PasskeyInfo>>)> {
    actor.may(Action::ManageOwnAccount)?;
    let account = passkeys::finish_new_passkey(
        &state.db,
        &state.accounts.relying_party,
        &body,
        passkeys::NewPasskeyFor::Account(&actor.account.id),
    )
    .await?;
    let list = store::passkey_list(&state.db, &account).await?;
    Ok((StatusCode::CREATED, Json(list)))
}

#[utoipa::path(delete, path = "/me/passkeys/{id}", tag = "accounts",
    params(("id" = String, Path, description = "Passkey id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "`sign_in_again`: confirm with a passkey first (`/auth/confirm/start`)", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, description = "It is the last passkey", body = ApiErrorBody),
    ))]
async fn remove_passkey(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    actor.may(Action::ManageOwnAccount)?;
    sessions::require_fresh(&state.db, &state.accounts.lifetimes, &actor.session).await?;
    store::remove_passkey(&state.db, &actor.account.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The devices this account is signed in on.
#[utoipa::path(get, path = "/me/sessions", tag = "accounts",
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ApiErrorBody)))]
async fn list_sessions(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<Vec<SessionInfo>>> {
    actor.may(Action::ManageOwnAccount)?;
    Ok(Json(
        sessions::list(&state.db, &actor.account.id, &actor.session).await?,
    ))
}

#[utoipa::path(delete, path = "/me/sessions/{id}", tag = "accounts",
    params(("id" = String, Path, description = "Session id")),
    responses((status = 204, description = "Signed out on that device"), (status = 404, body = ApiErrorBody)))]
async fn end_session(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    actor.may(Action::ManageOwnAccount)?;
    sessions::revoke(&state.db, &actor.account.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out on every device, this one included.
#[utoipa::path(post, path = "/me/sessions/revoke-all", tag = "accounts",
    responses((status = 204, description = "Signed out everywhere"), (status = 401, body = ApiErrorBody)))]
async fn end_all_sessions(
    State(state): State<AppState>,
    actor: Actor,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar)> {
    actor.may(Action::ManageOwnAccount)?;
    sessions::revoke_all(&state.db, &actor.account.id).await?;
    Ok((
        StatusCode::NO_CONTENT,
        state.accounts.cookies.signed_out(jar),
    ))
}

/// Everything stored about the signed-in person, as one JSON file.
#[utoipa::path(get, path = "/me/export", tag = "accounts",
    responses((status = 200, body = DataExport), (status = 401, body = ApiErrorBody)))]
async fn export(State(state): State<AppState>, actor: Actor) -> Result<Response> {
    actor.may(Action::ManageOwnAccount)?;
    let id = actor.account.id.clone();
    // The account's own part here, every other domain's part from itself.
    let mut export = DataExport {
        exported_at: chrono::Utc::now().to_rfc3339(),
        passkeys: store::passkey_list(&state.db, &id).await?,
        sessions: sessions::list(&state.db, &id, &actor.session).await?,
        recovery_codes_left: u32::try_from(store::recovery_codes(&state.db, &id).await?.len())
            .unwrap_or(u32::MAX),
        account: crate::accounts::me_of(actor.account),
        audit_log: Vec::new(),
        reports: Vec::new(),
        budget: Default::default(),
        defect_reports: Vec::new(),
        followed_defect_reports: Vec::new(),
        polls_voted_in: Vec::new(),
        participation: Default::default(),
    };
    for part in state.personal_data {
        part.export(&state.db, &id, &mut export).await?;
    }
    let mut response = Json(export).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"digitale-stadt-meine-daten.json\""),
    );
    Ok(response)
}

/// Deletes the account: passkeys, recovery codes and sessions are removed,
/// names replaced; contributions stay, shown as from "gelöschtes Konto".
/// Needs a recent sign-in.
#[utoipa::path(delete, path = "/me", tag = "accounts",
    responses(
        (status = 204, description = "Account erased"),
        (status = 401, body = ApiErrorBody),
        (status = 403, description = "`sign_in_again`: confirm with a passkey first (`/auth/confirm/start`)", body = ApiErrorBody),
    ))]
async fn erase(
    State(state): State<AppState>,
    actor: Actor,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar)> {
    actor.may(Action::ManageOwnAccount)?;
    sessions::require_fresh(&state.db, &state.accounts.lifetimes, &actor.session).await?;
    let id = &actor.account.id;
    sessions::delete_all(&state.db, id).await?;
    store::erase(&state.db, id, crate::accounts::ERASED_NAME).await?;
    for part in state.personal_data {
        part.erase(&state.db, id).await?;
    }
    audit::record(
        &state.db,
        Some(id),
        "account.erased",
        &format!("account:{id}"),
        "auf eigenen Wunsch",
    )
    .await?;
    Ok((
        StatusCode::NO_CONTENT,
        state.accounts.cookies.signed_out(jar),
    ))
}
