//! Polls that have opened, kept by each app server for the votes: once a
//! poll is open its questions and district cannot change any more (see
//! `store::update`), so a vote need not read them again, and every app
//! server may keep its own copy. Its times can still change (staff may
//! close it early); the casting checks them on the database's clock.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use chrono::{DateTime, Utc};

use super::store::PollRow;
use crate::clock;

/// A city runs hundreds of polls, not millions; past this the copies start
/// over rather than grow.
const MAX_POLLS: usize = 10_000;

#[derive(Default)]
pub struct OpenedPolls {
    rows: Mutex<HashMap<u64, Arc<PollRow>>>,
}

impl OpenedPolls {
    pub fn get(&self, number: u64) -> Option<Arc<PollRow>> {
        self.rows.lock().ok()?.get(&number).cloned()
    }

    /// Keeps `row` if it has surely opened by `now`.
    pub fn keep_if_open(&self, row: &Arc<PollRow>, now: DateTime<Utc>) {
        let opened = clock::parse(&row.opens_at).is_some_and(|at| at + clock::MARGIN <= now);
        if !opened {
            return;
        }
        let Ok(mut rows) = self.rows.lock() else {
            return;
        };
        if rows.len() >= MAX_POLLS {
            rows.clear();
        }
        rows.insert(row.number, row.clone());
    }
}

#[cfg(test)]
mod tests {
    use shared::polls::ResultsShown;

    use super::*;

    fn poll(opens_at: &str) -> Arc<PollRow> {
        Arc::new(PollRow {
            number: 7,
            title: "Radweg".into(),
            description: String::new(),
            district: None,
            opens_at: opens_at.into(),
            closes_at: "2027-01-01T00:00:00Z".into(),
            results: ResultsShown::Live,
            questions: Vec::new(),
        })
    }

    #[test]
    fn keeps_only_polls_that_have_surely_opened() {
        let now = clock::parse("2026-11-27T12:00:00Z").expect("a time");
        let polls = OpenedPolls::default();
        polls.keep_if_open(&poll("2026-11-27T11:59:30Z"), now);
        assert!(polls.get(7).is_none(), "within the clock margin");
        polls.keep_if_open(&poll("2026-11-27T11:58:00Z"), now);
        assert!(polls.get(7).is_some());
    }
}
