//! Typed calls to the server's JSON API, using the wire types from `shared`.

use serde::{Serialize, de::DeserializeOwned};
use shared::api::{ApiErrorBody, PAGE_MAX};

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
        match (self, self.code()) {
            (ApiError::Network, _) => texts.error_network.to_owned(),
            (ApiError::Unreadable, _) => texts.error_unreadable.to_owned(),
            (
                ApiError::Status {
                    body: Some(body), ..
                },
                _,
            ) if lang == Lang::De => body.message.clone(),
            (_, Some(RECOVERED_ELSEWHERE)) => texts.error_recovered_elsewhere.to_owned(),
            (_, Some(SIGN_IN_AGAIN)) => texts.error_sign_in_again.to_owned(),
            (ApiError::Status { .. }, _) => texts.error_server.to_owned(),
        }
    }

    /// The server's stable code for the error, where it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Status {
                body: Some(body), ..
            } => Some(&body.error),
            _ => None,
        }
    }
}

/// The session was ended because the account was recovered elsewhere.
pub const RECOVERED_ELSEWHERE: &str = "recovered_elsewhere";
/// The change needs the passkey once more (`/auth/confirm`).
pub const SIGN_IN_AGAIN: &str = "sign_in_again";

/// What a request carries. Only the browser transport reads it.
#[derive(Debug, Clone)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
enum Payload {
    Json(String),
    /// The file chosen in the `<input type="file">` with this id, sent as is.
    FileOfInput(String),
}

/// `GET` a path of our own API and decode the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let text = call("GET", path, None).await?;
    decode(&text)
}

/// Every entry of a list the server hands out a page at a time (at most
/// `PAGE_MAX` entries), page by page: `next(last, seen)` is the query that
/// goes on after the last entry so far, `after=<its number>` in numbered
/// lists and `offset=<seen>` in comments.
pub async fn get_every_page<T: DeserializeOwned>(
    path: &str,
    next: impl Fn(&T, usize) -> String,
) -> Result<Vec<T>, ApiError> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut all: Vec<T> = Vec::new();
    loop {
        let from = all
            .last()
            .map(|last| format!("&{}", next(last, all.len())))
            .unwrap_or_default();
        let page: Vec<T> = get(&format!("{path}{separator}limit={PAGE_MAX}{from}")).await?;
        let full = page.len() == PAGE_MAX;
        all.extend(page);
        if !full {
            return Ok(all);
        }
    }
}

/// [`get_every_page`] of a list without numbers of its own, such as comments.
pub async fn get_every_part<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, ApiError> {
    get_every_page(path, |_: &T, seen| format!("offset={seen}")).await
}

/// Sends JSON (or nothing) with any method and decodes the JSON answer.
pub async fn send<T: DeserializeOwned, B: Serialize>(
    method: &'static str,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let text = call(method, path, json(body)?).await?;
    decode(&text)
}

/// Sends the file chosen in a file input as the request body (an upload)
/// and decodes the JSON answer.
pub async fn upload<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    input_id: &str,
) -> Result<T, ApiError> {
    let text = call(
        method,
        path,
        Some(Payload::FileOfInput(input_id.to_owned())),
    )
    .await?;
    decode(&text)
}

fn json<B: Serialize>(body: Option<&B>) -> Result<Option<Payload>, ApiError> {
    body.map(|body| serde_json::to_string(body).map(Payload::Json))
        .transpose()
        .map_err(|_| ApiError::Unreadable)
}

/// Like [`send`] for answers without a body (204).
pub async fn send_empty<B: Serialize>(
    method: &'static str,
    path: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    call(method, path, json(body)?).await.map(drop)
}

/// The session cookie lives 15 minutes; on a 401 the app exchanges its
/// refresh cookie once and repeats the request. Where the refresh says why
/// the session ended elsewhere, that is the answer.
async fn call(method: &'static str, path: &str, body: Option<Payload>) -> Result<String, ApiError> {
    let first = transport::request(method, path, body.as_ref()).await?;
    let (status, text) = if first.0 == 401 && !path.starts_with(AUTH_PREFIX) {
        let refresh = Payload::Json("{}".into());
        let refreshed = transport::request("POST", REFRESH_PATH, Some(&refresh)).await?;
        let ended_elsewhere = serde_json::from_str::<ApiErrorBody>(&refreshed.1)
            .is_ok_and(|body| body.error == RECOVERED_ELSEWHERE);
        if refreshed.0 == 200 {
            transport::request(method, path, body.as_ref()).await?
        } else if ended_elsewhere {
            refreshed
        } else {
            first
        }
    } else {
        first
    };
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::Status {
            status,
            body: serde_json::from_str(&text).ok(),
        })
    }
}

/// Percent-encodes a value for a query string (RFC 3986 unreserved
/// characters stay as they are).
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

const AUTH_PREFIX: &str = "/api/v1/auth/";
const REFRESH_PATH: &str = "/api/v1/auth/refresh";

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Unreadable)
}

#[cfg(target_arch = "wasm32")]
mod transport {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, HtmlInputElement, Request, RequestInit};

    use super::{ApiError, Payload};

    pub async fn request(
        method: &str,
        path: &str,
        body: Option<&Payload>,
    ) -> Result<(u16, String), ApiError> {
        let window = web_sys::window().ok_or(ApiError::Network)?;
        let init = RequestInit::new();
        init.set_method(method);
        let headers = Headers::new().map_err(|_| ApiError::Network)?;
        headers
            .set("Accept", "application/json")
            .map_err(|_| ApiError::Network)?;
        match body {
            Some(Payload::Json(body)) => {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(|_| ApiError::Network)?;
                init.set_body(&JsValue::from_str(body));
            }
            Some(Payload::FileOfInput(id)) => {
                let file = window
                    .document()
                    .and_then(|d| d.get_element_by_id(id))
                    .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
                    .and_then(|input| input.files())
                    .and_then(|files| files.get(0))
                    .ok_or(ApiError::Unreadable)?;
                let kind = file.type_();
                let kind = if kind.is_empty() {
                    "application/octet-stream".to_owned()
                } else {
                    kind
                };
                headers
                    .set("Content-Type", &kind)
                    .map_err(|_| ApiError::Network)?;
                init.set_body(&file);
            }
            None => {}
        }
        init.set_headers(&headers);
        let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Network)?;
        let response = JsFuture::from(window.fetch_with_request(&request))
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
    use super::{ApiError, Payload};

    /// Server-side rendering has no browser to fetch with; pages render
    /// their loading state there.
    pub async fn request(
        _method: &str,
        _path: &str,
        _body: Option<&Payload>,
    ) -> Result<(u16, String), ApiError> {
        Err(ApiError::Network)
    }
}

#[cfg(test)]
mod tests {
    use super::query_value;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("anna m"), "anna%20m");
        assert_eq!(query_value("Müller&x=1"), "M%C3%BCller%26x%3D1");
    }
}
