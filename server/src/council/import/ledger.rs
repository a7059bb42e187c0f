//! The importer's own tables: which of our objects each foreign id became,
//! and when each foreign system was last read.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;

use crate::{
    council::kind::Kind,
    db::{Db, Rows},
    error::Result,
};

#[derive(Debug, Deserialize)]
struct Mapping {
    source: String,
    kind: String,
    n: u64,
}

/// Our kind and number for each of the given foreign ids that were imported before.
pub async fn known(db: &Db, sources: &[String]) -> Result<HashMap<String, (Kind, u64)>> {
    let mut found = HashMap::new();
    for chunk in sources.chunks(1000) {
        let mut response = db
            .query(
                "SELECT record::id(id) AS source, kind, n \
                 FROM $sources.map(|$s| type::record('council_import_id', $s))",
            )
            .bind(("sources", chunk.to_vec()))
            .await?
            .check()?;
        let rows: Vec<Mapping> = response.rows(0)?;
        found.extend(
            rows.into_iter()
                .filter_map(|row| Some((row.source, (Kind::from_path(&row.kind)?, row.n)))),
        );
    }
    Ok(found)
}

/// Remembers which of our objects the foreign ids became.
pub async fn remember(db: &Db, mappings: &[(String, Kind, u64)]) -> Result<()> {
    for chunk in mappings.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(source, kind, n)| json!({"source": source, "kind": kind.path(), "n": n}))
            .collect();
        db.query(
            "FOR $row IN $rows { UPSERT type::record('council_import_id', $row.source) SET kind = $row.kind, n = $row.n; };",
        )
        .bind(("rows", rows))
        .await?
        .check()?;
    }
    Ok(())
}

/// When the previous run over this system started, if there was one.
pub async fn last_run(db: &Db, system: &str) -> Result<Option<String>> {
    let mut response = db
        .query("SELECT VALUE started FROM type::record('council_import_run', $system)")
        .bind(("system", system.to_owned()))
        .await?
        .check()?;
    let started: Vec<String> = response.take(0)?;
    Ok(started.into_iter().next())
}

pub async fn record_run(db: &Db, system: &str, started: &str) -> Result<()> {
    db.query("UPSERT type::record('council_import_run', $system) SET started = $started;")
        .bind(("system", system.to_owned()))
        .bind(("started", started.to_owned()))
        .await?
        .check()?;
    Ok(())
}
