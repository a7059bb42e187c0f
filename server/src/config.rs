//! Command line and environment configuration of the `digitale-stadt` binary.
//! Every flag can also be set through a `DS_*` environment variable.

use std::{fmt, net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

use clap::{Args, Parser, Subcommand};
use url::Url;

#[derive(Debug, Parser)]
#[command(
    name = "digitale-stadt",
    version,
    about = "Digitale Stadt: participation and council information for German cities"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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

    pub fn moderation_rules(&self) -> crate::moderation::Rules {
        crate::moderation::Rules {
            reports_to_hide: self.reports_to_hide,
        }
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
            db: DbConfig {
                db: DbUrl::memory(),
                ..DbConfig::default()
            },
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            // One file for every test process: concurrent servers on one
            // SurrealDB server need the same key, as an installation's do.
            key_file: std::env::temp_dir().join("digitale-stadt-tests.key"),
            site: PathBuf::from("target/site"),
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
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DbConfig {
    /// Database: rocksdb://PATH (embedded, default; `?sync=every|never|<interval>`),
    /// mem:// (in memory, lost on exit), ws://HOST:PORT (a SurrealDB server), or
    /// surrealkv://PATH (the former embedded engine, to move off it).
    #[arg(long = "db", env = "DS_DB", default_value = "rocksdb://./data/db")]
    pub db: DbUrl,

    /// User for a SurrealDB server (ws://); embedded databases need none.
    #[arg(long, env = "DS_DB_USER", requires = "db_pass")]
    pub db_user: Option<String>,

    /// Password for a SurrealDB server.
    #[arg(long, env = "DS_DB_PASS", hide_env_values = true, requires = "db_user")]
    pub db_pass: Option<String>,

    /// SurrealDB namespace.
    #[arg(long, env = "DS_DB_NAMESPACE", default_value = "digitale_stadt")]
    pub db_namespace: String,

    /// SurrealDB database within the namespace.
    #[arg(long, env = "DS_DB_DATABASE", default_value = "main")]
    pub db_database: String,
}

impl Default for DbConfig {
    fn default() -> Self {
        Self {
            db: DbUrl::memory(),
            db_user: None,
            db_pass: None,
            db_namespace: "digitale_stadt".into(),
            db_database: "main".into(),
        }
    }
}

/// A database address this build can open. Parsed up front so that a typo in
/// `--db` is reported before anything starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Memory,
    /// Embedded RocksDB in a directory: the default engine.
    RocksDb {
        dir: PathBuf,
        sync: CommitSync,
    },
    /// Embedded SurrealKV 0.21.4, the default until RocksDB replaced it. It
    /// loses an answered write when the process is killed and can deadlock
    /// (docs/deployment.md, section 1); it stays readable so that an
    /// installation can `export` its data and move.
    SurrealKv(PathBuf),
    Remote(Url),
}

/// When embedded RocksDB makes a commit durable, the `sync` parameter of a
/// `rocksdb://` address (SurrealDB's own names for the three modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitSync {
    /// The log is synced to disk before a commit is answered (concurrent
    /// commits share one sync): nothing answered is lost, not even on a
    /// power cut.
    #[default]
    Every,
    /// The log is written to the operating system at every commit and synced
    /// whenever it decides: a killed process loses nothing, a power cut or
    /// kernel crash may lose the last answered writes.
    Never,
    /// The log stays in the process and is written and synced every
    /// interval (over 100 ms): a kill or a power cut loses up to one
    /// interval of answered writes.
    Interval(Duration),
}

impl DbUrl {
    pub fn memory() -> Self {
        Self::Memory
    }

    /// The directory of an embedded engine on disk.
    pub fn embedded_dir(&self) -> Option<&std::path::Path> {
        match self {
            Self::RocksDb { dir, .. } | Self::SurrealKv(dir) => Some(dir),
            Self::Memory | Self::Remote(_) => None,
        }
    }

    /// The endpoint string `surrealdb::engine::any::connect` understands.
    pub fn endpoint(&self) -> String {
        match self {
            Self::Memory => "mem://".into(),
            Self::RocksDb { dir, sync } => match sync {
                CommitSync::Every => format!("rocksdb://{}", dir.display()),
                sync => format!("rocksdb://{}?sync={sync}", dir.display()),
            },
            Self::SurrealKv(dir) => format!("surrealkv://{}", dir.display()),
            Self::Remote(url) => url.as_str().trim_end_matches('/').to_owned(),
        }
    }
}

impl FromStr for DbUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "mem://" || s == "memory" {
            return Ok(Self::Memory);
        }
        if let Some(rest) = s.strip_prefix("rocksdb://") {
            let (dir, query) = rest.split_once('?').unwrap_or((rest, ""));
            if dir.is_empty() {
                return Err("rocksdb:// needs a directory, e.g. rocksdb://./data/db".into());
            }
            let mut sync = CommitSync::Every;
            for pair in query.split('&').filter(|pair| !pair.is_empty()) {
                match pair.split_once('=') {
                    Some(("sync", value)) => sync = value.parse()?,
                    _ => {
                        return Err(format!(
                            "unknown parameter {pair:?} of a rocksdb:// address: only sync=every|never|<interval> is taken"
                        ));
                    }
                }
            }
            return Ok(Self::RocksDb {
                dir: PathBuf::from(dir),
                sync,
            });
        }
        if let Some(dir) = s.strip_prefix("surrealkv://") {
            if dir.is_empty() || dir.contains('?') {
                return Err("surrealkv:// needs a directory and takes no parameters, e.g. surrealkv://./data/db".into());
            }
            return Ok(Self::SurrealKv(PathBuf::from(dir)));
        }
        if s.starts_with("ws://") {
            let url = Url::parse(s).map_err(|e| format!("not a valid ws:// address: {e}"))?;
            if url.host_str().is_none() || url.port().is_none() {
                return Err(
                    "a SurrealDB server address needs a host and a port, e.g. ws://127.0.0.1:8000"
                        .into(),
                );
            }
            return Ok(Self::Remote(url));
        }
        let scheme = s.split_once("://").map_or(s, |(scheme, _)| scheme);
        Err(format!(
            "unsupported database scheme {scheme:?}: use rocksdb://PATH (embedded), mem:// (in memory), ws://HOST:PORT (SurrealDB server) or surrealkv://PATH (former embedded engine)"
        ))
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.endpoint())
    }
}

impl FromStr for CommitSync {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            format!(
                "sync={s:?}: use every (the default), never, or an interval from over 100 ms to 1 h such as 500ms, 2s, 5m or 1h"
            )
        };
        match s {
            "every" => return Ok(Self::Every),
            "never" => return Ok(Self::Never),
            _ => {}
        }
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(invalid)?;
        let (number, unit) = s.split_at(split);
        let number: u64 = number.parse().map_err(|_| invalid())?;
        let seconds = |factor: u64| Duration::from_secs(number.saturating_mul(factor));
        let interval = match unit {
            "ms" => Duration::from_millis(number),
            "s" => seconds(1),
            "m" => seconds(60),
            "h" => seconds(3600),
            _ => return Err(invalid()),
        };
        // SurrealDB ignores 100 ms and less and syncs every commit; beyond
        // an hour the log would in effect never be synced.
        if interval <= Duration::from_millis(100) || interval > Duration::from_secs(3600) {
            return Err(invalid());
        }
        Ok(Self::Interval(interval))
    }
}

impl fmt::Display for CommitSync {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Every => f.write_str("every"),
            Self::Never => f.write_str("never"),
            Self::Interval(interval) if interval.subsec_millis() == 0 => {
                write!(f, "{}s", interval.as_secs())
            }
            Self::Interval(interval) => write!(f, "{}ms", interval.as_millis()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_supported_schemes() {
        assert_eq!("mem://".parse::<DbUrl>(), Ok(DbUrl::Memory));
        assert_eq!(
            "rocksdb://./data/db".parse::<DbUrl>(),
            Ok(DbUrl::RocksDb {
                dir: "./data/db".into(),
                sync: CommitSync::Every
            })
        );
        assert_eq!(
            "rocksdb:///var/lib/ds"
                .parse::<DbUrl>()
                .map(|u| u.endpoint()),
            Ok("rocksdb:///var/lib/ds".into())
        );
        assert_eq!(
            "surrealkv://./data/db".parse::<DbUrl>(),
            Ok(DbUrl::SurrealKv("./data/db".into()))
        );
        assert_eq!(
            "surrealkv:///var/lib/ds"
                .parse::<DbUrl>()
                .map(|u| u.endpoint()),
            Ok("surrealkv:///var/lib/ds".into())
        );
        assert_eq!(
            "ws://127.0.0.1:8000".parse::<DbUrl>().map(|u| u.endpoint()),
            Ok("ws://127.0.0.1:8000".into())
        );
    }

    #[test]
    fn rejects_unknown_schemes_with_the_alternatives() {
        let err = "postgres://localhost/db".parse::<DbUrl>().unwrap_err();
        assert!(
            err.contains("\"postgres\"") && err.contains("rocksdb://"),
            "{err}"
        );
        assert!("ws://localhost".parse::<DbUrl>().is_err());
        assert!("surrealkv://".parse::<DbUrl>().is_err());
        assert!("rocksdb://".parse::<DbUrl>().is_err());
        assert!("rocksdb://?sync=never".parse::<DbUrl>().is_err());
    }

    #[test]
    fn takes_the_sync_mode_of_a_rocksdb_address() {
        let sync = |url: &str| match url.parse::<DbUrl>() {
            Ok(DbUrl::RocksDb { sync, .. }) => Ok(sync),
            Ok(other) => panic!("{other:?}"),
            Err(err) => Err(err),
        };
        assert_eq!(sync("rocksdb://db?sync=every"), Ok(CommitSync::Every));
        assert_eq!(sync("rocksdb://db?sync=never"), Ok(CommitSync::Never));
        assert_eq!(
            sync("rocksdb://db?sync=500ms"),
            Ok(CommitSync::Interval(Duration::from_millis(500)))
        );
        assert_eq!(
            sync("rocksdb://db?sync=2s"),
            Ok(CommitSync::Interval(Duration::from_secs(2)))
        );
        assert_eq!(
            sync("rocksdb://db?sync=1h"),
            Ok(CommitSync::Interval(Duration::from_secs(3600)))
        );
        // SurrealDB would sync every commit for the short ones and fall back
        // to the default for the words; beyond an hour is never, in effect.
        for bad in [
            "sometimes",
            "100ms",
            "50ms",
            "61m",
            "2h",
            "s",
            "",
            "-1s",
            "1m30s",
        ] {
            let err = sync(&format!("rocksdb://db?sync={bad}")).unwrap_err();
            assert!(
                err.contains("every") && err.contains("never"),
                "{bad}: {err}"
            );
        }
        assert!(
            sync("rocksdb://db?cache=1G")
                .unwrap_err()
                .contains("\"cache=1G\"")
        );
        // What the engine is handed reads back the same.
        for url in [
            "rocksdb://db",
            "rocksdb://db?sync=never",
            "rocksdb://db?sync=1500ms",
        ] {
            assert_eq!(
                url.parse::<DbUrl>().map(|u| u.endpoint()),
                Ok(url.to_owned())
            );
        }
    }

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
        ])
        .unwrap();
        let Command::Serve(serve) = cli.command else {
            panic!("expected serve")
        };
        assert_eq!(serve.bind.port(), 9000);
        assert_eq!(serve.db.db, DbUrl::Memory);
        assert!(serve.demo);
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
