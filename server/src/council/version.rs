//! The council version as this app server knows it, without a database
//! round trip per OParl request. Every write increases the version in the
//! database; a live query tells every app server at once. Writes made in
//! this process are seen immediately (the version is read again after any
//! of them), and the database is asked again at least once a second, in
//! case the live query ever goes quiet.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::StreamExt;
use serde_json::Value;
use tokio::task::JoinSet;

use super::store;
use crate::{db::Db, error::Result};

/// Council writes made by this process, counted by the store.
static LOCAL_WRITES: AtomicU64 = AtomicU64::new(0);

/// How long a version is trusted without asking the database.
const REFRESH: Duration = Duration::from_secs(1);

/// Called by the store after each council write it committed.
pub fn wrote() {
    LOCAL_WRITES.fetch_add(1, Ordering::SeqCst);
}

pub struct CouncilVersion {
    version: AtomicU64,
    /// `LOCAL_WRITES` when the version was last read.
    writes_seen: AtomicU64,
    /// Milliseconds after `epoch` of the last read.
    read_at: AtomicU64,
    epoch: Instant,
    live: AtomicBool,
}

impl CouncilVersion {
    /// Starts following the version in a task of `background`; reads it
    /// from the database until the live query runs.
    pub fn follow(db: &Db, background: &mut JoinSet<()>) -> Arc<Self> {
        let watch = Arc::new(Self {
            version: AtomicU64::new(0),
            writes_seen: AtomicU64::new(u64::MAX),
            read_at: AtomicU64::new(0),
            epoch: Instant::now(),
            live: AtomicBool::new(false),
        });
        let follower = Arc::downgrade(&watch);
        let db = db.clone();
        background.spawn(async move {
            let stream = db
                .select(surrealdb::types::RecordId::new("council_state", "main"))
                .live()
                .await;
            let mut stream = match stream {
                Ok(stream) => stream,
                Err(err) => {
                    tracing::warn!(%err, "no live query on the council version; reading it per request");
                    return;
                }
            };
            if let Some(watch) = follower.upgrade() {
                watch.live.store(true, Ordering::SeqCst);
            }
            while let Some(notification) = stream.next().await {
                let Some(watch) = follower.upgrade() else {
                    return;
                };
                match notification {
                    Ok(notification) => {
                        let data: Value = notification.data;
                        if let Some(version) = data.get("version").and_then(Value::as_u64) {
                            watch.version.fetch_max(version, Ordering::SeqCst);
                        }
                    }
                    Err(err) => tracing::warn!(%err, "council version notification"),
                }
            }
            if let Some(watch) = follower.upgrade() {
                watch.live.store(false, Ordering::SeqCst);
            }
            tracing::warn!("live query on the council version ended; reading it per request");
        });
        watch
    }

    /// The current council version.
    pub async fn current(&self, db: &Db) -> Result<u64> {
        let writes = LOCAL_WRITES.load(Ordering::SeqCst);
        let now = self.epoch.elapsed().as_millis() as u64;
        let fresh =
            now.saturating_sub(self.read_at.load(Ordering::SeqCst)) < REFRESH.as_millis() as u64;
        if self.live.load(Ordering::SeqCst)
            && fresh
            && writes == self.writes_seen.load(Ordering::SeqCst)
        {
            return Ok(self.version.load(Ordering::SeqCst));
        }
        let version = store::version(db).await?;
        self.version.fetch_max(version, Ordering::SeqCst);
        self.writes_seen.store(writes, Ordering::SeqCst);
        self.read_at.store(now, Ordering::SeqCst);
        Ok(self.version.load(Ordering::SeqCst))
    }
}
