//! Reading without a connection: the service worker (`/sw.js`) and the
//! copies of saved meetings in the browser's Cache Storage. Which addresses
//! belong to a meeting is the council pages' business; this module stores,
//! lists and removes them. Outside the browser nothing is stored.

use serde::{Deserialize, Serialize};

/// A meeting kept for offline reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedMeeting {
    pub number: u64,
    pub name: String,
    /// Bytes of all its stored answers and files.
    pub bytes: u64,
    /// When it was stored or last refreshed (ISO 8601).
    pub saved_at: String,
    pub urls: Vec<String>,
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
const SAVED = "ds-offline";
const APP = "ds-app";
const INDEX = "ds-offline-meetings";

export function registerWorker() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
  window.addEventListener("online", refreshStored);
}
// Back online: every stored answer and file is fetched again.
async function refreshStored() {
  const cache = await caches.open(SAVED);
  for (const url of new Set(JSON.parse(savedJson()).flatMap((m) => m.urls))) {
    const response = await fetch(url, { cache: "no-store" }).catch(() => null);
    if (response && response.ok) {
      await cache.put(url, response);
    }
  }
}
export function savedJson() {
  return localStorage.getItem(INDEX) || "[]";
}
function remember(list) {
  localStorage.setItem(INDEX, JSON.stringify(list));
}
// The app itself: its document and every script, style and wasm file it loaded.
async function storeApp() {
  const app = await caches.open(APP);
  const own = performance.getEntriesByType("resource")
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin
      && (url.pathname.startsWith("/wasm/") || url.pathname === "/app.css" || url.pathname === "/boot.js"))
    .map((url) => url.pathname + url.search);
  await app.addAll(["/", ...new Set(own)]);
}
export async function saveMeeting(number, name, urlsJson) {
  const urls = JSON.parse(urlsJson);
  const cache = await caches.open(SAVED);
  let bytes = 0;
  for (const url of urls) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(url + ": " + response.status);
    }
    bytes += (await response.clone().arrayBuffer()).byteLength;
    await cache.put(url, response);
  }
  await storeApp();
  const list = JSON.parse(savedJson()).filter((m) => m.number !== number);
  list.push({ number, name, bytes, saved_at: new Date().toISOString(), urls });
  remember(list);
  return bytes;
}
export async function removeMeeting(number) {
  const list = JSON.parse(savedJson());
  const gone = list.find((m) => m.number === number);
  const kept = list.filter((m) => m.number !== number);
  if (gone) {
    const stillNeeded = new Set(kept.flatMap((m) => m.urls));
    const cache = await caches.open(SAVED);
    for (const url of gone.urls) {
      if (!stillNeeded.has(url)) {
        await cache.delete(url);
      }
    }
  }
  remember(kept);
}
export async function usage() {
  if (navigator.storage && navigator.storage.estimate) {
    const estimate = await navigator.storage.estimate();
    return estimate.usage || 0;
  }
  return 0;
}
export function online() {
  return navigator.onLine;
}
"#)]
    extern "C" {
        #[wasm_bindgen(js_name = registerWorker)]
        pub fn register_worker();
        #[wasm_bindgen(js_name = savedJson)]
        pub fn saved_json() -> String;
        #[wasm_bindgen(catch, js_name = saveMeeting)]
        pub async fn save_meeting(number: f64, name: &str, urls: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = removeMeeting)]
        pub async fn remove_meeting(number: f64) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn usage() -> Result<JsValue, JsValue>;
        pub fn online() -> bool;
    }
}

#[cfg(target_arch = "wasm32")]
mod api {
    use super::{SavedMeeting, imp};

    pub fn start() {
        imp::register_worker();
    }

    pub fn saved() -> Vec<SavedMeeting> {
        serde_json::from_str(&imp::saved_json()).unwrap_or_default()
    }

    pub async fn save(number: u64, name: &str, urls: &[String]) -> Result<u64, String> {
        let urls = serde_json::to_string(urls).map_err(|e| e.to_string())?;
        imp::save_meeting(number as f64, name, &urls)
            .await
            .map(|bytes| bytes.as_f64().unwrap_or_default() as u64)
            .map_err(|error| format!("{error:?}"))
    }

    pub async fn remove(number: u64) -> Result<(), String> {
        imp::remove_meeting(number as f64)
            .await
            .map(drop)
            .map_err(|error| format!("{error:?}"))
    }

    pub async fn usage() -> Option<u64> {
        imp::usage().await.ok()?.as_f64().map(|bytes| bytes as u64)
    }

    pub fn online() -> bool {
        imp::online()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod api {
    use super::SavedMeeting;

    pub fn start() {}

    pub fn saved() -> Vec<SavedMeeting> {
        Vec::new()
    }

    pub async fn save(_number: u64, _name: &str, _urls: &[String]) -> Result<u64, String> {
        Err("offline storage needs a browser".into())
    }

    pub async fn remove(_number: u64) -> Result<(), String> {
        Ok(())
    }

    pub async fn usage() -> Option<u64> {
        None
    }

    pub fn online() -> bool {
        true
    }
}

pub use api::{online, remove, save, saved, start, usage};
