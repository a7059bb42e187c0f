//! Closed ballots, kept in memory with their outcomes. Once the results
//! phase has begun nothing the results are computed from can change:
//! ballots are taken only during the ballot, reviews (costs) only before
//! it, supports and ratings only in the pre-selection, and budgets, rules
//! and dates up to the ballot's end are fixed once voting began
//! (`routes/cycles.rs`). So each app server reads a closed cycle's ballots
//! once and computes each rule once, instead of on every view of the
//! results or of a proposal. What is kept is rebuilt from the database
//! after a restart, the same on every app server.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Arc, Mutex, PoisonError},
};

use shared::budget::{Ballot, PhaseKind, ResultRule};

use super::{
    context::CycleContext,
    rules::Outcome,
    store::{self, ProposalRow},
    tally::{self, Part},
    views::Facts,
};
use crate::{clock, db::Db, error::Result};

/// How many closed cycles each app server keeps; a city has one a year.
const CYCLES_KEPT: usize = 8;

#[derive(Default)]
pub struct ClosedBallots {
    /// Most recently read last.
    cycles: Mutex<VecDeque<(u64, Arc<Closed>)>>,
}

/// The outcome of every part under one rule.
type Outcomes = Arc<Vec<Outcome>>;

/// What a closed cycle's results are computed from, and what was computed.
pub struct Closed {
    pub proposals: Vec<ProposalRow>,
    pub on_ballot: HashSet<u64>,
    pub ballots: Vec<Ballot>,
    /// By rule and the (sub-)budgets they were computed for.
    outcomes: Mutex<HashMap<(ResultRule, String), Outcomes>>,
}

impl ClosedBallots {
    /// The inputs of a cycle whose results phase has begun (the caller
    /// checks that), read from the database the first time.
    pub async fn of(&self, db: &Db, ctx: &CycleContext) -> Result<Arc<Closed>> {
        let number = ctx.number();
        if let Some(closed) = self.kept(number) {
            return Ok(closed);
        }
        let closed = Arc::new(Closed {
            proposals: store::proposals(db, number).await?,
            on_ballot: Facts::gather(db, ctx, None).await?.on_ballot,
            ballots: store::ballots(db, number).await?,
            outcomes: Mutex::default(),
        });
        if !settled(ctx) {
            return Ok(closed);
        }
        let mut cycles = self.cycles.lock().unwrap_or_else(PoisonError::into_inner);
        cycles.retain(|(kept, _)| *kept != number);
        cycles.push_back((number, closed.clone()));
        while cycles.len() > CYCLES_KEPT {
            cycles.pop_front();
        }
        Ok(closed)
    }

    fn kept(&self, number: u64) -> Option<Arc<Closed>> {
        let cycles = self.cycles.lock().unwrap_or_else(PoisonError::into_inner);
        cycles
            .iter()
            .find(|(kept, _)| *kept == number)
            .map(|(_, closed)| closed.clone())
    }
}

impl Closed {
    /// The outcome of every part under `rule`, computed once and off the
    /// async threads (Equal Shares can take a moment on large elections).
    pub async fn outcomes(
        &self,
        parts: &[Part<'_>],
        rule: ResultRule,
    ) -> Result<Arc<Vec<Outcome>>> {
        let key = (rule, budgets_key(parts));
        if let Some(kept) = self
            .outcomes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(kept.clone());
        }
        let elections: Vec<_> = parts.iter().map(|p| p.election.clone()).collect();
        let computed = Arc::new(
            crate::cpu::run(move || {
                elections
                    .iter()
                    .map(|e| tally::outcome(e, rule))
                    .collect::<Vec<_>>()
            })
            .await?,
        );
        self.outcomes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, computed.clone());
        Ok(computed)
    }
}

/// Whether the ballot ended long enough ago that nothing more arrives.
fn settled(ctx: &CycleContext) -> bool {
    ctx.row
        .settings
        .phases
        .iter()
        .find(|phase| phase.kind == PhaseKind::Ballot)
        .and_then(|ballot| chrono::DateTime::parse_from_rfc3339(&ballot.ends).ok())
        .is_some_and(|ends| ctx.now > ends + clock::MARGIN)
}

/// The (sub-)budgets as the elections depend on them: district and amount.
fn budgets_key(parts: &[Part<'_>]) -> String {
    parts
        .iter()
        .map(|p| format!("{}={}", tally::file_key(p.budget), p.budget.amount))
        .collect::<Vec<_>>()
        .join(";")
}
