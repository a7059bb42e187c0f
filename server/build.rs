//! Embeds the SurrealQL migrations from `../migrations` into the binary, in
//! file-name order, so that a server never runs against a schema it was not
//! built for.

use std::{env, fs, path::Path};

fn main() {
    // Read when the script runs, not when it was compiled: a build script
    // compiled for another clone sharing the target folder must not read
    // that clone's migrations.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("the migrations folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "surql"))
        .collect();
    files.sort();

    let mut code = String::from("&[\n");
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("migration names are UTF-8");
        let absolute = fs::canonicalize(&path).expect("migration path resolves");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    code.push(']');

    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
