//! Request body and query extractors whose failures are answered like every
//! other client error: `{"error", "message"}` with a German message, not
//! axum's plain-text rejection.

use axum::extract::{
    FromRequest, FromRequestParts, OptionalFromRequest, Request,
    rejection::{JsonRejection, PathRejection, QueryRejection},
};
use serde::de::DeserializeOwned;

use crate::error::Error;

/// A JSON request body.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(Error))]
pub struct ApiJson<T>(pub T);

/// A JSON request body that may be left out: `None` without a
/// `Content-Type`; a body that is there must be valid.
impl<T, S> OptionalFromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, Error> {
        let body = <axum::Json<T> as OptionalFromRequest<S>>::from_request(request, state).await?;
        Ok(body.map(|axum::Json(body)| Self(body)))
    }
}

/// Parameters in the path, e.g. the number of a proposal.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Error))]
pub struct ApiPath<T>(pub T);

impl From<PathRejection> for Error {
    fn from(rejection: PathRejection) -> Self {
        Error::NotFound(format!(
            "Diese Adresse gibt es nicht: {}",
            rejection.body_text()
        ))
    }
}

/// Query string parameters.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct ApiQuery<T>(pub T);

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            return too_large();
        }
        Error::InvalidInput(format!(
            "Die Anfrage enthält kein gültiges JSON der erwarteten Form: {}",
            rejection.body_text()
        ))
    }
}

/// A request body over the limit.
pub fn too_large() -> Error {
    Error::PayloadTooLarge("Die Anfrage ist zu groß.".into())
}

impl From<QueryRejection> for Error {
    fn from(rejection: QueryRejection) -> Self {
        Error::InvalidInput(format!(
            "Die Parameter der Anfrage sind ungültig: {}",
            rejection.body_text()
        ))
    }
}
