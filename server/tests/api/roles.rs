//! The role matrix: every endpoint that changes something, or shows more
//! than the public may see, tried with no session and with each role. A new
//! write endpoint that is missing here fails `every_write_endpoint_is_in_the_matrix`.

use reqwest::Method;
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::{
    budget,
    helpers::{Person, spawn_app},
};

/// Expected status: without a session, then citizen, moderator, staff, council, admin.
type Expected = [u16; 6];

struct Case {
    method: Method,
    /// Ends the session or the account: needs a fresh account per try.
    destructive: bool,
    /// `{target}` becomes the id of an ordinary citizen's account.
    path: &'static str,
    body: Option<Value>,
    expected: Expected,
}

fn case(method: Method, path: &'static str, body: Option<Value>, expected: Expected) -> Case {
    let destructive = matches!(
        (&method, path),
        (&Method::POST, "/api/v1/auth/logout")
            | (&Method::POST, "/api/v1/me/sessions/revoke-all")
            | (&Method::DELETE, "/api/v1/me")
    );
    Case {
        method,
        destructive,
        path,
        body,
        expected,
    }
}

fn cases() -> Vec<Case> {
    let bogus_finish = json!({ "ceremony_id": "unknown", "credential": {} });
    vec![
        // Public sign-in endpoints: the same for everyone.
        case(
            Method::POST,
            "/api/v1/auth/register/start",
            Some(json!({ "username": "{fresh}", "display_name": "Neu" })),
            [200; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/register/finish",
            Some(bogus_finish.clone()),
            [400; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/login/start",
            Some(json!({})),
            [200; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/login/finish",
            Some(bogus_finish.clone()),
            [400; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/recover/start",
            Some(json!({ "username": "{target_name}", "code": "AAAA-BBBB-CCCC" })),
            [401; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/recover/finish",
            Some(bogus_finish.clone()),
            [400; 6],
        ),
        case(
            Method::POST,
            "/api/v1/auth/refresh",
            Some(json!({})),
            [401; 6],
        ),
        // Who is signed in: everybody gets an answer.
        case(Method::POST, "/api/v1/auth/session", None, [200; 6]),
        case(Method::POST, "/api/v1/auth/logout", None, [204; 6]),
        // Showing one's passkey again: for signed-in people only.
        case(
            Method::POST,
            "/api/v1/auth/confirm/start",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::POST,
            "/api/v1/auth/confirm/finish",
            Some(bogus_finish.clone()),
            [401, 400, 400, 400, 400, 400],
        ),
        // One's own account.
        case(
            Method::GET,
            "/api/v1/me",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::GET,
            "/api/v1/me/passkeys",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::GET,
            "/api/v1/me/sessions",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::POST,
            "/api/v1/me/passkeys/start",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::POST,
            "/api/v1/me/passkeys/finish",
            Some(bogus_finish),
            [401, 400, 400, 400, 400, 400],
        ),
        case(
            Method::DELETE,
            "/api/v1/me/passkeys/{id}",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/me/sessions/{id}",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/v1/me/sessions/revoke-all",
            None,
            [401, 204, 204, 204, 204, 204],
        ),
        case(
            Method::GET,
            "/api/v1/me/export",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::DELETE,
            "/api/v1/me",
            None,
            [401, 204, 204, 204, 204, 204],
        ),
        // Moderation.
        case(
            Method::POST,
            "/api/v1/reports",
            Some(json!({ "target": { "kind": "profile", "id": "{target}" }, "reason": "spam" })),
            [401, 201, 201, 201, 201, 201],
        ),
        case(
            Method::GET,
            "/api/v1/me/moderation",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::GET,
            "/api/v1/moderation/queue",
            None,
            [401, 403, 200, 403, 403, 200],
        ),
        case(
            Method::POST,
            "/api/v1/moderation/decisions",
            Some(
                json!({ "target": { "kind": "profile", "id": "{target}" }, "action": "restore", "reason": "ok" }),
            ),
            [401, 403, 204, 403, 403, 204],
        ),
        // Administration.
        case(
            Method::GET,
            "/api/v1/admin/accounts",
            None,
            [401, 403, 200, 403, 403, 200],
        ),
        case(
            Method::PUT,
            "/api/v1/admin/accounts/{target}/role",
            // The target stays a citizen, whom moderators may block below.
            Some(json!({ "role": "citizen" })),
            [401, 403, 403, 403, 403, 200],
        ),
        case(
            Method::PUT,
            "/api/v1/admin/accounts/{target}/departments",
            Some(json!({ "departments": ["Tiefbauamt"] })),
            [401, 403, 403, 403, 403, 200],
        ),
        case(
            Method::POST,
            "/api/v1/admin/accounts/{target}/block",
            Some(json!({ "reason": "Test" })),
            [401, 403, 200, 403, 403, 200],
        ),
        case(
            Method::DELETE,
            "/api/v1/admin/accounts/{target}/block",
            None,
            [401, 403, 200, 403, 403, 200],
        ),
        case(
            Method::POST,
            "/api/v1/admin/invites",
            Some(json!({ "role": "staff" })),
            [401, 403, 403, 403, 403, 201],
        ),
        case(
            Method::GET,
            "/api/v1/admin/audit",
            None,
            [401, 403, 403, 403, 403, 200],
        ),
        // Council data: staff and administrators edit it.
        case(
            Method::POST,
            "/api/v1/council/objects/{kind}",
            Some(json!({ "name": "Stadt {fresh}" })),
            [401, 403, 403, 201, 403, 201],
        ),
        case(
            Method::PUT,
            "/api/v1/council/objects/{kind}/{number}",
            Some(json!({ "name": "Stadt" })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/council/objects/{kind}/{number}",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        // Non-public agenda items: council members, staff and
        // administrators read them (meeting 999 does not exist).
        case(
            Method::GET,
            "/api/v1/council/meetings/{number}/non-public",
            None,
            [401, 403, 403, 404, 404, 404],
        ),
        // A JSON body is no PDF: the upload is refused after the role check.
        case(
            Method::POST,
            "/api/v1/council/files?fileName=vorlage.pdf",
            Some(json!({})),
            [401, 403, 403, 415, 403, 415],
        ),
        case(
            Method::PUT,
            "/api/v1/council/objects/file/{number}/content",
            Some(json!({})),
            [401, 403, 403, 415, 403, 415],
        ),
        // Bürgerhaushalt: staff set up and review, everyone signed in takes
        // part; cycle 999 does not exist, so allowed calls end in 404.
        case(
            Method::POST,
            "/api/v1/budgets",
            Some(budget::settings("Bürgerhaushalt")),
            [401, 403, 403, 409, 403, 409],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}",
            Some(budget::settings("Bürgerhaushalt")),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/budgets/{cycle}/advance",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/budgets/{cycle}/proposals",
            Some(json!({
                "title": "Idee", "description": "Beschreibung", "category": "Verkehr",
                "district": null, "location": null, "estimated_cost": 10
            })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/review",
            Some(json!({
                "feasible": true, "reason": "ok", "department": "Amt", "cost_once": 1, "cost_yearly": 0
            })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/rating",
            Some(json!({ "rating": "approve" })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/comments",
            Some(json!({ "body": "Gute Idee" })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/proposals/{proposal}/implementation",
            Some(json!({ "council_paper": null, "milestones": [] })),
            [401, 403, 403, 404, 403, 404],
        ),
        // Voting is open to voting codes as well: the cycle is looked up first.
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/ballot",
            Some(json!({ "city_wide": [] })),
            [404; 6],
        ),
        case(
            Method::GET,
            "/api/v1/budgets/{cycle}/ballot",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/v1/budgets/{cycle}/ballot/lookup",
            Some(json!({ "code": "AAAA-BBBB-CCCC-DDDD" })),
            [404; 6],
        ),
        case(
            Method::GET,
            "/api/v1/budgets/{cycle}/codes",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/budgets/{cycle}/codes",
            Some(json!({ "count": 1, "note": "Test" })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/budgets/{cycle}/codes/{batch}",
            Some(json!({ "active": false })),
            [401, 403, 403, 404, 403, 404],
        ),
        // Mängelmelder: reporting and "Ich auch" are open to all, the
        // workflow to staff, the API keys to admins.
        case(
            Method::POST,
            "/api/v1/defects/photos",
            Some(json!({})),
            [415; 6],
        ),
        case(
            Method::POST,
            "/api/v1/defects/reports",
            Some(
                json!({ "category": "unbekannt", "location": { "lat": 51.96, "lon": 7.62 }, "description": "Ein Test der Rollen" }),
            ),
            [400; 6],
        ),
        case(
            Method::POST,
            "/api/v1/defects/reports/{number}/affected",
            None,
            [404; 6],
        ),
        case(
            Method::DELETE,
            "/api/v1/defects/reports/{number}/affected",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::GET,
            "/api/v1/defects/mine",
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::POST,
            "/api/v1/defects/reports/{number}/status",
            Some(json!({ "status": "erledigt", "text": "Ist erledigt." })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/defects/reports/{number}/reassign",
            Some(
                json!({ "department": "Ordnungsamt", "reason": "Zuständig ist das Ordnungsamt." }),
            ),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/defects/reports/{number}/merge",
            Some(json!({ "into": 1 })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::GET,
            "/api/v1/defects/inbox",
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::PUT,
            "/api/v1/defects/reports/{number}/visibility",
            Some(json!({ "hidden": true, "reason": "Ein Gesicht ist zu erkennen." })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/defects/reports/{number}/photos/{id}",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/defects/places",
            Some(json!([{ "name": "Teststraße", "location": { "lat": 51.96, "lon": 7.62 } }])),
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::GET,
            "/api/v1/defects/categories",
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::GET,
            "/api/v1/defects/statistics",
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::PUT,
            "/api/v1/defects/categories/{kind}",
            Some(
                json!({ "code": "", "group": "Test", "name": "Test", "description": "", "department": "Testamt", "expected_days": 5, "active": true }),
            ),
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::PUT,
            "/api/v1/defects/area",
            Some(json!({ "outline": [[7.5, 51.9], [7.7, 51.9], [7.7, 52.0]] })),
            [401, 403, 403, 200, 403, 200],
        ),
        case(
            Method::GET,
            "/api/v1/open311/keys",
            None,
            [401, 403, 403, 403, 403, 200],
        ),
        case(
            Method::POST,
            "/api/v1/open311/keys",
            Some(json!({ "name": "Test-App" })),
            [401, 403, 403, 403, 403, 201],
        ),
        case(
            Method::DELETE,
            "/api/v1/open311/keys/{id}",
            None,
            [401, 403, 403, 403, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/polls",
            Some(crate::polls::draft_json()),
            [401, 403, 403, 201, 403, 201],
        ),
        case(
            Method::PUT,
            "/api/v1/polls/{number}",
            Some(crate::polls::draft_json()),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/polls/{number}/close",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/polls/{number}/ballots",
            Some(json!({ "answers": [] })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/me/district",
            Some(json!({ "district": null })),
            [401, 200, 200, 200, 200, 200],
        ),
        case(
            Method::POST,
            "/api/v1/consultations",
            Some(crate::consultations::draft_json()),
            [401, 403, 403, 201, 403, 201],
        ),
        case(
            Method::POST,
            "/api/v1/consultations/{number}/versions",
            Some(json!({ "text": "Neu", "note": "Geändert" })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/consultations/{number}/attachments?file_name=plan.pdf",
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/consultations/{number}/attachments/{id}",
            None,
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::POST,
            "/api/v1/consultations/{number}/comments",
            Some(json!({ "paragraph": 1, "body": "Meine Meinung" })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/consultations/{number}/comments/{id}/answer",
            Some(json!({ "decision": "noted", "reason": "Zur Kenntnis" })),
            [401, 403, 403, 404, 403, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/consultations/{number}/comments/{id}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/consultations/{number}/comments/{id}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/v1/debates",
            Some(json!({ "question": "Soll es so sein?", "description": "" })),
            [401, 403, 403, 201, 403, 201],
        ),
        case(
            Method::POST,
            "/api/v1/debates/{number}/arguments",
            Some(json!({ "side": "pro", "body": "Weil es gut ist." })),
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::PUT,
            "/api/v1/debates/{number}/arguments/{id}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::DELETE,
            "/api/v1/debates/{number}/arguments/{id}/support",
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        case(
            Method::POST,
            "/api/v1/debates/{number}/close",
            Some(json!({ "text": "Das Fazit lautet so." })),
            [401, 403, 403, 404, 403, 404],
        ),
        // Computes a posted Pabulib file; public, and JSON is no such file.
        case(
            Method::POST,
            "/api/v1/budgets/pabulib/check",
            Some(json!({})),
            [400; 6],
        ),
    ]
}

#[tokio::test]
async fn every_endpoint_answers_each_role_exactly_as_the_matrix_says() {
    let app = spawn_app(|_| {}).await;
    let mut target = Person::new("zielperson");
    app.register(&mut target, None).await;
    let mut failures = Vec::new();
    let mut fresh = 0;
    let mut regulars = Vec::new();
    for role in Role::ALL {
        regulars.push(app.person_with_role(&format!("regular-{role}"), role).await);
    }

    for case in cases() {
        for (column, role) in std::iter::once(None).chain(Role::ALL.map(Some)).enumerate() {
            fresh += 1;
            let fresh_actor = match role {
                Some(role) if case.destructive => {
                    Some(app.person_with_role(&format!("person{fresh}"), role).await)
                }
                _ => None,
            };
            let actor = fresh_actor
                .as_ref()
                .or(column.checked_sub(1).map(|i| &regulars[i]));
            let path = fill(case.path, &target, fresh);
            let body = case.body.as_ref().map(|b| {
                serde_json::from_str(&fill(&b.to_string(), &target, fresh))
                    .expect("body stays JSON")
            });
            let token = actor.map(Person::access_token);
            let status = app
                .send(case.method.clone(), &path, token, body.as_ref())
                .await
                .status();
            let expected = case.expected[column];
            if status.as_u16() != expected {
                failures.push(format!(
                    "{} {} as {}: got {status}, expected {expected}",
                    case.method,
                    case.path,
                    role.map_or("anonymous".to_owned(), |r| r.to_string())
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn fill(template: &str, target: &Person, fresh: usize) -> String {
    template
        .replace("{target_name}", &target.username)
        .replace("{target}", target.account_id())
        .replace("{fresh}", &format!("neu{fresh}"))
        .replace("{id}", "unknown")
        .replace("{kind}", "body")
        .replace("{number}", "999")
        .replace("{cycle}", "999")
        .replace("{proposal}", "999")
        .replace("{batch}", "999")
}

/// Every operation of the OpenAPI document that is not a plain public read
/// must be a row of the matrix.
#[tokio::test]
async fn every_write_endpoint_is_in_the_matrix() {
    let app = spawn_app(|_| {}).await;
    let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let covered: Vec<(String, String)> = cases()
        .iter()
        .map(|c| {
            (
                c.method.as_str().to_lowercase(),
                c.path
                    .trim_start_matches("/api/v1")
                    .split('?')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    let mut missing = Vec::new();
    for (path, operations) in openapi["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let public_read =
                method == "get" && !path.starts_with("/me") && !path.starts_with("/admin");
            let normalised = normalise(path);
            let listed = covered
                .iter()
                .any(|(m, p)| m == method && normalise(p) == normalised);
            if !public_read && !listed {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in the role matrix: {missing:?}");
}

/// Path parameters compare equal whatever they are called.
fn normalise(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
