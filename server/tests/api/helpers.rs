use std::{
    env, fs,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

use digitale_stadt::{Application, config::ServeConfig, db::Db, db::DbConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::{Ceremony, Role, SignedIn};
use webauthn_authenticator_rs::{WebauthnAuthenticator, softpasskey::SoftPasskey};
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The server's own database handle, for arranging what the API cannot yet do.
    pub db: Db,
    _site: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// `GET` with one request header, e.g. `Accept-Encoding` or `If-None-Match`.
    pub async fn get_with<V>(
        &self,
        path: &str,
        name: reqwest::header::HeaderName,
        value: V,
    ) -> reqwest::Response
    where
        V: TryInto<reqwest::header::HeaderValue>,
    {
        let Ok(value) = value.try_into() else {
            panic!("invalid value for header {name}")
        };
        self.client
            .get(self.url(path))
            .header(name, value)
            .send()
            .await
            .expect("request sent")
    }
}

/// Starts the real server on a free port with a fresh in-memory database.
pub async fn spawn_app(configure: impl FnOnce(&mut ServeConfig)) -> TestApp {
    // Server logs appear in the output of failing tests only.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn,digitale_stadt=info")
        .with_test_writer()
        .try_init();
    let mut config = ServeConfig::for_tests();
    config.db = test_database();
    let site = TempDir::new("no-site");
    config.site = site.to_path_buf();
    configure(&mut config);
    let app = Application::build(config).await.expect("server starts");
    let address = app.public_url().as_str().trim_end_matches('/').to_owned();
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    let app = TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        _site: site,
    };
    app.wait_for_search_index().await;
    app
}

impl TestApp {
    /// Waits until the server has built its search index, which it does in
    /// the background after the start.
    pub async fn wait_for_search_index(&self) {
        for _ in 0..600 {
            let status: shared::search::SearchStatus = self
                .get("/api/v1/search/status")
                .await
                .json()
                .await
                .unwrap();
            if status.complete {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the search index was not built within 30 s");
    }

    /// Asks the council search `query` (a query string) until `found`
    /// holds for the hits, for at most `within`: the index follows writes
    /// shortly after they are committed.
    pub async fn council_search_until(
        &self,
        query: &str,
        within: std::time::Duration,
        found: impl Fn(&Vec<shared::council::SearchHit>) -> bool,
    ) -> Vec<shared::council::SearchHit> {
        self.get_until(&format!("/api/v1/council/search?{query}"), within, found)
            .await
    }

    /// Asks the search over everything (`/api/v1/search?{query}`) until
    /// `found` holds, for at most `within`.
    pub async fn search_until(
        &self,
        query: &str,
        within: std::time::Duration,
        found: impl Fn(&shared::search::SearchResults) -> bool,
    ) -> shared::search::SearchResults {
        self.get_until(&format!("/api/v1/search?{query}"), within, found)
            .await
    }

    /// `GET path` until `found` holds for the answer, for at most `within`.
    async fn get_until<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        &self,
        path: &str,
        within: std::time::Duration,
        found: impl Fn(&T) -> bool,
    ) -> T {
        let until = std::time::Instant::now() + within;
        loop {
            let response = self.get(path).await;
            assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
            let answer: T = response.json().await.unwrap();
            if found(&answer) {
                return answer;
            }
            assert!(
                std::time::Instant::now() < until,
                "{path}: not as expected within {within:?}: {answer:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// The SurrealDB server that `cargo xtask test` starts for its second pass
/// over these tests (`ws://host:port`); unset, they run embedded in memory.
const SURREAL_SERVER: &str = "DS_TEST_SURREAL";

pub fn surreal_server() -> Option<String> {
    env::var(SURREAL_SERVER).ok().filter(|url| !url.is_empty())
}

/// A database no other test uses: a fresh in-memory one, or a database of its
/// own on the SurrealDB server of the second pass.
pub fn test_database() -> DbConfig {
    match surreal_server() {
        Some(url) => database_on(&url, &unique_name("t")),
        None => ServeConfig::for_tests().db,
    }
}

/// The database `name` on the SurrealDB server at `url`, as root (the test
/// server's user and password are both `root`).
pub fn database_on(url: &str, name: &str) -> DbConfig {
    DbConfig {
        db: url
            .parse()
            .unwrap_or_else(|e| panic!("{SURREAL_SERVER}={url}: {e}")),
        db_user: Some("root".into()),
        db_pass: Some("root".into()),
        db_namespace: "tests".into(),
        db_database: name.into(),
    }
}

/// `label` plus this process and a counter: unique among concurrent tests.
pub fn unique_name(label: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{label}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn spawn_demo_app() -> TestApp {
    spawn_app(|config| config.demo = true).await
}

/// A new empty directory under the system's temp dir, unique per test and
/// removed when dropped, so test runs do not fill the disk.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        let dir = env::temp_dir().join(format!("ds-test-{}", unique_name(label)));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Someone using the platform through the API with a software passkey.
pub struct Person {
    pub username: String,
    pub authenticator: SoftPasskey,
    pub signed_in: Option<SignedIn>,
}

impl Person {
    pub fn new(username: &str) -> Self {
        Self {
            username: username.to_owned(),
            authenticator: SoftPasskey::new(true),
            signed_in: None,
        }
    }

    pub fn access_token(&self) -> &str {
        self.signed_in
            .as_ref()
            .and_then(|signed_in| signed_in.access_token.as_deref())
            .expect("signed in, token in the body")
    }

    pub fn account_id(&self) -> &str {
        &self.signed_in.as_ref().expect("signed in").me.id
    }
}

impl TestApp {
    pub fn origin(&self) -> url::Url {
        url::Url::parse(&self.address).expect("server address is a URL")
    }

    /// `POST` JSON, as an API client (bearer token where given).
    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// Any request with a bearer token (or none).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request sent")
    }

    /// Any request with a bearer token (or none), answered with JSON of type `T`.
    pub async fn json_of<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> T {
        let response = self.send(method, path, token, body).await;
        let status = response.status();
        let text = response.text().await.expect("answer body");
        serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("{path} answered {status} with unexpected JSON ({e}): {text}")
        })
    }

    /// Starts a passkey ceremony; panics unless the server answers one.
    pub async fn start_ceremony(&self, path: &str, body: &serde_json::Value) -> Ceremony {
        let start = self.post_json(path, None, body).await;
        let status = start.status();
        let text = start.text().await.unwrap_or_default();
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).expect("Ceremony")
    }

    /// Runs a whole registration ceremony; panics unless it succeeds.
    pub async fn register(&self, person: &mut Person, invite: Option<&str>) -> SignedIn {
        let response = self.try_register(person, invite).await;
        assert_eq!(
            response.status(),
            201,
            "registration of {}",
            person.username
        );
        let signed_in: SignedIn = response.json().await.expect("SignedIn");
        person.signed_in = Some(signed_in.clone());
        signed_in
    }

    pub async fn try_register(
        &self,
        person: &mut Person,
        invite: Option<&str>,
    ) -> reqwest::Response {
        let ceremony = self
            .start_ceremony(
                "/api/v1/auth/register/start",
                &json!({ "username": person.username, "display_name": format!("{} Muster", person.username), "invite": invite }),
            )
            .await;
        let credential = self.create_credential(&mut person.authenticator, &ceremony);
        self.post_json(
            "/api/v1/auth/register/finish",
            None,
            &json!({ "ceremony_id": ceremony.ceremony_id, "credential": credential, "passkey_name": "Testgerät" }),
        )
        .await
    }

    /// What a browser's `navigator.credentials.create` answers.
    pub fn create_credential(
        &self,
        authenticator: &mut SoftPasskey,
        ceremony: &Ceremony,
    ) -> serde_json::Value {
        let options: CreationChallengeResponse =
            serde_json::from_value(ceremony.options.clone()).expect("creation options");
        let credential = authenticator
            .do_registration(self.origin(), options)
            .expect("authenticator registers");
        serde_json::to_value(credential).expect("credential as JSON")
    }

    /// What a browser's `navigator.credentials.get` answers.
    pub fn get_credential(
        &self,
        authenticator: &mut SoftPasskey,
        ceremony: &Ceremony,
    ) -> serde_json::Value {
        let options: RequestChallengeResponse =
            serde_json::from_value(ceremony.options.clone()).expect("request options");
        let credential = authenticator
            .do_authentication(self.origin(), options)
            .expect("authenticator signs");
        serde_json::to_value(credential).expect("credential as JSON")
    }

    /// Signs in with the username and the person's passkey.
    pub async fn sign_in(&self, person: &mut Person) -> reqwest::Response {
        let ceremony = self
            .start_ceremony(
                "/api/v1/auth/login/start",
                &json!({ "username": person.username }),
            )
            .await;
        let credential = self.get_credential(&mut person.authenticator, &ceremony);
        self.post_json(
            "/api/v1/auth/login/finish",
            None,
            &json!({ "ceremony_id": ceremony.ceremony_id, "credential": credential }),
        )
        .await
    }

    /// A signed-in person with the given role, invited the way operators do.
    pub async fn person_with_role(&self, username: &str, role: Role) -> Person {
        let mut person = Person::new(username);
        let invite = self.invite(role).await;
        self.register(&mut person, Some(&invite)).await;
        person
    }

    /// An invitation token as `digitale-stadt admin invite` makes it.
    pub async fn invite(&self, role: Role) -> String {
        let invite =
            digitale_stadt::accounts::invites::create(&self.db, &self.origin(), role, None, 1)
                .await
                .expect("invite");
        url::Url::parse(&invite.link)
            .expect("link")
            .query_pairs()
            .find(|(key, _)| key == "einladung")
            .map(|(_, value)| value.into_owned())
            .expect("token in link")
    }
}

/// A JSON API call under `/api/v1`: the status and the JSON answer (null if none).
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let response = app
        .send(method, &format!("/api/v1{path}"), token, body)
        .await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// People with these usernames and roles, signed in.
pub async fn signed_in<const N: usize>(app: &TestApp, people: [(&str, Role); N]) -> [Person; N] {
    let mut signed_in = Vec::with_capacity(N);
    for (username, role) in people {
        signed_in.push(app.person_with_role(username, role).await);
    }
    signed_in
        .try_into()
        .unwrap_or_else(|_| unreachable!("one person per entry"))
}

/// The access tokens of people with these usernames and roles, signed in.
pub async fn tokens<const N: usize>(app: &TestApp, people: [(&str, Role); N]) -> [String; N] {
    signed_in(app, people)
        .await
        .map(|person| person.access_token().to_owned())
}
