//! Health, error format, OpenAPI document, city profile, static app serving.

use std::fs;

use reqwest::{StatusCode, header};
use serde_json::Value;
use shared::{
    api::ApiErrorBody,
    city::{City, FigureKey, Stats},
};

use crate::helpers::{TempDir, spawn_app, spawn_demo_app};

#[tokio::test]
async fn healthz_answers_ok_when_the_database_answers() {
    let app = spawn_app(|_| {}).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn city_is_404_until_configured_and_demo_brings_muenster() {
    let empty = spawn_app(|_| {}).await;
    let response = empty.get("/api/v1/city").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: ApiErrorBody = response.json().await.unwrap();
    assert_eq!(body.error, "not_found");

    let demo = spawn_demo_app().await;
    let city: City = demo.get("/api/v1/city").await.json().await.unwrap();
    assert_eq!(city.name, "Münster");
    assert_eq!(city.ags, "05515000");
    assert_eq!(city.districts.len(), 6);
    assert_eq!(
        city.districts.iter().map(|d| d.population).sum::<u64>(),
        city.population
    );
}

#[tokio::test]
async fn stats_report_the_city_figures() {
    let app = spawn_demo_app().await;
    let stats: Stats = app.get("/api/v1/stats").await.json().await.unwrap();
    assert_eq!(stats.city, "Münster");
    let value = |key| stats.figures.iter().find(|f| f.key == key).map(|f| f.value);
    assert_eq!(value(FigureKey::Population), Some(320_946.0));
    assert_eq!(value(FigureKey::Districts), Some(6.0));
}

#[tokio::test]
async fn unknown_api_paths_and_methods_get_json_errors() {
    let app = spawn_app(|_| {}).await;
    for path in [
        "/api/v1/gibt-es-nicht",
        "/api/v2/city",
        "/api",
        "/api/v1/city/extra",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json",
            "{path}"
        );
        let body: ApiErrorBody = response.json().await.unwrap();
        assert_eq!(body.error, "not_found", "{path}");
        assert!(
            body.message.contains("openapi.json"),
            "{path}: {}",
            body.message
        );
    }
    let response = app
        .client
        .delete(app.url("/api/v1/city"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: ApiErrorBody = response.json().await.unwrap();
    assert_eq!(body.error, "method_not_allowed");
}

#[tokio::test]
async fn openapi_document_is_3_1_and_lists_every_route() {
    let app = spawn_demo_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<_> = paths.keys().map(String::as_str).collect();
    documented.sort();
    assert_eq!(
        documented,
        [
            "/admin/accounts",
            "/admin/accounts/{id}/block",
            "/admin/accounts/{id}/departments",
            "/admin/accounts/{id}/role",
            "/admin/audit",
            "/admin/invites",
            "/auth/login/finish",
            "/auth/login/start",
            "/auth/logout",
            "/auth/recover/finish",
            "/auth/recover/start",
            "/auth/refresh",
            "/auth/register/finish",
            "/auth/register/start",
            "/budgets",
            "/budgets/pabulib/check",
            "/budgets/{cycle}",
            "/budgets/{cycle}/advance",
            "/budgets/{cycle}/ballot",
            "/budgets/{cycle}/ballot/lookup",
            "/budgets/{cycle}/ballots.csv",
            "/budgets/{cycle}/codes",
            "/budgets/{cycle}/codes/{batch}",
            "/budgets/{cycle}/pabulib/{file}",
            "/budgets/{cycle}/proposals",
            "/budgets/{cycle}/proposals/{proposal}",
            "/budgets/{cycle}/proposals/{proposal}/comments",
            "/budgets/{cycle}/proposals/{proposal}/implementation",
            "/budgets/{cycle}/proposals/{proposal}/rating",
            "/budgets/{cycle}/proposals/{proposal}/review",
            "/budgets/{cycle}/proposals/{proposal}/support",
            "/budgets/{cycle}/results",
            "/budgets/{cycle}/results.csv",
            "/budgets/{cycle}/similar",
            "/city",
            "/consultations",
            "/consultations/outcomes",
            "/consultations/{number}",
            "/consultations/{number}/abwaegungstabelle.csv",
            "/consultations/{number}/abwaegungstabelle.html",
            "/consultations/{number}/attachments",
            "/consultations/{number}/attachments/{id}",
            "/consultations/{number}/comments",
            "/consultations/{number}/comments/{id}/answer",
            "/consultations/{number}/comments/{id}/support",
            "/consultations/{number}/diff",
            "/consultations/{number}/versions",
            "/council/files",
            "/council/meetings",
            "/council/meetings.ics",
            "/council/objects/file/{number}/content",
            "/council/objects/{kind}",
            "/council/objects/{kind}/{number}",
            "/council/organizations/{number}/meetings.ics",
            "/council/persons/{number}/meetings.ics",
            "/council/search",
            "/debates",
            "/debates/{number}",
            "/debates/{number}/arguments",
            "/debates/{number}/arguments/{id}/support",
            "/debates/{number}/close",
            "/defects/area",
            "/defects/categories",
            "/defects/categories/{code}",
            "/defects/inbox",
            "/defects/mine",
            "/defects/nearby",
            "/defects/photos",
            "/defects/photos/{id}/{size}",
            "/defects/places",
            "/defects/reports",
            "/defects/reports.csv",
            "/defects/reports.geojson",
            "/defects/reports/{number}",
            "/defects/reports/{number}/affected",
            "/defects/reports/{number}/merge",
            "/defects/reports/{number}/photos/{id}",
            "/defects/reports/{number}/reassign",
            "/defects/reports/{number}/status",
            "/defects/reports/{number}/visibility",
            "/defects/setup",
            "/defects/statistics",
            "/me",
            "/me/district",
            "/me/export",
            "/me/moderation",
            "/me/passkeys",
            "/me/passkeys/finish",
            "/me/passkeys/start",
            "/me/passkeys/{id}",
            "/me/sessions",
            "/me/sessions/revoke-all",
            "/me/sessions/{id}",
            "/moderation/decisions",
            "/moderation/queue",
            "/open311/keys",
            "/open311/keys/{id}",
            "/polls",
            "/polls/{number}",
            "/polls/{number}/ballots",
            "/polls/{number}/ballots.csv",
            "/polls/{number}/close",
            "/polls/{number}/receipts/{code}",
            "/polls/{number}/results",
            "/reports",
            "/stats"
        ]
    );
    for schema in [
        "City",
        "District",
        "Operator",
        "Stats",
        "Figure",
        "FigureKey",
        "ApiErrorBody",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "schema {schema} missing"
        );
    }
    for path in ["/city", "/stats"] {
        let response = app.get(&format!("/api/v1{path}")).await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "documented {path} is not served"
        );
    }
}

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_brotli() {
    let site = TempDir::new("site");
    fs::write(site.join("index.html"), "<!DOCTYPE html><title>App</title>").unwrap();
    fs::write(site.join("app.css"), "body { color: black }").unwrap();
    fs::write(site.join("app.css.br"), b"brotli bytes").unwrap();
    let app = spawn_app(|config| config.site = site.to_path_buf()).await;

    for path in ["/", "/buergerhaushalt", "/ratsinformation/sitzung/42"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>App</title>"),
            "{path}"
        );
    }

    let css = app
        .get_with("/app.css", header::ACCEPT_ENCODING, "br")
        .await;
    assert_eq!(css.headers()[header::CONTENT_ENCODING], "br");
    assert!(
        css.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let plain = app
        .get_with("/app.css", header::ACCEPT_ENCODING, "identity")
        .await;
    assert_eq!(plain.text().await.unwrap(), "body { color: black }");
}

#[tokio::test]
async fn without_a_built_app_the_api_still_works_and_pages_explain() {
    let app = spawn_app(|_| {}).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("cargo xtask"));
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn json_answers_are_compressed_when_asked() {
    let app = spawn_demo_app().await;
    let response = app
        .get_with("/api/v1/openapi.json", header::ACCEPT_ENCODING, "gzip")
        .await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}
