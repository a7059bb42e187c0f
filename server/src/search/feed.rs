//! SurrealDB's change feed, read as the list of records that changed. The
//! feed says which records changed; what the index gets is read again from
//! the database through the domain that owns them.
//!
//! Versionstamps are SurrealDB's hybrid clock (milliseconds << 16, plus a
//! counter) on every engine we run: in-memory and RocksDB embedded, and a
//! SurrealDB server, whose one clock serves every app server. A
//! transaction's stamp is taken shortly before it commits, so it can become
//! visible after a later stamp was read: every read goes back `OVERLAP`
//! and skips what it already saw.

use std::collections::HashSet;

use serde_json::Value;

use crate::{db::Db, error::Result};

/// How far each read goes back before the highest stamp seen.
const OVERLAP_MS: u64 = 3_000;
/// Entries per read. An entry holds the changed rows of one table in one
/// transaction, whole; a bulk write can make it large.
const PAGE: usize = 100;
/// How long the feed keeps a change: the `CHANGEFEED` duration of the
/// indexed tables (migration 0029). An index further behind is rebuilt.
pub const KEPT_MS: u64 = 24 * 60 * 60 * 1000;

/// The stamp of a moment, in milliseconds since 1970.
pub fn stamp_at(millis: u64) -> u64 {
    millis << 16
}

/// The moment of a stamp, in milliseconds since 1970.
pub fn millis_of(stamp: u64) -> u64 {
    stamp >> 16
}

/// One changed record: its table and id, and the row as written (none when
/// it was deleted).
#[derive(Debug, Clone)]
pub struct Changed {
    pub table: String,
    pub id: String,
    pub row: Option<Value>,
}

/// Where a reader of the feed stands.
#[derive(Debug, Default)]
pub struct Reader {
    /// The highest stamp read.
    pub position: u64,
    /// Changes read within `OVERLAP` of `position`.
    seen: HashSet<(u64, String, String)>,
}

impl Reader {
    pub fn at(position: u64) -> Self {
        Self {
            position,
            seen: HashSet::new(),
        }
    }

    /// The changes since the last read, each once.
    pub async fn read(&mut self, db: &Db) -> Result<Vec<Changed>> {
        let mut since = self.position.saturating_sub(stamp_at(OVERLAP_MS));
        let mut changed = Vec::new();
        loop {
            // `SINCE` takes only a literal; the number is ours.
            let entries: Vec<Value> = db
                .query(format!(
                    "SHOW CHANGES FOR DATABASE SINCE {since} LIMIT {PAGE}"
                ))
                .await?
                .check()?
                .take(0)?;
            let full = entries.len() >= PAGE;
            for entry in &entries {
                let Some(stamp) = entry.get("versionstamp").and_then(Value::as_u64) else {
                    continue;
                };
                since = since.max(stamp);
                self.position = self.position.max(stamp);
                let changes = entry.get("changes").and_then(Value::as_array);
                for change in changes.into_iter().flatten() {
                    let (row, deleted) = match (change.get("update"), change.get("delete")) {
                        (Some(row), _) => (row, false),
                        (None, Some(row)) => (row, true),
                        _ => continue,
                    };
                    let Some((table, id)) = row.get("id").and_then(record) else {
                        continue;
                    };
                    if self.seen.insert((stamp, table.clone(), id.clone())) {
                        changed.push(Changed {
                            table,
                            id,
                            row: (!deleted).then(|| row.clone()),
                        });
                    }
                }
            }
            if !full {
                break;
            }
        }
        let oldest = self.position.saturating_sub(stamp_at(OVERLAP_MS));
        self.seen.retain(|(stamp, _, _)| *stamp >= oldest);
        Ok(changed)
    }
}

/// The table and id of a record id as the SDK gives it: `table:id`, with
/// the id possibly in ⟨brackets⟩ or quotes.
fn record(id: &Value) -> Option<(String, String)> {
    let text = id.as_str()?;
    let (table, key) = text.split_once(':')?;
    let key = key
        .trim_start_matches(['⟨', '`', '"', '\''])
        .trim_end_matches(['⟩', '`', '"', '\'']);
    Some((table.to_owned(), key.to_owned()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn record_ids_split_into_table_and_key() {
        assert_eq!(
            record(&json!("council_paper:12")),
            Some(("council_paper".into(), "12".into()))
        );
        assert_eq!(
            record(&json!("moderation:⟨budget_proposal:3⟩")),
            Some(("moderation".into(), "budget_proposal:3".into()))
        );
        assert_eq!(record(&json!(12)), None);
    }

    #[test]
    fn stamps_are_milliseconds_shifted() {
        assert_eq!(millis_of(stamp_at(1_796_665_000_123)), 1_796_665_000_123);
    }
}
