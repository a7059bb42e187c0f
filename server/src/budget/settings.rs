//! A cycle's settings as staff enter them, checked once (parse, don't
//! validate), and what follows from them: the sub-budgets and the phase
//! that is running.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use shared::{
    budget::{
        BallotStyle, CycleSettings, DistrictBudgets, Phase, PhaseKind, Preselection, SubBudget,
    },
    city::District,
};

use crate::error::{Error, Result};

const TITLE_CHARS: std::ops::RangeInclusive<usize> = 3..=120;
const DESCRIPTION_MAX_CHARS: usize = 20_000;
const CATEGORY_MAX_CHARS: usize = 60;
const MAX_CATEGORIES: usize = 30;
const MAX_PROPOSAL_LIMIT: u32 = 1000;
/// How long a phase lasts when starting it early leaves it no time.
const DEFAULT_PHASE_DAYS: i64 = 14;

/// The label of the city-wide budget in results and exports.
pub const CITY_WIDE: &str = "city-wide";

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidInput(message.into())
}

/// Checks settings and writes their times in one form (UTC, seconds).
pub fn checked(mut settings: CycleSettings, districts: &[District]) -> Result<CycleSettings> {
    settings.title = settings.title.trim().to_owned();
    if !TITLE_CHARS.contains(&settings.title.chars().count()) {
        return Err(invalid(format!(
            "Der Titel muss {} bis {} Zeichen lang sein.",
            TITLE_CHARS.start(),
            TITLE_CHARS.end()
        )));
    }
    if settings.description.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(invalid(format!(
            "Die Beschreibung darf höchstens {DESCRIPTION_MAX_CHARS} Zeichen lang sein."
        )));
    }
    settings.categories = settings
        .categories
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    let mut seen = std::collections::HashSet::new();
    settings.categories.retain(|c| seen.insert(c.clone()));
    if settings.categories.is_empty() || settings.categories.len() > MAX_CATEGORIES {
        return Err(invalid(format!(
            "Bitte geben Sie 1 bis {MAX_CATEGORIES} Kategorien an."
        )));
    }
    if let Some(long) = settings
        .categories
        .iter()
        .find(|c| c.chars().count() > CATEGORY_MAX_CHARS)
    {
        return Err(invalid(format!(
            "Die Kategorie „{long}“ ist länger als {CATEGORY_MAX_CHARS} Zeichen."
        )));
    }
    settings.phases = checked_phases(&settings.phases)?;
    if !(1..=MAX_PROPOSAL_LIMIT).contains(&settings.proposal_limit) {
        return Err(invalid(format!(
            "Die Zahl der Vorschläge pro Person muss zwischen 1 und {MAX_PROPOSAL_LIMIT} liegen."
        )));
    }
    match settings.preselection {
        Preselection::Supports {
            max_per_person: 0, ..
        } => {
            return Err(invalid(
                "Jede Person muss mindestens eine Unterstützung vergeben können.",
            ));
        }
        Preselection::Rating { best_list: 0 } => {
            return Err(invalid(
                "Die Bestenliste muss mindestens einen Vorschlag umfassen.",
            ));
        }
        _ => {}
    }
    match settings.ballot {
        BallotStyle::Knapsack { min_spend_percent } if min_spend_percent > 100 => {
            return Err(invalid("Der Mindestanteil darf höchstens 100 % betragen."));
        }
        BallotStyle::Approval { max_choices: 0 } => {
            return Err(invalid(
                "Auf dem Stimmzettel muss mindestens ein Projekt wählbar sein.",
            ));
        }
        _ => {}
    }
    if let DistrictBudgets::Manual { amounts } = &settings.districts {
        for amount in amounts {
            if !districts.iter().any(|d| d.key == amount.district) {
                return Err(invalid(format!(
                    "Den Stadtbezirk „{}“ gibt es nicht.",
                    amount.district
                )));
            }
        }
    }
    if sub_budgets(&settings, districts)
        .iter()
        .all(|b| b.amount == 0)
    {
        return Err(invalid("Das Budget muss größer als 0 € sein."));
    }
    Ok(settings)
}

/// All six phases in their order, each ending where the next starts.
fn checked_phases(phases: &[Phase]) -> Result<Vec<Phase>> {
    if phases.len() != PhaseKind::ALL.len()
        || phases.iter().zip(PhaseKind::ALL).any(|(p, k)| p.kind != k)
    {
        return Err(invalid(
            "Ein Zyklus hat genau sechs Phasen in dieser Reihenfolge: Vorschläge, Prüfung, Unterstützung, Abstimmung, Ergebnis, Umsetzung.",
        ));
    }
    let mut checked = Vec::with_capacity(phases.len());
    let mut previous_end: Option<DateTime<Utc>> = None;
    for phase in phases {
        let starts = parse_time(&phase.starts)?;
        let ends = parse_time(&phase.ends)?;
        // A phase may be empty: staff skipped it by starting the next one.
        if ends < starts {
            return Err(invalid(format!(
                "Die Phase „{}“ darf nicht vor ihrem Beginn enden.",
                phase_name(phase.kind)
            )));
        }
        if previous_end.is_some_and(|end| end != starts) {
            return Err(invalid(format!(
                "Die Phase „{}“ muss genau dann beginnen, wenn die vorige endet.",
                phase_name(phase.kind)
            )));
        }
        previous_end = Some(ends);
        checked.push(Phase {
            kind: phase.kind,
            starts: format_time(starts),
            ends: format_time(ends),
        });
    }
    Ok(checked)
}

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

fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            invalid(format!(
                "„{text}“ ist keine Zeitangabe der Form 2027-03-01T00:00:00+01:00."
            ))
        })
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
mod tests {
    use super::*;

    fn district(key: &str, population: u64) -> District {
        District {
            key: key.into(),
            name: key.to_uppercase(),
            population,
        }
    }

    fn phases_from(start: DateTime<Utc>) -> Vec<Phase> {
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
    fn phases_must_follow_each_other_without_gaps() {
        let start = Utc::now();
        let mut phases = phases_from(start);
        assert!(checked_phases(&phases).is_ok());
        phases[2].starts = format_time(start + Duration::days(21));
        let err = checked_phases(&phases).unwrap_err();
        assert!(err.to_string().contains("Unterstützung"), "{err}");
        phases.swap(0, 1);
        assert!(checked_phases(&phases).is_err());
    }

    #[test]
    fn advancing_ends_the_running_phase_now() {
        let start = Utc::now() - Duration::days(5);
        let phases = phases_from(start);
        let now = Utc::now();
        assert_eq!(current_phase(&phases, now), Some(PhaseKind::Proposals));
        let moved = advance(&phases, now).unwrap();
        assert_eq!(current_phase(&moved, now), Some(PhaseKind::Review));
        assert!(checked_phases(&moved).is_ok());
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
