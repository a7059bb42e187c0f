//! OParl 1.1 conformance: crawls the demo council from the System object and
//! checks every page and object against the draft-07 schemas of the spec plus
//! the rules the schemas cannot express (see the OParl notes, §3).

use std::{
    collections::{HashMap, HashSet},
    fs,
    path::Path,
    sync::OnceLock,
};

use digitale_stadt::council::{self, Kind};
use jsonschema::{Retrieve, Uri, Validator};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_demo_app};

const ERROR_TYPE: &str = "https://schema.oparl.org/1.1/Error";

/// Serves `https://schema.oparl.org/1.1/<Type>.json` from the copies in tests/oparl-schema.
struct LocalSchemas;

impl Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        Ok(load_schema(name))
    }
}

fn load_schema(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oparl-schema")
        .join(file);
    serde_json::from_str(
        &fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

struct Schemas {
    objects: HashMap<String, Validator>,
    list_page: Validator,
    error: Validator,
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let build = |file: &str| {
            jsonschema::options()
                .with_retriever(LocalSchemas)
                .build(&load_schema(file))
                .unwrap()
        };
        let objects = [
            "System",
            "Body",
            "LegislativeTerm",
            "Organization",
            "Person",
            "Membership",
            "Meeting",
            "AgendaItem",
            "Paper",
            "Consultation",
            "File",
            "Location",
        ]
        .into_iter()
        .map(|name| {
            (
                format!("https://schema.oparl.org/1.1/{name}"),
                build(&format!("{name}.json")),
            )
        })
        .collect();
        Schemas {
            objects,
            list_page: build("ExternalListPage.json"),
            error: build("Error.json"),
        }
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 25
        && is_date(&s[..10])
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (b[19] == b'+' || b[19] == b'-')
        && b[22] == b':'
        && [11, 12, 14, 15, 17, 18, 20, 21, 23, 24]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

/// Back-references an object carries only when fetched on its own.
fn back_references(kind: &str) -> &'static [&'static str] {
    match kind.rsplit('/').next().unwrap_or_default() {
        "LegislativeTerm" => &["body"],
        "Membership" => &["person"],
        "AgendaItem" => &["meeting"],
        "Consultation" => &["paper", "meeting", "agendaItem"],
        "File" => &["meeting", "agendaItem", "paper"],
        "Location" => &["bodies", "organizations", "persons", "meetings", "papers"],
        _ => &[],
    }
}

/// Embedded objects per type: (field, is array).
fn embedded_fields(kind: &str) -> &'static [(&'static str, bool)] {
    match kind.rsplit('/').next().unwrap_or_default() {
        "Body" => &[("legislativeTerm", true), ("location", false)],
        "Organization" => &[("location", false)],
        "Person" => &[("membership", true), ("locationObject", false)],
        "Meeting" => &[
            ("location", false),
            ("invitation", false),
            ("resultsProtocol", false),
            ("verbatimProtocol", false),
            ("auxiliaryFile", true),
            ("agendaItem", true),
        ],
        "AgendaItem" => &[("resolutionFile", false), ("auxiliaryFile", true)],
        "Paper" => &[
            ("mainFile", false),
            ("auxiliaryFile", true),
            ("location", true),
            ("consultation", true),
        ],
        _ => &[],
    }
}

/// Checks one object (and, recursively, what it embeds); returns the ids of
/// the embedded objects.
pub fn check_object(object: &Value, embedded: bool, problems: &mut Vec<String>) -> Vec<String> {
    let id = object["id"].as_str().unwrap_or("<no id>").to_owned();
    let kind = object["type"].as_str().unwrap_or_default().to_owned();
    let mut say = |problem: String| problems.push(format!("{id}: {problem}"));
    let Some(validator) = schemas().objects.get(&kind) else {
        say(format!("unknown type {kind:?}"));
        return Vec::new();
    };
    for field in ["created", "modified"] {
        match object[field].as_str() {
            Some(value) if is_date_time(value) => {}
            other => say(format!(
                "{field} is {other:?}, not yyyy-mm-ddThh:mm:ss±hh:mm"
            )),
        }
    }
    if object["deleted"] == Value::Bool(true) {
        let keys: HashSet<&str> = object
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if keys != HashSet::from(["id", "type", "created", "modified", "deleted"]) {
            say(format!("tombstone with extra fields {keys:?}"));
        }
        return Vec::new();
    }
    for error in validator.iter_errors(object) {
        say(format!("schema: {error} at {}", error.instance_path()));
    }
    for (key, value) in object.as_object().into_iter().flatten() {
        match value {
            Value::Null => say(format!("{key} is null")),
            Value::String(s) if s.trim().is_empty() => say(format!("{key} is an empty string")),
            Value::Array(a)
                if a.is_empty() && !(key == "legislativeTerm" && kind.ends_with("/Body")) =>
            {
                say(format!("{key} is an empty array"))
            }
            Value::String(s)
                if ["startDate", "endDate", "date"].contains(&key.as_str()) && !is_date(s) =>
            {
                say(format!("{key} {s:?} is not yyyy-mm-dd"))
            }
            Value::String(s)
                if ["start", "end", "oparlSince", "licenseValidSince"].contains(&key.as_str())
                    && !is_date_time(s) =>
            {
                say(format!("{key} {s:?} is not a date-time"))
            }
            _ => {}
        }
    }
    if embedded {
        for field in back_references(&kind) {
            if object.get(*field).is_some() {
                say(format!(
                    "embedded object carries its back-reference {field}"
                ));
            }
        }
    }
    if let Some(geojson) = object.get("geojson")
        && (geojson["type"] != "Feature"
            || geojson["geometry"]["coordinates"][0]
                .as_f64()
                .is_none_or(|lon| !(5.0..16.0).contains(&lon)))
    {
        say(format!(
            "geojson is not a Feature with longitude first: {geojson}"
        ));
    }
    let mut embedded_ids = Vec::new();
    let mut nested = Vec::new();
    for (field, many) in embedded_fields(&kind) {
        let values: Vec<&Value> = match (&object[*field], many) {
            (Value::Array(items), true) => items.iter().collect(),
            (Value::Object(_), false) => vec![&object[*field]],
            (Value::Null, _) => Vec::new(),
            (other, _) => {
                say(format!("{field} has the wrong shape: {other}"));
                Vec::new()
            }
        };
        for value in values {
            embedded_ids.extend(value["id"].as_str().map(str::to_owned));
            nested.push(value);
        }
    }
    for value in nested {
        embedded_ids.extend(check_object(value, true, problems));
    }
    embedded_ids
}

pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

pub async fn get_json(app: &TestApp, url: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let response = app.client.get(url).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

/// Walks a list from its first page; checks every page and returns the items.
async fn walk(app: &TestApp, first: &str, problems: &mut Vec<String>) -> Vec<Value> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut url = first.to_owned();
    let mut page_sizes = Vec::new();
    for _ in 0..10_000 {
        let (status, headers, page) = get_json(app, &url).await;
        if status != StatusCode::OK {
            problems.push(format!("{url}: status {status}"));
            break;
        }
        if headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none_or(|v| v != "*")
        {
            problems.push(format!("{url}: no CORS header"));
        }
        for error in schemas().list_page.iter_errors(&page) {
            problems.push(format!("{url}: list page schema: {error}"));
        }
        let data = page["data"].as_array().cloned().unwrap_or_default();
        page_sizes.push((data.len(), page["pagination"]["elementsPerPage"].as_u64()));
        for item in data {
            let id = item["id"].as_str().unwrap_or_default().to_owned();
            if !seen.insert(id.clone()) {
                problems.push(format!("{url}: {id} appears twice"));
            }
            items.push(item);
        }
        if page["links"]["self"]
            .as_str()
            .is_none_or(|s| !s.starts_with(&app.address))
        {
            problems.push(format!("{url}: self link {:?}", page["links"]["self"]));
        }
        match page["links"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    if page_sizes.len() > 1 {
        let (full, _) = page_sizes[0];
        for (i, (len, per_page)) in page_sizes.iter().enumerate() {
            if i + 1 < page_sizes.len() && (*len != full || *per_page != Some(full as u64)) {
                problems.push(format!("{first}: page {i} has {len} items (elementsPerPage {per_page:?}), first had {full}"));
            }
        }
    }
    items
}

#[tokio::test]
async fn the_demo_council_is_valid_oparl_from_system_to_every_object() {
    let app = spawn_demo_app().await;
    let mut problems = Vec::new();

    let (status, _, system) = get_json(&app, &app.url("/oparl/v1/system")).await;
    assert_eq!(status, StatusCode::OK);
    check_object(&system, false, &mut problems);
    assert_eq!(system["oparlVersion"], "https://schema.oparl.org/1.1/");
    let bodies = walk(&app, system["body"].as_str().unwrap(), &mut problems).await;
    assert_eq!(bodies.len(), 1);
    let body = &bodies[0];

    let mut embedded_ids = HashSet::new();
    let mut listed_ids = HashSet::new();
    embedded_ids.extend(check_object(body, false, &mut problems));
    let lists = [
        ("organization", "Organization"),
        ("person", "Person"),
        ("meeting", "Meeting"),
        ("paper", "Paper"),
        ("agendaItem", "AgendaItem"),
        ("consultation", "Consultation"),
        ("file", "File"),
        ("locationList", "Location"),
        ("legislativeTermList", "LegislativeTerm"),
        ("membership", "Membership"),
    ];
    let mut all: HashMap<&str, Vec<Value>> = HashMap::new();
    for (field, kind) in lists {
        let Some(url) = body[field].as_str() else {
            problems.push(format!("Body lacks the list {field}"));
            continue;
        };
        let items = walk(&app, &format!("{url}?limit=40"), &mut problems).await;
        for item in &items {
            if item["type"] != format!("https://schema.oparl.org/1.1/{kind}") {
                problems.push(format!("{url} lists a {}", item["type"]));
            }
            embedded_ids.extend(check_object(item, false, &mut problems));
            listed_ids.insert(item["id"].as_str().unwrap_or_default().to_owned());
        }
        all.insert(kind, items);
    }
    for (kind, count) in [
        ("Organization", 35),
        ("Person", 150),
        ("Meeting", 60),
        ("Paper", 200),
        ("LegislativeTerm", 5),
    ] {
        assert!(
            all[kind].len() >= count,
            "{kind}: {} objects",
            all[kind].len()
        );
    }
    // Standalone objects carry their back-reference.
    for (kind, field) in [
        ("AgendaItem", "meeting"),
        ("Consultation", "paper"),
        ("Membership", "person"),
        ("LegislativeTerm", "body"),
    ] {
        if let Some(item) = all[kind].iter().find(|item| item.get(field).is_none()) {
            problems.push(format!("{} lacks its back-reference {field}", item["id"]));
        }
    }
    let missing: Vec<_> = embedded_ids.difference(&listed_ids).take(5).collect();
    assert!(missing.is_empty(), "embedded but in no list: {missing:?}");

    // Every object answers at its own id with the same content.
    for items in all.values() {
        for item in items.iter().step_by(3) {
            let id = item["id"].as_str().unwrap();
            let (status, headers, fetched) = get_json(&app, id).await;
            if status != StatusCode::OK || &fetched != item {
                problems.push(format!(
                    "{id}: fetched ({status}) differs from the list item"
                ));
            }
            if headers.contains_key(header::SET_COOKIE) {
                problems.push(format!("{id}: sets a cookie"));
            }
        }
    }

    // Organizations' own lists.
    for organization in all["Organization"].iter().take(8) {
        let own = organization["id"].as_str().unwrap();
        for meeting in walk(
            &app,
            organization["meeting"].as_str().unwrap(),
            &mut problems,
        )
        .await
        {
            if !meeting["organization"]
                .as_array()
                .is_some_and(|o| o.iter().any(|x| x == own))
            {
                problems.push(format!(
                    "{own}/meeting lists {} of another organization",
                    meeting["id"]
                ));
            }
        }
        walk(
            &app,
            organization["consultation"].as_str().unwrap(),
            &mut problems,
        )
        .await;
    }
    assert_no_problems(&problems);
}

#[tokio::test]
async fn lists_are_stable_and_links_keep_the_filters() {
    let app = spawn_demo_app().await;
    let mut problems = Vec::new();
    let first = app.url("/oparl/v1/body/1/paper?limit=30&omit_internal=true&created_since=2025-01-01T00%3A00%3A00%2B01%3A00");
    let once = walk(&app, &first, &mut problems).await;
    let twice = walk(&app, &first, &mut problems).await;
    assert_no_problems(&problems);
    let ids = |items: &[Value]| items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&once), ids(&twice));
    assert_eq!(once.len(), 200);

    let (_, _, page) = get_json(&app, &first).await;
    for link in ["first", "self", "next"] {
        let url = page["links"][link].as_str().unwrap();
        for part in [
            "limit=30",
            "omit_internal=true",
            "created_since=2024-12-31T23%3A00%3A00%2B00%3A00",
        ] {
            assert!(url.contains(part), "{link} link {url} lacks {part}");
        }
    }
}

#[tokio::test]
async fn filters_are_inclusive_and_read_every_spelling() {
    let app = spawn_demo_app().await;
    let mut problems = Vec::new();
    let papers = walk(
        &app,
        &app.url("/oparl/v1/body/1/paper?limit=1000"),
        &mut problems,
    )
    .await;
    let mut created: Vec<&str> = papers
        .iter()
        .map(|p| p["created"].as_str().unwrap())
        .collect();
    created.sort_unstable();
    let pivot = created[created.len() / 2];
    let expected_since = created.iter().filter(|c| **c >= pivot).count();
    let expected_until = created.iter().filter(|c| **c <= pivot).count();
    let zulu = pivot.replace("+00:00", "Z");
    let berlin = {
        let hour: u32 = pivot[11..13].parse().unwrap();
        format!("{}{:02}{}+01:00", &pivot[..11], hour + 1, &pivot[13..19])
    };
    for spelling in [
        pivot.replace('+', "%2B").replace(':', "%3A"),
        pivot.to_owned(),
        zulu,
        berlin.replace('+', "%2B"),
        berlin,
    ] {
        let since = walk(
            &app,
            &app.url(&format!(
                "/oparl/v1/body/1/paper?limit=1000&created_since={spelling}"
            )),
            &mut problems,
        )
        .await;
        let until = walk(
            &app,
            &app.url(&format!(
                "/oparl/v1/body/1/paper?limit=1000&created_until={spelling}"
            )),
            &mut problems,
        )
        .await;
        assert_eq!(
            (since.len(), until.len()),
            (expected_since, expected_until),
            "{spelling}"
        );
    }
    let window = walk(
        &app,
        &app.url(&format!(
            "/oparl/v1/body/1/paper?modified_since={pivot}&modified_until={pivot}"
        )),
        &mut problems,
    )
    .await;
    assert!(window.iter().all(|p| p["modified"] == pivot));
    assert_no_problems(&problems);
}

#[tokio::test]
async fn limit_is_clamped_and_omit_internal_drops_the_internal_lists() {
    let app = spawn_demo_app().await;
    let (_, _, huge) = get_json(&app, &app.url("/oparl/v1/body/1/agenda-item?limit=100000")).await;
    assert_eq!(huge["pagination"]["elementsPerPage"], 1000);
    let (_, _, tiny) = get_json(&app, &app.url("/oparl/v1/body/1/paper?limit=0")).await;
    assert_eq!(tiny["data"].as_array().unwrap().len(), 1);

    for (list, internal) in [
        ("meeting", &["agendaItem", "auxiliaryFile"][..]),
        ("person", &["membership"]),
        ("paper", &["auxiliaryFile", "location"]),
    ] {
        let (_, _, full) = get_json(
            &app,
            &app.url(&format!("/oparl/v1/body/1/{list}?limit=1000")),
        )
        .await;
        let (_, _, omitted) = get_json(
            &app,
            &app.url(&format!(
                "/oparl/v1/body/1/{list}?limit=1000&omit_internal=true"
            )),
        )
        .await;
        for field in internal {
            assert!(
                full["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|o| o.get(*field).is_some())
                    || *field == "auxiliaryFile",
                "{list} never has {field}"
            );
            assert!(
                omitted["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|o| o.get(*field).is_none()),
                "{list} keeps {field}"
            );
        }
    }
    let (_, _, papers) =
        get_json(&app, &app.url("/oparl/v1/body/1/paper?omit_internal=true")).await;
    assert!(
        papers["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.get("consultation").is_some()),
        "consultations must stay"
    );
    let (_, _, bodies) = get_json(&app, &app.url("/oparl/v1/body?omit_internal=true")).await;
    assert_eq!(bodies["data"][0]["legislativeTerm"], serde_json::json!([]));
}

#[tokio::test]
async fn errors_are_oparl_error_objects_with_cors() {
    let app = spawn_demo_app().await;
    for (path, status) in [
        ("/oparl/v1/paper/999999", StatusCode::NOT_FOUND),
        ("/oparl/v1/paper/abc", StatusCode::NOT_FOUND),
        ("/oparl/v1/drucksache/1", StatusCode::NOT_FOUND),
        ("/oparl/v1/body/1/drucksache", StatusCode::NOT_FOUND),
        ("/oparl/v1/body/77/paper", StatusCode::NOT_FOUND),
        ("/oparl/v1/gibt/es/nicht/so", StatusCode::NOT_FOUND),
        (
            "/oparl/v1/body/1/paper?created_since=gestern",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/oparl/v1/body/1/paper?modified_until=2024-13-01T00:00:00Z",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/oparl/v1/body/1/paper?limit=viele",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/oparl/v1/body/1/paper?omit_internal=ja",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (got, headers, body) = get_json(&app, &app.url(path)).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{path}");
        assert_eq!(body["type"], ERROR_TYPE, "{path}");
        assert!(schemas().error.is_valid(&body), "{path}: {body}");
    }
    let head = app
        .client
        .head(app.url("/oparl/v1/system"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
}

#[tokio::test]
async fn ids_come_from_the_public_url_not_the_host_header() {
    let app = spawn_demo_app().await;
    let response = app
        .get_with("/oparl/v1/system", header::HOST, "evil.example")
        .await;
    let system: Value = response.json().await.unwrap();
    assert!(
        system["id"].as_str().unwrap().starts_with(&app.address),
        "{}",
        system["id"]
    );
}

#[tokio::test]
async fn deleted_objects_become_tombstones_seen_only_by_syncing_clients() {
    let app = spawn_demo_app().await;
    let (_, _, before) = get_json(&app, &app.url("/oparl/v1/paper/5")).await;
    let since = before["modified"].as_str().unwrap().to_owned();
    let consultation = before["consultation"][0]["id"].as_str().unwrap().to_owned();
    let consultation_n: u64 = consultation.rsplit('/').next().unwrap().parse().unwrap();

    assert!(council::delete(&app.db, Kind::Paper, 5).await.unwrap());
    assert!(
        !council::delete(&app.db, Kind::Paper, 5).await.unwrap(),
        "deleting twice"
    );
    let (status, _, tombstone) = get_json(&app, &app.url("/oparl/v1/paper/5")).await;
    assert_eq!(status, StatusCode::OK);
    let mut problems = Vec::new();
    check_object(&tombstone, false, &mut problems);
    assert_no_problems(&problems);
    assert_eq!(tombstone["deleted"], true);
    assert_eq!(tombstone["created"], before["created"]);

    let unfiltered = walk(
        &app,
        &app.url("/oparl/v1/body/1/paper?limit=1000"),
        &mut problems,
    )
    .await;
    assert!(unfiltered.iter().all(|p| p["id"] != tombstone["id"]));
    let syncing = walk(
        &app,
        &app.url(&format!(
            "/oparl/v1/body/1/paper?limit=1000&modified_since={}",
            since.replace('+', "%2B")
        )),
        &mut problems,
    )
    .await;
    assert!(
        syncing.iter().any(|p| p == &tombstone),
        "tombstone missing from modified_since list"
    );

    // An embedded object: gone from its parent, which counts as changed.
    let (_, _, paper) = get_json(&app, &app.url("/oparl/v1/paper/6")).await;
    let embedded = paper["consultation"][0]["id"].as_str().unwrap().to_owned();
    let n: u64 = embedded.rsplit('/').next().unwrap().parse().unwrap();
    assert_ne!(n, consultation_n);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(
        council::delete(&app.db, Kind::Consultation, n)
            .await
            .unwrap()
    );
    let (_, _, after) = get_json(&app, &app.url("/oparl/v1/paper/6")).await;
    assert!(
        after["consultation"]
            .as_array()
            .is_none_or(|c| c.iter().all(|x| x["id"] != embedded.as_str()))
    );
    assert!(
        after["modified"].as_str() > paper["modified"].as_str(),
        "parent modified not bumped"
    );
    let (_, _, gone) = get_json(&app, &embedded).await;
    assert_eq!(gone["deleted"], true);
    assert_no_problems(&problems);
}

/// The checker itself must catch the defects real OParl servers have.
#[test]
fn the_checker_finds_typical_server_bugs() {
    let valid = serde_json::json!({
        "id": "https://x.example/oparl/v1/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting",
        "created": "2024-01-01T10:00:00+01:00", "modified": "2024-01-01T10:00:00+01:00",
        "agendaItem": [{"id": "https://x.example/oparl/v1/agenda-item/1", "type": "https://schema.oparl.org/1.1/AgendaItem",
                        "order": 0, "created": "2024-01-01T10:00:00+01:00", "modified": "2024-01-01T10:00:00+01:00"}]
    });
    let mut problems = Vec::new();
    check_object(&valid, false, &mut problems);
    assert_no_problems(&problems);

    let bug = |patch: &dyn Fn(&mut Value)| {
        let mut object = valid.clone();
        patch(&mut object);
        let mut problems = Vec::new();
        check_object(&object, false, &mut problems);
        problems
    };
    assert!(!bug(&|o| o["name"] = Value::Null).is_empty(), "null");
    assert!(
        !bug(&|o| o["name"] = Value::from("  ")).is_empty(),
        "blank string"
    );
    assert!(
        !bug(&|o| o["participant"] = serde_json::json!([])).is_empty(),
        "empty array"
    );
    assert!(
        !bug(&|o| o["modified"] = Value::from("2024-01-01T10:00:00Z")).is_empty(),
        "Z instead of offset"
    );
    assert!(
        !bug(&|o| o["start"] = Value::from("2024-01-01 10:00")).is_empty(),
        "sloppy date-time"
    );
    assert!(
        !bug(&|o| o["agendaItem"][0]["meeting"] =
            Value::from("https://x.example/oparl/v1/meeting/1"))
        .is_empty(),
        "back-reference"
    );
    assert!(
        !bug(&|o| {
            o["agendaItem"][0].as_object_mut().unwrap().remove("order");
        })
        .is_empty(),
        "order missing"
    );
    assert!(
        !bug(&|o| o["cancelled"] = Value::from("nein")).is_empty(),
        "wrong type"
    );
    assert!(
        !bug(&|o| o["deleted"] = Value::Bool(true)).is_empty(),
        "tombstone with content"
    );
    assert!(!bug(&|o| o["location"] = serde_json::json!({"id": "l", "type": "https://schema.oparl.org/1.1/Location", "created": "2024-01-01T10:00:00+01:00", "modified": "2024-01-01T10:00:00+01:00", "geojson": {"type": "Point", "coordinates": [51.96, 7.62]}})).is_empty(), "bare, swapped GeoJSON");
}

#[tokio::test]
async fn conditional_get_answers_304_for_unchanged_objects_and_pages() {
    let app = spawn_demo_app().await;
    for path in ["/oparl/v1/paper/3", "/oparl/v1/body/1/meeting?limit=5"] {
        let first = app.client.get(app.url(path)).send().await.unwrap();
        let etag = first.headers()[header::ETAG].clone();
        // Clients ask again each time instead of guessing how long it stays valid.
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        let again = app
            .get_with(path, header::IF_NONE_MATCH, etag.clone())
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()[header::ETAG], etag);
        assert_eq!(again.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let other = app
            .get_with(path, header::IF_NONE_MATCH, "\"anders\"")
            .await;
        assert_eq!(other.status(), StatusCode::OK, "{path}");
    }
    let paper = app
        .client
        .get(app.url("/oparl/v1/paper/3"))
        .send()
        .await
        .unwrap();
    let last_modified = paper.headers()[header::LAST_MODIFIED].clone();
    let since = app
        .get_with(
            "/oparl/v1/paper/3",
            header::IF_MODIFIED_SINCE,
            last_modified,
        )
        .await;
    assert_eq!(since.status(), StatusCode::NOT_MODIFIED);
    let old = app
        .get_with(
            "/oparl/v1/paper/3",
            header::IF_MODIFIED_SINCE,
            "Mon, 01 Jan 2001 00:00:00 GMT",
        )
        .await;
    assert_eq!(old.status(), StatusCode::OK);

    assert!(council::delete(&app.db, Kind::Paper, 3).await.unwrap());
    let changed = app
        .get_with(
            "/oparl/v1/paper/3",
            header::IF_NONE_MATCH,
            paper.headers()[header::ETAG].clone(),
        )
        .await;
    assert_eq!(
        changed.status(),
        StatusCode::OK,
        "a deleted object is a new version"
    );
}

/// Puts `content` behind file `n` of the demo council and says its type is `mime`.
async fn replace_file(app: &TestApp, n: u64, content: Vec<u8>, mime: &str) {
    use sha2::{Digest, Sha512};
    let checksum: String = Sha512::digest(&content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    app.db
        .query(
            "UPSERT type::record('council_file_content', $n) SET content = $content;
             UPDATE type::record('council_file', $n) SET doc.mimeType = $mime,
                 doc.sha512Checksum = $checksum, doc.size = $size;",
        )
        .bind(("n", n as i64))
        .bind(("content", surrealdb::types::Bytes::from(content.clone())))
        .bind(("mime", mime.to_owned()))
        .bind(("checksum", checksum))
        .bind(("size", content.len() as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
}

#[tokio::test]
async fn a_file_that_is_not_a_pdf_is_never_shown_in_the_browser() {
    let app = spawn_demo_app().await;
    // As an OParl source might send it, and `import-oparl` copies it.
    replace_file(
        &app,
        1,
        b"<html><script>alert(document.cookie)</script></html>".to_vec(),
        "text/html",
    )
    .await;
    for way in ["access", "download"] {
        let response = app.get(&format!("/oparl/v1/file/1/{way}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{way}");
        let headers = response.headers();
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/octet-stream",
            "{way}"
        );
        assert!(
            headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment;"),
            "{way}"
        );
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "sandbox; default-src 'none'",
            "{way}"
        );
    }
}

#[tokio::test]
async fn files_larger_than_sixteen_mebibytes_are_served_and_revalidated() {
    let app = spawn_demo_app().await;
    let mut large = b"%PDF-1.4\n".to_vec();
    large.resize(17 * 1024 * 1024, b' ');
    replace_file(&app, 1, large.clone(), "application/pdf").await;
    let response = app.get("/oparl/v1/file/1/access").await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG].clone();
    assert_eq!(response.bytes().await.unwrap().len(), large.len());
    let again = app
        .client
        .get(app.url("/oparl/v1/file/1/access"))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn files_are_served_inline_and_as_download_and_match_their_metadata() {
    use sha2::{Digest, Sha512};
    let app = spawn_demo_app().await;
    let (_, _, paper) = get_json(&app, &app.url("/oparl/v1/paper/7")).await;
    let file = &paper["mainFile"];
    assert_eq!(file["mimeType"], "application/pdf");
    assert!(
        file["text"]
            .as_str()
            .unwrap()
            .contains(paper["name"].as_str().unwrap())
    );

    let access = app
        .client
        .get(file["accessUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(access.status(), StatusCode::OK);
    assert_eq!(access.headers()[header::CONTENT_TYPE], "application/pdf");
    let inline = access.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(inline.starts_with("inline;"), "{inline}");
    assert!(access.headers().contains_key(header::LAST_MODIFIED));
    let bytes = access.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4"));
    assert_eq!(file["size"].as_u64(), Some(bytes.len() as u64));
    let checksum: String = Sha512::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(file["sha512Checksum"], checksum.as_str());

    let download = app
        .client
        .get(file["downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let attachment = download.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    let file_name = file["fileName"].as_str().unwrap();
    assert!(
        attachment.starts_with(&format!("attachment; filename=\"{file_name}\"")),
        "{attachment}"
    );
    assert_eq!(download.bytes().await.unwrap(), bytes);

    let (_, _, standalone) = get_json(&app, file["id"].as_str().unwrap()).await;
    assert_eq!(
        standalone["paper"],
        serde_json::json!([paper["id"]]),
        "standalone file names its paper"
    );

    let n: u64 = file["id"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(council::delete(&app.db, Kind::File, n).await.unwrap());
    let gone = app
        .client
        .get(file["accessUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::GONE);
    let (_, _, after) = get_json(&app, &app.url("/oparl/v1/paper/7")).await;
    assert!(
        after.get("mainFile").is_none(),
        "deleted file still embedded"
    );
}
