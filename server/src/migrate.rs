//! Applies the SurrealQL files of `migrations/` in order, each in its own
//! transaction together with the record that it was applied. Re-running is a
//! no-op; an applied file that was edited afterwards stops the server, because
//! the database would no longer match what the code expects.

use sha2::{Digest, Sha256};

use crate::{
    db::{self, Db},
    error::{Error, Result},
};

/// `(file name, SurrealQL)` of every migration, sorted by name (see build.rs).
const MIGRATIONS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

const BOOKKEEPING: &str = "
    DEFINE TABLE IF NOT EXISTS _migration SCHEMAFULL;
    DEFINE FIELD IF NOT EXISTS checksum ON _migration TYPE string;
    DEFINE FIELD IF NOT EXISTS applied_at ON _migration TYPE datetime;
";

/// Brings the schema up to date; returns the names of the files it applied.
pub async fn run(db: &Db) -> Result<Vec<String>> {
    apply_all(db, MIGRATIONS).await
}

async fn apply_all(db: &Db, migrations: &[(&str, &str)]) -> Result<Vec<String>> {
    // Servers starting together all define the bookkeeping table; the ones
    // that lose the race find it defined when they try again.
    db::retrying_conflicts(|| async { db.query(BOOKKEEPING).await.and_then(db::first_cause) })
        .await?;
    let mut applied = Vec::new();
    for &(file, surql) in migrations {
        let version = version_of(file)?;
        let checksum = checksum(surql);
        match recorded_checksum(db, version).await? {
            Some(stored) if stored == checksum => continue,
            Some(stored) => {
                return Err(Error::MigrationChanged {
                    file: file.into(),
                    applied: stored,
                    current: checksum,
                });
            }
            None => {}
        }
        // A migration that lost a conflict to another server's left nothing
        // behind; tried again, it either applies or finds the other's record.
        let script = format!(
            "BEGIN TRANSACTION;\n{surql}\n;CREATE type::record('_migration', $version) CONTENT {{ checksum: $checksum, applied_at: time::now() }};\nCOMMIT TRANSACTION;"
        );
        let result = db::retrying_conflicts(|| async {
            db.query(script.as_str())
                .bind(("version", version.to_owned()))
                .bind(("checksum", checksum.clone()))
                .await
                .and_then(db::first_cause)
        })
        .await;
        if let Err(source) = result {
            // Another server may have applied it at the same moment.
            match recorded_checksum(db, version).await? {
                Some(stored) if stored == checksum => continue,
                _ => {
                    return Err(Error::Migration {
                        file: file.into(),
                        source: Box::new(source),
                    });
                }
            }
        }
        tracing::info!(migration = file, "applied migration");
        applied.push(file.to_owned());
    }
    Ok(applied)
}

/// `0001_core.surql` is recorded as `_migration:⟨0001_core⟩`.
fn version_of(file: &str) -> Result<&str> {
    let stem = file
        .strip_suffix(".surql")
        .ok_or_else(|| Error::MigrationName(file.into()))?;
    let (number, name) = stem
        .split_once('_')
        .ok_or_else(|| Error::MigrationName(file.into()))?;
    let well_formed = number.len() == 4
        && number.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if well_formed {
        Ok(stem)
    } else {
        Err(Error::MigrationName(file.into()))
    }
}

async fn recorded_checksum(db: &Db, version: &str) -> Result<Option<String>> {
    let mut response = db
        .query("SELECT VALUE checksum FROM type::record('_migration', $version)")
        .bind(("version", version.to_owned()))
        .await?;
    let checksums: Vec<String> = response.take(0)?;
    Ok(checksums.into_iter().next())
}

fn checksum(surql: &str) -> String {
    Sha256::digest(surql.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DbConfig};

    async fn memory_db() -> Db {
        db::connect(&DbConfig::default()).await.unwrap()
    }

    #[tokio::test]
    async fn applies_once_and_then_is_a_no_op() {
        let db = memory_db().await;
        let first = run(&db).await.unwrap();
        assert_eq!(first.len(), MIGRATIONS.len());
        assert!(run(&db).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_edited_applied_migration_stops_with_its_file_name() {
        let db = memory_db().await;
        apply_all(
            &db,
            &[("0001_test.surql", "DEFINE TABLE thing SCHEMAFULL;")],
        )
        .await
        .unwrap();
        let err = apply_all(
            &db,
            &[("0001_test.surql", "DEFINE TABLE thing SCHEMALESS;")],
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::MigrationChanged { .. }));
        assert!(err.to_string().contains("0001_test.surql"), "{err}");
    }

    #[tokio::test]
    async fn a_failing_migration_leaves_nothing_behind() {
        let db = memory_db().await;
        let broken = "DEFINE TABLE half SCHEMAFULL; THROW 'kaputt';";
        let err = apply_all(&db, &[("0001_broken.surql", broken)])
            .await
            .unwrap_err();
        assert!(err.to_string().contains("0001_broken.surql"), "{err}");
        let mut info = db.query("INFO FOR DB").await.unwrap();
        let info: Option<serde_json::Value> = info.take(0).unwrap();
        let tables = info.unwrap()["tables"].clone();
        assert!(tables.get("half").is_none(), "{tables}");
        assert_eq!(recorded_checksum(&db, "0001_broken").await.unwrap(), None);
    }

    #[tokio::test]
    async fn concurrent_runs_apply_each_migration_once() {
        let db = memory_db().await;
        let (a, b) = tokio::join!(run(&db), run(&db));
        let total = a.unwrap().len() + b.unwrap().len();
        assert_eq!(total, MIGRATIONS.len());
    }

    #[tokio::test]
    async fn photos_uploaded_before_0019_keep_their_facts_apart_from_their_jpegs() {
        let db = memory_db().await;
        let before = MIGRATIONS
            .iter()
            .position(|(file, _)| file.starts_with("0019_"))
            .unwrap();
        apply_all(&db, &MIGRATIONS[..before]).await.unwrap();
        db.query(
            "CREATE defect_photo:alt CONTENT { claim: 'h', report: 7, display: <bytes>'d', thumbnail: <bytes>'t', width: 4, height: 3 }",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
        run(&db).await.unwrap();

        let info: Option<serde_json::Value> = db
            .query("SELECT claim, report, width, height FROM ONLY defect_photo_info:alt")
            .await
            .unwrap()
            .take(0)
            .unwrap();
        assert_eq!(
            info,
            Some(serde_json::json!({ "claim": "h", "report": 7, "width": 4, "height": 3 }))
        );
        let thumbnail: Option<surrealdb::types::Bytes> = db
            .query("SELECT VALUE thumbnail FROM ONLY defect_photo:alt")
            .await
            .unwrap()
            .take(0)
            .unwrap();
        assert_eq!(
            thumbnail.map(|b| b.into_inner().to_vec()),
            Some(b"t".to_vec())
        );
    }

    #[test]
    fn file_names_must_be_numbered() {
        assert_eq!(version_of("0001_core.surql").unwrap(), "0001_core");
        for bad in [
            "core.surql",
            "1_core.surql",
            "0001-core.surql",
            "0001_Core.surql",
            "0001_.surql",
        ] {
            assert!(version_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shipped_migrations_are_well_formed_and_ordered() {
        let names: Vec<_> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
        assert!(!names.is_empty());
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        for name in names {
            version_of(name).unwrap();
        }
    }
}
