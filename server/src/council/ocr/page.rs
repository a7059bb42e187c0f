//! Reads one page of a PDF with the two programs OCR needs: poppler's
//! `pdftoppm` renders the page as a reader sees it, Tesseract reads the
//! picture. Both run as child processes with their input and output on
//! pipes (no temporary files), within a time limit, and are killed when it
//! passes or the server stops.

use std::{process::Stdio, sync::Arc, time::Duration};

use tokio::{io::AsyncWriteExt, process::Command};

use super::Settings;
use crate::error::{Error, Result};

/// Pixels of the longer side of a rendered page: 300 dpi for A4, what
/// Tesseract reads best, and a bound on memory whatever size a page claims.
const RENDERED_SIDE: &str = "3508";

/// The text on page `page` (from 1) of the PDF.
pub async fn read(settings: &Settings, pdf: Arc<Vec<u8>>, page: u32) -> Result<String> {
    let page = page.to_string();
    let picture = run(
        Command::new(&settings.pdftoppm).args([
            "-f",
            &page,
            "-l",
            &page,
            "-scale-to",
            RENDERED_SIDE,
            "-gray",
            // The PDF from stdin; without an output name the picture (PGM)
            // goes to stdout.
            "-",
        ]),
        pdf,
        settings.timeout(),
    )
    .await?;
    let text = run(
        Command::new(&settings.tesseract)
            .args(["stdin", "stdout", "--dpi", "300", "-l", &settings.language])
            // One core: the other serves requests meanwhile.
            .env("OMP_THREAD_LIMIT", "1"),
        Arc::new(picture),
        settings.timeout(),
    )
    .await?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Runs a program with `input` on its stdin and answers its stdout.
async fn run(command: &mut Command, input: Arc<Vec<u8>>, limit: Duration) -> Result<Vec<u8>> {
    let program = command
        .as_std()
        .get_program()
        .to_string_lossy()
        .into_owned();
    let failed = |what: String| Error::Internal(format!("{program}: {what}"));
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|err| failed(err.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no stdin".into()))?;
    // Fed while the output is read: a full pipe would stop both ends.
    let feed = async move {
        let fed = stdin.write_all(&input).await;
        drop(stdin);
        fed
    };
    let work = async { tokio::join!(feed, child.wait_with_output()) };
    let (fed, output) = tokio::time::timeout(limit, work)
        .await
        .map_err(|_| failed(format!("nach {} s abgebrochen", limit.as_secs())))?;
    let output = output.map_err(|err| failed(err.to_string()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{} ({})", output.status, said.trim())));
    }
    // A program that ends without reading all of its input may close the
    // pipe early; what it wrote is still its answer.
    if let Err(err) = fed {
        tracing::debug!(%program, error = %err, "input not read to the end");
    }
    Ok(output.stdout)
}

/// Whether both programs run and Tesseract has the language models; the
/// answer says what is missing.
pub async fn check(settings: &Settings) -> std::result::Result<(), String> {
    let limit = Duration::from_secs(10);
    let version = run(
        Command::new(&settings.pdftoppm).arg("-v"),
        Arc::default(),
        limit,
    )
    .await;
    if let Err(err) = version {
        return Err(format!("pdftoppm (poppler-utils) läuft nicht: {err}"));
    }
    let languages = run(
        Command::new(&settings.tesseract).arg("--list-langs"),
        Arc::default(),
        limit,
    )
    .await
    .map_err(|err| format!("Tesseract läuft nicht: {err}"))?;
    let languages = String::from_utf8_lossy(&languages);
    let known: Vec<&str> = languages.lines().skip(1).map(str::trim).collect();
    match settings
        .language
        .split('+')
        .find(|wanted| !known.contains(wanted))
    {
        Some(missing) => Err(format!("Tesseract fehlen die Sprachdaten „{missing}“")),
        None => Ok(()),
    }
}
