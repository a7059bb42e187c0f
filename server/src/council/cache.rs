//! Rendered OParl answers, kept per council version. Every write increases
//! the version in the database (see `store`), so a cached answer is never
//! served after a change, on this app server or any other.

use std::{collections::HashMap, sync::Mutex};

use axum::body::Bytes;

use super::caching::Validators;

/// A rendered answer with its validators, computed once.
#[derive(Debug, Clone)]
pub struct CachedAnswer {
    pub body: Bytes,
    pub validators: Validators,
}

impl CachedAnswer {
    pub fn new(body: Bytes) -> Self {
        let validators = Validators::of(&body);
        Self { body, validators }
    }
}

/// Beyond this the cache starts over; simple and enough for hot list pages.
const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
pub struct AnswerCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: u64,
    bytes: usize,
    answers: HashMap<String, CachedAnswer>,
}

impl AnswerCache {
    pub fn get(&self, version: u64, key: &str) -> Option<CachedAnswer> {
        let inner = self.inner.lock().ok()?;
        (inner.version == version)
            .then(|| inner.answers.get(key).cloned())
            .flatten()
    }

    pub fn put(&self, version: u64, key: String, answer: CachedAnswer) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.version != version || inner.bytes + answer.body.len() > MAX_BYTES {
            *inner = Inner {
                version,
                ..Inner::default()
            };
        }
        inner.bytes += answer.body.len();
        inner.answers.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_live_only_as_long_as_their_version() {
        let body =
            |cache: &AnswerCache, version| cache.get(version, "body/1/paper").map(|a| a.body);
        let cache = AnswerCache::default();
        cache.put(
            3,
            "body/1/paper".into(),
            CachedAnswer::new(Bytes::from_static(b"[1]")),
        );
        assert_eq!(body(&cache, 3), Some(Bytes::from_static(b"[1]")));
        assert_eq!(body(&cache, 4), None);
        cache.put(
            4,
            "body/1/paper".into(),
            CachedAnswer::new(Bytes::from_static(b"[2]")),
        );
        assert_eq!(body(&cache, 3), None);
        assert_eq!(body(&cache, 4), Some(Bytes::from_static(b"[2]")));
    }
}
