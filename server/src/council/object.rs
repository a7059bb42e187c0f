//! What the renderer needs to know about each OParl type: which record kind
//! it is stored as, which objects it embeds, and which fields are
//! back-references or internal lists.

use serde::{Serialize, de::DeserializeOwned};
use shared::oparl::{
    AgendaItem, Body, Common, Consultation, File, LegislativeTerm, Location, Meeting, Membership,
    Organization, Paper, Person, References,
};

use super::kind::Kind;

pub trait Object:
    Serialize + DeserializeOwned + Default + References + Send + Sync + 'static
{
    const KIND: Kind;

    fn common(&mut self) -> &mut Common;

    /// Sets the back-reference to the parent when the object is shown on its own.
    fn set_parent(&mut self, _reference: String) {}

    /// Drops the back-references: embedded objects do not point to their parent.
    fn strip_back_references(&mut self) {}

    /// Drops the internal lists that `omit_internal=true` leaves out.
    fn omit_internal(&mut self) {}

    /// Takes the rendered child objects (see [`Kind::child`]).
    fn adopt(&mut self, _children: Vec<serde_json::Value>) -> serde_json::Result<()> {
        Ok(())
    }

    /// Fills in what is derived from the object's own number: the URLs of
    /// its external lists.
    fn complete(&mut self, _number: u64) {}

    /// Embedded locations, which the store keeps as references (`{"id": "location/7"}`).
    fn locations(&mut self) -> Vec<&mut Location> {
        Vec::new()
    }

    /// Drops embedded locations that must not be shown (deleted ones).
    fn retain_locations(&mut self, _keep: &dyn Fn(&Location) -> bool) {}
}

fn retain_one(location: &mut Option<Location>, keep: &dyn Fn(&Location) -> bool) {
    if location.as_ref().is_some_and(|l| !keep(l)) {
        *location = None;
    }
}

fn adopt_into<T: DeserializeOwned + Object>(
    children: Vec<serde_json::Value>,
) -> serde_json::Result<Vec<T>> {
    children
        .into_iter()
        .map(|child| {
            let mut child: T = serde_json::from_value(child)?;
            child.strip_back_references();
            Ok(child)
        })
        .collect()
}

impl Object for Body {
    const KIND: Kind = Kind::Body;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    /// `legislativeTerm` is mandatory: omitted means written as `[]`.
    fn omit_internal(&mut self) {
        if self.legislative_term.is_some() {
            self.legislative_term = Some(Vec::new());
        }
    }
    fn adopt(&mut self, children: Vec<serde_json::Value>) -> serde_json::Result<()> {
        self.legislative_term = Some(adopt_into(children)?);
        Ok(())
    }
    fn complete(&mut self, number: u64) {
        let list = |name: &str| Some(format!("{}/{name}", Kind::Body.reference(number)));
        self.system = Some("system".into());
        self.organization = list("organization");
        self.person = list("person");
        self.meeting = list("meeting");
        self.paper = list("paper");
        self.agenda_item = list("agenda-item");
        self.consultation = list("consultation");
        self.file = list("file");
        self.location_list = list("location");
        self.legislative_term_list = list("legislative-term");
        self.membership = list("membership");
    }
    fn locations(&mut self) -> Vec<&mut Location> {
        self.location.iter_mut().collect()
    }
    fn retain_locations(&mut self, keep: &dyn Fn(&Location) -> bool) {
        retain_one(&mut self.location, keep);
    }
}

impl Object for LegislativeTerm {
    const KIND: Kind = Kind::LegislativeTerm;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn set_parent(&mut self, reference: String) {
        self.body = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.body = None;
    }
}

impl Object for Organization {
    const KIND: Kind = Kind::Organization;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn complete(&mut self, number: u64) {
        self.meeting = Some(format!("{}/meeting", Kind::Organization.reference(number)));
        self.consultation = Some(format!(
            "{}/consultation",
            Kind::Organization.reference(number)
        ));
    }
    fn locations(&mut self) -> Vec<&mut Location> {
        self.location.iter_mut().collect()
    }
    fn retain_locations(&mut self, keep: &dyn Fn(&Location) -> bool) {
        retain_one(&mut self.location, keep);
    }
}

impl Object for Person {
    const KIND: Kind = Kind::Person;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn omit_internal(&mut self) {
        self.membership.clear();
    }
    fn adopt(&mut self, children: Vec<serde_json::Value>) -> serde_json::Result<()> {
        self.membership = adopt_into(children)?;
        Ok(())
    }
    fn locations(&mut self) -> Vec<&mut Location> {
        self.location_object.iter_mut().collect()
    }
    /// `location` (URL) and `locationObject` name the same place and go together.
    fn retain_locations(&mut self, keep: &dyn Fn(&Location) -> bool) {
        retain_one(&mut self.location_object, keep);
        if self.location_object.is_none() {
            self.location = None;
        }
    }
}

impl Object for Membership {
    const KIND: Kind = Kind::Membership;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn set_parent(&mut self, reference: String) {
        self.person = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.person = None;
    }
}

impl Object for Meeting {
    const KIND: Kind = Kind::Meeting;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn omit_internal(&mut self) {
        self.auxiliary_file.clear();
        self.agenda_item.clear();
    }
    fn adopt(&mut self, children: Vec<serde_json::Value>) -> serde_json::Result<()> {
        self.agenda_item = adopt_into(children)?;
        Ok(())
    }
    fn locations(&mut self) -> Vec<&mut Location> {
        self.location.iter_mut().collect()
    }
    fn retain_locations(&mut self, keep: &dyn Fn(&Location) -> bool) {
        retain_one(&mut self.location, keep);
    }
}

impl Object for AgendaItem {
    const KIND: Kind = Kind::AgendaItem;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn set_parent(&mut self, reference: String) {
        self.meeting = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.meeting = None;
    }
    fn omit_internal(&mut self) {
        self.auxiliary_file.clear();
    }
}

impl Object for Paper {
    const KIND: Kind = Kind::Paper;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn omit_internal(&mut self) {
        self.auxiliary_file.clear();
        self.location.clear();
    }
    fn adopt(&mut self, children: Vec<serde_json::Value>) -> serde_json::Result<()> {
        self.consultation = adopt_into(children)?;
        Ok(())
    }
    fn locations(&mut self) -> Vec<&mut Location> {
        self.location.iter_mut().collect()
    }
    fn retain_locations(&mut self, keep: &dyn Fn(&Location) -> bool) {
        self.location.retain(|location| keep(location));
    }
}

impl Object for Consultation {
    const KIND: Kind = Kind::Consultation;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn set_parent(&mut self, reference: String) {
        self.paper = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.paper = None;
        self.meeting = None;
        self.agenda_item = None;
    }
}

impl Object for File {
    const KIND: Kind = Kind::File;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn strip_back_references(&mut self) {
        self.meeting.clear();
        self.agenda_item.clear();
        self.paper.clear();
    }
}

impl Object for Location {
    const KIND: Kind = Kind::Location;
    fn common(&mut self) -> &mut Common {
        &mut self.common
    }
    fn strip_back_references(&mut self) {
        self.bodies.clear();
        self.organizations.clear();
        self.persons.clear();
        self.meetings.clear();
        self.papers.clear();
    }
}
