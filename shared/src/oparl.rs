//! The twelve object types of OParl 1.1, the external list page and the error
//! object, as they travel over the wire. The server renders them, the council
//! reader in the app reads them, and the importer parses other servers' output
//! with them.
//!
//! Serialisation follows the spec's output rules: absent values and empty
//! optional arrays are left out, never written as `null` or `[]`; mandatory
//! arrays are always written. Dates are kept as the strings the spec fixes
//! (`yyyy-mm-dd`, `yyyy-mm-ddThh:mm:ss±hh:mm`), so this crate needs no clock.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `type` values: `https://schema.oparl.org/1.1/<Type>`.
pub mod types {
    pub const SYSTEM: &str = "https://schema.oparl.org/1.1/System";
    pub const BODY: &str = "https://schema.oparl.org/1.1/Body";
    pub const LEGISLATIVE_TERM: &str = "https://schema.oparl.org/1.1/LegislativeTerm";
    pub const ORGANIZATION: &str = "https://schema.oparl.org/1.1/Organization";
    pub const PERSON: &str = "https://schema.oparl.org/1.1/Person";
    pub const MEMBERSHIP: &str = "https://schema.oparl.org/1.1/Membership";
    pub const MEETING: &str = "https://schema.oparl.org/1.1/Meeting";
    pub const AGENDA_ITEM: &str = "https://schema.oparl.org/1.1/AgendaItem";
    pub const PAPER: &str = "https://schema.oparl.org/1.1/Paper";
    pub const CONSULTATION: &str = "https://schema.oparl.org/1.1/Consultation";
    pub const FILE: &str = "https://schema.oparl.org/1.1/File";
    pub const LOCATION: &str = "https://schema.oparl.org/1.1/Location";
    pub const ERROR: &str = "https://schema.oparl.org/1.1/Error";
}

/// `System.oparlVersion` of this version.
pub const OPARL_VERSION: &str = "https://schema.oparl.org/1.1/";

fn is_false(value: &bool) -> bool {
    !*value
}

/// Fields every object carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Common {
    /// Defaults to empty when absent, so that partial documents (stored
    /// documents, other servers' sloppy tombstones) can still be read.
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keyword: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct System {
    #[serde(flatten)]
    pub common: Common,
    pub oparl_version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_oparl_versions: Vec<String>,
    /// URL of the external list of bodies.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_valid_since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oparl_since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rgs: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equivalent: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    /// Mandatory array: written as `[]` when empty, left out only on tombstones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legislative_term: Option<Vec<LegislativeTerm>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legislative_term_list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegislativeTerm {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub membership: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub post: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_organization_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_body: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_of_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affix: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phone: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub email: Vec<String>,
    /// URL of the contact address (a Location).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The same Location embedded (1.1); only together with `location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_object: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub membership: Vec<Membership>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_source: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting_right: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participant: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<File>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_protocol: Option<File>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbatim_protocol: Option<File>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auxiliary_file: Vec<File>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda_item: Vec<AgendaItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 0-based position in the meeting's agenda; mandatory in 1.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_file: Option<File>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auxiliary_file: Vec<File>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paper {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_paper: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub superordinated_paper: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subordinated_paper: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_file: Option<File>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auxiliary_file: Vec<File>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub originator_person: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub under_direction_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub originator_organization: Vec<String>,
    /// The Beratungsfolge, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consultation: Vec<Consultation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consultation {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authoritative: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1_checksum: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha512_checksum: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Mandatory; left out only on tombstones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_service_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_file: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derivative_file: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_license: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meeting: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda_item: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paper: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A complete GeoJSON `Feature` (RFC 7946: longitude before latitude).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geojson: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub papers: Vec<String>,
}

impl Location {
    /// The place as a reader writes it: room, street and town, with the
    /// free description in place of room and street where both are
    /// missing. Many systems repeat the room and street in the description,
    /// and a part already said is left out.
    pub fn readable(&self) -> Option<String> {
        let described = self.room.is_none() && self.street_address.is_none();
        let description = self.description.as_ref().filter(|_| described);
        let parts = [
            description,
            self.room.as_ref(),
            self.street_address.as_ref(),
            self.locality.as_ref(),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty());
        let mut text = String::new();
        for part in parts {
            if !text.contains(part.as_str()) {
                if !text.is_empty() {
                    text.push_str(", ");
                }
                text.push_str(part);
            }
        }
        (!text.is_empty()).then_some(text)
    }
}

/// Visits every field that refers to an OParl object or list: the object's
/// own `id`, references, back-references, list URLs and file URLs, including
/// those of embedded objects. Links to the outside world (`web`, `website`,
/// `license`, `equivalent` …) are not references and are left alone.
///
/// The server stores references relative to its OParl root and makes them
/// absolute on output; the importer maps a foreign server's URLs to ours.
pub trait References {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String));
}

fn one(value: &mut Option<String>, f: &mut dyn FnMut(&mut String)) {
    if let Some(value) = value {
        f(value);
    }
}

fn many(values: &mut [String], f: &mut dyn FnMut(&mut String)) {
    values.iter_mut().for_each(f);
}

fn embedded<T: References>(value: &mut Option<T>, f: &mut dyn FnMut(&mut String)) {
    if let Some(value) = value {
        value.map_references(f);
    }
}

fn embedded_many<T: References>(values: &mut [T], f: &mut dyn FnMut(&mut String)) {
    values.iter_mut().for_each(|value| value.map_references(f));
}

impl References for System {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        many(&mut self.other_oparl_versions, f);
        f(&mut self.body);
    }
}

impl References for Body {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        for list in [
            &mut self.system,
            &mut self.organization,
            &mut self.person,
            &mut self.meeting,
            &mut self.paper,
            &mut self.agenda_item,
            &mut self.consultation,
            &mut self.file,
            &mut self.location_list,
            &mut self.legislative_term_list,
            &mut self.membership,
        ] {
            one(list, f);
        }
        if let Some(terms) = &mut self.legislative_term {
            embedded_many(terms, f);
        }
        embedded(&mut self.location, f);
    }
}

impl References for LegislativeTerm {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.body, f);
    }
}

impl References for Organization {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.body, f);
        many(&mut self.membership, f);
        one(&mut self.meeting, f);
        one(&mut self.consultation, f);
        one(&mut self.sub_organization_of, f);
        embedded(&mut self.location, f);
        one(&mut self.external_body, f);
    }
}

impl References for Person {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.body, f);
        one(&mut self.location, f);
        embedded(&mut self.location_object, f);
        embedded_many(&mut self.membership, f);
    }
}

impl References for Membership {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.person, f);
        one(&mut self.organization, f);
        one(&mut self.on_behalf_of, f);
    }
}

impl References for Meeting {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        embedded(&mut self.location, f);
        many(&mut self.organization, f);
        many(&mut self.participant, f);
        embedded(&mut self.invitation, f);
        embedded(&mut self.results_protocol, f);
        embedded(&mut self.verbatim_protocol, f);
        embedded_many(&mut self.auxiliary_file, f);
        embedded_many(&mut self.agenda_item, f);
    }
}

impl References for AgendaItem {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.meeting, f);
        one(&mut self.consultation, f);
        embedded(&mut self.resolution_file, f);
        embedded_many(&mut self.auxiliary_file, f);
    }
}

impl References for Paper {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.body, f);
        many(&mut self.related_paper, f);
        many(&mut self.superordinated_paper, f);
        many(&mut self.subordinated_paper, f);
        embedded(&mut self.main_file, f);
        embedded_many(&mut self.auxiliary_file, f);
        embedded_many(&mut self.location, f);
        many(&mut self.originator_person, f);
        many(&mut self.under_direction_of, f);
        many(&mut self.originator_organization, f);
        embedded_many(&mut self.consultation, f);
    }
}

impl References for Consultation {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.paper, f);
        one(&mut self.agenda_item, f);
        one(&mut self.meeting, f);
        many(&mut self.organization, f);
    }
}

impl References for File {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        one(&mut self.access_url, f);
        one(&mut self.download_url, f);
        one(&mut self.master_file, f);
        many(&mut self.derivative_file, f);
        many(&mut self.meeting, f);
        many(&mut self.agenda_item, f);
        many(&mut self.paper, f);
    }
}

impl References for Location {
    fn map_references(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(&mut self.common.id);
        many(&mut self.bodies, f);
        many(&mut self.organizations, f);
        many(&mut self.persons, f);
        many(&mut self.meetings, f);
        many(&mut self.papers, f);
    }
}

/// One page of an external list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
    pub links: Links,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_elements: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elements_per_page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    #[serde(default, rename = "self", skip_serializing_if = "Option::is_none")]
    pub self_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
}

/// The OParl error object, sent with an HTTP error status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OparlError {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    pub debug: String,
}

#[cfg(test)]
mod tests {
    /// The meeting calendar printed "Sitzungssaal Stadthaus 1, Klemensstraße
    /// 10, Sitzungssaal Stadthaus 1, Klemensstraße 10, Münster".
    #[test]
    fn a_place_says_each_part_once() {
        let place = |description: Option<&str>, room: Option<&str>, street: Option<&str>| {
            super::Location {
                description: description.map(Into::into),
                room: room.map(Into::into),
                street_address: street.map(Into::into),
                locality: Some("Münster".into()),
                ..super::Location::default()
            }
            .readable()
        };
        assert_eq!(
            place(
                Some("Sitzungssaal Stadthaus 1, Klemensstraße 10"),
                Some("Sitzungssaal Stadthaus 1"),
                Some("Klemensstraße 10")
            )
            .as_deref(),
            Some("Sitzungssaal Stadthaus 1, Klemensstraße 10, Münster")
        );
        assert_eq!(
            place(Some("Rathaus, Festsaal"), None, None).as_deref(),
            Some("Rathaus, Festsaal, Münster")
        );
        assert_eq!(super::Location::default().readable(), None);
    }

    use super::*;

    #[test]
    fn references_reach_embedded_objects_but_not_outside_links() {
        let mut meeting = Meeting {
            common: Common {
                id: "meeting/1".into(),
                web: Some("https://muenster.example/s/1".into()),
                ..Common::default()
            },
            organization: vec!["organization/2".into()],
            agenda_item: vec![AgendaItem {
                common: Common {
                    id: "agenda-item/3".into(),
                    ..Common::default()
                },
                consultation: Some("consultation/4".into()),
                ..AgendaItem::default()
            }],
            ..Meeting::default()
        };
        meeting.map_references(&mut |url| *url = format!("https://ds.example/oparl/v1/{url}"));
        assert_eq!(meeting.common.id, "https://ds.example/oparl/v1/meeting/1");
        assert_eq!(
            meeting.organization[0],
            "https://ds.example/oparl/v1/organization/2"
        );
        assert_eq!(
            meeting.agenda_item[0].consultation.as_deref(),
            Some("https://ds.example/oparl/v1/consultation/4")
        );
        assert_eq!(
            meeting.common.web.as_deref(),
            Some("https://muenster.example/s/1")
        );
    }

    #[test]
    fn absent_values_and_empty_optional_arrays_are_left_out() {
        let paper = Paper {
            common: Common {
                id: "https://x/paper/1".into(),
                kind: types::PAPER.into(),
                ..Common::default()
            },
            name: Some("Radweg".into()),
            ..Paper::default()
        };
        let json = serde_json::to_value(&paper).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": "https://x/paper/1", "type": types::PAPER, "name": "Radweg"})
        );
    }

    #[test]
    fn body_writes_its_mandatory_legislative_term_array_even_when_empty() {
        let body = Body {
            legislative_term: Some(Vec::new()),
            ..Body::default()
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["legislativeTerm"], serde_json::json!([]));
    }

    #[test]
    fn tombstones_carry_only_the_kept_fields() {
        let tombstone = Meeting {
            common: Common {
                id: "https://x/meeting/1".into(),
                kind: types::MEETING.into(),
                created: Some("2024-01-01T10:00:00+01:00".into()),
                modified: Some("2024-02-01T10:00:00+01:00".into()),
                deleted: true,
                ..Common::default()
            },
            ..Meeting::default()
        };
        let json = serde_json::to_value(&tombstone).unwrap();
        let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["created", "deleted", "id", "modified", "type"]);
    }

    #[test]
    fn parses_the_spec_example_meeting() {
        let example = r#"{"id":"https://oparl.example.org/meeting/281","type":"https://schema.oparl.org/1.1/Meeting",
            "name":"4. Sitzung des Finanzausschusses","start":"2013-01-04T08:00:00+01:00",
            "organization":["https://oparl.example.org/organization/34"],
            "agendaItem":[{"id":"https://oparl.example.org/agendaitem/3271","type":"https://schema.oparl.org/1.1/AgendaItem","number":"10.1","order":0}],
            "created":"2012-01-08T14:05:27+01:00","modified":"2012-01-08T14:05:27+01:00"}"#;
        let meeting: Meeting = serde_json::from_str(example).unwrap();
        assert_eq!(meeting.agenda_item[0].order, Some(0));
        assert_eq!(meeting.organization.len(), 1);
    }
}
