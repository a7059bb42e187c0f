//! Checks an uploaded or imported PDF and reads its text for the full-text search.

use crate::error::{Error, Result};

/// What the search learns from a PDF.
#[derive(Debug)]
pub struct PdfText {
    pub pages: usize,
    /// `None` when the PDF holds no extractable text (a scan).
    pub text: Option<String>,
}

/// Reads a PDF. Parsing runs off the async threads: large documents take
/// long, and a parser failure on hostile input must not take a worker down.
pub async fn read(bytes: std::sync::Arc<Vec<u8>>) -> Result<PdfText> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(Error::UnsupportedMediaType(
            "Die Datei ist kein PDF. Bitte laden Sie Dokumente als PDF hoch.".into(),
        ));
    }
    crate::cpu::run(move || extract(&bytes))
        .await
        .unwrap_or_else(|_| Err(unreadable()))
}

fn unreadable() -> Error {
    Error::InvalidInput(
        "Das PDF ist beschädigt oder verschlüsselt und kann nicht gelesen werden.".into(),
    )
}

fn extract(bytes: &[u8]) -> Result<PdfText> {
    let document = lopdf::Document::load_mem(bytes).map_err(|err| {
        tracing::info!(%err, "uploaded PDF refused");
        unreadable()
    })?;
    if document.is_encrypted() {
        return Err(unreadable());
    }
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document
        .extract_text(&pages)
        .ok()
        .map(|text| tidy(&text))
        .filter(|text| !text.is_empty());
    Ok(PdfText {
        pages: pages.len(),
        text,
    })
}

/// Lines trimmed, runs of empty lines folded to one paragraph break.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::council::demo_pdf;

    #[tokio::test]
    async fn reads_the_text_of_a_pdf_with_umlauts_over_several_pages() {
        let paragraphs =
            vec!["Die Straßenbäume an der Hüfferstraße werden überprüft.".to_owned(); 70];
        let bytes = demo_pdf::document("Baumkataster Münster", &paragraphs);
        let read = read(Arc::new(bytes)).await.unwrap();
        assert!(read.pages > 1);
        let text = read.text.unwrap();
        assert!(
            text.starts_with("Baumkataster Münster\n\nDie Straßenbäume"),
            "{text}"
        );
        assert_eq!(text.matches("Hüfferstraße").count(), 70);
    }

    #[tokio::test]
    async fn refuses_what_is_not_a_readable_pdf() {
        let png = read(Arc::new(b"\x89PNG\r\n\x1a\n".to_vec())).await;
        assert!(matches!(png, Err(Error::UnsupportedMediaType(_))));
        let broken = read(Arc::new(b"%PDF-1.7\n1 0 obj garbage".to_vec())).await;
        assert!(matches!(broken, Err(Error::InvalidInput(_))));
    }

    #[test]
    fn tidies_blank_lines_into_paragraphs() {
        assert_eq!(
            tidy("  Titel \n\n\n\nText\nweiter\n\n"),
            "Titel\n\nText\nweiter"
        );
    }
}
