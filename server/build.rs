//! Embeds the SurrealQL migrations from `../migrations` into the binary, in
//! file-name order, so that a server never runs against a schema it was not
//! built for; and a fingerprint of the code that renders OParl objects.

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

    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir);
    fs::write(out.join("migrations.rs"), code).expect("OUT_DIR is writable");

    fs::write(
        out.join("oparl_rendering.rs"),
        format!("{:?}", oparl_rendering(&manifest)),
    )
    .expect("OUT_DIR is writable");
}

/// The code that decides how an OParl object is rendered. The stored OParl
/// texts (src/council/texts.rs) are rendered again when any of it changes.
const RENDERING: &[&str] = &[
    "src/council/blocks.rs",
    "src/council/kind.rs",
    "src/council/non_public.rs",
    "src/council/object.rs",
    "src/council/render.rs",
    "src/council/store.rs",
    "src/council/texts.rs",
    "../shared/src/oparl.rs",
];

/// A fingerprint of the rendering code (64-bit FNV-1a, as hex): stable for
/// the same files whatever builds it.
fn oparl_rendering(manifest: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in RENDERING {
        let path = Path::new(manifest).join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        for byte in fs::read(&path).expect("the rendering code is readable") {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
