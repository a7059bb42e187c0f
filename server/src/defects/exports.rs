//! Open data: all reports as GeoJSON (RFC 7946) and CSV. The map needs the
//! exact point to find the defect; bulk downloads are copied on and kept
//! out of the city's reach (a report removed later lives on in them), so
//! their coordinates are rounded to three decimals (about 100 m).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{
    store::ReportRow,
    views::{self, Catalogue},
};
use crate::csv;

const DECIMALS: i32 = 3;

/// The two download formats, written a report at a time so that a
/// download of every report is written out page by page.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    GeoJson,
    Csv,
}

impl Format {
    pub fn head(self) -> &'static str {
        match self {
            Format::GeoJson => r#"{"type":"FeatureCollection","features":["#,
            Format::Csv => {
                "nummer;gruppe;kategorie;dienststelle;status;breite;laenge;gemeldet;aktualisiert;abgeschlossen;ueberfaellig;betroffene;beschreibung\n"
            }
        }
    }

    /// What goes between two reports.
    pub fn separator(self) -> &'static str {
        match self {
            Format::GeoJson => ",",
            Format::Csv => "",
        }
    }

    pub fn tail(self) -> &'static str {
        match self {
            Format::GeoJson => "]}",
            Format::Csv => "",
        }
    }

    pub fn report(self, row: &ReportRow, catalogue: &Catalogue, now: DateTime<Utc>) -> String {
        match self {
            Format::GeoJson => feature(row, catalogue, now).to_string(),
            Format::Csv => csv_line(row, catalogue, now),
        }
    }
}

fn feature(row: &ReportRow, catalogue: &Catalogue, now: DateTime<Utc>) -> Value {
    let summary = views::summary(row, catalogue, now);
    let point = row.location.rounded(DECIMALS);
    json!({
        "type": "Feature",
        "id": row.number,
        "geometry": { "type": "Point", "coordinates": [point.lon, point.lat] },
        "properties": {
            "number": row.number,
            "category": summary.category,
            "category_name": summary.category_name,
            "group": summary.group,
            "department": summary.department,
            "status": row.status.key(),
            "status_name": row.status.label_de(),
            "description": row.description,
            "created": summary.created,
            "updated": summary.updated,
            "closed": row.closed_at.as_deref().map(crate::clock::german_iso),
            "overdue": summary.overdue,
            "affected": summary.affected,
        },
    })
}

fn csv_line(row: &ReportRow, catalogue: &Catalogue, now: DateTime<Utc>) -> String {
    let summary = views::summary(row, catalogue, now);
    let point = row.location.rounded(DECIMALS);
    let cells = [
        row.number.to_string(),
        summary.group,
        summary.category_name,
        summary.department,
        row.status.label_de().to_owned(),
        format!("{:.3}", point.lat),
        format!("{:.3}", point.lon),
        summary.created,
        summary.updated,
        row.closed_at
            .as_deref()
            .map(crate::clock::german_iso)
            .unwrap_or_default(),
        if summary.overdue { "ja" } else { "nein" }.to_owned(),
        summary.affected.to_string(),
        row.description.clone(),
    ];
    let mut line = cells.map(|c| csv::field(&c)).join(";");
    line.push('\n');
    line
}
