//! The short crash-safety run of `cargo xtask test`: the app server with its
//! embedded RocksDB killed with SIGKILL at each kill point, three rounds
//! each; every answered write must be there after every restart.
//! `e2e/crash-safety.sh` makes the long runs (ten rounds, the database
//! server as the victim too).

use std::process::Command;

use crate::{Paths, tools};

/// Rounds per kill point: enough that a flush and a compaction are each hit
/// more than once, short enough for every CI run.
const ROUNDS: &str = "3";

/// Memory the killed server gets: RocksDB then keeps 32 MiB memtables, which
/// the storm's photos fill in seconds.
const MEMORY_LIMIT: &str = "512M";

pub fn short_run(paths: &Paths) -> Result<(), String> {
    let tool = paths.target.join("debug").join("crash-safety");
    let mut kill_points = vec![vec!["--kill-at", "random"]];
    // The memory limit is a cgroup of its own, which only root may make.
    if is_root() {
        for point in ["flush", "compaction"] {
            kill_points.push(vec!["--kill-at", point, "--memory-limit", MEMORY_LIMIT]);
        }
    } else {
        println!(
            "xtask: crash safety at a flush and at a compaction needs root (a memory cgroup); only random kills run"
        );
    }
    for args in kill_points {
        println!("xtask: crash safety, {}", args.join(" "));
        tools::run(
            Command::new(&tool)
                .args(["--kill", "app", "--rounds", ROUNDS])
                .args(&args)
                .current_dir(&paths.workspace),
        )?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
