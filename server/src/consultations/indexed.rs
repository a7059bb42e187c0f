//! What Online-Beteiligung puts into the search index: each draft with the
//! paragraphs of its current version (a hit in a paragraph leads to that
//! paragraph), and each debate with its question, description and
//! conclusion. Everything of both is public; comments and arguments are
//! people's own words and are not searched.

use futures_util::{
    FutureExt,
    future::{self, BoxFuture},
};
use serde_json::Value;

use super::store::{self, ConsultationRow, DebateRow, Numbered, VersionRow};
use crate::{
    clock,
    db::Db,
    error::Result,
    search::{
        self, DocKey, Documents, Preview, SearchDoc, Searchable, Section, date_key, numbers_of,
    },
};

/// Online-Beteiligung's part of the search.
pub struct Indexed;

const CONSULTATION: &str = "consultation";
const DEBATE: &str = "debate";

impl Searchable for Indexed {
    fn kinds(&self) -> &'static [&'static str] {
        &[CONSULTATION, DEBATE]
    }

    fn tables(&self) -> &'static [&'static str] {
        &["consultation", "consultation_version", "debate"]
    }

    fn concerned<'a>(
        &'a self,
        _db: &'a Db,
        table: &'a str,
        id: &'a str,
        row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        let key = match table {
            "consultation" => id.parse::<u64>().ok().map(|n| DocKey::new(CONSULTATION, n)),
            // A version's id is `[consultation, version]`.
            "consultation_version" => row
                .and_then(|row| row.get("consultation")?.as_u64())
                .or_else(|| {
                    id.trim_start_matches('[')
                        .split(',')
                        .next()?
                        .trim()
                        .parse()
                        .ok()
                })
                .map(|n| DocKey::new(CONSULTATION, n)),
            "debate" => id.parse::<u64>().ok().map(|n| DocKey::new(DEBATE, n)),
            _ => None,
        };
        future::ready(Ok(key.into_iter().collect())).boxed()
    }

    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>> {
        async move {
            let drafts = drafts(db, keys).await?;
            let debates = store::debates_by_numbers(db, &numbers_of(keys, DEBATE)).await?;
            let found = drafts
                .iter()
                .map(|(row, version)| draft_document(row, version.as_ref()))
                .chain(debates.iter().map(debate_document));
            Ok(search::documents_for(keys, found))
        }
        .boxed()
    }

    fn preview<'a>(
        &'a self,
        db: &'a Db,
        keys: &'a [DocKey],
    ) -> BoxFuture<'a, Result<Vec<Preview>>> {
        async move {
            let mut previews: Vec<Preview> = drafts(db, keys)
                .await?
                .into_iter()
                .map(|(row, version)| draft_preview(row, version))
                .collect();
            previews.extend(
                store::debates_by_numbers(db, &numbers_of(keys, DEBATE))
                    .await?
                    .into_iter()
                    .map(debate_preview),
            );
            Ok(previews)
        }
        .boxed()
    }

    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>> {
        async move {
            Ok(store::count(db, Numbered::Consultation).await?
                + store::count(db, Numbered::Debate).await?)
        }
        .boxed()
    }

    fn keys<'a>(
        &'a self,
        db: &'a Db,
        after: Option<&'a DocKey>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        search::keys_by_number(self.kinds(), after, limit, move |kind, from, limit| {
            let of = if kind == DEBATE {
                Numbered::Debate
            } else {
                Numbered::Consultation
            };
            store::numbers_after(db, of, from, limit)
        })
        .boxed()
    }
}

/// The drafts among `keys`, each with its current version.
async fn drafts(db: &Db, keys: &[DocKey]) -> Result<Vec<(ConsultationRow, Option<VersionRow>)>> {
    let numbers = numbers_of(keys, CONSULTATION);
    let rows = store::consultations_by_numbers(db, &numbers).await?;
    let mut versions = store::current_versions(db, &numbers).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let version = versions.remove(&row.number);
            (row, version)
        })
        .collect())
}

/// The paragraphs of a version as plain text, each with its number (none
/// for headings and other blocks nobody comments on).
fn paragraphs(version: Option<&VersionRow>) -> impl Iterator<Item = (Option<u32>, String)> + '_ {
    version
        .into_iter()
        .flat_map(|version| &version.paragraphs)
        .map(|p| (p.number, shared::markdown::plain_text(&p.markdown)))
}

fn draft_document(row: &ConsultationRow, version: Option<&VersionRow>) -> SearchDoc {
    let mut body = vec![row.summary.clone()];
    body.extend(paragraphs(version).map(|(_, text)| text));
    SearchDoc {
        key: DocKey::new(CONSULTATION, row.number),
        title: row.title.clone(),
        reference: None,
        body,
        files: Vec::new(),
        date: date_key(&clock::german_iso(&row.opens_at)),
        facets: Vec::new(),
    }
}

fn draft_preview(row: ConsultationRow, version: Option<VersionRow>) -> Preview {
    let path = format!("/beteiligung/entwurf/{}", row.number);
    let mut texts: Vec<Section> = vec![row.summary.into()];
    texts.extend(paragraphs(version.as_ref()).map(|(number, text)| Section {
        text,
        path: number.map(|n| format!("{path}#absatz-{n}")),
        name: None,
    }));
    Preview {
        key: DocKey::new(CONSULTATION, row.number),
        title: row.title,
        reference: None,
        path,
        date: Some(clock::german_iso(&row.opens_at)),
        texts,
    }
}

/// The description (Markdown, as plain text) and the conclusion, if any.
fn debate_texts(row: &DebateRow) -> impl Iterator<Item = String> + '_ {
    std::iter::once(shared::markdown::plain_text(&row.description))
        .chain(row.conclusion.clone())
        .filter(|text| !text.is_empty())
}

fn debate_document(row: &DebateRow) -> SearchDoc {
    SearchDoc {
        key: DocKey::new(DEBATE, row.number),
        title: row.question.clone(),
        reference: None,
        body: debate_texts(row).collect(),
        files: Vec::new(),
        date: date_key(&clock::german_iso(&row.created_at)),
        facets: Vec::new(),
    }
}

fn debate_preview(row: DebateRow) -> Preview {
    Preview {
        key: DocKey::new(DEBATE, row.number),
        reference: None,
        path: format!("/beteiligung/diskussion/{}", row.number),
        texts: debate_texts(&row).map(Section::from).collect(),
        date: Some(clock::german_iso(&row.created_at)),
        title: row.question,
    }
}
