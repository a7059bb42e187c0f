//! The Method of Equal Shares with cost utilities (a voter's satisfaction is
//! the cost of the chosen projects they approved), as published on
//! equalshares.net, with the completion the Pabulib checker uses: every
//! voter's equal share is raised by one currency unit while the outcome
//! still fits the budget, the last fitting outcome is kept, and the money
//! left is filled greedily by votes. Unlike equalshares.net's default it
//! does not stop at the first outcome that leaves no project affordable,
//! which is what reproduces the published results of real elections.
//!
//! Stepping one unit at a time would take as many runs as the budget has
//! units per voter: a file with a few voters and a project costing billions
//! would keep a core busy for hours. The outcome only changes at a few
//! shares, so the completion jumps to the next share at which it changes
//! (galloping, then bisecting), which takes at most about twice the binary
//! logarithm of the costs in runs per change.
//!
//! That is still far more work for some inputs than for others: a file
//! that anyone may send is computed within a number of steps
//! ([`equal_shares_within`]), which bounds its work by a count rather than
//! by a clock.

use std::cell::Cell;

use super::{Election, Outcome, Verdict};

/// Money differences below this share of a project's cost are rounding.
const RELATIVE_TOLERANCE: f64 = 1e-9;

/// The steps a file sent in for checking may take by default
/// (`--pabulib-check-steps`): about ten times what a city-sized election
/// takes (40,000 voters with five approvals each among 100 projects: 26
/// million steps, see the tests; 1.9 s in an unoptimised build).
pub const CHECK_STEPS: u64 = 250_000_000;

/// The steps a computation may still take: each supporter looked at when
/// the price of a project is worked out is one.
struct Work {
    left: Cell<u64>,
}

impl Work {
    fn new(steps: u64) -> Self {
        Self {
            left: Cell::new(steps),
        }
    }

    /// Takes `steps`; false (and none left) if there are not that many.
    fn take(&self, steps: usize) -> bool {
        let steps = steps as u64;
        match self.left.get().checked_sub(steps) {
            Some(left) => {
                self.left.set(left);
                true
            }
            None => {
                self.left.set(0);
                false
            }
        }
    }

    fn exhausted(&self) -> bool {
        self.left.get() == 0
    }
}

/// The outcome of a city's own election, however much work it takes.
pub fn equal_shares(election: &Election) -> Outcome {
    computed(election, &Work::new(u64::MAX))
}

/// The outcome if it takes at most `steps` steps (a step: one supporter
/// looked at when a project's price is worked out); none if it would take
/// more.
pub fn equal_shares_within(election: &Election, steps: u64) -> Option<Outcome> {
    let work = Work::new(steps);
    let outcome = computed(election, &work);
    (!work.exhausted()).then_some(outcome)
}

/// With `work` used up, runs end at once and what comes out is meaningless;
/// the caller checks.
fn computed(election: &Election, work: &Work) -> Outcome {
    let votes = election.votes();
    let voters = election.ballots.len();
    let mut verdicts = vec![Verdict::NoVotes; election.projects.len()];
    if voters == 0 {
        return Outcome {
            winners: Vec::new(),
            spent: 0,
            verdicts,
        };
    }
    let rank = ranks(election, &votes);
    let approvers = approvers(election);
    let run = raised_until_full(election, &approvers, work, |total| {
        fixed_budget(election, &approvers, &rank, total, work)
    });

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
    Outcome {
        spent: election.cost_of(&winners),
        winners,
        verdicts,
    }
}

/// The completion by raising the shares: the run that the one-unit steps
/// of the Pabulib checker end with, found in jumps. `run_with(total)` is
/// one run of Equal Shares with `total` shared among the voters.
fn raised_until_full(
    election: &Election,
    approvers: &[Vec<usize>],
    work: &Work,
    run_with: impl Fn(f64) -> Run,
) -> Run {
    let voters = election.ballots.len() as f64;
    // Whole currency units per voter from here on, as the Pabulib checker
    // does: step `k` gives every voter `base + k`.
    let base = (election.budget / voters).floor();
    let at = |step: u64| run_with((base + step as f64) * voters);
    let fits = |run: &Run| election.cost_of(&run.winners) as f64 <= election.budget;
    // Projects dearer than the budget can never be part of a fitting outcome.
    let eligible = (0..election.projects.len())
        .filter(|&p| {
            let cost = election.projects[p].cost;
            cost > 0 && cost as f64 <= election.budget && !approvers[p].is_empty()
        })
        .count();
    // From this step on every voter could pay for every project alone, so
    // every project with a supporter wins and raising changes nothing more.
    let total_cost: f64 = election.projects.iter().map(|p| p.cost as f64).sum();
    let last_step = (total_cost - base).max(1.0).ceil() as u64;

    let mut run = run_with(election.budget);
    let mut step = 0;
    // More money per voter changes nothing once every project that could
    // fit is chosen.
    while run.winners.len() < eligible && step < last_step && !work.exhausted() {
        let next = at(step + 1);
        if !fits(&next) {
            break;
        }
        // Stepping one by one stops at the first step that chooses every
        // project that could fit; the money left then is what the verdicts
        // report.
        if next.winners.len() >= eligible {
            run = next;
            break;
        }
        // Steps up to the one before the next change give this same
        // outcome, so they fit too; stepping one by one would walk to it.
        let (same, same_run) = last_step_with(step + 1, next, last_step, &at);
        step = same;
        run = same_run;
    }
    run
}

/// The last step from `from` on whose run still chooses the winners of
/// `run` (the run at `from`), assuming an outcome that changes does not change back
/// in between: gallops to the first step with another outcome, then
/// bisects between the two.
fn last_step_with(from: u64, run: Run, last_step: u64, at: &impl Fn(u64) -> Run) -> (u64, Run) {
    let winners = run.winners.clone();
    let (mut same, mut same_run) = (from, run);
    let mut jump = 1;
    let changed = loop {
        let probe = from.saturating_add(jump).min(last_step);
        if probe <= same {
            return (same, same_run);
        }
        let probed = at(probe);
        if probed.winners != winners {
            break probe;
        }
        (same, same_run) = (probe, probed);
        jump = jump.saturating_mul(2);
    };
    let mut changed = changed;
    while changed - same > 1 {
        let middle = same + (changed - same) / 2;
        let probed = at(middle);
        if probed.winners == winners {
            (same, same_run) = (middle, probed);
        } else {
            changed = middle;
        }
    }
    (same, same_run)
}

/// One run of Equal Shares where every voter starts with `total / voters`.
struct Run {
    winners: Vec<usize>,
    /// Money each voter has left at the end.
    money: Vec<f64>,
}

fn fixed_budget(
    election: &Election,
    approvers: &[Vec<usize>],
    rank: &[usize],
    total: f64,
    work: &Work,
) -> Run {
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
            if !work.take(approvers[*project].len()) {
                return Run { winners, money };
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
    /// took billions of one-unit steps (a file of 150 bytes kept a core
    /// busy); the jumps take a few dozen runs.
    #[test]
    fn a_project_costing_billions_takes_few_runs() {
        let e = election(
            9_000_000_000.0,
            &[("a", 1), ("b", 9_000_000_000)],
            &[&["a"], &["b"], &["a"]],
        );
        let (approvers, rank) = (approvers(&e), ranks(&e, &e.votes()));
        let runs = std::cell::Cell::new(0);
        let work = Work::new(u64::MAX);
        let run = raised_until_full(&e, &approvers, &work, |total| {
            runs.set(runs.get() + 1);
            fixed_budget(&e, &approvers, &rank, total, &work)
        });
        assert_eq!(run.winners, [0]);
        assert!(runs.get() < 200, "{} runs", runs.get());
        assert_eq!(winner_ids(&e, &equal_shares(&e)), ["a"]);
    }

    /// Within enough steps the outcome is the same; with too few there is
    /// none, whichever step the work runs out at.
    #[test]
    fn work_within_a_limit_gives_the_outcome_or_none() {
        let e = park_example("bike");
        let whole = equal_shares(&e);
        let needed = (0..10_000)
            .find(|&steps| equal_shares_within(&e, steps).is_some())
            .expect("a small election takes few steps");
        assert!(needed > 0);
        let within = equal_shares_within(&e, needed).expect("enough steps");
        assert_eq!(
            (within.winners, within.spent),
            (whole.winners.clone(), whole.spent)
        );
        assert!(equal_shares_within(&e, needed - 1).is_none());
    }

    /// A file the size of a real city's election is computed within a
    /// fifth of what a check may take.
    #[test]
    fn a_city_sized_election_fits_a_check() {
        let mut random = Xorshift(0x2545_f491_4f6c_dd1d);
        let projects = 100;
        let e = Election {
            budget: 10_000_000.0,
            projects: (0..projects)
                .map(|p| super::super::Project {
                    id: format!("p{p}"),
                    cost: 20_000 + random.below(1_500_000),
                })
                .collect(),
            // Some projects are far more popular than others.
            ballots: (0..40_000)
                .map(|_| {
                    let mut ballot: Vec<usize> = (0..5)
                        .map(|_| {
                            (random.below(projects) * random.below(projects) / projects) as usize
                        })
                        .collect();
                    ballot.sort_unstable();
                    ballot.dedup();
                    ballot
                })
                .collect(),
        };
        let outcome = equal_shares_within(&e, CHECK_STEPS / 5).expect("within the limit");
        assert!(outcome.winners.len() > 10);
    }

    /// A project dearer than the budget does not keep the completion going.
    #[test]
    fn a_project_dearer_than_the_budget_ends_the_completion() {
        let e = election(
            3.0,
            &[("a", 1), ("b", 9_000_000_000)],
            &[&["a", "b"], &["b"], &["b"]],
        );
        assert_eq!(winner_ids(&e, &equal_shares(&e)), ["a"]);
    }

    /// The jumps end where the one-unit steps of the Pabulib checker end,
    /// on a few thousand small random elections.
    #[test]
    fn jumping_ends_where_stepping_ends() {
        let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let projects: Vec<(String, u64)> = (0..random.below(7) + 1)
                .map(|p| (format!("p{p}"), random.below(60) + 1))
                .collect();
            let ballots: Vec<Vec<usize>> = (0..random.below(9) + 1)
                .map(|_| {
                    (0..projects.len())
                        .filter(|_| random.below(3) == 0)
                        .collect()
                })
                .collect();
            let e = Election {
                budget: (random.below(150) + 1) as f64,
                projects: projects
                    .iter()
                    .map(|(id, cost)| super::super::Project {
                        id: id.clone(),
                        cost: *cost,
                    })
                    .collect(),
                ballots,
            };
            let approvers = approvers(&e);
            let rank = ranks(&e, &e.votes());
            let work = Work::new(u64::MAX);
            let jumped = raised_until_full(&e, &approvers, &work, |total| {
                fixed_budget(&e, &approvers, &rank, total, &work)
            });
            let stepped = stepped(&e, &approvers, &rank);
            // The money left is what the verdicts report.
            assert_eq!(
                (&jumped.winners, &jumped.money),
                (&stepped.winners, &stepped.money),
                "{e:?}"
            );
        }
    }

    /// The Pabulib checker's completion, one unit per voter at a time.
    fn stepped(e: &Election, approvers: &[Vec<usize>], rank: &[usize]) -> Run {
        let voters = e.ballots.len() as f64;
        let eligible = (0..e.projects.len())
            .filter(|&p| {
                let cost = e.projects[p].cost;
                cost > 0 && cost as f64 <= e.budget && !approvers[p].is_empty()
            })
            .count();
        let work = Work::new(u64::MAX);
        let mut run = fixed_budget(e, approvers, rank, e.budget, &work);
        let mut total = (e.budget / voters).floor() * voters;
        while run.winners.len() < eligible {
            let next = fixed_budget(e, approvers, rank, total + voters, &work);
            if e.cost_of(&next.winners) as f64 > e.budget {
                break;
            }
            total += voters;
            run = next;
        }
        run
    }

    struct Xorshift(u64);

    impl Xorshift {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
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
