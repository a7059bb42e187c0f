//! A GeoReport v2 form body or query string (`POST requests.json`,
//! `GET requests.xml?…`): `open311::georeport::Params::parse` and every
//! reading of it that happens before the database is asked — required
//! fields, numbers (`lat`, `long`, `page`, `page_size`), comma lists,
//! `attribute[code][]`, the `start_date`/`end_date` window, `bbox`, and the
//! status names of `servicerequestupdates`.
//!
//! Checks: nothing panics; list entries are trimmed, non-empty and free of
//! commas; every `attribute[…]` pair of the body lands in exactly one
//! answer; an accepted window is ordered and at most 90 days long; an
//! accepted bbox is ordered; a status name mapped to ours maps back; and an
//! error answer quoting any field value is well-formed XML that reads back
//! as the value.

#![no_main]

use chrono::Duration;
use digitale_stadt::open311::{
    format::{Document, Field, Format, text},
    georeport::{Params, bbox, external_status, status_from_external, window},
};
use fuzz_checks::{line_ends, xml_text_read_back};
use libfuzzer_sys::fuzz_target;
use shared::defects::DefectStatus;

fuzz_target!(|data: &[u8]| {
    let params = Params::parse(data);
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(data).into_owned().collect();

    for name in [
        "service_code",
        "api_key",
        "description",
        "address_string",
        "email",
    ] {
        if let Some(value) = params.get(name) {
            assert!(
                !value.is_empty() && value.trim() == value,
                "{name}={value:?}"
            );
        }
    }
    let _ = params.number::<f64>("lat");
    let _ = params.number::<f64>("long");
    let _ = params.number::<usize>("page");
    let _ = params.number::<usize>("page_size");

    for name in ["service_request_id", "status", "service_code"] {
        for entry in params.list(name) {
            assert!(!entry.is_empty() && entry.trim() == entry && !entry.contains(','));
        }
    }

    let attributes = params.attributes();
    let given = pairs
        .iter()
        .filter(|(name, _)| name.starts_with("attribute["))
        .count();
    assert_eq!(attributes.values().map(Vec::len).sum::<usize>(), given);

    if let Ok((start, end)) = window(&params) {
        assert!(
            start <= end && end - start <= Duration::days(90),
            "{start} {end}"
        );
    }
    if let Ok(Some([min_lon, min_lat, max_lon, max_lat])) = bbox(&params) {
        assert!(min_lon <= max_lon && min_lat <= max_lat);
    }

    if let Some(name) = params.get("status") {
        for current in DefectStatus::ALL {
            if let Some(ours) = status_from_external(name, current) {
                assert!(status_from_external(external_status(ours), current).is_some());
            }
        }
    }
    if let Some(code) = params.get("external_status_code") {
        let _ = DefectStatus::from_key(code);
    }
    if let Some(file) = params.get("file") {
        if let Some((name, _)) = Format::split(file) {
            assert!(file.starts_with(name));
        }
    }

    // Refusals quote the caller's value back, in XML for `.xml` calls.
    for (name, value) in &pairs {
        let description = format!("{name} must be a number, not \"{value}\"");
        let document = Document::List {
            root: "errors",
            item: "error",
            items: vec![vec![
                ("code", Field::Integer(400)),
                ("description", text(description.clone())),
            ]],
        };
        let xml = document.to_xml();
        let tree = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|err| panic!("malformed XML ({err}): {xml:?}"));
        let read = tree
            .descendants()
            .find(|n| n.has_tag_name("description"))
            .map(|n| line_ends(n.text().unwrap_or_default()))
            .unwrap_or_else(|| panic!("no description in {xml:?}"));
        assert_eq!(read, xml_text_read_back(&description), "{xml:?}");
    }
});
