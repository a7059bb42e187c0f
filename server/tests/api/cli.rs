//! The `digitale-stadt` binary as an operator meets it: clear one-line errors
//! for bad input, and data in the embedded database that survives a restart.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    process::{Child, Command, Output, Stdio},
};

use shared::city::City;

use crate::helpers::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_digitale-stadt");

/// The key file of the tests, not one in the working directory.
fn key_file() -> std::path::PathBuf {
    digitale_stadt::config::ServeConfig::for_tests().key_file
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .env("DS_KEY_FILE", key_file())
        .output()
        .expect("binary runs")
}

/// Exactly one `error:` line, no panic, no backtrace, failure exit code.
fn assert_one_clear_error(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let errors: Vec<_> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(expected), "{stderr}");
}

#[test]
fn unknown_database_scheme_is_one_clear_line() {
    let output = run(&["serve", "--db", "postgres://localhost/ds"]);
    assert_one_clear_error(&output, "unsupported database scheme \"postgres\"");
}

#[test]
fn port_in_use_is_one_clear_line() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = run(&["serve", "--db", "mem://", "--bind", &addr]);
    assert_one_clear_error(&output, &format!("cannot listen on {addr}"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--bind"));
}

#[test]
fn unwritable_data_dir_is_one_clear_line() {
    let output = run(&[
        "serve",
        "--db",
        "rocksdb:///proc/digitale-stadt/db",
        "--bind",
        "127.0.0.1:0",
    ]);
    assert_one_clear_error(
        &output,
        "cannot use the data directory /proc/digitale-stadt/db",
    );
}

#[test]
fn signing_keys_can_be_retired_and_need_their_key_file() {
    let dir = TempDir::new("keys");
    let db = format!("rocksdb://{}", dir.join("db").display());
    let key = dir.join("signing.key").display().to_string();
    let rotate = |extra: &[&str]| {
        let mut args = vec!["admin", "rotate-keys", "--db", &db, "--key-file", &key];
        args.extend(extra);
        run(&args)
    };
    let retired = rotate(&["--retire-old"]);
    assert!(
        retired.status.success(),
        "{}",
        String::from_utf8_lossy(&retired.stderr)
    );
    assert!(String::from_utf8_lossy(&retired.stdout).contains("retired"));
    assert!(dir.join("signing.key").is_file(), "made on first use");

    std::fs::remove_file(dir.join("signing.key")).unwrap();
    assert_one_clear_error(&rotate(&[]), "fehlt");
    // A lost key file: new keys under a new file, the old ones retired.
    assert!(rotate(&["--retire-old"]).status.success());
    assert!(dir.join("signing.key").is_file());
    assert!(
        rotate(&[]).status.success(),
        "the new file opens the new key"
    );
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts `serve` on a free port and waits for the line with its address.
    fn start(db: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db, "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .env("DS_KEY_FILE", key_file())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("server prints its address");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        assert!(
            url.starts_with("http://localhost:"),
            "unexpected first line {line:?}"
        );
        Self { child, url }
    }

    async fn city(&self) -> reqwest::Response {
        reqwest::get(format!("{}/api/v1/city", self.url))
            .await
            .expect("request sent")
    }

    /// SIGTERM, as systemd or Ctrl-C would; the server must exit cleanly.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let status = self.child.wait().expect("server exits");
        assert!(status.success(), "server exited with {status}");
    }
}

#[tokio::test]
async fn demo_data_survives_a_restart() {
    let dir = TempDir::new("restart");
    let db = format!("rocksdb://{}", dir.join("db").display());

    let first = Server::start(&db, &["--demo"]);
    let city: City = first.city().await.json().await.unwrap();
    assert_eq!(city.name, "Münster");
    assert!(
        log_bytes(&dir.join("db")) > 0,
        "the demo city is written to the log first"
    );
    first.stop();
    // A stopped server has written its memtable out: the next start has
    // nothing to replay into memory.
    assert_eq!(
        log_bytes(&dir.join("db")),
        0,
        "log left behind after a clean stop"
    );

    let second = Server::start(&db, &[]);
    let again: City = second.city().await.json().await.unwrap();
    assert_eq!(again, city);
    second.stop();
}

/// The way a city moves off SurrealKV: export, import into a new RocksDB
/// directory, and every table reads the same.
#[tokio::test]
async fn export_and_import_move_a_city_from_surrealkv_to_rocksdb_unchanged() {
    let dir = TempDir::new("move");
    let from = format!("surrealkv://{}", dir.join("surrealkv").display());
    let to = format!("rocksdb://{}", dir.join("rocksdb").display());
    let file = dir.join("stadt.surql");
    let file = file.to_str().unwrap();
    succeeds(&run(&["seed", "--db", &from]));
    succeeds(&run(&["export", "--db", &from, file]));
    let imported = run(&["import", "--db", &to, file]);
    succeeds(&imported);
    assert!(
        String::from_utf8_lossy(&imported.stdout).contains("0 migration(s) applied"),
        "the copy carries its migrations"
    );

    let before = every_table(&from).await;
    let after = every_table(&to).await;
    assert!(before.len() > 30, "{:?}", before.keys());
    assert!(!before["council_file_content"].is_empty());
    for (table, rows) in &before {
        if table == "search_state" {
            // The import renews the epoch: every search index is built anew.
            assert_ne!(after.get(table), Some(rows));
            continue;
        }
        assert_eq!(after.get(table), Some(rows), "table {table}");
    }
    assert_eq!(before.len(), after.len());

    // A second import would mix two cities.
    assert_one_clear_error(
        &run(&["import", "--db", &to, file]),
        "import only into an empty database",
    );
    assert_one_clear_error(
        &run(&["import", "--db", &to, "/nonexistent.surql"]),
        "not a file written by `digitale-stadt export`",
    );
    assert_one_clear_error(
        &run(&["export", "--db", "ws://127.0.0.1:1", file]),
        "surreal export",
    );
    assert_one_clear_error(
        &run(&["import", "--db", "mem://", file]),
        "mem:// keeps nothing",
    );
    let nowhere = format!("rocksdb://{}", dir.join("nowhere").display());
    assert_one_clear_error(
        &run(&["export", "--db", &nowhere, file]),
        "holds no database to export",
    );
    // The refused export left the earlier file alone and no partial one.
    assert!(std::path::Path::new(file).is_file());
    assert!(!dir.join("stadt.surql.partial").exists());
}

fn succeeds(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every row of every table, in id order.
async fn every_table(url: &str) -> std::collections::BTreeMap<String, Vec<serde_json::Value>> {
    use digitale_stadt::db;
    let db = db::connect(&db::DbConfig {
        db: url.parse().unwrap(),
        ..db::DbConfig::default()
    })
    .await
    .unwrap();
    let info: Option<serde_json::Value> = db.query("INFO FOR DB").await.unwrap().take(0).unwrap();
    let mut tables = std::collections::BTreeMap::new();
    for table in info.unwrap()["tables"].as_object().unwrap().keys() {
        let rows: Vec<serde_json::Value> = db
            .query("SELECT * FROM type::table($table) ORDER BY id")
            .bind(("table", table.clone()))
            .await
            .unwrap()
            .take(0)
            .unwrap();
        tables.insert(table.clone(), rows);
    }
    db::close(db).await;
    tables
}

#[test]
fn migrate_and_seed_commands_report_what_they_did() {
    let dir = TempDir::new("seed");
    let db = format!("rocksdb://{}", dir.join("db").display());
    let migrated = run(&["migrate", "--db", &db]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(String::from_utf8_lossy(&migrated.stdout).contains("migration(s) applied"));

    let seeded = run(&["seed", "--db", &db]);
    assert!(String::from_utf8_lossy(&seeded.stdout).contains("demo city loaded"));
    let again = run(&["seed", "--db", &db]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already has a city; nothing changed"));
}

#[test]
fn importing_from_a_server_that_is_not_there_is_one_clear_line() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let system = format!("http://{addr}/oparl/v1/system");
    let output = run(&["import-oparl", "--db", "mem://", &system]);
    assert_one_clear_error(&output, "OParl-Import");
}

#[tokio::test]
async fn import_oparl_copies_a_running_server_and_prints_a_summary() {
    let source = crate::helpers::spawn_demo_app().await;
    let dir = TempDir::new("import");
    let db = format!("rocksdb://{}", dir.join("db").display());
    let system = source.url("/oparl/v1/system");
    let output = tokio::task::spawn_blocking(move || run(&["import-oparl", "--db", &db, &system]))
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Vollständig übernommen"), "{stdout}");
    assert!(stdout.contains("Dateien heruntergeladen"), "{stdout}");
}

/// Bytes in the write-ahead log of the RocksDB database in `dir` (its
/// `NNNNNN.log` files; the engine's own diary is `LOG`).
fn log_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("directory readable")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "log"))
        .filter_map(|entry| entry.metadata().ok())
        .map(|meta| meta.len())
        .sum()
}

#[test]
fn reindex_builds_the_search_index_beside_the_database_with_progress() {
    let dir = TempDir::new("reindex");
    let db = format!("rocksdb://{}", dir.join("db").display());
    succeeds(&run(&["seed", "--db", &db]));

    let built = run(&["reindex", "--db", &db]);
    succeeds(&built);
    let stdout = String::from_utf8_lossy(&built.stdout);
    let stderr = String::from_utf8_lossy(&built.stderr);
    let prefix = format!(
        "search index in {} built: ",
        dir.join("db-search").display()
    );
    let documents: u64 = stdout
        .split_once(&prefix)
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    // The demo council alone has 200 papers and 60 meetings.
    assert!(documents > 260, "{stdout}");
    assert!(
        stderr.contains(&format!("{documents} / {documents} (100 %)")),
        "{stderr}"
    );
    assert!(dir.join("db-search").join("meta.json").is_file());

    let everywhere = run(&["reindex", "--db", &db, "--all-servers"]);
    succeeds(&everywhere);
    assert!(
        String::from_utf8_lossy(&everywhere.stdout).contains("every running app server"),
        "{everywhere:?}"
    );
}
