//! Abstimmungen over HTTP: setting up, voting once, secrecy, receipts,
//! results after the close, district eligibility and clear refusals.

use chrono::{Duration, Utc};
use digitale_stadt::clock;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{TestApp, call, spawn_app, spawn_demo_app, tokens};

/// A valid poll that opened a minute ago and runs for an hour.
pub fn draft_json() -> Value {
    json!({
        "title": "Neuer Name für den Platz",
        "description": "Der Platz am Hafen bekommt einen Namen.",
        "opens_at": (Utc::now() - Duration::minutes(1)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::hours(1)).to_rfc3339(),
        "questions": [
            { "text": "Welcher Name?", "kind": { "type": "single" }, "options": ["Hafenplatz", "Speicherplatz", "Kaiplatz"], "required": true },
            { "text": "Ihre Reihenfolge der Bäume", "kind": { "type": "ranking", "rule": "instant_runoff" }, "options": ["Linde", "Eiche", "Ahorn"], "required": false },
            { "text": "Was noch?", "kind": { "type": "text" }, "required": false }
        ]
    })
}

pub async fn create_poll(app: &TestApp, staff: &str, draft: &Value) -> u64 {
    let (status, poll) = call(app, Method::POST, "/polls", Some(staff), Some(draft)).await;
    assert_eq!(status, StatusCode::CREATED, "{poll}");
    poll["number"].as_u64().unwrap()
}

pub fn ballot(single: u32, ranking: &[u32], text: &str) -> Value {
    json!({ "answers": [
        { "choices": [single] },
        { "choices": ranking },
        { "text": text }
    ] })
}

pub async fn vote(app: &TestApp, poll: u64, token: &str, ballot: &Value) -> (StatusCode, Value) {
    call(
        app,
        Method::POST,
        &format!("/polls/{poll}/ballots"),
        Some(token),
        Some(ballot),
    )
    .await
}

pub async fn receipt_status(app: &TestApp, poll: u64, code: &str) -> String {
    let (status, check) = call(
        app,
        Method::GET,
        &format!("/polls/{poll}/receipts/{code}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{check}");
    check["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn each_person_votes_once_in_secret_and_checks_the_receipt_after_the_close() {
    let app = spawn_app(|_| {}).await;
    let [staff, anna, ben] = tokens(
        &app,
        [
            ("amt", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let poll = create_poll(&app, &staff, &draft_json()).await;

    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/polls/{poll}"),
        Some(&anna),
        None,
    )
    .await;
    assert_eq!(shown["phase"], "open");
    assert_eq!(shown["standing"]["state"], "eligible");

    let (status, receipt) = vote(&app, poll, &anna, &ballot(0, &[1, 0], "Mehr Bäume")).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let anna_code = receipt["code"].as_str().unwrap().to_owned();
    // A second ballot is refused the same way whether it is valid (refused
    // when cast) or not (refused before its faults are told).
    for second in [ballot(99, &[], ""), ballot(1, &[0, 1], "Doch anders")] {
        let (status, again) = vote(&app, poll, &anna, &second).await;
        assert_eq!(status, StatusCode::CONFLICT, "{again}");
        assert!(
            again["message"]
                .as_str()
                .unwrap()
                .contains("schon abgestimmt"),
            "{again}"
        );
    }
    let (status, _) = vote(&app, poll, &ben, &ballot(0, &[2], "")).await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/polls/{poll}"),
        Some(&anna),
        None,
    )
    .await;
    assert_eq!(shown["standing"]["state"], "already_voted");
    assert_eq!(shown["ballots"], 2);

    // Nobody sees interim results, staff included.
    let (status, hidden) = call(
        &app,
        Method::GET,
        &format!("/polls/{poll}/results"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        hidden["message"]
            .as_str()
            .unwrap()
            .contains("nach dem Ende")
    );
    assert_eq!(receipt_status(&app, poll, &anna_code).await, "received");

    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/polls/{poll}/close"),
        Some(&staff),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, late) = vote(
        &app,
        poll,
        &tokens(&app, [("clara", Role::Citizen)]).await[0],
        &ballot(0, &[], ""),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Closed early: the refusal names the time it was closed, not the planned end.
    let message = late["message"].as_str().unwrap();
    let now = Utc::now();
    assert!(
        [now, now - Duration::minutes(1)]
            .map(clock::german_text)
            .iter()
            .any(|closed_at| message.contains(closed_at.as_str())),
        "{message}"
    );

    assert_eq!(
        receipt_status(&app, poll, &anna_code.to_lowercase()).await,
        "counted"
    );
    assert_eq!(
        receipt_status(&app, poll, "AAAA-BBBB-CCCC-DDDD").await,
        "unknown"
    );

    let (status, results) = call(
        &app,
        Method::GET,
        &format!("/polls/{poll}/results"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["final"], true);
    assert_eq!(results["ballots"], 2);
    let names = &results["questions"][0];
    assert_eq!(names["options"][0]["votes"], 2);
    assert_eq!(names["winners"], json!(["Hafenplatz"]));
    // Rankings: Linde 0, Eiche 1, Ahorn 1. Linde drops out first; then
    // Eiche and Ahorn are tied with nobody left to drop, and both win.
    let runoff = &results["questions"][1];
    assert_eq!(runoff["rounds"][0]["eliminated"], "Linde");
    assert_eq!(runoff["winners"], json!(["Eiche", "Ahorn"]));
    assert_eq!(results["questions"][2]["texts"], json!(["Mehr Bäume"]));

    let csv = app
        .get(&format!("/api/v1/polls/{poll}/ballots.csv"))
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Stimmzettel;Welcher Name?;Ihre Reihenfolge der Bäume;Was noch?"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        lines.contains(&"1;Hafenplatz;1. Eiche | 2. Linde;Mehr Bäume")
            || lines.contains(&"2;Hafenplatz;1. Eiche | 2. Linde;Mehr Bäume"),
        "{csv}"
    );
    assert!(!csv.contains("anna") && !csv.contains("ben"));

    // The stored ballot has nothing that names or dates its voter.
    let stored: Vec<Value> = app
        .db
        .query("SELECT * OMIT id FROM poll_ballot")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    for ballot in &stored {
        let mut fields: Vec<&str> = ballot
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort();
        assert_eq!(fields, ["answers", "poll", "receipt"]);
    }

    let export = app
        .send(Method::GET, "/api/v1/me/export", Some(&anna), None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(export["polls_voted_in"], json!([poll]));
}

#[tokio::test]
async fn concurrent_repeat_votes_over_http_are_taken_once() {
    let app = spawn_app(|_| {}).await;
    let [staff] = tokens(&app, [("amt", Role::Staff)]).await;
    let poll = create_poll(&app, &staff, &draft_json()).await;
    let mut voters = Vec::new();
    for i in 0..8 {
        voters
            .push(tokens(&app, [(&format!("person{i}") as &str, Role::Citizen)]).await[0].clone());
    }
    let mut attempts = tokio::task::JoinSet::new();
    for token in &voters {
        for choice in 0..4 {
            let request = app
                .client
                .post(app.url(&format!("/api/v1/polls/{poll}/ballots")))
                .bearer_auth(token)
                .json(&ballot(choice % 3, &[], ""));
            attempts.spawn(async move { request.send().await.expect("request sent").status() });
        }
    }
    let statuses = attempts.join_all().await;
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(created, voters.len(), "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let (_, shown) = call(&app, Method::GET, &format!("/polls/{poll}"), None, None).await;
    assert_eq!(shown["ballots"], voters.len());
}

#[tokio::test]
async fn district_polls_take_the_residents_of_that_district() {
    let app = spawn_demo_app().await;
    let [staff, citizen] =
        tokens(&app, [("amt", Role::Staff), ("hiltruperin", Role::Citizen)]).await;
    let mut draft = draft_json();
    draft["district"] = json!("hiltrup");
    let poll = create_poll(&app, &staff, &draft).await;

    let (status, refused) = vote(&app, poll, &citizen, &ballot(0, &[], "")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        refused["message"].as_str().unwrap().contains("Hiltrup"),
        "{refused}"
    );

    let (status, unknown) = call(
        &app,
        Method::PUT,
        "/me/district",
        Some(&citizen),
        Some(&json!({ "district": "atlantis" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(unknown["message"].as_str().unwrap().contains("atlantis"));
    let (status, me) = call(
        &app,
        Method::PUT,
        "/me/district",
        Some(&citizen),
        Some(&json!({ "district": "hiltrup" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["district"], "hiltrup");

    let (status, _) = vote(&app, poll, &citizen, &ballot(0, &[], "")).await;
    assert_eq!(status, StatusCode::CREATED);

    let mut elsewhere = draft_json();
    elsewhere["district"] = json!("atlantis");
    let (status, _) = call(&app, Method::POST, "/polls", Some(&staff), Some(&elsewhere)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bad_ballots_and_late_changes_are_refused_and_nothing_is_stored() {
    let app = spawn_app(|_| {}).await;
    let [staff, citizen] = tokens(&app, [("amt", Role::Staff), ("anna", Role::Citizen)]).await;
    let poll = create_poll(&app, &staff, &draft_json()).await;

    let wrong = json!({ "answers": [{ "choices": [0] }] });
    let (status, body) = vote(&app, poll, &citizen, &wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"].as_str().unwrap().contains("3 Fragen"),
        "{body}"
    );
    let (status, body) = vote(&app, poll, &citizen, &ballot(7, &[], "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"].as_str().unwrap().starts_with("Frage 1:"),
        "{body}"
    );
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/polls/{poll}"),
        Some(&citizen),
        None,
    )
    .await;
    assert_eq!(shown["ballots"], 0);
    assert_eq!(shown["standing"]["state"], "eligible");

    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/polls/{poll}"),
        Some(&staff),
        Some(&draft_json()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let mut later = draft_json();
    later["opens_at"] = json!((Utc::now() + Duration::days(1)).to_rfc3339());
    later["closes_at"] = json!((Utc::now() + Duration::days(2)).to_rfc3339());
    let upcoming = create_poll(&app, &staff, &later).await;
    let (status, body) = vote(&app, upcoming, &citizen, &ballot(0, &[], "")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["message"].as_str().unwrap().contains("beginnt erst"),
        "{body}"
    );
    later["title"] = json!("Ein besserer Titel");
    let (status, changed) = call(
        &app,
        Method::PUT,
        &format!("/polls/{upcoming}"),
        Some(&staff),
        Some(&later),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["title"], "Ein besserer Titel");

    let mut backwards = draft_json();
    backwards["closes_at"] = backwards["opens_at"].clone();
    let (status, body) = call(&app, Method::POST, "/polls", Some(&staff), Some(&backwards)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("nach dem Beginn")
    );

    let (status, _) = call(&app, Method::GET, "/polls/999", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_city_has_an_open_a_finished_and_an_upcoming_poll() {
    let app = spawn_demo_app().await;
    let (status, polls) = call(&app, Method::GET, "/polls", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let phases: Vec<&str> = polls
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(phases, ["upcoming", "open", "closed"]);
    let finished = polls[2]["number"].as_u64().unwrap();
    let (status, results) = call(
        &app,
        Method::GET,
        &format!("/polls/{finished}/results"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results["ballots"], 240);
    let points: u64 = results["questions"][0]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["points"].as_u64().unwrap())
        .sum();
    assert!(points > 240, "Borda points are counted: {points}");
    assert_eq!(polls[0]["district_name"], "Münster-Hiltrup");
}

/// Security review, item 14: the list of polls counted every ballot of
/// every poll, and each view of a closed poll's results counted its
/// ballots again. A closed poll's count and results are now read once per
/// app server; open polls are still counted as their ballots arrive.
#[tokio::test]
async fn a_closed_polls_count_and_results_are_read_once() {
    let app = spawn_demo_app().await;
    let (_, polls) = call(&app, Method::GET, "/polls", None, None).await;
    let finished = polls[2]["number"].as_u64().unwrap();
    let open = polls[1]["number"].as_u64().unwrap();
    assert_eq!(polls[2]["ballots"], 240);
    let results = format!("/polls/{finished}/results");
    let (_, before) = call(&app, Method::GET, &results, None, None).await;

    // Behind the server's back, the stored ballots change: neither the
    // list nor the results read them again.
    app.db
        .query("DELETE (SELECT VALUE id FROM poll_ballot WHERE poll = $poll LIMIT 10)")
        .bind(("poll", finished as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
    let mut stored = app
        .db
        .query("SELECT count() AS n FROM poll_ballot WHERE poll = $poll GROUP ALL")
        .bind(("poll", finished as i64))
        .await
        .unwrap();
    let stored: Option<u64> = stored.take((0, "n")).unwrap();
    assert_eq!(stored, Some(230));
    let (_, polls) = call(&app, Method::GET, "/polls", None, None).await;
    assert_eq!(polls[2]["ballots"], 240);
    let (_, after) = call(&app, Method::GET, &results, None, None).await;
    assert_eq!(after, before);
    let (_, poll) = call(&app, Method::GET, &format!("/polls/{finished}"), None, None).await;
    assert_eq!(poll["ballots"], 240);

    // The open poll's count follows its ballots.
    let open_count = polls[1]["ballots"].as_u64().unwrap();
    app.db
        .query("CREATE poll_ballot CONTENT { poll: $poll, receipt: 'test', answers: [] }")
        .bind(("poll", open as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
    let (_, polls) = call(&app, Method::GET, "/polls", None, None).await;
    assert_eq!(polls[1]["ballots"].as_u64().unwrap(), open_count + 1);
}
