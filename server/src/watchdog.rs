//! Ends the server when its database stops answering, so that the service
//! manager starts it anew. It runs only on SurrealKV (`surrealkv://`), the
//! one engine known to hang: RocksDB is not, and a SurrealDB server that
//! goes away is answered with 503 until it is back.
//!
//! SurrealKV 0.21.4 (the version SurrealDB 3.3.5 uses) can deadlock:
//! writing out a memtable takes the level manifest and then the immutable
//! memtables for writing (`lsm.rs`), while every read takes them in the
//! opposite order (`Snapshot::collect_iter_state`). Once that happens, no
//! request thread comes back. Ending the process is a kill as far as the
//! engine is concerned: what was answered survives the restart, except the
//! one write that engine loses on every kill (docs/deployment.md, §1).

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::task::JoinSet;

use crate::db::{self, Db};

/// Probes per watched period: a stuck engine is noticed at most a quarter
/// period late.
const PROBES_PER_PERIOD: u32 = 4;

/// Exit status of a server ended by the watchdog (`EX_SOFTWARE`).
const EXIT_STUCK: i32 = 70;

/// Watches `db` until the server shuts down, ending the process when it
/// has not answered for `stuck_after`.
pub fn start(db: Db, stuck_after: Duration, background: &mut JoinSet<()>) -> std::io::Result<()> {
    watch(
        move || {
            let db = db.clone();
            async move {
                // A refusal is an answer too: only silence means stuck.
                if let Err(err) = db::answers(&db).await {
                    tracing::debug!(error = %err, "watchdog: the database refused its read");
                }
            }
        },
        stuck_after,
        background,
        |silent| {
            tracing::error!(
                silent_secs = silent.as_secs(),
                "the database has not answered; ending the server so that it is started anew"
            );
            std::process::exit(EXIT_STUCK);
        },
    )
}

/// The probes run on the runtime, the watching on a thread of its own: when
/// the engine is stuck, every runtime thread may be stuck with it.
fn watch<P, F>(
    mut probe: P,
    stuck_after: Duration,
    background: &mut JoinSet<()>,
    on_stuck: impl FnOnce(Duration) + Send + 'static,
) -> std::io::Result<()>
where
    P: FnMut() -> F + Send + 'static,
    F: Future<Output = ()> + Send,
{
    let started = Instant::now();
    let answered_ms = Arc::new(AtomicU64::new(0));
    let armed = Arc::new(AtomicBool::new(true));
    let interval = stuck_after / PROBES_PER_PERIOD;
    let disarm = Disarm(armed.clone());
    let answered = answered_ms.clone();
    background.spawn(async move {
        // Shutdown ends this task; the engine may then take its time to
        // write its memtable out without being taken for stuck.
        let _disarm = disarm;
        loop {
            probe().await;
            answered.store(started.elapsed().as_millis() as u64, Ordering::Release);
            tokio::time::sleep(interval).await;
        }
    });
    std::thread::Builder::new()
        .name("db-watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(interval);
                if !armed.load(Ordering::Acquire) {
                    return;
                }
                let last = Duration::from_millis(answered_ms.load(Ordering::Acquire));
                let silent = started.elapsed().saturating_sub(last);
                if silent > stuck_after {
                    on_stuck(silent);
                    return;
                }
            }
        })?;
    Ok(())
}

/// Disarms the watchdog when dropped.
struct Disarm(Arc<AtomicBool>);

impl Drop for Disarm {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    const PERIOD: Duration = Duration::from_millis(200);

    fn watched(
        probe: impl Fn() -> bool + Send + Sync + 'static,
    ) -> (JoinSet<()>, mpsc::Receiver<Duration>) {
        let (stuck, noticed) = mpsc::channel();
        let mut background = JoinSet::new();
        let probe = Arc::new(probe);
        watch(
            move || {
                let probe = probe.clone();
                async move {
                    if !probe() {
                        std::future::pending::<()>().await;
                    }
                }
            },
            PERIOD,
            &mut background,
            move |silent| {
                let _ = stuck.send(silent);
            },
        )
        .expect("watchdog thread");
        (background, noticed)
    }

    #[tokio::test]
    async fn an_answering_database_is_left_alone() {
        let (_background, noticed) = watched(|| true);
        tokio::time::sleep(PERIOD * 3).await;
        assert!(noticed.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_silent_database_ends_the_server() {
        let calls = Arc::new(AtomicU64::new(0));
        let counted = calls.clone();
        // Answers twice, then hangs as the stuck engine does.
        let (_background, noticed) = watched(move || counted.fetch_add(1, Ordering::SeqCst) < 2);
        let silent = tokio::task::spawn_blocking(move || noticed.recv_timeout(PERIOD * 10))
            .await
            .expect("waiting task")
            .expect("the watchdog noticed the silence");
        assert!(silent > PERIOD);
    }

    #[tokio::test]
    async fn shutting_down_disarms_it() {
        let (mut background, noticed) = watched(|| false);
        background.shutdown().await;
        let fired = tokio::task::spawn_blocking(move || noticed.recv_timeout(PERIOD * 3))
            .await
            .expect("waiting task");
        assert!(fired.is_err());
    }
}
