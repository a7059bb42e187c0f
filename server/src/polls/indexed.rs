//! What Abstimmungen put into the search index: each poll with its
//! description, questions and options. Every poll is public from the
//! moment staff set it up; ballots are secret and never searched.

use futures_util::{
    FutureExt,
    future::{self, BoxFuture},
};
use serde_json::Value;

use super::store::{self, PollRow};
use crate::{
    clock,
    db::Db,
    error::Result,
    search::{
        self, DocKey, Documents, Preview, SearchDoc, Searchable, Section, date_key, numbers_of,
    },
};

/// The polls' part of the search.
pub struct Indexed;

const POLL: &str = "poll";

impl Searchable for Indexed {
    fn kinds(&self) -> &'static [&'static str] {
        &[POLL]
    }

    fn tables(&self) -> &'static [&'static str] {
        &["poll"]
    }

    fn concerned<'a>(
        &'a self,
        _db: &'a Db,
        _table: &'a str,
        id: &'a str,
        _row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        let key = id.parse::<u64>().ok().map(|n| DocKey::new(POLL, n));
        future::ready(Ok(key.into_iter().collect())).boxed()
    }

    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>> {
        async move {
            let rows = store::polls_by_numbers(db, &numbers_of(keys, POLL)).await?;
            Ok(search::documents_for(keys, rows.iter().map(document)))
        }
        .boxed()
    }

    fn preview<'a>(
        &'a self,
        db: &'a Db,
        keys: &'a [DocKey],
    ) -> BoxFuture<'a, Result<Vec<Preview>>> {
        async move {
            Ok(store::polls_by_numbers(db, &numbers_of(keys, POLL))
                .await?
                .into_iter()
                .map(|row| Preview {
                    key: DocKey::new(POLL, row.number),
                    reference: None,
                    path: format!("/abstimmungen/{}", row.number),
                    date: Some(clock::german_iso(&row.opens_at)),
                    texts: texts(&row).map(Section::from).collect(),
                    title: row.title,
                })
                .collect())
        }
        .boxed()
    }

    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>> {
        store::count(db).boxed()
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

/// The description, then each question with its options.
fn texts(row: &PollRow) -> impl Iterator<Item = String> + '_ {
    std::iter::once(row.description.clone()).chain(row.questions.iter().map(|question| {
        std::iter::once(question.text.as_str())
            .chain(question.options.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" · ")
    }))
}

fn document(row: &PollRow) -> SearchDoc {
    SearchDoc {
        key: DocKey::new(POLL, row.number),
        title: row.title.clone(),
        reference: None,
        body: texts(row).collect(),
        files: Vec::new(),
        date: date_key(&clock::german_iso(&row.opens_at)),
        facets: row
            .district
            .iter()
            .map(|district| format!("/district/{district}"))
            .collect(),
    }
}
