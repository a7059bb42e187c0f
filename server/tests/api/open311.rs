//! Open311 GeoReport v2 over HTTP: every method in JSON and XML, the
//! errors in the spec's format, API keys (the demo key only in demo mode),
//! and requests landing in the same inbox as the app's.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{TestApp, call, spawn_app, tokens};

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app.get(&format!("/open311/v2/{path}")).await;
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    if path.contains(".xml") {
        assert!(
            content_type.starts_with("text/xml"),
            "{path}: {content_type}"
        );
    } else {
        assert!(
            content_type.starts_with("application/json"),
            "{path}: {content_type}"
        );
    }
    (status, body)
}

async fn json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, path).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")),
    )
}

/// Parses XML and answers the text of every element named `name`.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let document =
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}): {xml}"));
    document
        .descendants()
        .filter(|n| n.has_tag_name(name))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

fn xml_root(xml: &str) -> String {
    roxmltree::Document::parse(xml)
        .unwrap()
        .root_element()
        .tag_name()
        .name()
        .to_owned()
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let response = app
        .client
        .post(app.url(&format!("/open311/v2/{path}")))
        .form(form)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.text().await.unwrap())
}

const LAMP: &[(&str, &str)] = &[
    ("service_code", "strassenlaterne"),
    ("lat", "51.9612"),
    ("long", "7.6241"),
    ("address_string", "Domplatz 1"),
    ("description", "Laterne am Domplatz ist aus."),
    ("attribute[zustand]", "flackert"),
    ("email", "melder@example.org"),
    ("first_name", "Mia"),
    ("last_name", "Muster"),
];

fn with<'a>(base: &[(&'a str, &'a str)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = base
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .copied()
        .collect();
    form.extend(extra.iter().filter(|(_, v)| !v.is_empty()));
    form
}

#[tokio::test]
async fn discovery_and_services_in_both_formats() {
    let app = spawn_app(|config| config.demo = true).await;
    let (status, discovery) = json(&app, "discovery.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        discovery["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(
        discovery["endpoints"][0]["formats"],
        json!(["text/xml", "application/json"])
    );
    assert!(
        discovery["endpoints"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/open311/v2/")
    );
    let (_, xml) = get(&app, "discovery.xml").await;
    assert_eq!(xml_root(&xml), "discovery");
    assert_eq!(xml_texts(&xml, "format"), ["text/xml", "application/json"]);

    let (_, services) = json(&app, "services.json").await;
    let services = services.as_array().unwrap();
    let lamp = services
        .iter()
        .find(|s| s["service_code"] == "strassenlaterne")
        .expect("lamp");
    assert_eq!(
        (
            lamp["metadata"].as_bool(),
            lamp["type"].as_str(),
            lamp["group"].as_str()
        ),
        (Some(true), Some("realtime"), Some("Beleuchtung"))
    );
    let (_, xml) = get(&app, "services.xml").await;
    assert_eq!(xml_root(&xml), "services");
    assert_eq!(xml_texts(&xml, "service_code").len(), services.len());

    let (status, definition) = json(&app, "services/strassenlaterne.json").await;
    assert_eq!(status, StatusCode::OK);
    let attribute = &definition["attributes"][0];
    assert_eq!(
        (
            attribute["code"].as_str(),
            attribute["datatype"].as_str(),
            attribute["required"].as_bool()
        ),
        (Some("zustand"), Some("singlevaluelist"), Some(true))
    );
    assert_eq!(
        attribute["values"][1],
        json!({"key": "flackert", "name": "flackert"})
    );
    let (_, xml) = get(&app, "services/muell.xml").await;
    assert_eq!(xml_root(&xml), "service_definition");
    assert!(xml_texts(&xml, "datatype").contains(&"multivaluelist".to_owned()));

    for path in [
        "services/gibtsnicht.json",
        "services/gibtsnicht.xml",
        "requests/999.json",
        "tokens/unbekannt.xml",
        "unbekannt.json",
    ] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let code = if path.ends_with(".xml") {
            xml_texts(&body, "code").join("")
        } else {
            serde_json::from_str::<Value>(&body).unwrap()[0]["code"].to_string()
        };
        assert_eq!(code, "404", "{path}: {body}");
    }
    let (status, _) = get(&app, "services.json?jurisdiction_id=berlin.de").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "services.json?jurisdiction_id=digitale-stadt").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn posted_requests_reach_the_inbox_and_are_read_back_with_every_filter() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff] = tokens(&app, [("staff", Role::Staff)]).await;

    // Errors first: no key, a wrong key, missing fields, bad values.
    let refusals: [(Vec<(&str, &str)>, StatusCode, &str); 6] = [
        (
            LAMP.to_vec(),
            StatusCode::BAD_REQUEST,
            "api_key is required",
        ),
        (
            with(LAMP, &[("api_key", "falsch")]),
            StatusCode::FORBIDDEN,
            "api_key is not valid",
        ),
        (
            with(LAMP, &[("api_key", "demo"), ("service_code", "")]),
            StatusCode::BAD_REQUEST,
            "service_code is required",
        ),
        (
            with(LAMP, &[("api_key", "demo"), ("lat", ""), ("long", "")]),
            StatusCode::BAD_REQUEST,
            "lat and long are required",
        ),
        (
            with(LAMP, &[("api_key", "demo"), ("attribute[zustand]", "")]),
            StatusCode::BAD_REQUEST,
            "Was ist los?",
        ),
        (
            with(
                LAMP,
                &[("api_key", "demo"), ("lat", "48.137"), ("long", "11.575")],
            ),
            StatusCode::BAD_REQUEST,
            "außerhalb",
        ),
    ];
    for (form, expected, reason) in refusals {
        let (status, body) = post(&app, "requests.xml", &form).await;
        assert_eq!(status, expected, "{body}");
        assert_eq!(xml_texts(&body, "code"), [expected.as_u16().to_string()]);
        assert!(
            xml_texts(&body, "description")[0].contains(reason),
            "{body}"
        );
    }
    let response = app
        .client
        .post(app.url("/open311/v2/requests.json"))
        .json(&json!({"api_key": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "JSON bodies are not the spec's form encoding"
    );

    let (status, body) = post(&app, "requests.json", &with(LAMP, &[("api_key", "demo")])).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = created[0]["token"].as_str().unwrap().to_owned();
    let (status, body) = post(
        &app,
        "requests.xml",
        &with(
            LAMP,
            &[
                ("api_key", "demo"),
                ("service_code", "muell"),
                ("attribute[menge]", "bis 1 m³"),
                ("attribute[art][]", "Reifen"),
                ("attribute[zustand]", ""),
                ("lat", "51.9500"),
                ("long", "7.6000"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let second = xml_texts(&body, "service_request_id")[0].clone();

    // The same inbox as the app's, with the multiple-choice answer kept.
    let (_, inbox) = call(&app, Method::GET, "/defects/inbox", Some(&staff), None).await;
    let in_inbox = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"].to_string() == id)
        .expect("in the inbox")
        .clone();
    assert_eq!(in_inbox["category"], "strassenlaterne");
    let (_, report) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{second}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(
        (report["channel"].as_str(), report["contact"].as_str()),
        (Some("open311"), Some("melder@example.org"))
    );
    assert_eq!(report["answers"][1]["answer"], "Reifen");

    // Tokens lead to the id.
    let (status, by_token) = json(&app, &format!("tokens/{token}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_token[0]["service_request_id"], id.as_str());
    let (_, xml) = get(&app, &format!("tokens/{token}.xml")).await;
    assert_eq!(xml_texts(&xml, "service_request_id"), [id.clone()]);

    // One request, both formats, standard fields.
    let (_, one) = json(&app, &format!("requests/{id}.json")).await;
    let request = &one[0];
    assert_eq!(
        (request["status"].as_str(), request["service_code"].as_str()),
        (Some("open"), Some("strassenlaterne"))
    );
    assert_eq!(
        (request["lat"].as_f64(), request["long"].as_f64()),
        (Some(51.9612), Some(7.6241))
    );
    assert_eq!(
        request["agency_responsible"],
        "Stadtwerke Münster (Straßenbeleuchtung)"
    );
    assert_eq!(request["address"], "Domplatz 1");
    for field in [
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
    ] {
        let value = request[field].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(value).is_ok(),
            "{field}: {value}"
        );
        assert!(
            value.ends_with("+01:00") || value.ends_with("+02:00"),
            "{field}: {value}"
        );
    }
    assert!(request.get("notes").is_none());
    let (_, xml) = get(&app, &format!("requests/{id}.xml")).await;
    assert_eq!(xml_root(&xml), "service_requests");
    assert_eq!(xml_texts(&xml, "status"), ["open"]);

    // Filters: ids override, codes, status, dates, bbox, paging.
    let count = |v: &Value| v.as_array().unwrap().len();
    let (_, both) = json(
        &app,
        &format!("requests.json?service_request_id={id},{second}&status=closed"),
    )
    .await;
    assert_eq!(count(&both), 2);
    let (_, lamps) = json(&app, "requests.json?service_code=strassenlaterne").await;
    assert!(
        lamps
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["service_code"] == "strassenlaterne")
    );
    assert_eq!(count(&lamps), 2, "the posted and the demo lamp");
    let (_, closed) = json(&app, "requests.json?status=closed").await;
    assert!(
        count(&closed) > 0
            && closed
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["status"] == "closed")
    );
    let (_, all) = json(&app, "requests.json").await;
    let (_, open_or_closed) = json(&app, "requests.json?status=open,closed").await;
    assert_eq!(count(&all), count(&open_or_closed));
    let (_, boxed) = json(&app, "requests.json?bbox=7.62,51.96,7.63,51.97").await;
    assert!(
        boxed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["service_request_id"] == id.as_str())
    );
    assert!(
        boxed
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["service_request_id"] != second.as_str())
    );
    let (_, page1) = json(&app, "requests.json?page_size=3&page=1").await;
    let (_, page2) = json(&app, "requests.json?page_size=3&page=2").await;
    assert_eq!((count(&page1), count(&page2)), (3, 3));
    assert_ne!(
        page1[0]["service_request_id"],
        page2[0]["service_request_id"]
    );
    let (_, future) = json(
        &app,
        "requests.json?start_date=2030-01-01T00:00:00Z&end_date=2030-02-01T00:00:00Z",
    )
    .await;
    assert_eq!(count(&future), 0);
    let (_, recent) = json(
        &app,
        &format!(
            "requests.json?start_date={}",
            (chrono::Utc::now() - chrono::Duration::days(3)).to_rfc3339()
        ),
    )
    .await;
    assert!(
        count(&recent) >= 2 && count(&recent) < count(&all),
        "the window starts three days ago"
    );
    for bad in [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=gestern",
        "status=kaputt",
        "bbox=1,2,3",
        "page=x",
    ] {
        let (status, body) = json(&app, &format!("requests.json?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body[0]["code"], 400, "{bad}: {body}");
    }

    // Updates from the city's own system, by key with update rights.
    let fixed = [
        ("api_key", "demo"),
        ("service_request_id", id.as_str()),
        ("update_id", "ext-1"),
        ("status", "FIXED"),
        ("description", "Leuchte getauscht."),
        ("updated_datetime", "2026-11-27T10:00:00+01:00"),
    ];
    let (status, body) = post(&app, "servicerequestupdates.json", &fixed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first_update = serde_json::from_str::<Value>(&body).unwrap()[0]["update_id"].clone();
    let (status, body) = post(&app, "servicerequestupdates.json", &fixed).await;
    assert_eq!(status, StatusCode::OK, "a repeated update: {body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()[0]["update_id"],
        first_update,
        "a repeated update is stored once"
    );
    let (status, body) = post(
        &app,
        "servicerequestupdates.xml",
        &[
            ("api_key", "demo"),
            ("service_request_id", &second),
            ("update_id", "ext-dup"),
            ("status", "DUPLICATE"),
            ("description", "Doppelt."),
            ("updated_datetime", "2026-11-27T10:00:00+01:00"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "duplicates are merged by staff: {body}"
    );
    let (status, _) = post(
        &app,
        "servicerequestupdates.xml",
        &[
            ("api_key", "demo"),
            ("service_request_id", &id),
            ("update_id", "ext-2"),
            ("status", "MAYBE"),
            ("description", "?"),
            ("updated_datetime", "2026-11-27T10:00:00+01:00"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = post(
        &app,
        "servicerequestupdates.xml",
        &[
            ("api_key", "demo"),
            ("service_request_id", "4711"),
            ("update_id", "ext-3"),
            ("status", "FIXED"),
            ("description", "?"),
            ("updated_datetime", "2026-11-27T10:00:00+01:00"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(page["status"], "erledigt");
    assert_eq!(
        page["updates"].as_array().unwrap().last().unwrap()["text"],
        "Leuchte getauscht."
    );
    let (_, closed_one) = json(&app, &format!("requests/{id}.json?extensions=true")).await;
    assert_eq!(
        (
            closed_one[0]["status"].as_str(),
            closed_one[0]["status_notes"].as_str()
        ),
        (Some("closed"), Some("Leuchte getauscht."))
    );
    assert_eq!(closed_one[0]["notes"].as_array().unwrap().len(), 2);

    let (_, updates) = json(&app, "servicerequestupdates.json").await;
    let ours = updates
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["service_request_id"] == id.as_str() && u["status"] == "FIXED")
        .expect("update listed");
    assert_eq!(ours["external_status_code"], "erledigt");
    let (_, xml) = get(&app, "servicerequestupdates.xml").await;
    assert_eq!(xml_root(&xml), "service_request_updates");
    assert!(xml_texts(&xml, "status").contains(&"FIXED".to_owned()));
}

#[tokio::test]
async fn keys_are_handed_out_and_withdrawn_and_demo_works_only_in_demo_mode() {
    let app = spawn_app(|_| {}).await;
    digitale_stadt::defects::demo::seed_if_empty(&app.db)
        .await
        .expect("categories");
    let [admin] = tokens(&app, [("admin", Role::Admin)]).await;

    let (status, body) = post(&app, "requests.json", &with(LAMP, &[("api_key", "demo")])).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no demo key outside demo mode: {body}"
    );

    let (status, created) = call(
        &app,
        Method::POST,
        "/open311/keys",
        Some(&admin),
        Some(&json!({ "name": "Mängel-App" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let key = created["key"].as_str().unwrap().to_owned();
    let (status, body) = post(&app, "requests.json", &with(LAMP, &[("api_key", &key)])).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = post(
        &app,
        "servicerequestupdates.json",
        &[
            ("api_key", &key),
            ("service_request_id", &id),
            ("update_id", "1"),
            ("status", "CLOSED"),
            ("description", "Erledigt."),
            ("updated_datetime", "2026-11-27T10:00:00Z"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a key without update rights");

    let (_, keys) = call(&app, Method::GET, "/open311/keys", Some(&admin), None).await;
    let listed = &keys.as_array().unwrap()[0];
    assert_eq!(listed["name"], "Mängel-App");
    assert!(listed["last_used"].is_string(), "{listed}");
    assert!(listed.get("key").is_none(), "the key is shown once only");
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("/open311/keys/{}", listed["id"].as_str().unwrap()),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = post(&app, "requests.json", &with(LAMP, &[("api_key", &key)])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "withdrawn");
    let (status, _) = call(
        &app,
        Method::POST,
        "/open311/keys",
        Some(&admin),
        Some(&json!({ "name": " " })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
