//! Digitale Stadt server: the JSON API, OParl, Open311 and the web app behind
//! one axum router, on SurrealDB (embedded or as a server).

pub mod accounts;
mod audit;
pub mod budget;
pub mod city;
pub mod clock;
pub mod config;
mod consultations;
pub mod council;
mod cpu;
mod csv;
pub mod db;
pub mod defects;
pub mod error;
mod extract;
mod headers;
pub mod http;
#[cfg(test)]
mod layout;
pub mod migrate;
mod moderation;
pub mod open311;
mod page;
mod polls;
mod privacy;
pub mod search;
mod search_api;
mod secret;
pub mod seed;
pub mod state;
mod stats;
mod uploads;
mod watchdog;

use axum::serve::ListenerExt;
use tokio::{net::TcpListener, task::JoinSet};
use url::Url;

use crate::{
    config::ServeConfig,
    db::Db,
    error::{Error, Result},
    state::AppState,
};

/// A server that is bound to its port and has its database ready, but does
/// not accept requests until [`Application::run_until_stopped`].
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    public_url: Url,
    db: Db,
    /// Tasks that run as long as the server, each with its own database
    /// handle: they end before the database is closed.
    background: JoinSet<()>,
}

impl Application {
    pub async fn build(config: ServeConfig) -> Result<Self> {
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| Error::Bind {
                addr: config.bind,
                source,
            })?;
        let port = listener.local_addr()?.port();
        let public_url = match &config.public_url {
            Some(url) => url.clone(),
            None => Url::parse(&format!("http://localhost:{port}/"))
                .map_err(|e| Error::InvalidInput(e.to_string()))?,
        };

        let db = db::connect(&config.db).await?;
        migrate::run(&db).await?;
        if config.demo {
            seed::demo_if_empty(&db, 1).await?;
        }

        let accounts = std::sync::Arc::new(
            accounts::Accounts::new(
                &db,
                &public_url,
                &config.key_file,
                config.limits(),
                config.sessions,
            )
            .await?,
        );
        let mut background = JoinSet::new();
        background.spawn(accounts.clone().housekeeping(db.clone()));
        background.spawn(accounts.clone().refresh_keys(db.clone()));
        background.spawn(defects::housekeeping(
            db.clone(),
            config.defects.contact_retention_days,
        ));
        council::start_texts(&db, &public_url, &mut background).await?;
        council::ocr::start(&db, &config.ocr, &mut background);
        let search = search::Search::open(&config::search_place(
            config.search_dir.as_ref(),
            &config.db,
        ))?;
        search.follow(&db, http::SEARCHABLE, &mut background);
        if let Some(stuck_after) = config.db_watchdog() {
            watchdog::start(db.clone(), stuck_after, &mut background)?;
        }
        let state = AppState {
            db: db.clone(),
            public_url: public_url.clone(),
            oparl_answers: std::sync::Arc::new(council::AnswerCache::with_capacity(
                config.oparl_cache_bytes(),
            )),
            council_version: council::CouncilVersion::follow(&db, &mut background),
            oparl_lists: std::sync::Arc::default(),
            accounts,
            opened_polls: Default::default(),
            closed_polls: Default::default(),
            closed_ballots: Default::default(),
            moderation: moderation::Rules {
                reports_to_hide: config.reports_to_hide,
                owners: http::MODERATED,
            },
            upload_limit: config.upload_limit,
            defects: std::sync::Arc::new(config.defects.clone()),
            demo: config.demo,
            pabulib_check_steps: config.pabulib_check_steps,
            personal_data: http::PERSONAL_DATA,
            search,
        };
        let router = http::router(state, &config);
        Ok(Self {
            listener,
            router,
            public_url,
            db,
            background,
        })
    }

    /// Where citizens reach this server.
    pub fn public_url(&self) -> &Url {
        &self.public_url
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until SIGTERM or Ctrl-C, then lets running requests finish.
    pub async fn run_until_stopped(self) -> Result<()> {
        let Self {
            listener,
            router,
            db,
            mut background,
            ..
        } = self;
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        // Answers go out at once instead of waiting for the ACK of earlier
        // segments (Nagle), as nginx and most HTTP servers do.
        let listener = listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::debug!(%err, "TCP_NODELAY not set");
            }
        });
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        // Only the last handle waits for the embedded engine to write its
        // memtable out; otherwise the next start replays it from the log.
        background.shutdown().await;
        db::close(db).await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down, finishing open requests");
}
