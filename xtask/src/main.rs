//! The project's two commands and their building blocks:
//!
//! * `cargo xtask demo [SERVER ARGS…]` builds the web app and the server and
//!   starts the demo city on an embedded database.
//! * `cargo xtask test` builds the web app, checks the browser tools, and runs
//!   every test of the workspace, browser tests included; then a short
//!   crash-safety run (the server killed at every kill point, three rounds
//!   each); then the server's API tests once more against a SurrealDB server
//!   (`surreal start`).
//! * `cargo xtask build-web` only builds the web app into `<target>/site`.
//!
//! Each step installs what it is missing (the wasm32 target, the wasm-bindgen
//! CLI matching Cargo.lock, the npm packages of `e2e/`) and says so.

mod crash_safety;
mod site;
mod surreal;
mod tools;

use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "build-web" => site::build(&Paths::discover()).map(|_| ()),
        "demo" => demo(&Paths::discover(), &rest),
        "test" => test(&Paths::discover(), &rest),
        _ => Err(format!(
            "unknown task {task:?}\n\nusage:\n  cargo xtask demo [serve options]   build everything and start the demo city\n  cargo xtask test [cargo test args]  run every test, browser tests included\n  cargo xtask build-web               build the web app only"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

pub struct Paths {
    pub workspace: PathBuf,
    pub target: PathBuf,
}

impl Paths {
    fn discover() -> Self {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let target = env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        let target = if target.is_relative() {
            workspace.join(target)
        } else {
            target
        };
        Self { workspace, target }
    }

    pub fn site(&self) -> PathBuf {
        self.target.join("site")
    }
}

/// Every binary and test of the workspace in one invocation: the server,
/// the tools and the test `surreal` then resolve one feature set, so
/// SurrealDB and RocksDB are compiled once for all of them. (Any other
/// package selection, even `cargo build -p digitale-stadt`, resolves other
/// features and compiles them again.)
fn build_workspace(paths: &Paths) -> Result<(), String> {
    tools::run(
        tools::cargo()
            .args(["build", "--workspace", "--bins", "--tests"])
            .current_dir(&paths.workspace),
    )
}

fn demo(paths: &Paths, server_args: &[String]) -> Result<(), String> {
    let site = site::build(paths)?;
    build_workspace(paths)?;
    let server = paths.target.join("debug").join("digitale-stadt");
    println!("xtask: starting the demo city (data in ./data/db; stop with Ctrl-C)");
    tools::run(
        Command::new(server)
            .args(["serve", "--demo", "--site"])
            .arg(&site)
            .args(server_args)
            .current_dir(&paths.workspace),
    )
}

fn test(paths: &Paths, cargo_args: &[String]) -> Result<(), String> {
    let site = site::build(paths)?;
    let browser = tools::browser()?;
    tools::ocr()?;
    let axe = tools::npm_packages(&paths.workspace.join("e2e"), "axe-core")?
        .join("axe-core")
        .join("axe.min.js");
    build_workspace(paths)?;
    tools::run(
        tools::cargo()
            .args(["test", "--workspace"])
            .args(cargo_args)
            .env("DS_SITE", &site)
            .env("E2E_CHROMIUM", &browser.chromium)
            .env("E2E_CHROMEDRIVER", &browser.chromedriver)
            .env("E2E_AXE", axe)
            .current_dir(&paths.workspace),
    )?;
    crash_safety::short_run(paths)?;
    let server = surreal::SurrealServer::start(
        &surreal::binary(paths),
        &paths.target.join("surreal-test.log"),
    )?;
    println!(
        "xtask: the API tests once more, against a SurrealDB server at {}",
        server.url
    );
    surreal::api_tests(paths, &server, cargo_args)
}
