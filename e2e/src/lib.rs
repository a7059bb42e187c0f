//! Harness for the browser tests: the real server on a loopback port with the
//! demo city in an in-memory database, ChromeDriver, and headless Chromium.
//!
//! The tests run under `cargo xtask test`, which builds the web app and tells
//! the harness where everything is through environment variables. Anything
//! missing is a failure with instructions, never a silent skip.

pub mod citizens;
pub mod dice;
pub mod processes;

use std::{
    env, fs,
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use digitale_stadt::{Application, config::ServeConfig};
use serde_json::Value;
use thirtyfour::{ChromiumLikeCapabilities, DesiredCapabilities, WebDriver};

pub use thirtyfour::{By, WebElement};

const WAIT: Duration = Duration::from_secs(15);

/// Runs in every page before its own scripts and collects what the content
/// security policy refused.
const WATCH_CSP: &str = r#"
window.__dsCspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__dsCspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
  );
});
"#;
static SESSIONS: AtomicUsize = AtomicUsize::new(0);

fn required_env(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set. The browser tests need the built web app, Chromium and ChromeDriver: run them with `cargo xtask test`.")
    })
}

/// One running server and one browser session pointed at it.
pub struct Browser {
    pub driver: WebDriver,
    pub base_url: String,
    /// The server's database, for what only the operator's command line does.
    pub db: digitale_stadt::db::Db,
    chromedriver: Child,
    profile_dir: PathBuf,
}

impl Browser {
    /// Starts the demo city and a fresh browser with an empty profile.
    pub async fn start() -> Self {
        Self::start_with_width(1280).await
    }

    pub async fn start_with_width(width: u32) -> Self {
        let (base_url, db) = spawn_demo_server().await;
        let (chromedriver, driver_url) = spawn_chromedriver();
        let profile_dir = env::temp_dir().join(format!(
            "ds-e2e-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::Relaxed)
        ));
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&required_env("E2E_CHROMIUM"))
            .expect("binary capability");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            &format!("--window-size={width},900"),
            &format!("--user-data-dir={}", profile_dir.display()),
        ] {
            caps.add_arg(arg).expect("chromium argument");
        }
        let driver = connect_driver(&driver_url, caps).await;
        driver
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": WATCH_CSP }),
            )
            .await
            .expect("the CSP watch is installed");
        Self {
            driver,
            base_url,
            db,
            chromedriver,
            profile_dir,
        }
    }

    /// Opens `path`, after checking that the page it leaves broke no rule
    /// of the content security policy.
    pub async fn open(&self, path: &str) {
        self.assert_no_csp_violations().await;
        self.driver
            .goto(format!("{}{}", self.base_url, path))
            .await
            .expect("navigation");
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub async fn eval(&self, expression: &str) -> Value {
        let script = format!("return ({expression});");
        self.driver
            .execute(script, Vec::new())
            .await
            .expect("script runs")
            .json()
            .clone()
    }

    /// Waits until the expression is truthy; panics with `what` after the timeout.
    pub async fn wait_until(&self, expression: &str, what: &str) {
        let started = Instant::now();
        loop {
            let value = self.eval(expression).await;
            if value.as_bool().unwrap_or(!value.is_null()) && value != Value::Bool(false) {
                return;
            }
            if started.elapsed() > WAIT {
                let body = self
                    .eval("document.body ? document.body.innerText : ''")
                    .await;
                panic!("timed out waiting for {what} ({expression}); page text:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element with this CSS selector contains the text.
    pub async fn wait_for_text(&self, selector: &str, text: &str) {
        let expression = format!(
            "Array.from(document.querySelectorAll({selector})).some(e => e.textContent.includes({text}))",
            selector = Value::from(selector),
            text = Value::from(text),
        );
        self.wait_until(&expression, &format!("{text:?} in {selector}"))
            .await;
    }

    pub async fn text_of(&self, selector: &str) -> String {
        let expression = format!(
            "(document.querySelector({}) || {{}}).textContent || ''",
            Value::from(selector)
        );
        self.eval(&expression)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs axe-core on the current page against WCAG 2.1 A and AA and
    /// returns the violations as readable lines.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = fs::read_to_string(required_env("E2E_AXE")).expect("axe-core script readable");
        self.driver
            .execute(axe, Vec::new())
            .await
            .expect("axe-core loads");
        let run = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));
        "#;
        let result = self
            .driver
            .execute_async(run, Vec::new())
            .await
            .expect("axe-core runs");
        result
            .convert::<Vec<String>>()
            .expect("violations are strings")
    }

    /// The first element matching the selector, once the page has rendered it:
    /// the app renders after its WASM has loaded, so an element can be missing
    /// for a moment after navigation.
    async fn element(&self, selector: &str) -> WebElement {
        let expression = format!("document.querySelector({}) !== null", Value::from(selector));
        self.wait_until(&expression, selector).await;
        self.driver
            .find(By::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no {selector}: {e}"))
    }

    /// Types into the input with this id, as a person would (real key events).
    pub async fn type_into(&self, id: &str, text: &str) {
        self.type_into_first(&format!("[id={}]", Value::from(id)), text)
            .await;
    }

    /// Types into the first element matching the selector.
    pub async fn type_into_first(&self, selector: &str, text: &str) {
        self.element(selector)
            .await
            .send_keys(text)
            .await
            .expect("typing");
    }

    /// Clicks the first element matching the selector whose text contains `text`.
    pub async fn click_text(&self, selector: &str, text: &str) {
        self.wait_for_text(selector, text).await;
        let expression = format!(
            "Array.from(document.querySelectorAll({selector})).find(e => e.textContent.includes({text})).click()",
            selector = Value::from(selector),
            text = Value::from(text),
        );
        self.eval(&format!("({expression}, true)")).await;
    }

    /// A platform passkey authenticator (like a phone's) that confirms every
    /// request with user verification; answers its id.
    pub async fn add_passkey_authenticator(&self) -> String {
        let cdp = self.driver.cdp();
        cdp.send_raw("WebAuthn.enable", serde_json::json!({}))
            .await
            .expect("WebAuthn domain");
        let added = cdp
            .send_raw(
                "WebAuthn.addVirtualAuthenticator",
                serde_json::json!({ "options": {
                    "protocol": "ctap2", "transport": "internal",
                    "hasResidentKey": true, "hasUserVerification": true,
                    "isUserVerified": true, "automaticPresenceSimulation": true
                }}),
            )
            .await
            .expect("virtual authenticator");
        added["authenticatorId"]
            .as_str()
            .expect("authenticator id")
            .to_owned()
    }

    /// The device is gone, with all its passkeys.
    pub async fn remove_passkey_authenticator(&self, id: &str) {
        self.driver
            .cdp()
            .send_raw(
                "WebAuthn.removeVirtualAuthenticator",
                serde_json::json!({ "authenticatorId": id }),
            )
            .await
            .expect("authenticator removed");
    }

    /// The path of a one-time registration link, as `digitale-stadt admin invite` prints it.
    pub async fn invite_path(&self, role: shared::accounts::Role) -> String {
        let base = format!("{}/", self.base_url).parse().expect("base URL");
        let invite = digitale_stadt::accounts::invites::create(&self.db, &base, role, None, 1)
            .await
            .expect("invite");
        invite
            .link
            .strip_prefix(&self.base_url)
            .expect("link on this server")
            .to_owned()
    }

    /// Registers through a one-time invitation for `role` with a new
    /// passkey, as an invited person does, and ends on the account page.
    pub async fn register_invited(&self, role: shared::accounts::Role, username: &str, name: &str) {
        self.add_passkey_authenticator().await;
        self.register_invited_on_this_device(role, username, name)
            .await;
    }

    /// Like [`Self::register_invited`] with the authenticator already there:
    /// one device can hold the passkeys of several accounts.
    pub async fn register_invited_on_this_device(
        &self,
        role: shared::accounts::Role,
        username: &str,
        name: &str,
    ) {
        let invite = self.invite_path(role).await;
        self.open(&invite).await;
        self.wait_for_text("[role=note]", "Einladung").await;
        self.type_into("registrieren-benutzername", username).await;
        self.type_into("registrieren-name", name).await;
        self.click_text("main button", "Passkey anlegen").await;
        self.wait_for_text("h1", "Ihre Wiederherstellungscodes")
            .await;
        self.eval("(document.getElementById('codes-gesichert').click(), true)")
            .await;
        self.click_text("main button", "Weiter zu meinem Konto")
            .await;
        self.wait_for_text("h1", "Mein Konto").await;
    }

    /// A `datetime-local` value `hours` from now in the browser's time zone,
    /// as a date picker fills it in.
    pub async fn local_time(&self, hours: i64) -> String {
        self.eval(&format!(
            "(() => {{ const d = new Date(Date.now() + {hours} * 3600000); const p = n => String(n).padStart(2, '0'); return `${{d.getFullYear()}}-${{p(d.getMonth() + 1)}}-${{p(d.getDate())}}T${{p(d.getHours())}}:${{p(d.getMinutes())}}`; }})()"
        ))
        .await
        .as_str()
        .expect("a date")
        .to_owned()
    }

    /// Signs out from the account page.
    pub async fn sign_out(&self) {
        self.open("/konto").await;
        self.click_text("main button", "Abmelden").await;
        self.wait_for_text(".main-nav a", "Anmelden").await;
    }

    /// Signs in with the passkey of `username` (each person has their own
    /// authenticator in this browser), signing out whoever is signed in.
    pub async fn sign_in(&self, username: &str) {
        self.sign_out().await;
        self.open("/anmelden").await;
        self.wait_until(
            "document.getElementById('anmelden-benutzername') !== null",
            "the sign-in form",
        )
        .await;
        self.type_into("anmelden-benutzername", username).await;
        self.eval("(document.querySelector('main form button[type=submit]').click(), true)")
            .await;
        self.wait_for_text("h1", "Mein Konto").await;
    }

    /// Fails the test with axe-core's findings if the page breaks a WCAG rule.
    pub async fn assert_accessible(&self) {
        let violations = self.axe_violations().await;
        assert!(violations.is_empty(), "{violations:?}");
    }

    /// The device is at this place, and the page may ask for it.
    pub async fn set_position(&self, latitude: f64, longitude: f64) {
        let cdp = self.driver.cdp();
        cdp.send_raw(
            "Browser.grantPermissions",
            serde_json::json!({ "permissions": ["geolocation"], "origin": self.base_url }),
        )
        .await
        .expect("geolocation permission");
        cdp.send_raw(
            "Emulation.setGeolocationOverride",
            serde_json::json!({ "latitude": latitude, "longitude": longitude, "accuracy": 10 }),
        )
        .await
        .expect("position");
    }

    /// Chooses a file for the file input with this id, as a person would.
    pub async fn choose_file(&self, id: &str, path: &std::path::Path) {
        self.element(&format!("[id={}]", Value::from(id)))
            .await
            .send_keys(path.to_string_lossy())
            .await
            .expect("choosing a file");
    }

    /// Sets a field the way the browser does after a person's input (date
    /// pickers and selects, whose typing differs between locales).
    pub async fn set_value(&self, selector: &str, value: &str, event: &str) {
        let expression = format!(
            "(() => {{ const e = document.querySelector({selector}); e.value = {value}; e.dispatchEvent(new Event({event}, {{ bubbles: true }})); return true; }})()",
            selector = Value::from(selector),
            value = Value::from(value),
            event = Value::from(event),
        );
        self.eval(&expression).await;
    }

    /// Cuts the browser's connection (or restores it), as a tablet in a
    /// meeting room without reception: for the page and for its service
    /// worker, which fetches on its own.
    pub async fn set_offline(&self, offline: bool) {
        let cdp = self.driver.cdp();
        let conditions = serde_json::json!({
            "offline": offline, "latency": 0,
            "downloadThroughput": -1, "uploadThroughput": -1
        });
        cdp.send_raw("Network.enable", serde_json::json!({}))
            .await
            .expect("network domain");
        cdp.send_raw("Network.emulateNetworkConditions", conditions.clone())
            .await
            .expect("network conditions");
        let targets = cdp
            .send_raw("Target.getTargets", serde_json::json!({}))
            .await
            .expect("targets");
        let workers = targets["targetInfos"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|target| target["type"] == "service_worker");
        for (i, worker) in workers.enumerate() {
            let attached = cdp
                .send_raw(
                    "Target.attachToTarget",
                    serde_json::json!({ "targetId": worker["targetId"], "flatten": false }),
                )
                .await
                .expect("attached to the service worker");
            for (id, method, params) in [
                (1, "Network.enable", serde_json::json!({})),
                (2, "Network.emulateNetworkConditions", conditions.clone()),
            ] {
                let message = serde_json::json!({ "id": 1000 * (i + 1) + id, "method": method, "params": params });
                cdp.send_raw(
                    "Target.sendMessageToTarget",
                    serde_json::json!({ "sessionId": attached["sessionId"], "message": message.to_string() }),
                )
                .await
                .expect("message to the service worker");
            }
        }
    }

    /// A file in this session's scratch folder.
    pub fn scratch_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.profile_dir.with_extension("files").join(name);
        fs::create_dir_all(path.parent().expect("scratch folder")).expect("scratch folder");
        fs::write(&path, bytes).expect("scratch file");
        path
    }

    /// Fails the test if the page did something the content security
    /// policy refused (the browser would have blocked it for a citizen too).
    pub async fn assert_no_csp_violations(&self) {
        let violations = self.eval("window.__dsCspViolations || []").await;
        assert_eq!(
            violations,
            serde_json::json!([]),
            "the content security policy refused something on {}",
            self.driver
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default()
        );
    }

    /// Ends the browser session, after the last page's CSP check; the driver
    /// process goes with `Drop`.
    pub async fn quit(self) {
        self.assert_no_csp_violations().await;
        let _ = self.driver.clone().quit().await;
    }
}

/// Also runs when a test fails half-way, so no driver outlives its test.
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        let _ = fs::remove_dir_all(&self.profile_dir);
        let _ = fs::remove_dir_all(self.profile_dir.with_extension("files"));
    }
}

async fn spawn_demo_server() -> (String, digitale_stadt::db::Db) {
    let config = ServeConfig {
        site: PathBuf::from(required_env("DS_SITE")),
        demo: true,
        ..ServeConfig::for_tests()
    };
    assert!(
        config.site.join("index.html").is_file(),
        "no web app in {}: run `cargo xtask test`",
        config.site.display()
    );
    let app = Application::build(config).await.expect("server starts");
    let base_url = app.public_url().as_str().trim_end_matches('/').to_owned();
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    wait_for_search_index(&base_url).await;
    (base_url, db)
}

/// Waits until the server has built its search index, which it does in the
/// background after the start.
async fn wait_for_search_index(base_url: &str) {
    let status_url = format!("{base_url}/api/v1/search/status");
    for _ in 0..600 {
        let status: shared::search::SearchStatus = reqwest::get(&status_url)
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a search status");
        if status.complete {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the search index was not built within 30 s");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn spawn_chromedriver() -> (Child, String) {
    let port = free_port();
    let child = Command::new(required_env("E2E_CHROMEDRIVER"))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts (apt-get install chromium-driver)");
    (child, format!("http://127.0.0.1:{port}"))
}

/// ChromeDriver needs a moment before it accepts sessions.
async fn connect_driver(url: &str, caps: thirtyfour::ChromeCapabilities) -> WebDriver {
    let started = Instant::now();
    loop {
        match WebDriver::new(url, caps.clone()).await {
            Ok(driver) => return driver,
            Err(err) if started.elapsed() > WAIT => {
                panic!("cannot start a Chromium session through {url}: {err}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
