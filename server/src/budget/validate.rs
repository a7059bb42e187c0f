//! A cycle's settings as staff enter them, checked once (parse, don't
//! validate): the texts' lengths, the categories, the sub-budgets and six
//! phases that follow each other without gaps.

use chrono::{DateTime, Utc};
use shared::{
    budget::{BallotStyle, CycleSettings, DistrictBudgets, Phase, PhaseKind, Preselection},
    city::District,
};

use super::settings::{format_time, phase_name, sub_budgets};
use crate::error::{Error, Result};

const TITLE_CHARS: std::ops::RangeInclusive<usize> = 3..=120;
const DESCRIPTION_MAX_CHARS: usize = 20_000;
const CATEGORY_MAX_CHARS: usize = 60;
const MAX_CATEGORIES: usize = 30;
const MAX_PROPOSAL_LIMIT: u32 = 1000;
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
pub(super) fn checked_phases(phases: &[Phase]) -> Result<Vec<Phase>> {
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

pub(super) fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            invalid(format!(
                "„{text}“ ist keine Zeitangabe der Form 2027-03-01T00:00:00+01:00."
            ))
        })
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::{super::settings::tests::phases_from, *};

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
}
