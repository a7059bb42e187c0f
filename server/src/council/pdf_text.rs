//! Checks an uploaded or imported PDF and reads its text for the full-text
//! search, page by page, noting the pages that are scans for OCR (`ocr`).

use crate::error::{Error, Result};

/// A page with fewer letters and digits than this holds no real text: a
/// scanner's stamp ("Seite 1 von 3") or a date line is all it shows.
const MIN_PAGE_LETTERS: usize = 20;

/// What the search learns from a PDF.
#[derive(Debug)]
pub struct PdfText {
    /// The tidied text of each page, in order; empty for a page without text.
    pub pages: Vec<String>,
    /// Numbers (from 1) of the pages that show a scan instead of text.
    pub scanned: Vec<u32>,
}

impl PdfText {
    /// The text of all pages as paragraphs, `None` when there is none (a scan).
    pub fn text(&self) -> Option<String> {
        let text = self
            .pages
            .iter()
            .filter(|page| !page.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n\n");
        (!text.is_empty()).then_some(text)
    }
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
    // Page by page: a page whose text cannot be read (say, a font with a
    // broken encoding) loses only its own text, not the document's.
    let numbered = document.get_pages();
    let pages: Vec<String> = numbered
        .keys()
        .map(|page| {
            let chunks = document.extract_text_chunks(&[*page]);
            tidy(&chunks.into_iter().flatten().collect::<String>())
        })
        .collect();
    let textless =
        |text: &str| text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_PAGE_LETTERS;
    // A page without text is a scan when it shows an image; a scan wrapped
    // in a form, which the image lookup does not open, still shows when the
    // whole document is without text.
    let all_textless = textless(&pages.concat());
    let scanned = numbered
        .iter()
        .zip(&pages)
        .filter(|((_, id), text)| {
            textless(text)
                && (all_textless
                    || document
                        .get_page_images(**id)
                        .is_ok_and(|images| !images.is_empty()))
        })
        .map(|((page, _), _)| *page)
        .collect();
    Ok(PdfText { pages, scanned })
}

/// Lines trimmed, runs of empty lines folded to one paragraph break.
pub fn tidy(text: &str) -> String {
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
        assert!(read.pages.len() > 1);
        assert!(read.scanned.is_empty());
        let text = read.text().unwrap();
        assert!(
            text.starts_with("Baumkataster Münster\n\nDie Straßenbäume"),
            "{text}"
        );
        assert_eq!(text.matches("Hüfferstraße").count(), 70);
    }

    #[tokio::test]
    async fn a_page_that_is_only_a_picture_is_a_scan() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode(&[200u8; 64 * 64], 64, 64, image::ExtendedColorType::L8)
            .unwrap();
        let read = read(Arc::new(demo_pdf::scan(&jpeg, 64, 64, true)))
            .await
            .unwrap();
        assert_eq!(read.pages, vec![String::new()]);
        assert_eq!(read.scanned, vec![1]);
        assert_eq!(read.text(), None);
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
