//! Typed calls to the server's JSON API, using the wire types from `shared`.

use serde::de::DeserializeOwned;
use shared::api::ApiErrorBody;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with an error status.
    Status {
        status: u16,
        body: Option<ApiErrorBody>,
    },
    /// The answer was not what this version of the app expects.
    Unreadable,
}

impl ApiError {
    /// What to tell the person, in their language. The server's own message
    /// is German; it is used where it exists and the reader reads German.
    pub fn message(&self, lang: Lang) -> String {
        let texts = lang.texts();
        match self {
            ApiError::Network => texts.error_network.to_owned(),
            ApiError::Unreadable => texts.error_unreadable.to_owned(),
            ApiError::Status {
                body: Some(body), ..
            } if lang == Lang::De => body.message.clone(),
            ApiError::Status { .. } => texts.error_server.to_owned(),
        }
    }
}

/// `GET` a path of our own API and decode the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let (status, text) = transport::get(path).await?;
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiError::Unreadable)
    } else {
        Err(ApiError::Status {
            status,
            body: serde_json::from_str(&text).ok(),
        })
    }
}

#[cfg(target_arch = "wasm32")]
mod transport {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::ApiError;

    pub async fn get(path: &str) -> Result<(u16, String), ApiError> {
        let window = web_sys::window().ok_or(ApiError::Network)?;
        let response = JsFuture::from(window.fetch_with_str(path))
            .await
            .map_err(|_| ApiError::Network)?;
        let response: web_sys::Response = response.dyn_into().map_err(|_| ApiError::Unreadable)?;
        let text = JsFuture::from(response.text().map_err(|_| ApiError::Unreadable)?)
            .await
            .map_err(|_| ApiError::Network)?;
        Ok((response.status(), text.as_string().unwrap_or_default()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod transport {
    use super::ApiError;

    /// Server-side rendering has no browser to fetch with; pages render
    /// their loading state there.
    pub async fn get(_path: &str) -> Result<(u16, String), ApiError> {
        Err(ApiError::Network)
    }
}
