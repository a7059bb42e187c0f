//! Opening the database: one code path for the embedded engines and a
//! SurrealDB server, chosen by the address alone.

use std::{
    collections::HashMap,
    fs, io,
    ops::Deref,
    path::{Path, PathBuf},
    sync::Arc,
};

use serde::de::DeserializeOwned;
use surrealdb::{Surreal, engine::any::Any, opt::auth::Root};

mod address;
mod memory;

pub use address::{CommitSync, DbConfig, DbUrl};

use crate::error::{Error, Result};

/// The server's one database handle, shared by every request. Cloning a
/// `Surreal` opens a new database session, which on a SurrealDB server means
/// a new sign-in per clone; request handlers clone their state all the time,
/// so the handle is shared behind an `Arc` instead.
#[derive(Debug, Clone)]
pub struct Db {
    handle: Arc<Surreal<Any>>,
    /// The directory of an embedded engine, which keeps its lock file there
    /// open until it has shut down.
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
    if let Some(dir) = config.db.embedded_dir() {
        ensure_writable_dir(dir)?;
        refuse_other_engine(&config.db, dir)?;
        report_engine_memory();
    }
    if let DbUrl::SurrealKv(dir) = &config.db {
        tracing::warn!(
            dir = %dir.display(),
            "SurrealKV 0.21.4 loses an answered write when the process is killed and can deadlock under load; move this database to rocksdb:// with `digitale-stadt export` and `import` (docs/deployment.md, section 1)"
        );
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
    // Selecting a namespace and database that do not exist yet creates them.
    // App servers starting together on a new SurrealDB server all try that,
    // and all but one lose the write; selecting again then finds them.
    retrying_conflicts(|| async {
        db.use_ns(&config.db_namespace)
            .use_db(&config.db_database)
            .await
    })
    .await
    .map_err(connect_error)?;
    Ok(Db {
        handle: Arc::new(db),
        embedded_dir: config.db.embedded_dir().map(Arc::from),
    })
}

/// Logs the memory the embedded engine sizes itself for, and warns when this
/// process runs under a tighter limit that the engine does not see.
fn report_engine_memory() {
    let Some(sizing) = memory::Sizing::of_this_process() else {
        return;
    };
    let mib = |bytes: u64| bytes >> 20;
    match sizing.own_limit {
        Some(limit) => tracing::warn!(
            limit_mib = mib(limit),
            sized_for_mib = mib(sizing.sized_for),
            "the embedded database sizes its caches and memtables for the memory it finds at /sys/fs/cgroup, more than this process may use under its cgroup's limit, and can grow until the kernel ends the server; set the limit where the engine reads it (docs/deployment.md, section 1)"
        ),
        None => tracing::info!(
            sized_for_mib = mib(sizing.sized_for),
            "the embedded database sizes its caches and memtables for this memory"
        ),
    }
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
/// the engine write its memtables out instead of leaving them in the log for
/// the next start to replay, and lets the same process open the directory
/// again (both engines refuse a second opening while the first holds its
/// lock). Other engines, and a handle that is not the last (another clone
/// keeps the engine running), get a moment.
pub async fn close(db: Db) {
    let last_handle = Arc::strong_count(&db.handle) == 1;
    let embedded_dir = db.embedded_dir.clone().filter(|_| last_handle);
    drop(db);
    let Some(dir) = embedded_dir else {
        tokio::time::sleep(SHUTDOWN_GRACE).await;
        return;
    };
    let started = std::time::Instant::now();
    loop {
        match engine_holds_lock(&dir) {
            Some(true) => {}
            Some(false) => break,
            // Nothing to watch: give it the moment other engines get.
            None => {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
                return;
            }
        }
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

/// Whether this process still has the lock file of the engine in `dir`
/// open. Both embedded engines keep `LOCK` open while they run and close it
/// last. The lock itself cannot tell: RocksDB takes a POSIX record lock,
/// which the process that holds it can always take again. `None` without
/// `/proc` (not Linux), where open files cannot be listed.
fn engine_holds_lock(dir: &Path) -> Option<bool> {
    let descriptors = fs::read_dir("/proc/self/fd").ok()?;
    let Ok(lock) = fs::canonicalize(dir.join("LOCK")) else {
        return Some(false);
    };
    Some(
        descriptors
            .filter_map(|entry| fs::read_link(entry.ok()?.path()).ok())
            .any(|target| target == lock),
    )
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

/// Each engine would start a database of its own next to the other's files
/// and serve an empty city: the default was `surrealkv://./data/db` before
/// it became `rocksdb://./data/db`, the same directory.
fn refuse_other_engine(url: &DbUrl, dir: &Path) -> Result<()> {
    let rocksdb = dir.join("CURRENT").exists();
    let surrealkv = dir.join("wal").is_dir() || dir.join("sstables").is_dir();
    let found = match url {
        DbUrl::RocksDb { .. } if surrealkv && !rocksdb => "surrealkv",
        DbUrl::SurrealKv(_) if rocksdb => "rocksdb",
        _ => return Ok(()),
    };
    Err(Error::OtherEngine(format!(
        "{} holds a {found} database, not one of {url}; open it as {found}://{} (to move a SurrealKV database to RocksDB: digitale-stadt export, then import into a new directory, docs/deployment.md section 1)",
        dir.display(),
        dir.display()
    )))
}

/// Writes the whole database, definitions and records, to `file` as
/// SurrealQL (SurrealDB's own export). The file appears only once complete,
/// so an interrupted export never leaves something that looks like a backup.
pub async fn export(config: &DbConfig, file: &Path) -> Result<()> {
    refuse_unsupported(config)?;
    // Opening a directory that is not there would create an empty database
    // and export that.
    if let Some(dir) = config.db.embedded_dir() {
        let empty = fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
        if empty {
            return Err(Error::Transfer(format!(
                "{} holds no database to export",
                dir.display()
            )));
        }
    }
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let db = connect(config).await?;
    let exported = db.export(&partial).await;
    close(db).await;
    let written = match exported {
        Ok(()) => publish(&partial, file),
        Err(err) => Err(err.into()),
    };
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// Gives the finished export its name, on disk before and after the rename,
/// so that after a power cut there is either the whole file or none.
fn publish(partial: &Path, file: &Path) -> Result<()> {
    fs::File::open(partial)?.sync_all()?;
    fs::rename(partial, file)?;
    let folder = file
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Reads a file that [`export`] wrote into an empty database: the copy
/// brings its applied migrations along, so a restored city is used as it is.
pub async fn import(config: &DbConfig, file: &Path) -> Result<()> {
    refuse_unsupported(config)?;
    if !file.is_file() {
        return Err(Error::Transfer(format!(
            "{} is not a file written by `digitale-stadt export`",
            file.display()
        )));
    }
    let db = connect(config).await?;
    let imported = import_into_empty(&db, config, file).await;
    close(db).await;
    imported
}

async fn import_into_empty(db: &Db, config: &DbConfig, file: &Path) -> Result<()> {
    let info: Option<serde_json::Value> = db.query("INFO FOR DB").await?.take(0)?;
    let tables = info
        .as_ref()
        .and_then(|info| info["tables"].as_object())
        .map_or(0, serde_json::Map::len);
    if tables > 0 {
        return Err(Error::Transfer(format!(
            "{} already holds {tables} tables; import only into an empty database (a new directory)",
            config.db
        )));
    }
    db.import(file).await.map_err(|err| {
        Error::Transfer(format!(
            "reading {} failed: {err}; {} now holds part of it: remove it before importing again",
            file.display(),
            config.db
        ))
    })
}

/// The SDK exports and imports only embedded databases (a SurrealDB server
/// does both itself), and an import into memory would be gone at the exit.
fn refuse_unsupported(config: &DbConfig) -> Result<()> {
    match config.db {
        DbUrl::Remote(_) => Err(Error::Transfer(
            "a SurrealDB server exports and imports with its own tool: surreal export --endpoint … (docs/deployment.md, section 5)".into(),
        )),
        DbUrl::Memory => Err(Error::Transfer(
            "mem:// keeps nothing: export from and import into a database on disk".into(),
        )),
        DbUrl::RocksDb { .. } | DbUrl::SurrealKv(_) => Ok(()),
    }
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

/// Up to `limit` ids above `after`, in order, of the records of `table`
/// whose id is a number (proposals, reports, polls, …): a build of the
/// search index reads them page by page.
pub async fn numbers_after(db: &Db, table: &str, after: u64, limit: usize) -> Result<Vec<u64>> {
    // A range over record ids reads only the rows in it; the table name is
    // the caller's constant and the bounds are numbers, so all can be
    // written in.
    db.query(format!(
        "SELECT VALUE record::id(id) FROM {table}:{from}.. LIMIT {limit}",
        from = after + 1
    ))
    .await?
    .check()?
    .rows(0)
}

/// The rows (`fields`) of the records of `table` whose ids are these
/// numbers, in their order; unknown ones are skipped.
pub async fn rows_by_numbers<T: DeserializeOwned>(
    db: &Db,
    table: &str,
    fields: &str,
    numbers: &[u64],
) -> Result<Vec<T>> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = numbers.iter().map(|&n| n as i64).collect();
    db.query(format!(
        "SELECT {fields} FROM $ids.map(|$n| type::record($table, $n))"
    ))
    .bind(("ids", ids))
    .bind(("table", table.to_owned()))
    .await?
    .check()?
    .rows(0)
}

/// How many records `table` has.
pub async fn count_all(db: &Db, table: &str) -> Result<u64> {
    db.query(format!("SELECT count() FROM {table} GROUP ALL"))
        .await?
        .check()?
        .count(0)
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

/// How many rows of `table` hold each of `keys` in `field`.
///
/// One statement with a `count() … GROUP ALL` subquery per key, the key
/// written into it: with a literal key the engine counts the index entries
/// without reading a row (`IndexCountScan`; with the key as a bound
/// parameter, SurrealDB 3.3.5 reads every matching row). `GROUP BY field`
/// over `field IN $keys` read every matching row too: a page of
/// much-discussed proposals cost as much as all their comments, and grew
/// with every comment. A statement per key instead cost a transaction
/// each, which under load took more than the rows (deployment guide §6).
pub async fn counts_per_key(
    db: &Db,
    table: &'static str,
    field: &'static str,
    keys: &[u64],
) -> Result<HashMap<u64, u64>> {
    let each = keys.iter().map(|&key| (key, format!("{field} = {key}")));
    counted(db, table, each).await
}

/// How many rows of `table` hold each of `keys` in `field` together with
/// each of `values` in `by`, the next field of the same index: all pairs
/// in one statement, as [`counts_per_key`] counts. `values` are enums or
/// booleans; an enum is written as its serde name.
pub async fn counts_per_key_and<V>(
    db: &Db,
    table: &'static str,
    field: &'static str,
    keys: &[u64],
    by: &'static str,
    values: &[V],
) -> Result<HashMap<(u64, V), u64>>
where
    V: serde::Serialize + Copy + Eq + std::hash::Hash,
{
    let mut each = Vec::with_capacity(keys.len() * values.len());
    for &key in keys {
        for &value in values {
            let condition = format!("{field} = {key} AND {by} = {}", literal(&value)?);
            each.push(((key, value), condition));
        }
    }
    counted(db, table, each).await
}

/// The rows of `table` matching each condition, in one statement, by the
/// condition's key; keys that no row matches are left out.
async fn counted<K: Eq + std::hash::Hash>(
    db: &Db,
    table: &str,
    each: impl IntoIterator<Item = (K, String)>,
) -> Result<HashMap<K, u64>> {
    let (keys, conditions): (Vec<K>, Vec<String>) = each.into_iter().unzip();
    if conditions.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: Vec<String> = conditions
        .iter()
        .map(|condition| format!("(({})[0].count ?? 0)", count_select(table, condition)))
        .collect();
    let counts: Vec<u64> = db
        .query(format!("RETURN [{}]", counts.join(", ")))
        .await?
        .check()?
        .rows(0)?;
    Ok(keys
        .into_iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .collect())
}

/// Counts the rows matching `condition`: a single `{ count }` row, none
/// when nothing matched.
fn count_select(table: &str, condition: &str) -> String {
    format!("SELECT count() FROM {table} WHERE {condition} GROUP ALL")
}

/// A value as a SurrealQL literal: a string as JSON writes it (SurrealQL
/// reads double-quoted strings with the same escapes), or a boolean.
fn literal(value: &impl serde::Serialize) -> Result<String> {
    match serde_json::to_value(value)? {
        value @ (serde_json::Value::String(_) | serde_json::Value::Bool(_)) => {
            Ok(value.to_string())
        }
        other => Err(Error::Internal(format!(
            "kein Zählwert für eine Abfrage: {other}"
        ))),
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
            db: "rocksdb:///proc/digitale-stadt/db".parse().unwrap(),
            ..DbConfig::default()
        };
        let err = connect(&config).await.unwrap_err();
        assert!(matches!(err, Error::DataDir { .. }), "{err}");
        assert!(err.to_string().contains("/proc/digitale-stadt/db"), "{err}");
    }

    #[tokio::test]
    async fn refuses_the_other_engines_directory() {
        let dir = std::env::temp_dir().join(format!("ds-other-engine-{}", std::process::id()));
        let open = |engine: &str| {
            let config = DbConfig {
                db: format!("{engine}://{}", dir.display()).parse().unwrap(),
                ..DbConfig::default()
            };
            async move { connect(&config).await }
        };
        // A SurrealKV database where the default now opens RocksDB.
        let db = open("surrealkv").await.unwrap();
        db.query("CREATE note:1").await.unwrap();
        close(db).await;
        let err = open("rocksdb").await.unwrap_err();
        assert!(matches!(err, Error::OtherEngine(_)), "{err}");
        assert!(err.to_string().contains("surrealkv://"), "{err}");
        let _ = fs::remove_dir_all(&dir);

        let db = open("rocksdb").await.unwrap();
        close(db).await;
        let err = open("surrealkv").await.unwrap_err();
        assert!(
            err.to_string().contains("holds a rocksdb database"),
            "{err}"
        );
        let _ = fs::remove_dir_all(&dir);
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
    async fn counts_per_key_counts_each_key_off_its_index() {
        let db = connect(&DbConfig::default()).await.unwrap();
        db.query(
            "DEFINE INDEX note_topic ON note FIELDS topic, side;
             CREATE note:1 SET topic = 7, side = 'pro'; CREATE note:2 SET topic = 7, side = 'contra';
             CREATE note:3 SET topic = 8, side = 'pro'; CREATE note:4 SET topic = 9, side = 'pro';",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
        assert_eq!(
            counts_per_key(&db, "note", "topic", &[7, 8, 10])
                .await
                .unwrap(),
            HashMap::from([(7, 2), (8, 1)])
        );
        assert_eq!(
            counts_per_key_and(
                &db,
                "note",
                "topic",
                &[7, 8, 10],
                "side",
                &["pro", "contra"]
            )
            .await
            .unwrap(),
            HashMap::from([((7, "pro"), 1), ((7, "contra"), 1), ((8, "pro"), 1)])
        );
        assert!(
            counts_per_key(&db, "note", "topic", &[])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            counts_per_key_and(&db, "note", "topic", &[7], "side", &[1])
                .await
                .is_err(),
            "only strings and booleans are written into the statement"
        );
        // What makes it cheap: the engine counts index entries.
        let statement = count_select("note", r#"topic = 7 AND side = "pro""#);
        let plan: Option<String> = db
            .query(format!("EXPLAIN {statement}"))
            .await
            .unwrap()
            .take(0)
            .unwrap();
        assert!(
            plan.unwrap_or_default().contains("IndexCountScan"),
            "{statement}"
        );
    }

    #[tokio::test]
    async fn closing_an_embedded_database_waits_until_it_can_be_opened_again() {
        for engine in ["rocksdb", "surrealkv"] {
            let dir =
                std::env::temp_dir().join(format!("ds-close-{engine}-{}", std::process::id()));
            let config = DbConfig {
                db: format!("{engine}://{}", dir.display()).parse().unwrap(),
                ..DbConfig::default()
            };
            let db = connect(&config).await.unwrap();
            db.query("CREATE note:1 SET text = 'bleibt'").await.unwrap();
            assert_eq!(
                engine_holds_lock(&dir),
                Some(true),
                "{engine}: the open engine holds its lock"
            );
            close(db).await;
            assert_eq!(engine_holds_lock(&dir), Some(false), "{engine}");

            let db = connect(&config).await.unwrap();
            let text: Option<String> = db
                .query("SELECT VALUE text FROM ONLY note:1")
                .await
                .unwrap()
                .take(0)
                .unwrap();
            assert_eq!(text.as_deref(), Some("bleibt"), "{engine}");
            close(db).await;
            let _ = fs::remove_dir_all(&dir);
        }
    }

    #[tokio::test]
    async fn opens_memory() {
        let db = connect(&DbConfig::default()).await.unwrap();
        db.health().await.unwrap();
    }
}
