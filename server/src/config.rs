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
    /// Operator tasks: invitations for the first admin, key rotation.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Print a one-time registration link that gives the new account a role.
    Invite(InviteConfig),
    /// Create a new key for signing access tokens; older keys keep verifying.
    RotateKeys(DbConfig),
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

    /// Take the client address from X-Forwarded-For. Only behind a reverse
    /// proxy that sets it; otherwise clients could pick their own address.
    #[arg(long, env = "DS_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// Open reports after which content is hidden until a moderator decides.
    #[arg(long, env = "DS_REPORTS_TO_HIDE", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub reports_to_hide: u32,

    /// Memory for rendered OParl answers, in MiB (the rendering is what
    /// harvesters cost; a small server can trade it for memory).
    #[arg(long, env = "DS_OPARL_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u32).range(0..=65_536))]
    pub oparl_cache_mb: u32,

    /// Seconds the database may leave a read unanswered before the server
    /// ends itself for the service manager to restart it (the embedded
    /// engine can deadlock, see `docs/deployment.md`); 0 turns this off.
    #[arg(long, env = "DS_DB_WATCHDOG_SECS", default_value_t = 60)]
    pub db_watchdog_secs: u64,

    #[command(flatten)]
    pub defects: crate::defects::Settings,
}

impl ServeConfig {
    pub fn db_watchdog(&self) -> Option<Duration> {
        (self.db_watchdog_secs > 0).then(|| Duration::from_secs(self.db_watchdog_secs))
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
            trust_forwarded_for: self.trust_forwarded_for,
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
            site: PathBuf::from("target/site"),
            demo: false,
            request_timeout_secs: 30,
            body_limit: 1024 * 1024,
            upload_limit: 20 * 1024 * 1024,
            // Tests sign in many times from one address; the limit tests lower these.
            sign_in_per_minute: 100_000,
            writes_per_minute: 100_000,
            trust_forwarded_for: false,
            reports_to_hide: 3,
            oparl_cache_mb: 64,
            // A test process must not be ended from inside.
            db_watchdog_secs: 0,
            defects: crate::defects::Settings::default(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DbConfig {
    /// Database: surrealkv://PATH (embedded, default), mem:// (in memory, lost on exit)
    /// or ws://HOST:PORT (a SurrealDB server).
    #[arg(long = "db", env = "DS_DB", default_value = "surrealkv://./data/db")]
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
    SurrealKv(PathBuf),
    Remote(Url),
}

impl DbUrl {
    pub fn memory() -> Self {
        Self::Memory
    }

    /// The endpoint string `surrealdb::engine::any::connect` understands.
    pub fn endpoint(&self) -> String {
        match self {
            Self::Memory => "mem://".into(),
            Self::SurrealKv(path) => format!("surrealkv://{}", path.display()),
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
        if let Some(path) = s.strip_prefix("surrealkv://") {
            if path.is_empty() {
                return Err("surrealkv:// needs a directory, e.g. surrealkv://./data/db".into());
            }
            return Ok(Self::SurrealKv(PathBuf::from(path)));
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
            "unsupported database scheme {scheme:?}: use surrealkv://PATH (embedded), mem:// (in memory) or ws://HOST:PORT (SurrealDB server)"
        ))
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.endpoint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_supported_schemes() {
        assert_eq!("mem://".parse::<DbUrl>(), Ok(DbUrl::Memory));
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
            err.contains("\"postgres\"") && err.contains("surrealkv://"),
            "{err}"
        );
        assert!("ws://localhost".parse::<DbUrl>().is_err());
        assert!("surrealkv://".parse::<DbUrl>().is_err());
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
