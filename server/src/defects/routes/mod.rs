//! The routes of the Mängelmelder, one file per area.

mod exports;
mod photos;
mod reports;
mod staff;

use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use shared::defects::DefectStatus;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;

use super::{store::Selection, views::Catalogue};
use crate::{
    error::{Error, Result},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(reports::router())
        .merge(photos::router())
        .merge(staff::router())
        .merge(exports::router())
}

/// The filters of the public list, the map, the exports and the staff inbox.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// Category codes, comma-separated.
    category: Option<String>,
    /// Departments, comma-separated.
    department: Option<String>,
    /// Statuses (`neu`, `in_pruefung`, …), comma-separated; `offen` and
    /// `abgeschlossen` stand for all open or all closed ones.
    status: Option<String>,
    /// Reported on or after this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// Reported on or before this day (`YYYY-MM-DD`).
    until: Option<String>,
    /// Only open reports past their expected processing time.
    #[serde(default)]
    overdue: bool,
}

fn list(value: &Option<String>) -> Vec<String> {
    value
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn statuses(value: &Option<String>) -> Result<Vec<DefectStatus>> {
    let mut statuses = Vec::new();
    for key in list(value) {
        match key.as_str() {
            "offen" | "open" => {
                statuses.extend(DefectStatus::ALL.into_iter().filter(|s| s.is_open()))
            }
            "abgeschlossen" | "closed" => {
                statuses.extend(DefectStatus::ALL.into_iter().filter(|s| !s.is_open()))
            }
            other => statuses.push(DefectStatus::from_key(other).ok_or_else(|| {
                Error::InvalidInput(format!(
                    "Den Status „{other}“ gibt es nicht. Möglich sind: offen, abgeschlossen, {}.",
                    DefectStatus::ALL.map(DefectStatus::key).join(", ")
                ))
            })?),
        }
    }
    Ok(statuses)
}

/// Midnight at the start of a day in German time, as RFC 3339.
fn day_start(value: &Option<String>, days_later: u64, name: &str) -> Result<Option<String>> {
    let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        Error::InvalidInput(format!(
            "„{name}“ braucht ein Datum wie 2026-11-27, nicht „{value}“."
        ))
    })? + chrono::Days::new(days_later);
    Ok(Some(crate::clock::german_midnight(day).to_rfc3339()))
}

impl ReportFilter {
    fn selection(&self, include_hidden: bool, catalogue: &Catalogue) -> Result<Selection> {
        Ok(Selection {
            overdue: self.overdue.then(|| catalogue.overdue(Utc::now())),
            statuses: statuses(&self.status)?,
            categories: list(&self.category),
            departments: list(&self.department),
            created_from: day_start(&self.from, 0, "from")?,
            created_until: day_start(&self.until, 1, "until")?,
            include_hidden,
            ..Default::default()
        })
    }
}
