//! Upstream calls that must finish whatever the browser does.
//!
//! hyper drops a handler when its client goes away; a create-booking dropped
//! mid-call would leave ITT with a booking the proxy never recorded. Such calls
//! run as detached tasks: the handler only waits for them, and shutdown waits
//! (bounded) until they are done.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Counts detached tasks so shutdown can wait for them.
#[derive(Debug, Default)]
pub struct Detached {
    running: AtomicUsize,
    idle: Notify,
}

/// Decrements the count when a task ends, however it ends (a panic too).
struct Running(Arc<Detached>);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Detached {
    /// Runs `task` to completion on its own, whatever happens to the caller.
    pub fn spawn<T: Send + 'static>(
        self: &Arc<Self>,
        task: impl Future<Output = T> + Send + 'static,
    ) -> tokio::task::JoinHandle<T> {
        self.running.fetch_add(1, Ordering::AcqRel);
        let running = Running(self.clone());
        tokio::spawn(async move {
            let _running = running;
            task.await
        })
    }

    /// Tasks not finished yet.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::Acquire)
    }

    /// Waits until no task runs, at most `limit`; `false` if some were still running.
    pub async fn wait_idle(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let idle = self.idle.notified();
            tokio::pin!(idle);
            idle.as_mut().enable();
            if self.running() == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, idle).await.is_err() {
                return self.running() == 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tasks_outlive_their_caller_and_shutdown_waits() {
        let detached = Arc::new(Detached::default());
        let done = Arc::new(AtomicUsize::new(0));
        let handle = {
            let done = done.clone();
            detached.spawn(async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                done.fetch_add(1, Ordering::SeqCst);
            })
        };
        // The caller goes away: the task goes on.
        drop(handle);
        assert_eq!(detached.running(), 1);
        assert!(!detached.wait_idle(Duration::from_millis(5)).await);
        assert!(detached.wait_idle(Duration::from_secs(5)).await);
        assert_eq!(done.load(Ordering::SeqCst), 1);
    }
}
