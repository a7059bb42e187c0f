//! CSV downloads as German spreadsheets open them: `;`-separated, UTF-8.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};

/// A CSV download under a file name.
pub fn file(name: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv,
    )
        .into_response()
}

/// One cell: quoted when it holds a separator, a quote or a line break.
pub fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_with_separators_are_quoted() {
        assert_eq!(super::field("Schlagloch"), "Schlagloch");
        assert_eq!(super::field("tief; gefährlich"), "\"tief; gefährlich\"");
        assert_eq!(super::field("sagt \"hier\"\n"), "\"sagt \"\"hier\"\"\n\"");
    }
}
