//! From the stored ballots to results: one election per (sub-)budget,
//! computed by the cycle's rule, and the same elections as Pabulib files.

use shared::budget::{
    Ballot, BallotStyle, BudgetResult, CycleSettings, PhaseKind, ProjectOutcome, ProjectResult,
    ResultRule, SubBudget,
};

use super::{
    pabulib::{PbFile, PbProject},
    rules::{self, Election, Outcome, Project, Verdict},
    settings::CITY_WIDE,
    store::ProposalRow,
};

/// The election of one (sub-)budget.
pub struct Part<'a> {
    pub budget: &'a SubBudget,
    pub projects: Vec<&'a ProposalRow>,
    pub election: Election,
}

/// One part per (sub-)budget. A ballot counts in a part where it chose at
/// least one project.
pub fn parts<'a>(
    budgets: &'a [SubBudget],
    on_ballot: &[&'a ProposalRow],
    ballots: &[Ballot],
) -> Vec<Part<'a>> {
    budgets
        .iter()
        .map(|budget| {
            let mut projects: Vec<&ProposalRow> = on_ballot
                .iter()
                .copied()
                .filter(|p| p.district == budget.district)
                .collect();
            projects.sort_by_key(|p| p.number);
            let index = |n: &u64| projects.iter().position(|p| p.number == *n);
            let chosen = ballots.iter().filter_map(|ballot| match &budget.district {
                None => Some(&ballot.city_wide),
                Some(district) => (ballot.district.as_ref() == Some(district))
                    .then_some(&ballot.district_projects),
            });
            let ballots = chosen
                .map(|numbers| numbers.iter().filter_map(index).collect::<Vec<_>>())
                .filter(|ballot| !ballot.is_empty())
                .collect();
            let election = Election {
                budget: budget.amount as f64,
                projects: projects
                    .iter()
                    .map(|p| Project {
                        id: p.number.to_string(),
                        cost: p.cost(),
                    })
                    .collect(),
                ballots,
            };
            Part {
                budget,
                projects,
                election,
            }
        })
        .collect()
}

pub fn outcome(election: &Election, rule: ResultRule) -> Outcome {
    match rule {
        ResultRule::Greedy => rules::greedy(election),
        ResultRule::Mes => rules::equal_shares(election),
    }
}

pub fn result(part: &Part, outcome: &Outcome, pabulib: String) -> BudgetResult {
    let votes = part.election.votes();
    BudgetResult {
        district: part.budget.name.clone(),
        district_key: part.budget.district.clone(),
        amount: part.budget.amount,
        pabulib,
        winners: outcome
            .winners
            .iter()
            .map(|&p| part.election.projects[p].id.clone())
            .collect(),
        spent: outcome.spent,
        voters: part.election.ballots.len() as u64,
        projects: part
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| ProjectResult {
                id: p.number.to_string(),
                title: p.title.clone(),
                cost: p.cost(),
                votes: votes[i],
                outcome: project_outcome(outcome.verdicts[i]),
            })
            .collect(),
    }
}

fn project_outcome(verdict: Verdict) -> ProjectOutcome {
    match verdict {
        Verdict::Won => ProjectOutcome::Won,
        Verdict::WonInCompletion => ProjectOutcome::WonInCompletion,
        Verdict::Missed { euros, votes } => ProjectOutcome::Missed { euros, votes },
        Verdict::SupportersShort { supporters_money } => ProjectOutcome::SupportersShort {
            supporters_money: supporters_money.floor() as u64,
        },
        Verdict::NoVotes => ProjectOutcome::NoVotes,
    }
}

/// The name of a part in file names and URLs.
pub fn file_key(budget: &SubBudget) -> &str {
    budget.district.as_deref().unwrap_or(CITY_WIDE)
}

/// The part as a Pabulib file: voter ids are positions in the random token
/// order, `selected` follows the cycle's own rule.
pub fn pabulib(part: &Part, settings: &CycleSettings, city: &str, outcome: &Outcome) -> PbFile {
    let ballot_phase = settings.phases.iter().find(|p| p.kind == PhaseKind::Ballot);
    let date = |text: Option<&String>| {
        text.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.format("%d.%m.%Y").to_string())
            .unwrap_or_default()
    };
    let mut meta = vec![
        (
            "description".to_owned(),
            format!("{} – {}", settings.title, part.budget.name),
        ),
        ("country".to_owned(), "Germany".to_owned()),
        ("unit".to_owned(), city.to_owned()),
    ];
    if part.budget.district.is_some() {
        meta.push(("subunit".to_owned(), part.budget.name.clone()));
    }
    meta.extend([
        ("instance".to_owned(), settings.title.clone()),
        ("num_projects".to_owned(), part.projects.len().to_string()),
        (
            "num_votes".to_owned(),
            part.election.ballots.len().to_string(),
        ),
        ("budget".to_owned(), part.budget.amount.to_string()),
        ("vote_type".to_owned(), "approval".to_owned()),
        (
            "rule".to_owned(),
            match settings.result_rule {
                ResultRule::Greedy => "greedy",
                ResultRule::Mes => "equalshares",
            }
            .to_owned(),
        ),
        (
            "date_begin".to_owned(),
            date(ballot_phase.map(|p| &p.starts)),
        ),
        ("date_end".to_owned(), date(ballot_phase.map(|p| &p.ends))),
        ("language".to_owned(), "de".to_owned()),
        ("currency".to_owned(), "EUR".to_owned()),
        ("min_length".to_owned(), "1".to_owned()),
    ]);
    match settings.ballot {
        BallotStyle::Knapsack { min_spend_percent } => {
            meta.push(("max_sum_cost".to_owned(), part.budget.amount.to_string()));
            if min_spend_percent > 0 {
                meta.push((
                    "min_sum_cost".to_owned(),
                    (part.budget.amount * u64::from(min_spend_percent) / 100).to_string(),
                ));
            }
        }
        BallotStyle::Approval { max_choices } => {
            meta.push(("max_length".to_owned(), max_choices.to_string()));
        }
    }
    PbFile {
        meta,
        projects: part
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| PbProject {
                id: p.number.to_string(),
                cost: p.cost(),
                name: p.title.clone(),
                category: p.category.clone(),
                selected: Some(outcome.winners.contains(&i)),
            })
            .collect(),
        votes: part
            .election
            .ballots
            .iter()
            .enumerate()
            .map(|(voter, ballot)| {
                (
                    (voter + 1).to_string(),
                    ballot
                        .iter()
                        .map(|&p| part.election.projects[p].id.clone())
                        .collect(),
                )
            })
            .collect(),
    }
}
