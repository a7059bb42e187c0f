//! The Abwägungstabelle: every statement with its paragraph, the city's
//! decision and the reason, as CSV and as an accessible HTML page that
//! prints well (A4 landscape, the header repeated on every page). Names of
//! private persons are left out, as published Abwägungen do.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use shared::{api::ApiErrorBody, consultations::Comment};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::consultations::{all_comments, existing};
use crate::{csv, error::Result, extract::ApiPath, state::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(as_csv))
        .routes(routes!(as_html))
}

const COLUMNS: [&str; 9] = [
    "Nr.",
    "Fassung",
    "Absatz",
    "Markierte Stelle",
    "Antwort auf Nr.",
    "Eingang",
    "Stellungnahme",
    "Entscheidung",
    "Begründung",
];

/// One table row per statement, numbered in the order they came in.
fn rows(comments: &[Comment]) -> Vec<[String; 9]> {
    let number_of = |id: &str| {
        comments
            .iter()
            .position(|c| c.id == id)
            .map(|i| (i + 1).to_string())
            .unwrap_or_default()
    };
    comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (decision, reason) = match &c.answer {
                Some(a) => (a.decision.label_de().to_owned(), a.reason.clone()),
                None => ("noch nicht beantwortet".to_owned(), String::new()),
            };
            let body = if c.hidden {
                "(von der Moderation ausgeblendet)".to_owned()
            } else {
                c.body.clone()
            };
            let changed = c
                .led_to_change_in
                .map(|v| format!(" Führte zu Änderungen in Fassung {v}."))
                .unwrap_or_default();
            [
                (i + 1).to_string(),
                c.version.to_string(),
                c.paragraph.to_string(),
                c.quote.clone().unwrap_or_default(),
                c.reply_to.as_deref().map(number_of).unwrap_or_default(),
                if c.by_letter { "schriftlich" } else { "online" }.to_owned(),
                body,
                decision,
                format!("{reason}{changed}").trim().to_owned(),
            ]
        })
        .collect()
}

/// The Abwägungstabelle as CSV (`;`, UTF-8).
#[utoipa::path(get, path = "/consultations/{number}/abwaegungstabelle.csv", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ApiErrorBody)))]
async fn as_csv(State(state): State<AppState>, ApiPath(number): ApiPath<u64>) -> Result<Response> {
    existing(&state, number).await?;
    let comments = all_comments(&state, number, None).await?;
    let mut out = COLUMNS.join(";");
    out.push_str("\r\n");
    for row in rows(&comments) {
        let cells: Vec<String> = row.iter().map(|cell| csv::field(cell)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    Ok(csv::file(
        &format!("beteiligung-{number}-abwaegungstabelle.csv"),
        out,
    ))
}

/// The Abwägungstabelle as a page of its own, for reading and printing.
#[utoipa::path(get, path = "/consultations/{number}/abwaegungstabelle.html", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation")),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = ApiErrorBody)))]
async fn as_html(State(state): State<AppState>, ApiPath(number): ApiPath<u64>) -> Result<Response> {
    let consultation = existing(&state, number).await?;
    let comments = all_comments(&state, number, None).await?;
    let title = escape(&consultation.title);
    let answered = comments.iter().filter(|c| c.answer.is_some()).count();
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Abwägungstabelle: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>Abwägungstabelle: {title}</h1>\n\
         <p>Beteiligung Nr. {number}, vom {from} bis {until}. {total} Stellungnahmen, davon {answered} beantwortet. \
         Namen von Privatpersonen sind nicht veröffentlicht.</p>\n",
        from = escape(&german_day(&consultation.opens_at)),
        until = escape(&german_day(&consultation.closes_at)),
        total = comments.len(),
    );
    html.push_str(
        "<table>\n<caption>Stellungnahmen und Abwägung der Verwaltung</caption>\n<thead><tr>",
    );
    for column in COLUMNS {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(column)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows(&comments) {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&row[0])));
        for cell in &row[1..] {
            html.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                crate::headers::page_with_style(STYLE),
            ),
        ],
        html,
    )
        .into_response())
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.4;margin:1rem;color:#1a1a1a}\
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;margin:.5rem 0}\
th,td{border:1px solid #666;padding:.35rem .5rem;vertical-align:top;text-align:left}\
thead th{background:#e8ecf1}td:nth-child(7),td:nth-child(9){min-width:14rem}\
@media print{@page{size:A4 landscape;margin:12mm}body{margin:0;font-size:9pt}\
thead{display:table-header-group}tr{break-inside:avoid}}";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

fn german_day(stored: &str) -> String {
    crate::clock::parse(stored)
        .map(|t| crate::clock::german(t).format("%-d.%-m.%Y").to_string())
        .unwrap_or_else(|| stored.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_cannot_break_out_of_its_cell() {
        assert_eq!(
            super::escape("<script>\"a\" & b\nc"),
            "&lt;script&gt;&quot;a&quot; &amp; b<br>c"
        );
    }
}
