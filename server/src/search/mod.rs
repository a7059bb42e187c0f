//! Suche: one full-text index (Tantivy) over what the public may see, kept
//! beside the database and derived from it. Each app server keeps its own,
//! follows the database's change feed to stay in step (also with writes of
//! other app servers), and builds it anew from the database when it is
//! missing, of another schema or analyzer, or of another database.
//!
//! This module knows no domain: each domain that has something to find
//! implements [`Searchable`], and the assembly lists them.

mod analyzer;
mod feed;
mod index;
mod query;
mod snippet;

use std::{
    collections::{BTreeSet, HashMap},
    fmt,
    sync::{
        Arc, LazyLock,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use futures_util::future::BoxFuture;
use serde_json::Value;
use tokio::{sync::watch, task::JoinSet};

pub use index::Place;
pub use snippet::Marker;

use crate::{
    cpu,
    db::Db,
    error::{Error, Result},
};
use feed::Reader;
use index::{SearchIndex, Stand};

/// How often the change feed is read when no local write asks sooner.
const POLL: Duration = Duration::from_secs(1);
/// Documents read from the database and written at once while building.
const BUILD_PAGE: usize = 500;
/// Documents after which a build commits, so that search finds them.
const BUILD_COMMIT: u64 = 5_000;

/// A document of the index: its kind (`paper`, `meeting`, …) and the id it
/// has there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub kind: String,
    pub id: String,
}

impl DocKey {
    pub fn new(kind: &str, id: impl ToString) -> Self {
        Self {
            kind: kind.to_owned(),
            id: id.to_string(),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once(':')?;
        Some(Self::new(kind, id))
    }
}

/// The numbers of the documents of `kind` among `keys` (those with a
/// number for an id).
pub fn numbers_of(keys: &[DocKey], kind: &str) -> Vec<u64> {
    keys.iter()
        .filter(|key| key.kind == kind)
        .filter_map(|key| key.id.parse().ok())
        .collect()
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

/// What the index holds of one thing, as the public sees it.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    pub key: DocKey,
    pub title: String,
    /// A Drucksachennummer or the like: typed exactly, it finds this first.
    pub reference: Option<String>,
    /// Texts of the thing itself (a description, agenda item names).
    pub body: Vec<String>,
    /// Texts of its documents (the PDF texts).
    pub files: Vec<String>,
    /// For sorting and date filters (see [`date_key`]).
    pub date: Option<i64>,
    /// Paths to filter by, such as `/organization/17`.
    pub facets: Vec<String>,
}

impl Default for DocKey {
    fn default() -> Self {
        Self::new("", "")
    }
}

/// A date or date and time (`2026-03-01`, `2026-03-01T18:00:00+01:00`) as
/// a number that sorts and compares as the local date and time do:
/// 202603011800. None for anything else.
pub fn date_key(text: &str) -> Option<i64> {
    let digits: String = text
        .get(..16)
        .or_else(|| text.get(..10))?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    match digits.len() {
        8 => format!("{digits}0000").parse().ok(),
        12 => digits.parse().ok(),
        _ => None,
    }
}

/// Documents by key as the public sees them now; none for a key whose
/// thing is gone or not public (it leaves the index).
pub type Documents = Vec<(DocKey, Option<SearchDoc>)>;

/// The documents for `keys` out of those `found`: a key without one gets
/// none (its thing is gone or not public, and leaves the index).
pub fn documents_for(keys: &[DocKey], found: impl IntoIterator<Item = SearchDoc>) -> Documents {
    let mut found: HashMap<DocKey, SearchDoc> = found
        .into_iter()
        .map(|document| (document.key.clone(), document))
        .collect();
    keys.iter()
        .map(|key| (key.clone(), found.remove(key)))
        .collect()
}

/// What a found document shows, read from the database when it is found.
#[derive(Debug, Clone)]
pub struct Preview {
    pub key: DocKey,
    pub title: String,
    /// A council paper's reference (Drucksachennummer).
    pub reference: Option<String>,
    /// Where the app shows it, e.g. `/ratsinformation/vorlage/7`.
    pub path: String,
    pub date: Option<String>,
    /// The texts to show the found words in when the title has none.
    pub texts: Vec<Section>,
}

/// A text of a found document: a file, a paragraph.
#[derive(Debug, Clone)]
pub struct Section {
    pub text: String,
    /// Where the app shows this text when it is a part of the page (a
    /// paragraph of a draft); none for the document's own path.
    pub path: Option<String>,
    /// What to call the text when the words are found in it: a file's name.
    pub name: Option<String>,
}

impl From<String> for Section {
    fn from(text: String) -> Self {
        Self {
            text,
            path: None,
            name: None,
        }
    }
}

/// A domain whose public content is found by the search.
pub trait Searchable: Send + Sync {
    /// The kinds of documents this domain puts into the index.
    fn kinds(&self) -> &'static [&'static str];

    /// The tables whose changes can change this domain's documents; each
    /// has a change feed.
    fn tables(&self) -> &'static [&'static str];

    /// The documents that a change of record `id` of `table` concerns;
    /// `row` is the record as written, none when it was deleted.
    fn concerned<'a>(
        &'a self,
        db: &'a Db,
        table: &'a str,
        id: &'a str,
        row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>>;

    /// The documents of `keys` as the public sees them now; none for a key
    /// whose thing is gone or not public.
    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>>;

    /// What the found documents of `keys` show, as the public sees them
    /// now; a key whose thing is gone or no longer public is left out.
    fn preview<'a>(&'a self, db: &'a Db, keys: &'a [DocKey])
    -> BoxFuture<'a, Result<Vec<Preview>>>;

    /// How many documents this domain has: the total a build shows.
    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>>;

    /// Up to `limit` keys of this domain's documents after `after` (all
    /// from the first when none), in a stable order: for a build.
    fn keys<'a>(
        &'a self,
        db: &'a Db,
        after: Option<&'a DocKey>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>>;
}

/// For a build: up to `limit` keys after `after`, kind by kind in the
/// order of `kinds`, each kind's in the order of their numbers, read with
/// `numbers_after(kind, after, limit)`.
pub async fn keys_by_number<F, N>(
    kinds: &[&'static str],
    after: Option<&DocKey>,
    limit: usize,
    mut numbers_after: F,
) -> Result<Vec<DocKey>>
where
    F: FnMut(&'static str, u64, usize) -> N,
    N: Future<Output = Result<Vec<u64>>>,
{
    let start = after.and_then(|key| {
        let position = kinds.iter().position(|kind| *kind == key.kind)?;
        Some((position, key.id.parse::<u64>().ok()?))
    });
    let mut keys = Vec::new();
    for (position, kind) in kinds.iter().enumerate() {
        let from = match start {
            Some((done, n)) if done == position => n,
            Some((done, _)) if done > position => continue,
            _ => 0,
        };
        let numbers = numbers_after(kind, from, limit - keys.len()).await?;
        keys.extend(numbers.into_iter().map(|n| DocKey::new(kind, n)));
        if keys.len() >= limit {
            break;
        }
    }
    Ok(keys)
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

impl Sort {
    /// A request's `sort`: `relevance` (also when absent) or `date`.
    pub fn from_param(value: Option<&str>) -> Result<Self> {
        match value {
            None | Some("") | Some("relevance") => Ok(Sort::Relevance),
            Some("date") => Ok(Sort::Date),
            Some(other) => Err(Error::InvalidInput(format!(
                "Unbekannte Sortierung „{other}“; möglich sind relevance und date."
            ))),
        }
    }
}

/// A request's `from` and `until` (`yyyy-mm-dd`; a date and time counts as
/// its date) as the bounds of [`Request::from`] and [`Request::until`]:
/// from the first minute of the one day to the last of the other.
pub fn day_span(from: Option<&str>, until: Option<&str>) -> Result<(Option<i64>, Option<i64>)> {
    let day = |value: Option<&str>, name: &str| match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => {
            chrono::NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
                .ok()
                .and_then(|date| date_key(&date.to_string()))
                .map(Some)
                .ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "„{value}“ ist kein Datum; bitte als {name}=JJJJ-MM-TT angeben."
                    ))
                })
        }
    };
    Ok((
        day(from, "from")?,
        day(until, "until")?.map(|day| day + 2359),
    ))
}

/// A search.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// As typed (see `query`).
    pub text: String,
    /// The last word may be the beginning of a word (typing ahead).
    pub prefix: bool,
    /// Only documents of these kinds; all when empty.
    pub kinds: Vec<String>,
    /// Only documents with all these facets.
    pub facets: Vec<String>,
    /// Only documents dated within (see [`date_key`]).
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// The facets to count the matching documents by, per value: `kind`,
    /// or the first part of a document's facets (`organization`).
    pub counted: Vec<String>,
}

impl Request {
    /// Whether the request narrows the search by the facet `root`.
    fn filters_by(&self, root: &str) -> bool {
        if root == index::KIND_FACET {
            !self.kinds.is_empty()
        } else {
            self.facets
                .iter()
                .any(|facet| index::facet_root(facet) == root)
        }
    }
}

/// A found document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: DocKey,
    /// BM25; 0 when sorted by date.
    pub score: f32,
}

/// What a search found.
pub struct Found {
    /// Matching documents in all.
    pub total: usize,
    /// The requested window of them.
    pub hits: Vec<Hit>,
    /// Matching documents per value of each counted facet.
    pub counts: HashMap<String, Vec<(String, u64)>>,
    /// Marks the found words in texts; none when nothing was searched.
    pub marker: Option<Marker>,
}

impl Found {
    fn nothing() -> Self {
        Self {
            total: 0,
            hits: Vec::new(),
            counts: HashMap::new(),
            marker: None,
        }
    }
}

/// How far the index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub complete: bool,
    pub done: u64,
}

/// Writes made by this process to indexed tables: the follower reads the
/// feed at once instead of within `POLL`.
static LOCAL_WRITES: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::Sender::new(0));

/// Called by a domain's store after it committed a write of public content.
pub fn wrote() {
    LOCAL_WRITES.send_modify(|writes| *writes += 1);
}

/// The search of one app server.
pub struct Search {
    index: Arc<SearchIndex>,
    complete: AtomicBool,
    done: AtomicU64,
}

impl Search {
    /// Opens (or creates) the index at `place`.
    pub fn open(place: &Place) -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            index: Arc::new(SearchIndex::open(place)?),
            // Until the follower has seen that the index is of this database.
            complete: AtomicBool::new(false),
            done: AtomicU64::new(0),
        }))
    }

    /// Keeps the index in step with the database in a task of `background`:
    /// builds it first if needed, then follows the change feed.
    pub fn follow(
        self: &Arc<Self>,
        db: &Db,
        sources: &'static [&'static dyn Searchable],
        background: &mut JoinSet<()>,
    ) {
        let search = Arc::downgrade(self);
        let db = db.clone();
        background.spawn(async move {
            let mut writes = LOCAL_WRITES.subscribe();
            let mut reader: Option<(String, Reader)> = None;
            loop {
                let Some(search) = search.upgrade() else {
                    return;
                };
                match search.step(&db, sources, reader.take()).await {
                    Ok(next) => reader = Some(next),
                    Err(err) => tracing::warn!(%err, "search index not brought up to date"),
                }
                drop(search);
                let _ = tokio::time::timeout(POLL, writes.changed()).await;
            }
        });
    }

    /// Brings the index up to date once: a build when the database is
    /// another or the feed no longer reaches back to the index's stand,
    /// else the changes since.
    async fn step(
        &self,
        db: &Db,
        sources: &'static [&'static dyn Searchable],
        reader: Option<(String, Reader)>,
    ) -> Result<(String, Reader)> {
        let epoch = epoch(db).await?;
        let kinds = kinds_of(sources);
        let (epoch, mut reader) = match reader {
            Some((known, reader)) if known == epoch => (known, reader),
            _ => {
                let stand = self.index.stand()?;
                let followable = stand.as_ref().is_some_and(|stand| {
                    stand.complete
                        && stand.epoch == epoch
                        && stand.kinds == kinds
                        && feed::millis_of(stand.position) + feed::KEPT_MS > now_millis()
                });
                match stand {
                    Some(stand) if followable => {
                        self.complete.store(true, Ordering::SeqCst);
                        (epoch, Reader::at(stand.position))
                    }
                    _ => {
                        let position = self.build(db, sources, &epoch).await?;
                        (epoch, Reader::at(position))
                    }
                }
            }
        };
        let changed = reader.read(db).await?;
        let mut keys: HashMap<usize, BTreeSet<DocKey>> = HashMap::new();
        for change in &changed {
            for (i, source) in sources.iter().enumerate() {
                if source.tables().contains(&change.table.as_str()) {
                    let concerned = source
                        .concerned(db, &change.table, &change.id, change.row.as_ref())
                        .await?;
                    keys.entry(i).or_default().extend(concerned);
                }
            }
        }
        let mut documents = Vec::new();
        for (i, keys) in keys {
            let keys: Vec<DocKey> = keys.into_iter().collect();
            for chunk in keys.chunks(BUILD_PAGE) {
                documents.extend(sources[i].documents(db, chunk).await?);
            }
        }
        if !changed.is_empty() {
            let stand = Stand::new(&epoch, &kinds, reader.position, true);
            self.write(documents, stand).await?;
        }
        Ok((epoch, reader))
    }

    /// Builds the index anew from the database, now (the operator's
    /// `reindex`); `progress()` tells how far it is.
    pub async fn rebuild(
        &self,
        db: &Db,
        sources: &'static [&'static dyn Searchable],
    ) -> Result<()> {
        let epoch = epoch(db).await?;
        self.build(db, sources, &epoch).await.map(|_| ())
    }

    /// Builds the index anew from the database; answers the feed position
    /// it reflects.
    async fn build(
        &self,
        db: &Db,
        sources: &'static [&'static dyn Searchable],
        epoch: &str,
    ) -> Result<u64> {
        // Changes from now on are read from the feed afterwards; a few
        // seconds earlier, for the clocks of app server and database.
        let position = feed::stamp_at(database_millis(db).await?.saturating_sub(10_000));
        tracing::info!("building the search index");
        let kinds = kinds_of(sources);
        self.complete.store(false, Ordering::SeqCst);
        self.done.store(0, Ordering::SeqCst);
        self.index.clear()?;
        let mut since_commit = 0;
        for source in sources {
            let mut after: Option<DocKey> = None;
            loop {
                let keys = source.keys(db, after.as_ref(), BUILD_PAGE).await?;
                let Some(last) = keys.last().cloned() else {
                    break;
                };
                let documents = source.documents(db, &keys).await?;
                since_commit += documents.len() as u64;
                let stand = (since_commit >= BUILD_COMMIT)
                    .then(|| Stand::new(epoch, &kinds, position, false));
                if stand.is_some() {
                    since_commit = 0;
                }
                let count = documents.len() as u64;
                self.write_maybe_commit(documents, stand).await?;
                self.done.fetch_add(count, Ordering::SeqCst);
                after = Some(last);
            }
        }
        self.write(Vec::new(), Stand::new(epoch, &kinds, position, true))
            .await?;
        self.complete.store(true, Ordering::SeqCst);
        tracing::info!(
            documents = self.done.load(Ordering::SeqCst),
            "search index built"
        );
        Ok(position)
    }

    async fn write(&self, documents: Documents, stand: Stand) -> Result<()> {
        self.write_maybe_commit(documents, Some(stand)).await
    }

    /// Writes the documents off the async threads, and commits as `stand`.
    async fn write_maybe_commit(&self, documents: Documents, stand: Option<Stand>) -> Result<()> {
        let index = self.index.clone();
        cpu::run(move || {
            index.replace(documents)?;
            match stand {
                Some(stand) => index.commit(&stand),
                None => Ok(()),
            }
        })
        .await?
    }

    /// Searches the index off the async threads.
    pub async fn find(&self, request: Request) -> Result<Found> {
        let index = self.index.clone();
        cpu::run(move || index.find(&request)).await?
    }

    /// How far the index is built.
    pub fn progress(&self) -> Progress {
        Progress {
            complete: self.complete.load(Ordering::SeqCst),
            done: self.done.load(Ordering::SeqCst),
        }
    }
}

/// The kinds of documents of the sources, sorted.
fn kinds_of(sources: &[&dyn Searchable]) -> Vec<String> {
    let mut kinds: Vec<String> = sources
        .iter()
        .flat_map(|source| source.kinds())
        .map(|kind| (*kind).to_owned())
        .collect();
    kinds.sort();
    kinds
}

/// How many documents the sources have in all.
pub async fn count(db: &Db, sources: &'static [&'static dyn Searchable]) -> Result<u64> {
    let mut total = 0;
    for source in sources {
        total += source.count(db).await?;
    }
    Ok(total)
}

/// The database the index reflects: a new one (or a restored copy, see
/// [`renew_epoch`]) has another epoch.
async fn epoch(db: &Db) -> Result<String> {
    let epochs: Vec<String> = db
        .query("SELECT VALUE epoch FROM search_state:main")
        .await?
        .check()?
        .take(0)?;
    Ok(epochs.into_iter().next().unwrap_or_default())
}

/// Makes every app server build its index anew: after a database was
/// restored, whose change feed starts afresh.
pub async fn renew_epoch(db: &Db) -> Result<()> {
    db.query("UPSERT search_state:main SET epoch = <string> rand::uuid()")
        .await?
        .check()?;
    Ok(())
}

/// The database's clock, in milliseconds since 1970.
async fn database_millis(db: &Db) -> Result<u64> {
    let seconds: Option<i64> = db
        .query("RETURN time::unix(time::now())")
        .await?
        .check()?
        .take(0)?;
    Ok(seconds.map_or_else(now_millis, |s| s.max(0) as u64 * 1000))
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_sorts_and_spans_whole_days_as_asked() {
        assert_eq!(Sort::from_param(None).unwrap(), Sort::Relevance);
        assert_eq!(Sort::from_param(Some("date")).unwrap(), Sort::Date);
        assert!(Sort::from_param(Some("random")).is_err());
        assert_eq!(
            day_span(Some("2026-03-01"), Some("2026-03-02T10:00:00+01:00")).unwrap(),
            (Some(202603010000), Some(202603022359))
        );
        assert_eq!(day_span(None, Some("")).unwrap(), (None, None));
        assert!(day_span(Some("1.3.2026"), None).is_err());
        assert!(day_span(None, Some("2026-02-30")).is_err());
    }

    #[test]
    fn dates_become_numbers_in_local_order() {
        assert_eq!(date_key("2026-03-01"), Some(202603010000));
        assert_eq!(date_key("2026-03-01T18:30:00+01:00"), Some(202603011830));
        assert_eq!(date_key("gestern"), None);
    }

    #[test]
    fn keys_read_back_as_written() {
        let key = DocKey::new("paper", 12);
        assert_eq!(DocKey::parse(&key.to_string()), Some(key));
    }

    /// A build's pages go through the kinds in order and resume after the
    /// last key of the page before, also across kinds.
    #[tokio::test]
    async fn a_build_pages_through_the_kinds_in_order() {
        let stored = |kind: &str| -> Vec<u64> {
            match kind {
                "paper" => vec![1, 2, 5],
                _ => vec![3, 4],
            }
        };
        let numbers_after = |kind: &'static str, after: u64, limit: usize| {
            let numbers: Vec<u64> = stored(kind)
                .into_iter()
                .filter(|n| *n > after)
                .take(limit)
                .collect();
            std::future::ready(Ok(numbers))
        };
        let kinds = ["paper", "meeting"];
        let mut pages = Vec::new();
        let mut after: Option<DocKey> = None;
        loop {
            let page = keys_by_number(&kinds, after.as_ref(), 2, numbers_after)
                .await
                .unwrap();
            let Some(last) = page.last().cloned() else {
                break;
            };
            pages.push(page.iter().map(ToString::to_string).collect::<Vec<_>>());
            after = Some(last);
        }
        assert_eq!(
            pages,
            [
                vec!["paper:1", "paper:2"],
                vec!["paper:5", "meeting:3"],
                vec!["meeting:4"]
            ]
        );
    }

    #[test]
    fn documents_for_keys_are_none_where_nothing_was_found() {
        let found = SearchDoc {
            key: DocKey::new("poll", 2),
            title: "Skatepark".into(),
            ..SearchDoc::default()
        };
        let keys = [DocKey::new("poll", 1), DocKey::new("poll", 2)];
        let documents = documents_for(&keys, [found]);
        assert_eq!(documents.len(), 2);
        assert!(documents[0].1.is_none());
        assert_eq!(
            documents[1].1.as_ref().map(|d| d.title.as_str()),
            Some("Skatepark")
        );
    }

    #[test]
    fn a_request_filters_by_the_roots_of_its_facets_and_by_kind() {
        let request = Request {
            kinds: vec!["paper".into()],
            facets: vec!["/organization/17".into()],
            ..Request::default()
        };
        assert!(request.filters_by("kind"));
        assert!(request.filters_by("organization"));
        assert!(!request.filters_by("year"));
        assert!(!Request::default().filters_by("kind"));
    }
}
