//! The layout the README's "Layout" section promises, checked on the
//! sources: every domain has the same skeleton, and the domains' imports
//! form a graph without cycles, so that each can be read (and changed) on
//! top of the ones below it.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// The domains, each a folder under `src/`.
const DOMAINS: [&str; 8] = [
    "accounts",
    "budget",
    "city",
    "consultations",
    "council",
    "defects",
    "moderation",
    "polls",
];

/// Domain-free modules every domain may build on: they must not use a domain.
/// (`state` names each domain's state type, and `http`, `config`, `seed`
/// and `lib` assemble the domains, so those are left out.)
const BOTTOM: [&str; 15] = [
    "audit", "clock", "cpu", "csv", "db", "error", "extract", "headers", "migrate", "page",
    "privacy", "search", "secret", "uploads", "watchdog",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The top-level modules a source file names as `crate::x`, also inside
/// `use crate::{x, y::z}`, outside of comments and test modules.
fn crate_modules(source: &str) -> BTreeSet<String> {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            found.insert(ident(rest));
            continue;
        };
        // The items of the group at its own depth, each up to a comma.
        let (mut depth, mut item_start) = (0usize, true);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                _ if item_start && !c.is_whitespace() => {
                    found.insert(ident(&group[i..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    found
}

/// Which top-level modules each module of `names` uses.
fn imports(names: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    names
        .iter()
        .map(|name| {
            let mut files = Vec::new();
            let dir = src().join(name);
            if dir.is_dir() {
                rust_files(&dir, &mut files);
            } else {
                files.push(src().join(format!("{name}.rs")));
            }
            let used = files
                .iter()
                .flat_map(|file| crate_modules(&fs::read_to_string(file).unwrap()))
                .filter(|used| used != name)
                .collect();
            (name.to_string(), used)
        })
        .collect()
}

#[test]
fn every_domain_has_the_skeleton() {
    for domain in DOMAINS {
        let dir = src().join(domain);
        let has = |module: &str| {
            dir.join(format!("{module}.rs")).is_file() || dir.join(module).join("mod.rs").is_file()
        };
        for module in ["mod", "routes", "store"] {
            assert!(has(module), "{domain} has no {module}");
        }
    }
}

#[test]
fn domains_import_each_other_without_cycles() {
    let graph = imports(&DOMAINS);
    // Depth-first search; a domain met again on the current path closes a cycle.
    fn visit<'a>(
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        domain: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(domain) {
            return;
        }
        if let Some(start) = path.iter().position(|d| *d == domain) {
            panic!("import cycle: {} -> {domain}", path[start..].join(" -> "));
        }
        path.push(domain);
        for next in graph[domain].iter().filter(|d| graph.contains_key(*d)) {
            visit(graph, next, path, done);
        }
        path.pop();
        done.insert(domain);
    }
    let mut done = BTreeSet::new();
    for domain in graph.keys() {
        visit(&graph, domain, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_bottom_layer_knows_no_domain() {
    for (module, used) in imports(&BOTTOM) {
        let domains: Vec<_> = used
            .iter()
            .filter(|u| DOMAINS.contains(&u.as_str()) || *u == "open311" || *u == "stats")
            .collect();
        assert!(domains.is_empty(), "{module} uses {domains:?}");
    }
}

#[test]
fn finds_the_modules_of_nested_imports() {
    let source = "use crate::{a::{b, c}, d, e::F};\nfn f() { crate::g::h(); } // crate::x\n#[cfg(test)]\nmod tests { use crate::t; }";
    assert_eq!(
        crate_modules(source),
        ["a", "d", "e", "g"].map(String::from).into()
    );
}
