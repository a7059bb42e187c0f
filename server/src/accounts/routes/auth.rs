//! `/api/v1/auth`: registering, signing in and out, recovery, refresh, and
//! confirming a sign-in with the passkey again. Every success that signs
//! someone in sets the tokens as cookies (the web app) and, for API clients,
//! answers them in the body; a browser's request (it sends `Sec-Fetch-Mode`,
//! which no script can set or remove) gets them only as HttpOnly cookies,
//! so that no script on the page ever holds them.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
};
use axum_extra::extract::CookieJar;
use shared::{
    accounts::{
        Ceremony, CeremonyFinish, LoginStart, Me, RecoverStart, RefreshRequest, RegisterStart,
        SignedIn,
    },
    api::ApiErrorBody,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::{cookies, device, passkeys, sessions, store::AccountRow};
use crate::{
    audit, clock,
    error::{Error, Result},
    extract::ApiJson,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_start))
        .routes(routes!(register_finish))
        .routes(routes!(login_start))
        .routes(routes!(login_finish))
        .routes(routes!(recover_start))
        .routes(routes!(recover_finish))
        .routes(routes!(refresh))
        .routes(routes!(session))
        .routes(routes!(logout))
        .routes(routes!(confirm_start))
        .routes(routes!(confirm_finish))
}

/// Starts registering a new account with its first passkey.
#[utoipa::path(post, path = "/auth/register/start", tag = "accounts", request_body = RegisterStart,
    responses(
        (status = 200, body = Ceremony),
        (status = 400, description = "Invalid name or invitation", body = ApiErrorBody),
        (status = 409, description = "Username taken", body = ApiErrorBody),
        (status = 429, description = "Too many attempts", body = ApiErrorBody),
    ))]
async fn register_start(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterStart>,
) -> Result<Json<Ceremony>> {
    let ceremony = passkeys::start_registration(
        &state.db,
        &state.accounts.relying_party,
        &body.username,
        &body.display_name,
        body.invite,
    )
    .await?;
    Ok(Json(ceremony))
}

/// Finishes the registration: stores the account and its passkey, signs in
/// and answers the recovery codes, which are shown only this once.
#[utoipa::path(post, path = "/auth/register/finish", tag = "accounts", request_body = CeremonyFinish,
    responses(
        (status = 201, body = SignedIn),
        (status = 400, description = "Ceremony expired or credential incomplete", body = ApiErrorBody),
        (status = 401, description = "Passkey refused", body = ApiErrorBody),
        (status = 409, description = "Username taken meanwhile", body = ApiErrorBody),
    ))]
async fn register_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(body): ApiJson<CeremonyFinish>,
) -> Result<(StatusCode, CookieJar, Json<SignedIn>)> {
    let registered =
        passkeys::finish_registration(&state.db, &state.accounts.relying_party, &body).await?;
    let (jar, mut signed_in) = sign_in(&state, &headers, jar, registered.account).await?;
    signed_in.recovery_codes = registered.recovery_codes;
    Ok((StatusCode::CREATED, jar, Json(signed_in)))
}

/// Starts signing in. Without a username, the browser offers the passkeys
/// it holds for this site.
#[utoipa::path(post, path = "/auth/login/start", tag = "accounts", request_body = LoginStart,
    responses(
        (status = 200, description = "Also for a username nobody has: the answer does not tell", body = Ceremony),
        (status = 400, description = "Not a valid username", body = ApiErrorBody),
    ))]
async fn login_start(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginStart>,
) -> Result<Json<Ceremony>> {
    let ceremony = passkeys::start_login(
        &state.db,
        &state.accounts.relying_party,
        &state.accounts.decoy,
        body.username.as_deref(),
    )
    .await?;
    Ok(Json(ceremony))
}

#[utoipa::path(post, path = "/auth/login/finish", tag = "accounts", request_body = CeremonyFinish,
    responses(
        (status = 200, body = SignedIn),
        (status = 401, description = "Passkey refused or unknown", body = ApiErrorBody),
    ))]
async fn login_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(body): ApiJson<CeremonyFinish>,
) -> Result<(CookieJar, Json<SignedIn>)> {
    let account = passkeys::finish_login(&state.db, &state.accounts.relying_party, &body).await?;
    let (jar, signed_in) = sign_in(&state, &headers, jar, account).await?;
    Ok((jar, Json(signed_in)))
}

/// Spends a recovery code and starts registering a new passkey for its account.
#[utoipa::path(post, path = "/auth/recover/start", tag = "accounts", request_body = RecoverStart,
    responses(
        (status = 200, body = Ceremony),
        (status = 401, description = "Username or code wrong", body = ApiErrorBody),
    ))]
async fn recover_start(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RecoverStart>,
) -> Result<Json<Ceremony>> {
    let ceremony = passkeys::start_recovery(
        &state.db,
        &state.accounts.relying_party,
        &body.username,
        &body.code,
    )
    .await?;
    Ok(Json(ceremony))
}

/// Stores the new passkey and signs in. Every other session of the account
/// ends; those devices are told why (`recovered_elsewhere`) when they next
/// refresh.
#[utoipa::path(post, path = "/auth/recover/finish", tag = "accounts", request_body = CeremonyFinish,
    responses(
        (status = 200, body = SignedIn),
        (status = 400, description = "Ceremony expired", body = ApiErrorBody),
        (status = 401, description = "Passkey refused", body = ApiErrorBody),
    ))]
async fn recover_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(body): ApiJson<CeremonyFinish>,
) -> Result<(CookieJar, Json<SignedIn>)> {
    let account_id = passkeys::finish_new_passkey(
        &state.db,
        &state.accounts.relying_party,
        &body,
        passkeys::NewPasskeyFor::Recovery,
    )
    .await?;
    let account = crate::accounts::store::get(&state.db, &account_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("account {account_id} vanished during recovery")))?;
    // Whoever used the code may not be the owner: every other device is
    // signed out and told why, so that the owner notices.
    sessions::end_all_for_recovery(&state.db, &account.id).await?;
    audit::record(
        &state.db,
        Some(&account.id),
        "account.recovered",
        &format!("account:{}", account.id),
        "mit einem Wiederherstellungscode; alle anderen Sitzungen beendet",
    )
    .await?;
    let (jar, signed_in) = sign_in(&state, &headers, jar, account).await?;
    Ok((jar, Json(signed_in)))
}

/// Exchanges the refresh token (cookie or body) for a new access and
/// refresh token. Each refresh token works once.
#[utoipa::path(post, path = "/auth/refresh", tag = "accounts", request_body = Option<RefreshRequest>,
    responses(
        (status = 200, body = SignedIn),
        (status = 401, description = "Token unknown, used or session ended; `recovered_elsewhere`: ended because the account was recovered on another device", body = ApiErrorBody),
    ))]
async fn refresh(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    // The app sends no body (the cookie has the token); the document allows
    // `null` as well, since it cannot say "optional" without it.
    body: Option<ApiJson<Option<RefreshRequest>>>,
) -> Result<(CookieJar, Json<SignedIn>)> {
    let token = body
        .and_then(|ApiJson(body)| body?.refresh_token)
        .or_else(|| cookies::refresh_token(&jar))
        .ok_or_else(|| Error::Unauthorized("Sie sind nicht angemeldet.".into()))?;
    renewed(&state, &headers, jar, &token).await
}

/// A new access and refresh token for a refresh token.
async fn renewed(
    state: &AppState,
    headers: &HeaderMap,
    jar: CookieJar,
    token: &str,
) -> Result<(CookieJar, Json<SignedIn>)> {
    let refreshed = sessions::refresh(&state.db, &state.accounts.lifetimes, token).await?;
    let account = crate::accounts::store::get(&state.db, &refreshed.account)
        .await?
        .filter(|account| !account.erased)
        .ok_or_else(|| Error::Unauthorized("Dieses Konto gibt es nicht mehr.".into()))?;
    let access = state
        .accounts
        .tokens
        .sign(&account.id, &refreshed.session, clock::unix_now())
        .await?;
    issue(
        state,
        headers,
        jar,
        account,
        access,
        refreshed.refresh_token,
    )
}

/// Who this browser is signed in as (`null` for nobody), asked by the web
/// app when it starts: the access cookie's account, or else the refresh
/// cookie's, renewed as `/auth/refresh` does. A visitor who is not signed
/// in is no error (and the browser logs none); only a session that ended
/// because the account was recovered on another device is answered with
/// 401 `recovered_elsewhere`, which the app tells the person.
#[utoipa::path(post, path = "/auth/session", tag = "accounts",
    responses(
        (status = 200, body = Option<Me>),
        (status = 401, description = "`recovered_elsewhere`", body = ApiErrorBody),
    ))]
async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
    actor: Result<crate::accounts::Actor, Error>,
    jar: CookieJar,
) -> Result<(CookieJar, Json<Option<Me>>)> {
    match actor {
        Ok(actor) => return Ok((jar, Json(Some(crate::accounts::me_of(actor.account))))),
        Err(Error::Unauthorized(_)) => {}
        Err(other) => return Err(other),
    }
    let Some(token) = cookies::refresh_token(&jar) else {
        return Ok((jar, Json(None)));
    };
    match renewed(&state, &headers, jar.clone(), &token).await {
        Ok((jar, Json(signed_in))) => Ok((jar, Json(Some(signed_in.me)))),
        Err(Error::Unauthorized(_)) => Ok((state.accounts.cookies.signed_out(jar), Json(None))),
        Err(other) => Err(other),
    }
}

/// Ends this session: its tokens stop working at once. Always succeeds,
/// also with an expired access token (the refresh cookie names the session).
#[utoipa::path(post, path = "/auth/logout", tag = "accounts",
    responses((status = 204, description = "Signed out")))]
async fn logout(
    State(state): State<AppState>,
    actor: Result<crate::accounts::Actor, Error>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar)> {
    if let Ok(actor) = actor {
        sessions::revoke(&state.db, &actor.account.id, &actor.session).await?;
    } else if let Some(token) = cookies::refresh_token(&jar) {
        sessions::revoke_by_refresh_token(&state.db, &token).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        state.accounts.cookies.signed_out(jar),
    ))
}

async fn sign_in(
    state: &AppState,
    headers: &HeaderMap,
    jar: CookieJar,
    account: AccountRow,
) -> Result<(CookieJar, SignedIn)> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let opened = sessions::open(
        &state.db,
        &state.accounts.lifetimes,
        &account.id,
        &device::describe(user_agent),
    )
    .await?;
    let access = state
        .accounts
        .tokens
        .sign(&account.id, &opened.session, clock::unix_now())
        .await?;
    let (jar, Json(signed_in)) = issue(state, headers, jar, account, access, opened.refresh_token)?;
    Ok((jar, signed_in))
}

fn issue(
    state: &AppState,
    headers: &HeaderMap,
    jar: CookieJar,
    account: AccountRow,
    access: String,
    refresh: String,
) -> Result<(CookieJar, Json<SignedIn>)> {
    let jar = state
        .accounts
        .cookies
        .signed_in(jar, access.clone(), refresh.clone());
    let in_body = !headers.contains_key("sec-fetch-mode");
    Ok((
        jar,
        Json(SignedIn {
            me: crate::accounts::me_of(account),
            access_token: in_body.then_some(access),
            expires_in: crate::accounts::tokens::ACCESS_TOKEN_SECS,
            refresh_token: in_body.then_some(refresh),
            recovery_codes: Vec::new(),
        }),
    ))
}

/// Asks for one of the signed-in account's passkeys again, before adding or
/// removing a passkey or deleting the account once the sign-in is older
/// than the server allows for those (`sign_in_again`).
#[utoipa::path(post, path = "/auth/confirm/start", tag = "accounts",
    responses((status = 200, body = Ceremony), (status = 401, body = ApiErrorBody)))]
async fn confirm_start(
    State(state): State<AppState>,
    actor: crate::accounts::Actor,
) -> Result<Json<Ceremony>> {
    let ceremony =
        passkeys::start_confirmation(&state.db, &state.accounts.relying_party, &actor.account.id)
            .await?;
    Ok(Json(ceremony))
}

/// The passkey was shown: this session counts as freshly signed in.
#[utoipa::path(post, path = "/auth/confirm/finish", tag = "accounts", request_body = CeremonyFinish,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 400, description = "Ceremony expired", body = ApiErrorBody),
        (status = 401, description = "Passkey refused, or one of another account", body = ApiErrorBody),
    ))]
async fn confirm_finish(
    State(state): State<AppState>,
    actor: crate::accounts::Actor,
    ApiJson(body): ApiJson<CeremonyFinish>,
) -> Result<StatusCode> {
    let account = passkeys::finish_login(&state.db, &state.accounts.relying_party, &body).await?;
    if account.id != actor.account.id {
        return Err(Error::Unauthorized(
            "Dieser Passkey gehört zu einem anderen Konto.".into(),
        ));
    }
    sessions::confirmed(&state.db, &state.accounts.lifetimes, &actor.session).await?;
    Ok(StatusCode::NO_CONTENT)
}
