//! `GET /api/v1/council/search`: full-text search over papers, meetings
//! and the text of their files, German-stemmed, ranked by BM25, with the
//! matching words marked in a snippet.

use std::collections::{HashMap, HashSet};

use axum::{Json, extract::State};
use serde::Deserialize;
use serde_json::Value;
use shared::{
    api::ApiErrorBody,
    council::{HitKind, SearchHit, SnippetPart},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::council::{kind::Kind, store};
use crate::{
    db::Db,
    error::{Error, Result},
    extract::ApiQuery,
    state::AppState,
};

/// Marks around matched words; control characters never occur in the texts.
const OPEN: &str = "\u{1}";
const CLOSE: &str = "\u{2}";
const MARKS: store::Marks = store::Marks {
    open: OPEN,
    close: CLOSE,
};
/// Hits per index before merging, and results per answer.
const LIMIT: u32 = 50;
/// Characters of context before and after the first matched word in a file.
const CONTEXT_BEFORE: usize = 80;
const CONTEXT_AFTER: usize = 160;

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
    let by_date = match query.sort.as_deref() {
        None | Some("") | Some("relevance") => false,
        Some("date") => true,
        Some(other) => {
            return Err(Error::InvalidInput(format!(
                "Unbekannte Sortierung „{other}“; möglich sind relevance und date."
            )));
        }
    };

    let mut hits: HashMap<(HitKind, u64), SearchHit> = HashMap::new();
    for kind in &kinds {
        for hit in title_hits(&state.db, *kind, &words).await? {
            merge(&mut hits, hit);
        }
    }
    for hit in file_hits(&state.db, &words, &kinds).await? {
        merge(&mut hits, hit);
    }
    let in_period = |hit: &SearchHit| {
        let day = hit.date.as_deref().map(|d| d.get(..10).unwrap_or(d));
        query
            .from
            .as_deref()
            .is_none_or(|from| day.is_some_and(|d| d >= from))
            && query
                .until
                .as_deref()
                .is_none_or(|until| day.is_some_and(|d| d <= until))
    };
    let mut results: Vec<SearchHit> = hits.into_values().filter(in_period).collect();
    if let Some(organization) = query.organization {
        let involved = involving(&state.db, organization, &results).await?;
        results.retain(|hit| involved.contains(&(hit.kind, hit.number)));
    }
    if by_date {
        results.sort_by(|a, b| b.date.cmp(&a.date).then(b.score.total_cmp(&a.score)));
    } else {
        results.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.date.cmp(&a.date)));
    }
    results.truncate(LIMIT as usize);
    Ok(Json(results))
}

/// Which of the hits the organization is part of: the meetings it holds,
/// the papers it brought in, leads, or discusses in the Beratungsfolge.
async fn involving(
    db: &Db,
    organization: u64,
    hits: &[SearchHit],
) -> Result<HashSet<(HitKind, u64)>> {
    let reference = Kind::Organization.reference(organization);
    let names = |doc: &Value, field: &str| {
        doc.get(field)
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|r| r.as_str() == Some(reference.as_str())))
    };
    let numbers = |kind: HitKind| -> Vec<u64> {
        hits.iter()
            .filter(|hit| hit.kind == kind)
            .map(|hit| hit.number)
            .collect()
    };
    let mut involved = HashSet::new();
    for meeting in store::by_numbers(db, Kind::Meeting, &numbers(HitKind::Meeting)).await? {
        if names(&meeting.doc, "organization") {
            involved.insert((HitKind::Meeting, meeting.n));
        }
    }
    let papers = numbers(HitKind::Paper);
    for paper in store::by_numbers(db, Kind::Paper, &papers).await? {
        if names(&paper.doc, "originatorOrganization") || names(&paper.doc, "underDirectionOf") {
            involved.insert((HitKind::Paper, paper.n));
        }
    }
    for consultation in store::children(db, Kind::Consultation, &papers).await? {
        if let Some(paper) = consultation.parent
            && names(&consultation.doc, "organization")
        {
            involved.insert((HitKind::Paper, paper));
        }
    }
    Ok(involved)
}

/// A title match outranks a file match of the same paper; scores add up.
fn merge(hits: &mut HashMap<(HitKind, u64), SearchHit>, hit: SearchHit) {
    match hits.get_mut(&(hit.kind, hit.number)) {
        Some(existing) => {
            existing.score += hit.score;
            if existing.found_in.is_some() && hit.found_in.is_none() {
                existing.snippet = hit.snippet;
                existing.found_in = None;
            }
        }
        None => {
            hits.insert((hit.kind, hit.number), hit);
        }
    }
}

async fn title_hits(db: &Db, kind: HitKind, words: &str) -> Result<Vec<SearchHit>> {
    let owner = match kind {
        HitKind::Paper => Kind::Paper,
        HitKind::Meeting => Kind::Meeting,
    };
    let rows = store::title_matches(db, owner, words, MARKS, LIMIT).await?;
    Ok(rows
        .into_iter()
        .filter(|row| !row.deleted)
        .map(|row| SearchHit {
            kind,
            number: row.n,
            title: row.name.clone().unwrap_or_default(),
            reference: row.reference,
            date: row.date,
            snippet: parts(row.marked.or(row.name).as_deref().unwrap_or_default()),
            found_in: None,
            score: row.score,
        })
        .collect())
}

async fn file_hits(db: &Db, words: &str, kinds: &[HitKind]) -> Result<Vec<SearchHit>> {
    let rows = store::file_matches(db, words, MARKS, LIMIT).await?;
    let mut hits = Vec::new();
    for file in rows.into_iter().filter(|file| !file.deleted) {
        let snippet = parts(&around_first_hit(
            file.marked.as_deref().unwrap_or_default(),
        ));
        for (kind, owner_kind, owners) in [
            (
                HitKind::Paper,
                Kind::Paper,
                file.paper.as_deref().unwrap_or_default(),
            ),
            (
                HitKind::Meeting,
                Kind::Meeting,
                file.meeting.as_deref().unwrap_or_default(),
            ),
        ] {
            if !kinds.contains(&kind) {
                continue;
            }
            let numbers: Vec<u64> = owners
                .iter()
                .filter_map(|r| owner_kind.number_of(r))
                .collect();
            for owner in store::by_numbers(db, owner_kind, &numbers).await? {
                if owner.deleted {
                    continue;
                }
                let text = |field: &str| {
                    owner
                        .doc
                        .get(field)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                };
                hits.push(SearchHit {
                    kind,
                    number: owner.n,
                    title: text("name").unwrap_or_default(),
                    reference: text("reference"),
                    date: text(if kind == HitKind::Paper {
                        "date"
                    } else {
                        "start"
                    }),
                    snippet: snippet.clone(),
                    found_in: file.name.clone(),
                    score: file.score,
                });
            }
        }
    }
    Ok(hits)
}

/// The stretch of a long text around its first marked word, cut at spaces.
fn around_first_hit(marked: &str) -> String {
    let Some(first) = marked.find(OPEN) else {
        return marked
            .chars()
            .take(CONTEXT_BEFORE + CONTEXT_AFTER)
            .collect();
    };
    let before: String = {
        let head: Vec<char> = marked[..first].chars().collect();
        let start = head.len().saturating_sub(CONTEXT_BEFORE);
        let text: String = head[start..].iter().collect();
        match (start > 0, text.find(' ')) {
            (true, Some(space)) => format!("… {}", &text[space + 1..]),
            _ => text,
        }
    };
    let tail: Vec<char> = marked[first..].chars().collect();
    let mut after: String = tail.iter().take(CONTEXT_AFTER).collect();
    if tail.len() > CONTEXT_AFTER {
        if let Some(space) = after.rfind(' ') {
            after.truncate(space);
        }
        // A cut must not leave a mark open.
        if after.matches(OPEN).count() > after.matches(CLOSE).count() {
            after.push_str(CLOSE);
        }
        after.push_str(" …");
    }
    format!("{before}{after}").replace(['\n', '\r'], " ")
}

/// Splits a marked text into plain and matched parts.
fn parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    for (i, piece) in marked.split(OPEN).enumerate() {
        let (hit, rest) = match (i, piece.split_once(CLOSE)) {
            (0, _) | (_, None) => ("", piece),
            (_, Some((hit, rest))) => (hit, rest),
        };
        if !hit.is_empty() {
            parts.push(SnippetPart {
                text: hit.to_owned(),
                hit: true,
            });
        }
        if !rest.is_empty() {
            parts.push(SnippetPart {
                text: rest.to_owned(),
                hit: false,
            });
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_text_splits_into_plain_and_hit_parts() {
        let parts = parts("Ausbau \u{1}Radweg\u{2} an der \u{1}Weseler\u{2} Straße");
        let texts: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(
            texts,
            [
                ("Ausbau ", false),
                ("Radweg", true),
                (" an der ", false),
                ("Weseler", true),
                (" Straße", false)
            ]
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_first_hit() {
        let text = format!(
            "{} \u{1}Kosten\u{2} {}",
            "wort ".repeat(100),
            "mehr ".repeat(100)
        );
        let snippet = around_first_hit(&text);
        assert!(snippet.starts_with("… "), "{snippet}");
        assert!(snippet.ends_with(" …"), "{snippet}");
        assert!(snippet.contains("\u{1}Kosten\u{2}"));
        assert!(snippet.chars().count() < CONTEXT_BEFORE + CONTEXT_AFTER + 10);
    }
}
