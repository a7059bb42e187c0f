//! Reads another OParl server patiently: retries when it is overloaded,
//! accepts the broken answers real servers give (see the OParl notes §2)
//! with a warning, and never follows a pagination that goes in circles.

use std::{collections::HashSet, time::Duration};

use serde_json::Value;
use url::Url;

use super::repair::{Warnings, escape_control_characters};
use crate::error::{Error, Result};

const ATTEMPTS: u32 = 4;
const TIMEOUT: Duration = Duration::from_secs(120);

pub struct Source {
    client: reqwest::Client,
}

/// What a request for a JSON document brought.
pub enum Answer {
    Json(Value),
    /// 404 or 410: the object or list is not there (or not any more).
    Missing,
}

fn failed(url: &str, reason: impl std::fmt::Display) -> Error {
    Error::Import(format!("{url}: {reason}"))
}

impl Source {
    pub fn new() -> Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!(
                "digitale-stadt/",
                env!("CARGO_PKG_VERSION"),
                " (OParl import)"
            ))
            .build()
            .map_err(|err| Error::Import(format!("HTTP client: {err}")))?;
        Ok(Self { client })
    }

    /// Bytes at a URL, retried on server errors and timeouts.
    pub async fn bytes(&self, url: &str, limit: usize) -> Result<Option<Vec<u8>>> {
        let mut delay = Duration::from_millis(500);
        for attempt in 1..=ATTEMPTS {
            let outcome = self.client.get(url).send().await;
            match outcome {
                Ok(response) if matches!(response.status().as_u16(), 404 | 410) => return Ok(None),
                Ok(response) if response.status().is_success() => {
                    if response
                        .content_length()
                        .is_some_and(|n| n as usize > limit)
                    {
                        return Err(failed(url, "Datei größer als die Grenze"));
                    }
                    match response.bytes().await {
                        Ok(bytes) if bytes.len() > limit => {
                            return Err(failed(url, "Datei größer als die Grenze"));
                        }
                        Ok(bytes) => return Ok(Some(bytes.to_vec())),
                        Err(err) if attempt == ATTEMPTS => return Err(failed(url, err)),
                        Err(_) => {}
                    }
                }
                Ok(response) if response.status().is_server_error() && attempt < ATTEMPTS => {}
                Ok(response) => return Err(failed(url, format!("HTTP {}", response.status()))),
                Err(err) if attempt == ATTEMPTS => return Err(failed(url, err)),
                Err(_) => {}
            }
            tracing::info!(url, attempt, "retrying");
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        Err(failed(url, "keine Antwort"))
    }

    /// A JSON document. HTML error pages and other non-JSON count as missing, with a warning.
    pub async fn json(&self, url: &str, warnings: &mut Warnings) -> Result<Answer> {
        let Some(bytes) = self.bytes(url, 256 * 1024 * 1024).await? else {
            return Ok(Answer::Missing);
        };
        let text = String::from_utf8_lossy(&bytes);
        match serde_json::from_str(&text) {
            Ok(value) => Ok(Answer::Json(value)),
            Err(err) => {
                match escape_control_characters(&text).and_then(|t| serde_json::from_str(&t).ok()) {
                    Some(value) => {
                        warnings.note("ungültiges JSON (Steuerzeichen in Texten)", url);
                        Ok(Answer::Json(value))
                    }
                    None => {
                        warnings.note(format!("Antwort ist kein JSON ({err})"), url);
                        Ok(Answer::Missing)
                    }
                }
            }
        }
    }

    /// Every item of an external list, following `next` links. A list that
    /// is answered as a bare array or a single object, or with 404/400 when
    /// empty, is read anyway; a pagination that repeats itself is stopped.
    pub async fn list(
        &self,
        first: &str,
        filter: &[(&str, String)],
        warnings: &mut Warnings,
        mut each: impl FnMut(Value, &mut Warnings),
    ) -> Result<usize> {
        let mut url = Url::parse(first).map_err(|err| failed(first, err))?;
        if !filter.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in filter {
                pairs.append_pair(name, value);
            }
        }
        let mut next = Some(url.to_string());
        let mut pages = HashSet::new();
        let mut ids = HashSet::new();
        let mut count = 0;
        while let Some(page_url) = next.take() {
            if !pages.insert(page_url.clone()) {
                warnings.note("Seitenfolge wiederholt sich", &page_url);
                break;
            }
            let page = match self.json(&page_url, warnings).await {
                Ok(Answer::Json(page)) => page,
                Ok(Answer::Missing) => {
                    if count == 0 {
                        warnings.note(
                            "leere Liste mit 404 statt leerer Seite beantwortet",
                            &page_url,
                        );
                    }
                    break;
                }
                Err(Error::Import(reason)) if reason.contains("HTTP 400") && count == 0 => {
                    warnings.note(
                        "leere Liste mit 400 statt leerer Seite beantwortet",
                        &page_url,
                    );
                    break;
                }
                Err(err) => return Err(err),
            };
            let items = match page {
                Value::Array(items) => {
                    warnings.note("Liste als nacktes Array statt Listenseite", &page_url);
                    items
                }
                Value::Object(mut page) if page.contains_key("data") => {
                    next = page
                        .get("links")
                        .and_then(|links| links.get("next"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    match page.remove("data") {
                        Some(Value::Array(items)) => items,
                        _ => Vec::new(),
                    }
                }
                Value::Object(object) if object.contains_key("id") => {
                    warnings.note("einzelnes Objekt statt Listenseite", &page_url);
                    vec![Value::Object(object)]
                }
                _ => {
                    warnings.note("unlesbare Listenseite", &page_url);
                    Vec::new()
                }
            };
            let mut new_ids = 0;
            for item in items {
                let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                if let Some(id) = id
                    && ids.insert(id)
                {
                    new_ids += 1;
                    count += 1;
                    each(item, warnings);
                }
            }
            if new_ids == 0 && next.is_some() {
                warnings.note("Seite ohne neue Objekte, Seitenfolge beendet", &page_url);
                break;
            }
        }
        Ok(count)
    }
}
