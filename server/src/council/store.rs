//! The only code that reads and writes the council tables.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::time::Duration;

use super::{kind::Kind, links, timestamp::Timestamp};
use crate::{
    db::{self, Db, Rows, first_cause, from_row},
    error::{Error, Result},
};

const COLUMNS: &str =
    "record::id(id) AS n, body, parent, position, created, modified, deleted, doc";

/// One stored OParl object: bookkeeping columns plus the document.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub n: u64,
    #[serde(default)]
    pub body: Option<u64>,
    #[serde(default)]
    pub parent: Option<u64>,
    #[serde(default)]
    pub position: Option<u64>,
    pub created: String,
    pub modified: String,
    pub deleted: bool,
    pub doc: Value,
}

/// An object's stored OParl text (see `texts`); none when it is to be
/// rendered again.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredText {
    pub n: u64,
    #[serde(default)]
    pub body: Option<u64>,
    #[serde(default)]
    pub text: Option<String>,
}

/// What a list page is read as: whole rows or the stored texts.
pub trait Listed: DeserializeOwned {
    const COLUMNS: &'static str;
}

impl Listed for Row {
    const COLUMNS: &'static str = COLUMNS;
}

impl Listed for StoredText {
    const COLUMNS: &'static str = "record::id(id) AS n, body, text";
}

/// Just an object's number.
#[derive(Debug, Deserialize)]
struct Numbered {
    n: u64,
}

impl Listed for Numbered {
    const COLUMNS: &'static str = "record::id(id) AS n";
}

/// How many numbers one block of stored texts covers (see `blocks`): a
/// list page's worth, so that a page in number order reads two blocks.
pub const BLOCK_SIZE: u64 = 100;

/// The first number of the block holding number `n` (numbers start at 1).
pub fn block_start(n: u64) -> u64 {
    n.max(1) - (n.max(1) - 1) % BLOCK_SIZE
}

/// The stored texts of the listed objects numbered `first ..
/// first + BLOCK_SIZE`, joined (see `blocks`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct StoredBlock {
    #[serde(skip_serializing)]
    pub first: u64,
    /// The objects' numbers, in order.
    pub numbers: Vec<u64>,
    /// Their bodies (0 for none).
    pub bodies: Vec<u64>,
    /// Where each one's text ends in `text`.
    pub ends: Vec<u64>,
    pub text: String,
}

/// SurrealQL deleting the blocks that hold the records of the SurrealQL
/// array `records` (numbers below 1 name no object and are skipped).
fn forget_blocks(records: &str) -> String {
    format!(
        "DELETE array::distinct({records}.filter(|$r| record::id($r) > 0).map(|$r| type::record('council_text_block', \
         [record::tb($r), record::id($r) - (record::id($r) - 1) % {BLOCK_SIZE}])));"
    )
}

/// SurrealQL clearing the texts of the records of the SurrealQL array
/// `records`, and the blocks holding them; `name` names it in the script.
/// A record without a text is not written again: many new children show
/// the same few parents.
fn forget_shown(records: &str, name: &str) -> String {
    format!(
        "LET ${name} = array::distinct({records}); UPDATE ${name} SET text = NONE WHERE text != NONE; {}",
        forget_blocks(&format!("${name}"))
    )
}

/// SurrealQL noting, for the search, which papers and meetings among the
/// records of the SurrealQL array `records` changed: in the small table
/// `council_search_change`, whose change feed every app server follows.
/// (The council tables have none: each stored OParl text would go into it
/// whole, PDF texts included.)
fn note_for_search(records: &str) -> String {
    let searched: Vec<&str> = Kind::ALL
        .into_iter()
        .filter(|kind| super::indexed::indexed_as(*kind).is_some())
        .map(Kind::table)
        .collect();
    format!(
        "FOR $r IN {records} {{ IF record::tb($r) IN {searched:?} {{ \
         UPSERT type::record('council_search_change', <string> $r) SET at = time::now(); }}; }};"
    )
}

/// What a new object is stored with.
#[derive(Debug, Clone, Serialize)]
pub struct NewRow {
    #[serde(skip)]
    pub n: u64,
    pub body: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    pub created: String,
    pub modified: String,
    pub doc: Value,
}

/// Which objects an external list contains.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// All objects of the type (the system's list of bodies).
    All,
    /// The objects of one body.
    Body(u64),
    /// Objects whose `doc.organization` names this organization.
    Organization(u64),
}

/// The filters of OParl 2-05, already normalised to stored timestamps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub created_since: Option<Timestamp>,
    pub created_until: Option<Timestamp>,
    pub modified_since: Option<Timestamp>,
    pub modified_until: Option<Timestamp>,
}

/// Hands out the next `count` numbers of a table; numbers are never reused.
pub async fn allocate(db: &Db, kind: Kind, count: u64) -> Result<u64> {
    let mut response = db
        .query(
            "UPSERT type::record('council_sequence', $table) SET next = (next ?? 1) + $count RETURN BEFORE;",
        )
        .bind(("table", kind.table()))
        .bind(("count", count as i64))
        .await?
        .check()?;
    let before: Option<Value> = response.take(0)?;
    let first = before
        .and_then(|row| row.get("next").and_then(Value::as_u64))
        .unwrap_or(1);
    Ok(first)
}

/// Stores new objects of one kind in one transaction.
pub async fn insert(db: &Db, kind: Kind, rows: Vec<NewRow>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let records: Vec<Value> = rows
        .into_iter()
        .map(|row| Ok(serde_json::json!({ "n": row.n, "content": serde_json::to_value(&row)? })))
        .collect::<Result<_>>()?;
    // What the new objects show is forgotten once for all of them.
    let shown = shown_in(kind, "$c")
        .map(|shown| {
            forget_shown(
                &format!("array::flatten($created.map(|$c| {shown}))"),
                "shown",
            )
        })
        .unwrap_or_default();
    let script = format!(
        "BEGIN TRANSACTION;
         FOR $row IN $rows {{ CREATE type::record($table, $row.n) CONTENT $row.content; }};
         LET $created = $rows.map(|$row| type::record($table, $row.n));
         {} {shown}
         UPDATE council_state:main SET version += 1;
         COMMIT TRANSACTION;",
        forget_blocks("$created")
    );
    let records = Value::Array(records);
    db::retrying_conflicts(|| async {
        db.query(script.clone())
            .bind(("table", kind.table()))
            .bind(("rows", records.clone()))
            .await
            .and_then(first_cause)
    })
    .await?;
    super::version::wrote();
    Ok(())
}

pub async fn get(db: &Db, kind: Kind, n: u64) -> Result<Option<Row>> {
    let mut response = db
        .query(format!("SELECT {COLUMNS} FROM type::record($table, $n)"))
        .bind(("table", kind.table()))
        .bind(("n", n as i64))
        .await?
        .check()?;
    let row: Option<Value> = response.take(0)?;
    row.map(from_row).transpose()
}

/// Whether object `n` of `kind` exists and is not deleted.
pub async fn is_live(db: &Db, kind: Kind, n: u64) -> Result<bool> {
    let deleted: Option<bool> = db
        .query("SELECT VALUE deleted FROM ONLY type::record($table, $n)")
        .bind(("table", kind.table()))
        .bind(("n", n as i64))
        .await?
        .check()?
        .row(0)?;
    Ok(deleted == Some(false))
}

/// The stored text of one object, unless it does not exist or the public
/// may not see it (deleted objects stay, as tombstones).
pub async fn public_text(db: &Db, kind: Kind, n: u64) -> Result<Option<StoredText>> {
    let shown = super::non_public::public_condition(kind)
        .map(|shown| format!("WHERE deleted = true OR {shown}"))
        .unwrap_or_default();
    db.query(format!(
        "SELECT record::id(id) AS n, text FROM type::record($table, $n) {shown}"
    ))
    .bind(("table", kind.table()))
    .bind(("n", n as i64))
    .await?
    .check()?
    .rows(0)
    .map(|mut rows: Vec<StoredText>| rows.pop())
}

/// Objects by number, in no particular order; unknown numbers are skipped.
pub async fn by_numbers(db: &Db, kind: Kind, numbers: &[u64]) -> Result<Vec<Row>> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = numbers.iter().map(|&n| n as i64).collect();
    let mut response = db
        .query(format!(
            "SELECT {COLUMNS} FROM $ids.map(|$n| type::record($table, $n))"
        ))
        .bind(("table", kind.table()))
        .bind(("ids", ids))
        .await?
        .check()?;
    rows(response.take(0)?)
}

/// How many live objects of `kind` there are.
pub async fn live_count(db: &Db, kind: Kind) -> Result<u64> {
    db.query("SELECT count() FROM type::table($table) WHERE deleted = false GROUP ALL")
        .bind(("table", kind.table()))
        .await?
        .check()?
        .count(0)
}

/// Up to `limit` numbers of live objects of `kind` above `after`, in order.
pub async fn live_numbers_after(db: &Db, kind: Kind, after: u64, limit: usize) -> Result<Vec<u64>> {
    // A range over record ids reads only the rows in it; the table name is
    // ours and the numbers are numbers, so both can be written in.
    db.query(format!(
        "SELECT VALUE record::id(id) FROM {table}:{from}.. WHERE deleted = false LIMIT {limit}",
        table = kind.table(),
        from = after + 1,
    ))
    .await?
    .check()?
    .rows(0)
}

/// The numbers among these objects of `kind` for which the SurrealQL
/// `condition` holds.
pub async fn numbers_where(
    db: &Db,
    kind: Kind,
    numbers: &[u64],
    condition: &str,
) -> Result<std::collections::HashSet<u64>> {
    let ids: Vec<i64> = numbers.iter().map(|&n| n as i64).collect();
    let found: Vec<u64> = db
        .query(format!(
            "SELECT VALUE record::id(id) FROM $ids.map(|$n| type::record($table, $n)) WHERE {condition}"
        ))
        .bind(("table", kind.table()))
        .bind(("ids", ids))
        .await?
        .check()?
        .rows(0)?;
    Ok(found.into_iter().collect())
}

/// The live (not deleted) objects embedded in the given parents, in order.
pub async fn children(db: &Db, kind: Kind, parents: &[u64]) -> Result<Vec<Row>> {
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    // Measured on 100,000 papers: `parent IN [..]` is slow (~60 ms for a page),
    // an index range over the page's numbers is fast (~3 ms) when the page
    // is dense, one indexed lookup per parent (~14 ms) when it is sparse.
    // Extra conditions or ordering make SurrealDB scan the table, so
    // filtering and sorting happen here.
    let (low, high) = (
        parents.iter().min().copied().unwrap_or(0),
        parents.iter().max().copied().unwrap_or(0),
    );
    let dense = high - low < 4 * parents.len() as u64;
    let query = if dense {
        format!(
            "SELECT {COLUMNS} FROM type::table($table) WHERE parent >= $low AND parent <= $high"
        )
    } else {
        format!(
            "array::flatten($parents.map(|$p| (SELECT {COLUMNS} FROM type::table($table) WHERE parent = $p)))"
        )
    };
    let wanted: std::collections::HashSet<u64> = parents.iter().copied().collect();
    let parents: Vec<i64> = parents.iter().map(|&n| n as i64).collect();
    let mut response = db
        .query(query)
        .bind(("table", kind.table()))
        .bind(("parents", parents))
        .bind(("low", low as i64))
        .bind(("high", high as i64))
        .await?
        .check()?;
    let mut children: Vec<Row> = rows(response.take(0)?)?
        .into_iter()
        .filter(|row| !row.deleted && row.parent.is_some_and(|parent| wanted.contains(&parent)))
        .collect();
    children.sort_by_key(|row| (row.parent, row.position, row.n));
    Ok(children)
}

/// One page of an external list in number order, starting after `after`.
/// Deleted objects are included only when the filter asks for changes
/// (`modified_since`), as OParl 1.1 requires.
///
/// SurrealDB reads an open record range (`table:n..`) to its end before
/// applying `LIMIT`, but a closed one (`table:a..=b`) costs only its size. So
/// the page is collected from closed windows that grow until the page is full
/// or the table ends: page 1000 costs the same as page 1.
pub async fn page<R: Listed>(
    db: &Db,
    kind: Kind,
    scope: &Scope,
    filter: &Filter,
    after: u64,
    limit: u64,
) -> Result<Vec<R>> {
    collect(db, kind, scope, filter, after, limit, limit.max(16)).await
}

/// The number of the last object in the unfiltered list of `scope`, read
/// backwards from the highest number in growing windows; none when the
/// list is empty.
pub async fn last_listed(db: &Db, kind: Kind, scope: &Scope) -> Result<Option<u64>> {
    let listing = Listing::new(kind, scope, &Filter::default());
    let mut end = highest_number(db, kind).await?;
    let mut window: u64 = 16;
    while end > 0 {
        let start = end.saturating_sub(window - 1).max(1);
        // In number order: the last one found is the list's last.
        if let Some(last) = listing.window::<Numbered>(db, start, end).await?.pop() {
            return Ok(Some(from_row::<Numbered>(last)?.n));
        }
        end = start - 1;
        window = window.saturating_mul(4);
    }
    Ok(None)
}

/// Up to `limit` listed objects after `after`, read in closed windows
/// starting with `window` numbers.
async fn collect<R: Listed>(
    db: &Db,
    kind: Kind,
    scope: &Scope,
    filter: &Filter,
    after: u64,
    limit: u64,
    mut window: u64,
) -> Result<Vec<R>> {
    let listing = Listing::new(kind, scope, filter);
    // The highest number handed out is read only when the first window
    // leaves the page short: in a dense table the page is full at once.
    // Record numbers are SurrealDB integers, so none is above `i64::MAX`.
    let mut last: Option<u64> = None;
    let mut found: Vec<Value> = Vec::new();
    let mut start = after.saturating_add(1);
    loop {
        let bound = last.unwrap_or(i64::MAX as u64);
        if start > bound || found.len() as u64 >= limit {
            break;
        }
        let end = start.saturating_add(window - 1).min(bound);
        found.extend(listing.window::<R>(db, start, end).await?);
        start = end.saturating_add(1);
        window = window.saturating_mul(4);
        if last.is_none() && (found.len() as u64) < limit {
            last = Some(highest_number(db, kind).await?);
        }
    }
    found.truncate(limit as usize);
    found.into_iter().map(from_row).collect()
}

/// The objects numbered `from ..= to` that the unfiltered list of all
/// objects of `kind` shows (live and public), in number order.
pub async fn listed_between<R: Listed>(db: &Db, kind: Kind, from: u64, to: u64) -> Result<Vec<R>> {
    Listing::new(kind, &Scope::All, &Filter::default())
        .window::<R>(db, from, to)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// The conditions of one external list, read a closed window at a time.
struct Listing {
    kind: Kind,
    conditions: String,
    scope_body: i64,
    organization: String,
    filter: Filter,
}

impl Listing {
    fn new(kind: Kind, scope: &Scope, filter: &Filter) -> Self {
        let mut conditions: Vec<String> = Vec::new();
        match scope {
            Scope::All => {}
            Scope::Body(_) => conditions.push("body = $scope".to_owned()),
            Scope::Organization(_) => {
                conditions.push("doc.organization CONTAINS $organization".to_owned())
            }
        }
        if filter.modified_since.is_none() {
            conditions.push("deleted = false".to_owned());
        }
        // External lists are public: the consultations and files of non-public
        // agenda items are not in them (deleted ones stay tombstones).
        if let Some(shown) = super::non_public::public_condition(kind) {
            conditions.push(format!("(deleted = true OR {shown})"));
        }
        for (value, condition) in [
            (&filter.created_since, "created >= $created_since"),
            (&filter.created_until, "created <= $created_until"),
            (&filter.modified_since, "modified >= $modified_since"),
            (&filter.modified_until, "modified <= $modified_until"),
        ] {
            if value.is_some() {
                conditions.push(condition.to_owned());
            }
        }
        let conditions = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let (scope_body, organization) = match scope {
            Scope::Body(body) => (*body as i64, String::new()),
            Scope::Organization(n) => (0, Kind::Organization.reference(*n)),
            Scope::All => (0, String::new()),
        };
        Self {
            kind,
            conditions,
            scope_body,
            organization,
            filter: filter.clone(),
        }
    }

    /// The listed objects numbered `start ..= end`, in number order.
    async fn window<R: Listed>(&self, db: &Db, start: u64, end: u64) -> Result<Vec<Value>> {
        let text = |t: &Option<Timestamp>| t.as_ref().map(|t| t.as_str().to_owned());
        // The table name and numbers come from this program, not from the request.
        let query = format!(
            "SELECT {columns} FROM {table}:{start}..={end} {conditions}",
            columns = R::COLUMNS,
            table = self.kind.table(),
            conditions = self.conditions,
        );
        let filter = &self.filter;
        let mut response = db
            .query(query)
            .bind(("scope", self.scope_body))
            .bind(("organization", self.organization.clone()))
            .bind(("created_since", text(&filter.created_since)))
            .bind(("created_until", text(&filter.created_until)))
            .bind(("modified_since", text(&filter.modified_since)))
            .bind(("modified_until", text(&filter.modified_until)))
            .await?
            .check()?;
        let mut batch: Vec<Value> = response.take(0)?;
        batch.sort_by_key(|row| row.get("n").and_then(Value::as_u64));
        Ok(batch)
    }
}

/// Live meetings starting in `[from, until)` (OParl date-time strings or
/// dates, compared as text), by start. Uses the start index; everything
/// else is filtered here, since extra conditions make SurrealDB scan.
pub async fn meetings_starting(db: &Db, from: &str, until: &str) -> Result<Vec<Row>> {
    let mut response = db
        .query(format!(
            "SELECT {COLUMNS} FROM council_meeting WHERE doc.start >= $from AND doc.start < $until"
        ))
        .bind(("from", from.to_owned()))
        .bind(("until", until.to_owned()))
        .await?
        .check()?;
    let mut meetings: Vec<Row> = rows(response.take(0)?)?
        .into_iter()
        .filter(|row| !row.deleted)
        .collect();
    meetings.sort_by(|a, b| {
        let start = |row: &Row| {
            row.doc
                .get("start")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        start(a).cmp(&start(b)).then(a.n.cmp(&b.n))
    });
    Ok(meetings)
}

/// The live meetings that start last, latest first: of the organizations
/// with these numbers, or of all when `organizations` is `None`. The start
/// index is read backwards and the reading stops at `limit`.
pub async fn latest_meetings(
    db: &Db,
    organizations: Option<&[u64]>,
    limit: u64,
) -> Result<Vec<Row>> {
    let of_organizations = if organizations.is_some() {
        "AND doc.organization CONTAINSANY $organizations"
    } else {
        ""
    };
    let references: Vec<String> = organizations
        .unwrap_or_default()
        .iter()
        .map(|n| Kind::Organization.reference(*n))
        .collect();
    let mut response = db
        .query(format!(
            "SELECT {COLUMNS} FROM council_meeting WHERE deleted = false {of_organizations}
             ORDER BY doc.start DESC LIMIT $limit"
        ))
        .bind(("organizations", references))
        .bind(("limit", limit as i64))
        .await?
        .check()?;
    rows(response.take(0)?)
}

/// The council's version: it increases with every write. Read by record id
/// rather than through a parsed query, as it is read often (see `version`).
pub async fn version(db: &Db) -> Result<u64> {
    let state: Option<Value> = db
        .select(surrealdb::types::RecordId::new("council_state", "main"))
        .await?;
    Ok(state
        .and_then(|state| state.get("version").and_then(Value::as_u64))
        .unwrap_or_default())
}

/// The highest number handed out for a table so far (0 when none).
pub async fn highest_number(db: &Db, kind: Kind) -> Result<u64> {
    let mut response = db
        .query("SELECT VALUE next FROM type::record('council_sequence', $table)")
        .bind(("table", kind.table()))
        .await?
        .check()?;
    let next: Vec<u64> = response.take(0)?;
    Ok(next
        .into_iter()
        .next()
        .map_or(0, |next| next.saturating_sub(1)))
}

fn rows(values: Vec<Value>) -> Result<Vec<Row>> {
    values.into_iter().map(from_row).collect()
}

/// Whether any body exists yet (the demo seeds only into an empty council).
pub async fn has_bodies(db: &Db) -> Result<bool> {
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM council_body LIMIT 1")
        .await?
        .check()?;
    let ids: Vec<Value> = response.take(0)?;
    Ok(!ids.is_empty())
}

/// Creation time of the OParl system (fixed once, when the council schema was created).
pub async fn system_created(db: &Db) -> Result<Option<String>> {
    let mut response = db
        .query("SELECT VALUE created FROM council_system:main")
        .await?
        .check()?;
    let created: Vec<String> = response.take(0)?;
    Ok(created.into_iter().next())
}

/// One change to a stored object, applied with others in one transaction.
#[derive(Debug, Clone)]
pub enum Change {
    Create(NewRow),
    /// New document (and position) of a live object, as long as nobody
    /// changed it since it was `read`.
    Update {
        n: u64,
        read: Seen,
        doc: Value,
        position: Option<u64>,
    },
    /// Soft delete (OParl 2-08): the object keeps its number, `created` and
    /// a tombstone, and loses its content; with `read_modified`, only if
    /// nobody changed it since.
    Delete {
        n: u64,
        read_modified: Option<String>,
    },
    /// Writes the object whether it exists or not (the importer's copy of a
    /// foreign object); `created` stays as it was.
    Upsert(NewRow),
    /// The object changed through something embedded in it.
    Touch {
        n: u64,
    },
    /// The bytes of file `n`.
    Content {
        n: u64,
        bytes: Vec<u8>,
    },
    /// File `n` (the content with `checksum`) has scanned pages: OCR reads
    /// them in the background. Replaces an earlier job for the file.
    OcrQueue {
        n: u64,
        checksum: String,
    },
    /// OCR read `pages` pages of the content with `checksum` of file `n`.
    OcrDone {
        n: u64,
        checksum: String,
        pages: u32,
    },
}

impl Change {
    /// Whether the change is to the object itself, which its texts, blocks
    /// and search entries show (the bytes and the OCR job are not).
    fn is_to_object(&self) -> bool {
        !matches!(
            self,
            Change::Content { .. } | Change::OcrQueue { .. } | Change::OcrDone { .. }
        )
    }
}

/// An object as a writer read it. `modified` has whole seconds, so two
/// writes within one second (staff linking a file while OCR stores its
/// text) tell apart only by the document.
#[derive(Debug, Clone)]
pub struct Seen {
    pub modified: String,
    pub doc: Value,
}

impl From<&Row> for Seen {
    fn from(row: &Row) -> Self {
        Self {
            modified: row.modified.clone(),
            doc: row.doc.clone(),
        }
    }
}

const CONFLICT: &str = "council object changed meanwhile";

/// Applies the changes in one transaction, all with `now` as `modified`.
/// Fails with a conflict, changing nothing, when an object to update or
/// delete was changed or deleted since it was read.
pub async fn apply(db: &Db, changes: Vec<(Kind, Change)>, now: &Timestamp) -> Result<()> {
    let mut statements = vec!["BEGIN TRANSACTION;".to_owned()];
    for (i, (kind, change)) in changes.iter().enumerate() {
        let target = format!("type::record($table{i}, $n{i})");
        // The texts showing the object before and after the change.
        let shown = shown_in(*kind, &target).filter(|_| change.is_to_object());
        if let Some(shown) = &shown
            && !matches!(change, Change::Create(_))
        {
            statements.push(format!("LET $shown{i} = {shown};"));
        }
        statements.push(match change {
            Change::Create(_) => format!("CREATE {target} CONTENT $content{i};"),
            Change::Update { .. } => format!(
                "LET $changed{i} = UPDATE {target} SET doc = $doc{i}, position = $position{i}, modified = $now, text = NONE \
                 WHERE deleted = false AND modified = $read{i} AND doc = $seen{i} RETURN AFTER;
                 IF array::len($changed{i}) = 0 {{ THROW '{CONFLICT}' }};"
            ),
            Change::Delete {
                read_modified: Some(_),
                ..
            } => format!(
                "LET $changed{i} = UPDATE {target} SET deleted = true, doc = {{}}, modified = $now, text = NONE \
                 WHERE deleted = false AND modified = $read{i} RETURN AFTER;
                 IF array::len($changed{i}) = 0 {{ THROW '{CONFLICT}' }};"
            ),
            Change::Delete {
                read_modified: None,
                ..
            } => format!(
                "UPDATE {target} SET deleted = true, doc = {{}}, modified = $now, text = NONE WHERE deleted = false;"
            ),
            Change::Upsert(_) => format!(
                "UPSERT {target} SET body = $body{i}, parent = $parent{i}, position = $position{i}, \
                 doc = $doc{i}, deleted = false, modified = $now, created = created ?? $now, text = NONE;"
            ),
            Change::Touch { .. } => {
                format!("UPDATE {target} SET modified = $now, text = NONE WHERE deleted = false;")
            }
            Change::Content { .. } => format!(
                "UPSERT type::record('council_file_content', $n{i}) SET content = $content{i};"
            ),
            Change::OcrQueue { .. } => format!(
                "UPSERT type::record('council_ocr', $n{i}) SET checksum = $checksum{i}, state = 'waiting', \
                 attempts = 0, queued = time::now(), holder = NONE, until = NONE, pages = NONE, error = NONE;"
            ),
            // Only for the content it read: a newer upload queued anew.
            Change::OcrDone { .. } => format!(
                "UPDATE type::record('council_ocr', $n{i}) SET state = 'done', pages = $pages{i}, \
                 holder = NONE, until = NONE WHERE checksum = $checksum{i};"
            ),
        });
        if change.is_to_object() {
            statements.push(forget_blocks(&format!("[{target}]")));
        }
        if let Some(shown) = shown {
            statements.push(if matches!(change, Change::Create(_)) {
                forget_shown(&shown, &format!("gone{i}"))
            } else {
                forget_shown(
                    &format!("array::union($shown{i}, {shown})"),
                    &format!("gone{i}"),
                )
            });
            statements.push(note_for_search(&format!(
                "array::concat([{target}], $gone{i})"
            )));
        } else if change.is_to_object() {
            statements.push(note_for_search(&format!("[{target}]")));
        }
    }
    statements.push("UPDATE council_state:main SET version += 1;".to_owned());
    statements.push("COMMIT TRANSACTION;".to_owned());

    let script = statements.join("\n");
    let contents = changes
        .iter()
        .map(|(_, change)| match change {
            Change::Create(row) => serde_json::to_value(row).map(Some),
            _ => Ok(None),
        })
        .collect::<serde_json::Result<Vec<_>>>()?;
    // Losing to a concurrent transaction (another editor, or a text being
    // stored) left nothing behind; the checks of what was read run again.
    let outcome = db::retrying_conflicts(|| {
        let mut query = db
            .query(script.clone())
            .bind(("now", now.as_str().to_owned()));
        for (i, ((kind, change), content)) in changes.iter().zip(&contents).enumerate() {
            query = query.bind((format!("table{i}"), kind.table()));
            query = match change {
                Change::Create(row) => query
                    .bind((format!("n{i}"), row.n as i64))
                    .bind((format!("content{i}"), content.clone())),
                Change::Update {
                    n,
                    read,
                    doc,
                    position,
                } => query
                    .bind((format!("n{i}"), *n as i64))
                    .bind((format!("read{i}"), read.modified.clone()))
                    .bind((format!("seen{i}"), read.doc.clone()))
                    .bind((format!("doc{i}"), doc.clone()))
                    .bind((format!("position{i}"), position.map(|p| p as i64))),
                Change::Delete { n, read_modified } => query
                    .bind((format!("n{i}"), *n as i64))
                    .bind((format!("read{i}"), read_modified.clone())),
                Change::Upsert(row) => query
                    .bind((format!("n{i}"), row.n as i64))
                    .bind((format!("body{i}"), row.body as i64))
                    .bind((format!("parent{i}"), row.parent.map(|p| p as i64)))
                    .bind((format!("position{i}"), row.position.map(|p| p as i64)))
                    .bind((format!("doc{i}"), row.doc.clone())),
                Change::Touch { n } => query.bind((format!("n{i}"), *n as i64)),
                Change::Content { n, bytes } => query.bind((format!("n{i}"), *n as i64)).bind((
                    format!("content{i}"),
                    surrealdb::types::Bytes::from(bytes.clone()),
                )),
                Change::OcrQueue { n, checksum } => query
                    .bind((format!("n{i}"), *n as i64))
                    .bind((format!("checksum{i}"), checksum.clone())),
                Change::OcrDone { n, checksum, pages } => query
                    .bind((format!("n{i}"), *n as i64))
                    .bind((format!("checksum{i}"), checksum.clone()))
                    .bind((format!("pages{i}"), i64::from(*pages))),
            };
        }
        async move { query.await.and_then(first_cause) }
    })
    .await;
    super::version::wrote();
    crate::search::wrote();
    if outcome.is_ok()
        && changes
            .iter()
            .any(|(_, change)| matches!(change, Change::OcrQueue { .. }))
    {
        super::ocr::queued();
    }
    match outcome {
        Ok(_) => Ok(()),
        Err(err) if err.to_string().contains(CONFLICT) => Err(Error::Conflict(
            "Das Objekt wurde inzwischen geändert oder gelöscht. Bitte laden Sie es neu und versuchen Sie es noch einmal.".into(),
        )),
        Err(err) => Err(err.into()),
    }
}

/// The records whose stored texts show the object `target` (a SurrealQL
/// expression for a record of `kind`), as a SurrealQL array: its parent,
/// which embeds it; the objects embedding a file or place, with their
/// parents; and for an agenda item the consultation it names and that
/// one's paper, since the item decides whether the public sees the
/// consultation (see `non_public`). None when no other text shows the kind.
fn shown_in(kind: Kind, target: &str) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(parent) = kind.parent() {
        parts.push(format!(
            "[type::record('{}', {target}.parent ?? 0)]",
            parent.table()
        ));
    }
    let mut named = |field: &str, owner: Kind| {
        let owners = named_in(&format!("{target}.doc.{field}"), owner);
        if let Some(grand) = owner.parent() {
            parts.push(format!(
                "{owners}.map(|$o| type::record('{}', $o.parent ?? 0))",
                grand.table()
            ));
        }
        parts.push(owners);
    };
    for (field, owner) in links::embedder_kinds(kind) {
        named(field, owner);
    }
    if kind == Kind::AgendaItem {
        named("consultation", Kind::Consultation);
    }
    (!parts.is_empty()).then(|| format!("array::flatten([{}])", parts.join(", ")))
}

/// The records of `kind` that the references (`paper/7`, one or a list) in
/// the SurrealQL expression `references` name; anything else is skipped,
/// so that a malformed reference never fails the write it is part of.
fn named_in(references: &str, kind: Kind) -> String {
    let prefix = format!("{}/", kind.path());
    // At most 18 digits: every such number fits the integer cast.
    let longest = prefix.len() + 18;
    format!(
        "array::flatten([{references}]).filter(|$r| string::starts_with(<string> ($r ?? ''), '{prefix}') \
         AND string::len(<string> $r) <= {longest} \
         AND string::is_numeric(string::replace(<string> $r, '{prefix}', ''))) \
         .map(|$r| type::record('{table}', <int> string::replace(<string> $r, '{prefix}', '')))",
        table = kind.table()
    )
}

/// The numbers from `from` to `to` of objects of `kind` without a stored text.
pub async fn without_text(db: &Db, kind: Kind, from: u64, to: u64) -> Result<Vec<u64>> {
    // The table name and numbers come from this program.
    db.query(format!(
        "SELECT VALUE record::id(id) FROM {table}:{from}..={to} WHERE text = NONE",
        table = kind.table()
    ))
    .await?
    .check()?
    .rows(0)
}

/// Stores texts rendered from what the council was at `version`, for
/// `texts_for` (see [`texts_for`]); nothing when the council changed since
/// (a text might show something older) or texts are now rendered for
/// something else (by a server with other rendering code).
pub async fn keep_texts(
    db: &Db,
    kind: Kind,
    version: u64,
    texts_for: &str,
    texts: &[(u64, String)],
) -> Result<()> {
    if texts.is_empty() {
        return Ok(());
    }
    let texts: Vec<Value> = texts
        .iter()
        .map(|(n, text)| serde_json::json!({ "n": n, "text": text }))
        .collect();
    db.query(
        "BEGIN TRANSACTION;
         IF council_state:main.version = $version AND council_state:main.texts_for = $texts_for {
             FOR $t IN $texts { UPDATE type::record($table, $t.n) SET text = $t.text WHERE text = NONE; };
         };
         COMMIT TRANSACTION;",
    )
    .bind(("table", kind.table()))
    .bind(("version", version as i64))
    .bind(("texts_for", texts_for.to_owned()))
    .bind(("texts", Value::Array(texts)))
    .await?
    .check()?;
    Ok(())
}

/// What the stored texts were rendered for: the OParl root and the version
/// of the program that rendered them.
pub async fn texts_for(db: &Db) -> Result<Option<String>> {
    db.query("SELECT VALUE texts_for FROM ONLY council_state:main")
        .await?
        .check()?
        .row(0)
}

/// The stored blocks of `kind` whose first numbers lie in `from ..= to`,
/// in number order.
pub async fn blocks(db: &Db, kind: Kind, from: u64, to: u64) -> Result<Vec<StoredBlock>> {
    // The table name and numbers come from this program.
    let mut blocks: Vec<StoredBlock> = db
        .query(format!(
            "SELECT record::id(id)[1] AS first, numbers, bodies, ends, text \
             FROM council_text_block:['{table}', {from}]..=['{table}', {to}]",
            table = kind.table()
        ))
        .await?
        .check()?
        .rows(0)?;
    blocks.sort_by_key(|block| block.first);
    Ok(blocks)
}

/// The stored block starting at `first`, read by its key (no query to
/// parse: a harvester's page is one such read).
pub async fn block(db: &Db, kind: Kind, first: u64) -> Result<Option<StoredBlock>> {
    let key = surrealdb::types::Array::from(vec![
        surrealdb::types::Value::String(kind.table().to_owned()),
        surrealdb::types::Value::Number(surrealdb::types::Number::Int(first as i64)),
    ]);
    let block: Option<Value> = db
        .select(surrealdb::types::RecordId::new("council_text_block", key))
        .await?;
    block
        .map(|mut block| {
            block["first"] = Value::from(first);
            from_row(block)
        })
        .transpose()
}

/// Stores a block joined from texts of what the council was at `version`,
/// under the same conditions as [`keep_texts`].
pub async fn keep_block(
    db: &Db,
    kind: Kind,
    version: u64,
    texts_for: &str,
    block: &StoredBlock,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         IF council_state:main.version = $version AND council_state:main.texts_for = $texts_for {
             UPSERT type::record('council_text_block', [$table, $first]) CONTENT $block;
         };
         COMMIT TRANSACTION;",
    )
    .bind(("table", kind.table()))
    .bind(("first", block.first as i64))
    .bind(("version", version as i64))
    .bind(("texts_for", texts_for.to_owned()))
    .bind(("block", serde_json::to_value(block)?))
    .await?
    .check()?;
    Ok(())
}

/// Forgets every stored text and block, then records what texts are rendered for
/// from now on.
pub async fn forget_texts(db: &Db, texts_for: &str) -> Result<()> {
    // App servers starting together all forget, and pages render texts
    // meanwhile; every statement gives the same result whoever wins, so
    // one that loses a write conflict is simply run again.
    let clear_texts = Kind::ALL.map(|kind| {
        (
            "UPDATE type::table($value) SET text = NONE WHERE text != NONE",
            kind.table().to_owned(),
        )
    });
    let statements = clear_texts.into_iter().chain([
        ("DELETE council_text_block", String::new()),
        (
            "UPDATE council_state:main SET texts_for = $value",
            texts_for.to_owned(),
        ),
    ]);
    for (statement, value) in statements {
        db::retrying_conflicts(|| async {
            db.query(statement)
                .bind(("value", value.clone()))
                .await?
                .check()
        })
        .await?;
    }
    Ok(())
}

/// The highest position among the live and deleted children of a parent.
pub async fn last_position(db: &Db, kind: Kind, parent: u64) -> Result<Option<u64>> {
    let mut response = db
        .query("SELECT VALUE position FROM type::table($table) WHERE parent = $parent")
        .bind(("table", kind.table()))
        .bind(("parent", parent as i64))
        .await?
        .check()?;
    let positions: Vec<Option<u64>> = response.take(0)?;
    Ok(positions.into_iter().flatten().max())
}

/// The only body, when there is exactly one.
pub async fn only_body(db: &Db) -> Result<Option<u64>> {
    let mut response = db
        .query("SELECT VALUE record::id(id) FROM council_body WHERE deleted = false LIMIT 2")
        .await?
        .check()?;
    let bodies: Vec<u64> = response.take(0)?;
    Ok(match bodies.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// Stores the bytes of files, all in one transaction.
pub async fn put_contents(db: &Db, contents: Vec<(u64, Vec<u8>)>) -> Result<()> {
    let files: Vec<(i64, surrealdb::types::Bytes)> = contents
        .into_iter()
        .map(|(n, bytes)| (n as i64, bytes.into()))
        .collect();
    db.query(
        "BEGIN TRANSACTION;
         FOR $file IN $files {
             UPSERT type::record('council_file_content', $file[0]) SET content = $file[1];
         };
         UPDATE council_state:main SET version += 1;
         COMMIT TRANSACTION;",
    )
    .bind(("files", files))
    .await?
    .check()?;
    super::version::wrote();
    Ok(())
}

/// The bytes of a file, if any were stored.
pub async fn content(db: &Db, n: u64) -> Result<Option<Vec<u8>>> {
    let mut response = db
        .query("SELECT VALUE content FROM type::record('council_file_content', $n)")
        .bind(("n", n as i64))
        .await?
        .check()?;
    let content: Vec<surrealdb::types::Bytes> = response.take(0)?;
    Ok(content
        .into_iter()
        .next()
        .map(|bytes| bytes.into_inner().to_vec()))
}

/// An OCR job an app server holds: read file `n`'s content with `checksum`;
/// `attempts` counts this one.
#[derive(Debug, Deserialize)]
pub struct OcrJob {
    pub n: u64,
    pub checksum: String,
    pub attempts: u32,
}

/// Lends the longest-waiting free OCR job to `holder` for `lease` (by the
/// database's clock, so the app servers' clocks do not matter). A job is free
/// while nobody holds it or its holder's lease ran out (it stopped); of two
/// servers taking the same job, one loses the write and takes the next.
pub async fn take_ocr_job(db: &Db, holder: &str, lease: Duration) -> Result<Option<OcrJob>> {
    let mut response = db::retrying_conflicts(|| async {
        db.query(
            "LET $free = (SELECT VALUE id FROM council_ocr \
                 WHERE state = 'waiting' AND (until = NONE OR until < time::now()) ORDER BY queued LIMIT 1);
             UPDATE $free SET holder = $holder, until = time::now() + <duration> $lease, attempts += 1 \
                 WHERE state = 'waiting' AND (until = NONE OR until < time::now()) \
                 RETURN record::id(id) AS n, checksum, attempts;",
        )
        .bind(("holder", holder.to_owned()))
        .bind(("lease", seconds(lease)))
        .await?
        .check()
    })
    .await?;
    Ok(response.rows::<OcrJob>(1)?.into_iter().next())
}

/// Extends `holder`'s lease of the job; false when the job is no longer
/// theirs (it was queued anew for a new upload, or the lease ran out and
/// another server took it).
pub async fn keep_ocr_job(db: &Db, job: &OcrJob, holder: &str, lease: Duration) -> Result<bool> {
    let mut response = db::retrying_conflicts(|| async {
        db.query(
            "UPDATE type::record('council_ocr', $n) SET until = time::now() + <duration> $lease \
             WHERE holder = $holder AND state = 'waiting' AND checksum = $checksum RETURN VALUE record::id(id);",
        )
        .bind(("n", job.n as i64))
        .bind(("holder", holder.to_owned()))
        .bind(("checksum", job.checksum.clone()))
        .bind(("lease", seconds(lease)))
        .await?
        .check()
    })
    .await?;
    let kept: Vec<Value> = response.take(0)?;
    Ok(!kept.is_empty())
}

/// Gives the job up for good: OCR is not tried again for this content.
pub async fn fail_ocr_job(db: &Db, job: &OcrJob, error: &str) -> Result<()> {
    db::retrying_conflicts(|| async {
        db.query(
            "UPDATE type::record('council_ocr', $n) SET state = 'failed', error = $error, holder = NONE, until = NONE \
             WHERE checksum = $checksum;",
        )
        .bind(("n", job.n as i64))
        .bind(("checksum", job.checksum.clone()))
        .bind(("error", error.to_owned()))
        .await
        .and_then(first_cause)
    })
    .await?;
    Ok(())
}

/// Forgets the job: its file is gone or has other content now.
pub async fn drop_ocr_job(db: &Db, n: u64, checksum: &str) -> Result<()> {
    db::retrying_conflicts(|| async {
        db.query("DELETE type::record('council_ocr', $n) WHERE checksum = $checksum;")
            .bind(("n", n as i64))
            .bind(("checksum", checksum.to_owned()))
            .await
            .and_then(first_cause)
    })
    .await?;
    Ok(())
}

/// A duration as SurrealQL reads it.
fn seconds(duration: Duration) -> String {
    format!("{}s", duration.as_secs().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{city::demo::muenster, council::demo, db, migrate};

    #[tokio::test]
    async fn children_come_in_order_for_dense_and_sparse_parents() {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        demo::seed_if_empty(&db, &muenster(), 1).await.unwrap();
        for parents in [vec![1, 2, 3], vec![1, 150], vec![150, 1]] {
            let children = children(&db, Kind::Consultation, &parents).await.unwrap();
            assert!(!children.is_empty(), "{parents:?}");
            assert!(
                children
                    .iter()
                    .all(|c| c.parent.is_some_and(|p| parents.contains(&p))),
                "{parents:?}"
            );
            let keys: Vec<_> = children.iter().map(|c| (c.parent, c.position)).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{parents:?}");
            for parent in &parents {
                assert!(
                    children.iter().any(|c| c.parent == Some(*parent)),
                    "no children of {parent}"
                );
            }
        }
    }

    #[tokio::test]
    async fn an_ocr_job_is_lent_to_one_reader_at_a_time_until_its_lease_runs_out() {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        let now = Timestamp::from_utc(chrono::Utc::now());
        let minute = Duration::from_secs(60);
        let queue = |checksum: &str| {
            let checksum = checksum.to_owned();
            (Kind::File, Change::OcrQueue { n: 7, checksum })
        };
        apply(&db, vec![queue("alt")], &now).await.unwrap();
        // A new upload replaces the job of the content before.
        apply(&db, vec![queue("neu")], &now).await.unwrap();

        let first = take_ocr_job(&db, "a", minute).await.unwrap().unwrap();
        assert_eq!(
            (first.n, first.checksum.as_str(), first.attempts),
            (7, "neu", 1)
        );
        assert!(take_ocr_job(&db, "b", minute).await.unwrap().is_none());
        assert!(keep_ocr_job(&db, &first, "a", minute).await.unwrap());
        assert!(!keep_ocr_job(&db, &first, "b", minute).await.unwrap());

        // Reader a stopped: once its lease has run out, b takes the job over.
        db.query("UPDATE council_ocr:7 SET until = time::now() - 1s")
            .await
            .unwrap()
            .check()
            .unwrap();
        let second = take_ocr_job(&db, "b", minute).await.unwrap().unwrap();
        assert_eq!(second.attempts, 2);
        assert!(!keep_ocr_job(&db, &first, "a", minute).await.unwrap());

        let done = |checksum: &str| {
            let checksum = checksum.to_owned();
            (
                Kind::File,
                Change::OcrDone {
                    n: 7,
                    checksum,
                    pages: 2,
                },
            )
        };
        let state = || async {
            let mut response = db
                .query("SELECT state, pages FROM council_ocr:7")
                .await
                .unwrap();
            response.rows::<Value>(0).unwrap()
        };
        // What was read of the content before does not close the job.
        apply(&db, vec![done("alt")], &now).await.unwrap();
        assert_eq!(
            state().await,
            [serde_json::json!({"state": "waiting", "pages": null})]
        );
        apply(&db, vec![done("neu")], &now).await.unwrap();
        assert_eq!(
            state().await,
            [serde_json::json!({"state": "done", "pages": 2})]
        );
        assert!(take_ocr_job(&db, "a", minute).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn pages_walk_the_whole_table_in_number_order() {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        demo::seed_if_empty(&db, &muenster(), 1).await.unwrap();
        let mut after = 0;
        let mut seen = Vec::new();
        loop {
            let page = page::<Row>(
                &db,
                Kind::Paper,
                &Scope::Body(1),
                &Filter::default(),
                after,
                7,
            )
            .await
            .unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(|row| row.n).unwrap_or_default();
            seen.extend(page.into_iter().map(|row| row.n));
        }
        assert_eq!(seen, (1..=200).collect::<Vec<u64>>());
    }
}
