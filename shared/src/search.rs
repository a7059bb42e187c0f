//! The search over everything the public can see.

use serde::{Deserialize, Serialize};

/// How far this app server's search index is built. While it is built
/// (after an update, or on a new server), searches find what it holds so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchStatus {
    /// Everything is in the index, and it follows every change.
    pub complete: bool,
    /// Documents put into the index by the running build (0 when none ran).
    pub indexed: u64,
}

/// What one search over everything the public can see found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// Everything that matched, of the kinds asked for.
    pub total: u64,
    /// Everything that matched, per kind (`paper`, `meeting`, `proposal`,
    /// …), whichever kinds were asked for: the areas to narrow the search to.
    pub kinds: Vec<KindCount>,
    /// Council papers and meetings that matched, per committee (the number
    /// of the OParl organization, and its name), most first, whichever
    /// committee was asked for.
    pub organizations: Vec<FacetCount>,
    /// Council papers and meetings that matched, per year (a paper's date,
    /// a meeting's start), newest first, whichever year was asked for.
    pub years: Vec<FacetCount>,
    /// The requested page of them, best first.
    pub hits: Vec<FoundItem>,
}

/// How many documents of one kind matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: String,
    pub count: u64,
}

/// How many documents with one value of a filter matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    /// What the value names: a committee's name; none for a year.
    pub label: Option<String>,
    pub count: u64,
}

/// One found thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FoundItem {
    /// `paper`, `meeting`, `proposal`, `consultation`, `debate`, `poll` or
    /// `defect`.
    pub kind: String,
    pub title: String,
    /// A council paper's reference (Drucksachennummer).
    pub reference: Option<String>,
    /// Where the app shows it, e.g. `/ratsinformation/vorlage/7`, or the
    /// paragraph of a draft the words were found in
    /// (`/beteiligung/entwurf/3#absatz-2`).
    pub path: String,
    /// A paper's date, a meeting's start; for the others when they were
    /// made or opened, in German local time with its offset.
    pub date: Option<String>,
    /// The title, or else a stretch of its text, with the found words marked.
    pub snippet: Vec<crate::council::SnippetPart>,
    /// The file the words were found in, by its name, when not in the title.
    pub found_in: Option<String>,
}
