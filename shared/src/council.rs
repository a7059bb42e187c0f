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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationName {
    pub number: u64,
    pub name: String,
}
