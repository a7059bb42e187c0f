//! Command line and environment configuration of the `digitale-stadt` binary.
//! Every flag can also be set through a `DS_*` environment variable.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, Parser, Subcommand};
use url::Url;

use crate::db::{DbConfig, DbUrl};

#[derive(Debug, Parser)]
#[command(
    name = "digitale-stadt",
    version,
    about = "Digitale Stadt: participation and council information for German cities"
)]
pub struct Cli {
    /// Worker threads of the async runtime, which serve requests and make
    /// the embedded database's storage calls. The embedded RocksDB engine
    /// lets its calls block all but two of max(4, CPUs) workers, the number
    /// `surreal start` runs; with fewer, slow reads and commits can hold
    /// every worker at once.
    #[arg(long, global = true, env = "DS_WORKER_THREADS", default_value_t = default_worker_threads(), value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub worker_threads: u16,

    #[command(subcommand)]
    pub command: Command,
}

/// max(4, CPUs), as the embedded RocksDB engine assumes (its
/// `runtime_worker_threads`, kept in step with `surreal start`'s runtime).
fn default_worker_threads() -> u16 {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    u16::try_from(cpus.max(4)).unwrap_or(u16::MAX)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, the JSON API, OParl and Open311.
    Serve(ServeConfig),
    /// Apply pending database migrations and exit.
    Migrate(DbConfig),
    /// Apply migrations and load the demo city (only into an empty database).
    Seed(SeedConfig),
    /// Copy another OParl server's council into this one; run again to take
    /// over only what changed since (deletions included).
    ImportOparl(ImportConfig),
    /// Write the whole database (definitions and records) to a SurrealQL
    /// file: backups, and moving to another engine. Embedded databases only,
    /// with the server stopped.
    Export(TransferConfig),
    /// Read a file written by `export` into an empty database.
    Import(TransferConfig),
    /// Build the search index anew from the database: this folder's, with
    /// its server stopped, or every running server's (`--all-servers`).
    Reindex(ReindexConfig),
    /// Operator tasks: invitations for the first admin, key rotation.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Print a one-time registration link that gives the new account a role.
    Invite(InviteConfig),
    /// Create a new key for signing access tokens; older keys keep verifying
    /// unless `--retire-old`.
    RotateKeys(RotateKeysConfig),
}

/// Where the key file lies unless `--key-file` says otherwise: beside the
/// default database directory, not in it.
const DEFAULT_KEY_FILE: &str = "data/signing-keys.key";

/// Where an app server keeps its search index unless `--search-dir` says
/// otherwise: beside its embedded database, in memory with a database in
/// memory, and in `data/search` with a SurrealDB server.
pub fn search_place(chosen: Option<&crate::search::Place>, db: &DbConfig) -> crate::search::Place {
    use crate::{db::DbUrl, search::Place};
    let beside = |dir: &std::path::Path| {
        let mut name = dir.as_os_str().to_owned();
        name.push("-search");
        Place::Folder(PathBuf::from(name))
    };
    match (chosen, &db.db) {
        (Some(place), _) => place.clone(),
        (None, DbUrl::Memory) => Place::Memory,
        (None, DbUrl::RocksDb { dir, .. } | DbUrl::SurrealKv(dir)) => beside(dir),
        (None, DbUrl::Remote(_)) => Place::Folder(PathBuf::from("data/search")),
    }
}

#[derive(Debug, Clone, Args)]
pub struct RotateKeysConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// The key file the signing keys are encrypted with (as for `serve`).
    #[arg(long, env = "DS_KEY_FILE", default_value = DEFAULT_KEY_FILE)]
    pub key_file: PathBuf,

    /// End every older key at once: tokens signed with them stop working on
    /// every app server within a minute (for a key that may have leaked).
    #[arg(long)]
    pub retire_old: bool,
}

#[derive(Debug, Clone, Args)]
pub struct InviteConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// Role of the account registered with the link.
    #[arg(long, default_value = "admin")]
    pub role: shared::accounts::Role,

    /// Hours until the link expires.
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=720))]
    pub valid_hours: u32,

    /// The URL citizens use to reach the server (the link's base).
    #[arg(long, env = "DS_PUBLIC_URL", default_value = "http://localhost:8080/")]
    pub public_url: Url,
}

#[derive(Debug, Clone, Args)]
pub struct TransferConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// The SurrealQL file, e.g. digitale-stadt-2026-12-06.surql
    pub file: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct SeedConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// Multiplies the demo council's meetings (60) and papers (200), e.g.
    /// 500 for a benchmark council with 100,000 papers.
    #[arg(long, env = "DS_SEED_SCALE", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub scale: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ImportConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// The other server's OParl entry point, e.g. https://ris.example/oparl/v1/system
    pub system_url: Url,
}

#[derive(Debug, Clone, Args)]
pub struct ReindexConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// Folder of the search index to build (default as for `serve`); the
    /// server using it must be stopped.
    #[arg(long, env = "DS_SEARCH_DIR")]
    pub search_dir: Option<crate::search::Place>,

    /// Build no index here; make every running app server build its own
    /// anew, in the background, while it answers (after a restore with
    /// `surreal import`, which leaves the change feed empty).
    #[arg(long)]
    pub all_servers: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    #[command(flatten)]
    pub db: DbConfig,

    /// Address and port to listen on.
    #[arg(long, env = "DS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// The URL citizens use to reach this server. It is the base of every
    /// public link and id (OParl, Open311) and the passkey origin.
    /// Defaults to http://localhost:<port the server listens on>.
    #[arg(long, env = "DS_PUBLIC_URL")]
    pub public_url: Option<Url>,

    /// File with the key that encrypts the token signing keys in the
    /// database; made on first start. Keep it out of database backups and
    /// give every app server of an installation the same file.
    #[arg(long, env = "DS_KEY_FILE", default_value = DEFAULT_KEY_FILE)]
    pub key_file: PathBuf,

    /// Folder with the built web app (index.html, wasm/, app.css).
    #[arg(long, env = "DS_SITE", default_value = "target/site")]
    pub site: PathBuf,

    /// Folder of this app server's search index, which it builds from the
    /// database and keeps in step with it (`mem://`: in memory, built at
    /// every start). Each app server needs its own; the folder belongs to
    /// the index and is emptied when the index is built anew. Default: the
    /// database folder's name with `-search` (`data/db-search`), in memory
    /// for `mem://`, `data/search` for a SurrealDB server.
    #[arg(long, env = "DS_SEARCH_DIR")]
    pub search_dir: Option<crate::search::Place>,

    /// Load the demo city when the database is empty.
    #[arg(long, env = "DS_DEMO")]
    pub demo: bool,

    /// Seconds after which a request is answered with 408.
    #[arg(long, env = "DS_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_secs: u64,

    /// Largest accepted request body of the JSON API, in bytes.
    #[arg(long, env = "DS_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,

    /// Largest accepted upload of a council document (PDF), in bytes.
    #[arg(long, env = "DS_UPLOAD_LIMIT", default_value_t = 20 * 1024 * 1024)]
    pub upload_limit: usize,

    /// Sign-in, registration and recovery requests allowed per client address and minute.
    #[arg(long, env = "DS_SIGN_IN_PER_MINUTE", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_per_minute: u32,

    /// Writes allowed per client address and minute, and per account and minute.
    #[arg(long, env = "DS_WRITES_PER_MINUTE", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub writes_per_minute: u32,

    /// Reverse proxies in front of the server that append the client's
    /// address to X-Forwarded-For (1 for one nginx or Caddy). The rate
    /// limits count the address the outermost of them added; 0 ignores the
    /// header, which a client could otherwise fill with any address.
    #[arg(long, env = "DS_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: u8,

    /// Open reports after which content is hidden until a moderator decides.
    #[arg(long, env = "DS_REPORTS_TO_HIDE", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub reports_to_hide: u32,

    /// Memory for rendered OParl answers, in MiB (the rendering is what
    /// harvesters cost; a small server can trade it for memory).
    #[arg(long, env = "DS_OPARL_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u32).range(0..=65_536))]
    pub oparl_cache_mb: u32,

    /// With surrealkv:// only: seconds the database may leave a read
    /// unanswered before the server ends itself for the service manager to
    /// restart it (that engine can deadlock, see `docs/deployment.md`);
    /// 0 turns this off.
    #[arg(long, env = "DS_DB_WATCHDOG_SECS", default_value_t = 60)]
    pub db_watchdog_secs: u64,

    /// Steps Equal Shares may take for a Pabulib file anyone sends in for
    /// checking; the default is about ten times what a city-sized election
    /// takes.
    #[arg(long, env = "DS_PABULIB_CHECK_STEPS", default_value_t = crate::budget::rules::CHECK_STEPS)]
    pub pabulib_check_steps: u64,

    #[command(flatten)]
    pub sessions: crate::accounts::sessions::Lifetimes,

    #[command(flatten)]
    pub defects: crate::defects::Settings,

    #[command(flatten)]
    pub ocr: crate::council::ocr::Settings,
}

impl ServeConfig {
    /// How long the watchdog lets the database stay silent, where one runs:
    /// only SurrealKV is known to hang (RocksDB is not, and a SurrealDB
    /// server that goes away is answered with 503 until it is back).
    pub fn db_watchdog(&self) -> Option<Duration> {
        let hangs = matches!(self.db.db, DbUrl::SurrealKv(_));
        (hangs && self.db_watchdog_secs > 0).then(|| Duration::from_secs(self.db_watchdog_secs))
    }

    pub fn oparl_cache_bytes(&self) -> usize {
        self.oparl_cache_mb as usize * 1024 * 1024
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn limits(&self) -> crate::accounts::limits::Limits {
        crate::accounts::limits::Limits {
            sign_in_per_minute: self.sign_in_per_minute,
            writes_per_minute: self.writes_per_minute,
            trusted_proxies: self.trusted_proxies,
        }
    }

    /// Settings for a server on a free loopback port with an in-memory database.
    pub fn for_tests() -> Self {
        Self {
            db: DbConfig::default(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            // One file for every test process: concurrent servers on one
            // SurrealDB server need the same key, as an installation's do.
            key_file: std::env::temp_dir().join("digitale-stadt-tests.key"),
            site: PathBuf::from("target/site"),
            // Many test servers run in one process, also on one SurrealDB
            // server: each keeps its index in memory.
            search_dir: Some(crate::search::Place::Memory),
            demo: false,
            request_timeout_secs: 30,
            body_limit: 1024 * 1024,
            upload_limit: 20 * 1024 * 1024,
            // Tests sign in many times from one address; the limit tests lower these.
            sign_in_per_minute: 100_000,
            writes_per_minute: 100_000,
            trusted_proxies: 0,
            reports_to_hide: 3,
            oparl_cache_mb: 64,
            // A test process must not be ended from inside.
            db_watchdog_secs: 0,
            pabulib_check_steps: crate::budget::rules::CHECK_STEPS,
            sessions: crate::accounts::sessions::Lifetimes::default(),
            defects: crate::defects::Settings::default(),
            ocr: crate::council::ocr::Settings::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_reads_flags() {
        let cli = Cli::try_parse_from([
            "digitale-stadt",
            "serve",
            "--bind",
            "0.0.0.0:9000",
            "--db",
            "mem://",
            "--demo",
            "--ocr",
            "false",
            "--ocr-language",
            "deu+eng",
        ])
        .unwrap();
        let Command::Serve(serve) = cli.command else {
            panic!("expected serve")
        };
        assert_eq!(serve.bind.port(), 9000);
        assert_eq!(serve.db.db, DbUrl::Memory);
        assert!(serve.demo);
        assert!(!serve.ocr.enabled);
        assert_eq!(serve.ocr.language, "deu+eng");
        let language = Cli::try_parse_from(["digitale-stadt", "serve", "--ocr-language", "deu;rm"]);
        assert!(language.is_err());
    }

    #[test]
    fn cli_refuses_a_bad_db_scheme() {
        let err =
            Cli::try_parse_from(["digitale-stadt", "migrate", "--db", "mysql://x"]).unwrap_err();
        assert!(
            err.to_string().contains("unsupported database scheme"),
            "{err}"
        );
    }
}
