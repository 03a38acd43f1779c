//! The shared tokio runtime used by the blocking facade and by bindings that have none of
//! their own. A forked child gets a new runtime: the parent's worker threads do not exist in it.

use std::sync::{Arc, Mutex};

use tokio::runtime::Runtime;

use crate::error::Error;

static SHARED: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// The process-wide runtime (two worker threads), created on first use and again after fork.
pub fn shared() -> Result<Arc<Runtime>, Error> {
    let mut slot = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let pid = std::process::id();
    match slot.as_ref() {
        Some((owner, rt)) if *owner == pid => Ok(rt.clone()),
        _ => {
            // A runtime inherited through fork() cannot be shut down (its threads are gone),
            // so it is leaked rather than dropped.
            if let Some(old) = slot.take() {
                std::mem::forget(old);
            }
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("authlete-sdk")
                .enable_all()
                .build()
                .map(Arc::new)
                .map_err(|e| Error::validation("runtime", format!("cannot start the async runtime: {e}")))?;
            *slot = Some((pid, rt.clone()));
            Ok(rt)
        }
    }
}
