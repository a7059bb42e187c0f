//! List pages read as blocks of stored texts. A block holds the texts of
//! the listed objects of one table numbered `first .. first + BLOCK_SIZE`,
//! joined into one string, with their numbers, bodies and where each text
//! ends. A page of a list in number order is then a read of two records
//! rather than of a hundred and one, which is what a harvester walking
//! every page needs: reading a record costs more than its bytes do.
//!
//! Blocks are derived like the texts they join (see `texts`): every write
//! that clears a text deletes the block holding it, in the same
//! transaction; a page builds the blocks it finds missing and keeps them
//! unless the council changed meanwhile, and the pass at start builds the
//! rest. Lists with filters, or of an organization, are read from the
//! texts.

use std::ops::Range;

use super::{
    object::Object,
    store::{self, BLOCK_SIZE, Filter, Scope, StoredBlock, StoredText},
    texts,
};
use crate::{db::Db, error::Result};

/// Whether pages of this list are read from blocks: the plain lists of all
/// objects or of one body.
pub fn serve(scope: &Scope, filter: &Filter) -> bool {
    matches!(scope, Scope::All | Scope::Body(_)) && *filter == Filter::default()
}

/// The texts of one page, borrowed from the blocks they were read from.
#[derive(Debug, Default)]
pub struct Page {
    blocks: Vec<StoredBlock>,
    /// Block, range of its text and number of each object on the page.
    items: Vec<(usize, Range<usize>, u64)>,
    /// Whether the list goes on after the page.
    pub has_next: bool,
}

impl Page {
    /// The page's objects: numbers and texts, in number order.
    pub fn items(&self) -> Vec<(u64, &str)> {
        self.items
            .iter()
            .map(|(block, range, n)| (*n, &self.blocks[*block].text[range.clone()]))
            .collect()
    }

    fn len(&self) -> u64 {
        self.items.len() as u64
    }

    /// Takes the objects of `block` after `after` (of `body`, when given)
    /// until the page holds `limit`.
    fn take(&mut self, block: StoredBlock, body: Option<u64>, after: u64, limit: u64) {
        let index = self.blocks.len();
        let mut start = 0;
        for (i, (&n, &end)) in block.numbers.iter().zip(&block.ends).enumerate() {
            let range = start..end as usize;
            start = end as usize;
            if self.len() >= limit {
                break;
            }
            if n > after && body.is_none_or(|body| block.bodies.get(i) == Some(&body)) {
                self.items.push((index, range, n));
            }
        }
        self.blocks.push(block);
    }
}

/// Up to `limit` listed objects of `T` numbered after `after`, of `body` or
/// of all, read from blocks; missing blocks are built on the way. `last`
/// is the number of the list's last object (see `ListFacts`): reading stops
/// there, and it tells whether another page follows.
///
/// A page after a block's end, as harvesters following `next` read them,
/// lies in one block, read by its key.
pub async fn page<T: Object>(
    db: &Db,
    base: &str,
    body: Option<u64>,
    after: u64,
    limit: u64,
    last: Option<u64>,
) -> Result<Page> {
    let mut page = Page::default();
    let Some(last) = last else {
        return Ok(page);
    };
    let mut from = store::block_start(after.saturating_add(1));
    let mut round = 0;
    while from <= last && page.len() < limit {
        // The blocks the rest of the page spans if every number is listed,
        // and more with every round, for lists with gaps.
        let count = (limit - page.len())
            .div_ceil(BLOCK_SIZE)
            .max(1 << round.min(8))
            .min((last - from) / BLOCK_SIZE + 1);
        let to = from + (count - 1) * BLOCK_SIZE;
        let mut blocks = if count == 1 {
            store::block(db, T::KIND, from).await?.into_iter().collect()
        } else {
            store::blocks(db, T::KIND, from, to).await?
        };
        let missing: Vec<u64> = (0..count)
            .map(|i| from + i * BLOCK_SIZE)
            .filter(|first| !blocks.iter().any(|block| block.first == *first))
            .collect();
        if !missing.is_empty() {
            for first in missing {
                blocks.push(build::<T>(db, base, first).await?);
            }
            blocks.sort_by_key(|block| block.first);
        }
        for block in blocks {
            page.take(block, body, after, limit);
        }
        from = to + BLOCK_SIZE;
        round += 1;
    }
    page.has_next = page.len() == limit && page.items.last().is_some_and(|&(_, _, n)| n < last);
    Ok(page)
}

/// Builds the block starting at `first` from the stored texts (rendering
/// the missing ones) and keeps it unless the council changed meanwhile.
pub async fn build<T: Object>(db: &Db, base: &str, first: u64) -> Result<StoredBlock> {
    // Read before the texts: if the council changes after this, the block
    // is not kept, since it might show the older state.
    let version = store::version(db).await?;
    let last = first + BLOCK_SIZE - 1;
    let listed: Vec<StoredText> = store::listed_between(db, T::KIND, first, last).await?;
    let mut block = StoredBlock {
        first,
        ..StoredBlock::default()
    };
    for (stored, text) in texts::completed::<T>(db, base, listed).await? {
        block.text.push_str(&text);
        block.numbers.push(stored.n);
        block.bodies.push(stored.body.unwrap_or_default());
        block.ends.push(block.text.len() as u64);
    }
    // Kept only to save the next reader the work (a write conflict with a
    // council change is no error here).
    if let Err(err) =
        store::keep_block(db, T::KIND, version, &texts::rendered_for(base), &block).await
    {
        tracing::debug!(error = %err, kind = ?T::KIND, first, "OParl-Textblock nicht gespeichert");
    }
    Ok(block)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;
    use shared::oparl::Paper;

    use super::*;
    use crate::council::{
        kind::Kind,
        texts::tests::{BASE, delete, demo_council, paper_with_main_file, rows, update},
        timestamp::Timestamp,
    };

    /// A page as the texts give it, and as the blocks give it, each with
    /// whether the list goes on.
    async fn both(
        db: &Db,
        scope: &Scope,
        after: u64,
        limit: u64,
    ) -> [(Vec<(u64, String)>, bool); 2] {
        let mut texts = texts::page::<Paper>(db, BASE, scope, &Filter::default(), after, limit + 1)
            .await
            .unwrap();
        let more = texts.len() as u64 > limit;
        texts.truncate(limit as usize);
        let body = match scope {
            Scope::Body(n) => Some(*n),
            _ => None,
        };
        let last = store::last_listed(db, Kind::Paper, scope).await.unwrap();
        let read = page::<Paper>(db, BASE, body, after, limit, last)
            .await
            .unwrap();
        let blocks = read
            .items()
            .into_iter()
            .map(|(n, text)| (n, text.to_owned()))
            .collect();
        [(texts, more), (blocks, read.has_next)]
    }

    /// A page of the list of all papers.
    async fn all_papers(db: &Db, after: u64, limit: u64) -> Page {
        let last = store::last_listed(db, Kind::Paper, &Scope::All)
            .await
            .unwrap();
        page::<Paper>(db, BASE, None, after, limit, last)
            .await
            .unwrap()
    }

    /// Adds `count` papers to the council.
    async fn add_papers(db: &Db, body: u64, count: u64) {
        let first = store::allocate(db, Kind::Paper, count).await.unwrap();
        let now = Timestamp::from_utc(Utc::now()).as_str().to_owned();
        let papers = (first..first + count)
            .map(|n| store::NewRow {
                n,
                body,
                parent: None,
                position: None,
                created: now.clone(),
                modified: now.clone(),
                doc: json!({ "name": format!("Drucksache {n}") }),
            })
            .collect();
        store::insert(db, Kind::Paper, papers).await.unwrap();
    }

    async fn stored(db: &Db, n: u64) -> Option<StoredBlock> {
        let first = store::block_start(n);
        let by_key = store::block(db, Kind::Paper, first).await.unwrap();
        let in_range = store::blocks(db, Kind::Paper, first, first)
            .await
            .unwrap()
            .pop();
        assert_eq!(by_key, in_range);
        by_key
    }

    #[tokio::test]
    async fn pages_from_blocks_are_pages_from_texts() {
        let db = demo_council().await;
        let body = rows(&db, Kind::Paper).await[0]
            .body
            .expect("papers belong to a body");
        add_papers(&db, body, 2 * BLOCK_SIZE + 30).await;
        let papers = rows(&db, Kind::Paper).await;
        // Deleted papers leave gaps the pages step over.
        for row in papers.iter().skip(95).step_by(7).take(6) {
            delete(&db, Kind::Paper, row.n).await;
        }
        // The last two too: the page before them is the list's last.
        let highest = store::highest_number(&db, Kind::Paper).await.unwrap();
        for n in [highest - 1, highest] {
            delete(&db, Kind::Paper, n).await;
        }
        for scope in [Scope::All, Scope::Body(body), Scope::Body(body + 1000)] {
            for (after, limit) in [
                (0, 100),
                (100, 100),
                (0, 101),
                (37, 10),
                (95, 150),
                (190, 1000),
                (highest - 12, 10),
                (highest - 12, 11),
                (10_000, 5),
            ] {
                let [texts, blocks] = both(&db, &scope, after, limit).await;
                assert_eq!(blocks, texts, "{scope:?} after {after}, {limit}");
            }
        }
        let [(texts, more), _] = both(&db, &Scope::All, 0, 10).await;
        assert_eq!((texts.len(), more), (10, true));
    }

    #[tokio::test]
    async fn a_change_drops_the_blocks_that_show_it() {
        let db = demo_council().await;
        assert!(
            stored(&db, 1).await.is_some(),
            "the pass at start builds the blocks"
        );

        // A file changed: the block of the paper embedding it goes, the
        // block of its own number too, and the page shows the change.
        let papers = rows(&db, Kind::Paper).await;
        let (paper, file) = paper_with_main_file(&papers);
        let file_row = store::get(&db, Kind::File, file).await.unwrap().unwrap();
        let file_block = store::block_start(file);
        assert!(
            !store::blocks(&db, Kind::File, file_block, file_block)
                .await
                .unwrap()
                .is_empty()
        );
        update(&db, Kind::File, &file_row, |doc| {
            doc["name"] = json!("Neue Fassung")
        })
        .await;
        assert_eq!(stored(&db, paper).await, None);
        assert!(
            store::blocks(&db, Kind::File, file_block, file_block)
                .await
                .unwrap()
                .is_empty()
        );

        let read = all_papers(&db, paper - 1, 1).await;
        let (n, text) = read.items()[0];
        assert_eq!(n, paper);
        let shown: Paper = serde_json::from_str(text).unwrap();
        assert_eq!(
            shown.main_file.unwrap().name.as_deref(),
            Some("Neue Fassung")
        );
        assert!(
            stored(&db, paper).await.is_some(),
            "built again by the page"
        );

        // A new paper drops the block its number falls in.
        let n = store::highest_number(&db, Kind::Paper).await.unwrap() + 1;
        build::<Paper>(&db, BASE, store::block_start(n))
            .await
            .unwrap();
        assert!(stored(&db, n).await.is_some());
        add_papers(&db, papers[0].body.unwrap(), 1).await;
        assert_eq!(stored(&db, n).await, None);
        let read = all_papers(&db, n - 1, 5).await;
        assert_eq!(read.items().len(), 1);
        assert_eq!(read.items()[0].0, n);
    }

    #[tokio::test]
    async fn blocks_of_an_older_council_are_not_kept() {
        let db = demo_council().await;
        let version = store::version(&db).await.unwrap();
        let paper = &rows(&db, Kind::Paper).await[0];
        update(&db, Kind::Paper, paper, |doc| {
            doc["name"] = json!("Geändert")
        })
        .await;
        let stale = StoredBlock {
            first: store::block_start(paper.n),
            numbers: vec![paper.n],
            bodies: vec![0],
            ends: vec![2],
            text: "{}".into(),
        };
        store::keep_block(
            &db,
            Kind::Paper,
            version,
            &texts::rendered_for(BASE),
            &stale,
        )
        .await
        .unwrap();
        assert_eq!(stored(&db, paper.n).await, None);

        // Another root forgets every block with the texts.
        all_papers(&db, 0, 1).await;
        assert!(stored(&db, 1).await.is_some());
        store::forget_texts(&db, "anderswo").await.unwrap();
        assert_eq!(stored(&db, 1).await, None);
    }
}
