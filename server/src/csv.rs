//! CSV downloads as German spreadsheets open them: `;`-separated, UTF-8.

use axum::{
    body::Body,
    http::header,
    response::{IntoResponse, Response},
};

/// A CSV download under a file name, whole or written out piece by piece.
pub fn file(name: &str, csv: impl Into<Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv.into(),
    )
        .into_response()
}

/// Characters with which spreadsheets start a formula (OWASP's CSV
/// injection rule).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell: quoted when it holds a separator, a quote or a line break.
/// Text that a spreadsheet would run as a formula (citizens write
/// descriptions, comments and ballot answers; staff open the file) is
/// quoted behind an apostrophe, so it is shown as the text it is. Signed
/// numbers, such as a longitude west of Greenwich, stay numbers.
pub fn field(value: &str) -> String {
    if value.starts_with(FORMULA_STARTS) && !is_signed_number(value) {
        return format!("\"'{}\"", value.replace('"', "\"\""));
    }
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// `-12.5`, `+3`, `-7,25`: a sign and digits with at most one decimal mark.
fn is_signed_number(value: &str) -> bool {
    let Some(digits) = value.strip_prefix(['-', '+']) else {
        return false;
    };
    let mut marks = 0;
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| {
            if c == '.' || c == ',' {
                marks += 1;
                marks == 1
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_with_separators_are_quoted() {
        assert_eq!(super::field("Schlagloch"), "Schlagloch");
        assert_eq!(super::field("tief; gefährlich"), "\"tief; gefährlich\"");
        assert_eq!(super::field("sagt \"hier\"\n"), "\"sagt \"\"hier\"\"\n\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_kept_as_text() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1+1", "\"'+1+1\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("-inf", "\"'-inf\""),
            ("-", "\"'-\""),
            ("-1.2.3", "\"'-1.2.3\""),
        ] {
            assert_eq!(super::field(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn signed_numbers_stay_numbers() {
        for number in ["-7.625", "+3", "-7,25", "-0"] {
            assert_eq!(super::field(number), number);
        }
    }
}
