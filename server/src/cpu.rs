//! CPU-heavy work (password hashing, photos, PDFs, OCR, budget results) off the
//! async worker threads, a bounded number of jobs at a time: a burst of such
//! requests waits in line instead of stalling every other request, and no
//! client can keep more cores busy than the machine has.

use std::sync::OnceLock;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{Error, Result};

fn slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// One of the slots (one per core), held while work runs on that core,
/// also work in another process (OCR).
pub async fn slot() -> Result<SemaphorePermit<'static>> {
    slots()
        .acquire()
        .await
        .map_err(|e| Error::Internal(format!("CPU slots: {e}")))
}

/// Runs `work` on the blocking pool once one of the slots is free.
pub async fn run<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let _slot = slot().await?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("CPU work failed: {e}")))
}

#[cfg(test)]
mod tests {
    use std::{sync::mpsc, time::Duration};

    /// On a runtime with a single thread, work run inline would block the
    /// thread until it ends; here the thread stays free to serve others.
    #[tokio::test(flavor = "current_thread")]
    async fn the_async_thread_stays_free_while_the_work_runs() {
        let (release, wait) = mpsc::channel::<()>();
        // Inline, the work would time out before the other task ran.
        let work = tokio::spawn(super::run(move || {
            wait.recv_timeout(Duration::from_secs(30)).is_ok()
        }));
        let other = tokio::spawn(async { "served" });
        assert_eq!(other.await.expect("other task"), "served");
        release.send(()).expect("the work waits");
        assert!(work.await.expect("task").expect("work"));
    }
}
