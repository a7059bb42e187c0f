//! One page of a long list (`?limit=25&offset=50`): lists that grow with a
//! city's use (proposals, defect reports) are read a page at a time.

use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// At most this many; all without it.
    pub limit: Option<usize>,
    /// Skips this many of the matching entries (where the page starts).
    #[serde(default)]
    pub offset: usize,
}

impl Page {
    /// The entries of this page.
    pub fn of<T>(self, all: impl IntoIterator<Item = T>) -> impl Iterator<Item = T> {
        all.into_iter()
            .skip(self.offset)
            .take(self.limit.unwrap_or(usize::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn a_page_skips_and_takes() {
        let page = Page {
            limit: Some(2),
            offset: 1,
        };
        assert_eq!(page.of(1..=5).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(Page::default().of(1..=3).count(), 3);
    }
}
