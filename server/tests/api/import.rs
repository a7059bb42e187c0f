//! `import-oparl` against a second instance of our own server: everything
//! arrives object by object, and a second run takes over only the changes.

use std::collections::HashMap;

use digitale_stadt::council::{self, Kind, import};
use reqwest::Method;
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::{
    helpers::{TestApp, spawn_app, spawn_demo_app},
    oparl::get_json,
};

const LISTS: [&str; 10] = [
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
];

/// Every object of the first body, by id, read from its external lists.
async fn everything(app: &TestApp) -> HashMap<String, Value> {
    let (_, _, bodies) = get_json(app, &app.url("/oparl/v1/body")).await;
    let body = bodies["data"][0].clone();
    let mut objects = HashMap::from([(body["id"].as_str().unwrap().to_owned(), body.clone())]);
    for list in LISTS {
        let mut next = Some(format!("{}?limit=100", body[list].as_str().unwrap()));
        while let Some(url) = next {
            let (status, _, page) = get_json(app, &url).await;
            assert_eq!(status, 200, "{url}");
            for item in page["data"].as_array().unwrap() {
                objects.insert(item["id"].as_str().unwrap().to_owned(), item.clone());
            }
            next = page["links"]["next"].as_str().map(str::to_owned);
        }
    }
    objects
}

/// The object as it reads on the target: references through the import's
/// mapping, other URLs of the source moved to the target, no timestamps.
fn translated(value: &Value, ids: &HashMap<String, String>, from: &str, to: &str) -> Value {
    match value {
        Value::String(text) => match text.strip_prefix(from).filter(|_| !from.is_empty()) {
            Some(rest) => {
                let (object, tail) = match rest.match_indices('/').nth(1) {
                    Some((cut, _)) => rest.split_at(cut),
                    None => (rest, ""),
                };
                let mapped = ids
                    .get(&format!("{from}{object}"))
                    .map_or_else(|| object.to_owned(), Clone::clone);
                Value::from(format!("{to}{mapped}{tail}"))
            }
            None => value.clone(),
        },
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| translated(v, ids, from, to)).collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "created" | "modified"))
                .map(|(name, v)| (name.clone(), translated(v, ids, from, to)))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn assert_same_council(source: &TestApp, target: &TestApp) {
    let from = source.url("/oparl/v1/");
    let to = target.url("/oparl/v1/");
    let theirs = everything(source).await;
    let ours = everything(target).await;
    let foreign: Vec<String> = theirs.keys().cloned().collect();
    let ids = import::our_references(&target.db, &foreign).await.unwrap();
    assert_eq!(ids.len(), theirs.len(), "every object was mapped");
    let mut differences = Vec::new();
    for (id, object) in &theirs {
        let expected = translated(object, &ids, &from, &to);
        let mine = format!("{to}{}", ids[id]);
        let Some(actual) = ours.get(&mine) else {
            differences.push(format!("{id}: not imported as {mine}"));
            continue;
        };
        let mut actual = translated(actual, &HashMap::new(), "", "");
        if let Some(equivalent) = actual.get_mut("equivalent") {
            assert_eq!(equivalent, &json!([id]), "the body names its source");
            actual.as_object_mut().unwrap().remove("equivalent");
        }
        if actual != expected {
            differences.push(format!("{id}:\n  source {expected}\n  copy   {actual}"));
        }
    }
    assert_eq!(ours.len(), theirs.len(), "nothing extra on the target");
    assert!(
        differences.is_empty(),
        "{} differences, first: {}",
        differences.len(),
        differences
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[tokio::test]
async fn a_second_server_is_copied_object_by_object_and_later_only_its_changes() {
    let source = spawn_demo_app().await;
    let target = spawn_app(|_| {}).await;
    let system = source.url("/oparl/v1/system");

    let first = import::import(&target.db, &system).await.unwrap();
    assert!(first.since.is_none());
    assert!(first.created > 1_000, "{first}");
    assert!(first.files > 100, "{first}");
    assert!(first.warnings.is_empty(), "{first}");
    assert_same_council(&source, &target).await;

    // The search of the copy finds words inside the copied PDFs.
    let hits: Vec<Value> = target
        .get("/api/v1/council/search?q=Beschlussvorschlag&type=paper")
        .await
        .json()
        .await
        .unwrap();
    assert!(!hits.is_empty());

    // On the source: one paper deleted, one meeting renamed, one place added.
    assert!(council::delete(&source.db, Kind::Paper, 5).await.unwrap());
    let staff = source.person_with_role("quelle", Role::Staff).await;
    let (_, _, mut meeting) = get_json(&source, &source.url("/oparl/v1/meeting/3")).await;
    meeting["name"] = json!("Umbenannte Sitzung");
    let renamed = source
        .send(
            Method::PUT,
            "/api/v1/council/objects/meeting/3",
            Some(staff.access_token()),
            Some(&meeting),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let placed = source
        .send(
            Method::POST,
            "/api/v1/council/objects/location",
            Some(staff.access_token()),
            Some(&json!({ "description": "Stadtweinhaus" })),
        )
        .await;
    assert_eq!(placed.status(), 201);

    let second = import::import(&target.db, &system).await.unwrap();
    assert!(second.since.is_some());
    assert_eq!((second.created, second.deleted), (1, 1), "{second}");
    assert!(
        second.updated >= 1 && second.updated < 40,
        "only the changes: {second}"
    );
    assert_eq!(
        second.files, 0,
        "unchanged files are not downloaded again: {second}"
    );
    assert_same_council(&source, &target).await;
}
