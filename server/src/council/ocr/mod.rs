//! OCR for scanned council files: an uploaded or imported PDF whose pages
//! are pictures of text (a scanned Antrag) gets the text Tesseract reads
//! from them, so the search finds it. Reading takes seconds per page, far
//! longer than an upload may, so the upload only queues a job in the
//! database, in the transaction that stores the file; a reader on every app
//! server takes jobs from there one at a time, and stores the text as an
//! edit of the File (the papers and meetings showing it change with it).

mod page;

use std::{path::PathBuf, sync::Arc, sync::LazyLock, time::Duration};

use tokio::{sync::watch, task::JoinSet};

use super::{editing, pdf_text, store};
use crate::{
    db::Db,
    error::{Error, Result},
};

/// How often a reader looks for jobs that other app servers queued (its
/// own server's wake it at once).
const POLL: Duration = Duration::from_secs(15);

/// Loans of one job: a PDF that keeps failing, or keeps stopping the app
/// server reading it, is given up after this many.
const MAX_ATTEMPTS: u32 = 3;

/// `--ocr*`: reading scanned PDFs with Tesseract.
#[derive(Debug, Clone, clap::Args)]
// Beside `defects::Settings`: clap names an argument group after its struct.
#[group(id = "ocr_settings")]
pub struct Settings {
    /// Read the text of scanned PDFs with Tesseract (`false` turns it off;
    /// their scanned pages then stay without text).
    #[arg(long = "ocr", env = "DS_OCR", default_value_t = true, action = clap::ArgAction::Set)]
    pub enabled: bool,

    /// Tesseract's language data, several joined with `+` (`deu+eng`).
    #[arg(long = "ocr-language", env = "DS_OCR_LANGUAGE", default_value = "deu", value_parser = language)]
    pub language: String,

    /// Seconds rendering one page, and reading it, may take each.
    #[arg(long = "ocr-timeout-secs", env = "DS_OCR_TIMEOUT_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout_secs: u64,

    /// Scanned pages read per file; the ones after them stay without text.
    #[arg(long = "ocr-max-pages", env = "DS_OCR_MAX_PAGES", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_pages: u32,

    /// The Tesseract program (Debian: `tesseract-ocr` and `tesseract-ocr-deu`).
    #[arg(
        long = "ocr-tesseract",
        env = "DS_OCR_TESSERACT",
        default_value = "tesseract"
    )]
    pub tesseract: PathBuf,

    /// poppler's `pdftoppm` (Debian: `poppler-utils`), which renders the pages.
    #[arg(
        long = "ocr-pdftoppm",
        env = "DS_OCR_PDFTOPPM",
        default_value = "pdftoppm"
    )]
    pub pdftoppm: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            enabled: true,
            language: "deu".into(),
            timeout_secs: 60,
            max_pages: 50,
            tesseract: "tesseract".into(),
            pdftoppm: "pdftoppm".into(),
        }
    }
}

impl Settings {
    fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs)
    }

    /// How long a job stays lent to its reader without a sign of life: a
    /// page's rendering and reading, with room to spare. The reader renews
    /// the loan before each page.
    fn lease(&self) -> Duration {
        2 * self.timeout() + Duration::from_secs(30)
    }
}

fn language(value: &str) -> std::result::Result<String, String> {
    let valid = value.split('+').all(|name| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if valid {
        Ok(value.to_owned())
    } else {
        Err("Sprachdaten wie deu oder deu+eng".into())
    }
}

/// Jobs queued by this process: its reader starts at once instead of
/// within `POLL`.
static QUEUED: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::Sender::new(0));

/// Called by the store after it committed a write that queued a job.
pub fn queued() {
    QUEUED.send_modify(|jobs| *jobs += 1);
}

/// Starts this app server's reader, unless OCR is off. Without the
/// programs it warns and reads nothing; the jobs wait for an app server
/// that has them.
pub fn start(db: &Db, settings: &Settings, background: &mut JoinSet<()>) {
    if !settings.enabled {
        tracing::info!("OCR ist ausgeschaltet (--ocr false): gescannte PDFs bleiben ohne Text");
        return;
    }
    background.spawn(read_scans(db.clone(), settings.clone()));
}

async fn read_scans(db: Db, settings: Settings) {
    if let Err(missing) = page::check(&settings).await {
        tracing::warn!(
            "OCR aus: {missing}. Gescannte PDFs warten, bis ein App-Server mit Tesseract sie \
             liest (sudo apt-get install tesseract-ocr tesseract-ocr-deu poppler-utils)"
        );
        return;
    }
    let holder = uuid::Uuid::new_v4().to_string();
    let mut queued = QUEUED.subscribe();
    loop {
        match store::take_ocr_job(&db, &holder, settings.lease()).await {
            Ok(Some(job)) => {
                attend(&db, &settings, &holder, job).await;
                continue;
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, "OCR-Aufträge nicht lesbar"),
        }
        // Nothing was queued here meanwhile, or it is time to look for jobs
        // from other app servers.
        let _ = tokio::time::timeout(POLL, queued.changed()).await;
    }
}

/// Reads the job's file; a failure leaves the job to the next loan, until
/// it has had `MAX_ATTEMPTS`.
async fn attend(db: &Db, settings: &Settings, holder: &str, job: store::OcrJob) {
    let outcome = if job.attempts > MAX_ATTEMPTS {
        Err(Error::Internal(format!("{MAX_ATTEMPTS}-mal abgebrochen")))
    } else {
        read_file(db, settings, holder, &job).await
    };
    if let Err(err) = outcome {
        tracing::warn!(file = job.n, attempt = job.attempts, error = %err, "OCR fehlgeschlagen");
        if job.attempts >= MAX_ATTEMPTS
            && let Err(err) = store::fail_ocr_job(db, &job, &err.to_string()).await
        {
            tracing::warn!(file = job.n, error = %err, "OCR-Auftrag nicht abgeschlossen");
        }
    }
}

async fn read_file(db: &Db, settings: &Settings, holder: &str, job: &store::OcrJob) -> Result<()> {
    let Some(bytes) = store::content(db, job.n).await? else {
        return store::drop_ocr_job(db, job.n, &job.checksum).await;
    };
    let pdf = Arc::new(bytes);
    let started = std::time::Instant::now();
    let mut read = pdf_text::read(pdf.clone()).await?;
    let (mut done, mut failed) = (0, 0);
    for &page in read.scanned.iter().take(settings.max_pages as usize) {
        if !store::keep_ocr_job(db, job, holder, settings.lease()).await? {
            tracing::info!(file = job.n, "OCR-Auftrag inzwischen neu vergeben");
            return Ok(());
        }
        let text = {
            let _core = crate::cpu::slot().await?;
            page::read(settings, pdf.clone(), page).await
        };
        let slot = page
            .checked_sub(1)
            .and_then(|i| read.pages.get_mut(i as usize));
        match (text, slot) {
            (Ok(text), Some(slot)) => {
                *slot = pdf_text::tidy(&text);
                done += 1;
            }
            (Ok(_), None) => {}
            (Err(err), _) => {
                tracing::warn!(file = job.n, page, error = %err, "Seite nicht gelesen");
                failed += 1;
            }
        }
    }
    if done == 0 && failed > 0 {
        return Err(Error::Internal(format!(
            "keine der {failed} Seiten gelesen"
        )));
    }
    editing::store_ocr_text(db, job.n, &job.checksum, read.text(), done).await?;
    tracing::info!(
        file = job.n,
        pages = done,
        seconds = started.elapsed().as_secs_f64(),
        "OCR gelesen"
    );
    Ok(())
}
