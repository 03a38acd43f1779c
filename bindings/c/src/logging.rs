//! `authlete_set_log_callback`: the core's `tracing` events as text lines for C.

use std::ffi::{c_char, c_int, c_void, CString};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::error::authlete_kind;

/// Log levels for authlete_set_log_callback(), from quietest to most verbose.
///
/// @code
/// authlete_set_log_callback(AUTHLETE_LOG_DEBUG, on_log, NULL);
/// @endcode
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum authlete_log_level {
    /// No logging (the callback is not called).
    AUTHLETE_LOG_OFF = 0,
    /// Errors.
    AUTHLETE_LOG_ERROR = 1,
    /// Warnings.
    AUTHLETE_LOG_WARN = 2,
    /// One line per call: "call succeeded" / "call failed" with operation, attempts,
    /// duration_ms, status and error.
    AUTHLETE_LOG_INFO = 3,
    /// Also one line per HTTP attempt.
    AUTHLETE_LOG_DEBUG = 4,
    /// Everything.
    AUTHLETE_LOG_TRACE = 5,
}

/// A log callback: `level` of the event, `line` the event as one line of text (no trailing
/// newline; borrowed, valid only during the call), `user_data` as registered. Called on the
/// thread that emitted the event (any thread); it must not call back into the library.
///
/// @code
/// static void on_log(authlete_log_level level, const char *line, void *ud) {
///     if (level <= AUTHLETE_LOG_WARN) fprintf(stderr, "%s\n", line);
/// }
/// @endcode
pub type authlete_log_fn =
    Option<unsafe extern "C" fn(level: authlete_log_level, line: *const c_char, user_data: *mut c_void)>;

struct Sink {
    callback: unsafe extern "C" fn(authlete_log_level, *const c_char, *mut c_void),
    user_data: usize,
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static MAX_LEVEL: AtomicU8 = AtomicU8::new(0);
static INSTALLED: OnceLock<bool> = OnceLock::new();

fn level_of(level: &Level) -> authlete_log_level {
    match *level {
        Level::ERROR => authlete_log_level::AUTHLETE_LOG_ERROR,
        Level::WARN => authlete_log_level::AUTHLETE_LOG_WARN,
        Level::INFO => authlete_log_level::AUTHLETE_LOG_INFO,
        Level::DEBUG => authlete_log_level::AUTHLETE_LOG_DEBUG,
        _ => authlete_log_level::AUTHLETE_LOG_TRACE,
    }
}

struct CallbackLayer;

impl CallbackLayer {
    fn wants(meta: &Metadata<'_>) -> bool {
        meta.target().starts_with("authlete")
            && (level_of(meta.level()) as u8) <= MAX_LEVEL.load(Ordering::Relaxed)
    }
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

impl<S: Subscriber> Layer<S> for CallbackLayer {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.target().starts_with("authlete") {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _: Context<'_, S>) -> bool {
        Self::wants(meta)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let meta = event.metadata();
        if !Self::wants(meta) {
            return;
        }
        let mut line = Line(format!("{} {}:", meta.level(), meta.target()));
        event.record(&mut line);
        let Ok(line) = CString::new(line.0.replace('\0', "\u{FFFD}")) else { return };
        let sink = SINK.read().unwrap_or_else(|p| p.into_inner());
        if let Some(sink) = sink.as_ref() {
            // SAFETY: the callback and user_data were registered by the caller, who keeps
            // them valid until they are replaced (documented).
            unsafe { (sink.callback)(level_of(meta.level()), line.as_ptr(), sink.user_data as *mut c_void) };
        }
    }
}

/// Routes the SDK's log events (never containing tokens or secrets) to `callback`.
///
/// Installs the library's `tracing` subscriber as the process-wide default on first use.
/// Calling again replaces the level, callback and user data; `callback` NULL or `level`
/// ::AUTHLETE_LOG_OFF stops logging.
///
/// @param level the most verbose ::authlete_log_level delivered (values above
///        ::AUTHLETE_LOG_TRACE mean TRACE, below 0 mean OFF).
/// @param callback the function receiving one line per event, or NULL.
/// @param user_data passed to `callback`; must stay valid until the callback is replaced.
/// @return ::AUTHLETE_OK, or ::AUTHLETE_SDK_VALIDATION_ERROR if another `tracing` subscriber
///         was already installed in this process (nothing is delivered then).
///
/// @code
/// static void on_log(authlete_log_level level, const char *line, void *ud) {
///     fprintf(stderr, "[authlete] %s\n", line);
/// }
/// authlete_set_log_callback(AUTHLETE_LOG_INFO, on_log, NULL);
/// @endcode
///
/// # Safety
/// `callback` is NULL or a valid function that may be called from any thread.
#[no_mangle]
pub unsafe extern "C" fn authlete_set_log_callback(
    level: c_int,
    callback: authlete_log_fn,
    user_data: *mut c_void,
) -> authlete_kind {
    let installed = *INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(CallbackLayer);
        tracing::subscriber::set_global_default(subscriber).is_ok()
    });
    if !installed {
        return authlete_kind::AUTHLETE_SDK_VALIDATION_ERROR;
    }
    let mut sink = SINK.write().unwrap_or_else(|p| p.into_inner());
    *sink = callback.map(|callback| Sink { callback, user_data: user_data as usize });
    let level = if sink.is_some() { level.clamp(0, 5) as u8 } else { 0 };
    MAX_LEVEL.store(level, Ordering::Relaxed);
    drop(sink);
    tracing::callsite::rebuild_interest_cache();
    authlete_kind::AUTHLETE_OK
}
