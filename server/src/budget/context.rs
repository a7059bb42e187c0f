//! One cycle with what every request about it needs: the city's
//! districts, the sub-budgets and the phase running now.

use chrono::{DateTime, Utc};
use shared::{
    budget::{Phase, PhaseKind, SubBudget},
    city::District,
};

use super::{
    settings::{self, phase_name},
    store::{self, CycleRow},
};
use crate::{
    city,
    db::Db,
    error::{Error, Result},
};

pub struct CycleContext {
    pub row: CycleRow,
    pub city: String,
    pub districts: Vec<District>,
    pub now: DateTime<Utc>,
}

impl CycleContext {
    pub async fn load(db: &Db, number: u64) -> Result<Self> {
        let row = store::cycle(db, number).await?.ok_or_else(|| {
            Error::NotFound(format!(
                "Einen Bürgerhaushalt mit der Nummer {number} gibt es nicht."
            ))
        })?;
        let (city, districts) = city_and_districts(db).await?;
        Ok(Self {
            row,
            city,
            districts,
            now: Utc::now(),
        })
    }

    pub fn number(&self) -> u64 {
        self.row.number
    }

    pub fn phase(&self) -> Option<PhaseKind> {
        settings::current_phase(&self.row.settings.phases, self.now)
    }

    pub fn has_begun(&self, kind: PhaseKind) -> bool {
        settings::has_begun(&self.row.settings.phases, kind, self.now)
    }

    pub fn budgets(&self) -> Vec<SubBudget> {
        settings::sub_budgets(&self.row.settings, &self.districts)
    }

    /// Counts are public unless hidden until the pre-selection ends.
    pub fn counts_public(&self) -> bool {
        !self.row.settings.hide_counts || self.has_begun(PhaseKind::Ballot)
    }

    /// Refuses with a sentence that names the phase and its dates.
    pub fn require_phase(&self, kind: PhaseKind, what: &str) -> Result<()> {
        if self.phase() == Some(kind) {
            return Ok(());
        }
        let window = self
            .row
            .settings
            .phases
            .iter()
            .find(|p| p.kind == kind)
            .map(dates)
            .unwrap_or_default();
        Err(Error::Conflict(format!(
            "{what} ist nur in der Phase „{}“ möglich{window}.",
            phase_name(kind)
        )))
    }

    pub fn district_name(&self, key: &str) -> Option<&str> {
        self.districts
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.name.as_str())
    }
}

fn dates(phase: &Phase) -> String {
    let day = |text: &str| {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.format("%d.%m.%Y").to_string())
            .unwrap_or_default()
    };
    format!(" ({} bis {})", day(&phase.starts), day(&phase.ends))
}

pub async fn city_and_districts(db: &Db) -> Result<(String, Vec<District>)> {
    let city = city::load(db).await?.ok_or_else(|| {
        Error::Conflict("Für diese Installation ist noch keine Stadt eingerichtet.".into())
    })?;
    Ok((city.name, city.districts))
}
