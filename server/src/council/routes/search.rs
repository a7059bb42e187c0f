//! `GET /api/v1/council/search`: full-text search over papers, meetings
//! and the text of their files, German-stemmed, ranked by BM25, with the
//! matching words marked in a snippet. Answered from the search index
//! (`crate::search`); what a hit shows is read from the database.

use std::collections::HashMap;

use axum::{Json, extract::State};
use serde::Deserialize;
use serde_json::Value;
use shared::{
    api::ApiErrorBody,
    council::{HitKind, SearchHit},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::council::{
    indexed::{self, FileText},
    kind::Kind,
    store,
};
use crate::{
    cpu,
    error::{Error, Result},
    extract::ApiQuery,
    search::{self, Marker, Sort},
    state::AppState,
};

/// Results per answer.
const LIMIT: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words to look for, 2 to 200 characters.
    // Required, but read as optional so that the handler can explain.
    #[param(required = true, min_length = 2, max_length = 200, pattern = r"\S.*\S")]
    q: Option<String>,
    /// `paper` or `meeting`; both when absent.
    #[param(pattern = "^(paper|meeting)?$")]
    r#type: Option<String>,
    /// Earliest date, `yyyy-mm-dd`.
    from: Option<String>,
    /// Latest date, `yyyy-mm-dd`.
    until: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    #[param(pattern = "^(relevance|date)?$")]
    sort: Option<String>,
    /// Number of an organization: its meetings, and papers it brought in,
    /// leads or discusses.
    organization: Option<u64>,
}

/// Papers and meetings whose title, or the text of one of whose files,
/// contains the words.
#[utoipa::path(get, path = "/council/search", tag = "council", params(SearchQuery),
    responses(
        (status = 200, body = Vec<SearchHit>),
        (status = 400, description = "Query missing, too short or too long; unknown type or sort", body = ApiErrorBody),
    ))]
async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<Vec<SearchHit>>> {
    let words = query.q.as_deref().unwrap_or_default().trim().to_owned();
    if !(2..=200).contains(&words.chars().count()) {
        return Err(Error::InvalidInput(
            "Bitte geben Sie einen Suchbegriff mit 2 bis 200 Zeichen ein.".into(),
        ));
    }
    let kinds = match query.r#type.as_deref() {
        None | Some("") => vec![HitKind::Paper, HitKind::Meeting],
        Some("paper") => vec![HitKind::Paper],
        Some("meeting") => vec![HitKind::Meeting],
        Some(other) => {
            return Err(Error::InvalidInput(format!(
                "Unbekannte Art „{other}“; möglich sind paper und meeting."
            )));
        }
    };
    let sort = Sort::from_param(query.sort.as_deref())?;
    let (from, until) = search::day_span(query.from.as_deref(), query.until.as_deref())?;
    let found = state
        .search
        .find(search::Request {
            text: words,
            kinds: kinds
                .iter()
                .map(|kind| kind_name(*kind).to_owned())
                .collect(),
            facets: query
                .organization
                .map(indexed::organization_facet)
                .into_iter()
                .collect(),
            from,
            until,
            sort,
            limit: LIMIT,
            ..Default::default()
        })
        .await?;
    let Some(marker) = found.marker else {
        return Ok(Json(Vec::new()));
    };

    // What the hits show comes from the database, as it is now: a hit
    // deleted since it was indexed is left out.
    let mut shown: HashMap<(HitKind, u64), Shown> = HashMap::new();
    for kind in kinds {
        let keys: Vec<search::DocKey> = found.hits.iter().map(|hit| hit.key.clone()).collect();
        let numbers = search::numbers_of(&keys, kind_name(kind));
        let owner = owner_kind(kind);
        let rows: Vec<store::Row> = store::by_numbers(&state.db, owner, &numbers)
            .await?
            .into_iter()
            .filter(|row| !row.deleted)
            .collect();
        let mut files = indexed::public_files(&state.db, owner, &rows).await?;
        for row in rows {
            let files = files.remove(&row.n).unwrap_or_default();
            shown.insert((kind, row.n), Shown { kind, row, files });
        }
    }
    let hits: Vec<(f32, Shown)> = found
        .hits
        .into_iter()
        .filter_map(|hit| {
            let kind = [HitKind::Paper, HitKind::Meeting]
                .into_iter()
                .find(|kind| kind_name(*kind) == hit.key.kind)?;
            let shown = shown.remove(&(kind, hit.key.id.parse().ok()?))?;
            Some((hit.score, shown))
        })
        .collect();
    // Marking words in long PDF texts is CPU work.
    let results = cpu::run(move || {
        hits.into_iter()
            .map(|(score, shown)| shown.hit(score, &marker))
            .collect()
    })
    .await?;
    Ok(Json(results))
}

/// A found paper or meeting as stored, with its public files.
struct Shown {
    kind: HitKind,
    row: store::Row,
    files: Vec<FileText>,
}

impl Shown {
    /// The hit with the found words marked: in the title if it has them,
    /// else in the file (or agenda item name) with the most of them.
    fn hit(self, score: f32, marker: &Marker) -> SearchHit {
        let text = |field: &str| {
            self.row
                .doc
                .get(field)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let title = text("name").unwrap_or_default();
        let texts: Vec<&str> = self.files.iter().map(|file| file.text.as_str()).collect();
        let (snippet, in_file) = marker.snippet(&title, &texts);
        let found_in = in_file.map(|i| self.files[i].name.clone().unwrap_or_default());
        SearchHit {
            kind: self.kind,
            number: self.row.n,
            title,
            reference: text("reference"),
            date: text(if self.kind == HitKind::Paper {
                "date"
            } else {
                "start"
            }),
            snippet,
            found_in,
            score: f64::from(score),
        }
    }
}

fn kind_name(kind: HitKind) -> &'static str {
    indexed::indexed_as(owner_kind(kind)).unwrap_or_default()
}

fn owner_kind(kind: HitKind) -> Kind {
    match kind {
        HitKind::Paper => Kind::Paper,
        HitKind::Meeting => Kind::Meeting,
    }
}
