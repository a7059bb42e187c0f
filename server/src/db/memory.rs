//! Which memory the embedded engines size themselves for.
//!
//! RocksDB sizes its block cache and memtables once, at open, from the
//! memory `sysinfo` reports (`surrealdb-common`'s `TOTAL_SYSTEM_MEMORY`):
//! the limit at the root of the cgroup file system as this process sees it
//! (`/sys/fs/cgroup/memory.max`, or `memory/memory.limit_in_bytes` on
//! cgroup v1), the machine's memory where none is set there. A container
//! with a cgroup namespace of its own finds its limit at that root; a
//! systemd service's `MemoryMax=` sits in the service's own group further
//! down, so the engine sizes itself for the whole machine and grows past the
//! limit until the kernel ends the server. The server cannot hand the engine
//! other sizes (the SDK passes it no settings), so it says so at start.

use std::path::{Path, PathBuf};

const CGROUP_ROOT: &str = "/sys/fs/cgroup";

/// Limits this large mean none: cgroup v1 writes "no limit" as the largest
/// page-aligned `i64`, v2 as `max`.
const V1_UNLIMITED: u64 = 1 << 62;

/// The memory the engine sizes itself for, and the tightest limit on this
/// process where that is lower.
#[derive(Debug, PartialEq, Eq)]
pub struct Sizing {
    pub sized_for: u64,
    pub own_limit: Option<u64>,
}

impl Sizing {
    /// Reads both from `/proc` and `/sys/fs/cgroup`; `None` where the
    /// machine's memory cannot be read (not Linux).
    pub fn of_this_process() -> Option<Self> {
        let machine = machine_memory()?;
        let root = Path::new(CGROUP_ROOT);
        let engine_sees = limit_in(root).or_else(|| limit_in(&root.join("memory")));
        let own = std::fs::read_to_string("/proc/self/cgroup")
            .ok()
            .and_then(|groups| own_limit(root, &groups));
        Some(Self::from_limits(engine_sees, machine, own))
    }

    fn from_limits(engine_sees: Option<u64>, machine: u64, own: Option<u64>) -> Self {
        let sized_for = engine_sees.unwrap_or(machine).min(machine);
        Self {
            sized_for,
            own_limit: own.filter(|limit| *limit < sized_for),
        }
    }
}

fn machine_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The memory limit set in one cgroup directory, v2 or v1.
fn limit_in(dir: &Path) -> Option<u64> {
    ["memory.max", "memory.limit_in_bytes"]
        .iter()
        .find_map(|file| std::fs::read_to_string(dir.join(file)).ok())
        .and_then(|text| parse_limit(&text))
}

fn parse_limit(text: &str) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|bytes| *bytes < V1_UNLIMITED)
}

/// The tightest limit on the groups of `/proc/self/cgroup` and their
/// parents (a limit on a slice holds for every service in it).
fn own_limit(root: &Path, proc_self_cgroup: &str) -> Option<u64> {
    group_dirs(root, proc_self_cgroup)
        .iter()
        .flat_map(|dir| dir.ancestors().take_while(|dir| dir.starts_with(root)))
        .filter_map(limit_in)
        .min()
}

/// The directories of this process's memory groups: the unified (v2) group
/// `0::/path`, and the v1 memory group `N:…memory…:/path`.
fn group_dirs(root: &Path, proc_self_cgroup: &str) -> Vec<PathBuf> {
    proc_self_cgroup
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, ':');
            let (id, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
            let relative = path.trim_start_matches('/');
            if id == "0" && controllers.is_empty() {
                Some(root.join(relative))
            } else if controllers.split(',').any(|c| c == "memory") {
                Some(root.join("memory").join(relative))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    #[test]
    fn a_service_limit_below_what_the_engine_sees_is_reported() {
        let systemd = Sizing::from_limits(None, 16 * GIB, Some(GIB));
        assert_eq!(
            systemd,
            Sizing {
                sized_for: 16 * GIB,
                own_limit: Some(GIB)
            }
        );
        let container = Sizing::from_limits(Some(GIB), 16 * GIB, Some(GIB));
        assert_eq!(container.own_limit, None);
        let unlimited = Sizing::from_limits(None, 16 * GIB, None);
        assert_eq!(unlimited.sized_for, 16 * GIB);
        assert_eq!(unlimited.own_limit, None);
    }

    #[test]
    fn limits_are_read_as_both_cgroup_versions_write_them() {
        assert_eq!(parse_limit("1073741824\n"), Some(GIB));
        assert_eq!(parse_limit("max\n"), None);
        assert_eq!(parse_limit("9223372036854771712\n"), None);
    }

    #[test]
    fn the_groups_and_their_parents_give_the_tightest_limit() {
        let root = std::env::temp_dir().join(format!("ds-cgroup-{}", std::process::id()));
        let service = root.join("system.slice/digitale-stadt.service");
        std::fs::create_dir_all(&service).unwrap();
        std::fs::write(root.join("system.slice/memory.max"), "2147483648\n").unwrap();
        std::fs::write(service.join("memory.max"), "max\n").unwrap();
        let v2 = "0::/system.slice/digitale-stadt.service\n";
        assert_eq!(own_limit(&root, v2), Some(2 * GIB));

        std::fs::write(service.join("memory.max"), "1073741824\n").unwrap();
        assert_eq!(own_limit(&root, v2), Some(GIB));

        let v1_group = root.join("memory/process_api/abc");
        std::fs::create_dir_all(&v1_group).unwrap();
        std::fs::write(v1_group.join("memory.limit_in_bytes"), "536870912\n").unwrap();
        let v1 = "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu:/\n";
        assert_eq!(own_limit(&root, v1), Some(GIB / 2));
        assert_eq!(own_limit(&root, "1:cpu:/\n"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
