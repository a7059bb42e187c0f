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

    /// Relative reference to one object, as stored in documents.
    pub fn reference(self, number: u64) -> String {
        format!("{}/{number}", self.path())
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
    }
}
