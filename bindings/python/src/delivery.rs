//! Delivering the outcome of an async call from a runtime thread to Python, safely around
//! interpreter exit.
//!
//! A runtime thread that takes the GIL while the interpreter finalizes is killed inside Rust
//! frames (a crash). So deliveries stop at exit: `authlete_sdk` registers [`shutdown`] with
//! `atexit`, which runs before finalization; it stops new deliveries and waits, with the GIL
//! released, for the ones under way.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use pyo3::prelude::*;

static STOPPED: AtomicBool = AtomicBool::new(false);
static UNDER_WAY: AtomicUsize = AtomicUsize::new(0);

/// Runs `f` with the GIL unless the interpreter is shutting down; `f` (and whatever Python
/// objects it owns) is consumed under the GIL. Returns whether it ran.
pub(crate) fn deliver(f: impl FnOnce(Python<'_>)) -> bool {
    // Count first, then check: `shutdown` sets the flag first, then waits for the count.
    UNDER_WAY.fetch_add(1, Ordering::SeqCst);
    let run = !STOPPED.load(Ordering::SeqCst);
    if run {
        Python::with_gil(f);
    }
    UNDER_WAY.fetch_sub(1, Ordering::SeqCst);
    run
}

/// Stops deliveries and waits (GIL released, at most 5 s) for those under way. Called by
/// `atexit`; later async outcomes are dropped.
#[pyfunction]
pub(crate) fn shutdown(py: Python<'_>) {
    STOPPED.store(true, Ordering::SeqCst);
    py.allow_threads(|| {
        for _ in 0..5000 {
            if UNDER_WAY.load(Ordering::SeqCst) == 0 {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}
