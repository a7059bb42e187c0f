//! Whether a ballot is valid under the cycle's rules.

use std::collections::HashSet;

use shared::budget::{Ballot, BallotStyle, SubBudget};

use super::store::ProposalRow;
use crate::error::{Error, Result};

/// Checks `ballot` against the projects on the ballot; duplicates are
/// removed and the choices sorted.
pub fn checked(
    mut ballot: Ballot,
    style: BallotStyle,
    budgets: &[SubBudget],
    on_ballot: &[&ProposalRow],
) -> Result<Ballot> {
    for choices in [&mut ballot.city_wide, &mut ballot.district_projects] {
        choices.sort_unstable();
        choices.dedup();
    }
    if ballot.district.is_none() && !ballot.district_projects.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte wählen Sie den Stadtbezirk, in dem Sie abstimmen.".into(),
        ));
    }
    let city_wide = budgets
        .iter()
        .find(|b| b.district.is_none())
        .ok_or_else(|| Error::Internal("cycle without a city-wide budget".into()))?;
    check_part(&ballot.city_wide, None, city_wide, style, on_ballot)?;
    if let Some(district) = &ballot.district {
        let budget = budgets
            .iter()
            .find(|b| b.district.as_ref() == Some(district))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "Im Stadtbezirk „{district}“ wird in diesem Bürgerhaushalt nicht abgestimmt."
                ))
            })?;
        check_part(
            &ballot.district_projects,
            Some(district),
            budget,
            style,
            on_ballot,
        )?;
    }
    if ballot.city_wide.is_empty() && ballot.district_projects.is_empty() {
        return Err(Error::InvalidInput(
            "Der Stimmzettel ist leer. Bitte wählen Sie mindestens ein Projekt.".into(),
        ));
    }
    Ok(ballot)
}

fn check_part(
    chosen: &[u64],
    district: Option<&String>,
    budget: &SubBudget,
    style: BallotStyle,
    on_ballot: &[&ProposalRow],
) -> Result<()> {
    let allowed: HashSet<u64> = on_ballot
        .iter()
        .filter(|p| p.district.as_ref() == district)
        .map(|p| p.number)
        .collect();
    if let Some(stray) = chosen.iter().find(|n| !allowed.contains(n)) {
        return Err(Error::InvalidInput(format!(
            "Vorschlag {stray} steht in {} nicht zur Wahl.",
            where_(budget)
        )));
    }
    if chosen.is_empty() {
        return Ok(());
    }
    match style {
        BallotStyle::Knapsack { min_spend_percent } => {
            let total: u64 = on_ballot
                .iter()
                .filter(|p| chosen.contains(&p.number))
                .map(|p| p.cost())
                .sum();
            if total > budget.amount {
                return Err(Error::InvalidInput(format!(
                    "Die gewählten Projekte {} kosten {} €, das Budget beträgt {} €.",
                    where_(budget),
                    total,
                    budget.amount
                )));
            }
            let minimum = budget.amount * u64::from(min_spend_percent) / 100;
            if total < minimum {
                return Err(Error::InvalidInput(format!(
                    "Bitte verteilen Sie {} mindestens {min_spend_percent} % des Budgets ({minimum} €); gewählt sind {total} €.",
                    where_(budget)
                )));
            }
        }
        BallotStyle::Approval { max_choices } => {
            if chosen.len() > max_choices as usize {
                return Err(Error::InvalidInput(format!(
                    "Sie können {} höchstens {max_choices} Projekte wählen.",
                    where_(budget)
                )));
            }
        }
    }
    Ok(())
}

fn where_(budget: &SubBudget) -> String {
    match &budget.district {
        None => "im stadtweiten Budget".to_owned(),
        Some(_) => format!("im Stadtbezirk {}", budget.name),
    }
}

#[cfg(test)]
mod tests {
    use shared::budget::ProposalStatus;

    use super::*;

    fn project(number: u64, district: Option<&str>, cost: u64) -> ProposalRow {
        ProposalRow {
            number,
            cycle: 1,
            author: None,
            title: format!("Projekt {number}"),
            description: String::new(),
            category: "Verkehr".into(),
            district: district.map(str::to_owned),
            location: None,
            estimated_cost: cost,
            status: ProposalStatus::Feasible,
            review: None,
            merged_into: None,
            council_paper: None,
            milestones: Vec::new(),
            created_at: String::new(),
        }
    }

    fn budgets() -> Vec<SubBudget> {
        vec![
            SubBudget {
                district: None,
                name: "city-wide".into(),
                amount: 100,
            },
            SubBudget {
                district: Some("nord".into()),
                name: "Nord".into(),
                amount: 50,
            },
        ]
    }

    fn ballot(city_wide: &[u64], district: Option<&str>, local: &[u64]) -> Ballot {
        Ballot {
            city_wide: city_wide.to_vec(),
            district: district.map(str::to_owned),
            district_projects: local.to_vec(),
        }
    }

    fn check(b: Ballot, style: BallotStyle) -> Result<Ballot> {
        let rows = [
            project(1, None, 60),
            project(2, None, 50),
            project(3, Some("nord"), 30),
            project(4, Some("nord"), 30),
        ];
        let on_ballot: Vec<&ProposalRow> = rows.iter().collect();
        checked(b, style, &budgets(), &on_ballot)
    }

    const KNAPSACK: BallotStyle = BallotStyle::Knapsack {
        min_spend_percent: 0,
    };

    #[test]
    fn knapsack_ballots_fit_each_budget() {
        assert!(check(ballot(&[1], Some("nord"), &[3]), KNAPSACK).is_ok());
        let err = check(ballot(&[1, 2], None, &[]), KNAPSACK).unwrap_err();
        assert!(err.to_string().contains("110 €"), "{err}");
        assert!(check(ballot(&[], Some("nord"), &[3, 4]), KNAPSACK).is_err());
        let at_least_half = BallotStyle::Knapsack {
            min_spend_percent: 50,
        };
        assert!(check(ballot(&[], Some("nord"), &[3]), at_least_half).is_ok());
        assert!(check(ballot(&[1], None, &[]), at_least_half).is_ok());
        let most = BallotStyle::Knapsack {
            min_spend_percent: 70,
        };
        assert!(check(ballot(&[2], None, &[]), most).is_err());
    }

    #[test]
    fn approval_ballots_count_choices_per_budget() {
        let one = BallotStyle::Approval { max_choices: 1 };
        assert!(check(ballot(&[1], Some("nord"), &[3]), one).is_ok());
        assert!(check(ballot(&[1, 2], None, &[]), one).is_err());
    }

    #[test]
    fn projects_belong_to_their_budget_and_duplicates_collapse() {
        assert!(check(ballot(&[3], None, &[]), KNAPSACK).is_err());
        assert!(check(ballot(&[], Some("nord"), &[1]), KNAPSACK).is_err());
        assert!(check(ballot(&[], None, &[3]), KNAPSACK).is_err());
        assert!(check(ballot(&[], Some("west"), &[3]), KNAPSACK).is_err());
        assert!(check(ballot(&[], None, &[]), KNAPSACK).is_err());
        let cleaned = check(ballot(&[2, 2], None, &[]), KNAPSACK).unwrap();
        assert_eq!(cleaned.city_wide, [2]);
    }
}
