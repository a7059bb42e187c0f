//! How winners are computed from the ballots of one (sub-)budget. Pure
//! functions of the published inputs, so that anyone with the Pabulib export
//! gets the same result.
//!
//! The published tie rule, used by every rule here: more votes first; with
//! equal votes the cheaper project; with equal cost the smaller project id
//! (numerically when both ids are numbers).

mod equal_shares;
mod greedy;

use std::cmp::Ordering;

pub use equal_shares::{CHECK_STEPS, equal_shares, equal_shares_within};
pub use greedy::greedy;

/// One election: approval ballots over projects with costs and a budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Election {
    pub budget: f64,
    pub projects: Vec<Project>,
    /// Each ballot lists the indices (into `projects`) it approves.
    pub ballots: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub cost: u64,
}

/// Why a project did or did not win.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Chosen by the rule itself.
    Won,
    /// Chosen when the money left after Equal Shares was filled by votes.
    WonInCompletion,
    /// Greedy: when its turn came, `euros` were missing; with `votes` more
    /// votes it would have come early enough to fit (None: it never fits).
    Missed { euros: u64, votes: Option<u64> },
    /// Equal Shares: its supporters had only this much of their shares left,
    /// less than the cost, and the leftover money did not reach it either.
    SupportersShort { supporters_money: f64 },
    /// Nobody voted for it.
    NoVotes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Project indices in the order they were chosen.
    pub winners: Vec<usize>,
    pub spent: u64,
    /// One verdict per project, by index.
    pub verdicts: Vec<Verdict>,
}

impl Election {
    /// Approvals per project, by index.
    pub fn votes(&self) -> Vec<u64> {
        let mut votes = vec![0u64; self.projects.len()];
        for ballot in &self.ballots {
            for &project in ballot {
                votes[project] += 1;
            }
        }
        votes
    }

    /// Project indices in the published order of precedence.
    fn precedence(&self, votes: &[u64]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.projects.len()).collect();
        order.sort_by(|&a, &b| self.compare(votes, a, b));
        order
    }

    /// `Less` when `a` comes before `b` under the tie rule.
    fn compare(&self, votes: &[u64], a: usize, b: usize) -> Ordering {
        votes[b].cmp(&votes[a]).then_with(|| self.tie_order(a, b))
    }

    /// The order between two projects with equal votes.
    fn tie_order(&self, a: usize, b: usize) -> Ordering {
        self.projects[a]
            .cost
            .cmp(&self.projects[b].cost)
            .then_with(|| compare_ids(&self.projects[a].id, &self.projects[b].id))
    }

    fn cost_of(&self, chosen: &[usize]) -> u64 {
        chosen.iter().map(|&p| self.projects[p].cost).sum()
    }

    /// Goes through the projects with votes in order of precedence, after
    /// those already `chosen`, and takes each that still fits into `left`.
    /// Answers what it took and, for each project that did not fit, the
    /// money that was left at its turn.
    fn fill_by_votes(
        &self,
        votes: &[u64],
        chosen: &[usize],
        mut left: f64,
    ) -> (Vec<usize>, Vec<(usize, f64)>) {
        let mut taken = Vec::new();
        let mut missed = Vec::new();
        for project in self.precedence(votes) {
            if votes[project] == 0 || chosen.contains(&project) {
                continue;
            }
            let cost = self.projects[project].cost as f64;
            if cost <= left {
                left -= cost;
                taken.push(project);
            } else {
                missed.push((project, left));
            }
        }
        (taken, missed)
    }
}

fn compare_ids(a: &str, b: &str) -> Ordering {
    // Numeric ids first, in numeric order, then the others in text order:
    // comparing a mixed pair as text would make the order circular
    // ("9" < "10" < "10a" < "9"), and sorting panics on that.
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An election from `(id, cost)` pairs and ballots naming ids.
    pub fn election(budget: f64, projects: &[(&str, u64)], ballots: &[&[&str]]) -> Election {
        let index = |id: &str| projects.iter().position(|(p, _)| *p == id).unwrap();
        Election {
            budget,
            projects: projects
                .iter()
                .map(|(id, cost)| Project {
                    id: (*id).to_owned(),
                    cost: *cost,
                })
                .collect(),
            ballots: ballots
                .iter()
                .map(|ballot| ballot.iter().map(|id| index(id)).collect())
                .collect(),
        }
    }

    /// Ballots repeated: `(times, approved ids)`.
    pub fn repeated<'a>(groups: &[(usize, &'a [&'a str])]) -> Vec<&'a [&'a str]> {
        groups
            .iter()
            .flat_map(|(times, ballot)| std::iter::repeat_n(*ballot, *times))
            .collect()
    }

    pub fn winner_ids(election: &Election, outcome: &Outcome) -> Vec<String> {
        let mut ids: Vec<String> = outcome
            .winners
            .iter()
            .map(|&p| election.projects[p].id.clone())
            .collect();
        ids.sort_by(|a, b| compare_ids(a, b));
        ids
    }

    fn precedence_ids(e: &Election) -> Vec<&str> {
        e.precedence(&e.votes())
            .into_iter()
            .map(|p| e.projects[p].id.as_str())
            .collect()
    }

    /// Found by the fuzz target `pabulib`: ids "10", "9" and "10META9"
    /// compared in a circle, and the standard sort panicked on it.
    #[test]
    fn mixed_numeric_and_text_ids_have_one_order() {
        let ids = ["10META9", "10", "9", "b", "09", "a"];
        let e = election(10.0, &ids.map(|id| (id, 5)), &[&ids]);
        let order = precedence_ids(&e);
        assert_eq!(order, ["09", "9", "10", "10META9", "a", "b"]);
    }

    #[test]
    fn ties_go_to_more_votes_then_cheaper_then_smaller_id() {
        let e = election(
            10.0,
            &[("10", 5), ("9", 5), ("2", 3), ("1", 7)],
            &[&["10", "9", "2", "1"], &["1"]],
        );
        let order = precedence_ids(&e);
        assert_eq!(order, ["1", "2", "9", "10"]);
    }
}
