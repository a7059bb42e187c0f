//! PDF uploads as staff send them: the request body is the file itself.

use axum::{
    body::Body,
    http::{HeaderMap, header},
};

use crate::error::{Error, Result};

/// The bytes of an uploaded PDF: declared as `application/pdf`, within
/// `limit`, not empty, and starting like a PDF.
pub async fn pdf(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if !declared.starts_with("application/pdf") {
        return Err(Error::UnsupportedMediaType(format!(
            "Bitte senden Sie die Datei als application/pdf (gesendet: „{declared}“)."
        )));
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        Error::PayloadTooLarge(format!(
            "Die Datei ist zu groß: Sie darf höchstens {} MB haben.",
            limit.div_ceil(1024 * 1024)
        ))
    })?;
    if bytes.is_empty() {
        return Err(Error::InvalidInput(
            "Die hochgeladene Datei ist leer.".into(),
        ));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(Error::UnsupportedMediaType(
            "Die Datei ist kein PDF (sie beginnt nicht mit %PDF-).".into(),
        ));
    }
    Ok(bytes.to_vec())
}

/// Keeps the last path segment of a file name and requires `.pdf`.
pub fn pdf_file_name(name: &str) -> Result<String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "Bitte geben Sie einen Dateinamen mit höchstens 200 Zeichen an (fileName).".into(),
        ));
    }
    if !name.to_lowercase().ends_with(".pdf") {
        return Err(Error::InvalidInput(format!(
            "Der Dateiname „{name}“ muss auf .pdf enden."
        )));
    }
    Ok(name.to_owned())
}

// A file as the whole body of a request or an answer (a PDF, a photo), for
// the OpenAPI document only: `Vec<u8>` would be documented as an array of
// numbers, but the bytes are sent as they are. (Not a doc comment: that
// would become the description of every such body.)
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "never built: only its schema is used")]
pub struct FileBody(Vec<u8>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_folders_and_must_be_pdfs() {
        assert_eq!(
            pdf_file_name("C:\\Users\\rat\\V-12.pdf").unwrap(),
            "V-12.pdf"
        );
        assert_eq!(
            pdf_file_name("../../etc/Vorlage.PDF").unwrap(),
            "Vorlage.PDF"
        );
        assert!(pdf_file_name("vorlage.docx").is_err());
        assert!(pdf_file_name("dir/").is_err());
    }

    #[tokio::test]
    async fn only_pdfs_within_the_limit_are_taken() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "application/pdf".parse().unwrap());
        assert!(pdf(&headers, Body::from("%PDF-1.7 …"), 100).await.is_ok());
        let refused = |body: &'static str, limit| {
            let headers = headers.clone();
            async move { pdf(&headers, Body::from(body), limit).await.unwrap_err() }
        };
        assert!(matches!(
            refused("%PDF-1.7 …", 3).await,
            Error::PayloadTooLarge(_)
        ));
        assert!(matches!(
            refused("<html>", 100).await,
            Error::UnsupportedMediaType(_)
        ));
        assert!(matches!(refused("", 100).await, Error::InvalidInput(_)));
    }
}
