//! What the Bürgerhaushalt puts into the search index: its proposals as the
//! public sees them (title, description, category), without those that
//! moderation took out of view.

use std::collections::HashSet;

use futures_util::{
    FutureExt,
    future::{self, BoxFuture},
};
use serde_json::Value;
use shared::moderation::ContentKind;

use super::store::{self, ProposalRow};
use crate::{
    clock,
    db::Db,
    error::Result,
    moderation,
    search::{self, DocKey, Documents, Preview, SearchDoc, Searchable, date_key, numbers_of},
};

/// The Bürgerhaushalt's part of the search.
pub struct Indexed;

const PROPOSAL: &str = "proposal";

impl Searchable for Indexed {
    fn kinds(&self) -> &'static [&'static str] {
        &[PROPOSAL]
    }

    fn tables(&self) -> &'static [&'static str] {
        &["budget_proposal", "moderation"]
    }

    fn concerned<'a>(
        &'a self,
        _db: &'a Db,
        table: &'a str,
        id: &'a str,
        _row: Option<&'a Value>,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        let number = match table {
            "budget_proposal" => Some(id),
            // A moderation decision on a proposal (`budget_proposal:7`).
            "moderation" => id
                .strip_prefix(ContentKind::BudgetProposal.as_str())
                .and_then(|rest| rest.strip_prefix(':')),
            _ => None,
        };
        let key = number
            .filter(|n| n.parse::<u64>().is_ok())
            .map(|n| DocKey::new(PROPOSAL, n));
        future::ready(Ok(key.into_iter().collect())).boxed()
    }

    fn documents<'a>(&'a self, db: &'a Db, keys: &'a [DocKey]) -> BoxFuture<'a, Result<Documents>> {
        async move {
            let shown = public(db, keys).await?;
            Ok(search::documents_for(keys, shown.iter().map(document)))
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
                .map(|row| Preview {
                    key: DocKey::new(PROPOSAL, row.number),
                    reference: None,
                    path: format!("/buergerhaushalt/{}/vorschlag/{}", row.cycle, row.number),
                    date: Some(clock::german_iso(&row.created_at)),
                    texts: vec![row.description.into()],
                    title: row.title,
                })
                .collect())
        }
        .boxed()
    }

    fn count<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<u64>> {
        store::count_all_proposals(db).boxed()
    }

    fn keys<'a>(
        &'a self,
        db: &'a Db,
        after: Option<&'a DocKey>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<DocKey>>> {
        search::keys_by_number(self.kinds(), after, limit, move |_, from, limit| {
            store::proposal_numbers_after(db, from, limit)
        })
        .boxed()
    }
}

/// The proposals of `keys` that the public sees.
async fn public(db: &Db, keys: &[DocKey]) -> Result<Vec<ProposalRow>> {
    let numbers = numbers_of(keys, PROPOSAL);
    let ids: Vec<String> = numbers.iter().map(u64::to_string).collect();
    let hidden: HashSet<String> =
        moderation::hidden_among(db, ContentKind::BudgetProposal, &ids).await?;
    Ok(store::proposals_by_numbers(db, &numbers)
        .await?
        .into_iter()
        .filter(|row| !hidden.contains(&row.number.to_string()))
        .collect())
}

fn document(row: &ProposalRow) -> SearchDoc {
    SearchDoc {
        key: DocKey::new(PROPOSAL, row.number),
        title: row.title.clone(),
        reference: None,
        body: vec![row.description.clone(), row.category.clone()],
        files: Vec::new(),
        date: date_key(&clock::german_iso(&row.created_at)),
        facets: [
            Some(format!("/cycle/{}", row.cycle)),
            row.district.as_ref().map(|d| format!("/district/{d}")),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}
