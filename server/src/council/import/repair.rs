//! Other OParl servers' documents as they really are, made readable: the
//! shape mistakes listed in the OParl notes (§2) are repaired here, each
//! kind of repair counted once per kind of object for the summary.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::council::kind::Kind;

/// Repairs made during an import, by what was wrong; with one example each.
#[derive(Debug, Default)]
pub struct Warnings {
    seen: BTreeMap<String, (usize, String)>,
}

impl Warnings {
    pub fn note(&mut self, what: impl Into<String>, example: &str) {
        let what = what.into();
        let entry = self.seen.entry(what.clone()).or_insert_with(|| {
            tracing::warn!(%what, example, "repaired while importing");
            (0, example.to_owned())
        });
        entry.0 += 1;
    }

    /// One line per kind of problem: count, description, first example.
    pub fn lines(&self) -> Vec<String> {
        self.seen
            .iter()
            .map(|(what, (count, example))| format!("{count:>6} × {what} (z. B. {example})"))
            .collect()
    }
}

/// Fields that OParl defines as lists, per type.
fn list_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Body => &["equivalent", "legislativeTerm"],
        Kind::Organization => &["membership", "post"],
        Kind::Person => &["title", "phone", "email", "status", "membership"],
        Kind::Meeting => &["organization", "participant", "auxiliaryFile", "agendaItem"],
        Kind::AgendaItem => &["auxiliaryFile"],
        Kind::Paper => &[
            "relatedPaper",
            "superordinatedPaper",
            "subordinatedPaper",
            "auxiliaryFile",
            "location",
            "originatorPerson",
            "underDirectionOf",
            "originatorOrganization",
            "consultation",
        ],
        Kind::Consultation => &["organization"],
        Kind::File => &["derivativeFile", "meeting", "agendaItem", "paper"],
        Kind::Location => &["bodies", "organizations", "persons", "meetings", "papers"],
        Kind::LegislativeTerm | Kind::Membership => &[],
    }
}

fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || matches!(text, "N/A" | "n/a" | "n.a." | "-" | "--")
}

/// Repairs one object of the given type in place.
pub fn repair(kind: Kind, fields: &mut Map<String, Value>, warnings: &mut Warnings) {
    let id = fields
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let what = kind.path();
    fields.retain(|name, value| match value {
        Value::Null => false,
        Value::String(text) if is_placeholder(text) => {
            warnings.note(
                format!("{what}: Platzhalter („N/A“, leer) statt Wert"),
                &format!("{id} {name}"),
            );
            false
        }
        _ => true,
    });
    for field in list_fields(kind).iter().chain(["keyword"].iter()) {
        if let Some(value) = fields.get_mut(*field)
            && !value.is_array()
        {
            warnings.note(format!("{what}: „{field}“ als Einzelwert statt Liste"), &id);
            *value = Value::Array(vec![value.take()]);
        }
        if let Some(Value::Array(items)) = fields.get_mut(*field) {
            items.retain(|item| !item.is_null());
        }
    }
    if kind == Kind::Person
        && let Some(Value::Object(_)) = fields.get("location")
        && let Some(location) = fields.remove("location")
    {
        warnings.note("person: „location“ als Objekt statt URL", &id);
        fields.entry("locationObject").or_insert(location);
    }
    if kind == Kind::Body
        && let Some(Value::String(ags)) = fields.get_mut("ags")
        && ags.len() < 8
        && ags.chars().all(|c| c.is_ascii_digit())
    {
        warnings.note("body: AGS ohne führende Null", &id);
        *ags = format!("{ags:0>8}");
    }
}

/// Escapes raw control characters inside JSON strings, which some servers
/// send unescaped. Returns `None` when there were none.
pub fn escape_control_characters(text: &str) -> Option<String> {
    if !text
        .chars()
        .any(|c| c < ' ' && !matches!(c, '\n' | '\r' | '\t'))
        && !has_raw_breaks_in_strings(text)
    {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c < ' ' {
                out.push_str(&format!("\\u{:04x}", c as u32));
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    Some(out)
}

/// Line breaks are legal between tokens but not inside strings.
fn has_raw_breaks_in_strings(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                (false, c) if c < ' ' => return true,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(kind: Kind, value: Value) -> (Value, Warnings) {
        let mut warnings = Warnings::default();
        let Value::Object(mut fields) = value else {
            panic!("test objects are objects")
        };
        repair(kind, &mut fields, &mut warnings);
        (Value::Object(fields), warnings)
    }

    #[test]
    fn repairs_the_shapes_real_servers_send() {
        let (meeting, warnings) = repaired(
            Kind::Meeting,
            json!({"id": "m1", "name": " ", "auxiliaryFile": {"id": "f1"}, "end": null, "room": "N/A"}),
        );
        assert_eq!(
            meeting,
            json!({"id": "m1", "auxiliaryFile": [{"id": "f1"}]})
        );
        assert_eq!(warnings.lines().len(), 2, "{:?}", warnings.lines());

        let (person, _) = repaired(
            Kind::Person,
            json!({"id": "p1", "location": {"id": "l1", "streetAddress": "Klemensstraße 10"}}),
        );
        assert_eq!(person["locationObject"]["id"], "l1");
        assert!(person.get("location").is_none());

        let (body, warnings) = repaired(Kind::Body, json!({"id": "b1", "ags": "5515000"}));
        assert_eq!(body["ags"], "05515000");
        assert!(warnings.lines()[0].contains("AGS"));
    }

    #[test]
    fn escapes_raw_control_characters_inside_strings_only() {
        let broken = "{\"name\": \"Zeile 1\nZeile\u{1} 2\",\n \"x\": 1}";
        assert!(serde_json::from_str::<Value>(broken).is_err());
        let fixed = escape_control_characters(broken).unwrap();
        let value: Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(value["name"], "Zeile 1\nZeile\u{1} 2");
        assert_eq!(escape_control_characters("{\n\"a\": 1\n}"), None);
    }
}
