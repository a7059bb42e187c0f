//! Who makes a request: the extractor every handler that needs a signed-in
//! person uses. The access token comes as `Authorization: Bearer` (API
//! clients) or as the HttpOnly cookie the app holds; either way its session
//! must still be open, so that signing out takes effect at once.

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::{Method, header, request::Parts},
};
use axum_extra::extract::CookieJar;

use super::{cookies::ACCESS_COOKIE, store, store::AccountRow};
use crate::{
    error::{Error, Result},
    state::AppState,
};

/// A signed-in account making this request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account: AccountRow,
    pub session: String,
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = presented_token(parts).ok_or_else(|| {
            Error::Unauthorized("Bitte melden Sie sich an, um das zu tun.".into())
        })?;
        let claims = state.accounts.tokens.verify(&state.db, &token).await?;
        let ended = || {
            Error::Unauthorized(
                "Sie sind nicht mehr angemeldet. Bitte melden Sie sich erneut an.".into(),
            )
        };
        let account = store::of_active_session(&state.db, &claims.sid, &claims.sub)
            .await?
            .filter(|account| !account.erased)
            .ok_or_else(ended)?;
        if !is_safe(&parts.method) {
            state.accounts.account_writes.check(&account.id)?;
        }
        Ok(Self {
            account,
            session: claims.sid,
        })
    }
}

/// For pages that anyone may see but that show more to signed-in people.
impl OptionalFromRequestParts<AppState> for Actor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>> {
        if presented_token(parts).is_none() {
            return Ok(None);
        }
        <Actor as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}

fn presented_token(parts: &Parts) -> Option<String> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    bearer.or_else(|| {
        CookieJar::from_headers(&parts.headers)
            .get(ACCESS_COOKIE)
            .map(|cookie| cookie.value().to_owned())
    })
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}
