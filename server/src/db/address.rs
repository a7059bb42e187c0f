//! Where the database is and how to reach it: the `--db` flags, parsed up
//! front so that a typo is reported before anything starts.

use std::{fmt, path::PathBuf, str::FromStr, time::Duration};

use clap::Args;
use url::Url;

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
            db: DbUrl::Memory,
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
}
