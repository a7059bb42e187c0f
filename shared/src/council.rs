//! Council data in the shapes the app's screens need beyond OParl itself:
//! the meeting calendar asks for meetings by date, which OParl cannot.

use serde::{Deserialize, Serialize};

/// A meeting in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSummary {
    /// Number in the meeting's OParl id (`…/oparl/v1/meeting/<number>`).
    pub number: u64,
    pub name: String,
    /// As in OParl: `yyyy-mm-ddThh:mm:ss±hh:mm`, local time of the city.
    pub start: String,
    pub end: Option<String>,
    /// OParl `meetingState`, e.g. "terminiert", "eingeladen", "durchgeführt".
    pub state: Option<String>,
    pub cancelled: bool,
    pub organizations: Vec<OrganizationName>,
    /// Room and address, readable.
    pub place: Option<String>,
}

/// A non-public agenda item whole, as council members, staff and
/// administrators read it, with the paper it treats: OParl names the paper
/// only through the item's consultation, which the public does not get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NonPublicItem {
    /// The OParl AgendaItem object.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub item: crate::oparl::AgendaItem,
    pub paper: Option<PaperName>,
}

/// A paper as a link names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperName {
    /// Number in the paper's OParl id (`…/oparl/v1/paper/<number>`).
    pub number: u64,
    /// Its reference (Drucksachennummer), or its name where it has none.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationName {
    pub number: u64,
    pub name: String,
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Paper,
    Meeting,
}

/// A piece of a snippet; `hit` pieces are the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub kind: HitKind,
    /// Number in the OParl id of the paper or meeting.
    pub number: u64,
    pub title: String,
    /// Drucksachennummer of a paper.
    pub reference: Option<String>,
    /// Date of a paper or start of a meeting.
    pub date: Option<String>,
    /// Where the words were found, with the words marked.
    pub snippet: Vec<SnippetPart>,
    /// The document the words were found in, if not the title.
    pub found_in: Option<String>,
    pub score: f64,
}
