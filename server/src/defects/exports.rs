//! Open data: all reports as GeoJSON (RFC 7946) and CSV. The map needs the
//! exact point to find the defect; bulk downloads are copied on and kept
//! out of the city's reach (a report removed later lives on in them), so
//! their coordinates are rounded to three decimals (about 100 m).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{
    store::ReportRow,
    time,
    views::{self, Catalogue},
};
use crate::csv;

const DECIMALS: i32 = 3;

pub fn geojson(rows: &[ReportRow], catalogue: &Catalogue, now: DateTime<Utc>) -> Value {
    let features: Vec<Value> = rows
        .iter()
        .map(|row| {
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
                    "closed": row.closed_at.as_deref().map(time::iso),
                    "overdue": summary.overdue,
                    "affected": summary.affected,
                },
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

pub fn csv(rows: &[ReportRow], catalogue: &Catalogue, now: DateTime<Utc>) -> String {
    let mut out = String::from(
        "nummer;gruppe;kategorie;dienststelle;status;breite;laenge;gemeldet;aktualisiert;abgeschlossen;ueberfaellig;betroffene;beschreibung\n",
    );
    for row in rows {
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
            row.closed_at.as_deref().map(time::iso).unwrap_or_default(),
            if summary.overdue { "ja" } else { "nein" }.to_owned(),
            summary.affected.to_string(),
            row.description.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv::field(c)).collect();
        out.push_str(&line.join(";"));
        out.push('\n');
    }
    out
}
