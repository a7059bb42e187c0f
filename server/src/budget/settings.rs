//! What follows from a cycle's settings: the sub-budgets, the phase that is
//! running, and moving on to the next phase. The settings are checked where
//! they come in (`validate`).

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use shared::{
    budget::{CycleSettings, DistrictBudgets, Phase, PhaseKind, SubBudget},
    city::District,
};

use super::validate::parse_time;
use crate::error::{Error, Result};

/// How long a phase lasts when starting it early leaves it no time.
const DEFAULT_PHASE_DAYS: i64 = 14;

/// The label of the city-wide budget in results and exports.
pub const CITY_WIDE: &str = "city-wide";

pub fn phase_name(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Proposals => "Vorschläge",
        PhaseKind::Review => "Prüfung",
        PhaseKind::Preselection => "Unterstützung",
        PhaseKind::Ballot => "Abstimmung",
        PhaseKind::Results => "Ergebnis",
        PhaseKind::Implementation => "Umsetzung",
    }
}

pub fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// City-wide first, then each district in the city's order; districts
/// without money are left out.
pub fn sub_budgets(settings: &CycleSettings, districts: &[District]) -> Vec<SubBudget> {
    let mut budgets = vec![SubBudget {
        district: None,
        name: CITY_WIDE.to_owned(),
        amount: settings.city_wide_amount,
    }];
    let amounts: Vec<u64> = match &settings.districts {
        DistrictBudgets::None => vec![0; districts.len()],
        DistrictBudgets::Manual { amounts } => districts
            .iter()
            .map(|d| {
                amounts
                    .iter()
                    .filter(|a| a.district == d.key)
                    .map(|a| a.amount)
                    .sum()
            })
            .collect(),
        DistrictBudgets::Population { pool } => by_population(*pool, districts),
    };
    budgets.extend(
        districts
            .iter()
            .zip(amounts)
            .filter(|(_, amount)| *amount > 0)
            .map(|(d, amount)| SubBudget {
                district: Some(d.key.clone()),
                name: d.name.clone(),
                amount,
            }),
    );
    budgets
}

/// `pool` in proportion to population, whole euros, summing exactly to
/// `pool`: the euros that rounding down leaves go to the largest remainders.
fn by_population(pool: u64, districts: &[District]) -> Vec<u64> {
    let people: u128 = districts.iter().map(|d| u128::from(d.population)).sum();
    if people == 0 {
        return vec![0; districts.len()];
    }
    let exact: Vec<(u64, u128)> = districts
        .iter()
        .map(|d| {
            let share = u128::from(pool) * u128::from(d.population);
            ((share / people) as u64, share % people)
        })
        .collect();
    let mut amounts: Vec<u64> = exact.iter().map(|(a, _)| *a).collect();
    let mut left = pool - amounts.iter().sum::<u64>();
    let mut by_remainder: Vec<usize> = (0..districts.len()).collect();
    by_remainder.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        amounts[i] += 1;
        left -= 1;
    }
    amounts
}

/// The phase running at `now`, if any.
pub fn current_phase(phases: &[Phase], now: DateTime<Utc>) -> Option<PhaseKind> {
    phases.iter().find_map(|p| {
        let (starts, ends) = (parse_time(&p.starts).ok()?, parse_time(&p.ends).ok()?);
        (starts <= now && now < ends).then_some(p.kind)
    })
}

/// Whether the phase `kind` has begun by `now`.
pub fn has_begun(phases: &[Phase], kind: PhaseKind, now: DateTime<Utc>) -> bool {
    phases
        .iter()
        .find(|p| p.kind == kind)
        .and_then(|p| parse_time(&p.starts).ok())
        .is_some_and(|starts| starts <= now)
}

/// Ends the running phase now and starts the next one; before the first
/// phase, starts it. Later phases keep their dates unless they would end
/// before they start.
pub fn advance(phases: &[Phase], now: DateTime<Utc>) -> Result<Vec<Phase>> {
    let next = match current_phase(phases, now) {
        Some(kind) => PhaseKind::ALL
            .iter()
            .position(|k| *k == kind)
            .map(|i| i + 1),
        None if !has_begun(phases, PhaseKind::Proposals, now) => Some(0),
        None => None,
    }
    .filter(|&i| i < phases.len())
    .ok_or_else(|| {
        Error::Conflict("Der Zyklus ist abgeschlossen; es gibt keine nächste Phase.".into())
    })?;
    let mut phases = phases.to_vec();
    let now_text = format_time(now);
    if next > 0 {
        phases[next - 1].ends = now_text.clone();
    }
    phases[next].starts = now_text;
    let mut end = now;
    for phase in &mut phases[next..] {
        let starts = parse_time(&phase.starts)?.max(end);
        let ends = parse_time(&phase.ends)?;
        let ends = if ends <= starts {
            starts + Duration::days(DEFAULT_PHASE_DAYS)
        } else {
            ends
        };
        phase.starts = format_time(starts);
        phase.ends = format_time(ends);
        end = ends;
    }
    Ok(phases)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn district(key: &str, population: u64) -> District {
        District {
            key: key.into(),
            name: key.to_uppercase(),
            population,
        }
    }

    pub(in crate::budget) fn phases_from(start: DateTime<Utc>) -> Vec<Phase> {
        PhaseKind::ALL
            .iter()
            .enumerate()
            .map(|(i, kind)| Phase {
                kind: *kind,
                starts: format_time(start + Duration::days(10 * i as i64)),
                ends: format_time(start + Duration::days(10 * (i as i64 + 1))),
            })
            .collect()
    }

    #[test]
    fn population_shares_add_up_to_the_pool() {
        let amounts = by_population(100, &[district("a", 1), district("b", 1), district("c", 1)]);
        assert_eq!(amounts, [34, 33, 33]);
        let amounts = by_population(
            600_000,
            &[
                district("a", 120_000),
                district("b", 60_000),
                district("c", 20_000),
            ],
        );
        assert_eq!(amounts, [360_000, 180_000, 60_000]);
    }

    #[test]
    fn advancing_ends_the_running_phase_now() {
        let start = Utc::now() - Duration::days(5);
        let phases = phases_from(start);
        let now = Utc::now();
        assert_eq!(current_phase(&phases, now), Some(PhaseKind::Proposals));
        let moved = advance(&phases, now).unwrap();
        assert_eq!(current_phase(&moved, now), Some(PhaseKind::Review));
        assert!(super::super::validate::checked_phases(&moved).is_ok());
        assert_eq!(moved[5].ends, phases[5].ends);
    }

    #[test]
    fn advancing_before_the_start_opens_the_first_phase() {
        let phases = phases_from(Utc::now() + Duration::days(3));
        let now = Utc::now();
        assert_eq!(current_phase(&phases, now), None);
        let moved = advance(&phases, now).unwrap();
        assert_eq!(current_phase(&moved, now), Some(PhaseKind::Proposals));
    }
}
