//! Greedy by votes: projects in order of precedence, each taken if it still
//! fits into the money left (CONSUL's rule, also the usual city practice).

use super::{Election, Outcome, Verdict};

pub fn greedy(election: &Election) -> Outcome {
    let votes = election.votes();
    let order = election.precedence(&votes);
    let mut verdicts = vec![Verdict::NoVotes; election.projects.len()];
    let (winners, missed) = election.fill_by_votes(&votes, &[], election.budget);
    for &project in &winners {
        verdicts[project] = Verdict::Won;
    }
    for (project, left) in missed {
        let cost = election.projects[project].cost as f64;
        verdicts[project] = Verdict::Missed {
            euros: (cost - left).ceil() as u64,
            votes: votes_needed(election, &votes, &order, project),
        };
    }
    Outcome {
        spent: election.cost_of(&winners),
        winners,
        verdicts,
    }
}

/// The fewest extra votes with which `missed` would have won. Moving a
/// project forward does not change what was chosen before its new place, so
/// it wins exactly when it overtakes the first project after which the money
/// left (in a run without it) no longer covers its cost.
fn votes_needed(election: &Election, votes: &[u64], order: &[usize], missed: usize) -> Option<u64> {
    let cost = election.projects[missed].cost as f64;
    let mut left = election.budget;
    for &rival in order.iter().filter(|&&p| p != missed) {
        if left < cost {
            break;
        }
        let rival_cost = election.projects[rival].cost as f64;
        if votes[rival] > 0 && rival_cost <= left {
            // Taking `rival` would leave too little: `missed` must come first.
            if left - rival_cost < cost {
                let wins_tie = election.tie_order(missed, rival).is_lt();
                return Some(votes[rival] - votes[missed] + u64::from(!wins_tie));
            }
            left -= rival_cost;
        }
    }
    (left >= cost).then(|| u64::from(votes[missed] == 0))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{election, repeated, winner_ids};
    use super::*;

    #[test]
    fn skips_what_does_not_fit_and_takes_cheaper_projects_after_it() {
        let ballots = repeated(&[(5, &["A", "B"]), (4, &["B", "C"]), (3, &["C", "D"])]);
        let e = election(10.0, &[("A", 6), ("B", 5), ("C", 4), ("D", 1)], &ballots);
        let outcome = greedy(&e);
        // B (9 votes) first, then C (7), then A (5) does not fit, D (3) does.
        assert_eq!(winner_ids(&e, &outcome), ["B", "C", "D"]);
        assert_eq!(outcome.spent, 10);
        assert_eq!(
            outcome.verdicts[0],
            Verdict::Missed {
                euros: 5,
                votes: Some(5)
            }
        );
    }

    #[test]
    fn projects_without_votes_never_win() {
        let e = election(100.0, &[("1", 10), ("2", 10)], &[&["1"]]);
        let outcome = greedy(&e);
        assert_eq!(winner_ids(&e, &outcome), ["1"]);
        assert_eq!(outcome.verdicts[1], Verdict::NoVotes);
    }

    #[test]
    fn a_project_dearer_than_the_budget_cannot_win_by_votes() {
        let e = election(10.0, &[("1", 11), ("2", 3)], &[&["1", "2"], &["2"]]);
        let outcome = greedy(&e);
        assert_eq!(
            outcome.verdicts[0],
            Verdict::Missed {
                euros: 4,
                votes: None
            }
        );
    }

    #[test]
    fn the_votes_needed_are_enough_and_one_less_is_not() {
        let ballots = repeated(&[(7, &["A"]), (6, &["B"]), (2, &["C"]), (1, &["D"])]);
        let e = election(10.0, &[("A", 6), ("B", 4), ("C", 5), ("D", 5)], &ballots);
        let outcome = greedy(&e);
        let Verdict::Missed {
            votes: Some(needed),
            ..
        } = outcome.verdicts[2]
        else {
            panic!("C should miss: {:?}", outcome.verdicts)
        };
        let with_more = |extra: usize| {
            let mut more = ballots.clone();
            more.extend(std::iter::repeat_n(&["C"][..], extra));
            let e = election(10.0, &[("A", 6), ("B", 4), ("C", 5), ("D", 5)], &more);
            winner_ids(&e, &greedy(&e)).contains(&"C".to_owned())
        };
        assert!(with_more(needed as usize));
        assert!(!with_more(needed as usize - 1));
    }
}
