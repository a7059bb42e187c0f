//! Reporting content, automatic hiding after enough reports, the
//! moderators' queue and decisions, and what the author is told.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::{
    accounts::{DataExport, Role},
    moderation::{ModerationNotice, QueueItem, Visibility},
};

use crate::helpers::{Person, TestApp, spawn_app};

fn profile_of(person: &Person) -> Value {
    json!({ "kind": "profile", "id": person.account_id() })
}

async fn report(app: &TestApp, reporter: &Person, target: &Person) -> reqwest::Response {
    app.send(
        Method::POST,
        "/api/v1/reports",
        Some(reporter.access_token()),
        Some(&json!({ "target": profile_of(target), "reason": "offensive", "note": "Beleidigender Name" })),
    )
    .await
}

async fn queue(app: &TestApp, moderator: &Person) -> Vec<QueueItem> {
    app.json_of(
        Method::GET,
        "/api/v1/moderation/queue",
        Some(moderator.access_token()),
        None,
    )
    .await
}

#[tokio::test]
async fn three_reports_hide_content_until_a_moderator_decides() {
    let app = spawn_app(|_| {}).await;
    let moderator = app.person_with_role("moderatorin", Role::Moderator).await;
    let mut rude = Person::new("ruepel");
    app.register(&mut rude, None).await;
    let mut reporters = Vec::new();
    for name in ["melder1", "melder2", "melder3"] {
        let mut person = Person::new(name);
        app.register(&mut person, None).await;
        reporters.push(person);
    }

    assert_eq!(
        report(&app, &reporters[0], &rude).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        report(&app, &reporters[0], &rude).await.status(),
        StatusCode::CONFLICT,
        "once per person"
    );
    assert_eq!(
        report(&app, &rude, &rude).await.status(),
        StatusCode::BAD_REQUEST,
        "not one's own"
    );
    assert_eq!(
        report(&app, &reporters[1], &rude).await.status(),
        StatusCode::CREATED
    );
    let waiting = queue(&app, &moderator).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].visibility, Visibility::Visible);
    assert_eq!(waiting[0].reports.len(), 2);
    assert_eq!(waiting[0].preview, "ruepel Muster");

    assert_eq!(
        report(&app, &reporters[2], &rude).await.status(),
        StatusCode::CREATED
    );
    let waiting = queue(&app, &moderator).await;
    assert_eq!(
        waiting[0].visibility,
        Visibility::Pending,
        "hidden after the third report"
    );
    let notices: Vec<ModerationNotice> = app
        .json_of(
            Method::GET,
            "/api/v1/me/moderation",
            Some(rude.access_token()),
            None,
        )
        .await;
    assert_eq!(notices[0].visibility, Visibility::Pending);

    let decision = app
        .send(
            Method::POST,
            "/api/v1/moderation/decisions",
            Some(moderator.access_token()),
            Some(&json!({ "target": profile_of(&rude), "action": "hide", "reason": "Der Name beleidigt andere." })),
        )
        .await;
    assert_eq!(decision.status(), StatusCode::NO_CONTENT);
    assert!(
        queue(&app, &moderator).await.is_empty(),
        "decided items leave the queue"
    );
    let notices: Vec<ModerationNotice> = app
        .json_of(
            Method::GET,
            "/api/v1/me/moderation",
            Some(rude.access_token()),
            None,
        )
        .await;
    assert_eq!(notices[0].visibility, Visibility::Hidden);
    assert_eq!(
        notices[0].reason.as_deref(),
        Some("Der Name beleidigt andere.")
    );

    let restore = app
        .send(
            Method::POST,
            "/api/v1/moderation/decisions",
            Some(moderator.access_token()),
            Some(&json!({ "target": profile_of(&rude), "action": "restore", "reason": "Nach Änderung in Ordnung." })),
        )
        .await;
    assert_eq!(restore.status(), StatusCode::NO_CONTENT);
    let notices: Vec<Value> = app
        .json_of(
            Method::GET,
            "/api/v1/me/moderation",
            Some(rude.access_token()),
            None,
        )
        .await;
    assert!(notices.is_empty());

    let log: Vec<Value> = app
        .json_of(
            Method::GET,
            "/api/v1/admin/audit",
            Some(
                app.person_with_role("chefin", Role::Admin)
                    .await
                    .access_token(),
            ),
            None,
        )
        .await;
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(
        actions.contains(&"content.hidden") && actions.contains(&"content.restored"),
        "{actions:?}"
    );

    let export: DataExport = app
        .json_of(
            Method::GET,
            "/api/v1/me/export",
            Some(reporters[0].access_token()),
            None,
        )
        .await;
    assert_eq!(export.reports.len(), 1);
    assert_eq!(
        export.reports[0].note.as_deref(),
        Some("Beleidigender Name")
    );
}

#[tokio::test]
async fn reports_need_existing_content_and_decisions_a_reason() {
    let app = spawn_app(|_| {}).await;
    let moderator = app.person_with_role("moderator", Role::Moderator).await;
    // The empty id is no record id for the database, and names nothing.
    for (kind, id) in [
        ("profile", "nobody"),
        ("profile", ""),
        ("budget_comment", ""),
        ("consultation_comment", ""),
        ("debate_argument", ""),
    ] {
        let missing = app
            .send(
                Method::POST,
                "/api/v1/reports",
                Some(moderator.access_token()),
                Some(&json!({ "target": { "kind": kind, "id": id }, "reason": "spam" })),
            )
            .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{kind} {id:?}");
    }
    let unknown_reason = app
        .send(
            Method::POST,
            "/api/v1/reports",
            Some(moderator.access_token()),
            Some(&json!({ "target": profile_of(&moderator), "reason": "boring" })),
        )
        .await;
    assert!(unknown_reason.status().is_client_error());
    let no_reason = app
        .send(
            Method::POST,
            "/api/v1/moderation/decisions",
            Some(moderator.access_token()),
            Some(&json!({ "target": profile_of(&moderator), "action": "hide", "reason": "  " })),
        )
        .await;
    assert_eq!(no_reason.status(), StatusCode::BAD_REQUEST);
}
