use std::{
    env, fs,
    path::PathBuf,
    sync::atomic::{AtomicUsize, Ordering},
};

use digitale_stadt::{Application, config::ServeConfig, db::Db};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The server's own database handle, for arranging what the API cannot yet do.
    pub db: Db,
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
    let mut config = ServeConfig::for_tests();
    config.site = temp_dir("no-site");
    configure(&mut config);
    let app = Application::build(config).await.expect("server starts");
    let address = app.public_url().as_str().trim_end_matches('/').to_owned();
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
    }
}

pub async fn spawn_demo_app() -> TestApp {
    spawn_app(|config| config.demo = true).await
}

/// A new empty directory under the system's temp dir, unique per test.
pub fn temp_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = env::temp_dir().join(format!(
        "ds-test-{label}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}
