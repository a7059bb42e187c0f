//! The city that runs this installation: its profile, districts and the
//! operator details the legal pages need.

use serde::{Deserialize, Serialize};

/// Public profile of the city (Kommune) operating the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct City {
    /// Short name used in the header, e.g. "Münster".
    pub name: String,
    /// Official name, e.g. "Stadt Münster".
    pub official_name: String,
    /// Amtlicher Gemeindeschlüssel (8 digits).
    pub ags: String,
    pub population: u64,
    /// Area in square kilometres.
    pub area_km2: f64,
    /// Stadtbezirke, in their official order.
    pub districts: Vec<District>,
    /// Who operates the platform (for Impressum and Datenschutz).
    pub operator: Operator,
}

/// A Stadtbezirk: the unit for district budgets, eligibility and statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct District {
    /// Stable key used in URLs and exports, e.g. "hiltrup".
    pub key: String,
    pub name: String,
    pub population: u64,
}

/// The body responsible for the platform under § 5 DDG and Art. 13 DSGVO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operator {
    pub name: String,
    /// Postal address, one line per element.
    pub address: Vec<String>,
    pub email: String,
    pub phone: String,
    /// Who represents the operator (e.g. the Oberbürgermeister).
    pub represented_by: String,
    /// Contact of the data protection officer (Datenschutzbeauftragte).
    pub privacy_officer_email: String,
    /// Where people send barriers they found (BITV NRW § 5 feedback).
    pub accessibility_email: String,
}

/// One live figure on the start page. Each domain contributes its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    pub key: FigureKey,
    pub value: f64,
}

/// What a [`Figure`] counts; the app owns the label for each in its catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FigureKey {
    Population,
    Districts,
    AreaKm2,
}

/// Answer of `GET /api/v1/stats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub city: String,
    pub figures: Vec<Figure>,
}
