//! The GeoReport v2 answer writer (`open311::format::Document`): citizens'
//! descriptions, addresses, status notes and error messages go out as XML
//! (and as JSON). The input is split at `|` into text values, which fill
//! every kind of field a real answer has: plain texts, nested lists (notes),
//! plain value lists (photos), numbers and empty fields.
//!
//! Checks: the XML is well-formed (roxmltree parses it), has the expected
//! elements, and each text reads back as written (minus what XML 1.0 cannot
//! carry, with XML's line-end normalisation); the JSON reads back exactly.

#![no_main]

use digitale_stadt::open311::format::{Document, Field, Item, text};
use fuzz_checks::{line_ends, xml_text_read_back};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let values: Vec<&str> = input.split('|').collect();
    let number = f64::from_bits(u64::from(shape).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let item = |value: &str| -> Item {
        vec![
            ("service_request_id", Field::Integer(i64::from(shape))),
            ("description", text(value)),
            ("lat", Field::Number(number)),
            ("media_url", Field::Empty),
            (
                "notes",
                Field::List(
                    "note",
                    vec![vec![
                        ("description", text(value)),
                        ("summary", Field::Empty),
                    ]],
                ),
            ),
            ("photos", Field::Values("photo", vec![value.to_owned()])),
            ("flag", Field::Bool(shape % 2 == 0)),
        ]
    };
    let items: Vec<Item> = values.iter().map(|v| item(v)).collect();
    let document = if shape & 0x80 == 0 {
        Document::List {
            root: "service_requests",
            item: "request",
            items,
        }
    } else {
        Document::Object {
            root: "service_request",
            fields: items.into_iter().next().unwrap_or_default(),
        }
    };
    let expected: Vec<&str> = match &document {
        Document::List { .. } => values.clone(),
        Document::Object { .. } => values[..1].to_vec(),
    };

    let xml = document.to_xml();
    let tree = roxmltree::Document::parse(&xml)
        .unwrap_or_else(|err| panic!("malformed XML ({err}): {xml:?}"));
    let texts = |tag: &str| -> Vec<String> {
        tree.descendants()
            .filter(|n| n.has_tag_name(tag))
            .map(|n| line_ends(n.text().unwrap_or_default()))
            .collect()
    };
    let wanted: Vec<String> = expected.iter().map(|v| xml_text_read_back(v)).collect();
    let twice: Vec<String> = wanted.iter().flat_map(|w| [w.clone(), w.clone()]).collect();
    // An item's own description, then its note's.
    assert_eq!(texts("description"), twice, "{xml:?}");
    assert_eq!(texts("photo"), wanted, "{xml:?}");
    assert!(texts("media_url").is_empty() && texts("summary").is_empty());

    let json = document.to_json().to_string();
    let back: serde_json::Value = serde_json::from_str(&json).expect("own JSON parses");
    let descriptions: Vec<&str> = match &back {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i["description"].as_str().unwrap())
            .collect(),
        object => vec![object["description"].as_str().unwrap()],
    };
    assert_eq!(descriptions, expected);
});
