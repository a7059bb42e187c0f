//! `/defects/reports.geojson` and `/defects/reports.csv`: the open data
//! downloads, with the same filters as the list. They are written out a
//! page of reports at a time, so a download of every report a city has
//! holds one page in memory, not all of them.

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use futures_util::stream;
use shared::api::ApiErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    super::{
        exports::Format,
        store::{self, Selection},
        views::Catalogue,
    },
    ReportFilter,
};
use crate::{db::Db, error::Result, extract::ApiQuery, page::Page, state::AppState};

/// Reports read and written out at a time.
const PAGE: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(geojson))
        .routes(routes!(csv))
}

/// Reports as a GeoJSON FeatureCollection, coordinates rounded to about 100 m.
#[utoipa::path(get, path = "/defects/reports.geojson", tag = "defects", params(ReportFilter),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 400, body = ApiErrorBody)))]
async fn geojson(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ReportFilter>,
) -> Result<Response> {
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        written(&state, &filter, Format::GeoJson).await?,
    )
        .into_response())
}

/// Reports as CSV (`;`-separated, UTF-8), coordinates rounded to about 100 m.
#[utoipa::path(get, path = "/defects/reports.csv", tag = "defects", params(ReportFilter),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ApiErrorBody)))]
async fn csv(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ReportFilter>,
) -> Result<Response> {
    Ok(crate::csv::file(
        "maengelmelder.csv",
        written(&state, &filter, Format::Csv).await?,
    ))
}

/// The public reports a filter selects in `format`. The filter is checked
/// before the answer begins; a database failure later cuts the download
/// short, which the client sees as a broken transfer, not a whole file.
async fn written(state: &AppState, filter: &ReportFilter, format: Format) -> Result<Body> {
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let walk = Walk {
        db: state.db.clone(),
        selection: filter.selection(false, &catalogue)?,
        catalogue,
        format,
        now: Utc::now(),
        after: None,
        written_any: false,
        done: false,
    };
    Ok(Body::from_stream(stream::try_unfold(walk, Walk::next_page)))
}

/// Where a download stands: the reports run newest first, by number.
struct Walk {
    db: Db,
    selection: Selection,
    catalogue: Catalogue,
    format: Format,
    now: DateTime<Utc>,
    /// The number of the last report written; none before the first page.
    after: Option<u64>,
    written_any: bool,
    done: bool,
}

impl Walk {
    async fn next_page(mut self) -> Result<Option<(Bytes, Self)>> {
        if self.done {
            return Ok(None);
        }
        let selection = Selection {
            page: Page {
                limit: Some(PAGE),
                after: self.after,
                offset: 0,
            },
            ..self.selection.clone()
        };
        let rows = store::reports(&self.db, &selection).await?;
        let mut text = String::new();
        if self.after.is_none() {
            text.push_str(self.format.head());
        }
        for row in &rows {
            if self.written_any {
                text.push_str(self.format.separator());
            }
            text.push_str(&self.format.report(row, &self.catalogue, self.now));
            self.written_any = true;
        }
        match rows.last() {
            Some(last) if rows.len() == PAGE => self.after = Some(last.number),
            _ => {
                text.push_str(self.format.tail());
                self.done = true;
            }
        }
        Ok(Some((Bytes::from(text), self)))
    }
}
