//! `/api/v1/search`: one search over everything the public can see, and the
//! state of this app server's search index.

use std::collections::HashMap;

use axum::{Json, extract::State};
use serde::Deserialize;
use shared::{
    api::ApiErrorBody,
    search::{FacetCount, FoundItem, KindCount, SearchResults, SearchStatus},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    council, cpu,
    error::{Error, Result},
    extract::ApiQuery,
    http::SEARCHABLE,
    search::{self, DocKey, Marker, Preview},
    state::AppState,
};

/// The facets an answer counts by: kind, committee, year.
const KIND: &str = "kind";
const ORGANIZATION: &str = "organization";
const YEAR: &str = "year";

/// Hits per page unless `limit` says otherwise, and the most it may say.
const PAGE: usize = 20;
const MOST: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_everything))
        .routes(routes!(status))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words to look for, 2 to 200 characters: `"a phrase"`, `-word` to
    /// exclude one.
    // Required, but read as optional so that the handler can explain.
    #[param(required = true, min_length = 2, max_length = 200, pattern = r"\S.*\S")]
    q: Option<String>,
    /// Only this kind: `paper`, `meeting`, `proposal`, `consultation`,
    /// `debate`, `poll` or `defect`.
    kind: Option<String>,
    /// Only council papers and meetings of this committee (the number of
    /// the OParl organization).
    organization: Option<u64>,
    /// Only council papers and meetings of this year.
    #[param(minimum = 1900, maximum = 2200)]
    year: Option<u16>,
    /// Only what is dated on or after this day, `yyyy-mm-dd` (a paper's
    /// date, a meeting's start, when the others were made or opened).
    from: Option<String>,
    /// Only what is dated on or before this day, `yyyy-mm-dd`.
    until: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    #[param(pattern = "^(relevance|date)?$")]
    sort: Option<String>,
    /// Hits per page, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<usize>,
    /// Hits to skip (for the next pages).
    #[param(maximum = 10000)]
    offset: Option<usize>,
    /// The last word is still being typed: it also matches words that
    /// begin with it.
    prefix: Option<bool>,
}

/// Everything the public can see that contains the words: council papers
/// and meetings (with the text of their files), Bürgerhaushalt proposals,
/// drafts of consultations (with their paragraphs) and debates, polls and
/// defect reports in public view; best first (or newest first), with the
/// number found per kind, committee and year.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchQuery),
    responses(
        (status = 200, body = SearchResults),
        (status = 400, description = "Query missing, too short or too long; unknown kind or sort; not a date; year, limit or offset out of range", body = ApiErrorBody),
    ))]
async fn search_everything(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>> {
    let words = query.q.as_deref().unwrap_or_default().trim().to_owned();
    if !(2..=200).contains(&words.chars().count()) {
        return Err(Error::InvalidInput(
            "Bitte geben Sie einen Suchbegriff mit 2 bis 200 Zeichen ein.".into(),
        ));
    }
    let known: Vec<&str> = SEARCHABLE
        .iter()
        .flat_map(|source| source.kinds())
        .copied()
        .collect();
    let kinds = match query.kind.as_deref() {
        None | Some("") => Vec::new(),
        Some(kind) if known.contains(&kind) => vec![kind.to_owned()],
        Some(other) => {
            return Err(Error::InvalidInput(format!(
                "Unbekannte Art „{other}“; möglich sind {}.",
                known.join(", ")
            )));
        }
    };
    let limit = query.limit.unwrap_or(PAGE);
    let offset = query.offset.unwrap_or(0);
    if !(1..=MOST).contains(&limit) || offset > 10_000 {
        return Err(Error::InvalidInput(format!(
            "Bitte höchstens {MOST} Treffer je Seite und nicht mehr als 10000 überspringen."
        )));
    }
    if query
        .year
        .is_some_and(|year| !(1900..=2200).contains(&year))
    {
        return Err(Error::InvalidInput(
            "Bitte geben Sie ein Jahr zwischen 1900 und 2200 an.".into(),
        ));
    }
    let sort = search::Sort::from_param(query.sort.as_deref())?;
    let (from, until) = search::day_span(query.from.as_deref(), query.until.as_deref())?;
    let facets = [
        query.organization.map(council::organization_facet),
        query.year.map(council::year_facet),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut found = state
        .search
        .find(search::Request {
            text: words,
            prefix: query.prefix.unwrap_or(false),
            kinds,
            facets,
            from,
            until,
            sort,
            limit,
            offset,
            counted: [KIND, ORGANIZATION, YEAR].map(str::to_owned).to_vec(),
            ..Default::default()
        })
        .await?;
    let mut counts = |root: &str| found.counts.remove(root).unwrap_or_default();
    let kinds = counts(KIND)
        .into_iter()
        .map(|(kind, count)| KindCount { kind, count })
        .collect();
    let by_organization = counts(ORGANIZATION);
    let numbers: Vec<u64> = by_organization
        .iter()
        .filter_map(|(value, _)| value.parse().ok())
        .collect();
    let mut names = council::organization_names(&state.db, &numbers).await?;
    let mut organizations: Vec<FacetCount> = by_organization
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: value.parse().ok().and_then(|n| names.remove(&n)),
            value,
            count,
        })
        .collect();
    organizations.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let mut years: Vec<FacetCount> = counts(YEAR)
        .into_iter()
        .map(|(value, count)| FacetCount {
            value,
            label: None,
            count,
        })
        .collect();
    years.sort_by(|a, b| b.value.cmp(&a.value));
    let Some(marker) = found.marker else {
        return Ok(Json(SearchResults {
            total: 0,
            kinds,
            organizations,
            years,
            hits: Vec::new(),
        }));
    };
    // What the hits show comes from the database, as it is now: a hit gone
    // or hidden since it was indexed is left out.
    let keys: Vec<DocKey> = found.hits.iter().map(|hit| hit.key.clone()).collect();
    let mut previews: HashMap<DocKey, Preview> = HashMap::new();
    for source in SEARCHABLE {
        let theirs: Vec<DocKey> = keys
            .iter()
            .filter(|key| source.kinds().contains(&key.kind.as_str()))
            .cloned()
            .collect();
        if !theirs.is_empty() {
            for preview in source.preview(&state.db, &theirs).await? {
                previews.insert(preview.key.clone(), preview);
            }
        }
    }
    let shown: Vec<Preview> = keys.iter().filter_map(|key| previews.remove(key)).collect();
    // Marking words in long texts is CPU work.
    let hits = cpu::run(move || {
        shown
            .into_iter()
            .map(|preview| item(preview, &marker))
            .collect()
    })
    .await?;
    Ok(Json(SearchResults {
        total: found.total as u64,
        kinds,
        organizations,
        years,
        hits,
    }))
}

/// A found thing with the words marked in its title, or else in the text
/// with the most of them; it leads to that text when the text has a place
/// of its own (a paragraph of a draft).
fn item(preview: Preview, marker: &Marker) -> FoundItem {
    let texts: Vec<&str> = preview.texts.iter().map(|p| p.text.as_str()).collect();
    let (snippet, found_in) = marker.snippet(&preview.title, &texts);
    let section = found_in.and_then(|i| preview.texts.get(i));
    FoundItem {
        kind: preview.key.kind,
        title: preview.title,
        reference: preview.reference,
        path: section
            .and_then(|section| section.path.clone())
            .unwrap_or(preview.path),
        date: preview.date,
        snippet,
        found_in: section.and_then(|section| section.name.clone()),
    }
}

/// How far this app server's search index is built.
#[utoipa::path(get, path = "/search/status", tag = "search",
    responses((status = 200, body = SearchStatus)))]
async fn status(State(state): State<AppState>) -> Json<SearchStatus> {
    let progress = state.search.progress();
    Json(SearchStatus {
        complete: progress.complete,
        indexed: progress.done,
    })
}
