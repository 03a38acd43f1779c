//! The tokio runtimes the SDK runs calls on when the caller has none of its own.
//!
//! - [`shared`]: a multi-thread runtime for the bindings' async calls (tasks that run while
//!   the caller does something else).
//! - [`block_on`]: runs a blocking call (the blocking facade, the C library's synchronous
//!   functions, Python's sync API, Kotlin's `...Blocking` functions). When no other blocking
//!   call is running, the calling thread drives the call itself on a current-thread runtime:
//!   the request, the connection and the response are handled on one thread, with no hand-off
//!   to a worker thread and back (the context switches of that hand-off were a large part of
//!   a `get` from Python: bench/OPTIMISATIONS.md, item 17). A call made while another one
//!   runs there goes to the shared runtime's workers instead and blocks until they finish it:
//!   a current-thread runtime is driven by one thread at a time, so threads sharing it would
//!   wait for each other.
//!
//! Connections are tasks of the runtime that opened them, and the current-thread runtime runs
//! only while a blocking call runs on it; so calls on it take their connections from a pool
//! of their own (see `transport`), which no other call uses.
//! A forked child gets new runtimes: the parent's threads do not exist in it.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::runtime::{Builder, Runtime};

use crate::error::Error;

/// A runtime and the process that built it.
type Slot = Mutex<Option<(u32, Arc<Runtime>)>>;

static SHARED: Slot = Mutex::new(None);
static CALLER_DRIVEN: Slot = Mutex::new(None);

/// The process id while a thread runs a call on the caller-driven runtime, else 0. A value
/// other than this process's id was inherited through fork() and means free.
static DRIVING: AtomicU32 = AtomicU32::new(0);

tokio::task_local! {
    /// Set while a future runs on the caller-driven runtime: the transport then uses the
    /// pool whose connections are tasks of that runtime.
    static CALLER_DRIVEN_CALL: ();
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

/// Runs `future` to completion, blocking the calling thread (see the module docs). Refused on
/// a thread that is already inside a tokio runtime, where blocking would stall it.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::validation(
            "runtime",
            "a blocking call cannot be made inside an async runtime; use the async API",
        ));
    }
    match Driving::claim() {
        Some(_driving) => {
            let rt = of_this_process(&CALLER_DRIVEN, Builder::new_current_thread)?;
            Ok(rt.block_on(CALLER_DRIVEN_CALL.scope((), async {
                // Nothing polls this runtime between calls, so its pooled connections have not
                // seen a close or reset from the server since the last call. One yield lets
                // the runtime poll the sockets first (tokio wakes a yielded task after its
                // driver), so the connection tasks of closed connections end and the pool
                // drops them, instead of the call writing to one and failing.
                tokio::task::yield_now().await;
                let out = future.await;
                // A call that timed out or was cancelled dropped its request mid-flight; the
                // connection's task closes the socket once it runs, which on this runtime
                // would be at the next call. Let it run now.
                if ABANDONED.with(|a| a.replace(false)) {
                    for _ in 0..4 {
                        tokio::task::yield_now().await;
                    }
                }
                out
            })))
        }
        None => Ok(shared()?.block_on(future)),
    }
}

thread_local! {
    /// Set when a request on the caller-driven runtime was dropped before its response was
    /// read (see [`RequestGuard`]).
    static ABANDONED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Held while a request is in flight; dropped before [`RequestGuard::done`], it notes that the
/// request was abandoned, so that the blocking call lets its connection close before
/// returning.
pub(crate) struct RequestGuard {
    done: bool,
}

impl RequestGuard {
    pub(crate) fn new() -> Self {
        RequestGuard { done: false }
    }

    /// The response was read (or the request failed by itself).
    pub(crate) fn done(mut self) {
        self.done = true;
    }
}

impl Drop for RequestGuard {
    fn drop(&mut self) {
        if !self.done && on_caller_driven_runtime() {
            ABANDONED.with(|a| a.set(true));
        }
    }
}

/// Drops `value` (the connection pool of a client's blocking calls), then lets the
/// caller-driven runtime run once, so the tasks of the pool's connections see it gone and close
/// their sockets. Nothing polls that runtime between blocking calls: without this, a released
/// client's connections stayed open until the next blocking call of any client. When this
/// thread is inside a runtime (it must not block) or another thread is driving the runtime
/// (which polls them itself), `value` is only dropped.
pub(crate) fn drop_on_caller_driven<T>(value: T) {
    if tokio::runtime::Handle::try_current().is_ok() {
        return drop(value);
    }
    let Some(_driving) = Driving::claim() else { return drop(value) };
    let rt = {
        let slot = CALLER_DRIVEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        slot.as_ref().filter(|(owner, _)| *owner == std::process::id()).map(|(_, rt)| rt.clone())
    };
    drop(value);
    if let Some(rt) = rt {
        rt.block_on(tokio::task::yield_now());
    }
}

/// Whether the current future runs on the caller-driven runtime.
pub(crate) fn on_caller_driven_runtime() -> bool {
    CALLER_DRIVEN_CALL.try_with(|_| ()).is_ok()
}

/// The claim of one thread on the caller-driven runtime, given back when dropped (a panic
/// included).
struct Driving;

impl Driving {
    fn claim() -> Option<Driving> {
        let pid = std::process::id();
        let current = DRIVING.load(Ordering::Acquire);
        if current == pid {
            return None;
        }
        DRIVING.compare_exchange(current, pid, Ordering::AcqRel, Ordering::Acquire).ok().map(|_| Driving)
    }
}

impl Drop for Driving {
    fn drop(&mut self) {
        DRIVING.store(0, Ordering::Release);
    }
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
            let rt = builder()
                .enable_all()
                .build()
                .map(Arc::new)
                .map_err(|e| Error::unexpected(format!("cannot start the async runtime: {e}")))?;
            *slot = Some((pid, rt.clone()));
            Ok(rt)
        }
    }
}
