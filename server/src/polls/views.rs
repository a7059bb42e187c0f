//! Stored polls as their readers see them: the phase on the server's
//! clock, whether results may be shown, and whether the reader may vote.

use chrono::{DateTime, Utc};
use shared::{
    city::District,
    polls::{Poll, PollPhase, PollSummary, ResultsShown, Standing},
};

use super::store::PollRow;
use crate::{accounts::Actor, clock};

pub fn phase(row: &PollRow, now: DateTime<Utc>) -> PollPhase {
    let at = |stored: &str| clock::parse(stored).unwrap_or(DateTime::<Utc>::MAX_UTC);
    if now < at(&row.opens_at) {
        PollPhase::Upcoming
    } else if now < at(&row.closes_at) {
        PollPhase::Open
    } else {
        PollPhase::Closed
    }
}

/// Live results are shown from the opening; all others after the close.
pub fn results_available(row: &PollRow, phase: PollPhase) -> bool {
    match row.results {
        ResultsShown::Live => phase != PollPhase::Upcoming,
        ResultsShown::AfterClose => phase == PollPhase::Closed,
    }
}

/// Whether `viewer`, who has or has not voted, may vote in this poll.
pub fn standing(
    row: &PollRow,
    viewer: Option<&Actor>,
    voted: bool,
    districts: &[District],
) -> Standing {
    let Some(viewer) = viewer else {
        return Standing::SignInNeeded;
    };
    if voted {
        return Standing::AlreadyVoted;
    }
    match &row.district {
        Some(key) if viewer.account.district.as_ref() != Some(key) => {
            let name = |key: &str| district_name(districts, key).unwrap_or_else(|| key.to_owned());
            let declared = match &viewer.account.district {
                Some(own) => format!("Sie haben „{}“ als Wohnort angegeben.", name(own)),
                None => "Sie haben noch keinen Stadtbezirk als Wohnort angegeben.".to_owned(),
            };
            Standing::NotEligible {
                reason: format!(
                    "Hier stimmen Menschen ab, die im Stadtbezirk „{}“ wohnen. {declared} Ihren Wohnort ändern Sie unter „Mein Konto“.",
                    name(key)
                ),
            }
        }
        _ => Standing::Eligible,
    }
}

pub fn district_name(districts: &[District], key: &str) -> Option<String> {
    districts
        .iter()
        .find(|d| d.key == key)
        .map(|d| d.name.clone())
}

pub fn poll(
    row: PollRow,
    now: DateTime<Utc>,
    ballots: u64,
    standing: Standing,
    districts: &[District],
) -> Poll {
    let phase = phase(&row, now);
    Poll {
        number: row.number,
        description_html: shared::markdown::render(&row.description),
        district_name: row
            .district
            .as_deref()
            .and_then(|k| district_name(districts, k)),
        opens_at: clock::german_iso(&row.opens_at),
        closes_at: clock::german_iso(&row.closes_at),
        results_available: results_available(&row, phase),
        title: row.title,
        description: row.description,
        district: row.district,
        results: row.results,
        questions: row.questions,
        phase,
        ballots,
        standing,
    }
}

pub fn summary(
    row: &PollRow,
    now: DateTime<Utc>,
    ballots: u64,
    districts: &[District],
) -> PollSummary {
    PollSummary {
        number: row.number,
        title: row.title.clone(),
        district_name: row
            .district
            .as_deref()
            .and_then(|k| district_name(districts, k)),
        opens_at: clock::german_iso(&row.opens_at),
        closes_at: clock::german_iso(&row.closes_at),
        phase: phase(row, now),
        ballots,
    }
}
