//! The tokio runtimes the SDK runs calls on when the caller has none of its own.
//!
//! - [`shared`]: a multi-thread runtime for the bindings' async calls (tasks that run while
//!   the caller does something else).
//! - [`block_on`]: runs a blocking call (the blocking facade, the C library's synchronous
//!   functions, Python's sync API, Kotlin's `...Blocking` functions) on a current-thread
//!   runtime that the calling thread drives itself. The request, the connection and the
//!   response are then handled on one thread: no hand-off to a worker thread and back, which
//!   cost ~30% of a `get` from Python (bench/OPTIMISATIONS.md). Several threads may block at
//!   once: one drives the runtime (everyone's I/O and timers) and the others wait for their
//!   own result or for their turn to drive.
//!
//! Connections are tasks of the runtime that opened them, and the current-thread runtime runs
//! only while some thread is blocked in it; so calls made through [`block_on`] take their
//! connections from a pool of their own (see `transport`), which an async call never uses.
//! A forked child gets new runtimes: the parent's threads do not exist in it.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::runtime::{Builder, Runtime};

use crate::error::Error;

/// A runtime and the process that built it.
type Slot = Mutex<Option<(u32, Arc<Runtime>)>>;

static SHARED: Slot = Mutex::new(None);
static BLOCKING: Slot = Mutex::new(None);

tokio::task_local! {
    /// Set while a future runs through [`block_on`]: the transport then uses the blocking pool.
    static IN_BLOCK_ON: ();
}

/// The process-wide multi-thread runtime (two worker threads), created on first use and
/// again after fork.
pub fn shared() -> Result<Arc<Runtime>, Error> {
    of_this_process(&SHARED, || {
        let mut builder = Builder::new_multi_thread();
        builder.worker_threads(2).thread_name("authlete-sdk");
        builder
    })
}

/// Runs `future` to completion on the calling thread (see the module docs). Refused on a
/// thread that is already inside a tokio runtime, where blocking would stall it.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::validation(
            "runtime",
            "a blocking call cannot be made inside an async runtime; use the async API",
        ));
    }
    let rt = of_this_process(&BLOCKING, Builder::new_current_thread)?;
    Ok(rt.block_on(IN_BLOCK_ON.scope((), future)))
}

/// Whether the current future runs through [`block_on`].
pub(crate) fn in_block_on() -> bool {
    IN_BLOCK_ON.try_with(|_| ()).is_ok()
}

/// The runtime in `slot` if this process built it, else a new one from `builder`.
fn of_this_process(slot: &Slot, builder: impl FnOnce() -> Builder) -> Result<Arc<Runtime>, Error> {
    let mut slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let pid = std::process::id();
    match slot.as_ref() {
        Some((owner, rt)) if *owner == pid => Ok(rt.clone()),
        _ => {
            // A runtime inherited through fork() cannot be shut down (its threads are gone),
            // so it is leaked rather than dropped.
            if let Some(old) = slot.take() {
                std::mem::forget(old);
            }
            let rt =
                builder().enable_all().build().map(Arc::new).map_err(|e| {
                    Error::validation("runtime", format!("cannot start the async runtime: {e}"))
                })?;
            *slot = Some((pid, rt.clone()));
            Ok(rt)
        }
    }
}
