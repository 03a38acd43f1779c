//! Bridges the core's `tracing` events to Python `logging`. Events are queued here (bounded,
//! never blocking an I/O thread on the GIL) and drained by the Python wrapper after each
//! call, on the calling thread, into the `authlete_sdk` logger. Before each call the wrapper
//! sets the level that logger would emit ([`set_log_level`]); events below it are not even
//! formatted (the tracing callsites are disabled).

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;

use pyo3::prelude::*;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// At most this many records wait for a drain; older ones are dropped.
const CAPACITY: usize = 1024;

/// `(level, message, fields)` of one event.
type Record = (u8, String, Vec<(&'static str, String)>);

static QUEUE: Mutex<VecDeque<Record>> = Mutex::new(VecDeque::new());
/// Python logging levels.
const INFO: u8 = 20;
const DEBUG_LEVEL: u8 = 10;
const WARNING: u8 = 30;

/// The lowest Python level queued: WARNING (nothing: the core's events are INFO and DEBUG)
/// until the wrapper says otherwise.
static LEVEL: AtomicU8 = AtomicU8::new(WARNING);

struct PyLogLayer;

impl PyLogLayer {
    /// The Python level of a tracing level (TRACE is never bridged).
    fn python_level(level: &Level) -> Option<u8> {
        if *level <= Level::INFO {
            Some(INFO)
        } else if *level == Level::DEBUG {
            Some(DEBUG_LEVEL)
        } else {
            None
        }
    }

    fn wanted(meta: &Metadata<'_>) -> bool {
        meta.target().starts_with("authlete")
            && Self::python_level(meta.level()).is_some_and(|l| l >= LEVEL.load(Ordering::Relaxed))
    }
}

/// The message and the other fields, in order.
#[derive(Default)]
struct Line {
    message: String,
    fields: Vec<(&'static str, String)>,
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            self.fields.push((field.name(), format!("{value:?}")));
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.fields.push((field.name(), value.to_owned()));
        }
    }
}

impl<S: Subscriber> Layer<S> for PyLogLayer {
    fn enabled(&self, meta: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        Self::wanted(meta)
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        if !Self::wanted(meta) {
            return;
        }
        let mut line = Line::default();
        event.record(&mut line);
        let level = Self::python_level(meta.level()).unwrap_or(DEBUG_LEVEL);
        let mut q = QUEUE.lock().unwrap_or_else(|p| p.into_inner());
        if q.len() >= CAPACITY {
            q.pop_front();
        }
        q.push_back((level, line.message, line.fields));
    }
}

/// Installs the layer as the process's tracing subscriber (once; no-op if one exists).
pub(crate) fn install() {
    let _ = tracing_subscriber::registry().with(PyLogLayer).try_init();
    tracing::callsite::rebuild_interest_cache();
}

/// The queued records as `(level, message, [(field, value)])`, oldest first.
#[pyfunction]
pub(crate) fn drain_logs() -> Vec<Record> {
    let mut q = QUEUE.lock().unwrap_or_else(|p| p.into_inner());
    q.drain(..).collect()
}

/// Queues events of Python level `level` and above from now on (the effective level of the
/// `authlete_sdk` logger; 30 or more: none).
#[pyfunction]
pub(crate) fn set_log_level(level: i64) {
    let level = u8::try_from(level.clamp(0, i64::from(WARNING))).unwrap_or(WARNING);
    // What matters is which of the two bridged levels pass: DEBUG and up, INFO and up, none.
    let class = |l: u8| (l <= DEBUG_LEVEL, l <= INFO);
    if class(LEVEL.swap(level, Ordering::Relaxed)) != class(level) {
        tracing::callsite::rebuild_interest_cache();
    }
}
