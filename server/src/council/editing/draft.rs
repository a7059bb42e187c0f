//! Turns an editor's OParl object into the document the store keeps:
//! references relative, embedded places and files as references, derived
//! fields and the parent left to the server, dates in OParl's form.

use chrono::{DateTime, NaiveDate};
use serde_json::{Map, Value};
use shared::oparl::{Common, File, Location};

use crate::{
    council::{
        kind::Kind,
        object::{Object, bare_stubs},
    },
    error::{Error, Result},
};

/// An object ready to be stored.
#[derive(Debug)]
pub struct Draft {
    pub doc: Value,
    /// The parent named in the object (see [`Kind::parent_field`]).
    pub parent: Option<u64>,
    /// Every object of this server the document names; each must exist.
    pub references: Vec<(Kind, u64)>,
}

/// Fields that hold references, and the type they must point to. OParl
/// names its fields alike in every type, so one table serves all.
const REFERENCE_FIELDS: &[(&str, Kind)] = &[
    ("body", Kind::Body),
    ("organization", Kind::Organization),
    ("person", Kind::Person),
    ("meeting", Kind::Meeting),
    ("paper", Kind::Paper),
    ("agendaItem", Kind::AgendaItem),
    ("consultation", Kind::Consultation),
    ("participant", Kind::Person),
    ("originatorPerson", Kind::Person),
    ("underDirectionOf", Kind::Organization),
    ("originatorOrganization", Kind::Organization),
    ("relatedPaper", Kind::Paper),
    ("superordinatedPaper", Kind::Paper),
    ("subordinatedPaper", Kind::Paper),
    ("subOrganizationOf", Kind::Organization),
    ("onBehalfOf", Kind::Organization),
    ("location", Kind::Location),
    ("locationObject", Kind::Location),
    ("masterFile", Kind::File),
    ("derivativeFile", Kind::File),
    ("invitation", Kind::File),
    ("resultsProtocol", Kind::File),
    ("verbatimProtocol", Kind::File),
    ("auxiliaryFile", Kind::File),
    ("resolutionFile", Kind::File),
    ("mainFile", Kind::File),
];

/// References to other OParl systems are allowed only where OParl means them.
const EXTERNAL_ALLOWED: &[&str] = &["externalBody"];

const DATE_FIELDS: &[&str] = &[
    "date",
    "startDate",
    "endDate",
    "licenseValidSince",
    "oparlSince",
];
const DATE_TIME_FIELDS: &[&str] = &["start", "end"];

/// What the store keeps in its own columns, never in the document.
const COLUMNS: &[&str] = &["id", "type", "created", "modified", "deleted"];

fn invalid(message: String) -> Error {
    Error::InvalidInput(message)
}

/// Reads the editor's object of type `T`; `base` is the OParl root URL,
/// under which absolute references are made relative.
pub fn draft<T: Object>(input: Value, base: &str) -> Result<Draft> {
    let kind = T::KIND;
    let Value::Object(mut fields) = input else {
        return Err(invalid(format!(
            "Erwartet wird ein JSON-Objekt vom Typ {}.",
            kind.path()
        )));
    };
    // Children arrive back when a client sends what it read; they keep
    // their own URLs, so listed ones are ignored and new ones refused.
    if let Some(children) = kind.children_field()
        && fields
            .get(children)
            .and_then(Value::as_array)
            .is_some_and(|list| {
                list.iter().any(|child| {
                    child
                        .get("id")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                })
            })
    {
        let child = kind.child().map(Kind::path).unwrap_or_default();
        return Err(invalid(format!(
            "„{children}“ wird nicht hier bearbeitet: Legen Sie die Einträge einzeln als {child} an."
        )));
    }
    for field in kind
        .derived_fields()
        .iter()
        .chain(kind.children_field().iter())
        .chain(COLUMNS)
    {
        fields.remove(*field);
    }
    let parent = match kind.parent_field() {
        Some(field) => parent_number(kind, field, fields.remove(field), base)?,
        None => None,
    };

    let mut object: T = serde_json::from_value(Value::Object(fields)).map_err(|err| {
        invalid(format!(
            "Das Objekt passt nicht zum Typ {}: {err}",
            kind.path()
        ))
    })?;
    for location in object.locations() {
        *location = stub::<Location>(location.id(), base)?;
    }
    for file in object.files() {
        *file = stub::<File>(file.id(), base)?;
    }
    object.map_references(&mut |reference| {
        if let Some(relative) = reference.strip_prefix(base) {
            *reference = relative.to_owned();
        }
    });

    let mut doc = serde_json::to_value(&object)?;
    let Value::Object(fields) = &mut doc else {
        return Err(Error::Internal(
            "OParl objects serialise as JSON objects".into(),
        ));
    };
    for column in COLUMNS {
        fields.remove(*column);
    }
    bare_stubs(fields, REFERENCE_FIELDS.iter().map(|(field, _)| *field));
    let references = references(fields)?;
    normalise_dates(fields)?;
    if kind == Kind::Body
        && fields
            .get("name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        return Err(invalid(
            "Eine Körperschaft braucht einen Namen (name).".into(),
        ));
    }
    Ok(Draft {
        doc,
        parent,
        references,
    })
}

fn parent_number(kind: Kind, field: &str, value: Option<Value>, base: &str) -> Result<Option<u64>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let parent = kind.parent().unwrap_or(kind);
    value
        .as_str()
        .map(|reference| reference.strip_prefix(base).unwrap_or(reference))
        .and_then(|reference| parent.number_of(reference))
        .map(Some)
        .ok_or_else(|| {
            invalid(format!(
                "„{field}“ muss auf ein Objekt vom Typ {} zeigen.",
                parent.path()
            ))
        })
}

/// An embedded place or file is named by its id; its content lives in its own object.
fn stub<E: Object>(id: &str, base: &str) -> Result<E> {
    let relative = id.strip_prefix(base).unwrap_or(id);
    if E::KIND.number_of(relative).is_none() {
        return Err(invalid(format!(
            "Eingebettete Objekte vom Typ {0} werden zuerst angelegt und dann mit ihrer id angegeben, z. B. {{\"id\": \"{base}{0}/1\"}}.",
            E::KIND.path()
        )));
    }
    let mut embedded = E::default();
    *embedded.common() = Common {
        id: relative.to_owned(),
        ..Common::default()
    };
    Ok(embedded)
}

/// Every reference in a known reference field must name an object of the
/// right type on this server.
fn references(fields: &Map<String, Value>) -> Result<Vec<(Kind, u64)>> {
    let mut found = Vec::new();
    for (field, expected) in REFERENCE_FIELDS {
        let values: Vec<&Value> = match fields.get(*field) {
            Some(Value::Array(values)) => values.iter().collect(),
            Some(value) => vec![value],
            None => continue,
        };
        for value in values {
            let reference = match value {
                Value::String(reference) => reference.as_str(),
                Value::Object(stub) => stub.get("id").and_then(Value::as_str).unwrap_or_default(),
                _ => "",
            };
            match expected.number_of(reference) {
                Some(number) => found.push((*expected, number)),
                None => {
                    return Err(invalid(format!(
                        "„{field}“ muss auf Objekte vom Typ {} dieses Servers zeigen; „{reference}“ tut das nicht.",
                        expected.path()
                    )));
                }
            }
        }
    }
    for field in EXTERNAL_ALLOWED {
        if let Some(reference) = fields.get(*field).and_then(Value::as_str)
            && !reference.starts_with("https://")
            && !reference.starts_with("http://")
        {
            match Kind::parse_reference(reference) {
                Some(local) => found.push(local),
                None => {
                    return Err(invalid(format!(
                        "„{field}“ muss eine URL sein; „{reference}“ ist keine."
                    )));
                }
            }
        }
    }
    found.sort_by_key(|(kind, number)| (kind.path(), *number));
    found.dedup();
    Ok(found)
}

/// Dates must be `yyyy-mm-dd`, points in time carry their offset; they are
/// stored in OParl's exact form so that clients can compare them as text.
fn normalise_dates(fields: &mut Map<String, Value>) -> Result<()> {
    for field in DATE_FIELDS {
        if let Some(value) = fields.get(*field).and_then(Value::as_str)
            && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err()
        {
            return Err(invalid(format!(
                "„{field}“ muss ein Datum der Form JJJJ-MM-TT sein, nicht „{value}“."
            )));
        }
    }
    for field in DATE_TIME_FIELDS {
        if let Some(value) = fields.get(*field).and_then(Value::as_str) {
            let time = DateTime::parse_from_rfc3339(value).map_err(|_| {
                invalid(format!(
                    "„{field}“ muss ein Zeitpunkt mit Zeitzone sein (z. B. 2026-03-05T17:00:00+01:00), nicht „{value}“."
                ))
            })?;
            let exact = time.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
            fields.insert((*field).to_owned(), Value::from(exact));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use shared::oparl::{Meeting, Paper};

    const BASE: &str = "https://rat.example/oparl/v1/";

    #[test]
    fn references_become_relative_and_embedded_objects_stubs() {
        let draft = draft::<Paper>(
            json!({
                "id": "https://elsewhere.example/paper/1",
                "name": "Radweg Hammer Straße",
                "originatorPerson": [format!("{BASE}person/4")],
                "mainFile": {"id": format!("{BASE}file/2"), "name": "ignored"},
                "location": [{"id": "location/3", "description": "ignored"}],
                "modified": "2020-01-01T00:00:00+00:00",
            }),
            BASE,
        )
        .unwrap();
        assert_eq!(
            draft.doc,
            json!({
                "name": "Radweg Hammer Straße",
                "originatorPerson": ["person/4"],
                "mainFile": {"id": "file/2"},
                "location": [{"id": "location/3"}],
            })
        );
        assert_eq!(
            draft.references,
            [(Kind::File, 2), (Kind::Location, 3), (Kind::Person, 4)]
        );
    }

    #[test]
    fn refuses_wrong_types_children_and_malformed_dates() {
        let wrong = draft::<Paper>(json!({"originatorPerson": ["organization/1"]}), BASE);
        assert!(matches!(wrong, Err(Error::InvalidInput(m)) if m.contains("originatorPerson")));
        let children = draft::<Meeting>(json!({"agendaItem": [{"name": "TOP 1"}]}), BASE);
        assert!(matches!(children, Err(Error::InvalidInput(m)) if m.contains("agenda-item")));
        let read_back = draft::<Meeting>(
            json!({"name": "Rat", "agendaItem": [{"id": format!("{BASE}agenda-item/1"), "name": "TOP 1"}]}),
            BASE,
        )
        .unwrap();
        assert_eq!(read_back.doc, json!({"name": "Rat"}));
        let date = draft::<Paper>(json!({"date": "5.3.2026"}), BASE);
        assert!(matches!(date, Err(Error::InvalidInput(m)) if m.contains("JJJJ-MM-TT")));
        let embedded = draft::<Paper>(json!({"mainFile": {"name": "neu.pdf"}}), BASE);
        assert!(matches!(embedded, Err(Error::InvalidInput(_))));
    }

    #[test]
    fn times_keep_their_offset_in_exact_form_and_parents_are_taken_apart() {
        let meeting =
            draft::<Meeting>(json!({"start": "2026-03-05T17:00:00.000+01:00"}), BASE).unwrap();
        assert_eq!(meeting.doc["start"], json!("2026-03-05T17:00:00+01:00"));
        let item = draft::<shared::oparl::AgendaItem>(
            json!({"meeting": format!("{BASE}meeting/12"), "name": "Haushalt"}),
            BASE,
        )
        .unwrap();
        assert_eq!(item.parent, Some(12));
        assert!(item.doc.get("meeting").is_none());
        let bad_parent = draft::<shared::oparl::AgendaItem>(json!({"meeting": "paper/1"}), BASE);
        assert!(bad_parent.is_err());
    }
}
