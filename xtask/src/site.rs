//! Builds the web app into `<target>/site`: the Dioxus app compiled to wasm
//! with the size-optimised profile, the wasm-bindgen glue, the hand-written
//! `index.html` and stylesheet, and a brotli copy of every text and wasm file
//! for the server to send as is. Ends by printing the size the phone downloads.

use std::{
    env, fs,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

use crate::{Paths, tools};

/// What a citizen's phone may download for the whole app, brotli-compressed.
/// Raised from 350 000 when the Bürgerhaushalt screens and rules came
/// (+84 000), for the Mängelmelder screens (+80 000), and for the
/// Abstimmungen and Online-Beteiligung screens (+100 000), and for the
/// search over every area in the header (+2 000; it replaced the council
/// reader's search screen): the app is one WebAssembly file until it is
/// split per area. The map libraries in
/// `vendor/` load on the map screens only and are reported on their own.
const BUDGET_BROTLI_BYTES: u64 = 622_000;
const PROFILE: &str = "wasm-release";

/// Panic locations name the source files of dependencies with the full
/// path of the crate cache; written short, the app is the same size on
/// every machine, whoever built it and wherever their cache lives.
fn short_source_paths() -> String {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default();
    format!(
        "--remap-path-prefix={}=/crates",
        cargo_home.join("registry").join("src").display()
    )
}

pub fn build(paths: &Paths) -> Result<PathBuf, String> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(&paths.workspace)?;
    tools::run(
        tools::cargo()
            .args([
                "build",
                "--package",
                "app",
                "--features",
                "web",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                PROFILE,
            ])
            .env("CARGO_ENCODED_RUSTFLAGS", short_source_paths())
            .current_dir(&paths.workspace),
    )?;

    let site = paths.site();
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    let wasm = paths
        .target
        .join("wasm32-unknown-unknown")
        .join(PROFILE)
        .join("app.wasm");
    tools::run(
        Command::new(wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                // The function names (about 300 KB raw) only help debuggers.
                "--remove-name-section",
                "--out-name",
                "app",
                "--out-dir",
            ])
            .arg(site.join("wasm"))
            .arg(&wasm),
    )?;

    let app = paths.workspace.join("app");
    let wasm_bytes = read(&site.join("wasm").join("app_bg.wasm"))?;
    let index = String::from_utf8(read(&app.join("index.html"))?)
        .map_err(|_| "app/index.html is not UTF-8")?;
    write(
        &site.join("index.html"),
        index
            .replace("__BUILD__", &build_id(&wasm_bytes))
            .as_bytes(),
    )?;
    for entry in
        fs::read_dir(app.join("static")).map_err(|e| format!("cannot read app/static: {e}"))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, site.join(name))
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }

    copy_vendor_files(&app, &site.join("vendor"))?;

    let sizes = compress_all(&site)?;
    report(&sizes)?;
    Ok(site)
}

/// The npm libraries of the map screens, from `app/node_modules` (installed
/// from `app/package-lock.json`), as the pages load them from `/vendor/`.
const VENDOR_FILES: &[(&str, &str)] = &[
    ("leaflet/dist/leaflet.js", "leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet.css"),
    (
        "leaflet/dist/images/marker-icon.png",
        "images/marker-icon.png",
    ),
    (
        "leaflet/dist/images/marker-icon-2x.png",
        "images/marker-icon-2x.png",
    ),
    (
        "leaflet/dist/images/marker-shadow.png",
        "images/marker-shadow.png",
    ),
    ("leaflet/LICENSE", "LICENSE-leaflet.txt"),
    (
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "leaflet.markercluster.js",
    ),
    (
        "leaflet.markercluster/dist/MarkerCluster.css",
        "MarkerCluster.css",
    ),
    (
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "MarkerCluster.Default.css",
    ),
    (
        "leaflet.markercluster/MIT-LICENCE.txt",
        "LICENSE-leaflet.markercluster.txt",
    ),
    ("exifr/dist/lite.umd.js", "exifr.js"),
    ("exifr/LICENSE", "LICENSE-exifr.txt"),
];

fn copy_vendor_files(app: &Path, vendor: &Path) -> Result<(), String> {
    let modules = tools::npm_packages(app, "leaflet")?;
    for (from, to) in VENDOR_FILES {
        let target = vendor.join(to);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::copy(modules.join(from), &target)
            .map_err(|e| format!("cannot copy {from} from app/node_modules: {e}"))?;
    }
    Ok(())
}

/// Short content hash for cache busting: a changed app gets new URLs.
fn build_id(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

struct Size {
    path: PathBuf,
    raw: u64,
    brotli: u64,
}

fn compress_all(site: &Path) -> Result<Vec<Size>, String> {
    let mut sizes = Vec::new();
    let mut pending = vec![site.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css" | "html")
            ) {
                let raw = read(&path)?;
                let compressed = brotli(&raw)?;
                let mut br = path.clone().into_os_string();
                br.push(".br");
                write(Path::new(&br), &compressed)?;
                let path = path.strip_prefix(site).unwrap_or(&path).to_path_buf();
                sizes.push(Size {
                    path,
                    raw: raw.len() as u64,
                    brotli: compressed.len() as u64,
                });
            }
        }
    }
    sizes.sort_by_key(|size| std::cmp::Reverse(size.brotli));
    Ok(sizes)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer
            .write_all(bytes)
            .map_err(|e| format!("brotli: {e}"))?;
    }
    Ok(out)
}

/// Prints the download size of the app and fails the build above budget:
/// wasm, JavaScript and CSS count; `index.html` is tiny and not cached anyway.
fn report(sizes: &[Size]) -> Result<(), String> {
    println!("xtask: web app size (raw / brotli):");
    for size in sizes {
        println!(
            "  {:<48} {:>10} B {:>10} B",
            size.path.display(),
            size.raw,
            size.brotli
        );
    }
    let total = |vendor: bool| {
        sizes
            .iter()
            .filter(|s| s.path.extension().is_some_and(|e| e != "html"))
            .filter(|s| s.path.starts_with("vendor") == vendor)
            .fold((0, 0), |(raw, br), s| (raw + s.raw, br + s.brotli))
    };
    let (vendor_raw, vendor_brotli) = total(true);
    println!(
        "  {:<48} {:>10} B {:>10} B  (loaded by the map screens only)",
        "vendor/ (Leaflet, marker clusters, exifr)", vendor_raw, vendor_brotli
    );
    let (raw, brotli) = total(false);
    println!(
        "  {:<48} {:>10} B {:>10} B  (budget {} B brotli)",
        "total wasm + js + css", raw, brotli, BUDGET_BROTLI_BYTES
    );
    if brotli > BUDGET_BROTLI_BYTES {
        return Err(format!(
            "the web app is {brotli} B brotli-compressed, over its budget of {BUDGET_BROTLI_BYTES} B"
        ));
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
