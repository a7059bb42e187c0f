//! The envelope every failed API call answers with.

use serde::{Deserialize, Serialize};

/// Body of every 4xx/5xx answer of `/api/v1`: a stable machine-readable
/// `error` code and a `message` a person can read (German, since citizens see it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Stable code such as `not_found` or `invalid_input`.
    pub error: String,
    /// Human-readable explanation.
    pub message: String,
}
