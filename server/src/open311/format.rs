//! GeoReport v2 answers in both formats from one description: XML as the
//! spec requires, JSON as its "Spark convention" mapping of that XML (a
//! root list becomes an array of objects, nested lists arrays).

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `requests.json` into `requests` and its format.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (name, extension) = file.rsplit_once('.')?;
        let format = match extension {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        Some((name, format))
    }
}

/// A value in an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    Number(f64),
    Integer(i64),
    Bool(bool),
    /// Left out of XML, `null` in JSON.
    Empty,
    /// A nested list: its XML element name per item, and the items.
    List(&'static str, Vec<Item>),
    /// A list of plain values, e.g. formats.
    Values(&'static str, Vec<String>),
}

/// One object: named fields in order.
pub type Item = Vec<(&'static str, Field)>;

pub fn text(value: impl Into<String>) -> Field {
    Field::Text(value.into())
}

pub fn optional(value: Option<impl Into<String>>) -> Field {
    value.map_or(Field::Empty, |v| Field::Text(v.into()))
}

/// An answer: a root element holding items, or a single object.
pub enum Document {
    List {
        root: &'static str,
        item: &'static str,
        items: Vec<Item>,
    },
    Object {
        root: &'static str,
        fields: Item,
    },
}

impl Document {
    pub fn respond(&self, format: Format, status: StatusCode) -> Response {
        match format {
            Format::Json => (
                status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                self.to_json().to_string(),
            )
                .into_response(),
            Format::Xml => (
                status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                self.to_xml(),
            )
                .into_response(),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Document::List { items, .. } => Value::Array(items.iter().map(item_json).collect()),
            Document::Object { fields, .. } => item_json(fields),
        }
    }

    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        match self {
            Document::List { root, item, items } => {
                open(&mut out, root);
                for fields in items {
                    item_xml(&mut out, item, fields);
                }
                close(&mut out, root);
            }
            Document::Object { root, fields } => item_xml(&mut out, root, fields),
        }
        out
    }
}

fn item_json(fields: &Item) -> Value {
    let mut object = Map::new();
    for (name, field) in fields {
        object.insert((*name).to_owned(), field_json(field));
    }
    Value::Object(object)
}

fn field_json(field: &Field) -> Value {
    match field {
        Field::Text(text) => Value::String(text.clone()),
        Field::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
        Field::Integer(n) => Value::from(*n),
        Field::Bool(b) => Value::Bool(*b),
        Field::Empty => Value::Null,
        Field::List(_, items) => Value::Array(items.iter().map(item_json).collect()),
        Field::Values(_, values) => {
            Value::Array(values.iter().cloned().map(Value::String).collect())
        }
    }
}

fn item_xml(out: &mut String, name: &str, fields: &Item) {
    open(out, name);
    for (field_name, field) in fields {
        match field {
            Field::Empty => {}
            Field::List(item, items) => {
                open(out, field_name);
                for fields in items {
                    item_xml(out, item, fields);
                }
                close(out, field_name);
            }
            Field::Values(item, values) => {
                open(out, field_name);
                for value in values {
                    element(out, item, value);
                }
                close(out, field_name);
            }
            Field::Text(text) => element(out, field_name, text),
            Field::Number(n) => element(out, field_name, &n.to_string()),
            Field::Integer(n) => element(out, field_name, &n.to_string()),
            Field::Bool(b) => element(out, field_name, if *b { "true" } else { "false" }),
        }
    }
    close(out, name);
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn element(out: &mut String, name: &str, value: &str) {
    open(out, name);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    close(out, name);
}

/// The spec's error answer: a list of code and description, with the code
/// also as the HTTP status.
pub fn error(format: Format, status: StatusCode, description: &str) -> Response {
    Document::List {
        root: "errors",
        item: "error",
        items: vec![vec![
            ("code", Field::Integer(i64::from(status.as_u16()))),
            ("description", text(description)),
        ]],
    }
    .respond(format, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document::List {
            root: "services",
            item: "service",
            items: vec![vec![
                ("service_code", text("schlagloch")),
                ("service_name", text("Schlagloch & Riss <Straße>")),
                ("metadata", Field::Bool(true)),
                ("group", Field::Empty),
                (
                    "values",
                    Field::List("value", vec![vec![("key", text("a"))]]),
                ),
            ]],
        }
    }

    #[test]
    fn xml_escapes_and_leaves_out_empty_fields() {
        assert_eq!(
            sample().to_xml(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><service_code>schlagloch</service_code>\
             <service_name>Schlagloch &amp; Riss &lt;Straße&gt;</service_name><metadata>true</metadata>\
             <values><value><key>a</key></value></values></service></services>"
        );
    }

    #[test]
    fn json_is_the_spark_mapping() {
        assert_eq!(
            sample().to_json(),
            serde_json::json!([{
                "service_code": "schlagloch", "service_name": "Schlagloch & Riss <Straße>",
                "metadata": true, "group": null, "values": [{"key": "a"}]
            }])
        );
    }

    /// Found by the fuzz target `open311_form` (minimised input: the form
    /// body of the three bytes EF BF BF, U+FFFF): quoted in an XML answer,
    /// as in the refusal of `lat=%EF%BF%BF` or a description in
    /// `requests.xml`, it made the whole document unreadable for clients.
    #[test]
    fn xml_leaves_out_the_noncharacters_xml_forbids() {
        let document = Document::List {
            root: "errors",
            item: "error",
            items: vec![vec![(
                "description",
                text("\u{FFFF} is not a number; nor is \u{FFFE}\u{1}, but \u{FFFD} is kept"),
            )]],
        };
        let xml = document.to_xml();
        let tree = roxmltree::Document::parse(&xml).unwrap();
        let description = tree
            .descendants()
            .find(|n| n.has_tag_name("description"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(
            description,
            " is not a number; nor is , but \u{FFFD} is kept"
        );
    }

    #[test]
    fn file_names_carry_the_format() {
        assert_eq!(
            Format::split("requests.json"),
            Some(("requests", Format::Json))
        );
        assert_eq!(
            Format::split("services.xml"),
            Some(("services", Format::Xml))
        );
        assert_eq!(Format::split("requests.html"), None);
        assert_eq!(Format::split("requests"), None);
    }
}
