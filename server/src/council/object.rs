//! What the renderer needs to know about each OParl type: which record kind
//! it is stored as, which objects it embeds, and which fields are
//! back-references or internal lists.

use serde::{Serialize, de::DeserializeOwned};
use shared::oparl::{
    AgendaItem, Body, Common, Consultation, File, LegislativeTerm, Location, Meeting, Membership,
    Organization, Paper, Person, References,
};

use super::{kind::Kind, non_public};

pub trait Object:
    Serialize + DeserializeOwned + Default + Clone + References + Send + Sync + 'static
{
    const KIND: Kind;

    fn common(&mut self) -> &mut Common;

    fn id(&self) -> &str;

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

    /// Embedded files, kept as references like locations, also those of
    /// embedded objects (the agenda items of a meeting).
    fn files(&mut self) -> Vec<&mut File> {
        Vec::new()
    }

    fn retain_files(&mut self, _keep: &dyn Fn(&File) -> bool) {}

    /// Leaves of non-public agenda items, its own or embedded, only that
    /// they exist (see `non_public`).
    fn redact_non_public(&mut self) {}
}

fn retain_file(file: &mut Option<File>, keep: &dyn Fn(&File) -> bool) {
    if file.as_ref().is_some_and(|f| !keep(f)) {
        *file = None;
    }
}

fn retain_one(location: &mut Option<Location>, keep: &dyn Fn(&Location) -> bool) {
    if location.as_ref().is_some_and(|l| !keep(l)) {
        *location = None;
    }
}

/// The items of a field that holds one value or a list of them.
pub fn items_mut<'a>(
    fields: &'a mut serde_json::Map<String, serde_json::Value>,
    field: &str,
) -> Vec<&'a mut serde_json::Value> {
    match fields.get_mut(field) {
        Some(serde_json::Value::Array(values)) => values.iter_mut().collect(),
        Some(value) => vec![value],
        None => Vec::new(),
    }
}

/// Embedded places and files in the named fields keep only their `id`.
pub fn bare_stubs<'a>(
    fields: &mut serde_json::Map<String, serde_json::Value>,
    names: impl IntoIterator<Item = &'a str>,
) {
    for name in names {
        for stub in items_mut(fields, name) {
            if let serde_json::Value::Object(stub) = stub {
                stub.retain(|key, _| key == "id");
            }
        }
    }
}

/// Runs `$body` with `$T` standing for the OParl type stored as `$kind`.
macro_rules! with_object_type {
    ($kind:expr, $T:ident => $body:expr) => {{
        use $crate::council::kind::Kind as K;
        match $kind {
            K::Body => {
                type $T = shared::oparl::Body;
                $body
            }
            K::LegislativeTerm => {
                type $T = shared::oparl::LegislativeTerm;
                $body
            }
            K::Organization => {
                type $T = shared::oparl::Organization;
                $body
            }
            K::Person => {
                type $T = shared::oparl::Person;
                $body
            }
            K::Membership => {
                type $T = shared::oparl::Membership;
                $body
            }
            K::Meeting => {
                type $T = shared::oparl::Meeting;
                $body
            }
            K::AgendaItem => {
                type $T = shared::oparl::AgendaItem;
                $body
            }
            K::Paper => {
                type $T = shared::oparl::Paper;
                $body
            }
            K::Consultation => {
                type $T = shared::oparl::Consultation;
                $body
            }
            K::File => {
                type $T = shared::oparl::File;
                $body
            }
            K::Location => {
                type $T = shared::oparl::Location;
                $body
            }
        }
    }};
}
pub(crate) use with_object_type;

/// The parts every implementation shares: its record kind and its common fields.
macro_rules! stored_as {
    ($kind:expr) => {
        const KIND: Kind = $kind;
        fn common(&mut self) -> &mut Common {
            &mut self.common
        }
        fn id(&self) -> &str {
            &self.common.id
        }
    };
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
    stored_as!(Kind::Body);
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
    stored_as!(Kind::LegislativeTerm);
    fn set_parent(&mut self, reference: String) {
        self.body = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.body = None;
    }
}

impl Object for Organization {
    stored_as!(Kind::Organization);
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
    stored_as!(Kind::Person);
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
    stored_as!(Kind::Membership);
    fn set_parent(&mut self, reference: String) {
        self.person = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.person = None;
    }
}

impl Object for Meeting {
    stored_as!(Kind::Meeting);
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
    fn files(&mut self) -> Vec<&mut File> {
        let own = [
            &mut self.invitation,
            &mut self.results_protocol,
            &mut self.verbatim_protocol,
        ];
        let mut files: Vec<&mut File> = own.into_iter().filter_map(Option::as_mut).collect();
        files.extend(self.auxiliary_file.iter_mut());
        files.extend(self.agenda_item.iter_mut().flat_map(AgendaItem::files));
        files
    }
    fn retain_files(&mut self, keep: &dyn Fn(&File) -> bool) {
        retain_file(&mut self.invitation, keep);
        retain_file(&mut self.results_protocol, keep);
        retain_file(&mut self.verbatim_protocol, keep);
        self.auxiliary_file.retain(|file| keep(file));
        self.agenda_item
            .iter_mut()
            .for_each(|item| item.retain_files(keep));
    }
    fn redact_non_public(&mut self) {
        self.agenda_item.iter_mut().for_each(non_public::redact);
    }
}

impl Object for AgendaItem {
    stored_as!(Kind::AgendaItem);
    fn set_parent(&mut self, reference: String) {
        self.meeting = Some(reference);
    }
    fn strip_back_references(&mut self) {
        self.meeting = None;
    }
    fn omit_internal(&mut self) {
        self.auxiliary_file.clear();
    }
    fn files(&mut self) -> Vec<&mut File> {
        self.resolution_file
            .iter_mut()
            .chain(self.auxiliary_file.iter_mut())
            .collect()
    }
    fn retain_files(&mut self, keep: &dyn Fn(&File) -> bool) {
        retain_file(&mut self.resolution_file, keep);
        self.auxiliary_file.retain(|file| keep(file));
    }
    fn redact_non_public(&mut self) {
        non_public::redact(self);
    }
}

impl Object for Paper {
    stored_as!(Kind::Paper);
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
    fn files(&mut self) -> Vec<&mut File> {
        self.main_file
            .iter_mut()
            .chain(self.auxiliary_file.iter_mut())
            .collect()
    }
    fn retain_files(&mut self, keep: &dyn Fn(&File) -> bool) {
        retain_file(&mut self.main_file, keep);
        self.auxiliary_file.retain(|file| keep(file));
    }
}

impl Object for Consultation {
    stored_as!(Kind::Consultation);
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
    stored_as!(Kind::File);
    fn strip_back_references(&mut self) {
        self.meeting.clear();
        self.agenda_item.clear();
        self.paper.clear();
    }
}

impl Object for Location {
    stored_as!(Kind::Location);
    fn strip_back_references(&mut self) {
        self.bodies.clear();
        self.organizations.clear();
        self.persons.clear();
        self.meetings.clear();
        self.papers.clear();
    }
}
