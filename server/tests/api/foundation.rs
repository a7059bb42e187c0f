//! Health, error format, OpenAPI document, city profile, static app serving.

use std::fs;

use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use shared::{
    api::ApiErrorBody,
    city::{City, FigureKey, Stats},
};

use crate::helpers::{TempDir, TestApp, spawn_app, spawn_demo_app};

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
            "/auth/confirm/finish",
            "/auth/confirm/start",
            "/auth/login/finish",
            "/auth/login/start",
            "/auth/logout",
            "/auth/recover/finish",
            "/auth/recover/start",
            "/auth/refresh",
            "/auth/register/finish",
            "/auth/register/start",
            "/auth/session",
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
            "/council/meetings/{number}/non-public",
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
            "/search",
            "/search/status",
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
async fn security_headers_are_sent_with_the_app_and_the_api() {
    let site = TempDir::new("site");
    fs::write(site.join("index.html"), "<!DOCTYPE html><title>App</title>").unwrap();
    let app = spawn_app(|config| config.site = site.to_path_buf()).await;

    let page = app.get("/buergerhaushalt").await;
    let policy = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
        "{policy}"
    );
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert!(
        !page
            .headers()
            .contains_key(header::STRICT_TRANSPORT_SECURITY),
        "no HSTS for a plain http address"
    );

    let public = app.get("/api/v1/stats").await;
    assert_eq!(
        public.headers()[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(public.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert!(!public.headers().contains_key(header::CACHE_CONTROL));

    let [token] = crate::helpers::tokens(&app, [("anna", shared::accounts::Role::Citizen)]).await;
    for path in ["/api/v1/me", "/api/v1/me/export", "/api/v1/stats"] {
        let personal = app
            .send(reqwest::Method::GET, path, Some(&token), None)
            .await;
        assert_eq!(personal.status(), StatusCode::OK, "{path}");
        assert_eq!(
            personal.headers()[header::CACHE_CONTROL],
            "private, no-store",
            "{path}"
        );
    }
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

/// Checks an answer against what the document says the operation answers
/// with this status; panics with the path and the first violations.
fn assert_documented(
    doc: &Value,
    method: &str,
    template: &str,
    path: &str,
    status: u16,
    answer: &Value,
) {
    let response = &doc["paths"][template][method]["responses"][status.to_string()];
    let response = match response["$ref"].as_str() {
        Some(shared) => &doc["components"]["responses"][shared.rsplit('/').next().unwrap()],
        None => response,
    };
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {template} documents no JSON answer {status} (for {path}: {answer})"
    );
    // The references (`#/components/schemas/…`) resolve in this document.
    let root = json!({ "components": doc["components"], "allOf": [schema] });
    let validator = jsonschema::validator_for(&root).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(answer)
        .take(3)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{method} {path} ({status}): {errors:?}");
}

/// `GET /api/v1{path}`: the path, the status and the JSON answer.
async fn read(app: &TestApp, path: String) -> (String, u16, Value) {
    let response = app.get(&format!("/api/v1{path}")).await;
    let status = response.status().as_u16();
    (path, status, response.json().await.unwrap())
}

/// The numbers (or ids) of what a list answer holds.
fn numbers(list: &Value, field: &str) -> Vec<u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_u64().unwrap())
        .collect()
}

/// What the demo city answers to public reads is what the document says, in
/// particular for types whose names other domains use too (questions of
/// polls and of defect categories, comments of consultations and budgets).
#[tokio::test]
async fn answers_of_the_demo_city_match_the_document() {
    let app = spawn_demo_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut pages = Vec::new();
    for (template, path) in [
        ("/city", "/city"),
        ("/stats", "/stats"),
        ("/polls", "/polls"),
        ("/consultations", "/consultations"),
        ("/debates", "/debates"),
        ("/budgets", "/budgets"),
        ("/defects/setup", "/defects/setup"),
        ("/defects/categories", "/defects/categories"),
        ("/defects/reports", "/defects/reports"),
    ] {
        pages.push((template, read(&app, path.to_owned()).await));
    }
    let list = |template: &str| {
        pages
            .iter()
            .find(|(t, _)| *t == template)
            .map(|(_, (_, _, answer))| answer.clone())
            .unwrap()
    };
    let (polls, consultations, debates, budgets, reports) = (
        list("/polls"),
        list("/consultations"),
        list("/debates"),
        list("/budgets"),
        list("/defects/reports"),
    );
    for n in numbers(&polls, "number") {
        pages.push(("/polls/{number}", read(&app, format!("/polls/{n}")).await));
        pages.push((
            "/polls/{number}/results",
            read(&app, format!("/polls/{n}/results")).await,
        ));
    }
    for n in numbers(&consultations, "number") {
        pages.push((
            "/consultations/{number}",
            read(&app, format!("/consultations/{n}")).await,
        ));
        pages.push((
            "/consultations/{number}/comments",
            read(&app, format!("/consultations/{n}/comments")).await,
        ));
        pages.push((
            "/consultations/{number}/diff",
            read(&app, format!("/consultations/{n}/diff")).await,
        ));
    }
    for n in numbers(&debates, "number") {
        pages.push((
            "/debates/{number}",
            read(&app, format!("/debates/{n}")).await,
        ));
    }
    for cycle in numbers(&budgets, "id") {
        let proposals = read(&app, format!("/budgets/{cycle}/proposals")).await;
        for proposal in numbers(&proposals.2, "id").into_iter().take(5) {
            pages.push((
                "/budgets/{cycle}/proposals/{proposal}/comments",
                read(
                    &app,
                    format!("/budgets/{cycle}/proposals/{proposal}/comments"),
                )
                .await,
            ));
        }
        pages.push(("/budgets/{cycle}/proposals", proposals));
        pages.push((
            "/budgets/{cycle}/results",
            read(&app, format!("/budgets/{cycle}/results")).await,
        ));
    }
    for n in numbers(&reports, "number").into_iter().take(5) {
        pages.push((
            "/defects/reports/{number}",
            read(&app, format!("/defects/reports/{n}")).await,
        ));
    }
    assert!(pages.len() > 20, "the demo city has content to check");
    for (template, (path, status, answer)) in &pages {
        assert_documented(&doc, "get", template, path, *status, answer);
    }
}

/// Every parameter that is not part of the path is a query parameter, and
/// every operation documents the answers its layers and extractors give.
#[tokio::test]
async fn the_document_lists_parameters_where_they_go_and_the_common_answers() {
    let app = spawn_app(|_| {}).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for parameter in &parameters {
                let name = parameter["name"].as_str().unwrap();
                let in_path = path.contains(&format!("{{{name}}}"));
                assert_eq!(
                    parameter["in"],
                    if in_path { "path" } else { "query" },
                    "{method} {path}: {name}"
                );
            }
            let responses = &operation["responses"];
            let documents = |status: &str| responses.get(status).is_some();
            assert!(documents("401"), "{method} {path}: 401");
            let write = method != "get";
            if write || path.starts_with("/auth/") {
                assert!(documents("429"), "{method} {path}: 429");
            }
            let queried = parameters.iter().any(|p| p["in"] == "query");
            let has_body = operation.get("requestBody").is_some();
            if has_body || queried {
                assert!(documents("400"), "{method} {path}: 400");
            }
            if has_body {
                assert!(documents("413"), "{method} {path}: 413");
            }
            if parameters.iter().any(|p| p["in"] == "path") {
                assert!(documents("404"), "{method} {path}: 404");
            }
        }
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// Files travel as they are, and the document says so instead of calling
/// them arrays of numbers.
#[tokio::test]
async fn uploads_and_downloads_of_files_are_documented_as_binary() {
    let app = spawn_app(|_| {}).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let binary = json!({ "type": "string", "format": "binary" });
    let schema_of = |content: &Value, media: &str| {
        let schema = &content[media]["schema"];
        json!({ "type": schema["type"], "format": schema["format"] })
    };
    for (method, path, media) in [
        (
            "post",
            "/consultations/{number}/attachments",
            "application/pdf",
        ),
        ("post", "/council/files", "application/pdf"),
        (
            "put",
            "/council/objects/file/{number}/content",
            "application/pdf",
        ),
        ("post", "/defects/photos", "image/jpeg"),
        ("post", "/defects/photos", "image/png"),
    ] {
        let content = &doc["paths"][path][method]["requestBody"]["content"];
        assert_eq!(schema_of(content, media), binary, "{method} {path} {media}");
    }
    for (path, media) in [
        (
            "/consultations/{number}/attachments/{id}",
            "application/pdf",
        ),
        ("/defects/photos/{id}/{size}", "image/jpeg"),
    ] {
        let content = &doc["paths"][path]["get"]["responses"]["200"]["content"];
        assert_eq!(schema_of(content, media), binary, "{path}");
    }
}
