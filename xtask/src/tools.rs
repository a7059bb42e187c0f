//! Finding and installing the tools the build and the tests need.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// Runs a command with inherited output; a failure names the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// `cargo` as if started from the shell, not from `cargo xtask`: `cargo run`
/// hands xtask its own package's variables (`CARGO_PKG_NAME=xtask`, …), and
/// build scripts that read those (ring's does) would make every crate above
/// them, SurrealDB included, compile anew whenever a build switches between
/// `cargo xtask` and a plain `cargo build` (the bench scripts, a developer).
pub fn cargo() -> Command {
    let mut command = Command::new("cargo");
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name,
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            )
        {
            command.env_remove(name);
        }
    }
    command
}

fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm32 target of the active toolchain, added through rustup if missing.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("xtask: adding the Rust target wasm32-unknown-unknown (once)");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The `wasm-bindgen` CLI must be exactly the version of the `wasm-bindgen`
/// crate in Cargo.lock, or the generated glue does not fit the wasm file.
pub fn ensure_wasm_bindgen(workspace: &Path) -> Result<PathBuf, String> {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let version =
        locked_version(&lock, "wasm-bindgen").ok_or("Cargo.lock has no wasm-bindgen package")?;
    let installed = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(version.as_str()) {
        // Not --locked: its lock file pins a crate version the registry here lacks.
        println!("xtask: installing wasm-bindgen-cli {version} (once, takes several minutes)");
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    }
    Ok(PathBuf::from("wasm-bindgen"))
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            let version = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Headless Chromium and its driver from the distribution. The browser tests
/// are part of the suite, so a missing browser stops the run with the fix.
pub fn browser() -> Result<Browser, String> {
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            output(Command::new("which").arg(name)).map(|p| PathBuf::from(p.trim()))
        })
    };
    match (
        find(&["chromium", "chromium-browser"]),
        find(&["chromedriver"]),
    ) {
        (Some(chromium), Some(chromedriver)) => Ok(Browser {
            chromium,
            chromedriver,
        }),
        _ => Err(
            "Chromium and ChromeDriver are needed for the browser tests but were not found.\n\
             Install them with:  sudo apt-get install chromium chromium-driver   (Debian/Ubuntu)"
                .into(),
        ),
    }
}

/// Tesseract with its German data and poppler's `pdftoppm`: the server
/// reads scanned PDFs with them, and the OCR tests use them, so a missing
/// one stops the run with the fix before the long build.
pub fn ocr() -> Result<(), String> {
    let languages = output(Command::new("tesseract").arg("--list-langs")).unwrap_or_default();
    let pdftoppm = Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|out| out.status.success());
    if languages.lines().any(|line| line.trim() == "deu") && pdftoppm {
        Ok(())
    } else {
        Err(
            "Tesseract with German data and pdftoppm are needed for the OCR tests but were not found.\n\
             Install them with:  sudo apt-get install tesseract-ocr tesseract-ocr-deu poppler-utils   (Debian/Ubuntu)"
                .into(),
        )
    }
}

/// Installs the npm packages of a folder (from its lock file) unless
/// `package` is there already, and returns its `node_modules`.
pub fn npm_packages(dir: &Path, package: &str) -> Result<PathBuf, String> {
    let modules = dir.join("node_modules");
    if !modules.join(package).is_dir() {
        println!("xtask: installing the npm packages of {}", dir.display());
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir))
        .map_err(|e| format!("{e}\nNode.js and npm are needed (apt-get install nodejs npm)"))?;
    }
    Ok(modules)
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    #[test]
    fn reads_a_version_from_cargo_lock() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-cli\"\nversion = \"9\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }
}
