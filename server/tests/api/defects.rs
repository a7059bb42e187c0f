//! Mängelmelder over HTTP: reporting with photos that lose their metadata,
//! the duplicate hint and "Ich auch", the staff workflow the reporter
//! follows, refusals with reasons, statistics and the open data exports.

use digitale_stadt::defects::photos::{
    has_metadata,
    sample::{Gps, sample_photo},
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{TestApp, call, spawn_app, tokens};

/// Near the Prinzipalmarkt, inside the demo city's outline.
const LAT: f64 = 51.9620;
const LON: f64 = 7.6280;

async fn upload(app: &TestApp, bytes: Vec<u8>) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/defects/photos"))
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .expect("upload sent");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn lamp_report(lat: f64, lon: f64) -> Value {
    json!({
        "category": "strassenlaterne",
        "location": { "lat": lat, "lon": lon },
        "address": "Prinzipalmarkt 10",
        "description": "Die Laterne vor dem Rathaus leuchtet seit drei Tagen nicht.",
        "answers": { "zustand": ["leuchtet nicht"] },
    })
}

/// Whether a list of reports holds the one with this number.
fn lists(reports: &Value, number: u64) -> bool {
    reports
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["number"] == number)
}

/// Whether Open311's feed of status updates has an update of this report.
async fn in_update_feed(app: &TestApp, number: u64) -> bool {
    let updates = app
        .get("/open311/v2/servicerequestupdates.json")
        .await
        .text()
        .await
        .expect("the feed");
    updates.contains(&format!("\"service_request_id\":\"{number}\""))
}

async fn bytes_of(app: &TestApp, path: &str) -> (StatusCode, Vec<u8>) {
    let response = app.get(path).await;
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn a_report_with_a_photo_travels_from_citizen_to_staff_and_back() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff, anna, ben] = tokens(
        &app,
        [
            ("tiefbau", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;

    let (status, photo) = upload(&app, sample_photo(1600, 1200, Some(Gps::new(LAT, LON)), 6)).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(1200), Some(1600))
    );

    let mut report = lamp_report(LAT, LON);
    report["photos"] = json!([{ "id": photo["id"], "key": photo["key"] }]);
    let (status, created) = call(
        &app,
        Method::POST,
        "/defects/reports",
        Some(&anna),
        Some(&report),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let number = created["number"].as_u64().expect("number");
    assert_eq!(created["status"], "neu");
    assert_eq!(
        created["department"],
        "Stadtwerke Münster (Straßenbeleuchtung)"
    );
    assert_eq!(created["expected_days"], 10);
    assert_eq!(created["mine"], true);
    assert_eq!(created["answers"][0]["answer"], "leuchtet nicht");
    assert!(
        created["updates"][0]["text"]
            .as_str()
            .unwrap()
            .contains("10 Arbeitstagen")
    );

    // Served photos carry no EXIF and no GPS, in both sizes.
    for url in [
        &created["photos"][0]["thumbnail_url"],
        &created["photos"][0]["display_url"],
    ] {
        let (status, jpeg) = bytes_of(&app, url.as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF]), "a JPEG");
        assert!(!has_metadata(&jpeg), "{url} still carries metadata");
    }
    // A photo belongs to one report only.
    let (status, again) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");

    // Someone 60 m away gets the duplicate hint and says "Ich auch" instead.
    let (status, nearby) = call(
        &app,
        Method::GET,
        &format!(
            "/defects/nearby?lat={}&lon={LON}&category=strassenlaterne",
            LAT + 0.00054
        ),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let hint = nearby
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["number"] == number)
        .expect("hint");
    assert!(
        (50..=70).contains(&hint["distance_m"].as_u64().unwrap()),
        "{hint}"
    );
    let (_, elsewhere) = call(
        &app,
        Method::GET,
        &format!("/defects/nearby?lat={LAT}&lon={LON}&category=bank"),
        None,
        None,
    )
    .await;
    assert!(
        elsewhere
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["number"] != number)
    );

    let me_too = format!("/defects/reports/{number}/affected");
    let (_, followed) = call(&app, Method::POST, &me_too, Some(&ben), None).await;
    assert_eq!(
        (
            followed["affected"].as_u64(),
            followed["subscribed"].as_bool()
        ),
        (Some(1), Some(true))
    );
    let (_, counted) = call(&app, Method::POST, &me_too, None, None).await;
    assert_eq!(counted["affected"], 2);
    let (_, again) = call(&app, Method::POST, &me_too, Some(&ben), None).await;
    assert_eq!(again["affected"], 2, "following twice counts once");

    // Staff see it in their inbox and answer.
    let (status, inbox) = call(
        &app,
        Method::GET,
        "/defects/inbox?department=Stadtwerke%20M%C3%BCnster%20(Stra%C3%9Fenbeleuchtung)",
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(lists(&inbox, number));
    let (_, staff_view) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{number}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(staff_view["channel"], "app");
    let answer = json!({ "status": "in_bearbeitung", "text": "Der Fehler ist gefunden, die Reparatur ist beauftragt." });
    let (status, changed) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{number}/status"),
        Some(&staff),
        Some(&answer),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");

    // The reporter and the follower see the new status and the answer.
    for token in [&anna, &ben] {
        let (_, mine) = call(&app, Method::GET, "/defects/mine", Some(token), None).await;
        let listed = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["number"] == number)
            .expect("listed");
        assert_eq!(listed["status"], "in_bearbeitung");
    }
    let (_, page) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{number}"),
        None,
        None,
    )
    .await;
    assert_eq!(page["updates"].as_array().unwrap().len(), 2);
    assert_eq!(page["updates"][1]["text"], answer["text"]);
    assert!(page.get("contact").is_none());

    // Closing sets the closing time; the public list filters by status.
    let done = json!({ "status": "erledigt", "text": "Die Laterne leuchtet wieder." });
    call(
        &app,
        Method::POST,
        &format!("/defects/reports/{number}/status"),
        Some(&staff),
        Some(&done),
    )
    .await;
    let (_, closed) = call(
        &app,
        Method::GET,
        "/defects/reports?status=abgeschlossen&category=strassenlaterne",
        None,
        None,
    )
    .await;
    assert!(lists(&closed, number));
    let (_, open) = call(
        &app,
        Method::GET,
        "/defects/reports?status=offen",
        None,
        None,
    )
    .await;
    assert!(
        open.as_array()
            .unwrap()
            .iter()
            .all(|r| r["number"] != number && r["status"] != "erledigt")
    );
    let (status, _) = call(&app, Method::POST, &me_too, None, None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no 'Ich auch' on closed reports"
    );

    // Pages of the list, cut by the database: the whole list in order, also
    // with the overdue filter.
    for filter in ["", "overdue=true&"] {
        let (_, all) = call(
            &app,
            Method::GET,
            &format!("/defects/reports?{filter}"),
            None,
            None,
        )
        .await;
        let all = all.as_array().unwrap().clone();
        let mut paged = Vec::new();
        for offset in (0..all.len() + 2).step_by(2) {
            let (status, page) = call(
                &app,
                Method::GET,
                &format!("/defects/reports?{filter}limit=2&offset={offset}"),
                None,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(page.as_array().unwrap().len() <= 2);
            paged.extend(page.as_array().unwrap().iter().cloned());
        }
        assert_eq!(paged, all, "{filter}");

        // The same walk page by page with `after`, as the app scrolls.
        let walked = walk_reports(&app, filter, 2).await;
        assert_eq!(walked, all, "{filter}");
        let (status, from_the_top) = call(
            &app,
            Method::GET,
            &format!("/defects/reports?{filter}after={}", u64::MAX),
            None,
            None,
        )
        .await;
        assert_eq!((status, from_the_top), (StatusCode::OK, Value::Array(all)));
    }
}

/// The public list with `filter` (ending in `&`), walked page by page with
/// `after` as the app scrolls it.
async fn walk_reports(app: &TestApp, filter: &str, limit: usize) -> Vec<Value> {
    let mut walked: Vec<Value> = Vec::new();
    loop {
        let after = walked
            .last()
            .map(|r| format!("after={}&", r["number"]))
            .unwrap_or_default();
        let (status, page) = call(
            app,
            Method::GET,
            &format!("/defects/reports?{filter}{after}limit={limit}"),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let page = page.as_array().unwrap().clone();
        assert!(page.len() <= limit);
        if page.is_empty() {
            return walked;
        }
        walked.extend(page);
    }
}

#[tokio::test]
async fn bad_reports_and_photos_are_refused_with_reasons_and_nothing_is_stored() {
    let app = spawn_app(|config| {
        config.demo = true;
        config.defects.photo_limit = 3_000_000;
        config.defects.photo_max_pixels = 4_000_000;
    })
    .await;
    let count = || async {
        call(&app, Method::GET, "/defects/reports", None, None)
            .await
            .1
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    let refused = |mut report: Value, change: Value| {
        for (key, value) in change.as_object().unwrap() {
            report[key] = value.clone();
        }
        report
    };
    let cases = [
        (
            json!({ "location": { "lat": 52.52, "lon": 13.40 } }),
            "außerhalb des Stadtgebiets",
        ),
        (
            json!({ "location": { "lat": 95.0, "lon": 7.6 } }),
            "Koordinaten",
        ),
        (json!({ "category": "atomkraftwerk" }), "Kategorie"),
        (json!({ "description": "kaputt" }), "10 bis 4000 Zeichen"),
        (json!({ "answers": {} }), "Was ist los?"),
        (json!({ "answers": { "zustand": ["brennt"] } }), "brennt"),
        (json!({ "email": "keine-adresse" }), "keine E-Mail-Adresse"),
        (
            json!({ "photos": [{ "id": "x", "key": "y" }, { "id": "x", "key": "y" }, { "id": "x", "key": "y" }, { "id": "x", "key": "y" }, { "id": "x", "key": "y" }, { "id": "x", "key": "y" }] }),
            "Höchstens 5 Fotos",
        ),
    ];
    for (change, reason) in cases {
        let body = refused(lamp_report(LAT, LON), change.clone());
        let (status, answer) =
            call(&app, Method::POST, "/defects/reports", None, Some(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{change}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(reason), "{change}: {message}");
    }
    // Someone else's upload cannot be taken over.
    let (_, photo) = upload(&app, sample_photo(400, 300, None, 1)).await;
    let body = refused(
        lamp_report(LAT, LON),
        json!({ "photos": [{ "id": photo["id"], "key": "geraten" }] }),
    );
    let (status, _) = call(&app, Method::POST, "/defects/reports", None, Some(&body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // An empty id is no record id for the database; it is a photo nobody uploaded.
    for id in ["", "abc"] {
        let body = refused(
            lamp_report(LAT, LON),
            json!({ "photos": [{ "id": id, "key": "" }] }),
        );
        let (status, answer) =
            call(&app, Method::POST, "/defects/reports", None, Some(&body)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{id:?}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains("Foto"),
            "{answer}"
        );
    }
    assert_eq!(count().await, before, "no refused report was stored");

    let (status, answer) = upload(&app, b"GIF89a not a photo".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{answer}");
    let (status, answer) = upload(&app, sample_photo(2500, 2000, None, 1)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("Megapixel"));
    let (status, _) = upload(&app, vec![0xFF; 3_100_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = upload(&app, Vec::new()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(
        &app,
        Method::GET,
        "/defects/reports?status=kaputt",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&app, Method::GET, "/defects/reports/4711", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_hand_on_merge_duplicates_and_see_figures() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff, anna, ben] = tokens(
        &app,
        [
            ("staff", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let report = |lat: f64| {
        json!({
            "category": "muell", "location": { "lat": lat, "lon": LON },
            "description": "Ein Haufen Sperrmüll liegt auf dem Gehweg.",
            "answers": { "menge": ["bis 1 m³"], "art": ["Sperrmüll", "Elektrogeräte"] },
        })
    };
    let (_, first) = call(
        &app,
        Method::POST,
        "/defects/reports",
        Some(&anna),
        Some(&report(LAT)),
    )
    .await;
    let (_, second) = call(
        &app,
        Method::POST,
        "/defects/reports",
        Some(&ben),
        Some(&report(LAT + 0.0002)),
    )
    .await;
    let (first, second) = (
        first["number"].as_u64().unwrap(),
        second["number"].as_u64().unwrap(),
    );

    // Handing on: a new category brings its department; the reason is public.
    let to_green =
        json!({ "category": "baum", "reason": "Es ist ein abgebrochener Ast, kein Müll." });
    let (status, moved) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{first}/reassign"),
        Some(&staff),
        Some(&to_green),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        moved["department"],
        "Amt für Grünflächen, Umwelt und Nachhaltigkeit"
    );
    let last = moved["updates"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["text"], to_green["reason"]);
    assert!(
        last["change"]
            .as_str()
            .unwrap()
            .contains("Illegale Müllablagerung → Baum oder Ast gefährlich")
    );
    let nothing = json!({ "reason": "Keine Änderung." });
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{first}/reassign"),
        Some(&staff),
        Some(&nothing),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Merging: the duplicate closes, its reporter follows the original.
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{second}/merge"),
        Some(&staff),
        Some(&json!({ "into": second })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, merged) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{second}/merge"),
        Some(&staff),
        Some(&json!({ "into": first })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(
        (merged["status"].as_str(), merged["duplicate_of"].as_u64()),
        (Some("duplikat"), Some(first))
    );
    let (_, original) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{first}"),
        Some(&ben),
        None,
    )
    .await;
    assert_eq!(
        (
            original["subscribed"].as_bool(),
            original["affected"].as_u64()
        ),
        (Some(true), Some(1))
    );
    let (_, bens) = call(&app, Method::GET, "/defects/mine", Some(&ben), None).await;
    assert!(lists(&bens, first));
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{second}/merge"),
        Some(&staff),
        Some(&json!({ "into": first })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "already closed");
    let (_, closed) = call(
        &app,
        Method::GET,
        "/defects/reports?status=erledigt",
        None,
        None,
    )
    .await;
    let closed = closed[0]["number"].as_u64().unwrap();
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{first}/merge"),
        Some(&staff),
        Some(&json!({ "into": closed })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "not into a closed report");
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{first}/status"),
        Some(&staff),
        Some(&json!({ "status": "duplikat", "text": "Doppelt gemeldet." })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "duplicates go through merging"
    );
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/defects/reports/{first}/status"),
        Some(&staff),
        Some(&json!({ "status": "erledigt", "text": "" })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a public answer is required"
    );

    // The demo's promenade report waits past its ten working days: overdue.
    let (_, overdue) = call(
        &app,
        Method::GET,
        "/defects/inbox?overdue=true",
        Some(&staff),
        None,
    )
    .await;
    let overdue = overdue.as_array().unwrap();
    assert!(!overdue.is_empty() && overdue.iter().all(|r| r["overdue"] == true));
    assert!(overdue.iter().any(|r| r["category"] == "radweg"));

    let (_, figures) = call(&app, Method::GET, "/defects/statistics", Some(&staff), None).await;
    let department = |name: &str| {
        figures["by_department"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .expect(name)
    };
    let awm = department("Abfallwirtschaftsbetriebe Münster");
    assert_eq!(
        (
            awm["open"].as_u64(),
            awm["closed"].as_u64(),
            awm["duplicates"].as_u64()
        ),
        (Some(2), Some(0), Some(1)),
        "{awm}"
    );
    let green = department("Amt für Grünflächen, Umwelt und Nachhaltigkeit");
    assert!(
        green["median_days_to_close"].as_f64().unwrap() > 1.0,
        "{green}"
    );
    assert!(
        figures["by_category"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "Straße und Verkehr – Radweg beschädigt oder zugestellt")
    );
}

#[tokio::test]
async fn open_data_exports_round_the_coordinates() {
    let app = spawn_app(|config| config.demo = true).await;
    let (_, listed) = call(&app, Method::GET, "/defects/reports", None, None).await;
    let response = app
        .get("/api/v1/defects/reports.geojson?status=offen")
        .await;
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let geojson: Value = response.json().await.unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    let open = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            ["neu", "in_pruefung", "in_bearbeitung"].contains(&r["status"].as_str().unwrap())
        })
        .count();
    assert_eq!(features.len(), open);
    for feature in features {
        assert_eq!(feature["geometry"]["type"], "Point");
        let [lon, lat] = [0, 1].map(|i| feature["geometry"]["coordinates"][i].as_f64().unwrap());
        assert!(
            (7.4..7.8).contains(&lon) && (51.8..52.1).contains(&lat),
            "lon, lat order"
        );
        for value in [lon, lat] {
            assert!(
                ((value * 1000.0).round() - value * 1000.0).abs() < 1e-6,
                "{value} is not rounded"
            );
        }
    }
    let response = app.get("/api/v1/defects/reports.csv").await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("nummer;gruppe;kategorie;dienststelle;status;breite;laenge")
    );
    assert_eq!(csv.lines().count(), listed.as_array().unwrap().len() + 1);
    assert!(csv.contains(
        ";Straßenlaterne defekt;Stadtwerke Münster (Straßenbeleuchtung);erledigt;51.964;7.617;"
    ));
}

/// Security review, item 14: the downloads read every selected report at
/// once, and the overdue filter read the whole open backlog for each page
/// of the list (and the downloads ignored it). Now the database selects
/// overdue reports, and downloads are written out a page at a time.
#[tokio::test]
async fn downloads_longer_than_a_page_and_the_overdue_filter_hold_every_report() {
    let app = spawn_app(|config| config.demo = true).await;
    // 1,100 copies of an open demo report: the even ones made in 2020, so
    // overdue; the odd ones just now.
    app.db
        .query(
            "LET $report = (SELECT * OMIT id, newest_first FROM defect_report WHERE status = 'neu' LIMIT 1)[0];
             FOR $n IN 10001..=11100 {
                 CREATE type::record('defect_report', $n) CONTENT object::extend($report, {
                     number: $n, token: 'kopie-' + <string> $n,
                     created_at: IF $n % 2 = 0 THEN d'2020-01-06T08:00:00Z' ELSE time::now() END
                 });
             };",
        )
        .await
        .unwrap()
        .check()
        .unwrap();

    let numbers = |reports: Vec<Value>| -> Vec<u64> {
        reports
            .iter()
            .map(|r| r["number"].as_u64().unwrap())
            .collect()
    };
    let everything = numbers(walk_reports(&app, "", 500).await);
    let overdue = numbers(walk_reports(&app, "overdue=true&", 500).await);
    assert!(everything.len() > 1_100);
    assert!(everything.windows(2).all(|pair| pair[0] > pair[1]));
    let copies_overdue: Vec<u64> = overdue.iter().copied().filter(|n| *n > 10_000).collect();
    assert_eq!(
        copies_overdue,
        (10_001..=11_100)
            .rev()
            .filter(|n| n % 2 == 0)
            .collect::<Vec<_>>()
    );
    let (_, shown) = call(
        &app,
        Method::GET,
        "/defects/reports?overdue=true&limit=500",
        None,
        None,
    )
    .await;
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["overdue"] == true)
    );

    let csv = app
        .get("/api/v1/defects/reports.csv")
        .await
        .text()
        .await
        .unwrap();
    let numbers: Vec<u64> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(';').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, everything, "every report once, newest first");

    let geojson: Value = app
        .get("/api/v1/defects/reports.geojson?overdue=true")
        .await
        .json()
        .await
        .unwrap();
    let numbers: Vec<u64> = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, overdue, "the download honours the overdue filter");
    assert!(
        geojson["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["properties"]["overdue"] == true)
    );
}

#[tokio::test]
async fn a_description_written_as_a_formula_stays_text_in_the_csv() {
    let app = spawn_app(|config| config.demo = true).await;
    let mut report = lamp_report(LAT, LON);
    report["description"] = json!("=HYPERLINK(\"https://boese.example/\";\"Details\")");
    let (status, created) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    let csv = app
        .get("/api/v1/defects/reports.csv")
        .await
        .text()
        .await
        .unwrap();
    let number = created["number"].as_u64().expect("number");
    let row = csv
        .lines()
        .find(|line| line.starts_with(&format!("{number};")))
        .expect("the report's row");
    assert!(
        row.ends_with(";\"'=HYPERLINK(\"\"https://boese.example/\"\";\"\"Details\"\")\""),
        "{row}"
    );
}

#[tokio::test]
async fn reporters_get_their_reports_in_the_data_export_and_erasing_removes_their_name() {
    let app = spawn_app(|config| config.demo = true).await;
    let [anna, ben] = tokens(&app, [("anna", Role::Citizen), ("ben", Role::Citizen)]).await;
    let mut report = lamp_report(LAT, LON);
    report["name"] = json!("Anna Beispiel");
    report["email"] = json!("anna@example.org");
    report["name_public"] = json!(true);
    let (_, created) = call(
        &app,
        Method::POST,
        "/defects/reports",
        Some(&anna),
        Some(&report),
    )
    .await;
    let number = created["number"].as_u64().unwrap();
    assert_eq!(created["reporter_name"], "Anna Beispiel");
    call(
        &app,
        Method::POST,
        &format!("/defects/reports/{number}/affected"),
        Some(&ben),
        None,
    )
    .await;

    let (_, export) = call(&app, Method::GET, "/me/export", Some(&anna), None).await;
    let own = &export["defect_reports"][0];
    assert_eq!(
        (own["number"].as_u64(), own["email"].as_str()),
        (Some(number), Some("anna@example.org"))
    );
    let (_, bens) = call(&app, Method::GET, "/me/export", Some(&ben), None).await;
    assert_eq!(bens["followed_defect_reports"], json!([number]));

    let (status, _) = call(&app, Method::DELETE, "/me", Some(&anna), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let [staff] = tokens(&app, [("staff", Role::Staff)]).await;
    let (_, kept) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{number}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(
        kept["description"], report["description"],
        "the report stays"
    );
    assert!(
        kept.get("reporter_name").is_none() && kept.get("contact").is_none(),
        "{kept}"
    );
}

#[tokio::test]
async fn staff_set_up_categories_and_inactive_ones_take_no_reports() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff] = tokens(&app, [("staff", Role::Staff)]).await;
    let hydrant = json!({
        "code": "hydrant", "group": "Straße und Verkehr", "name": "Hydrant beschädigt",
        "description": "Undichte oder umgefahrene Hydranten.", "department": "Stadtwerke Münster (Wasser)",
        "expected_days": 3, "keywords": ["Wasser"], "active": true,
        "questions": [{ "code": "wasser", "label": "Tritt Wasser aus?", "kind": "single_choice", "required": true, "options": ["ja", "nein"] }],
    });
    let (status, saved) = call(
        &app,
        Method::PUT,
        "/defects/categories/hydrant",
        Some(&staff),
        Some(&hydrant),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, setup) = call(&app, Method::GET, "/defects/setup", None, None).await;
    let listed = setup["categories"].as_array().unwrap();
    assert_eq!(
        listed.last().unwrap()["code"],
        "hydrant",
        "new categories go to the end"
    );
    let report = json!({
        "category": "hydrant", "location": { "lat": LAT, "lon": LON },
        "description": "Am Hydranten sprudelt Wasser heraus.", "answers": { "wasser": ["ja"] },
    });
    let (status, created) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    assert_eq!(
        (status, created["department"].as_str()),
        (StatusCode::CREATED, Some("Stadtwerke Münster (Wasser)"))
    );

    let mut retired = hydrant.clone();
    retired["active"] = json!(false);
    call(
        &app,
        Method::PUT,
        "/defects/categories/hydrant",
        Some(&staff),
        Some(&retired),
    )
    .await;
    let (_, setup) = call(&app, Method::GET, "/defects/setup", None, None).await;
    assert!(
        setup["categories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["code"] != "hydrant")
    );
    let (_, all) = call(&app, Method::GET, "/defects/categories", Some(&staff), None).await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "hydrant" && c["active"] == false)
    );
    let (status, _) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "no new reports in an inactive category"
    );
    let (_, kept) = call(
        &app,
        Method::GET,
        &format!("/defects/reports/{}", created["number"]),
        None,
        None,
    )
    .await;
    assert_eq!(
        kept["category_name"], "Hydrant beschädigt",
        "old reports keep their category"
    );

    for (bad, reason) in [
        (json!({ "expected_days": 0 }), "Arbeitstage"),
        (json!({ "department": " " }), "Dienststelle"),
        (
            json!({ "questions": [{ "code": "a", "label": "Farbe?", "kind": "single_choice", "required": false, "options": ["rot"] }] }),
            "zwei Antworten",
        ),
    ] {
        let mut body = hydrant.clone();
        for (key, value) in bad.as_object().unwrap() {
            body[key] = value.clone();
        }
        let (status, answer) = call(
            &app,
            Method::PUT,
            "/defects/categories/hydrant",
            Some(&staff),
            Some(&body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            answer["message"].as_str().unwrap().contains(reason),
            "{answer}"
        );
    }
    let (status, _) = call(
        &app,
        Method::PUT,
        "/defects/categories/Gro%C3%9F",
        Some(&staff),
        Some(&hydrant),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "codes are a-z, 0-9 and hyphens"
    );
}

#[tokio::test]
async fn typing_a_street_finds_its_place_in_the_register() {
    let app = spawn_app(|config| config.demo = true).await;
    let (status, found) = call(&app, Method::GET, "/defects/places?q=domp", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found[0]["name"], "Domplatz");
    assert!((found[0]["location"]["lat"].as_f64().unwrap() - 51.9627).abs() < 1e-9);
    let (_, streets) = call(
        &app,
        Method::GET,
        "/defects/places?q=stra%C3%9Fe",
        None,
        None,
    )
    .await;
    let names: Vec<&str> = streets
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 8, "at most eight suggestions");
    assert!(
        names.windows(2).all(|w| w[0].len() <= w[1].len()),
        "shortest names first: {names:?}"
    );
    let (status, _) = call(&app, Method::GET, "/defects/places?q=do", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let [staff] = tokens(&app, [("staff", Role::Staff)]).await;
    let register =
        json!([{ "name": "Zum Guten Hirten", "location": { "lat": 51.98, "lon": 7.65 } }]);
    let (status, count) = call(
        &app,
        Method::PUT,
        "/defects/places",
        Some(&staff),
        Some(&register),
    )
    .await;
    assert_eq!((status, count.as_u64()), (StatusCode::OK, Some(1)));
    let (_, found) = call(&app, Method::GET, "/defects/places?q=hirten", None, None).await;
    assert_eq!(found[0]["name"], "Zum Guten Hirten");
    let (_, gone) = call(&app, Method::GET, "/defects/places?q=domp", None, None).await;
    assert_eq!(gone, json!([]), "the register was replaced");
    let (status, _) = call(
        &app,
        Method::PUT,
        "/defects/places",
        Some(&staff),
        Some(&json!([{ "name": "", "location": { "lat": 51.9, "lon": 7.6 } }])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, kept) = call(&app, Method::GET, "/defects/places?q=hirten", None, None).await;
    assert_eq!(
        kept.as_array().unwrap().len(),
        1,
        "a refused register changes nothing"
    );
}

#[tokio::test]
async fn e_mail_addresses_are_deleted_after_the_retention_period() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff] = tokens(&app, [("staff", Role::Staff)]).await;
    let mut report = lamp_report(LAT, LON);
    report["email"] = json!("melder@example.org");
    let (_, open) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    let (_, closed) = call(&app, Method::POST, "/defects/reports", None, Some(&report)).await;
    let [open, closed] = [open, closed].map(|r| r["number"].as_u64().unwrap());
    let done = json!({ "status": "erledigt", "text": "Die Laterne brennt wieder." });
    call(
        &app,
        Method::POST,
        &format!("/defects/reports/{closed}/status"),
        Some(&staff),
        Some(&done),
    )
    .await;

    let forgotten = digitale_stadt::defects::forget_old_contacts(&app.db, 90)
        .await
        .unwrap();
    assert_eq!(forgotten, 0, "closed just now");
    let forgotten = digitale_stadt::defects::forget_old_contacts(&app.db, 0)
        .await
        .unwrap();
    assert_eq!(forgotten, 1, "only the closed report");
    let contact = |number: u64| {
        let (app, staff) = (&app, &staff);
        async move {
            call(
                app,
                Method::GET,
                &format!("/defects/reports/{number}"),
                Some(staff),
                None,
            )
            .await
            .1["contact"]
                .clone()
        }
    };
    assert_eq!(contact(open).await, "melder@example.org");
    assert_eq!(contact(closed).await, Value::Null);
}

#[tokio::test]
async fn staff_take_reports_out_of_view_and_remove_photos() {
    let app = spawn_app(|config| config.demo = true).await;
    let [staff, anna] = tokens(&app, [("staff", Role::Staff), ("anna", Role::Citizen)]).await;
    let (_, first) = upload(&app, sample_photo(400, 300, None, 1)).await;
    let (_, second) = upload(&app, sample_photo(400, 300, None, 1)).await;
    let mut report = lamp_report(LAT, LON);
    report["photos"] = json!([
        { "id": first["id"], "key": first["key"] },
        { "id": second["id"], "key": second["key"] },
    ]);
    let (_, created) = call(
        &app,
        Method::POST,
        "/defects/reports",
        Some(&anna),
        Some(&report),
    )
    .await;
    let number = created["number"].as_u64().unwrap();
    let path = format!("/defects/reports/{number}");

    // One photo shows a face: staff remove it, for good.
    let first_id = first["id"].as_str().unwrap();
    let (status, changed) = call(
        &app,
        Method::DELETE,
        &format!("{path}/photos/{first_id}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["photos"].as_array().unwrap().len(), 1);
    let (status, _) = bytes_of(&app, &format!("/api/v1/defects/photos/{first_id}/display")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("{path}/photos/{first_id}"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The text names a neighbour: staff take the report out of view.
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("{path}/visibility"),
        Some(&staff),
        Some(&json!({ "hidden": true, "reason": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "hiding needs a reason");
    let hide = json!({ "hidden": true, "reason": "Die Beschreibung nennt einen Nachbarn." });
    let (status, hidden) = call(
        &app,
        Method::PUT,
        &format!("{path}/visibility"),
        Some(&staff),
        Some(&hide),
    )
    .await;
    assert_eq!(
        (status, hidden["hidden"].as_str()),
        (
            StatusCode::OK,
            Some("Die Beschreibung nennt einen Nachbarn.")
        )
    );
    let (status, _) = call(&app, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not public");
    let (_, own) = call(&app, Method::GET, &path, Some(&anna), None).await;
    assert_eq!(own["hidden"], hide["reason"], "the reporter sees why");
    for list in ["/defects/reports", "/defects/reports?limit=1"] {
        let (_, public) = call(&app, Method::GET, list, None, None).await;
        assert!(
            !public.as_array().unwrap().is_empty()
                && public
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["number"] != number),
            "{list}: {public}"
        );
    }
    let geojson: Value = app
        .get("/api/v1/defects/reports.geojson")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        geojson["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["id"] != number)
    );
    let open311: Value = app
        .get(&format!("/open311/v2/requests/{number}.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open311[0]["code"], 404);
    let (_, inbox) = call(&app, Method::GET, "/defects/inbox", Some(&staff), None).await;
    assert!(
        inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["number"] == number && r["hidden"] == true)
    );
    let (_, mine) = call(&app, Method::GET, "/defects/mine", Some(&anna), None).await;
    assert!(lists(&mine, number));
    assert!(
        !in_update_feed(&app, number).await,
        "not in the Open311 updates"
    );
    let photo = format!(
        "/api/v1/defects/photos/{}/display",
        second["id"].as_str().unwrap()
    );
    let (status, _) = bytes_of(&app, &photo).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the photo is out of view too"
    );
    for (viewer, who) in [(&anna, "the reporter"), (&staff, "staff")] {
        let shown = app.send(Method::GET, &photo, Some(viewer), None).await;
        assert_eq!(shown.status(), StatusCode::OK, "{who}");
        assert_eq!(shown.headers()["cache-control"], "private, no-store");
    }

    let (_, shown) = call(
        &app,
        Method::PUT,
        &format!("{path}/visibility"),
        Some(&staff),
        Some(&json!({ "hidden": false })),
    )
    .await;
    assert!(shown.get("hidden").is_none());
    let (status, _) = call(&app, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK, "public again");
    let (_, public) = call(&app, Method::GET, "/defects/reports?limit=1", None, None).await;
    assert_eq!(public[0]["number"], number, "the newest in the list again");
    let shown = app.get(&photo).await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()["cache-control"], "public, no-cache");
    let etag = shown.headers()["etag"].clone();
    let revalidated = app
        .client
        .get(app.url(&photo))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("sent");
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert!(
        in_update_feed(&app, number).await,
        "in the Open311 updates again"
    );
}

/// An anonymous request as if from `address`, the server trusting one proxy.
fn from(app: &TestApp, method: Method, path: &str, address: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, app.url(&format!("/api/v1{path}")))
        .header("x-forwarded-for", address)
}

/// Security review, item 14: "Ich auch" without an account counted every
/// request. Now it counts once per client (address) and report.
#[tokio::test]
async fn me_too_without_an_account_counts_once_per_client() {
    let app = spawn_app(|config| {
        config.demo = true;
        config.trusted_proxies = 1;
    })
    .await;
    let (status, report) = call(
        &app,
        Method::POST,
        "/defects/reports",
        None,
        Some(&lamp_report(LAT, LON)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let me_too = format!("/defects/reports/{}/affected", report["number"]);
    let mut counts = Vec::new();
    for address in ["192.0.2.1", "192.0.2.1", "192.0.2.1", "198.51.100.7"] {
        let answer: Value = from(&app, Method::POST, &me_too, address)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        counts.push(answer["affected"].as_u64().unwrap());
    }
    assert_eq!(counts, [1, 1, 1, 2]);
}

/// Security review, item 14: 2,000 uploads waiting for their report, from
/// anyone, locked everyone out of uploads for two hours. Now each client
/// has its own room, and others still upload.
#[tokio::test]
async fn uploads_waiting_for_their_report_are_limited_per_client() {
    let app = spawn_app(|config| {
        config.demo = true;
        config.trusted_proxies = 1;
        config.defects.pending_photos_per_client = 2;
    })
    .await;
    let photo = sample_photo(64, 48, None, 1);
    let send = |address: &'static str| {
        from(&app, Method::POST, "/defects/photos", address)
            .header("content-type", "image/jpeg")
            .body(photo.clone())
            .send()
    };
    assert_eq!(
        send("192.0.2.1").await.unwrap().status(),
        StatusCode::CREATED
    );
    assert_eq!(
        send("192.0.2.1").await.unwrap().status(),
        StatusCode::CREATED
    );
    let full = send("192.0.2.1").await.unwrap();
    assert_eq!(full.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(full.headers().contains_key("retry-after"));
    assert_eq!(
        send("198.51.100.7").await.unwrap().status(),
        StatusCode::CREATED
    );
    // A report takes one of them: room for one more.
    let uploaded: Value = send("203.0.113.9").await.unwrap().json().await.unwrap();
    let mut report = lamp_report(LAT, LON);
    report["photos"] = json!([{ "id": uploaded["id"], "key": uploaded["key"] }]);
    let created = from(&app, Method::POST, "/defects/reports", "203.0.113.9")
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(
        send("203.0.113.9").await.unwrap().status(),
        StatusCode::CREATED
    );
}

/// Security review, item 14: the duplicate hint read every open report of
/// the category; it now asks the database only for those in a box around
/// the point. The box must not cut the circle: a report 240 m away is
/// offered, one 270 m away is not.
#[tokio::test]
async fn the_duplicate_hint_offers_reports_just_inside_its_radius() {
    let app = spawn_app(|config| config.demo = true).await;
    let metres_north = |m: f64| LAT + m / 111_195.0;
    let mut numbers = Vec::new();
    for lat in [metres_north(240.0), metres_north(270.0)] {
        let (status, report) = call(
            &app,
            Method::POST,
            "/defects/reports",
            None,
            Some(&lamp_report(lat, LON)),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{report}");
        numbers.push(report["number"].as_u64().unwrap());
    }
    let (_, nearby) = call(
        &app,
        Method::GET,
        &format!("/defects/nearby?lat={LAT}&lon={LON}&category=strassenlaterne"),
        None,
        None,
    )
    .await;
    assert!(lists(&nearby, numbers[0]), "{nearby}");
    assert!(!lists(&nearby, numbers[1]), "{nearby}");
}

/// Against someone with many addresses, all clients together have a room
/// too.
#[tokio::test]
async fn uploads_waiting_for_their_report_are_limited_for_all_clients_together() {
    let app = spawn_app(|config| {
        config.trusted_proxies = 1;
        config.defects.pending_photos_total = 2;
    })
    .await;
    let photo = sample_photo(64, 48, None, 1);
    let mut statuses = Vec::new();
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] {
        let sent = from(&app, Method::POST, "/defects/photos", address)
            .header("content-type", "image/jpeg")
            .body(photo.clone())
            .send()
            .await
            .unwrap();
        statuses.push(sent.status());
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
