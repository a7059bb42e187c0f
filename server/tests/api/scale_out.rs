//! Several app servers on one SurrealDB server, as a city runs them behind a
//! reverse proxy: they share nothing but the database, so whatever one of
//! them stores or signs must hold on every other.
//!
//! These tests need a SurrealDB server; `cargo xtask test` starts one for its
//! second pass over the API tests and runs them there.

use std::collections::HashSet;

use digitale_stadt::{Application, db, migrate};
use reqwest::{Method, StatusCode};
use serde_json::json;
use shared::accounts::{Role, SignedIn};

use crate::{
    helpers::{TestApp, call, database_on, spawn_app, surreal_server, unique_name},
    ocr::{Staff, job, number, scan},
    polls::{ballot, create_poll, draft_json, receipt_status, vote},
};

const NEEDS_SERVER: &str = "needs a SurrealDB server: `cargo xtask test` runs it in its ws:// pass";

fn fresh_database_on_the_server() -> db::DbConfig {
    let url = surreal_server().expect(NEEDS_SERVER);
    database_on(&url, &unique_name("scale"))
}

/// Two app servers on the same database, reached by citizens under one public
/// address (the proxy's; here the first server's).
async fn two_servers() -> (TestApp, TestApp) {
    let database = fresh_database_on_the_server();
    let first = {
        let database = database.clone();
        spawn_app(move |config| config.db = database).await
    };
    let public_url = first.origin();
    let second = spawn_app(move |config| {
        config.db = database;
        config.public_url = Some(public_url);
    })
    .await;
    (first, second)
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn servers_connecting_together_to_a_new_namespace_all_come_up() {
    // The namespace and database do not exist yet: every connection creates
    // them, and all but one lose that write to the others.
    let mut database = fresh_database_on_the_server();
    database.db_namespace = unique_name("ns");
    let connections = futures_util::future::join_all((0..8).map(|_| db::connect(&database))).await;
    for connection in connections {
        let connection = connection.expect("every server connects");
        connection
            .query("INFO FOR DB")
            .await
            .and_then(|answer| answer.check())
            .expect("and reaches its database");
    }
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn migrations_started_at_the_same_moment_are_applied_once() {
    let database = fresh_database_on_the_server();
    let servers = 4;
    let mut connections = Vec::new();
    for _ in 0..servers {
        connections.push(db::connect(&database).await.expect("connects"));
    }
    let runs = futures_util::future::join_all(connections.iter().map(migrate::run)).await;

    let mut applied = Vec::new();
    for run in runs {
        applied.extend(run.expect("every server starts"));
    }
    let distinct: HashSet<&String> = applied.iter().collect();
    assert_eq!(distinct.len(), applied.len(), "applied twice: {applied:?}");
    let shipped = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations"))
        .expect("migrations folder")
        .count();
    assert_eq!(applied.len(), shipped, "{applied:?}");

    let mut recorded = connections[0]
        .query("SELECT count() AS n FROM _migration GROUP ALL")
        .await
        .expect("query");
    let recorded: Option<serde_json::Value> = recorded.take(0).expect("count");
    assert_eq!(recorded.expect("a count")["n"], shipped);
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn two_app_servers_starting_together_both_serve() {
    let database = fresh_database_on_the_server();
    let config = |database: db::DbConfig| {
        let mut config = digitale_stadt::config::ServeConfig::for_tests();
        config.db = database;
        config
    };
    let (first, second) = tokio::join!(
        Application::build(config(database.clone())),
        Application::build(config(database))
    );
    let (first, second) = (first.expect("first starts"), second.expect("second starts"));
    for app in [first, second] {
        let url = app.public_url().join("healthz").expect("url");
        tokio::spawn(app.run_until_stopped());
        let health = reqwest::get(url).await.expect("answers");
        assert_eq!(health.status(), StatusCode::OK);
    }
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn a_sign_in_started_on_one_server_finishes_on_the_other_and_the_session_holds_on_both() {
    let (first, second) = two_servers().await;
    let mut anna = first.person_with_role("anna", Role::Citizen).await;

    // The proxy may send the two halves of a passkey ceremony to different servers.
    let ceremony = first
        .start_ceremony(
            "/api/v1/auth/login/start",
            &json!({ "username": anna.username }),
        )
        .await;
    let credential = first.get_credential(&mut anna.authenticator, &ceremony);
    let finished = second
        .post_json(
            "/api/v1/auth/login/finish",
            None,
            &json!({ "ceremony_id": ceremony.ceremony_id, "credential": credential }),
        )
        .await;
    assert_eq!(finished.status(), StatusCode::OK);
    let session: SignedIn = finished.json().await.expect("SignedIn");

    for app in [&first, &second] {
        let (status, me) = call(
            app,
            Method::GET,
            "/me",
            Some(session.access_token.as_deref().unwrap()),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["username"], "anna");
    }

    // Signing out on one server ends the session on every server at once.
    let out = first
        .send(
            Method::POST,
            "/api/v1/auth/logout",
            Some(session.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let (status, _) = call(
        &second,
        Method::GET,
        "/me",
        Some(session.access_token.as_deref().unwrap()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn a_vote_cast_on_one_server_counts_once_and_shows_on_the_other() {
    let (first, second) = two_servers().await;
    let staff = first.person_with_role("amt", Role::Staff).await;
    let ben = first.person_with_role("ben", Role::Citizen).await;
    let poll = create_poll(&first, staff.access_token(), &draft_json()).await;

    // Ben presses "Abstimmen" twice; the proxy sends one click to each server.
    let choice = ballot(1, &[], "");
    let (a, b) = tokio::join!(
        vote(&first, poll, ben.access_token(), &choice),
        vote(&second, poll, ben.access_token(), &choice),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );

    for app in [&first, &second] {
        let (status, shown) = call(app, Method::GET, &format!("/polls/{poll}"), None, None).await;
        assert_eq!(status, StatusCode::OK, "{shown}");
        assert_eq!(shown["ballots"], 1);
    }
    let receipt = [a.1, b.1]
        .into_iter()
        .find_map(|answer| answer["code"].as_str().map(str::to_owned))
        .expect("the accepted vote has a receipt");
    assert_eq!(receipt_status(&second, poll, &receipt).await, "received");
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn a_paper_written_on_one_server_is_found_and_unfound_on_the_other() {
    let (first, second) = two_servers().await;
    let staff = first.person_with_role("ratsbuero", Role::Staff).await;
    let within = std::time::Duration::from_secs(5);
    let (status, body) = call(
        &first,
        Method::POST,
        "/council/objects/body",
        Some(staff.access_token()),
        Some(&json!({ "name": "Stadt Münster" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (status, paper) = call(
        &first,
        Method::POST,
        "/council/objects/paper",
        Some(staff.access_token()),
        Some(&json!({ "name": "Quartiersgarage Hansaviertel", "reference": "V/0456/2026" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{paper}");
    let found = second
        .council_search_until("q=Quartiersgaragen", within, |hits| !hits.is_empty())
        .await;
    assert_eq!(found[0].title, "Quartiersgarage Hansaviertel");
    // Typed exactly, the reference number finds it first.
    second
        .council_search_until("q=V%2F0456%2F2026&sort=date", within, |hits| {
            hits.first()
                .is_some_and(|hit| hit.number == found[0].number)
        })
        .await;

    let (status, _) = call(
        &second,
        Method::DELETE,
        &format!("/council/objects/paper/{}", found[0].number),
        Some(staff.access_token()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    first
        .council_search_until("q=Quartiersgarage", within, Vec::is_empty)
        .await;
}

#[tokio::test]
#[ignore = "needs a SurrealDB server (ws:// pass of cargo xtask test)"]
async fn each_scan_is_read_once_by_one_of_the_servers() {
    let (first, second) = two_servers().await;
    let staff = Staff::of_new_council(&first).await;
    let words = [
        "Holunderbeerensaft",
        "Pflaumenmusfabrik",
        "Quittengeleetopf",
    ];
    let mut files = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let pdf = scan("Antrag", &format!("Der Rat beschließt die {word}."));
        let file = staff.upload(&format!("A-{i}-2026.pdf"), pdf).await;
        let paper = json!({ "name": format!("Antrag {i}"), "mainFile": { "id": file["id"] } });
        staff.create("paper", paper).await;
        files.push(number(&file));
    }
    // Both servers read scans; whichever took one, the other finds it.
    let within = std::time::Duration::from_secs(60);
    for word in words {
        second
            .council_search_until(&format!("q={word}"), within, |hits| hits.len() == 1)
            .await;
    }
    for file in files {
        assert_eq!(
            job(&first, file).await,
            json!({ "state": "done", "attempts": 1, "pages": 1 }),
            "file {file}"
        );
    }
}
