//! Server processes that the crash, load and vote-storm tools start, kill
//! with SIGKILL and measure, exactly as an operator's init system would run them.

use std::{
    fs::{self, File},
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The embedded engine a tool runs the server on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// RocksDB, the default.
    Rocksdb,
    /// SurrealKV 0.21.4, the former default, for comparison.
    Surrealkv,
}

impl Engine {
    /// The `--db` address of a database of this engine in `dir`, with
    /// RocksDB's `sync` parameter where one is given.
    pub fn url(self, dir: &Path, sync: Option<&str>) -> String {
        let scheme = match self {
            Self::Rocksdb => "rocksdb",
            Self::Surrealkv => "surrealkv",
        };
        match sync {
            Some(sync) => format!("{scheme}://{}?sync={sync}", dir.display()),
            None => format!("{scheme}://{}", dir.display()),
        }
    }
}

/// How long a process may take to accept connections after its start.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a stopped server may take to end: longer than the two minutes
/// the server gives the embedded engine to write its memtables out.
const STOP_TIMEOUT: Duration = Duration::from_secs(150);

/// A child process listening on a loopback port.
pub struct Process {
    child: Child,
    pub addr: SocketAddr,
    name: String,
}

impl Process {
    /// Starts `binary args…`, logging to `log` (appended, so restarts keep
    /// the history), and waits until it accepts connections on `addr`.
    pub fn start(
        binary: &Path,
        args: &[String],
        addr: SocketAddr,
        log: &Path,
    ) -> Result<Self, String> {
        let open_log = || {
            fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .map_err(|e| format!("{}: {e}", log.display()))
        };
        let (stdout, stderr): (File, File) = (open_log()?, open_log()?);
        let child = Command::new(binary)
            .args(args)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut process = Self {
            child,
            addr,
            name: binary.display().to_string(),
        };
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            if let Ok(Some(status)) = process.child.try_wait() {
                return Err(format!(
                    "{} ended at start ({status}); see {}",
                    process.name,
                    log.display()
                ));
            }
            if started.elapsed() > START_TIMEOUT {
                process.kill();
                return Err(format!(
                    "{} did not listen on {addr}; see {}",
                    process.name,
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(process)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How the process ended, if it has (killed from outside, for example by
    /// the OOM killer of its memory cgroup).
    pub fn ended(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// SIGTERM, as a service manager stops a service, and waiting until the
    /// process has ended; SIGKILL if that takes longer than `STOP_TIMEOUT`.
    /// A database that is used afterwards is stopped this way, so that it
    /// is used as a stopped service leaves it, with nothing to replay (and
    /// `--engine surrealkv` loses an answered write on a kill,
    /// docs/deployment.md, §1).
    pub fn stop(&mut self) -> Result<(), String> {
        let pid = self.pid().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .map_err(|e| format!("kill -TERM {pid}: {e}"))?;
        let started = Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => return Err(format!("{} ended with {status}", self.name)),
                Ok(None) if started.elapsed() < STOP_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Ok(None) => {
                    self.kill();
                    return Err(format!(
                        "{} did not stop within {} s and was killed",
                        self.name,
                        STOP_TIMEOUT.as_secs()
                    ));
                }
                Err(e) => return Err(format!("{}: {e}", self.name)),
            }
        }
    }

    /// SIGKILL: no shutdown code runs, as in a power cut of the process.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn cpu_seconds(&self) -> Option<f64> {
        cpu_seconds(&self.pid().to_string())
    }

    /// Resident memory now, from `/proc/<pid>/status` (Linux).
    pub fn rss_bytes(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// CPU time (user and system) a process has used so far, from
/// `/proc/<pid>/stat` (Linux; "self" for this process).
pub fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in parentheses may hold spaces; fields count from its end.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15 of the line, in USER_HZ (100 on Linux).
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

/// A loopback address nobody listens on right now.
pub fn free_loopback_addr() -> Result<SocketAddr, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("no free loopback port: {e}"))
}

/// The arguments of `digitale-stadt serve` for a tool run: the demo city, no
/// web app, and rate limits lifted (all load comes from one address).
pub fn serve_args(db: &str, addr: SocketAddr, site: &Path, extra: &[(&str, &str)]) -> Vec<String> {
    let mut args: Vec<String> = [
        "serve",
        "--demo",
        "--db",
        db,
        "--bind",
        &addr.to_string(),
        "--site",
        &site.display().to_string(),
        "--sign-in-per-minute",
        "10000000",
        "--writes-per-minute",
        "10000000",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for (flag, value) in extra {
        args.push((*flag).to_owned());
        args.push((*value).to_owned());
    }
    args
}

/// `binary args…` as it is started: as is, or in a memory cgroup of
/// `memory_limit` (e.g. `256M`) through `e2e/bench/memory-limit.sh`, which
/// keeps the process id, so that killing the process kills `binary`.
pub fn within_memory_limit(
    binary: PathBuf,
    mut args: Vec<String>,
    memory_limit: Option<&str>,
) -> (PathBuf, Vec<String>) {
    let Some(limit) = memory_limit else {
        return (binary, args);
    };
    args.splice(0..0, [limit.to_owned(), binary.display().to_string()]);
    (
        Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/memory-limit.sh"),
        args,
    )
}

/// `target/<profile>/<name>` of this workspace, where the tools find the
/// binaries they start (honours `CARGO_TARGET_DIR`).
pub fn built_binary(profile: &str, name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join(profile).join(name)
}

/// The token of a one-time staff invitation, from `digitale-stadt admin
/// invite` run as a process of its own: when it has exited, an embedded
/// database is free for the app server (dropping an in-process handle
/// leaves the engine's lock held while it shuts down in the background).
pub fn staff_invite(binary: &Path, db: &str, extra: &[(&str, &str)]) -> Result<String, String> {
    let mut command = Command::new(binary);
    command.args(["admin", "invite", "--role", "staff", "--db", db]);
    for (flag, value) in extra {
        command.args([flag, value]);
    }
    let output = command
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "admin invite: {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let link = stdout
        .lines()
        .last()
        .ok_or("admin invite printed nothing")?;
    url::Url::parse(link)
        .map_err(|e| format!("{link}: {e}"))?
        .query_pairs()
        .find(|(key, _)| key == "einladung")
        .map(|(_, token)| token.into_owned())
        .ok_or_else(|| format!("invitation link without token: {link}"))
}
