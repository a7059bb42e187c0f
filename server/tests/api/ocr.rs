//! OCR of scanned council files: a PDF that is only a picture of its text
//! is read by Tesseract in the background, and the search finds the paper
//! showing it by a word that is nowhere but in the picture.

use std::{
    io::{Cursor, Write},
    process::{Command, Stdio},
    time::Duration,
};

use digitale_stadt::council::{demo_pdf, import};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{TestApp, call, spawn_app};

const HINT: &str =
    "sudo apt-get install tesseract-ocr tesseract-ocr-deu poppler-utils (.ci/run installs them)";

/// A one-page scan that says `words` under `title`: the project's PDF
/// writer sets them as text, poppler renders the page to a JPEG as a
/// scanner would, and only the JPEG goes into the scan.
pub fn scan(title: &str, words: &str) -> Vec<u8> {
    let text = demo_pdf::document(title, &[words.to_owned()]);
    let mut pdftoppm = Command::new("pdftoppm")
        .args(["-r", "150", "-jpeg", "-singlefile", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("pdftoppm: {err}; {HINT}"));
    let mut stdin = pdftoppm.stdin.take().unwrap();
    let feeding = std::thread::spawn(move || stdin.write_all(&text));
    let output = pdftoppm.wait_with_output().unwrap();
    feeding.join().unwrap().unwrap();
    assert!(output.status.success(), "pdftoppm failed");
    let jpeg = output.stdout;
    let (width, height) = image::ImageReader::new(Cursor::new(&jpeg))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap();
    let scan = demo_pdf::scan(&jpeg, width, height, false);
    for word in words.split_whitespace() {
        assert!(
            !scan.windows(word.len()).any(|part| part == word.as_bytes()),
            "{word} is readable in the scan without OCR"
        );
    }
    scan
}

pub struct Staff<'a> {
    app: &'a TestApp,
    token: String,
}

impl Staff<'_> {
    /// Staff of a council with one body.
    pub async fn of_new_council(app: &TestApp) -> Staff<'_> {
        let person = app.person_with_role("ratsbuero", Role::Staff).await;
        let staff = Staff {
            app,
            token: person.access_token().to_owned(),
        };
        staff
            .create("body", json!({ "name": "Stadt Münster" }))
            .await;
        staff
    }

    pub async fn create(&self, kind: &str, object: Value) -> Value {
        let path = format!("/council/objects/{kind}");
        let (status, answer) = call(
            self.app,
            Method::POST,
            &path,
            Some(&self.token),
            Some(&object),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{kind}: {answer}");
        answer
    }

    /// Uploads a PDF; answers the new File.
    pub async fn upload(&self, file_name: &str, pdf: Vec<u8>) -> Value {
        let response = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/council/files?fileName={file_name}")),
            )
            .bearer_auth(&self.token)
            .header("content-type", "application/pdf")
            .body(pdf)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }
}

pub fn number(object: &Value) -> u64 {
    let id = object["id"].as_str().expect("an id");
    id.rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

/// `state`, `attempts` and `pages` of the OCR job of file `n`.
pub async fn job(app: &TestApp, n: u64) -> Value {
    let mut response = app
        .db
        .query("SELECT state, attempts, pages FROM type::record('council_ocr', $n)")
        .bind(("n", n as i64))
        .await
        .unwrap();
    let rows: Vec<Value> = response.take(0).unwrap();
    rows.into_iter().next().unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_scanned_antrag_is_found_by_a_word_only_in_its_picture() {
    let app = spawn_app(|_| {}).await;
    let staff = Staff::of_new_council(&app).await;
    let file = staff
        .upload(
            "A-0001-2026.pdf",
            scan(
                "Antrag der Fraktion",
                "Die Verwaltung prüft eine Quartiersgarage an der Zwetschgenbaumallee.",
            ),
        )
        .await;
    assert!(file.get("text").is_none(), "{file}");
    // Linked at once, while OCR may be reading: the File changes meanwhile.
    let paper = staff
        .create(
            "paper",
            json!({
                "name": "Antrag Quartiersgarage",
                "reference": "A/0001/2026",
                "mainFile": { "id": file["id"] },
            }),
        )
        .await;

    app.council_search_until("q=Zwetschgenbaumallee", Duration::from_secs(60), |hits| {
        hits.iter().any(|hit| hit.title == "Antrag Quartiersgarage")
    })
    .await;
    let read = app.get(&format!("/oparl/v1/file/{}", number(&file))).await;
    let read: Value = read.json().await.unwrap();
    let text = read["text"].as_str().unwrap_or_default();
    assert!(text.contains("Zwetschgenbaumallee"), "{text}");
    assert_eq!(
        job(&app, number(&file)).await,
        json!({ "state": "done", "attempts": 1, "pages": 1 })
    );
    // The paper shows the file with its text.
    let paper: Value = app
        .get(&format!("/oparl/v1/paper/{}", number(&paper)))
        .await
        .json()
        .await
        .unwrap();
    let shown = paper["mainFile"]["text"].as_str().unwrap_or_default();
    assert!(shown.contains("Zwetschgenbaumallee"), "{paper}");
}

#[tokio::test]
async fn a_scan_imported_from_another_council_system_is_read_here() {
    // The other system reads no scans: its File has no text to take over.
    let source = spawn_app(|config| config.ocr.enabled = false).await;
    let staff = Staff::of_new_council(&source).await;
    let pdf = scan("Antrag", "Die Stadt prüft eine Mirabellenplantage.");
    let file = staff.upload("A-0003-2026.pdf", pdf).await;
    let paper = json!({ "name": "Antrag Obstwiese", "mainFile": { "id": file["id"] } });
    staff.create("paper", paper).await;

    let target = spawn_app(|_| {}).await;
    let system = source.url("/oparl/v1/system");
    let imported = import::import(&target.db, &system).await.unwrap();
    assert_eq!(imported.files, 1, "{imported}");
    target
        .council_search_until("q=Mirabellenplantage", Duration::from_secs(60), |hits| {
            hits.iter().any(|hit| hit.title == "Antrag Obstwiese")
        })
        .await;
}

#[tokio::test]
async fn without_tesseract_the_server_runs_and_scans_wait_for_one_that_has_it() {
    let app = spawn_app(|config| config.ocr.tesseract = "/nonexistent/tesseract".into()).await;
    let staff = Staff::of_new_council(&app).await;
    let file = staff
        .upload(
            "A-0002-2026.pdf",
            scan("Antrag", "Ein Kirschlorbeerheckenrückschnitt."),
        )
        .await;
    assert!(file.get("text").is_none(), "{file}");
    // A reader would have taken the job within milliseconds.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        job(&app, number(&file)).await,
        json!({ "state": "waiting", "attempts": 0, "pages": null })
    );
}
