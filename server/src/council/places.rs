//! Readable places ("Festsaal, Rathaus, Klemensstraße 10") of meetings,
//! whose documents only reference their location.

use std::collections::{BTreeMap, HashSet};

use shared::oparl::Location;

use super::{
    kind::Kind,
    store::{self, Row},
};
use crate::{db::Db, error::Result};

/// Readable places of the meetings' locations, by location number.
pub async fn of_meetings(db: &Db, rows: &[Row]) -> Result<BTreeMap<u64, String>> {
    let numbers: Vec<u64> = rows
        .iter()
        .filter_map(location_number)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut places = BTreeMap::new();
    for row in store::by_numbers(db, Kind::Location, &numbers).await? {
        if row.deleted {
            continue;
        }
        let location: Location = serde_json::from_value(row.doc)?;
        if let Some(text) = location.readable() {
            places.insert(row.n, text);
        }
    }
    Ok(places)
}

/// The number of the location a stored meeting references.
pub fn location_number(row: &Row) -> Option<u64> {
    let id = row.doc.get("location")?.get("id")?.as_str()?;
    Kind::Location.number_of(id)
}
