//! The one error type of the server and the single place where errors become
//! HTTP answers. Internal failures are logged with their cause and answered
//! with a generic message; nothing about the database leaks to clients.

use std::{io, net::SocketAddr, path::PathBuf};

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use shared::api::ApiErrorBody;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The addressed thing does not exist; the text says what was looked for.
    #[error("{0}")]
    NotFound(String),

    /// The request cannot be understood or its content is not acceptable.
    #[error("{0}")]
    InvalidInput(String),

    /// The thing existed but was deleted.
    #[error("{0}")]
    Gone(String),

    #[error("Diese Methode ist für diese Adresse nicht erlaubt.")]
    MethodNotAllowed,

    /// No valid sign-in came with the request.
    #[error("{0}")]
    Unauthorized(String),

    /// Signed in, but this account may not do this.
    #[error("{0}")]
    Forbidden(String),

    /// Signed in, but too long ago for this change: the passkey has to be
    /// shown again (`POST /auth/confirm/start`) first.
    #[error(
        "Bitte bestätigen Sie diese Änderung noch einmal mit Ihrem Passkey; Ihre Anmeldung liegt zu lange zurück."
    )]
    SignInAgain,

    /// This device's session was ended because the account was recovered
    /// with a recovery code on another device.
    #[error(
        "Ihr Konto wurde auf einem anderen Gerät mit einem Wiederherstellungscode wiederhergestellt, deshalb wurden Sie hier abgemeldet. Waren Sie das nicht, melden Sie sich mit Ihrem Passkey an, beenden Sie unter „Mein Konto“ die fremden Sitzungen und entfernen Sie den fremden Passkey."
    )]
    RecoveredElsewhere,

    /// The request contradicts what is stored, e.g. a name already taken.
    #[error("{0}")]
    Conflict(String),

    #[error(
        "Zu viele Anfragen. Bitte warten Sie {retry_after_secs} Sekunden und versuchen Sie es dann erneut."
    )]
    TooManyRequests { retry_after_secs: u64 },

    /// The request body is larger than allowed.
    #[error("{0}")]
    PayloadTooLarge(String),

    /// The request body is of a type this endpoint does not take.
    #[error("{0}")]
    UnsupportedMediaType(String),

    /// Reading another OParl server failed beyond what the importer repairs.
    #[error("OParl-Import: {0}")]
    Import(String),

    /// Something on our side failed that the client cannot fix.
    #[error("{0}")]
    Internal(String),

    /// The search index could not be opened, written or read.
    #[error("search index: {0}")]
    Search(String),

    #[error("database error: {0}")]
    Database(Box<surrealdb::Error>),

    #[error("stored data could not be read: {0}")]
    CorruptRow(#[from] serde_json::Error),

    #[error("cannot listen on {addr}: {source}{hint}", hint = bind_hint(source))]
    Bind { addr: SocketAddr, source: io::Error },

    #[error("cannot use the data directory {}: {source}", path.display())]
    DataDir { path: PathBuf, source: io::Error },

    #[error("cannot open the database {url}: {source}")]
    Connect {
        url: String,
        source: Box<surrealdb::Error>,
    },

    #[error(
        "migration {file} was changed after it was applied (stored checksum {applied}, file now {current}); add a new migration instead of editing an applied one"
    )]
    MigrationChanged {
        file: String,
        applied: String,
        current: String,
    },

    #[error("migration {file} failed: {source}")]
    Migration {
        file: String,
        source: Box<surrealdb::Error>,
    },

    /// The data directory holds the other embedded engine's database.
    #[error("{0}")]
    OtherEngine(String),

    /// `export` or `import` of a whole database that cannot be done as asked.
    #[error("{0}")]
    Transfer(String),

    #[error("migration file name {0:?} does not match NNNN_name.surql")]
    MigrationName(String),

    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Boxed because SurrealDB's error is large and most results never carry one.
impl From<surrealdb::Error> for Error {
    fn from(err: surrealdb::Error) -> Self {
        Self::Database(Box::new(err))
    }
}

fn bind_hint(err: &io::Error) -> &'static str {
    match err.kind() {
        io::ErrorKind::AddrInUse => {
            " (another program uses this port; stop it or choose another with --bind)"
        }
        io::ErrorKind::PermissionDenied => {
            " (ports below 1024 need privileges; choose another with --bind)"
        }
        io::ErrorKind::AddrNotAvailable => " (this machine has no such address; try 127.0.0.1)",
        _ => "",
    }
}

impl Error {
    pub(crate) fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::InvalidInput(_) => (StatusCode::BAD_REQUEST, "invalid_input"),
            Self::Gone(_) => (StatusCode::GONE, "gone"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::SignInAgain => (StatusCode::FORBIDDEN, "sign_in_again"),
            Self::RecoveredElsewhere => (StatusCode::UNAUTHORIZED, "recovered_elsewhere"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::Database(err) if is_write_conflict(err) => (StatusCode::CONFLICT, "conflict"),
            Self::Database(err) if is_unreachable(err) => {
                (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// What the client is told: its own mistakes in full, our failures only
    /// as a sentence that leaks nothing.
    fn public_message(&self) -> String {
        match self {
            Self::Database(err) if is_write_conflict(err) => WRITE_CONFLICT.to_owned(),
            Self::Database(err) if is_unreachable(err) => DATABASE_UNAVAILABLE.to_owned(),
            _ if self.status_and_code().0.is_server_error() => {
                "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal."
                    .to_owned()
            }
            _ => self.to_string(),
        }
    }
}

const DATABASE_UNAVAILABLE: &str = "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden noch einmal.";

/// How long clients wait before trying again while the database is away;
/// the SurrealDB client reconnects by itself within seconds.
const DATABASE_RETRY_AFTER_SECS: u32 = 5;

/// The connection to a SurrealDB server broke (it restarts, or the network
/// does): nothing was done, and the client reconnects by itself.
fn is_unreachable(err: &surrealdb::Error) -> bool {
    let text = err.to_string();
    text.contains("Connection reset") || text.contains("WebSocket error")
}

const WRITE_CONFLICT: &str =
    "Gleichzeitig wurde dasselbe geändert. Bitte versuchen Sie es noch einmal.";

/// Two transactions wrote the same record at the same moment and this one
/// lost (SurrealDB's optimistic concurrency). Nothing of it was stored and
/// the client may simply try again, so it is a 409, not a server fault.
pub fn is_write_conflict(err: &surrealdb::Error) -> bool {
    let text = err.to_string();
    text.contains("can be retried") || text.contains("Transaction conflict")
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let message = self.public_message();
        let mut response = (
            status,
            Json(ApiErrorBody {
                error: code.into(),
                message,
            }),
        )
            .into_response();
        let headers = response.headers_mut();
        match self {
            Self::Unauthorized(_) | Self::RecoveredElsewhere => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"digitale-stadt\""),
                );
            }
            Self::TooManyRequests { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            Self::Database(err) if is_unreachable(&err) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(DATABASE_RETRY_AFTER_SECS),
                );
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn body_of(err: Error) -> (StatusCode, ApiErrorBody) {
        let response = err.into_response();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 4096).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn client_errors_keep_their_message() {
        let (status, body) = body_of(Error::NotFound("Seite nicht gefunden".into())).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body,
            ApiErrorBody {
                error: "not_found".into(),
                message: "Seite nicht gefunden".into()
            }
        );
    }

    #[tokio::test]
    async fn internal_errors_do_not_leak_details() {
        let io = io::Error::other("secret path /var/lib/ds");
        let (status, body) = body_of(Error::Io(io)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body.error, "internal");
        assert!(!body.message.contains("secret"));
    }

    #[test]
    fn bind_errors_explain_what_to_do() {
        let err = Error::Bind {
            addr: "127.0.0.1:8080".parse().unwrap(),
            source: io::Error::from(io::ErrorKind::AddrInUse),
        };
        assert!(err.to_string().contains("--bind"), "{err}");
    }
}
