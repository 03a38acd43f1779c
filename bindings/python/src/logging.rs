//! Bridges the core's `tracing` events to Python `logging`, as they happen, at their level
//! (ERROR, WARNING, INFO, DEBUG), into the `authlete_sdk` logger through
//! `authlete_sdk.logging._emit`.
//!
//! Each call runs with a [`Sink`] (a tokio task-local) that says where its records go:
//! - a sync call ([`Sink::caller`]) is driven on the calling thread, so its records are emitted
//!   there at once: the GIL is taken back for the record, and the caller's thread, its
//!   contextvars and its logging configuration are the record's. A record made on another
//!   thread (none is, today) waits until the call returns and is emitted on the calling thread
//!   then ([`Sink::emit_late`]).
//! - an async call ([`Sink::asyncio`]) runs on a runtime thread, which never waits for the
//!   GIL: the record goes through the loop's inbox (as outcomes do) and is emitted on the
//!   loop's thread, in the contextvars the awaiting coroutine had when it made the call.
//!
//! Before each call the package sets the level the `authlete_sdk` logger would emit
//! ([`set_log_level`]); events below it are not even formatted (their callsites are disabled).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::inbox::LogQueue;

/// Python logging levels.
const DEBUG: u8 = 10;
const INFO: u8 = 20;
const WARNING: u8 = 30;
const ERROR: u8 = 40;

/// The lowest Python level bridged: WARNING until the package says otherwise (before an
/// application configures `logging`, Python emits WARNING and above).
static LEVEL: AtomicU8 = AtomicU8::new(WARNING);

/// One event: its Python level, its message and its other fields in order.
pub(crate) struct Record {
    level: u8,
    message: String,
    fields: Vec<(&'static str, String)>,
}

/// Where the records of the call being polled go.
pub(crate) enum Sink {
    /// A sync call, driven by the thread that made it.
    Caller { thread: ThreadId, late: Arc<Mutex<Vec<Record>>> },
    /// An async call: its records go through the loop's inbox, emitted in `context` (the
    /// caller's `contextvars.Context`).
    Asyncio { queue: LogQueue, context: Arc<Py<PyAny>> },
}

tokio::task_local! {
    static SINK: Sink;
}

impl Sink {
    /// The sink of a sync call made on this thread; none when the logger would emit nothing,
    /// so that a call without logging makes no sink at all.
    pub(crate) fn caller() -> Option<Self> {
        enabled().then(|| Sink::Caller { thread: std::thread::current().id(), late: Arc::default() })
    }

    /// The sink of an async call whose caller's contextvars are `context`; `None` (the logger
    /// emits nothing, so the package made no context) means no sink at all.
    pub(crate) fn asyncio(queue: LogQueue, context: Option<Py<PyAny>>) -> Option<Self> {
        context.map(|context| Sink::Asyncio { queue, context: Arc::new(context) })
    }

    /// Runs `fut` with `sink` for its records; without one, as it is (no task-local).
    pub(crate) async fn scope<F: std::future::Future>(sink: Option<Self>, fut: F) -> F::Output {
        match sink {
            Some(sink) => SINK.scope(sink, fut).await,
            None => fut.await,
        }
    }

    /// What a sync call's records made off its thread need after the call: see
    /// [`Sink::emit_late`].
    pub(crate) fn late(&self) -> Option<Arc<Mutex<Vec<Record>>>> {
        match self {
            Sink::Caller { late, .. } => Some(late.clone()),
            Sink::Asyncio { .. } => None,
        }
    }

    /// Emits, on the calling thread after its call, the records that were made elsewhere.
    pub(crate) fn emit_late(py: Python<'_>, late: &Mutex<Vec<Record>>) {
        let records = std::mem::take(&mut *late.lock().unwrap_or_else(PoisonError::into_inner));
        for record in records {
            report(py, emit(py, record, None));
        }
    }

    fn deliver(&self, record: Record) {
        match self {
            Sink::Caller { thread, late } => {
                if std::thread::current().id() == *thread {
                    // `try_attach`: while the interpreter exits there is no logging to emit to.
                    Python::try_attach(|py| report(py, emit(py, record, None)));
                } else {
                    late.lock().unwrap_or_else(PoisonError::into_inner).push(record);
                }
            }
            Sink::Asyncio { queue, context } => {
                let context = context.clone();
                queue.push(Box::new(move |py| emit(py, record, Some(&context))));
            }
        }
    }
}

/// `authlete_sdk.logging._emit(level, message, fields)`, in `context` when there is one.
fn emit(py: Python<'_>, record: Record, context: Option<&Py<PyAny>>) -> PyResult<()> {
    static EMIT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let emit = EMIT.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("authlete_sdk.logging")?.getattr("_emit")?.unbind())
    })?;
    let Record { level, message, fields } = record;
    match context {
        Some(context) => {
            context.bind(py).call_method1(pyo3::intern!(py, "run"), (emit, level, message, fields))?
        }
        None => emit.bind(py).call1((level, message, fields))?,
    };
    Ok(())
}

/// A failing handler must not fail the call: its exception is reported as unraisable.
fn report(py: Python<'_>, result: PyResult<()>) {
    if let Err(e) = result {
        e.write_unraisable(py, None);
    }
}

/// Whether the logger lets any bridged level through (see [`set_log_level`]).
fn enabled() -> bool {
    LEVEL.load(Ordering::Relaxed) <= ERROR
}

struct PyLogLayer;

impl PyLogLayer {
    /// The Python level of a tracing level (TRACE is never bridged).
    fn python_level(level: &Level) -> Option<u8> {
        match *level {
            Level::ERROR => Some(ERROR),
            Level::WARN => Some(WARNING),
            Level::INFO => Some(INFO),
            Level::DEBUG => Some(DEBUG),
            _ => None,
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
        let Some(level) = Self::python_level(meta.level()).filter(|_| Self::wanted(meta)) else {
            return;
        };
        let mut line = Line::default();
        event.record(&mut line);
        let record = Record { level, message: line.message, fields: line.fields };
        // Outside a call (none of the core's events is) there is nowhere to emit to.
        let _ = SINK.try_with(|sink| sink.deliver(record));
    }
}

/// Installs the layer as the process's tracing subscriber (once; no-op if one exists).
pub(crate) fn install() {
    let _ = tracing_subscriber::registry().with(PyLogLayer).try_init();
    tracing::callsite::rebuild_interest_cache();
}

/// Bridges events of Python level `level` and above from now on (the effective level of the
/// `authlete_sdk` logger; above 40: none).
#[pyfunction]
pub(crate) fn set_log_level(level: i64) {
    let level = u8::try_from(level.clamp(0, i64::from(u8::MAX))).unwrap_or(u8::MAX);
    // What matters is which of the bridged levels pass.
    let passing = |l: u8| [DEBUG, INFO, WARNING, ERROR].map(|bridged| bridged >= l);
    if passing(LEVEL.swap(level, Ordering::Relaxed)) != passing(level) {
        tracing::callsite::rebuild_interest_cache();
    }
}
