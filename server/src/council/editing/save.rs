//! Creates, replaces and deletes council objects so that the OParl view
//! stays consistent: both ends of two-sided references agree, every object
//! whose rendering changes gets a new `modified`, and all of it happens in
//! one transaction or not at all.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use serde_json::Value;

use super::draft::Draft;
use crate::{
    council::{
        kind::Kind,
        links::{self, BackReference},
        store::{self, Change, NewRow, Row, Seen},
        timestamp::Timestamp,
    },
    db::Db,
    error::{Error, Result},
};

fn invalid(message: String) -> Error {
    Error::InvalidInput(message)
}

/// Runs a write again, reading afresh, when an object it changes along
/// (the other end of a reference, a file it links) was changed by a
/// concurrent write after it was read: staff linking a file while OCR
/// stores its text is the common case.
async fn again_on_conflict<T, Fut>(mut write: impl FnMut() -> Fut) -> Result<T>
where
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(Error::Conflict(_)) if attempt < 5 => attempt += 1,
            outcome => return outcome,
        }
    }
}

/// Checks that every named object exists and is not deleted.
async fn check_references(db: &Db, references: &[(Kind, u64)]) -> Result<()> {
    let mut by_kind: HashMap<Kind, Vec<u64>> = HashMap::new();
    for (kind, number) in references {
        by_kind.entry(*kind).or_default().push(*number);
    }
    for (kind, numbers) in by_kind {
        let live: HashSet<u64> = store::by_numbers(db, kind, &numbers)
            .await?
            .into_iter()
            .filter(|row| !row.deleted)
            .map(|row| row.n)
            .collect();
        if let Some(missing) = numbers.iter().find(|n| !live.contains(n)) {
            return Err(invalid(format!(
                "Das Objekt {} gibt es nicht (mehr).",
                kind.reference(*missing)
            )));
        }
    }
    Ok(())
}

async fn live_row(db: &Db, kind: Kind, number: u64) -> Result<Row> {
    store::get(db, kind, number)
        .await?
        .filter(|row| !row.deleted)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "Das Objekt {} gibt es nicht.",
                kind.reference(number)
            ))
        })
}

/// Stores a new object; `body` is used when neither the object nor its
/// parent names the body it belongs to. Returns the new object's number.
pub async fn create(db: &Db, kind: Kind, draft: Draft, body: Option<u64>) -> Result<u64> {
    check_references(db, &draft.references).await?;
    let parent = match (kind.parent(), draft.parent) {
        (Some(parent_kind), Some(parent)) => Some(live_row(db, parent_kind, parent).await?),
        (Some(_), None) => {
            return Err(invalid(format!(
                "Ein Objekt vom Typ {} braucht „{}“.",
                kind.path(),
                kind.parent_field().unwrap_or_default()
            )));
        }
        _ => None,
    };
    let named_body = draft
        .doc
        .get("body")
        .and_then(Value::as_str)
        .and_then(|reference| Kind::Body.number_of(reference));
    let body = match (kind, named_body, parent.as_ref().and_then(|p| p.body), body) {
        (Kind::Body, ..) => 0,
        (_, Some(body), ..) | (_, None, Some(body), _) | (_, None, None, Some(body)) => body,
        _ => store::only_body(db).await?.ok_or_else(|| {
            invalid("Es gibt mehrere Körperschaften: Bitte geben Sie mit ?body= an, zu welcher das Objekt gehört.".into())
        })?,
    };

    let mut doc = draft.doc;
    let position = match &parent {
        Some(parent) => Some(position(db, kind, parent.n, &doc).await?),
        None => None,
    };
    set_order(kind, &mut doc, position);
    let n = store::allocate(db, kind, 1).await?;
    let now = now();
    let row = NewRow {
        n,
        // A body belongs to itself, so that its list is one scope like the others.
        body: if kind == Kind::Body { n } else { body },
        parent: parent.as_ref().map(|p| p.n),
        position,
        created: now.as_str().to_owned(),
        modified: now.as_str().to_owned(),
        doc: doc.clone(),
    };
    let parent = parent.map(|p| p.n);
    again_on_conflict(|| async {
        let mut changes = vec![(kind, Change::Create(row.clone()))];
        changes.extend(consequences(db, kind, n, None, Some(&doc), parent).await?);
        store::apply(db, changes, &now).await
    })
    .await?;
    Ok(n)
}

/// Replaces the document of a live object.
pub async fn replace(db: &Db, kind: Kind, number: u64, draft: Draft) -> Result<()> {
    again_on_conflict(|| replace_once(db, kind, number, &draft)).await
}

async fn replace_once(db: &Db, kind: Kind, number: u64, draft: &Draft) -> Result<()> {
    let old = live_row(db, kind, number).await?;
    if draft.parent.is_some() && draft.parent != old.parent {
        return Err(invalid(format!(
            "„{}“ kann nicht geändert werden: Legen Sie das Objekt dort neu an.",
            kind.parent_field().unwrap_or_default()
        )));
    }
    check_references(db, &draft.references).await?;
    let mut doc = draft.doc.clone();
    // What the server derives stays as it was (a file's checksum, the
    // places' back-references).
    for field in kind.derived_fields() {
        if let Some(value) = old.doc.get(*field) {
            doc[*field] = value.clone();
        }
    }
    let position = match (old.parent, kind == Kind::AgendaItem) {
        (Some(parent), true) => Some(position(db, kind, parent, &doc).await?),
        _ => old.position,
    };
    set_order(kind, &mut doc, position);
    let changes = std::iter::once((
        kind,
        Change::Update {
            n: number,
            read: Seen::from(&old),
            doc: doc.clone(),
            position,
        },
    ))
    .chain(consequences(db, kind, number, Some(&old), Some(&doc), old.parent).await?)
    .collect();
    store::apply(db, changes, &now()).await
}

/// Soft-deletes a live object. Returns false when there was none.
pub async fn delete(db: &Db, kind: Kind, number: u64) -> Result<bool> {
    again_on_conflict(|| delete_once(db, kind, number)).await
}

async fn delete_once(db: &Db, kind: Kind, number: u64) -> Result<bool> {
    let Some(old) = store::get(db, kind, number)
        .await?
        .filter(|row| !row.deleted)
    else {
        return Ok(false);
    };
    let changes = std::iter::once((
        kind,
        Change::Delete {
            n: number,
            read_modified: Some(old.modified.clone()),
        },
    ))
    .chain(consequences(db, kind, number, Some(&old), None, old.parent).await?)
    .collect();
    store::apply(db, changes, &now()).await?;
    Ok(true)
}

/// An uploaded file: its bytes and the File fields derived from them.
#[derive(Debug)]
pub struct Content {
    pub facts: Value,
    pub bytes: Vec<u8>,
    /// Some pages are scans: OCR reads them after the upload.
    pub scanned: bool,
}

impl Content {
    /// The OCR job for file `n`, when it has scanned pages.
    fn ocr_job(&self, n: u64) -> Option<(Kind, Change)> {
        let checksum = self.facts.get("sha512Checksum").and_then(Value::as_str);
        match (self.scanned, checksum) {
            (true, Some(checksum)) => Some((
                Kind::File,
                Change::OcrQueue {
                    n,
                    checksum: checksum.to_owned(),
                },
            )),
            _ => None,
        }
    }
}

fn with_facts(mut doc: Value, facts: &Value) -> Value {
    if let (Value::Object(doc), Value::Object(facts)) = (&mut doc, facts) {
        // A new PDF may have no text where the old one had some.
        doc.remove("text");
        doc.extend(facts.clone());
    }
    doc
}

fn file_urls(doc: &mut Value, number: u64) {
    let file = Kind::File.reference(number);
    doc["accessUrl"] = Value::from(format!("{file}/access"));
    doc["downloadUrl"] = Value::from(format!("{file}/download"));
}

/// Stores a new File with its content in one transaction.
pub async fn create_file(
    db: &Db,
    draft: Draft,
    content: Content,
    body: Option<u64>,
) -> Result<u64> {
    let body = match body {
        Some(body) => body,
        None => store::only_body(db).await?.ok_or_else(|| {
            invalid("Es gibt mehrere Körperschaften: Bitte geben Sie mit ?body= an, zu welcher die Datei gehört.".into())
        })?,
    };
    let n = store::allocate(db, Kind::File, 1).await?;
    let mut doc = with_facts(draft.doc, &content.facts);
    file_urls(&mut doc, n);
    let now = now();
    let row = NewRow {
        n,
        body,
        parent: None,
        position: None,
        created: now.as_str().to_owned(),
        modified: now.as_str().to_owned(),
        doc,
    };
    let mut changes = vec![(Kind::File, Change::Create(row))];
    changes.extend(content.ocr_job(n));
    changes.push((
        Kind::File,
        Change::Content {
            n,
            bytes: content.bytes,
        },
    ));
    store::apply(db, changes, &now).await?;
    Ok(n)
}

/// Replaces the bytes of a live File; the papers and meetings showing it change with it.
pub async fn replace_content(db: &Db, number: u64, content: Content) -> Result<()> {
    again_on_conflict(|| replace_content_once(db, number, &content)).await
}

async fn replace_content_once(db: &Db, number: u64, content: &Content) -> Result<()> {
    let old = live_row(db, Kind::File, number).await?;
    let mut doc = with_facts(old.doc.clone(), &content.facts);
    file_urls(&mut doc, number);
    let mut changes = vec![(
        Kind::File,
        Change::Update {
            n: number,
            read: Seen::from(&old),
            doc: doc.clone(),
            position: None,
        },
    )];
    changes.extend(content.ocr_job(number));
    changes.push((
        Kind::File,
        Change::Content {
            n: number,
            bytes: content.bytes.clone(),
        },
    ));
    changes.extend(consequences(db, Kind::File, number, Some(&old), Some(&doc), None).await?);
    store::apply(db, changes, &now()).await
}

/// Stores what OCR read of file `number`'s content with `checksum` (the
/// text of all its pages, `pages` of them read by OCR) and closes its job.
/// The papers and meetings showing the file change with it, so the search
/// finds them by the new text. When the file has other content by now, or is
/// gone, the text is dropped with the job.
pub async fn store_ocr_text(
    db: &Db,
    number: u64,
    checksum: &str,
    text: Option<String>,
    pages: u32,
) -> Result<()> {
    again_on_conflict(|| async {
        let Some(old) = store::get(db, Kind::File, number).await?.filter(|row| {
            !row.deleted && row.doc.get("sha512Checksum").and_then(Value::as_str) == Some(checksum)
        }) else {
            return store::drop_ocr_job(db, number, checksum).await;
        };
        let mut changes = vec![(
            Kind::File,
            Change::OcrDone {
                n: number,
                checksum: checksum.to_owned(),
                pages,
            },
        )];
        let stored = old.doc.get("text").and_then(Value::as_str);
        if let Some(text) = text.as_deref().filter(|text| stored != Some(*text)) {
            let mut doc = old.doc.clone();
            doc["text"] = Value::from(text);
            changes.push((
                Kind::File,
                Change::Update {
                    n: number,
                    read: Seen::from(&old),
                    doc: doc.clone(),
                    position: old.position,
                },
            ));
            changes
                .extend(consequences(db, Kind::File, number, Some(&old), Some(&doc), None).await?);
        }
        store::apply(db, changes, &now()).await
    })
    .await
}

fn now() -> Timestamp {
    Timestamp::from_utc(Utc::now())
}

/// Agenda items are placed by their `order`; other children go to the end.
async fn position(db: &Db, kind: Kind, parent: u64, doc: &Value) -> Result<u64> {
    let wanted = (kind == Kind::AgendaItem)
        .then(|| doc.get("order").and_then(Value::as_u64))
        .flatten();
    match wanted {
        Some(order) => Ok(order),
        None => Ok(store::last_position(db, kind, parent)
            .await?
            .map_or(0, |last| last + 1)),
    }
}

/// OParl requires `order` on agenda items; it is their position.
fn set_order(kind: Kind, doc: &mut Value, position: Option<u64>) {
    if let (Kind::AgendaItem, Some(position)) = (kind, position) {
        doc["order"] = Value::from(position);
    }
}

/// What else changes when object `number` goes from `old` to `new`: the
/// other ends of its two-sided references, the objects it is embedded in,
/// and, for a file or place, everything that embeds it.
async fn consequences(
    db: &Db,
    kind: Kind,
    number: u64,
    old: Option<&Row>,
    new: Option<&Value>,
    parent: Option<u64>,
) -> Result<Vec<(Kind, Change)>> {
    let owner = kind.reference(number);
    let before: HashSet<BackReference> = old
        .map(|row| links::back_references(kind, &row.doc))
        .unwrap_or_default()
        .into_iter()
        .collect();
    let after: HashSet<BackReference> = new
        .map(|doc| links::back_references(kind, doc))
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut edits: HashMap<(Kind, u64), Vec<(BackReference, bool)>> = HashMap::new();
    for link in after.difference(&before) {
        edits
            .entry((link.target, link.number))
            .or_default()
            .push((*link, true));
    }
    for link in before.difference(&after) {
        edits
            .entry((link.target, link.number))
            .or_default()
            .push((*link, false));
    }

    let mut changes = Vec::new();
    let mut touched: HashSet<(Kind, u64)> = HashSet::from([(kind, number)]);
    let mut parents: Vec<(Kind, u64)> = Vec::new();
    if let (Some(parent_kind), Some(parent)) = (kind.parent(), parent) {
        parents.push((parent_kind, parent));
    }
    for ((target, target_number), target_edits) in edits {
        let Some(mut row) = store::get(db, target, target_number)
            .await?
            .filter(|row| !row.deleted)
        else {
            continue;
        };
        let read = Seen::from(&row);
        let mut changed = false;
        for (link, present) in target_edits {
            changed |= links::apply(&mut row.doc, &link, &owner, present);
        }
        if changed {
            touched.insert((target, target_number));
            if let (Some(parent_kind), Some(parent)) = (target.parent(), row.parent) {
                parents.push((parent_kind, parent));
            }
            changes.push((
                target,
                Change::Update {
                    n: target_number,
                    read,
                    doc: row.doc,
                    position: row.position,
                },
            ));
        }
    }
    // A file or place is shown inside its owners; they change with it.
    if let Some(old) = old {
        for (owner_kind, owner_number) in links::embedders(kind, &old.doc) {
            parents.push((owner_kind, owner_number));
            if let Some(owner) = store::get(db, owner_kind, owner_number).await?
                && let (Some(grand_kind), Some(grand)) = (owner_kind.parent(), owner.parent)
            {
                parents.push((grand_kind, grand));
            }
        }
    }
    for (parent_kind, parent) in parents {
        if touched.insert((parent_kind, parent)) {
            changes.push((parent_kind, Change::Touch { n: parent }));
        }
    }
    Ok(changes)
}
