//! The Method of Equal Shares with cost utilities (a voter's satisfaction is
//! the cost of the chosen projects they approved), as published on
//! equalshares.net, with the completion the Pabulib checker uses: every
//! voter's equal share is raised by one currency unit while the outcome
//! still fits the budget, the last fitting outcome is kept, and the money
//! left is filled greedily by votes. Unlike equalshares.net's default it
//! does not stop at the first outcome that leaves no project affordable,
//! which is what reproduces the published results of real elections.

use super::{Election, Outcome, Verdict};

/// Money differences below this share of a project's cost are rounding.
const RELATIVE_TOLERANCE: f64 = 1e-9;

pub fn equal_shares(election: &Election) -> Outcome {
    computed(election, None).unwrap_or_else(|| unreachable!("no deadline was set"))
}

/// Like [`equal_shares`], but gives up (None) once `limit` has passed: a
/// file from outside can make the completion run very long, e.g. a handful
/// of voters and projects costing millions.
pub fn equal_shares_within(election: &Election, limit: std::time::Duration) -> Option<Outcome> {
    computed(election, Some(std::time::Instant::now() + limit))
}

fn computed(election: &Election, deadline: Option<std::time::Instant>) -> Option<Outcome> {
    let votes = election.votes();
    let voters = election.ballots.len();
    let mut verdicts = vec![Verdict::NoVotes; election.projects.len()];
    if voters == 0 {
        return Some(Outcome {
            winners: Vec::new(),
            spent: 0,
            verdicts,
        });
    }
    let rank = ranks(election, &votes);
    let approvers = approvers(election);

    let mut run = fixed_budget(election, &approvers, &rank, election.budget);
    // Whole euros per voter from here on, as the Pabulib checker does.
    let mut total = (election.budget / voters as f64).floor() * voters as f64;
    // Projects dearer than the budget can never be part of a fitting outcome.
    let eligible = (0..election.projects.len())
        .filter(|&p| {
            let cost = election.projects[p].cost;
            cost > 0 && cost as f64 <= election.budget && !approvers[p].is_empty()
        })
        .count();
    // More money per voter changes nothing once every project that could
    // fit is chosen.
    while run.winners.len() < eligible {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            return None;
        }
        let next = fixed_budget(election, &approvers, &rank, total + voters as f64);
        if election.cost_of(&next.winners) as f64 > election.budget {
            break;
        }
        total += voters as f64;
        run = next;
    }

    let mut winners = run.winners.clone();
    for &project in &winners {
        verdicts[project] = Verdict::Won;
    }
    let left = election.budget - election.cost_of(&winners) as f64;
    let (completion, missed) = election.fill_by_votes(&votes, &winners, left);
    for &project in &completion {
        verdicts[project] = Verdict::WonInCompletion;
    }
    for (project, _) in missed {
        verdicts[project] = Verdict::SupportersShort {
            supporters_money: approvers[project].iter().map(|&v| run.money[v]).sum(),
        };
    }
    winners.extend(completion);
    Some(Outcome {
        spent: election.cost_of(&winners),
        winners,
        verdicts,
    })
}

/// One run of Equal Shares where every voter starts with `total / voters`.
struct Run {
    winners: Vec<usize>,
    /// Money each voter has left at the end.
    money: Vec<f64>,
}

fn fixed_budget(election: &Election, approvers: &[Vec<usize>], rank: &[usize], total: f64) -> Run {
    let voters = election.ballots.len();
    let mut money = vec![total / voters as f64; voters];
    // Candidate with its effective vote count from the previous round, which
    // can only fall: candidates are tried from the highest down and the
    // search stops once none can beat the best found.
    let mut candidates: Vec<(usize, f64)> = (0..election.projects.len())
        .filter(|&p| election.projects[p].cost > 0 && !approvers[p].is_empty())
        .map(|p| (p, approvers[p].len() as f64))
        .collect();
    let mut winners = Vec::new();
    loop {
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(rank[a.0].cmp(&rank[b.0])));
        let mut best: Option<(usize, f64)> = None;
        let mut unaffordable = Vec::new();
        for (project, previous) in candidates.iter_mut() {
            let cost = election.projects[*project].cost as f64;
            let tolerance = cost * RELATIVE_TOLERANCE;
            if best.is_some_and(|(_, best_count)| *previous < best_count - tolerance) {
                break;
            }
            match effective_vote_count(&approvers[*project], &money, cost, tolerance) {
                None => unaffordable.push(*project),
                Some(count) => {
                    *previous = count;
                    let better = match best {
                        None => true,
                        Some((best_project, best_count)) => {
                            count > best_count + tolerance
                                || (count >= best_count - tolerance
                                    && rank[*project] < rank[best_project])
                        }
                    };
                    if better {
                        best = Some((*project, count));
                    }
                }
            }
        }
        candidates.retain(|(p, _)| !unaffordable.contains(p));
        let Some((chosen, count)) = best else { break };
        let payment = election.projects[chosen].cost as f64 / count;
        for &voter in &approvers[chosen] {
            money[voter] = (money[voter] - payment).max(0.0);
        }
        candidates.retain(|(p, _)| *p != chosen);
        winners.push(chosen);
    }
    Run { winners, money }
}

/// `cost / ρ` where ρ is the most any supporter pays when the supporters
/// split the cost as equally as their money allows; None if they cannot pay.
fn effective_vote_count(
    supporters: &[usize],
    money: &[f64],
    cost: f64,
    tolerance: f64,
) -> Option<f64> {
    let behind: f64 = supporters.iter().map(|&v| money[v]).sum();
    if behind < cost - tolerance {
        return None;
    }
    let mut by_money: Vec<f64> = supporters.iter().map(|&v| money[v]).collect();
    by_money.sort_by(f64::total_cmp);
    let mut paid = 0.0;
    let mut sharing = by_money.len();
    for has in by_money {
        let share = (cost - paid) / sharing as f64;
        if share > has + tolerance {
            paid += has;
            sharing -= 1;
        } else {
            return Some(cost / share);
        }
    }
    None
}

/// Position of each project in the order of precedence.
fn ranks(election: &Election, votes: &[u64]) -> Vec<usize> {
    let mut rank = vec![0; election.projects.len()];
    for (position, project) in election.precedence(votes).into_iter().enumerate() {
        rank[project] = position;
    }
    rank
}

fn approvers(election: &Election) -> Vec<Vec<usize>> {
    let mut approvers = vec![Vec::new(); election.projects.len()];
    for (voter, ballot) in election.ballots.iter().enumerate() {
        for &project in ballot {
            approvers[project].push(voter);
        }
    }
    approvers
}

#[cfg(test)]
mod tests {
    use super::super::tests::{election, repeated, winner_ids};
    use super::*;

    /// equalshares.net, the docstring of its reference code.
    #[test]
    fn equal_shares_reference_example() {
        let e = election(
            150.0,
            &[("p1", 100), ("p2", 50), ("p3", 50)],
            &[&["p1", "p2"], &["p1"], &["p3"]],
        );
        assert_eq!(winner_ids(&e, &equal_shares(&e)), ["p1", "p3"]);
    }

    fn park_example(eleventh: &'static str) -> Election {
        election(
            1100.0,
            &[
                ("bike", 700),
                ("gym", 400),
                ("park", 250),
                ("playground", 200),
                ("library", 100),
            ],
            &[
                &["bike", "gym"],
                &["bike", "gym", "park"],
                &["bike", "gym"],
                &["bike", "gym", "park"],
                &["bike", "gym", "park"],
                &["bike", "gym"],
                &["park", "playground", "library"],
                &["playground"],
                &["playground", "library"],
                &["park", "playground", "library"],
                &[eleventh],
            ],
        )
    }

    /// equalshares.net, "Explanation", example 1: MES funds the bike lane
    /// and the two projects of the minority; greedy would fund bike and gym.
    #[test]
    fn explanation_example_one() {
        let e = park_example("bike");
        let outcome = equal_shares(&e);
        assert_eq!(winner_ids(&e, &outcome), ["bike", "library", "playground"]);
        assert_eq!(outcome.spent, 1000);
        assert_eq!(winner_ids(&e, &super::super::greedy(&e)), ["bike", "gym"]);
    }

    /// Example 2: with the gym preferred, the bike lane becomes unaffordable
    /// for its supporters; the completion adds the library.
    #[test]
    fn explanation_example_two() {
        let e = park_example("gym");
        let outcome = equal_shares(&e);
        assert_eq!(
            winner_ids(&e, &outcome),
            ["gym", "library", "park", "playground"]
        );
        let bike = 0;
        assert!(matches!(
            outcome.verdicts[bike],
            Verdict::SupportersShort { .. }
        ));
    }

    /// pabutools test_completion: MES alone funds p1; the greedy fill adds p2.
    #[test]
    fn completion_fills_the_rest_by_votes() {
        let ballots = repeated(&[(5, &["p1"]), (1, &["p2"]), (2, &["p3"])]);
        let e = election(4.0, &[("p1", 2), ("p2", 2), ("p3", 3)], &ballots);
        let outcome = equal_shares(&e);
        assert_eq!(winner_ids(&e, &outcome), ["p1", "p2"]);
        assert_eq!(outcome.verdicts[0], Verdict::Won);
        assert_eq!(outcome.verdicts[1], Verdict::WonInCompletion);
    }

    /// pabutools "AppEx_2" in cents: Equal Shares funds p2 and p0, the
    /// completion p1 (pabutools' iterated MES gives the same three).
    #[test]
    fn pabutools_appex_2() {
        let e = election(
            400.0,
            &[("p0", 100), ("p1", 90), ("p2", 200), ("p3", 109)],
            &[&["p0"], &["p1", "p2", "p3"], &["p1", "p2", "p3"], &["p2"]],
        );
        assert_eq!(winner_ids(&e, &equal_shares(&e)), ["p0", "p1", "p2"]);
    }

    /// When everything fits, raising the shares must stop once all is chosen.
    #[test]
    fn a_budget_that_covers_everything_funds_everything() {
        let e = election(
            100.0,
            &[("a", 10), ("b", 20)],
            &[&["a"], &["b"], &["a", "b"]],
        );
        assert_eq!(winner_ids(&e, &equal_shares(&e)), ["a", "b"]);
    }

    /// A few voters and a project only one of them wants, costing billions,
    /// would take billions of one-euro steps; with a deadline the
    /// computation gives up instead.
    #[test]
    fn the_completion_gives_up_at_its_deadline() {
        let e = election(
            9_000_000_000.0,
            &[("a", 1), ("b", 9_000_000_000)],
            &[&["a"], &["b"], &["a"]],
        );
        assert!(equal_shares_within(&e, std::time::Duration::from_millis(50)).is_none());
    }

    /// A project dearer than the budget does not keep the completion going.
    #[test]
    fn a_project_dearer_than_the_budget_ends_the_completion() {
        let e = election(
            3.0,
            &[("a", 1), ("b", 9_000_000_000)],
            &[&["a", "b"], &["b"], &["b"]],
        );
        let outcome = equal_shares_within(&e, std::time::Duration::from_secs(5)).unwrap();
        assert_eq!(winner_ids(&e, &outcome), ["a"]);
    }

    /// pabutools "AppEx_4": a free project gives no cost utility.
    #[test]
    fn pabutools_appex_4_zero_cost() {
        let e = election(
            2.0,
            &[("p0", 0), ("p1", 1), ("p2", 2)],
            &[&["p0"], &["p0", "p1", "p2"], &["p2"]],
        );
        let outcome = equal_shares(&e);
        assert_eq!(outcome.winners.first(), Some(&2));
    }
}
