//! References that OParl shows from both ends. When an editor links a file
//! to a paper, the file's `paper` list must name the paper too; when an
//! agenda item treats a consultation, the consultation names the item. The
//! editor writes one end, this module works out the other.

use serde_json::{Map, Value};

use super::kind::Kind;

/// One end of a two-sided reference, as seen from the object that names it.
struct Pairing {
    owner: Kind,
    /// Fields of the owner holding references or embedded stubs.
    fields: &'static [&'static str],
    target: Kind,
    /// Field of the target that names the owner back.
    back: &'static str,
    /// Whether `back` is a list (else a single reference).
    many: bool,
}

const PAIRINGS: &[Pairing] = &[
    Pairing {
        owner: Kind::Meeting,
        fields: &[
            "invitation",
            "resultsProtocol",
            "verbatimProtocol",
            "auxiliaryFile",
        ],
        target: Kind::File,
        back: "meeting",
        many: true,
    },
    Pairing {
        owner: Kind::AgendaItem,
        fields: &["resolutionFile", "auxiliaryFile"],
        target: Kind::File,
        back: "agendaItem",
        many: true,
    },
    Pairing {
        owner: Kind::Paper,
        fields: &["mainFile", "auxiliaryFile"],
        target: Kind::File,
        back: "paper",
        many: true,
    },
    Pairing {
        owner: Kind::Body,
        fields: &["location"],
        target: Kind::Location,
        back: "bodies",
        many: true,
    },
    Pairing {
        owner: Kind::Organization,
        fields: &["location"],
        target: Kind::Location,
        back: "organizations",
        many: true,
    },
    Pairing {
        owner: Kind::Person,
        fields: &["locationObject"],
        target: Kind::Location,
        back: "persons",
        many: true,
    },
    Pairing {
        owner: Kind::Meeting,
        fields: &["location"],
        target: Kind::Location,
        back: "meetings",
        many: true,
    },
    Pairing {
        owner: Kind::Paper,
        fields: &["location"],
        target: Kind::Location,
        back: "papers",
        many: true,
    },
    Pairing {
        owner: Kind::Membership,
        fields: &["organization"],
        target: Kind::Organization,
        back: "membership",
        many: true,
    },
    Pairing {
        owner: Kind::Consultation,
        fields: &["agendaItem"],
        target: Kind::AgendaItem,
        back: "consultation",
        many: false,
    },
    Pairing {
        owner: Kind::AgendaItem,
        fields: &["consultation"],
        target: Kind::Consultation,
        back: "agendaItem",
        many: false,
    },
];

/// The other end of one reference: object `number` of kind `target` names
/// the owner in its field `back`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BackReference {
    pub target: Kind,
    pub number: u64,
    pub back: &'static str,
    pub many: bool,
}

/// The pairings in which a file or place names the objects embedding it.
fn embedding(kind: Kind) -> impl Iterator<Item = &'static Pairing> {
    PAIRINGS
        .iter()
        .filter(move |p| p.target == kind && matches!(kind, Kind::File | Kind::Location))
}

/// The fields of a file or place that name the objects embedding it.
pub fn embedder_fields(kind: Kind) -> impl Iterator<Item = &'static str> {
    embedding(kind).map(|pairing| pairing.back)
}

/// The fields of a file or place that name the objects embedding it, each
/// with the kind of those objects.
pub fn embedder_kinds(kind: Kind) -> impl Iterator<Item = (&'static str, Kind)> {
    embedding(kind).map(|pairing| (pairing.back, pairing.owner))
}

/// The files and places the fields of an `owner` object embed, as the
/// references it holds (ours or a foreign server's), each with the field of
/// the embedded object that names the owner back.
pub fn embedded(owner: Kind, fields: &Map<String, Value>) -> Vec<(&str, &'static str)> {
    PAIRINGS
        .iter()
        .filter(|p| p.owner == owner && matches!(p.target, Kind::File | Kind::Location))
        .flat_map(|pairing| {
            pairing
                .fields
                .iter()
                .flat_map(|field| references_in(fields.get(*field)))
                .map(|reference| (reference, pairing.back))
        })
        .collect()
}

/// The references a field holds: one or a list, each a reference or an
/// embedded stub (`{"id": …}`).
pub fn references_in(value: Option<&Value>) -> Vec<&str> {
    let values = match value {
        Some(Value::Array(values)) => values.iter().collect(),
        Some(value) => vec![value],
        None => Vec::new(),
    };
    values
        .into_iter()
        .filter_map(|value| match value {
            Value::String(reference) => Some(reference.as_str()),
            Value::Object(stub) => stub.get("id").and_then(Value::as_str),
            _ => None,
        })
        .collect()
}

/// The objects that embed a file or place, read from its back-references.
pub fn embedders(kind: Kind, doc: &Value) -> Vec<(Kind, u64)> {
    embedding(kind)
        .flat_map(|pairing| {
            doc.get(pairing.back)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter_map(|reference| pairing.owner.number_of(reference))
                .map(|number| (pairing.owner, number))
        })
        .collect()
}

/// The back-references a stored document of `kind` implies.
pub fn back_references(kind: Kind, doc: &Value) -> Vec<BackReference> {
    let mut found = Vec::new();
    for pairing in PAIRINGS.iter().filter(|p| p.owner == kind) {
        for field in pairing.fields {
            for reference in references_in(doc.get(*field)) {
                if let Some(number) = pairing.target.number_of(reference) {
                    let link = BackReference {
                        target: pairing.target,
                        number,
                        back: pairing.back,
                        many: pairing.many,
                    };
                    if !found.contains(&link) {
                        found.push(link);
                    }
                }
            }
        }
    }
    found
}

/// Names `owner` in the list `back` of a document's fields (a file's
/// `agendaItem`, a place's `meetings` …), unless it is named there already.
pub fn name_in(fields: &mut Map<String, Value>, back: &str, owner: &str) {
    in_list(fields, back, owner, true);
}

/// Adds or removes `owner` in the list `back`; whether the list changed.
fn in_list(map: &mut Map<String, Value>, back: &str, owner: &str, present: bool) -> bool {
    let list = map.entry(back).or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    let Value::Array(list) = list else {
        return false;
    };
    let named = list.iter().any(|value| value.as_str() == Some(owner));
    match (present, named) {
        (true, false) => list.push(Value::from(owner)),
        (false, true) => list.retain(|value| value.as_str() != Some(owner)),
        _ => return false,
    }
    if list.is_empty() {
        map.remove(back);
    }
    true
}

/// Writes (or, with `present` false, removes) the owner's reference into
/// the target's document. Returns whether the document changed.
pub fn apply(doc: &mut Value, link: &BackReference, owner: &str, present: bool) -> bool {
    let Value::Object(map) = doc else {
        return false;
    };
    if link.many {
        in_list(map, link.back, owner, present)
    } else {
        let named = map.get(link.back).and_then(Value::as_str) == Some(owner);
        match (present, named) {
            (true, false) => {
                map.insert(link.back.to_owned(), Value::from(owner));
                true
            }
            // Only the reference to this owner is cleared; another owner may
            // have taken the place since.
            (false, true) => {
                map.remove(link.back);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn files_places_and_consultations_name_their_owners_back() {
        let paper = json!({
            "mainFile": {"id": "file/3"},
            "auxiliaryFile": [{"id": "file/4"}, {"id": "file/3"}],
            "location": [{"id": "location/9"}],
            "originatorPerson": ["person/1"],
        });
        let links = back_references(Kind::Paper, &paper);
        let named: Vec<(Kind, u64, &str)> =
            links.iter().map(|l| (l.target, l.number, l.back)).collect();
        assert_eq!(
            named,
            [
                (Kind::File, 3, "paper"),
                (Kind::File, 4, "paper"),
                (Kind::Location, 9, "papers"),
            ]
        );
        let item = back_references(Kind::AgendaItem, &json!({"consultation": "consultation/5"}));
        assert_eq!(item.len(), 1);
        assert!(!item[0].many);
    }

    #[test]
    fn files_and_places_name_what_embeds_them() {
        let place = json!({"papers": ["paper/2"], "meetings": ["meeting/5"], "bodies": ["body/1"]});
        let mut owners = embedders(Kind::Location, &place);
        owners.sort_by_key(|(kind, n)| (kind.path(), *n));
        assert_eq!(
            owners,
            [(Kind::Body, 1), (Kind::Meeting, 5), (Kind::Paper, 2)]
        );
        let fields: Vec<&str> = embedder_fields(Kind::File).collect();
        assert_eq!(fields, ["meeting", "agendaItem", "paper"]);
        assert!(embedders(Kind::Organization, &json!({"membership": ["membership/1"]})).is_empty());
    }

    #[test]
    fn applying_adds_once_and_removes_only_the_owner() {
        let link = BackReference {
            target: Kind::File,
            number: 3,
            back: "paper",
            many: true,
        };
        let mut file = json!({"name": "Vorlage", "paper": ["paper/1"]});
        assert!(apply(&mut file, &link, "paper/2", true));
        assert!(!apply(&mut file, &link, "paper/2", true));
        assert_eq!(file["paper"], json!(["paper/1", "paper/2"]));
        assert!(apply(&mut file, &link, "paper/1", false));
        assert!(apply(&mut file, &link, "paper/2", false));
        assert!(file.get("paper").is_none());

        let single = BackReference {
            target: Kind::Consultation,
            number: 5,
            back: "agendaItem",
            many: false,
        };
        let mut consultation = json!({"agendaItem": "agenda-item/8"});
        assert!(!apply(&mut consultation, &single, "agenda-item/7", false));
        assert!(apply(&mut consultation, &single, "agenda-item/7", true));
        assert_eq!(consultation["agendaItem"], json!("agenda-item/7"));
    }
}
