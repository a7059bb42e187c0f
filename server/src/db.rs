//! Opening the database: one code path for the embedded engines and a
//! SurrealDB server, chosen by the address alone.

use std::{fs, io, ops::Deref, path::Path, sync::Arc};

use serde::de::DeserializeOwned;
use surrealdb::{Surreal, engine::any::Any, opt::auth::Root};

use crate::{
    config::{DbConfig, DbUrl},
    error::{Error, Result},
};

/// The server's one database handle, shared by every request. Cloning a
/// `Surreal` opens a new database session, which on a SurrealDB server means
/// a new sign-in per clone; request handlers clone their state all the time,
/// so the handle is shared behind an `Arc` instead.
#[derive(Debug, Clone)]
pub struct Db {
    handle: Arc<Surreal<Any>>,
    /// The directory of an embedded SurrealKV database, whose engine keeps a
    /// lock file there until it has shut down.
    embedded_dir: Option<Arc<Path>>,
}

impl Deref for Db {
    type Target = Surreal<Any>;

    fn deref(&self) -> &Surreal<Any> {
        &self.handle
    }
}

/// Connects, signs in where a server needs it, and selects namespace and database.
pub async fn connect(config: &DbConfig) -> Result<Db> {
    if let DbUrl::SurrealKv(dir) = &config.db {
        ensure_writable_dir(dir)?;
    }
    let url = config.db.endpoint();
    let connect_error = |source| Error::Connect {
        url: url.clone(),
        source: Box::new(source),
    };
    let db = surrealdb::engine::any::connect(url.as_str())
        .await
        .map_err(connect_error)?;
    if let (Some(username), Some(password)) = (&config.db_user, &config.db_pass) {
        db.signin(Root {
            username: username.clone(),
            password: password.clone(),
        })
        .await
        .map_err(connect_error)?;
    }
    db.use_ns(&config.db_namespace)
        .use_db(&config.db_database)
        .await
        .map_err(connect_error)?;
    let embedded_dir = match &config.db {
        DbUrl::SurrealKv(dir) => Some(Arc::from(dir.as_path())),
        DbUrl::Memory | DbUrl::Remote(_) => None,
    };
    Ok(Db {
        handle: Arc::new(db),
        embedded_dir,
    })
}

/// Whether the database answers a read that goes through its storage
/// engine. The SDK's own health check does not reach the storage of an
/// embedded engine, so it stays green while that engine is stuck.
pub async fn answers(db: &Db) -> Result<()> {
    db.query("SELECT VALUE id FROM _migration LIMIT 1")
        .await?
        .check()?;
    Ok(())
}

/// The embedded engine shuts its datastore down in a background task once the
/// last handle is gone, and offers no way to await that. Waiting for it lets
/// SurrealKV write out its memtable (up to 1 GiB on a large machine) instead
/// of leaving it in the write-ahead log, which the next start would replay
/// into memory all at once. SurrealKV holds an exclusive lock on `LOCK` in
/// its directory until it is done. Other engines, and a handle that is not
/// the last (another clone keeps the engine running), get a moment.
pub async fn close(db: Db) {
    let last_handle = Arc::strong_count(&db.handle) == 1;
    let embedded_dir = db.embedded_dir.clone().filter(|_| last_handle);
    drop(db);
    let Some(dir) = embedded_dir else {
        tokio::time::sleep(SHUTDOWN_GRACE).await;
        return;
    };
    let started = std::time::Instant::now();
    while !engine_released(&dir) {
        if started.elapsed() > SHUTDOWN_TIMEOUT {
            tracing::warn!(dir = %dir.display(), "the database engine did not shut down in time; the next start replays its log");
            return;
        }
        tokio::time::sleep(SHUTDOWN_POLL).await;
    }
    tracing::info!(
        dir = %dir.display(),
        waited_ms = started.elapsed().as_millis() as u64,
        "database engine shut down"
    );
}

/// Whether no engine holds the lock of the SurrealKV database in `dir`.
fn engine_released(dir: &Path) -> bool {
    match fs::File::open(dir.join("LOCK")) {
        // Never opened there, or removed: nothing holds it.
        Err(_) => true,
        // Dropping the file releases the lock taken here.
        Ok(file) => file.try_lock().is_ok(),
    }
}

const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_millis(500);
const SHUTDOWN_POLL: std::time::Duration = std::time::Duration::from_millis(50);
const SHUTDOWN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The embedded engine reports a read-only or missing directory only deep in
/// its own start-up; checking first gives the operator a clear sentence.
fn ensure_writable_dir(dir: &Path) -> Result<()> {
    let as_error = |source| Error::DataDir {
        path: dir.to_owned(),
        source,
    };
    fs::create_dir_all(dir).map_err(as_error)?;
    let probe = dir.join(".write-test");
    fs::write(&probe, b"").map_err(as_error)?;
    fs::remove_file(&probe)
        .or_else(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(as_error)
}

/// Hands out the next number (1, 2, …) of the counter `key` in the
/// sequence table `sequence`, e.g. report numbers or poll numbers.
pub async fn next_number(db: &Db, sequence: &str, key: &str) -> Result<u64> {
    #[derive(serde::Deserialize)]
    struct Before {
        next: u64,
    }
    // Concurrent writers of one counter conflict; each attempt takes a
    // number atomically, so trying again cannot hand one out twice.
    let before: Option<Before> = retrying_conflicts(|| async {
        db.query("UPSERT type::record($sequence, $key) SET next = (next ?? 1) + 1 RETURN BEFORE")
            .bind(("sequence", sequence.to_owned()))
            .bind(("key", key.to_owned()))
            .await?
            .check()
    })
    .await?
    .row(0)?;
    Ok(before.map_or(1, |b| b.next))
}

/// Attempts before a write that keeps losing to concurrent writes fails.
const CONFLICT_ATTEMPTS: u64 = 20;

/// Runs `write` again, after a short and growing pause, while it loses an
/// optimistic-concurrency conflict to another transaction (nothing of it was
/// stored then). Only for writes whose result does not depend on which of
/// the concurrent ones wins, or that check their own preconditions inside.
pub async fn retrying_conflicts<T, F, Fut>(mut write: F) -> surrealdb::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = surrealdb::Result<T>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(err) if attempt < CONFLICT_ATTEMPTS && crate::error::is_write_conflict(&err) => {
                tokio::time::sleep(std::time::Duration::from_millis(attempt)).await;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// Rows travel as JSON between SurrealDB and the serde wire types in `shared`.
pub fn from_row<T: DeserializeOwned>(row: serde_json::Value) -> Result<T> {
    Ok(serde_json::from_value(row)?)
}

/// Decoding query results into serde types, which SurrealDB's own value
/// conversion does not cover.
pub trait Rows {
    /// All rows of the statement at `index`.
    fn rows<T: DeserializeOwned>(&mut self, index: usize) -> Result<Vec<T>>;
    /// The single row (or value) of the statement at `index`, if any.
    fn row<T: DeserializeOwned>(&mut self, index: usize) -> Result<Option<T>>;
    /// The single row of the last statement: scripts that open a transaction
    /// and set variables first answer with their final `RETURN`.
    fn last_row<T: DeserializeOwned>(&mut self) -> Result<Option<T>>;
    /// The number a `SELECT count() FROM … GROUP ALL` statement at `index`
    /// counted (0 when nothing matched).
    fn count(&mut self, index: usize) -> Result<u64>;
}

impl Rows for surrealdb::IndexedResults {
    fn rows<T: DeserializeOwned>(&mut self, index: usize) -> Result<Vec<T>> {
        let rows: Vec<serde_json::Value> = self.take(index)?;
        rows.into_iter().map(from_row).collect()
    }

    fn row<T: DeserializeOwned>(&mut self, index: usize) -> Result<Option<T>> {
        let row: Option<serde_json::Value> = self.take(index)?;
        row.filter(|value| !value.is_null())
            .map(from_row)
            .transpose()
    }

    fn last_row<T: DeserializeOwned>(&mut self) -> Result<Option<T>> {
        let last = self.num_statements().saturating_sub(1);
        self.row(last)
    }

    fn count(&mut self, index: usize) -> Result<u64> {
        // Not `SELECT VALUE count()`: answered from an index, SurrealDB 3.3
        // gives `{ count }` objects for it all the same.
        #[derive(serde::Deserialize)]
        struct Counted {
            count: u64,
        }
        Ok(self
            .row::<Counted>(index)?
            .map_or(0, |counted| counted.count))
    }
}

/// The error that made a transaction fail. SurrealDB reports every other
/// statement as "not executed due to a failed transaction"; callers need
/// the one that caused it (a THROW, a violated index).
pub fn first_cause(mut response: surrealdb::IndexedResults) -> surrealdb::Result<()> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    errors.sort_by_key(|(statement, _)| *statement);
    let cause = errors
        .iter()
        .position(|(_, err)| !err.to_string().contains("failed transaction"))
        .unwrap_or(0);
    match errors.into_iter().nth(cause) {
        Some((_, err)) => Err(err),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_an_unwritable_data_dir_with_its_path() {
        let config = DbConfig {
            db: "surrealkv:///proc/digitale-stadt/db".parse().unwrap(),
            ..DbConfig::default()
        };
        let err = connect(&config).await.unwrap_err();
        assert!(matches!(err, Error::DataDir { .. }), "{err}");
        assert!(err.to_string().contains("/proc/digitale-stadt/db"), "{err}");
    }

    #[tokio::test]
    async fn each_counter_counts_on_its_own_from_one() {
        let db = connect(&DbConfig::default()).await.unwrap();
        crate::migrate::run(&db).await.unwrap();
        let next = |key| next_number(&db, "budget_sequence", key);
        assert_eq!(next("cycle").await.unwrap(), 1);
        assert_eq!(next("cycle").await.unwrap(), 2);
        assert_eq!(next("proposal").await.unwrap(), 1);
    }

    #[tokio::test]
    async fn counts_read_the_same_with_and_without_an_index() {
        let db = connect(&DbConfig::default()).await.unwrap();
        let count = |table: &'static str| {
            let db = db.clone();
            async move {
                db.query(format!(
                    "SELECT count() FROM {table} WHERE kind = 1 GROUP ALL"
                ))
                .await
                .unwrap()
                .count(0)
                .unwrap()
            }
        };
        db.query(
            "DEFINE TABLE empty; DEFINE INDEX indexed_kind ON indexed FIELDS kind;
             CREATE indexed:1 SET kind = 1; CREATE indexed:2 SET kind = 1; CREATE indexed:3 SET kind = 2;
             CREATE plain:1 SET kind = 1; CREATE plain:2 SET kind = 2;",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
        assert_eq!(count("indexed").await, 2);
        assert_eq!(count("plain").await, 1);
        assert_eq!(count("empty").await, 0);
    }

    #[tokio::test]
    async fn closing_an_embedded_database_waits_until_it_can_be_opened_again() {
        let dir = std::env::temp_dir().join(format!("ds-close-{}", std::process::id()));
        let config = DbConfig {
            db: format!("surrealkv://{}", dir.display()).parse().unwrap(),
            ..DbConfig::default()
        };
        let db = connect(&config).await.unwrap();
        db.query("CREATE note:1 SET text = 'bleibt'").await.unwrap();
        assert!(!engine_released(&dir), "the open engine holds its lock");
        close(db).await;
        assert!(engine_released(&dir));

        let db = connect(&config).await.unwrap();
        let text: Option<String> = db
            .query("SELECT VALUE text FROM ONLY note:1")
            .await
            .unwrap()
            .take(0)
            .unwrap();
        assert_eq!(text.as_deref(), Some("bleibt"));
        close(db).await;
        let _ = fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn opens_memory() {
        let db = connect(&DbConfig::default()).await.unwrap();
        db.health().await.unwrap();
    }
}
