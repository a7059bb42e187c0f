//! Which proposals stand on the ballot: the feasible ones that passed the
//! cycle's pre-selection.

use std::collections::{HashMap, HashSet};

use shared::budget::{Preselection, ProposalStatus, Rating, RatingCounts};

use super::store::ProposalRow;

/// What citizens said in the pre-selection.
#[derive(Debug, Default)]
pub struct Preselected {
    pub supports: HashMap<u64, u64>,
    pub ratings: HashMap<u64, RatingCounts>,
}

impl Preselected {
    pub fn add_rating(&mut self, proposal: u64, rating: Rating, count: u64) {
        let counts = self.ratings.entry(proposal).or_default();
        match rating {
            Rating::Approve => counts.approve += count,
            Rating::Reject => counts.reject += count,
            Rating::Neutral => counts.neutral += count,
            Rating::CannotJudge => counts.cannot_judge += count,
        }
    }
}

/// Supports mode: feasible with at least `threshold` supports. Rating
/// mode: the `best_list` feasible proposals of each (sub-)budget with the
/// most approvals minus rejections (then more approvals, then the older).
pub fn on_ballot(
    preselection: Preselection,
    proposals: &[ProposalRow],
    said: &Preselected,
) -> HashSet<u64> {
    let feasible = proposals
        .iter()
        .filter(|p| p.status == ProposalStatus::Feasible);
    match preselection {
        Preselection::Supports { threshold, .. } => feasible
            .filter(|p| {
                said.supports.get(&p.number).copied().unwrap_or_default() >= u64::from(threshold)
            })
            .map(|p| p.number)
            .collect(),
        Preselection::Rating { best_list } => {
            let mut by_budget: HashMap<Option<&str>, Vec<(i64, u64, u64)>> = HashMap::new();
            for p in feasible {
                let counts = said.ratings.get(&p.number).copied().unwrap_or_default();
                let score = counts.approve as i64 - counts.reject as i64;
                by_budget.entry(p.district.as_deref()).or_default().push((
                    score,
                    counts.approve,
                    p.number,
                ));
            }
            by_budget
                .into_values()
                .flat_map(|mut ranked| {
                    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
                    ranked
                        .into_iter()
                        .take(best_list as usize)
                        .map(|(_, _, n)| n)
                })
                .collect()
        }
    }
}
