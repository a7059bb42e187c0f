//! What the Mängelmelder puts into the search index: each report in public
//! view, found by its category, address, description, the answers to its
//! category's questions and the office's public answers. Reports staff took
//! out of view leave the index; the reporter's name and contact never enter.

use futures_util::{FutureExt, future::BoxFuture};
use serde_json::Value;

use super::{
    store::{self, ReportRow, Selection, UpdateRow},
    views::Catalogue,
};
use crate::{
    clock,
    db::Db,
    error::Result,
    search::{
        self, DocKey, Documents, Preview, SearchDoc, Searchable, Section, date_key, numbers_of,
    },
};

/// The Mängelmelder's part of the search.
pub struct Indexed;

const DEFECT: &str = "defect";

impl Searchable for Indexed {
    fn kinds(&self) -> &'static [&'static str] {
        &[DEFECT]
    }

    fn tables(&self) -> &'static [&'static str] {
        // Each change of a report, a new public answer included, writes the
        // report itself (`store::change`); a category's name is in the
        // title of each of its reports.
        &["defect_report", "defect_category"]
    }

    fn concerned<'a>(
        &'a self,
        db: &'a Db,
        table: &'a str,
        id: &'a str,
        _row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        async move {
            let numbers = match table {
                "defect_category" => store::numbers_in_category(db, id).await?,
                _ => id.parse::<u64>().ok().into_iter().collect(),
            };
            Ok(numbers
                .into_iter()
                .map(|n| DocKey::new(DEFECT, n))
                .collect())
        }
        .boxed()
    }

    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>> {
        async move {
            let reports = public(db, keys).await?;
            Ok(search::documents_for(
                keys,
                reports.iter().map(Public::document),
            ))
        }
        .boxed()
    }

    fn preview<'a>(
        &'a self,
        db: &'a Db,
        keys: &'a [DocKey],
    ) -> BoxFuture<'a, Result<Vec<Preview>>> {
        async move {
            Ok(public(db, keys)
                .await?
                .into_iter()
                .map(Public::preview)
                .collect())
        }
        .boxed()
    }

    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>> {
        store::count_all(db).boxed()
    }

    fn keys<'a>(
        &'a self,
        db: &'a Db,
        after: Option<&'a DocKey>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        search::keys_by_number(self.kinds(), after, limit, move |_, from, limit| {
            store::numbers_after(db, from, limit)
        })
        .boxed()
    }
}

/// A report in public view, with what the public reads of it.
struct Public {
    row: ReportRow,
    category: String,
    updates: Vec<UpdateRow>,
}

/// The reports of `keys` in public view.
async fn public(db: &Db, keys: &[DocKey]) -> Result<Vec<Public>> {
    let numbers = numbers_of(keys, DEFECT);
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let rows = store::reports(
        db,
        &Selection {
            numbers: numbers.clone(),
            ..Selection::default()
        },
    )
    .await?;
    let catalogue = Catalogue::new(store::categories(db).await?);
    let mut updates = store::updates_of(db, &numbers).await?;
    Ok(rows
        .into_iter()
        .map(|row| Public {
            category: catalogue.name_and_group(&row.category).0,
            updates: updates.remove(&row.number).unwrap_or_default(),
            row,
        })
        .collect())
}

impl Public {
    /// The category, and where.
    fn title(&self) -> String {
        match &self.row.address {
            Some(address) => format!("{} · {address}", self.category),
            None => self.category.clone(),
        }
    }

    /// The description, then the office's answers, oldest first.
    fn texts(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.row.description.clone()).chain(
            self.updates
                .iter()
                .map(|update| update.text.clone())
                .filter(|text| !text.trim().is_empty()),
        )
    }

    fn document(&self) -> SearchDoc {
        let mut body: Vec<String> = self.texts().collect();
        body.extend(self.row.answers.values().flatten().cloned());
        SearchDoc {
            key: DocKey::new(DEFECT, self.row.number),
            title: self.title(),
            reference: None,
            body,
            files: Vec::new(),
            date: date_key(&clock::german_iso(&self.row.created_at)),
            facets: vec![format!("/category/{}", self.row.category)],
        }
    }

    fn preview(self) -> Preview {
        Preview {
            key: DocKey::new(DEFECT, self.row.number),
            title: self.title(),
            reference: None,
            path: format!("/maengelmelder/meldung/{}", self.row.number),
            date: Some(clock::german_iso(&self.row.created_at)),
            texts: self.texts().map(Section::from).collect(),
        }
    }
}
