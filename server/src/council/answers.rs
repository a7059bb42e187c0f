//! Rendered OParl answers, kept per council version. Every write increases
//! the version in the database (see `store`), so a cached answer is never
//! served after a change, on this app server or any other.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

use axum::body::Bytes;

use super::conditional::Validators;

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

/// Beyond its size the oldest answers make room: harvesters walking a long
/// list one after another read the pages the first one rendered, so keeping
/// the newest pages serves all of them.
pub struct AnswerCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: u64,
    bytes: usize,
    answers: HashMap<String, CachedAnswer>,
    /// Keys in the order they were put, oldest first.
    order: VecDeque<String>,
}

impl AnswerCache {
    pub fn with_capacity(max_bytes: usize) -> Self {
        Self {
            max_bytes,
            inner: Mutex::default(),
        }
    }

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
        if inner.version != version {
            *inner = Inner {
                version,
                ..Inner::default()
            };
        }
        let size = answer.body.len();
        if size > self.max_bytes || inner.answers.contains_key(&key) {
            return;
        }
        while inner.bytes + size > self.max_bytes {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(evicted) = inner.answers.remove(&oldest) {
                inner.bytes -= evicted.body.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
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
        let cache = AnswerCache::with_capacity(1024);
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

    #[test]
    fn the_oldest_answers_make_room_for_new_ones() {
        let cache = AnswerCache::with_capacity(25);
        let answer = || CachedAnswer::new(Bytes::from_static(b"0123456789"));
        for page in 1..=3 {
            cache.put(1, format!("paper?after={page}"), answer());
        }
        let kept: Vec<bool> = (1..=3)
            .map(|page| cache.get(1, &format!("paper?after={page}")).is_some())
            .collect();
        assert_eq!(kept, [false, true, true]);
        cache.put(
            1,
            "too-big".into(),
            CachedAnswer::new(Bytes::from(vec![0; 26])),
        );
        assert!(cache.get(1, "too-big").is_none());
        assert!(cache.get(1, "paper?after=3").is_some());
    }
}
