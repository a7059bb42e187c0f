//! The second pass of `cargo xtask test`: the server's API tests once more,
//! this time against a real `surreal start` process over `ws://`, plus the
//! tests of several app servers on one database that only make sense there.

use std::{
    fs::File,
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use crate::{Paths, tools};

/// How long the database server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The `surreal` binary (the wrapper crate in `e2e/surreal`), built with
/// the rest of the workspace by [`crate::build_workspace`].
pub fn binary(paths: &Paths) -> PathBuf {
    paths.target.join("debug").join("surreal")
}

/// A `surreal start` process in memory; stopped when dropped.
pub struct SurrealServer {
    child: Child,
    pub url: String,
}

impl SurrealServer {
    pub fn start(binary: &Path, log: &Path) -> Result<Self, String> {
        let addr = free_loopback_port()?;
        let log_file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let stderr = log_file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(binary)
            .args(["start", "--bind", &addr.to_string()])
            .args(["--user", "root", "--pass", "root", "--log", "warn"])
            .arg("memory")
            .stdout(log_file)
            .stderr(stderr)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let server = Self {
            child,
            url: format!("ws://{addr}"),
        };
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "surreal did not accept connections on {addr} within {START_TIMEOUT:?}; see {}",
                    log.display()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }
}

impl Drop for SurrealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now; the server binds it a moment later.
fn free_loopback_port() -> Result<SocketAddr, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("no free loopback port: {e}"))
}

/// Runs the API tests against the server, including those marked as needing one.
pub fn api_tests(
    paths: &Paths,
    server: &SurrealServer,
    cargo_args: &[String],
) -> Result<(), String> {
    let (cargo, harness) = match cargo_args.iter().position(|arg| arg == "--") {
        Some(split) => (&cargo_args[..split], &cargo_args[split + 1..]),
        None => (cargo_args, &[][..]),
    };
    tools::run(
        tools::cargo()
            // The whole workspace, not `-p digitale-stadt`: another package
            // selection resolves other features and compiles SurrealDB again.
            .args(["test", "--workspace", "--test", "api"])
            .args(cargo)
            .arg("--")
            .arg("--include-ignored")
            .args(harness)
            .env("DS_TEST_SURREAL", &server.url)
            .current_dir(&paths.workspace),
    )
}
