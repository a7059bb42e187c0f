//! Stored reports turned into what the public, the reporter and staff see.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use shared::defects::{
    AnsweredQuestion, DefectCategory, DefectPhoto, DefectReport, DefectStatus, DefectUpdate,
    NearbyReport, QuestionKind, ReportSummary,
};
use url::Url;

use super::{
    store::{Overdue, ReportRow, UpdateRow},
    time,
};

const EXCERPT_CHARS: usize = 160;

/// The categories by code, for naming and deadlines.
pub struct Catalogue {
    by_code: HashMap<String, DefectCategory>,
}

impl Catalogue {
    pub fn new(categories: Vec<DefectCategory>) -> Self {
        Self {
            by_code: categories
                .into_iter()
                .map(|c| (c.code.clone(), c))
                .collect(),
        }
    }

    pub fn get(&self, code: &str) -> Option<&DefectCategory> {
        self.by_code.get(code)
    }

    pub fn name_and_group(&self, code: &str) -> (String, String) {
        self.get(code).map_or_else(
            || (code.to_owned(), String::new()),
            |c| (c.name.clone(), c.group.clone()),
        )
    }

    pub fn expected_days(&self, code: &str) -> u32 {
        self.get(code)
            .map_or(DAYS_OF_AN_UNKNOWN_CATEGORY, |c| c.expected_days)
    }

    /// The selection of reports overdue at `now`, category by category.
    pub fn overdue(&self, now: DateTime<Utc>) -> Overdue {
        let cut = |days| time::overdue_before(days, now).to_rfc3339();
        Overdue {
            open: DefectStatus::ALL
                .into_iter()
                .filter(|s| s.is_open())
                .collect(),
            before: self
                .by_code
                .values()
                .map(|c| (c.code.clone(), cut(c.expected_days)))
                .collect(),
            otherwise: cut(DAYS_OF_AN_UNKNOWN_CATEGORY),
        }
    }
}

/// The working days of a report whose category has gone from the catalogue.
const DAYS_OF_AN_UNKNOWN_CATEGORY: u32 = 10;

/// Deadline facts of a report at `now`.
pub struct Deadline {
    pub expected_by: chrono::NaiveDate,
    pub days: u32,
    pub overdue: bool,
}

pub fn deadline(row: &ReportRow, catalogue: &Catalogue, now: DateTime<Utc>) -> Deadline {
    let days = catalogue.expected_days(&row.category);
    let expected_by = time::expected_by(row.created().unwrap_or(now), days);
    Deadline {
        expected_by,
        days,
        overdue: row.status.is_open() && time::overdue(expected_by, now),
    }
}

pub fn photo_urls(id: &str) -> (String, String) {
    (
        format!("/api/v1/defects/photos/{id}/thumbnail"),
        format!("/api/v1/defects/photos/{id}/display"),
    )
}

pub fn summary(row: &ReportRow, catalogue: &Catalogue, now: DateTime<Utc>) -> ReportSummary {
    let (category_name, group) = catalogue.name_and_group(&row.category);
    let mut excerpt: String = row.description.chars().take(EXCERPT_CHARS).collect();
    if row.description.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    ReportSummary {
        number: row.number,
        category: row.category.clone(),
        category_name,
        group,
        department: row.department.clone(),
        status: row.status,
        location: row.location,
        excerpt,
        created: crate::clock::german_iso(&row.created_at),
        updated: crate::clock::german_iso(&row.updated_at),
        overdue: deadline(row, catalogue, now).overdue,
        affected: affected(row),
        thumbnail_url: row.photos.first().map(|id| photo_urls(id).0),
        hidden: row.hidden.is_some(),
    }
}

pub fn nearby(summary: ReportSummary, distance_m: f64) -> NearbyReport {
    NearbyReport {
        report: summary,
        distance_m: distance_m.round() as u32,
    }
}

/// People affected besides the reporter: followers and anonymous "Ich auch".
fn affected(row: &ReportRow) -> u32 {
    row.followers + row.affected
}

/// Who looks at a report, which decides what else they see.
pub struct Viewer<'a> {
    pub account: Option<&'a str>,
    pub staff: bool,
    pub following: bool,
}

pub fn report(
    row: &ReportRow,
    updates: &[UpdateRow],
    catalogue: &Catalogue,
    photos: &[(String, u32, u32)],
    viewer: &Viewer<'_>,
    now: DateTime<Utc>,
) -> DefectReport {
    let (category_name, group) = catalogue.name_and_group(&row.category);
    let deadline = deadline(row, catalogue, now);
    DefectReport {
        number: row.number,
        category: row.category.clone(),
        category_name,
        group,
        department: row.department.clone(),
        status: row.status,
        location: row.location,
        address: row.address.clone(),
        description: row.description.clone(),
        answers: answers(row, catalogue),
        photos: photos
            .iter()
            .map(|(id, width, height)| {
                let (thumbnail_url, display_url) = photo_urls(id);
                DefectPhoto {
                    thumbnail_url,
                    display_url,
                    width: *width,
                    height: *height,
                }
            })
            .collect(),
        reporter_name: row
            .reporter_name
            .clone()
            .filter(|_| row.name_public || viewer.staff),
        created: crate::clock::german_iso(&row.created_at),
        updated: crate::clock::german_iso(&row.updated_at),
        closed: row.closed_at.as_deref().map(crate::clock::german_iso),
        expected_by: deadline.expected_by.to_string(),
        expected_days: deadline.days,
        overdue: deadline.overdue,
        duplicate_of: row.duplicate_of,
        affected: affected(row),
        channel: row.channel.clone(),
        updates: updates.iter().map(update).collect(),
        mine: viewer.account.is_some() && viewer.account == row.reporter.as_deref(),
        subscribed: viewer.following,
        contact: row.contact.clone().filter(|_| viewer.staff),
        hidden: row
            .hidden
            .clone()
            .filter(|_| viewer.staff || viewer.account == row.reporter.as_deref()),
    }
}

pub fn update(row: &UpdateRow) -> DefectUpdate {
    DefectUpdate {
        id: row.id.clone(),
        at: crate::clock::german_iso(&row.at),
        status: row.status,
        text: row.text.clone(),
        change: row.change.clone(),
        department: row.department.clone(),
    }
}

/// The answers in the order of the category's questions, labelled.
fn answers(row: &ReportRow, catalogue: &Catalogue) -> Vec<AnsweredQuestion> {
    let Some(category) = catalogue.get(&row.category) else {
        return Vec::new();
    };
    category
        .questions
        .iter()
        .filter_map(|question| {
            let values = row.answers.get(&question.code)?;
            let answer = match question.kind {
                QuestionKind::MultiChoice => values.join(", "),
                _ => values.first()?.clone(),
            };
            Some(AnsweredQuestion {
                label: question.label.clone(),
                answer,
            })
        })
        .collect()
}

/// An absolute address for clients outside the app (Open311, exports).
pub fn absolute(public_url: &Url, path: &str) -> String {
    public_url
        .join(path.trim_start_matches('/'))
        .map_or_else(|_| path.to_owned(), |url| url.to_string())
}
