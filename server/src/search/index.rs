//! The Tantivy index: its fields, opening or creating it, writing documents
//! with the position of the change feed they reflect, and searching it.

use std::{
    collections::HashMap,
    fs,
    ops::Bound,
    path::{Path, PathBuf},
    sync::Mutex,
};

use serde::{Deserialize, Serialize};
use tantivy::{
    Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
    collector::{Count, FacetCollector, TopDocs},
    directory::error::LockError,
    indexer::IndexWriterOptions,
    query::{
        BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery,
        TermQuery,
    },
    schema::{
        FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
        TextFieldIndexing, TextOptions, Value,
    },
};

use super::{
    DocKey, Documents, Found, Hit, Request, SearchDoc, Sort,
    analyzer::{self, GERMAN, GERMAN_WORDS, REFERENCE},
    query::{self, Part},
    snippet::Marker,
};
use crate::error::{Error, Result};

/// Changes to the fields below; an index of another version is built anew.
const SCHEMA_VERSION: u32 = 1;

/// The facet every document has: its kind (`/kind/paper`), counted per kind.
pub const KIND_FACET: &str = "kind";

/// Memory the writer may fill before it writes a segment (tantivy's least).
const WRITER_MEMORY: usize = 15_000_000;

/// How much each field counts towards a document's score.
const TITLE_BOOST: f32 = 3.0;
const REFERENCE_BOOST: f32 = 5.0;
const BODY_BOOST: f32 = 1.0;
const FILES_BOOST: f32 = 0.7;

/// Where the index is kept: in memory (for a database in memory, whose
/// index would be of no use after the exit) or in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Memory,
    Folder(PathBuf),
}

impl std::str::FromStr for Place {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match text {
            "mem://" => Self::Memory,
            path => Self::Folder(PathBuf::from(path)),
        })
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Memory => f.write_str("mem://"),
            Self::Folder(path) => write!(f, "{}", path.display()),
        }
    }
}

/// What an index reflects, kept in its commits: an index of another
/// schema, analyzer, database (`epoch`) or set of kinds is built anew, an
/// incomplete one too, and a complete one follows the change feed from
/// `position` on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stand {
    pub schema: u32,
    pub analyzer: String,
    pub epoch: String,
    /// The kinds of documents it holds, sorted: a server that finds more
    /// kinds than its index holds builds it anew.
    #[serde(default)]
    pub kinds: Vec<String>,
    pub position: u64,
    pub complete: bool,
}

impl Stand {
    pub fn new(epoch: &str, kinds: &[String], position: u64, complete: bool) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            analyzer: analyzer::ANALYZER.to_owned(),
            epoch: epoch.to_owned(),
            kinds: kinds.to_vec(),
            position,
            complete,
        }
    }

    fn same_terms(&self) -> bool {
        self.schema == SCHEMA_VERSION && self.analyzer == analyzer::ANALYZER
    }
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    title: Field,
    title_words: Field,
    reference: Field,
    reference_key: Field,
    body: Field,
    files: Field,
    date: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        key: builder.add_text_field("key", STRING | STORED),
        kind: builder.add_text_field("kind", STRING),
        title: builder.add_text_field("title", text(GERMAN, false)),
        title_words: builder.add_text_field("title_words", text(GERMAN_WORDS, false)),
        reference: builder.add_text_field("reference", text(GERMAN, false)),
        reference_key: builder.add_text_field(
            "reference_key",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(REFERENCE)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        body: builder.add_text_field("body", text(GERMAN, false)),
        files: builder.add_text_field("files", text(GERMAN, false)),
        date: builder.add_i64_field("date", INDEXED | FAST),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
    };
    (builder.build(), fields)
}

/// The index with its one writer and its reader.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index at `place`; one of another schema or analyzer is
    /// replaced by an empty one.
    pub fn open(place: &Place) -> Result<Self> {
        let (schema, fields) = schema();
        let mut index = match place {
            Place::Memory => Index::create_in_ram(schema),
            Place::Folder(folder) => open_folder(folder, schema)?,
        };
        index.set_tokenizers(analyzer::analyzers());
        let writer = index
            .writer_with_options(
                IndexWriterOptions::builder()
                    .memory_budget_per_thread(WRITER_MEMORY)
                    .num_worker_threads(1)
                    .num_merge_threads(1)
                    .build(),
            )
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => Error::Search(format!(
                    "another running server uses {place}; give each app server its own --search-dir"
                )),
                err => Error::Search(format!("{place}: {err}")),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(search_error)?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// What the last commit reflects (nothing for a new index).
    pub fn stand(&self) -> Result<Option<Stand>> {
        let payload = self.index.load_metas().map_err(search_error)?.payload;
        Ok(payload.and_then(|payload| serde_json::from_str(&payload).ok()))
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<()> {
        self.writer()?
            .delete_all_documents()
            .map_err(search_error)?;
        Ok(())
    }

    /// Puts the documents in place of what the index holds under their keys;
    /// a key without a document is removed.
    pub fn replace(&self, documents: Documents) -> Result<()> {
        let writer = self.writer()?;
        for (key, document) in documents {
            writer.delete_term(Term::from_field_text(self.fields.key, &key.to_string()));
            if let Some(document) = document {
                writer
                    .add_document(self.document(&document))
                    .map_err(search_error)?;
            }
        }
        Ok(())
    }

    /// Makes everything written so far durable and searchable, as `stand`.
    pub fn commit(&self, stand: &Stand) -> Result<()> {
        {
            let mut writer = self.writer()?;
            let mut commit = writer.prepare_commit().map_err(search_error)?;
            commit.set_payload(&serde_json::to_string(stand)?);
            commit.commit().map_err(search_error)?;
        }
        self.reader.reload().map_err(search_error)
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| Error::Search("its writer failed before".into()))
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = self.fields;
        let mut document = TantivyDocument::default();
        document.add_text(f.key, doc.key.to_string());
        document.add_text(f.kind, &doc.key.kind);
        document.add_text(f.title, &doc.title);
        document.add_text(f.title_words, &doc.title);
        if let Some(reference) = &doc.reference {
            document.add_text(f.reference, reference);
            document.add_text(f.reference_key, reference);
        }
        for text in &doc.body {
            document.add_text(f.body, text);
        }
        for text in &doc.files {
            document.add_text(f.files, text);
        }
        if let Some(date) = doc.date {
            document.add_i64(f.date, date);
        }
        document.add_facet(
            f.facets,
            Facet::from_path([KIND_FACET, doc.key.kind.as_str()]),
        );
        for facet in &doc.facets {
            document.add_facet(
                f.facets,
                Facet::from_path(facet.split('/').filter(|p| !p.is_empty())),
            );
        }
        document
    }

    /// The documents matching the request, best (or newest) first.
    pub fn find(&self, request: &Request) -> Result<Found> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let parts = query::parts(&request.text);
        let Some(words) = self.words_query(&parts, request.prefix) else {
            return Ok(Found::nothing());
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words.box_clone())];
        clauses.extend(self.filters(request, None));
        let query = BooleanQuery::new(clauses);
        let counts = self.counts(&searcher, &*words, request)?;

        let window = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (addresses, total): (Vec<(f32, tantivy::DocAddress)>, usize) = match request.sort {
            Sort::Relevance => searcher
                .search(&query, &(window.order_by_score(), Count))
                .map_err(search_error)?,
            Sort::Date => {
                let (by_date, total) = searcher
                    .search(
                        &query,
                        &(
                            window.order_by_fast_field::<i64>("date", Order::Desc),
                            Count,
                        ),
                    )
                    .map_err(search_error)?;
                (
                    by_date
                        .into_iter()
                        .map(|(_, address)| (0.0, address))
                        .collect(),
                    total,
                )
            }
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            if let Some(key) = self.key_of(&searcher, address)? {
                hits.push(Hit { key, score });
            }
        }
        // A typed reference number names one paper: it comes first.
        if request.offset == 0 {
            let exact = self.exact_reference(&searcher, request)?;
            hits.retain(|hit| !exact.contains(&hit.key));
            let best = hits.first().map_or(1.0, |hit| hit.score);
            for key in exact.into_iter().rev() {
                hits.insert(
                    0,
                    Hit {
                        key,
                        score: best + 1.0,
                    },
                );
            }
            hits.truncate(request.limit);
        }
        let marker = Marker::new(&searcher, &*words, &[f.title, f.reference, f.body, f.files])?;
        Ok(Found {
            total,
            hits,
            counts,
            marker: Some(marker),
        })
    }

    /// How many documents match per value of each facet the request
    /// counts (`kind`, `organization`, …). Each is counted with every filter
    /// of the request but its own, so that a search narrowed to one kind or
    /// committee still shows the others; those without a filter of their
    /// own are counted together.
    fn counts(
        &self,
        searcher: &tantivy::Searcher,
        words: &dyn Query,
        request: &Request,
    ) -> Result<HashMap<String, Vec<(String, u64)>>> {
        let (own, together): (Vec<&str>, Vec<&str>) = request
            .counted
            .iter()
            .map(String::as_str)
            .partition(|root| request.filters_by(root));
        let mut passes: Vec<(Option<&str>, Vec<&str>)> = own
            .into_iter()
            .map(|root| (Some(root), vec![root]))
            .collect();
        if !together.is_empty() {
            passes.push((None, together));
        }
        let mut counts = HashMap::new();
        for (except, roots) in passes {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words.box_clone())];
            clauses.extend(self.filters(request, except));
            let mut collector = FacetCollector::for_field("facets");
            for root in &roots {
                collector.add_facet(Facet::from_path([*root]));
            }
            let found = searcher
                .search(&BooleanQuery::new(clauses), &collector)
                .map_err(search_error)?;
            for root in roots {
                let values = found
                    .get(format!("/{root}").as_str())
                    .filter_map(|(facet, count)| Some((facet.to_path().get(1)?.to_string(), count)))
                    .collect();
                counts.insert(root.to_owned(), values);
            }
        }
        Ok(counts)
    }

    /// The key a found document was stored under.
    fn key_of(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> Result<Option<DocKey>> {
        let document: TantivyDocument = searcher.doc(address).map_err(search_error)?;
        Ok(document
            .get_first(self.fields.key)
            .and_then(|value| value.as_str())
            .and_then(DocKey::parse))
    }

    /// Documents whose reference number is exactly the typed text.
    fn exact_reference(
        &self,
        searcher: &tantivy::Searcher,
        request: &Request,
    ) -> Result<Vec<DocKey>> {
        let typed = analyzer::terms(REFERENCE, &request.text);
        let [typed] = typed.as_slice() else {
            return Ok(Vec::new());
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.reference_key, typed),
                IndexRecordOption::Basic,
            )),
        )];
        clauses.extend(self.filters(request, None));
        let found = searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(request.limit.max(1)).order_by_score(),
            )
            .map_err(search_error)?;
        let mut keys = Vec::new();
        for (_, address) in found {
            if let Some(key) = self.key_of(searcher, address)? {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// The typed words as a query: every part must match (or must not, for
    /// an excluded one) in the title, reference, body or files. None when
    /// nothing is left to look for.
    fn words_query(&self, parts: &[Part], prefix: bool) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last_word = parts
            .iter()
            .rposition(|part| !part.excluded && !part.phrase);
        for (i, part) in parts.iter().enumerate() {
            let terms = analyzer::terms(GERMAN, &part.text);
            if terms.is_empty() {
                continue;
            }
            let mut fields: Vec<(Occur, Box<dyn Query>)> = [
                (f.title, TITLE_BOOST),
                (f.reference, REFERENCE_BOOST),
                (f.body, BODY_BOOST),
                (f.files, FILES_BOOST),
            ]
            .into_iter()
            .map(|(field, boost)| {
                let query: Box<dyn Query> =
                    Box::new(BoostQuery::new(matching(field, &terms), boost));
                (Occur::Should, query)
            })
            .collect();
            if prefix && Some(i) == last_word {
                let words = analyzer::terms(GERMAN_WORDS, &part.text);
                if let [typed] = words.as_slice() {
                    fields.push((
                        Occur::Should,
                        Box::new(PhrasePrefixQuery::new(vec![Term::from_field_text(
                            f.title_words,
                            typed,
                        )])),
                    ));
                }
            }
            let any_field: Box<dyn Query> = Box::new(BooleanQuery::new(fields));
            clauses.push((
                if part.excluded {
                    Occur::MustNot
                } else {
                    Occur::Must
                },
                any_field,
            ));
        }
        clauses
            .iter()
            .any(|(occur, _)| *occur == Occur::Must)
            .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// The request's kinds, facets and dates as clauses that every hit must
    /// match; without those of the facet `except` (`kind` for the kinds).
    fn filters(&self, request: &Request, except: Option<&str>) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if except != Some(KIND_FACET) && !request.kinds.is_empty() {
            let kinds = request
                .kinds
                .iter()
                .map(|kind| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(f.kind, kind),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, query)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        for facet in &request.facets {
            if except.is_some_and(|root| facet_root(facet) == root) {
                continue;
            }
            let facet = Facet::from_path(facet.split('/').filter(|p| !p.is_empty()));
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(f.facets, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if request.from.is_some() || request.until.is_some() {
            let bound = |value: Option<i64>| {
                value.map_or(Bound::Unbounded, |v| {
                    Bound::Included(Term::from_field_i64(f.date, v))
                })
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(request.from), bound(request.until))),
            ));
        }
        clauses
    }
}

/// The first part of a facet's path: `organization` of `/organization/17`.
pub fn facet_root(facet: &str) -> &str {
    facet
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

/// The terms in `field`: one term, or a phrase of several.
fn matching(field: Field, terms: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = terms
        .iter()
        .map(|term| Term::from_field_text(field, term))
        .collect();
    match <[Term; 1]>::try_from(terms) {
        Ok([term]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        Err(terms) => Box::new(PhraseQuery::new(terms)),
    }
}

/// Opens the index in `folder`, or creates it there; an index of another
/// schema or analyzer is removed first.
fn open_folder(folder: &Path, schema: Schema) -> Result<Index> {
    let io = |err: std::io::Error| Error::Search(format!("{}: {err}", folder.display()));
    fs::create_dir_all(folder).map_err(io)?;
    if folder.join("meta.json").exists() {
        let outdated = match Index::open_in_dir(folder) {
            Ok(index) => {
                let stand: Option<Stand> = index
                    .load_metas()
                    .ok()
                    .and_then(|metas| metas.payload)
                    .and_then(|payload| serde_json::from_str(&payload).ok());
                if stand.as_ref().is_some_and(Stand::same_terms) {
                    return Ok(index);
                }
                true
            }
            Err(err) => {
                tracing::warn!(%err, folder = %folder.display(), "search index unreadable; building it anew");
                true
            }
        };
        if outdated {
            fs::remove_dir_all(folder).map_err(io)?;
            fs::create_dir_all(folder).map_err(io)?;
        }
    }
    Index::create_in_dir(folder, schema).map_err(search_error)
}

fn search_error(err: impl std::fmt::Display) -> Error {
    Error::Search(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{DocKey, SearchDoc};

    fn paper(n: u64, organization: u64, year: u32) -> (DocKey, Option<SearchDoc>) {
        let key = DocKey::new("paper", n);
        let document = SearchDoc {
            key: key.clone(),
            title: format!("Radweg {n}"),
            facets: vec![
                format!("/organization/{organization}"),
                format!("/year/{year}"),
            ],
            ..SearchDoc::default()
        };
        (key, Some(document))
    }

    fn counts(found: &Found, root: &str) -> Vec<(String, u64)> {
        let mut counts = found.counts.get(root).cloned().unwrap_or_default();
        counts.sort();
        counts
    }

    /// Each facet is counted with the other filters but not its own: a
    /// search narrowed to one committee still counts the others.
    #[test]
    fn facets_are_counted_without_their_own_filter() {
        let index = SearchIndex::open(&Place::Memory).unwrap();
        index
            .replace(vec![
                paper(1, 7, 2025),
                paper(2, 7, 2026),
                paper(3, 8, 2026),
            ])
            .unwrap();
        index.commit(&Stand::default()).unwrap();
        let request = |facets: &[&str]| Request {
            text: "Radweg".into(),
            facets: facets.iter().map(|f| (*f).to_owned()).collect(),
            counted: vec!["kind".into(), "organization".into(), "year".into()],
            limit: 10,
            ..Request::default()
        };
        let all = index.find(&request(&[])).unwrap();
        assert_eq!(all.total, 3);
        assert_eq!(counts(&all, "kind"), [("paper".to_owned(), 3)]);
        assert_eq!(
            counts(&all, "organization"),
            [("7".to_owned(), 2), ("8".to_owned(), 1)]
        );

        let of_seven = index.find(&request(&["/organization/7"])).unwrap();
        assert_eq!(of_seven.total, 2);
        assert_eq!(
            counts(&of_seven, "organization"),
            counts(&all, "organization")
        );
        assert_eq!(
            counts(&of_seven, "year"),
            [("2025".to_owned(), 1), ("2026".to_owned(), 1)]
        );
        assert_eq!(counts(&of_seven, "kind"), [("paper".to_owned(), 2)]);
    }
}
