//! Closed polls, kept by each app server: a poll that has closed never
//! opens again (`store::update` changes only polls that have not opened,
//! `store::close_now` only open ones) and takes no more ballots, so once its
//! last ballot can have reached the database its count and results are
//! fixed. The list of polls then counts only the ballots of open polls, and
//! the results of a closed poll are counted once, not on every view. What
//! is kept is rebuilt from the database after a restart, the same on every
//! app server.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, PoisonError},
};

use chrono::{DateTime, Utc};
use shared::polls::QuestionResult;

use super::{store, store::PollRow, tally};
use crate::{clock, cpu, db::Db, error::Result};

/// Results kept, most recently read last: a results page is read mostly
/// while its poll is news, and free-text answers make results large.
const RESULTS_KEPT: usize = 16;

/// A city runs hundreds of polls, not millions; past this the counts start
/// over rather than grow.
const COUNTS_KEPT: usize = 10_000;

#[derive(Default)]
pub struct ClosedPolls {
    counts: Mutex<HashMap<u64, u64>>,
    results: Mutex<VecDeque<(u64, Counted)>>,
}

/// A poll's results and the number of ballots they count.
#[derive(Clone)]
pub struct Counted {
    pub questions: Arc<Vec<QuestionResult>>,
    pub ballots: u64,
}

impl ClosedPolls {
    /// Ballots per poll, read from the database only for polls that are
    /// open or closed too recently to be kept.
    pub async fn counts(
        &self,
        db: &Db,
        polls: &[PollRow],
        now: DateTime<Utc>,
    ) -> Result<HashMap<u64, u64>> {
        let mut counts = HashMap::new();
        let mut unknown = Vec::new();
        {
            let kept = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            for poll in polls {
                match kept.get(&poll.number) {
                    Some(n) => {
                        counts.insert(poll.number, *n);
                    }
                    None => unknown.push(poll.number),
                }
            }
        }
        if unknown.is_empty() {
            return Ok(counts);
        }
        let read = store::ballot_counts(db, &unknown).await?;
        for poll in polls.iter().filter(|p| unknown.contains(&p.number)) {
            let n = read.get(&poll.number).copied().unwrap_or(0);
            counts.insert(poll.number, n);
            if settled(poll, now) {
                self.keep_count(poll.number, n);
            }
        }
        Ok(counts)
    }

    /// The results of a poll whose results are published (the caller
    /// checks that), counted off the async threads.
    pub async fn results(&self, db: &Db, poll: &PollRow, now: DateTime<Utc>) -> Result<Counted> {
        if let Some(counted) = self.kept_results(poll.number) {
            return Ok(counted);
        }
        let ballots = store::ballots(db, poll.number).await?;
        let questions = poll.questions.clone();
        let n = ballots.len() as u64;
        let counted = Counted {
            questions: Arc::new(cpu::run(move || tally::count(&questions, &ballots)).await?),
            ballots: n,
        };
        if settled(poll, now) {
            self.keep_count(poll.number, n);
            let mut results = self.results.lock().unwrap_or_else(PoisonError::into_inner);
            results.retain(|(kept, _)| *kept != poll.number);
            results.push_back((poll.number, counted.clone()));
            while results.len() > RESULTS_KEPT {
                results.pop_front();
            }
        }
        Ok(counted)
    }

    fn keep_count(&self, poll: u64, n: u64) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.len() >= COUNTS_KEPT {
            counts.clear();
        }
        counts.insert(poll, n);
    }

    fn kept_results(&self, poll: u64) -> Option<Counted> {
        let mut results = self.results.lock().unwrap_or_else(PoisonError::into_inner);
        let at = results.iter().position(|(kept, _)| *kept == poll)?;
        let entry = results.remove(at)?;
        let counted = entry.1.clone();
        results.push_back(entry);
        Some(counted)
    }
}

/// Whether the poll closed long enough ago that no ballot can still arrive.
fn settled(poll: &PollRow, now: DateTime<Utc>) -> bool {
    clock::parse(&poll.closes_at).is_some_and(|closes| closes + clock::MARGIN <= now)
}
