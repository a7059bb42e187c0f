//! `digitale-stadt import-oparl <SYSTEM_URL>`: copies another OParl
//! server's council into ours. It walks every list of every body, keeps
//! which of our objects each foreign id became, downloads the files, and on
//! the next run asks only for what changed since (`modified_since`),
//! deletions included. What real servers get wrong is repaired with a
//! warning per kind of problem instead of stopping the import.

mod fetch;
mod ledger;
mod repair;

use std::{
    collections::{HashMap, HashSet},
    fmt,
    io::Write,
    sync::Arc,
};

use chrono::{Duration, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha512};

use self::{
    fetch::{Answer, Source},
    repair::Warnings,
};
use super::{
    kind::Kind,
    links,
    object::{bare_stubs, items_mut, with_object_type},
    pdf_text,
    store::{self, Change, NewRow, Row},
    timestamp::Timestamp,
};
use crate::{
    db::Db,
    error::{Error, Result},
};

/// Files larger than this are listed but not copied.
const FILE_LIMIT: usize = 100 * 1024 * 1024;
/// Changes written per transaction.
const BATCH: usize = 200;
/// The next run asks for changes since the last start minus this, so that
/// clocks that differ a little lose nothing.
const OVERLAP_MINUTES: i64 = 10;

/// The lists of a body: field name(s) and the type they list. The plural
/// names are a mistake some servers make.
const BODY_LISTS: &[(&[&str], Kind)] = &[
    (&["organization", "organizations"], Kind::Organization),
    (&["person", "persons", "people"], Kind::Person),
    (&["meeting", "meetings"], Kind::Meeting),
    (&["paper", "papers"], Kind::Paper),
    (
        &["legislativeTermList", "legislativeTerms"],
        Kind::LegislativeTerm,
    ),
    (&["membership", "memberships"], Kind::Membership),
    (&["agendaItem", "agendaItems"], Kind::AgendaItem),
    (&["consultation", "consultations"], Kind::Consultation),
    (&["file", "files"], Kind::File),
    (&["locationList", "locations"], Kind::Location),
];

/// Where files and places are embedded: owner type, field, embedded type.
const EMBEDDED: &[(Kind, &str, Kind)] = &[
    (Kind::Meeting, "invitation", Kind::File),
    (Kind::Meeting, "resultsProtocol", Kind::File),
    (Kind::Meeting, "verbatimProtocol", Kind::File),
    (Kind::Meeting, "auxiliaryFile", Kind::File),
    (Kind::AgendaItem, "resolutionFile", Kind::File),
    (Kind::AgendaItem, "auxiliaryFile", Kind::File),
    (Kind::Paper, "mainFile", Kind::File),
    (Kind::Paper, "auxiliaryFile", Kind::File),
    (Kind::Body, "location", Kind::Location),
    (Kind::Organization, "location", Kind::Location),
    (Kind::Person, "locationObject", Kind::Location),
    (Kind::Meeting, "location", Kind::Location),
    (Kind::Paper, "location", Kind::Location),
];

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Changes were asked for since this time (a later run), or everything.
    pub since: Option<String>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub files: usize,
    pub warnings: Vec<String>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.since {
            Some(since) => writeln!(f, "Änderungen seit {since} übernommen:")?,
            None => writeln!(f, "Vollständig übernommen:")?,
        }
        writeln!(f, "  {:>6} neu", self.created)?;
        writeln!(f, "  {:>6} geändert", self.updated)?;
        writeln!(f, "  {:>6} unverändert", self.unchanged)?;
        writeln!(f, "  {:>6} gelöscht", self.deleted)?;
        writeln!(f, "  {:>6} Dateien heruntergeladen", self.files)?;
        if self.warnings.is_empty() {
            writeln!(f, "Keine Fehler der Quelle zu reparieren.")
        } else {
            writeln!(f, "Reparierte Fehler der Quelle:")?;
            self.warnings
                .iter()
                .try_for_each(|line| writeln!(f, "  {line}"))
        }
    }
}

/// One foreign object as collected, embedded objects replaced by `{"id"}`.
struct Entry {
    kind: Kind,
    fields: Map<String, Value>,
    /// Foreign id of the parent and the position in it, for embedded types.
    parent: Option<String>,
    position: Option<u64>,
    /// Read from its own list or URL (with its back-references), not only embedded.
    standalone: bool,
    deleted: bool,
    /// Foreign id of the body it was found under.
    body: String,
}

#[derive(Default)]
struct Collection {
    entries: HashMap<String, Entry>,
    order: Vec<String>,
    warnings: Warnings,
}

impl Collection {
    fn add(
        &mut self,
        kind: Kind,
        value: Value,
        body: &str,
        standalone: bool,
        place: Option<(String, u64)>,
    ) {
        let Value::Object(mut fields) = value else {
            self.warnings
                .note(format!("{}: Eintrag ist kein Objekt", kind.path()), body);
            return;
        };
        repair::repair(kind, &mut fields, &mut self.warnings);
        let Some(id) = fields.get("id").and_then(Value::as_str).map(str::to_owned) else {
            self.warnings
                .note(format!("{}: Objekt ohne id", kind.path()), body);
            return;
        };
        let deleted = fields.get("deleted").and_then(Value::as_bool) == Some(true);
        if deleted && fields.get("type").is_none() {
            self.warnings.note("gelöschtes Objekt ohne type", &id);
        }
        if let (Some(child), Some(field)) = (kind.child(), kind.children_field())
            && let Some(Value::Array(children)) = fields.remove(field)
        {
            for (position, child_value) in children.into_iter().enumerate() {
                self.add(
                    child,
                    child_value,
                    body,
                    false,
                    Some((id.clone(), position as u64)),
                );
            }
        }
        for (_, field, embedded) in EMBEDDED.iter().filter(|(owner, ..)| *owner == kind) {
            let mut found = Vec::new();
            for value in items_mut(&mut fields, field) {
                if let Some(embedded_id) =
                    value.get("id").and_then(Value::as_str).map(str::to_owned)
                {
                    if value.as_object().is_some_and(|o| o.len() > 1) {
                        found.push(value.clone());
                    }
                    *value = serde_json::json!({ "id": embedded_id });
                }
            }
            for value in found {
                self.add(*embedded, value, body, false, None);
            }
        }
        let (parent, position) = match place {
            Some((parent, position)) => (Some(parent), Some(position)),
            None => {
                let parent = kind
                    .parent_field()
                    .and_then(|field| fields.get(field))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let order = fields.get("order").and_then(Value::as_u64);
                (parent, order)
            }
        };

        match self.entries.get_mut(&id) {
            Some(existing) if existing.standalone && !standalone => {
                existing.parent = existing.parent.take().or(parent);
                existing.position = existing.position.or(position);
            }
            Some(existing) => {
                existing.fields = fields;
                existing.standalone = standalone;
                existing.deleted = deleted;
                existing.parent = parent.or(existing.parent.take());
                existing.position = position.or(existing.position);
            }
            None => {
                self.order.push(id.clone());
                self.entries.insert(
                    id,
                    Entry {
                        kind,
                        fields,
                        parent,
                        position,
                        standalone,
                        deleted,
                        body: body.to_owned(),
                    },
                );
            }
        }
    }
}

impl Collection {
    /// Files and places name the objects that embed them: OParl shows these
    /// references from both ends, and a file only non-public agenda items
    /// name is withheld from the public (`non_public`). Some servers leave
    /// the file's end out; it is filled in here from the embedding end, for
    /// the files this run collects.
    fn name_embedders(&mut self) {
        let mut named = Vec::new();
        for (owner, entry) in self.entries.iter().filter(|(_, e)| !e.deleted) {
            for (embedded, back) in links::embedded(entry.kind, &entry.fields) {
                named.push((embedded.to_owned(), back, owner.clone()));
            }
        }
        for (embedded, back, owner) in named {
            if let Some(entry) = self.entries.get_mut(&embedded) {
                links::name_in(&mut entry.fields, back, &owner);
            }
        }
    }
}

fn progress(list: &str, count: usize, done: bool) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r  {list:<24} {count:>8} Objekte");
    if done {
        let _ = writeln!(err);
    }
}

/// Which of our objects the given foreign ids became (relative references
/// such as `paper/12`), for checking an import against its source.
pub async fn our_references(db: &Db, foreign: &[String]) -> Result<HashMap<String, String>> {
    Ok(ledger::known(db, foreign)
        .await?
        .into_iter()
        .map(|(id, (kind, n))| (id, kind.reference(n)))
        .collect())
}

/// Imports (or updates from) the OParl system at `system_url`.
pub async fn import(db: &Db, system_url: &str) -> Result<Summary> {
    let started = Timestamp::from_utc(Utc::now());
    let since = ledger::last_run(db, system_url).await?;
    let filter: Vec<(&str, String)> = since
        .as_deref()
        .and_then(Timestamp::parse_filter)
        .map(|time| {
            let from = Timestamp::from_utc(time - Duration::minutes(OVERLAP_MINUTES));
            vec![("modified_since", from.as_str().to_owned())]
        })
        .unwrap_or_default();

    let source = Source::new()?;
    let mut collection = Collection::default();
    let system = match source.json(system_url, &mut collection.warnings).await? {
        Answer::Json(system) => system,
        Answer::Missing => {
            return Err(Error::Import(format!(
                "{system_url} ist kein OParl-System (keine JSON-Antwort)."
            )));
        }
    };
    let bodies_url = system
        .get("body")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::Import(format!(
                "{system_url}: das System nennt keine Körperschaften (body)."
            ))
        })?
        .to_owned();

    // Bodies are few and name the lists: always read them all.
    let mut bodies = Vec::new();
    source
        .list(&bodies_url, &[], &mut collection.warnings, |body, _| {
            bodies.push(body)
        })
        .await?;
    progress("body", bodies.len(), true);
    for body in bodies {
        let Some(body_id) = body.get("id").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let lists: Vec<(String, Kind)> = BODY_LISTS
            .iter()
            .filter_map(|(names, kind)| {
                let (name, url) = names.iter().find_map(|name| {
                    body.get(*name)
                        .and_then(Value::as_str)
                        .map(|url| (*name, url))
                })?;
                if name != names[0] {
                    collection
                        .warnings
                        .note(format!("Liste „{name}“ statt „{}“", names[0]), &body_id);
                }
                Some((url.to_owned(), *kind))
            })
            .collect();
        collection.add(Kind::Body, body, &body_id, true, None);
        for (url, kind) in lists {
            let mut count = 0;
            let mut items = Vec::new();
            source
                .list(&url, &filter, &mut collection.warnings, |item, _| {
                    count += 1;
                    if count % 100 == 0 {
                        progress(kind.path(), count, false);
                    }
                    items.push(item);
                })
                .await?;
            progress(kind.path(), count, true);
            for item in items {
                collection.add(kind, item, &body_id, true, None);
            }
        }
    }

    collection.name_embedders();
    let mut summary = write(db, &source, collection, system_url).await?;
    ledger::record_run(db, system_url, started.as_str()).await?;
    summary.since = since;
    Ok(summary)
}

/// Numbers the collected objects, converts them and writes what changed.
async fn write(
    db: &Db,
    source: &Source,
    mut collection: Collection,
    system_url: &str,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let ids: Vec<String> = collection.order.clone();
    let origin = url::Url::parse(system_url)
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    // Objects named by what changed may be unchanged themselves and come
    // from an earlier run: their numbers are looked up too.
    let mut named: HashSet<String> = ids.iter().cloned().collect();
    for entry in collection.entries.values() {
        foreign_urls(&Value::Object(entry.fields.clone()), &origin, &mut named);
    }
    let named: Vec<String> = named.into_iter().collect();
    let mut known = ledger::known(db, &named).await?;

    // New objects get numbers; the mapping is kept before anything is written.
    let mut new_by_kind: HashMap<Kind, Vec<String>> = HashMap::new();
    for id in &ids {
        let entry = &collection.entries[id];
        if !known.contains_key(id) && !entry.deleted {
            new_by_kind.entry(entry.kind).or_default().push(id.clone());
        }
    }
    let mut mappings = Vec::new();
    for (kind, new_ids) in new_by_kind {
        let first = store::allocate(db, kind, new_ids.len() as u64).await?;
        for (offset, id) in new_ids.into_iter().enumerate() {
            let n = first + offset as u64;
            known.insert(id.clone(), (kind, n));
            mappings.push((id, kind, n));
        }
    }
    ledger::remember(db, &mappings).await?;
    let created: HashSet<String> = mappings.into_iter().map(|(id, ..)| id).collect();
    let references: HashMap<String, String> = known
        .iter()
        .map(|(id, (kind, n))| (id.clone(), kind.reference(*n)))
        .collect();

    // What we have now, to write only what changed.
    let mut existing: HashMap<(Kind, u64), Row> = HashMap::new();
    let mut numbers_by_kind: HashMap<Kind, Vec<u64>> = HashMap::new();
    for id in &ids {
        if let Some((kind, n)) = known.get(id)
            && !created.contains(id)
        {
            numbers_by_kind.entry(*kind).or_default().push(*n);
        }
    }
    for (kind, numbers) in numbers_by_kind {
        for row in store::by_numbers(db, kind, &numbers).await? {
            existing.insert((kind, row.n), row);
        }
    }

    let now = Timestamp::from_utc(Utc::now());
    let mut changes = Vec::new();
    let mut files = Vec::new();
    let mut touched_parents = HashSet::new();
    for id in &ids {
        let entry = &collection.entries[id];
        let Some(&(kind, n)) = known.get(id) else {
            continue;
        };
        let current = existing.get(&(kind, n));
        if entry.deleted {
            if current.is_some_and(|row| !row.deleted) {
                changes.push((
                    kind,
                    Change::Delete {
                        n,
                        read_modified: None,
                    },
                ));
                summary.deleted += 1;
                if let (Some(parent_kind), Some(parent)) =
                    (kind.parent(), current.and_then(|row| row.parent))
                {
                    touched_parents.insert((parent_kind, parent));
                }
            }
            continue;
        }
        let Some(mut doc) = convert(entry, &references, &origin, &mut collection.warnings) else {
            continue;
        };
        // A file or place seen only embedded this time (its owner changed,
        // it did not) keeps the back-references its own list gave before,
        // besides the owners that embed it now.
        if !entry.standalone
            && let Some(old) = current
        {
            for field in links::embedder_fields(kind) {
                if let Some(Value::Array(before)) = old.doc.get(field) {
                    let now: Vec<Value> = match doc.get(field) {
                        Some(Value::Array(now)) => now.clone(),
                        _ => Vec::new(),
                    };
                    let mut all = before.clone();
                    all.extend(now.into_iter().filter(|owner| !before.contains(owner)));
                    doc[field] = Value::Array(all);
                }
            }
        }
        let body = references
            .get(&entry.body)
            .and_then(|r| Kind::Body.number_of(r))
            .unwrap_or(n);
        let parent = entry
            .parent
            .as_ref()
            .and_then(|p| references.get(p))
            .and_then(|r| kind.parent().and_then(|parent| parent.number_of(r)));
        if kind.parent().is_some() && parent.is_none() {
            collection.warnings.note(
                format!("{}: ohne bekanntes Elternobjekt übersprungen", kind.path()),
                id,
            );
            continue;
        }
        let position = kind
            .parent()
            .map(|_| entry.position.unwrap_or(u64::from(u32::MAX)));
        let row = NewRow {
            n,
            body,
            parent,
            position,
            created: now.as_str().to_owned(),
            modified: now.as_str().to_owned(),
            doc,
        };
        if kind == Kind::File {
            files.push((id.clone(), row, entry.fields.clone(), current.cloned()));
            continue;
        }
        let unchanged = current.is_some_and(|old| {
            !old.deleted
                && old.doc == row.doc
                && old.parent == row.parent
                && old.position == row.position
        });
        if unchanged {
            summary.unchanged += 1;
            continue;
        }
        if created.contains(id) {
            summary.created += 1;
        } else {
            summary.updated += 1;
        }
        if let (Some(parent_kind), Some(parent)) = (kind.parent(), parent) {
            touched_parents.insert((parent_kind, parent));
        }
        changes.push((kind, Change::Upsert(row)));
    }
    let changed: HashSet<(Kind, u64)> = changes
        .iter()
        .filter_map(|(kind, change)| match change {
            Change::Upsert(row) => Some((*kind, row.n)),
            _ => None,
        })
        .collect();
    changes.extend(
        touched_parents
            .into_iter()
            .filter(|parent| !changed.contains(parent))
            .map(|(kind, n)| (kind, Change::Touch { n })),
    );
    for batch in changes.chunks(BATCH) {
        store::apply(db, batch.to_vec(), &now).await?;
    }

    let total_files = files.len();
    for (done, (id, row, fields, current)) in files.into_iter().enumerate() {
        if (done + 1) % 25 == 0 || done + 1 == total_files {
            progress("Dateien", done + 1, done + 1 == total_files);
        }
        let outcome = copy_file(
            db,
            source,
            &id,
            row,
            &fields,
            current,
            &now,
            &mut collection.warnings,
        )
        .await?;
        match outcome {
            FileOutcome::Unchanged => summary.unchanged += 1,
            FileOutcome::Written { downloaded } => {
                summary.files += usize::from(downloaded);
                if created.contains(&id) {
                    summary.created += 1;
                } else {
                    summary.updated += 1;
                }
            }
        }
    }
    summary.warnings = collection.warnings.lines();
    Ok(summary)
}

enum FileOutcome {
    Unchanged,
    Written { downloaded: bool },
}

/// An `http` or `https` URL, the only links we take over from a source.
fn is_web_address(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
}

/// Writes a File with its content in one transaction. The content is
/// downloaded unless ours already has the foreign checksum.
#[allow(clippy::too_many_arguments)]
async fn copy_file(
    db: &Db,
    source: &Source,
    id: &str,
    mut row: NewRow,
    foreign: &Map<String, Value>,
    current: Option<Row>,
    now: &Timestamp,
    warnings: &mut Warnings,
) -> Result<FileOutcome> {
    let foreign_checksum = foreign.get("sha512Checksum").and_then(Value::as_str);
    let ours = current.as_ref().filter(|old| !old.deleted);
    let have_content = ours.is_some_and(|old| {
        foreign_checksum.is_some()
            && old.doc.get("sha512Checksum").and_then(Value::as_str) == foreign_checksum
    });
    let local = |name: &str| format!("{}/{name}", Kind::File.reference(row.n));
    let mut changes = Vec::new();
    let mut downloaded = false;
    if have_content {
        for field in ["size", "sha512Checksum", "text", "mimeType"] {
            if let Some(value) = ours.and_then(|old| old.doc.get(field)) {
                row.doc[field] = value.clone();
            }
        }
        row.doc["accessUrl"] = Value::from(local("access"));
        row.doc["downloadUrl"] = Value::from(local("download"));
    } else {
        let url = foreign
            .get("accessUrl")
            .or_else(|| foreign.get("downloadUrl"))
            .and_then(Value::as_str);
        let bytes = match url {
            Some(url) => match source.bytes(url, FILE_LIMIT).await {
                Ok(bytes) => bytes,
                Err(err) => {
                    warnings.note(format!("Datei nicht abrufbar ({err})"), id);
                    None
                }
            },
            None => {
                warnings.note("Datei ohne accessUrl", id);
                None
            }
        };
        match bytes {
            Some(bytes) => {
                row.doc["size"] = Value::from(bytes.len());
                row.doc["sha512Checksum"] = Value::from(
                    Sha512::digest(&bytes)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                );
                if row.doc.get("text").is_none()
                    && bytes.starts_with(b"%PDF-")
                    && let Ok(read) = pdf_text::read(Arc::new(bytes.clone())).await
                {
                    if let Some(text) = read.text() {
                        row.doc["text"] = Value::from(text);
                    }
                    if !read.scanned.is_empty()
                        && let Some(checksum) = row.doc["sha512Checksum"].as_str()
                    {
                        changes.push((
                            Kind::File,
                            Change::OcrQueue {
                                n: row.n,
                                checksum: checksum.to_owned(),
                            },
                        ));
                    }
                }
                row.doc["accessUrl"] = Value::from(local("access"));
                row.doc["downloadUrl"] = Value::from(local("download"));
                changes.push((Kind::File, Change::Content { n: row.n, bytes }));
                downloaded = true;
            }
            // Without a copy, readers are sent to the original, but only to
            // a web address: a `javascript:` or `data:` link would run on
            // our pages.
            None => {
                if let Some(url) = url.filter(|url| is_web_address(url)) {
                    row.doc["accessUrl"] = Value::from(url);
                }
            }
        }
    }
    let unchanged = !downloaded
        && ours.is_some_and(|old| {
            old.doc == row.doc && old.parent == row.parent && old.position == row.position
        });
    if unchanged {
        return Ok(FileOutcome::Unchanged);
    }
    changes.insert(0, (Kind::File, Change::Upsert(row)));
    store::apply(db, changes, now).await?;
    Ok(FileOutcome::Written { downloaded })
}

/// Every string in the document that is a URL of the foreign server.
fn foreign_urls(value: &Value, origin: &str, found: &mut HashSet<String>) {
    match value {
        Value::String(text) if !origin.is_empty() && text.starts_with(origin) => {
            found.insert(text.clone());
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| foreign_urls(item, origin, found)),
        Value::Object(fields) => fields.values().for_each(|v| foreign_urls(v, origin, found)),
        _ => {}
    }
}

/// The stored document of a foreign object: our references, no bookkeeping
/// fields, nothing the server derives itself.
fn convert(
    entry: &Entry,
    references: &HashMap<String, String>,
    origin: &str,
    warnings: &mut Warnings,
) -> Option<Value> {
    let kind = entry.kind;
    let mut fields = entry.fields.clone();
    for column in ["type", "created", "modified", "deleted"] {
        fields.remove(column);
    }
    if let Some(parent) = kind.parent_field() {
        fields.remove(parent);
    }
    let own_id = fields
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    // List URLs and file URLs are ours to make; back-references are kept.
    let derived: &[&str] = match kind {
        Kind::Body => kind.derived_fields(),
        Kind::Organization => &["meeting", "consultation"],
        Kind::File => &[
            "accessUrl",
            "downloadUrl",
            "size",
            "sha512Checksum",
            "sha1Checksum",
        ],
        _ => &[],
    };
    for field in derived {
        fields.remove(*field);
    }
    let mut unknown = Vec::new();
    let doc = with_object_type!(kind, T => {
        let mut object: T = match serde_json::from_value(Value::Object(fields)) {
            Ok(object) => object,
            Err(err) => {
                warnings.note(format!("{}: passt nicht zum OParl-Schema ({err})", kind.path()), &own_id);
                return None;
            }
        };
        shared::oparl::References::map_references(&mut object, &mut |reference: &mut String| {
            if let Some(ours) = references.get(reference.as_str()) {
                *reference = ours.clone();
            } else if !origin.is_empty() && reference.starts_with(origin) {
                unknown.push(reference.clone());
            }
        });
        serde_json::to_value(&object).ok()?
    });
    for reference in unknown {
        if reference != own_id {
            warnings.note(
                format!(
                    "{}: Verweis auf ein Objekt, das in keiner Liste steht",
                    kind.path()
                ),
                &reference,
            );
        }
    }
    let Value::Object(mut fields) = doc else {
        return None;
    };
    fields.remove("id");
    fields.remove("type");
    bare_stubs(
        &mut fields,
        EMBEDDED
            .iter()
            .filter(|(owner, ..)| *owner == kind)
            .map(|(_, field, _)| *field),
    );
    if kind == Kind::Body {
        // Where the body came from, as OParl's `equivalent` says.
        let equivalent = fields
            .entry("equivalent")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = equivalent
            && !list.iter().any(|v| v.as_str() == Some(&own_id))
        {
            list.push(Value::from(own_id));
        }
    }
    Some(Value::Object(fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_web_addresses_are_taken_over_as_links() {
        assert!(is_web_address("https://ris.example/f/1.pdf"));
        assert!(is_web_address("http://ris.example/f/1.pdf"));
        for link in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "/f/1",
        ] {
            assert!(!is_web_address(link), "{link}");
        }
    }

    #[test]
    fn embedded_objects_become_entries_of_their_own_and_standalone_versions_win() {
        let mut collection = Collection::default();
        collection.add(
            Kind::Meeting,
            json!({
                "id": "https://ris.example/m/1",
                "agendaItem": [{"id": "https://ris.example/ai/1", "name": "TOP 1",
                                "resolutionFile": {"id": "https://ris.example/f/9", "name": "Beschluss"}}],
                "invitation": {"id": "https://ris.example/f/8", "name": "Einladung"},
            }),
            "https://ris.example/b/1",
            true,
            None,
        );
        let meeting = &collection.entries["https://ris.example/m/1"];
        assert!(meeting.fields.get("agendaItem").is_none());
        assert_eq!(
            meeting.fields["invitation"],
            json!({"id": "https://ris.example/f/8"})
        );
        let item = &collection.entries["https://ris.example/ai/1"];
        assert_eq!(item.parent.as_deref(), Some("https://ris.example/m/1"));
        assert_eq!(item.position, Some(0));
        assert!(!item.standalone);
        assert!(collection.entries.contains_key("https://ris.example/f/9"));

        collection.add(
            Kind::AgendaItem,
            json!({"id": "https://ris.example/ai/1", "meeting": "https://ris.example/m/1", "name": "TOP 1 (neu)"}),
            "https://ris.example/b/1",
            true,
            None,
        );
        let item = &collection.entries["https://ris.example/ai/1"];
        assert!(item.standalone);
        assert_eq!(item.fields["name"], "TOP 1 (neu)");
        assert_eq!(item.position, Some(0), "the embedded position is kept");
    }

    /// Security review, item 8: a file that only a non-public agenda item
    /// names stayed public when the source left out the file's `agendaItem`.
    #[test]
    fn embedded_files_name_their_embedders_also_when_the_source_does_not() {
        let mut collection = Collection::default();
        collection.add(
            Kind::AgendaItem,
            json!({
                "id": "https://ris.example/ai/1", "public": false,
                "resolutionFile": {"id": "https://ris.example/f/9", "name": "Beschluss"},
                "auxiliaryFile": ["https://ris.example/f/7"],
            }),
            "https://ris.example/b/1",
            true,
            None,
        );
        collection.add(
            Kind::File,
            json!({"id": "https://ris.example/f/7", "name": "Anlage", "agendaItem": "https://ris.example/ai/0"}),
            "https://ris.example/b/1",
            true,
            None,
        );
        collection.name_embedders();
        let named = |file: &str| collection.entries[file].fields["agendaItem"].clone();
        assert_eq!(
            named("https://ris.example/f/9"),
            json!(["https://ris.example/ai/1"])
        );
        assert_eq!(
            named("https://ris.example/f/7"),
            json!(["https://ris.example/ai/0", "https://ris.example/ai/1"])
        );
    }

    #[test]
    fn references_become_ours_and_foreign_lists_are_dropped() {
        let entry = Entry {
            kind: Kind::Organization,
            fields: json!({
                "id": "https://ris.example/o/3",
                "type": "https://schema.oparl.org/1.1/Organization",
                "name": "Ausschuss für Verkehr",
                "meeting": "https://ris.example/o/3/meetings",
                "membership": ["https://ris.example/mem/5", "https://ris.example/mem/404"],
                "location": {"id": "https://ris.example/l/2"},
                "modified": "2024-01-01T00:00:00+01:00",
            })
            .as_object()
            .cloned()
            .unwrap(),
            parent: None,
            position: None,
            standalone: true,
            deleted: false,
            body: "https://ris.example/b/1".into(),
        };
        let references = HashMap::from([
            (
                "https://ris.example/mem/5".to_owned(),
                "membership/1".to_owned(),
            ),
            (
                "https://ris.example/l/2".to_owned(),
                "location/7".to_owned(),
            ),
        ]);
        let mut warnings = Warnings::default();
        let doc = convert(&entry, &references, "https://ris.example", &mut warnings).unwrap();
        assert_eq!(
            doc,
            json!({
                "name": "Ausschuss für Verkehr",
                "membership": ["membership/1", "https://ris.example/mem/404"],
                "location": {"id": "location/7"},
            })
        );
        assert_eq!(warnings.lines().len(), 1, "{:?}", warnings.lines());
    }
}
