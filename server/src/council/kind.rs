//! The OParl object types as the store and the URLs know them.

use shared::oparl::types;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Body,
    LegislativeTerm,
    Organization,
    Person,
    Membership,
    Meeting,
    AgendaItem,
    Paper,
    Consultation,
    File,
    Location,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Body,
        Kind::LegislativeTerm,
        Kind::Organization,
        Kind::Person,
        Kind::Membership,
        Kind::Meeting,
        Kind::AgendaItem,
        Kind::Paper,
        Kind::Consultation,
        Kind::File,
        Kind::Location,
    ];

    pub fn table(self) -> &'static str {
        match self {
            Kind::Body => "council_body",
            Kind::LegislativeTerm => "council_legislative_term",
            Kind::Organization => "council_organization",
            Kind::Person => "council_person",
            Kind::Membership => "council_membership",
            Kind::Meeting => "council_meeting",
            Kind::AgendaItem => "council_agenda_item",
            Kind::Paper => "council_paper",
            Kind::Consultation => "council_consultation",
            Kind::File => "council_file",
            Kind::Location => "council_location",
        }
    }

    /// Path segment of the object URLs: `<oparl root>/<path>/<number>`.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Body => "body",
            Kind::LegislativeTerm => "legislative-term",
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Membership => "membership",
            Kind::Meeting => "meeting",
            Kind::AgendaItem => "agenda-item",
            Kind::Paper => "paper",
            Kind::Consultation => "consultation",
            Kind::File => "file",
            Kind::Location => "location",
        }
    }

    pub fn from_path(path: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.path() == path)
    }

    pub fn type_url(self) -> &'static str {
        match self {
            Kind::Body => types::BODY,
            Kind::LegislativeTerm => types::LEGISLATIVE_TERM,
            Kind::Organization => types::ORGANIZATION,
            Kind::Person => types::PERSON,
            Kind::Membership => types::MEMBERSHIP,
            Kind::Meeting => types::MEETING,
            Kind::AgendaItem => types::AGENDA_ITEM,
            Kind::Paper => types::PAPER,
            Kind::Consultation => types::CONSULTATION,
            Kind::File => types::FILE,
            Kind::Location => types::LOCATION,
        }
    }

    /// The type embedded in this one as an ordered array of its own records
    /// (spec 3-00), e.g. the agenda items of a meeting.
    pub fn child(self) -> Option<Kind> {
        match self {
            Kind::Body => Some(Kind::LegislativeTerm),
            Kind::Person => Some(Kind::Membership),
            Kind::Meeting => Some(Kind::AgendaItem),
            Kind::Paper => Some(Kind::Consultation),
            _ => None,
        }
    }

    /// The inverse of [`Kind::child`].
    pub fn parent(self) -> Option<Kind> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.child() == Some(self))
    }

    /// The field of a child that names its parent; the store keeps the
    /// parent in a column instead.
    pub fn parent_field(self) -> Option<&'static str> {
        match self {
            Kind::LegislativeTerm => Some("body"),
            Kind::Membership => Some("person"),
            Kind::AgendaItem => Some("meeting"),
            Kind::Consultation => Some("paper"),
            _ => None,
        }
    }

    /// The field holding the embedded children (see [`Kind::child`]).
    pub fn children_field(self) -> Option<&'static str> {
        match self {
            Kind::Body => Some("legislativeTerm"),
            Kind::Person => Some("membership"),
            Kind::Meeting => Some("agendaItem"),
            Kind::Paper => Some("consultation"),
            _ => None,
        }
    }

    /// Fields the server derives and never takes from an editor: the URLs
    /// of external lists, back-references kept by the server, and the facts
    /// of a file's content.
    pub fn derived_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Body => &[
                "system",
                "organization",
                "person",
                "meeting",
                "paper",
                "agendaItem",
                "consultation",
                "file",
                "locationList",
                "legislativeTermList",
                "membership",
            ],
            Kind::Organization => &["meeting", "consultation", "membership"],
            Kind::File => &[
                "size",
                "sha1Checksum",
                "sha512Checksum",
                "text",
                "accessUrl",
                "downloadUrl",
                "mimeType",
                "meeting",
                "agendaItem",
                "paper",
            ],
            Kind::Location => &["bodies", "organizations", "persons", "meetings", "papers"],
            _ => &[],
        }
    }

    /// Relative reference to one object, as stored in documents.
    pub fn reference(self, number: u64) -> String {
        format!("{}/{number}", self.path())
    }

    /// Parses a relative reference of any kind.
    pub fn parse_reference(reference: &str) -> Option<(Kind, u64)> {
        let (path, number) = reference.split_once('/')?;
        Some((Kind::from_path(path)?, number.parse().ok()?))
    }

    /// Parses a relative reference of this kind back into its number.
    pub fn number_of(self, reference: &str) -> Option<u64> {
        reference
            .strip_prefix(self.path())?
            .strip_prefix('/')?
            .parse()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_and_parents_mirror_children() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_path(kind.path()), Some(kind));
            assert_eq!(kind.number_of(&kind.reference(42)), Some(42));
            if let Some(child) = kind.child() {
                assert_eq!(child.parent(), Some(kind));
            }
        }
        assert_eq!(Kind::Paper.number_of("person/3"), None);
        assert_eq!(Kind::AgendaItem.parent(), Some(Kind::Meeting));
        for kind in Kind::ALL {
            assert_eq!(kind.parent().is_some(), kind.parent_field().is_some());
            assert_eq!(Kind::parse_reference(&kind.reference(7)), Some((kind, 7)));
        }
        assert_eq!(Kind::parse_reference("paper/7/file"), None);
        assert_eq!(Kind::parse_reference("drucksache/7"), None);
    }
}
