//! Accounts over real HTTP with a software passkey: registration, sign-in,
//! sessions, recovery, roles, export and erasure.

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use shared::accounts::{Ceremony, DataExport, Me, Role, SessionInfo, SignedIn};

use crate::helpers::{Person, TestApp, spawn_app};

async fn me(app: &TestApp, token: &str) -> reqwest::Response {
    app.send(Method::GET, "/api/v1/me", Some(token), None).await
}

/// The `Set-Cookie` headers of an answer.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn registers_signs_out_and_signs_in_again_with_the_passkey() {
    let app = spawn_app(|_| {}).await;
    let mut anna = Person::new("Anna");
    let signed_in = app.register(&mut anna, None).await;

    assert_eq!(signed_in.me.username, "anna");
    assert_eq!(signed_in.me.role, Role::Citizen);
    assert_eq!(signed_in.recovery_codes.len(), 10);
    let who: Me = me(&app, signed_in.access_token.as_deref().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(who.display_name, "Anna Muster");

    let out = app
        .send(
            Method::POST,
            "/api/v1/auth/logout",
            Some(signed_in.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, signed_in.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let refresh = app
        .post_json(
            "/api/v1/auth/refresh",
            None,
            &json!({ "refresh_token": signed_in.refresh_token }),
        )
        .await;
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);

    let again = app.sign_in(&mut anna).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: SignedIn = again.json().await.unwrap();
    assert!(
        again.recovery_codes.is_empty(),
        "codes are shown only at registration"
    );
    assert_eq!(
        me(&app, again.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_app_is_signed_in_with_httponly_strict_cookies() {
    let app = spawn_app(|_| {}).await;
    let response = app.try_register(&mut Person::new("cookie"), None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookies = set_cookies(&response);
    let access = cookies
        .iter()
        .find(|c| c.starts_with("ds_access="))
        .expect("access cookie");
    let refresh = cookies
        .iter()
        .find(|c| c.starts_with("ds_refresh="))
        .expect("refresh cookie");
    for cookie in [access, refresh] {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain http on localhost: {cookie}"
        );
    }
    assert!(refresh.contains("Path=/api/v1/auth"), "{refresh}");

    let access_value = access.split(';').next().unwrap();
    let with_cookie = app
        .client
        .get(app.url("/api/v1/me"))
        .header(header::COOKIE, access_value)
        .send()
        .await
        .unwrap();
    assert_eq!(with_cookie.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session() {
    let app = spawn_app(|_| {}).await;
    let mut bert = Person::new("bert");
    let first = app.register(&mut bert, None).await;

    let second: SignedIn = app
        .post_json(
            "/api/v1/auth/refresh",
            None,
            &json!({ "refresh_token": first.refresh_token }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(
        me(&app, second.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );

    // Someone replays the first token: the whole session ends, for both.
    let replay = app
        .post_json(
            "/api/v1/auth/refresh",
            None,
            &json!({ "refresh_token": first.refresh_token }),
        )
        .await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        me(&app, second.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let legit = app
        .post_json(
            "/api/v1/auth/refresh",
            None,
            &json!({ "refresh_token": second.refresh_token }),
        )
        .await;
    assert_eq!(legit.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_takes_the_cookie_without_a_body_and_refuses_a_malformed_one_as_an_api_error() {
    let app = spawn_app(|_| {}).await;
    let refresh = |content_type: Option<&'static str>, body: &'static str| {
        let mut request = app.client.post(app.url("/api/v1/auth/refresh"));
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        request.body(body).send()
    };
    for (content_type, body) in [(None, ""), (Some("application/json"), "null")] {
        let response = refresh(content_type, body).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{body:?}");
    }
    for (content_type, body) in [
        ("application/json", "{\"refresh_token\": 7}"),
        ("application/json", "{"),
        ("text/plain", "token"),
    ] {
        let response = refresh(Some(content_type), body).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "invalid_input", "{body}");
    }
}

#[tokio::test]
async fn a_recovery_code_adds_a_new_passkey_once() {
    let app = spawn_app(|_| {}).await;
    let mut clara = Person::new("clara");
    let registered = app.register(&mut clara, None).await;
    let code = registered.recovery_codes[3].clone();

    // Clara lost her phone: a new authenticator, the code typed in lower case.
    clara.authenticator = webauthn_authenticator_rs::softpasskey::SoftPasskey::new(true);
    let start = app
        .post_json(
            "/api/v1/auth/recover/start",
            None,
            &json!({ "username": "clara", "code": code.to_lowercase() }),
        )
        .await;
    assert_eq!(start.status(), StatusCode::OK);
    let ceremony: Ceremony = start.json().await.unwrap();
    let credential = app.create_credential(&mut clara.authenticator, &ceremony);
    let finish = app
        .post_json(
            "/api/v1/auth/recover/finish",
            None,
            &json!({ "ceremony_id": ceremony.ceremony_id, "credential": credential }),
        )
        .await;
    assert_eq!(finish.status(), StatusCode::OK);
    assert_eq!(app.sign_in(&mut clara).await.status(), StatusCode::OK);

    let again = app
        .post_json(
            "/api/v1/auth/recover/start",
            None,
            &json!({ "username": "clara", "code": code }),
        )
        .await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let wrong = app
        .post_json(
            "/api/v1/auth/recover/start",
            None,
            &json!({ "username": "clara", "code": "AAAA-BBBB-CCCC" }),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn names_are_checked_and_taken_names_refused() {
    let app = spawn_app(|_| {}).await;
    app.register(&mut Person::new("dora"), None).await;
    for (body, status) in [
        (
            json!({ "username": "Dora", "display_name": "Dora" }),
            StatusCode::CONFLICT,
        ),
        (
            json!({ "username": "d", "display_name": "Dora" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "username": "dora2", "display_name": "   " }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "username": "dora3", "display_name": "D", "invite": "made-up" }),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = app
            .post_json("/api/v1/auth/register/start", None, &body)
            .await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
}

/// The keys of a JSON value, nested, with one element standing for an array.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), shape(v))).collect(),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::String(_) => json!("text"),
        other => other.clone(),
    }
}

#[tokio::test]
async fn sign_in_answers_alike_whether_a_username_has_an_account_or_not() {
    let app = spawn_app(|_| {}).await;
    let mut emil = Person::new("emil");
    app.register(&mut emil, None).await;
    let start = |username: &'static str| {
        let app = &app;
        async move {
            let response = app
                .post_json(
                    "/api/v1/auth/login/start",
                    None,
                    &json!({ "username": username }),
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK, "{username}");
            response.json::<Value>().await.expect("a ceremony")["options"].clone()
        }
    };
    let known = start("emil").await;
    let unknown = start("niemand").await;
    assert_eq!(shape(&known), shape(&unknown), "{known}\n{unknown}");
    let listed = |options: &Value| {
        options["publicKey"]["allowCredentials"]
            .as_array()
            .map(Vec::len)
    };
    assert_eq!(listed(&known), Some(1));
    assert_eq!(listed(&unknown), Some(1));
    for key in ["userVerification", "timeout", "rpId"] {
        assert_eq!(known["publicKey"][key], unknown["publicKey"][key], "{key}");
    }
    let id = |options: &Value| options["publicKey"]["allowCredentials"][0]["id"].clone();
    assert_eq!(
        id(&unknown),
        id(&start("niemand").await),
        "asking again names the same passkey, as for an account"
    );
    assert_ne!(id(&unknown), id(&start("jemand").await));
}

#[tokio::test]
async fn a_ceremony_can_be_finished_only_once() {
    let app = spawn_app(|_| {}).await;
    let mut emil = Person::new("emil");
    app.register(&mut emil, None).await;
    let start: Ceremony = app
        .post_json(
            "/api/v1/auth/login/start",
            None,
            &json!({ "username": "emil" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let credential = app.get_credential(&mut emil.authenticator, &start);
    let body = json!({ "ceremony_id": start.ceremony_id, "credential": credential });
    assert_eq!(
        app.post_json("/api/v1/auth/login/finish", None, &body)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post_json("/api/v1/auth/login/finish", None, &body)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    let garbage = json!({ "ceremony_id": "nope", "credential": {} });
    assert_eq!(
        app.post_json("/api/v1/auth/login/finish", None, &garbage)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_empty_ceremony_id_is_refused_like_an_expired_ceremony() {
    let app = spawn_app(|_| {}).await;
    for step in ["register", "login", "recover"] {
        let response = app
            .post_json(
                &format!("/api/v1/auth/{step}/finish"),
                None,
                &json!({ "ceremony_id": "", "credential": {} }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{step}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "invalid_input", "{step}");
        assert!(
            error["message"].as_str().unwrap().contains("abgelaufen"),
            "{step}: {error}"
        );
    }
}

#[tokio::test]
async fn passkeys_can_be_added_and_removed_but_not_the_last() {
    let app = spawn_app(|_| {}).await;
    let mut fritz = Person::new("fritz");
    app.register(&mut fritz, None).await;
    let token = fritz.access_token().to_owned();

    let start: Ceremony = app
        .json_of(
            Method::POST,
            "/api/v1/me/passkeys/start",
            Some(&token),
            None,
        )
        .await;
    let mut second_device = webauthn_authenticator_rs::softpasskey::SoftPasskey::new(true);
    let credential = app.create_credential(&mut second_device, &start);
    let added = app
        .send(
            Method::POST,
            "/api/v1/me/passkeys/finish",
            Some(&token),
            Some(&json!({ "ceremony_id": start.ceremony_id, "credential": credential, "passkey_name": "Tablet" })),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let list: Vec<Value> = added.json().await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["name"], "Tablet");

    // Signing in works with the second device now.
    let mut on_tablet = Person::new("fritz");
    on_tablet.authenticator = second_device;
    assert_eq!(app.sign_in(&mut on_tablet).await.status(), StatusCode::OK);

    let first = list[0]["id"].as_str().unwrap();
    let second = list[1]["id"].as_str().unwrap();
    let path = |id: &str| format!("/api/v1/me/passkeys/{id}");
    assert_eq!(
        app.send(Method::DELETE, &path(first), Some(&token), None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.send(Method::DELETE, &path(second), Some(&token), None)
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.send(Method::DELETE, &path("someone-elses"), Some(&token), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn sessions_are_listed_and_can_be_ended_everywhere() {
    let app = spawn_app(|_| {}).await;
    let mut greta = Person::new("greta");
    let laptop = app.register(&mut greta, None).await;
    let phone: SignedIn = app.sign_in(&mut greta).await.json().await.unwrap();

    let sessions: Vec<SessionInfo> = app
        .json_of(
            Method::GET,
            "/api/v1/me/sessions",
            Some(phone.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s.current).count(), 1);
    let laptop_session = sessions.iter().find(|s| !s.current).unwrap();

    let ended = app
        .send(
            Method::DELETE,
            &format!("/api/v1/me/sessions/{}", laptop_session.id),
            Some(phone.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, laptop.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me(&app, phone.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );

    let everywhere = app
        .send(
            Method::POST,
            "/api/v1/me/sessions/revoke-all",
            Some(phone.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    assert_eq!(everywhere.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, phone.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn invitations_give_their_role_once() {
    let app = spawn_app(|_| {}).await;
    let invite = app.invite(Role::Admin).await;
    let mut admin = Person::new("admin");
    let signed_in = app.register(&mut admin, Some(&invite)).await;
    assert_eq!(signed_in.me.role, Role::Admin);

    let start = app
        .post_json(
            "/api/v1/auth/register/start",
            None,
            &json!({ "username": "second", "display_name": "Second", "invite": invite }),
        )
        .await;
    assert_eq!(start.status(), StatusCode::BAD_REQUEST);

    let made: Value = app
        .json_of(
            Method::POST,
            "/api/v1/admin/invites",
            Some(admin.access_token()),
            Some(&json!({ "role": "staff" })),
        )
        .await;
    let link = made["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}/registrieren?einladung=", app.address)),
        "{link}"
    );
}

#[tokio::test]
async fn admins_change_roles_and_every_change_is_audited() {
    let app = spawn_app(|_| {}).await;
    let admin = app.person_with_role("root", Role::Admin).await;
    let mut hans = Person::new("hans");
    app.register(&mut hans, None).await;

    let found: Vec<Value> = app
        .json_of(
            Method::GET,
            "/api/v1/admin/accounts?q=HAN",
            Some(admin.access_token()),
            None,
        )
        .await;
    assert_eq!(found.len(), 1);
    let promoted = app
        .send(
            Method::PUT,
            &format!("/api/v1/admin/accounts/{}/role", hans.account_id()),
            Some(admin.access_token()),
            Some(&json!({ "role": "staff" })),
        )
        .await;
    assert_eq!(promoted.status(), StatusCode::OK);
    // The change applies to tokens already issued.
    let who: Me = me(&app, hans.access_token()).await.json().await.unwrap();
    assert_eq!(who.role, Role::Staff);
    let bound = app
        .send(
            Method::PUT,
            &format!("/api/v1/admin/accounts/{}/departments", hans.account_id()),
            Some(admin.access_token()),
            Some(&json!({ "departments": [" Tiefbauamt ", "Grünflächenamt", "Tiefbauamt"] })),
        )
        .await;
    assert_eq!(bound.status(), StatusCode::OK);
    let who: Me = me(&app, hans.access_token()).await.json().await.unwrap();
    assert_eq!(who.departments, ["Tiefbauamt", "Grünflächenamt"]);

    let demote_self = app
        .send(
            Method::PUT,
            &format!("/api/v1/admin/accounts/{}/role", admin.account_id()),
            Some(admin.access_token()),
            Some(&json!({ "role": "citizen" })),
        )
        .await;
    assert_eq!(
        demote_self.status(),
        StatusCode::CONFLICT,
        "the last admin stays"
    );

    let log: Vec<Value> = app
        .json_of(
            Method::GET,
            "/api/v1/admin/audit",
            Some(admin.access_token()),
            None,
        )
        .await;
    assert_eq!(log[0]["action"], "departments.changed");
    assert_eq!(log[1]["action"], "role.changed");
    assert_eq!(log[1]["actor"], admin.account_id());
    assert_eq!(log[1]["target"], format!("account:{}", hans.account_id()));
    assert_eq!(log[1]["detail"], "citizen → staff");

    let tamper = app
        .db
        .query("UPDATE audit_log SET detail = 'nothing happened'; DELETE audit_log;")
        .await
        .unwrap();
    assert!(tamper.check().is_err(), "the audit log refuses changes");
    let mut count = app
        .db
        .query("SELECT count() AS n FROM audit_log GROUP ALL")
        .await
        .unwrap();
    let n: Option<u64> = count.take((0, "n")).unwrap();
    assert_eq!(n, Some(2));
}

#[tokio::test]
async fn blocked_accounts_can_read_and_export_but_not_act() {
    let app = spawn_app(|_| {}).await;
    let moderator = app.person_with_role("mod", Role::Moderator).await;
    let troll = app.person_with_role("troll", Role::Citizen).await;

    let blocked = app
        .send(
            Method::POST,
            &format!("/api/v1/admin/accounts/{}/block", troll.account_id()),
            Some(moderator.access_token()),
            Some(&json!({ "reason": "Beleidigungen" })),
        )
        .await;
    assert_eq!(blocked.status(), StatusCode::OK);

    let who: Me = me(&app, troll.access_token()).await.json().await.unwrap();
    assert_eq!(who.blocked.as_deref(), Some("Beleidigungen"));
    let act = app
        .send(
            Method::POST,
            &format!("/api/v1/admin/accounts/{}/block", moderator.account_id()),
            Some(troll.access_token()),
            Some(&json!({ "reason": "Rache" })),
        )
        .await;
    assert_eq!(act.status(), StatusCode::FORBIDDEN);
    let message: Value = act.json().await.unwrap();
    assert!(
        message["message"]
            .as_str()
            .unwrap()
            .contains("Beleidigungen")
    );
    let export = app
        .send(
            Method::GET,
            "/api/v1/me/export",
            Some(troll.access_token()),
            None,
        )
        .await;
    assert_eq!(export.status(), StatusCode::OK);
}

#[tokio::test]
async fn moderators_block_only_citizens_and_admins_anyone_else() {
    let app = spawn_app(|_| {}).await;
    let moderator = app.person_with_role("mod", Role::Moderator).await;
    let admin = app.person_with_role("chefin", Role::Admin).await;
    let block = |by: &Person, whom: &Person, method: Method| {
        let path = format!("/api/v1/admin/accounts/{}/block", whom.account_id());
        let token = by.access_token().to_owned();
        let app = &app;
        async move {
            app.send(
                method,
                &path,
                Some(&token),
                Some(&json!({ "reason": "Test" })),
            )
            .await
            .status()
        }
    };
    for role in [Role::Moderator, Role::Staff, Role::Council, Role::Admin] {
        let other = app.person_with_role(&format!("a-{role}"), role).await;
        assert_eq!(
            block(&moderator, &other, Method::POST).await,
            StatusCode::FORBIDDEN,
            "a moderator blocks a {role}"
        );
        assert_eq!(block(&admin, &other, Method::POST).await, StatusCode::OK);
        assert_eq!(
            block(&moderator, &other, Method::DELETE).await,
            StatusCode::FORBIDDEN,
            "a moderator unblocks a {role}"
        );
        assert_eq!(block(&admin, &other, Method::DELETE).await, StatusCode::OK);
    }
    let citizen = app.person_with_role("buerger", Role::Citizen).await;
    assert_eq!(
        block(&moderator, &citizen, Method::POST).await,
        StatusCode::OK
    );
    assert_eq!(
        block(&moderator, &citizen, Method::DELETE).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_export_holds_what_was_stored_and_erasure_leaves_no_personal_data() {
    let app = spawn_app(|_| {}).await;
    let admin = app.person_with_role("boss", Role::Admin).await;
    let mut ida = Person::new("ida");
    app.register(&mut ida, None).await;
    let id = ida.account_id().to_owned();
    app.send(
        Method::PUT,
        &format!("/api/v1/admin/accounts/{id}/role"),
        Some(admin.access_token()),
        Some(&json!({ "role": "council" })),
    )
    .await;

    let export = app
        .send(
            Method::GET,
            "/api/v1/me/export",
            Some(ida.access_token()),
            None,
        )
        .await;
    assert!(
        export.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export: DataExport = export.json().await.unwrap();
    assert_eq!(export.account.username, "ida");
    assert_eq!(export.account.display_name, "ida Muster");
    assert_eq!(export.account.role, Role::Council);
    assert_eq!(export.passkeys.len(), 1);
    assert_eq!(export.passkeys[0].name, "Testgerät");
    assert_eq!(export.sessions.len(), 1);
    assert_eq!(export.recovery_codes_left, 10);
    assert_eq!(export.audit_log.len(), 1, "{:?}", export.audit_log);

    let erased = app
        .send(Method::DELETE, "/api/v1/me", Some(ida.access_token()), None)
        .await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, ida.access_token()).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let sign_in = app
        .post_json(
            "/api/v1/auth/login/start",
            None,
            &json!({ "username": "ida" }),
        )
        .await;
    // Answered as for any name nobody has; her passkey is gone (counted below).
    assert_eq!(sign_in.status(), StatusCode::OK);

    let mut left = app
        .db
        .query(
            "SELECT * FROM type::record('account', $id);
             SELECT count() AS n FROM passkey WHERE account = type::record('account', $id) GROUP ALL;
             SELECT count() AS n FROM recovery_code WHERE account = type::record('account', $id) GROUP ALL;
             SELECT count() AS n FROM session WHERE account = type::record('account', $id) GROUP ALL;
             SELECT count() AS n FROM refresh_token GROUP ALL;",
        )
        .bind(("id", id.clone()))
        .await
        .unwrap();
    let account: Vec<Value> = left.take(0).unwrap();
    let account = account[0].to_string();
    assert!(!account.contains("ida"), "{account}");
    assert!(account.contains("gelöschtes Konto"), "{account}");
    for statement in 1..=3 {
        let n: Option<u64> = left.take((statement, "n")).unwrap();
        assert_eq!(n.unwrap_or(0), 0, "statement {statement} still finds rows");
    }
    let tokens: Option<u64> = left.take((4, "n")).unwrap();
    assert_eq!(tokens, Some(1), "only the admin's refresh token is left");
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused_over_http() {
    let app = spawn_app(|_| {}).await;
    let mut jan = Person::new("jan");
    let signed_in = app.register(&mut jan, None).await;
    let mut parts: Vec<String> = signed_in
        .access_token
        .unwrap()
        .split('.')
        .map(str::to_owned)
        .collect();
    parts[2] = parts[2].chars().rev().collect();
    for token in [parts.join("."), "x.y.z".to_owned(), String::new()] {
        let response = me(&app, &token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token}");
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
    }
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = spawn_app(|_| {}).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login/start"))
        .header("sec-fetch-site", "cross-site")
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let same_site = app
        .client
        .post(app.url("/api/v1/auth/login/start"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_with_retry_after() {
    let app = spawn_app(|config| config.sign_in_per_minute = 3).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = app
            .post_json("/api/v1/auth/login/start", None, &json!({}))
            .await;
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = response.headers()[header::RETRY_AFTER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&wait), "{wait}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"], "too_many_requests");
        }
    }
    assert_eq!(&statuses[..3], &[StatusCode::OK; 3]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
    // Reading is not limited by the sign-in budget.
    assert_eq!(
        app.get("/api/v1/openapi.json").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn writes_are_rate_limited() {
    let app = spawn_app(|config| config.writes_per_minute = 2).await;
    let mut kim = Person::new("kim");
    // Registration counts against the sign-in budget, not the write budget.
    app.register(&mut kim, None).await;
    let token = kim.access_token().to_owned();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            app.send(
                Method::POST,
                "/api/v1/me/passkeys/start",
                Some(&token),
                None,
            )
            .await
            .status(),
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn signing_out_with_an_expired_access_token_still_ends_the_session() {
    let app = spawn_app(|_| {}).await;
    let mut lena = Person::new("lena");
    let signed_in = app.register(&mut lena, None).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header(
            header::COOKIE,
            format!(
                "ds_access=expired.token.value; ds_refresh={}",
                signed_in.refresh_token.unwrap()
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&app, signed_in.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_recovery_ceremony_cannot_be_finished_as_an_added_passkey_or_the_other_way() {
    let app = spawn_app(|_| {}).await;
    let mut mia = Person::new("mia");
    let registered = app.register(&mut mia, None).await;
    let start: Ceremony = app
        .json_of(
            Method::POST,
            "/api/v1/me/passkeys/start",
            Some(registered.access_token.as_deref().unwrap()),
            None,
        )
        .await;
    let credential = app.create_credential(
        &mut webauthn_authenticator_rs::softpasskey::SoftPasskey::new(true),
        &start,
    );
    let as_recovery = app
        .post_json(
            "/api/v1/auth/recover/finish",
            None,
            &json!({ "ceremony_id": start.ceremony_id, "credential": credential }),
        )
        .await;
    assert_eq!(as_recovery.status(), StatusCode::BAD_REQUEST);

    let mut other = Person::new("other");
    app.register(&mut other, None).await;
    let foreign: Ceremony = app
        .json_of(
            Method::POST,
            "/api/v1/me/passkeys/start",
            Some(other.access_token()),
            None,
        )
        .await;
    let credential = app.create_credential(
        &mut webauthn_authenticator_rs::softpasskey::SoftPasskey::new(true),
        &foreign,
    );
    let stolen = app
        .send(
            Method::POST,
            "/api/v1/me/passkeys/finish",
            Some(registered.access_token.as_deref().unwrap()),
            Some(&json!({ "ceremony_id": foreign.ceremony_id, "credential": credential })),
        )
        .await;
    assert_eq!(stolen.status(), StatusCode::BAD_REQUEST);
    let theirs: Vec<Value> = app
        .json_of(
            Method::GET,
            "/api/v1/me/passkeys",
            Some(other.access_token()),
            None,
        )
        .await;
    assert_eq!(theirs.len(), 1, "nothing was added to the other account");
}

#[tokio::test]
async fn bodies_and_queries_of_the_wrong_shape_are_explained_as_api_errors() {
    let app = spawn_app(|_| {}).await;
    let incomplete = app
        .post_json(
            "/api/v1/auth/register/start",
            None,
            &json!({ "username": "dora" }),
        )
        .await;
    assert_eq!(incomplete.status(), StatusCode::BAD_REQUEST);
    let error: Value = incomplete.json().await.unwrap();
    assert_eq!(error["error"], "invalid_input");
    assert!(
        error["message"].as_str().unwrap().contains("display_name"),
        "{error}"
    );

    let admin = app.person_with_role("chef", Role::Admin).await;
    let bad_limit = app
        .send(
            Method::GET,
            "/api/v1/admin/audit?limit=viele",
            Some(admin.access_token()),
            None,
        )
        .await;
    assert_eq!(bad_limit.status(), StatusCode::BAD_REQUEST);
    let error: Value = bad_limit.json().await.unwrap();
    assert_eq!(error["error"], "invalid_input");
}

/// Moves every session of `account` back in time as if it had been signed
/// in `ago` (a SurrealDB duration such as `91d`) and last used just now.
async fn signed_in_ago(app: &TestApp, account: &str, ago: &str) {
    app.db
        .query(
            "UPDATE session SET signed_in_at = time::now() - type::duration($ago)
             WHERE account = type::record('account', $account)",
        )
        .bind(("ago", ago.to_owned()))
        .bind(("account", account.to_owned()))
        .await
        .unwrap()
        .check()
        .unwrap();
}

async fn refreshed(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/refresh",
        None,
        &json!({ "refresh_token": refresh_token }),
    )
    .await
}

/// Security review, item 11: sessions slid for 30 days forever. Now a
/// citizen's session ends 90 days after signing in and a staff member's 12
/// hours after, however much they are used.
#[tokio::test]
async fn sessions_end_a_fixed_time_after_signing_in_however_much_they_are_used() {
    let app = spawn_app(|_| {}).await;
    let mut citizen = Person::new("dauergast");
    let signed_in = app.register(&mut citizen, None).await;
    let staff = app.person_with_role("sachbearbeitung", Role::Staff).await;
    let staff_refresh = staff
        .signed_in
        .as_ref()
        .and_then(|s| s.refresh_token.clone())
        .unwrap();

    signed_in_ago(&app, citizen.account_id(), "13h").await;
    signed_in_ago(&app, staff.account_id(), "13h").await;
    let citizen_next = refreshed(&app, signed_in.refresh_token.as_deref().unwrap()).await;
    assert_eq!(citizen_next.status(), StatusCode::OK);
    let citizen_next: SignedIn = citizen_next.json().await.unwrap();
    assert_eq!(
        refreshed(&app, &staff_refresh).await.status(),
        StatusCode::UNAUTHORIZED,
        "a staff session ends 12 hours after signing in"
    );

    signed_in_ago(&app, citizen.account_id(), "91d").await;
    assert_eq!(
        refreshed(&app, citizen_next.refresh_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "a citizen's session ends 90 days after signing in"
    );
    assert_eq!(app.sign_in(&mut citizen).await.status(), StatusCode::OK);
    assert_eq!(
        refreshed(&app, "a-token-nobody-was-given").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Security review, item 11: adding or removing a passkey and deleting the
/// account needed no fresh sign-in, so a stolen session could keep or end
/// the account. After ten minutes the passkey has to be shown again.
#[tokio::test]
async fn changing_passkeys_or_deleting_the_account_needs_a_recent_sign_in() {
    let app = spawn_app(|_| {}).await;
    let mut greta = Person::new("greta");
    app.register(&mut greta, None).await;
    let token = greta.access_token().to_owned();
    signed_in_ago(&app, greta.account_id(), "11m").await;

    let passkeys: Vec<Value> = app
        .json_of(Method::GET, "/api/v1/me/passkeys", Some(&token), None)
        .await;
    let passkey = format!(
        "/api/v1/me/passkeys/{}",
        passkeys[0]["id"].as_str().unwrap()
    );
    for (method, path) in [
        (Method::POST, "/api/v1/me/passkeys/start"),
        (Method::DELETE, passkey.as_str()),
        (Method::DELETE, "/api/v1/me"),
    ] {
        let response = app.send(method.clone(), path, Some(&token), None).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "sign_in_again", "{method} {path}");
    }

    // Someone else's passkey does not confirm Greta's session.
    let mut other = Person::new("other");
    app.register(&mut other, None).await;
    let login: Ceremony = app
        .start_ceremony("/api/v1/auth/login/start", &json!({ "username": "other" }))
        .await;
    let foreign = app.get_credential(&mut other.authenticator, &login);
    let refused = app
        .send(
            Method::POST,
            "/api/v1/auth/confirm/finish",
            Some(&token),
            Some(&json!({ "ceremony_id": login.ceremony_id, "credential": foreign })),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let start: Ceremony = app
        .json_of(
            Method::POST,
            "/api/v1/auth/confirm/start",
            Some(&token),
            None,
        )
        .await;
    let credential = app.get_credential(&mut greta.authenticator, &start);
    let confirmed = app
        .send(
            Method::POST,
            "/api/v1/auth/confirm/finish",
            Some(&token),
            Some(&json!({ "ceremony_id": start.ceremony_id, "credential": credential })),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
    let start = app
        .send(
            Method::POST,
            "/api/v1/me/passkeys/start",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(start.status(), StatusCode::OK);
    let erased = app
        .send(Method::DELETE, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
}

/// Security review, item 11: recovery with a code left every other session
/// open and told nobody. Now those devices are signed out, and told why.
#[tokio::test]
async fn recovery_signs_out_every_other_device_and_tells_it_why() {
    let app = spawn_app(|_| {}).await;
    let mut hanna = Person::new("hanna");
    let on_phone = app.register(&mut hanna, None).await;
    let on_laptop: SignedIn = app.sign_in(&mut hanna).await.json().await.unwrap();
    let code = on_phone.recovery_codes[0].clone();

    let mut new_phone = Person::new("hanna");
    let start: Ceremony = app
        .start_ceremony(
            "/api/v1/auth/recover/start",
            &json!({ "username": "hanna", "code": code }),
        )
        .await;
    let credential = app.create_credential(&mut new_phone.authenticator, &start);
    let recovered = app
        .post_json(
            "/api/v1/auth/recover/finish",
            None,
            &json!({ "ceremony_id": start.ceremony_id, "credential": credential }),
        )
        .await;
    assert_eq!(recovered.status(), StatusCode::OK);
    let recovered: SignedIn = recovered.json().await.unwrap();

    for old in [&on_phone, &on_laptop] {
        assert_eq!(
            me(&app, old.access_token.as_deref().unwrap())
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
        let told = refreshed(&app, old.refresh_token.as_deref().unwrap()).await;
        assert_eq!(told.status(), StatusCode::UNAUTHORIZED);
        let error: Value = told.json().await.unwrap();
        assert_eq!(error["error"], "recovered_elsewhere");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("Wiederherstellungscode"),
            "{error}"
        );
    }
    assert_eq!(
        me(&app, recovered.access_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    let audit: Value = app
        .json_of(
            Method::GET,
            "/api/v1/me/export",
            recovered.access_token.as_deref(),
            None,
        )
        .await;
    assert!(
        audit["audit_log"].to_string().contains("account.recovered"),
        "{audit}"
    );
}

/// Security review, item 11: the web app got its refresh token in the JSON
/// body too, where any script on the page could read it. A browser (it
/// sends `Sec-Fetch-Mode`) now gets both tokens only as HttpOnly cookies.
#[tokio::test]
async fn browsers_get_the_tokens_only_as_httponly_cookies() {
    let app = spawn_app(|_| {}).await;
    let mut ida = Person::new("ida");
    app.register(&mut ida, None).await;
    let login: Ceremony = app
        .start_ceremony("/api/v1/auth/login/start", &json!({ "username": "ida" }))
        .await;
    let credential = app.get_credential(&mut ida.authenticator, &login);
    let response = app
        .client
        .post(app.url("/api/v1/auth/login/finish"))
        .header("sec-fetch-mode", "cors")
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "ceremony_id": login.ceremony_id, "credential": credential }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookies = set_cookies(&response);
    let refresh_cookie = cookies
        .iter()
        .find(|c| c.starts_with("ds_refresh="))
        .expect("refresh cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert!(body.get("access_token").is_none(), "{body}");
    assert!(body.get("refresh_token").is_none(), "{body}");
    assert_eq!(body["me"]["username"], "ida");

    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("sec-fetch-mode", "cors")
        .header(header::COOKIE, refresh_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK);
    let body: Value = refreshed.json().await.unwrap();
    assert!(body.get("refresh_token").is_none(), "{body}");
}

/// An anonymous visitor's app asked `/me` on every start and the browser
/// logged the 401. `/auth/session` answers with 200: nobody (`null`), the
/// account of a valid access token, or the account of a refresh cookie,
/// renewed; once the refresh token is used, nobody again.
#[tokio::test]
async fn asking_who_is_signed_in_is_no_error_for_anybody() {
    let app = spawn_app(|_| {}).await;
    let ask = |cookie: Option<String>, bearer: Option<String>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/auth/session"))
            .header("sec-fetch-mode", "cors")
            .header("sec-fetch-site", "same-origin");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let cookies = set_cookies(&response);
            let body: Value = response.json().await.unwrap();
            (body, cookies)
        }
    };
    let (nobody, cookies) = ask(None, None).await;
    assert_eq!(nobody, Value::Null);
    assert!(cookies.is_empty(), "{cookies:?}");

    let mut ida = Person::new("ida");
    let signed_in = app.register(&mut ida, None).await;
    let (known, _) = ask(None, signed_in.access_token.clone()).await;
    assert_eq!(known["username"], "ida");

    let refresh = format!("ds_refresh={}", signed_in.refresh_token.unwrap());
    let (renewed, cookies) = ask(
        Some(format!("ds_access=expired.token.value; {refresh}")),
        None,
    )
    .await;
    assert_eq!(renewed["username"], "ida", "{renewed}");
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("ds_access=") && !c.starts_with("ds_access=;"))
    );
    let (used, cookies) = ask(Some(refresh), None).await;
    assert_eq!(
        used["me"],
        Value::Null,
        "a refresh token works once: {used}"
    );
    assert!(
        cookies.iter().any(|c| c.starts_with("ds_refresh=;")),
        "{cookies:?}"
    );
}
