//! Mängelmelder wire types: categories, reports with photos and their public
//! history, the staff workflow, and the Open311 API keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::geo::{Boundary, GeoPoint};

/// Where a report stands. The first three are open, the rest closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DefectStatus {
    Neu,
    InPruefung,
    InBearbeitung,
    Erledigt,
    Abgelehnt,
    Duplikat,
    NichtZustaendig,
}

impl DefectStatus {
    pub const ALL: [DefectStatus; 7] = [
        DefectStatus::Neu,
        DefectStatus::InPruefung,
        DefectStatus::InBearbeitung,
        DefectStatus::Erledigt,
        DefectStatus::Abgelehnt,
        DefectStatus::Duplikat,
        DefectStatus::NichtZustaendig,
    ];

    pub fn is_open(self) -> bool {
        matches!(
            self,
            DefectStatus::Neu | DefectStatus::InPruefung | DefectStatus::InBearbeitung
        )
    }

    /// The wire name, as in JSON and query strings.
    pub fn key(self) -> &'static str {
        match self {
            DefectStatus::Neu => "neu",
            DefectStatus::InPruefung => "in_pruefung",
            DefectStatus::InBearbeitung => "in_bearbeitung",
            DefectStatus::Erledigt => "erledigt",
            DefectStatus::Abgelehnt => "abgelehnt",
            DefectStatus::Duplikat => "duplikat",
            DefectStatus::NichtZustaendig => "nicht_zustaendig",
        }
    }

    pub fn from_key(key: &str) -> Option<DefectStatus> {
        DefectStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The German name, used in exports and Open311 status notes.
    pub fn label_de(self) -> &'static str {
        match self {
            DefectStatus::Neu => "neu",
            DefectStatus::InPruefung => "in Prüfung",
            DefectStatus::InBearbeitung => "in Bearbeitung",
            DefectStatus::Erledigt => "erledigt",
            DefectStatus::Abgelehnt => "abgelehnt",
            DefectStatus::Duplikat => "Duplikat",
            DefectStatus::NichtZustaendig => "nicht zuständig",
        }
    }
}

/// How an extra question of a category is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DefectQuestionKind))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Number,
    SingleChoice,
    MultiChoice,
}

/// A question asked when reporting in a category, e.g. "Welche Leuchte?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DefectQuestion))]
pub struct Question {
    /// Stable key of the answer, also the Open311 attribute code.
    pub code: String,
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    /// The choices of single and multiple choice questions.
    #[serde(default)]
    pub options: Vec<String>,
}

/// A kind of defect, e.g. Straße → Schlagloch, and who handles it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectCategory {
    /// Stable key, also the Open311 service code (`a-z`, `0-9`, `-`).
    pub code: String,
    /// The first level, e.g. "Straße".
    pub group: String,
    pub name: String,
    pub description: String,
    /// The office that handles it, e.g. "Tiefbauamt".
    pub department: String,
    /// Working days within which the city means to close a report.
    pub expected_days: u32,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Inactive categories keep their reports but take no new ones.
    pub active: bool,
}

/// Everything the report form needs: the categories and the city's area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectSetup {
    pub categories: Vec<DefectCategory>,
    pub boundary: Boundary,
    pub centre: GeoPoint,
    /// The map tiles, `{z}/{x}/{y}` template; empty when the installation has none.
    pub tile_url: String,
    pub tile_attribution: String,
    pub max_photos: usize,
    /// Largest photo in bytes.
    pub max_photo_bytes: usize,
}

/// A street or place of the city's register, found by typing its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub name: String,
    pub location: GeoPoint,
}

/// A photo just uploaded and not yet part of a report. `key` proves that
/// whoever sends the report uploaded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedPhoto {
    pub id: String,
    pub key: String,
    pub thumbnail_url: String,
    pub width: u32,
    pub height: u32,
}

/// A photo to attach to a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoClaim {
    pub id: String,
    pub key: String,
}

/// A report as a citizen sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDraft {
    pub category: String,
    pub location: GeoPoint,
    #[serde(default)]
    pub address: Option<String>,
    /// What is wrong, 10 to 4,000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 4000))]
    pub description: String,
    /// Answers to the category's questions by question code; several values
    /// for multiple choice.
    #[serde(default)]
    pub answers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub photos: Vec<PhotoClaim>,
    /// For feedback from the city; never shown in public.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// Show the name on the report page.
    #[serde(default)]
    pub name_public: bool,
}

/// A photo of a report in two sizes, both without metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectPhoto {
    pub thumbnail_url: String,
    pub display_url: String,
    pub width: u32,
    pub height: u32,
}

/// One entry of a report's public history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectUpdate {
    pub id: String,
    pub at: String,
    pub status: DefectStatus,
    /// The city's public answer.
    pub text: String,
    /// What changed besides the status, in words ("Kategorie: A → B").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    pub department: String,
}

/// An answer to a category question, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnsweredQuestion {
    pub label: String,
    pub answer: String,
}

/// A report with everything the public may see, plus what only its viewer
/// may know (`mine`, `subscribed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectReport {
    pub number: u64,
    pub category: String,
    pub category_name: String,
    pub group: String,
    pub department: String,
    pub status: DefectStatus,
    pub location: GeoPoint,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub description: String,
    pub answers: Vec<AnsweredQuestion>,
    pub photos: Vec<DefectPhoto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter_name: Option<String>,
    pub created: String,
    pub updated: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
    /// The day by which the city means to have closed it.
    pub expected_by: String,
    pub expected_days: u32,
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<u64>,
    /// People who said "Ich auch" (the reporter not counted).
    pub affected: u32,
    pub channel: String,
    pub updates: Vec<DefectUpdate>,
    pub mine: bool,
    pub subscribed: bool,
    /// Only for staff: how to reach the reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Only for staff and the reporter: why the city took the report out
    /// of public view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<String>,
}

/// A report in lists and on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    pub number: u64,
    pub category: String,
    pub category_name: String,
    pub group: String,
    pub department: String,
    pub status: DefectStatus,
    pub location: GeoPoint,
    pub excerpt: String,
    pub created: String,
    pub updated: String,
    pub overdue: bool,
    pub affected: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// Taken out of public view (only staff see such reports in lists).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// An open report near a point, offered before a duplicate is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyReport {
    #[serde(flatten)]
    pub report: ReportSummary,
    pub distance_m: u32,
}

/// A staff member's status change with its public text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: DefectStatus,
    pub text: String,
}

/// Handing a report to another category or department; the reason is public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reassignment {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    pub reason: String,
}

/// Taking a report out of public view, or showing it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DefectVisibility))]
pub struct Visibility {
    pub hidden: bool,
    /// Why (required when hiding); seen by staff and the reporter only.
    #[serde(default)]
    pub reason: String,
}

/// Closing a report as duplicate of another; its followers move over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    pub into: u64,
    #[serde(default)]
    pub text: Option<String>,
}

/// Open and closed reports of one category or department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectFigures {
    pub name: String,
    pub open: u32,
    pub overdue: u32,
    /// Closed, duplicates not counted.
    pub closed: u32,
    /// Closed as duplicates of another report.
    pub duplicates: u32,
    /// Median days from report to closing, of the closed ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefectStatistics {
    pub by_category: Vec<DefectFigures>,
    pub by_department: Vec<DefectFigures>,
}

/// An Open311 API key as admins see it; the key itself is shown only once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    /// May post status updates (`servicerequestupdates`), for the city's own systems.
    pub may_update: bool,
    pub created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiKey {
    pub name: String,
    #[serde(default)]
    pub may_update: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub key: String,
    pub info: ApiKeyInfo,
}

/// A report in its sender's data export (Art. 15 DSGVO).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnReport {
    pub number: u64,
    pub category: String,
    pub status: DefectStatus,
    pub location: GeoPoint,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub created: String,
}
