//! One page of a long list (`?limit=25&after=4711` or `?limit=25&offset=50`):
//! lists that grow with a city's use (proposals, defect reports) are read a
//! page at a time, and the database reads only that page; lists without
//! numbers (comments) by [`Part`]. A page asked for in a request holds at
//! most [`PAGE_MAX`] entries, also without `limit`;
//! only the server's own reads (staff lists, exports) make pages without a
//! limit ([`Page::default`]).

use serde::{Deserialize, Deserializer};
pub use shared::api::PAGE_MAX;
use surrealdb::{engine::any::Any, method::Query};
use utoipa::IntoParams;

#[derive(Debug, Default, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// At most this many, at most 500; 500 without it.
    #[serde(default = "at_most", deserialize_with = "limit_of_a_request")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
    /// Starts after the entry with this number, the last one of the page
    /// before: the quick way through a long list, and stable while new
    /// entries arrive.
    pub after: Option<u64>,
    /// Skips this many of the matching entries (after `after`, if given).
    #[serde(default)]
    pub offset: usize,
}

fn at_most() -> Option<usize> {
    Some(PAGE_MAX)
}

fn limit_of_a_request<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<usize>, D::Error> {
    let limit = usize::deserialize(deserializer)?;
    if (1..=PAGE_MAX).contains(&limit) {
        Ok(Some(limit))
    } else {
        Err(serde::de::Error::custom(format!(
            "limit muss zwischen 1 und {PAGE_MAX} liegen; längere Listen kommen Seite für Seite (after)"
        )))
    }
}

/// A part of a list whose entries have no numbers of their own (comments,
/// oldest first): `?limit=100&offset=200`, at most [`PAGE_MAX`] entries,
/// also without `limit`. New entries come at the end, so walking on by
/// `offset` misses none.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Part {
    /// At most this many, at most 500; 500 without it.
    #[serde(default = "at_most", deserialize_with = "limit_of_a_request")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
    /// Skips this many entries.
    #[serde(default)]
    pub offset: usize,
}

impl From<Part> for Page {
    fn from(part: Part) -> Self {
        Page {
            limit: part.limit,
            after: None,
            offset: part.offset,
        }
    }
}

/// How a list runs by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    OldestFirst,
    NewestFirst,
}

impl Page {
    /// Whether the entry with this number comes after `after`.
    pub fn is_past(self, order: Order, number: u64) -> bool {
        match (self.after, order) {
            (None, _) => true,
            (Some(after), Order::OldestFirst) => number > after,
            (Some(after), Order::NewestFirst) => number < after,
        }
    }

    /// The entries of this page of a list in `order`.
    pub fn of<T>(
        self,
        all: impl IntoIterator<Item = T>,
        order: Order,
        number: impl Fn(&T) -> u64,
    ) -> impl Iterator<Item = T> {
        all.into_iter()
            .filter(move |entry| self.is_past(order, number(entry)))
            .skip(self.offset)
            .take(self.limit.unwrap_or(usize::MAX))
    }

    /// `after` as the database keeps numbers (signed 64-bit). No entry has a
    /// larger number, so a larger `after` means the same as the largest.
    pub fn after_stored(self) -> Option<i64> {
        self.after.map(stored)
    }

    /// The SurrealQL clauses that cut this page, with `$limit` and `$start`
    /// bound by [`Page::bind`].
    pub fn clauses(self) -> &'static str {
        match self.limit {
            Some(_) => " LIMIT $limit START $start",
            None if self.offset > 0 => " START $start",
            None => "",
        }
    }

    pub fn bind(self, query: Query<'_, Any>) -> Query<'_, Any> {
        query
            .bind(("limit", stored(self.limit.unwrap_or_default() as u64)))
            .bind(("start", stored(self.offset as u64)))
    }
}

fn stored(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{Order, PAGE_MAX, Page};

    /// Security review, item 14: a list asked for without `limit` was read
    /// and answered whole, however long.
    #[test]
    fn a_request_gets_at_most_a_full_page() {
        let limit = |query: &str| {
            let uri: axum::http::Uri = format!("http://stadt.test/?{query}").parse().unwrap();
            axum::extract::Query::<Page>::try_from_uri(&uri).map(|q| q.0.limit)
        };
        assert_eq!(limit("").unwrap(), Some(PAGE_MAX));
        assert_eq!(limit("after=7").unwrap(), Some(PAGE_MAX));
        assert_eq!(limit("limit=25").unwrap(), Some(25));
        assert!(limit("limit=501").is_err());
        assert!(limit("limit=0").is_err());
        assert_eq!(Page::default().limit, None, "the server's own reads");
    }

    #[test]
    fn a_page_skips_and_takes() {
        let page = Page {
            limit: Some(2),
            offset: 1,
            after: None,
        };
        assert_eq!(
            page.of(1..=5, Order::OldestFirst, |n| *n)
                .collect::<Vec<_>>(),
            [2, 3]
        );
        assert_eq!(
            Page::default()
                .of(1..=3, Order::OldestFirst, |n| *n)
                .count(),
            3
        );
    }

    #[test]
    fn numbers_beyond_the_database_saturate() {
        let page = Page {
            limit: Some(usize::MAX),
            after: Some(u64::MAX),
            offset: 0,
        };
        assert_eq!(page.after_stored(), Some(i64::MAX));
    }

    #[test]
    fn after_counts_in_the_lists_order() {
        let page = Page {
            limit: Some(2),
            after: Some(3),
            offset: 0,
        };
        assert_eq!(
            page.of(1..=6, Order::OldestFirst, |n| *n)
                .collect::<Vec<_>>(),
            [4, 5]
        );
        assert_eq!(
            page.of((1..=6).rev(), Order::NewestFirst, |n| *n)
                .collect::<Vec<_>>(),
            [2, 1]
        );
    }
}
