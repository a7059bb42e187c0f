//! What the council puts into the search index: papers and meetings as the
//! public sees them, with the text of their public files. A paper is found
//! by its name, its reference number, its type and its files; a meeting by
//! its name, the names of its public agenda items and its files.

use std::collections::{BTreeSet, HashMap};

use futures_util::{
    FutureExt,
    future::{self, BoxFuture},
};
use serde_json::Value;

use super::{kind::Kind, links, non_public, store};
use crate::{
    db::Db,
    error::Result,
    search::{
        self, DocKey, Documents, Preview, SearchDoc, Searchable, Section, date_key, numbers_of,
    },
};

/// The council's part of the search.
pub struct Indexed;

/// The kinds of council objects in the index, with their names there.
const INDEXED: [(Kind, &str); 2] = [(Kind::Paper, PAPER), (Kind::Meeting, MEETING)];
const PAPER: &str = "paper";
const MEETING: &str = "meeting";

/// The name of `kind` in the index.
pub fn indexed_as(kind: Kind) -> Option<&'static str> {
    INDEXED
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, name)| *name)
}

fn kind_named(name: &str) -> Option<Kind> {
    INDEXED.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
}

/// The facet of the organizations a document belongs to.
pub fn organization_facet(number: u64) -> String {
    format!("/organization/{number}")
}

/// The facet of the year of a paper's date or a meeting's start.
pub fn year_facet(year: impl std::fmt::Display) -> String {
    format!("/year/{year}")
}

impl Searchable for Indexed {
    fn kinds(&self) -> &'static [&'static str] {
        &[PAPER, MEETING]
    }

    fn tables(&self) -> &'static [&'static str] {
        // Every council write notes the papers and meetings it changed
        // there, those showing a changed file or agenda item included
        // (`store::apply`).
        &["council_search_change"]
    }

    fn concerned<'a>(
        &'a self,
        _db: &'a Db,
        _table: &'a str,
        id: &'a str,
        _row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        // The id names the changed record: `council_paper:7`.
        let key = id.split_once(':').and_then(|(table, number)| {
            INDEXED
                .iter()
                .find(|(kind, _)| kind.table() == table)
                .filter(|_| number.parse::<u64>().is_ok())
                .map(|(_, name)| DocKey::new(name, number))
        });
        future::ready(Ok(key.into_iter().collect())).boxed()
    }

    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>> {
        async move {
            let mut found = Vec::with_capacity(keys.len());
            for (kind, name) in INDEXED {
                let numbers = numbers_of(keys, name);
                let mut documents = documents(db, kind, name, &numbers).await?;
                for n in numbers {
                    found.push((DocKey::new(name, n), documents.remove(&n)));
                }
            }
            Ok(found)
        }
        .boxed()
    }

    fn preview<'a>(
        &'a self,
        db: &'a Db,
        keys: &'a [DocKey],
    ) -> BoxFuture<'a, Result<Vec<Preview>>> {
        async move {
            let mut previews = Vec::new();
            for (kind, name) in INDEXED {
                let numbers = numbers_of(keys, name);
                let rows: Vec<store::Row> = store::by_numbers(db, kind, &numbers)
                    .await?
                    .into_iter()
                    .filter(|row| !row.deleted)
                    .collect();
                let mut files = public_files(db, kind, &rows).await?;
                let (page, date) = if kind == Kind::Paper {
                    ("vorlage", "date")
                } else {
                    ("sitzung", "start")
                };
                for row in rows {
                    previews.push(Preview {
                        key: DocKey::new(name, row.n),
                        title: text(&row.doc, "name").unwrap_or_default(),
                        reference: text(&row.doc, "reference"),
                        path: format!("/ratsinformation/{page}/{}", row.n),
                        date: text(&row.doc, date),
                        texts: files
                            .remove(&row.n)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|file| Section {
                                text: file.text,
                                path: None,
                                name: file.name,
                            })
                            .collect(),
                    });
                }
            }
            Ok(previews)
        }
        .boxed()
    }

    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>> {
        async move {
            let mut total = 0;
            for (kind, _) in INDEXED {
                total += store::live_count(db, kind).await?;
            }
            Ok(total)
        }
        .boxed()
    }

    fn keys<'a>(
        &'a self,
        db: &'a Db,
        after: Option<&'a DocKey>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        search::keys_by_number(
            self.kinds(),
            after,
            limit,
            move |name, from, limit| async move {
                match kind_named(name) {
                    Some(kind) => store::live_numbers_after(db, kind, from, limit).await,
                    None => Ok(Vec::new()),
                }
            },
        )
        .boxed()
    }
}

/// The documents of the live papers or meetings among `numbers`.
async fn documents(
    db: &Db,
    kind: Kind,
    name: &str,
    numbers: &[u64],
) -> Result<HashMap<u64, SearchDoc>> {
    let rows: Vec<store::Row> = store::by_numbers(db, kind, numbers)
        .await?
        .into_iter()
        .filter(|row| !row.deleted)
        .collect();

    let files_of = public_files(db, kind, &rows).await?;

    // What else belongs to them: a meeting's public agenda items, a
    // paper's public consultations (for the committees discussing it).
    let numbers: Vec<u64> = rows.iter().map(|row| row.n).collect();
    let child = if kind == Kind::Paper {
        Kind::Consultation
    } else {
        Kind::AgendaItem
    };
    let children = store::children(db, child, &numbers).await?;
    let child_numbers: Vec<u64> = children.iter().map(|c| c.n).collect();
    let withheld_children = non_public::withheld(db, child, &child_numbers).await?;
    let mut children_of: HashMap<u64, Vec<&store::Row>> = HashMap::new();
    for row in &children {
        let withheld = withheld_children.contains(&row.n)
            || (child == Kind::AgendaItem && non_public::is_non_public(&row.doc));
        if let (Some(parent), false) = (row.parent, withheld) {
            children_of.entry(parent).or_default().push(row);
        }
    }

    let mut documents = HashMap::new();
    for row in &rows {
        let doc = &row.doc;
        let children = children_of
            .get(&row.n)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut organizations: BTreeSet<u64> = BTreeSet::new();
        let mut body = Vec::new();
        let date;
        if kind == Kind::Paper {
            date = text(doc, "date");
            body.extend(text(doc, "paperType"));
            for field in ["originatorOrganization", "underDirectionOf"] {
                organizations.extend(organization_numbers(doc.get(field)));
            }
            for consultation in children {
                organizations.extend(organization_numbers(consultation.doc.get("organization")));
            }
        } else {
            date = text(doc, "start");
            organizations.extend(organization_numbers(doc.get("organization")));
            body.extend(children.iter().filter_map(|item| text(&item.doc, "name")));
        }
        let mut facets: Vec<String> = organizations.into_iter().map(organization_facet).collect();
        if let Some(year) = date.as_deref().and_then(|d| d.get(..4)) {
            facets.push(year_facet(year));
        }
        let files = files_of
            .get(&row.n)
            .into_iter()
            .flatten()
            .map(|file| file.text.clone())
            .collect();
        documents.insert(
            row.n,
            SearchDoc {
                key: DocKey::new(name, row.n),
                title: text(doc, "name").unwrap_or_default(),
                reference: text(doc, "reference"),
                body,
                files,
                date: date.as_deref().and_then(date_key),
                facets,
            },
        );
    }
    Ok(documents)
}

/// The text of a public file, and its name.
#[derive(Debug, Clone)]
pub struct FileText {
    pub name: Option<String>,
    pub text: String,
}

/// The texts of the public files of each of these papers or meetings
/// (`kind`), by their numbers, in the order they name them.
pub async fn public_files(
    db: &Db,
    kind: Kind,
    rows: &[store::Row],
) -> Result<HashMap<u64, Vec<FileText>>> {
    let back = if kind == Kind::Paper {
        "paper"
    } else {
        "meeting"
    };
    let files_of: Vec<(u64, Vec<u64>)> = rows
        .iter()
        .map(|row| {
            let files = row
                .doc
                .as_object()
                .map(|fields| links::embedded(kind, fields))
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, field)| *field == back)
                .filter_map(|(reference, _)| Kind::File.number_of(reference))
                .collect();
            (row.n, files)
        })
        .collect();
    let numbers: Vec<u64> = files_of
        .iter()
        .flat_map(|(_, files)| files.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let withheld = non_public::withheld(db, Kind::File, &numbers).await?;
    let texts: HashMap<u64, FileText> = store::by_numbers(db, Kind::File, &numbers)
        .await?
        .into_iter()
        .filter(|file| !file.deleted && !withheld.contains(&file.n))
        .filter_map(|file| {
            let name = text(&file.doc, "name");
            Some((
                file.n,
                FileText {
                    name,
                    text: text(&file.doc, "text")?,
                },
            ))
        })
        .collect();
    Ok(files_of
        .into_iter()
        .map(|(n, files)| {
            (
                n,
                files
                    .iter()
                    .filter_map(|file| texts.get(file).cloned())
                    .collect(),
            )
        })
        .collect())
}

/// The names of these organizations (committees), for the counts of a
/// search; a deleted or unknown one is left out.
pub async fn organization_names(db: &Db, numbers: &[u64]) -> Result<HashMap<u64, String>> {
    Ok(store::by_numbers(db, Kind::Organization, numbers)
        .await?
        .into_iter()
        .filter(|row| !row.deleted)
        .filter_map(|row| Some((row.n, text(&row.doc, "name")?)))
        .collect())
}

fn text(doc: &Value, field: &str) -> Option<String> {
    doc.get(field).and_then(Value::as_str).map(str::to_owned)
}

/// The organizations a field names.
fn organization_numbers(value: Option<&Value>) -> Vec<u64> {
    links::references_in(value)
        .into_iter()
        .filter_map(|reference| Kind::Organization.number_of(reference))
        .collect()
}
