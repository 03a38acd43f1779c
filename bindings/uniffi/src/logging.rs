//! The core's `tracing` events for the JVM: `set_log_sink` installs a subscriber that hands
//! each event of the SDK (`authlete*` targets) to a foreign [`LogSink`] (Kotlin's SLF4J
//! bridge), as one message with its fields and the call's operation.
//!
//! What it costs when the JVM logger is off: the sink is registered with the most verbose
//! level the JVM logger enables, and the subscriber reports that level as its hint, so
//! `tracing` skips every more verbose event at its call site (no callback, no formatting, no
//! crossing into the JVM). The level is read on the JVM side once per registration, never per
//! call or per event.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use authlete::foreign::NativeError;

/// Where the SDK's log events go: implemented by the Kotlin library (its SLF4J bridge).
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One event: `level` 1 (ERROR) to 5 (TRACE), the `target` (the core's module) and the
    /// message with its fields (`operation=clients.get attempt=1 status=503 response`),
    /// secrets already redacted by the core.
    fn log(&self, level: u8, target: String, message: String);
}

static SINK: RwLock<Option<Arc<dyn LogSink>>> = RwLock::new(None);
// 0 = off, 1 = ERROR ... 5 = TRACE: the most verbose level the sink takes.
static MAX_LEVEL: AtomicU8 = AtomicU8::new(0);
static INSTALLED: OnceLock<bool> = OnceLock::new();

fn level_number(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 1,
        Level::WARN => 2,
        Level::INFO => 3,
        Level::DEBUG => 4,
        _ => 5,
    }
}

fn wants(meta: &Metadata<'_>) -> bool {
    meta.target().starts_with("authlete") && level_number(meta.level()) <= MAX_LEVEL.load(Ordering::Relaxed)
}

/// An event's or span's fields as `name=value` text, the message first.
#[derive(Default)]
struct Text(String, bool);

impl Text {
    fn sep(&mut self) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
    }
}

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.1 |= field.name() == "operation";
        self.sep();
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, "{}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.1 |= field.name() == "operation";
        self.sep();
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, "{}={value}", field.name());
        }
    }
}

/// A span's fields (the call's `operation`), kept for the events inside it.
struct SpanText(String);

struct SinkLayer;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SinkLayer {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.target().starts_with("authlete") {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _: Context<'_, S>) -> bool {
        wants(meta)
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        use tracing::level_filters::LevelFilter;
        Some(match MAX_LEVEL.load(Ordering::Relaxed) {
            0 => LevelFilter::OFF,
            1 => LevelFilter::ERROR,
            2 => LevelFilter::WARN,
            3 => LevelFilter::INFO,
            4 => LevelFilter::DEBUG,
            _ => LevelFilter::TRACE,
        })
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut text = Text::default();
        attrs.record(&mut text);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanText(text.0));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let meta = event.metadata();
        if !wants(meta) {
            return;
        }
        let sink = SINK.read().unwrap_or_else(|p| p.into_inner()).clone();
        let Some(sink) = sink else { return };
        let mut own = Text::default();
        event.record(&mut own);
        // The per-attempt events name their call through the span (`operation=...`); the
        // per-call ones carry it already.
        let mut text = Text::default();
        if !own.1 {
            if let Some(scope) = ctx.event_scope(event) {
                for span in scope.from_root() {
                    if let Some(fields) = span.extensions().get::<SpanText>() {
                        if !fields.0.is_empty() {
                            text.sep();
                            text.0.push_str(&fields.0);
                        }
                    }
                }
            }
        }
        text.sep();
        text.0.push_str(&own.0);
        // Called outside the lock: the sink may take its time, and may log itself.
        sink.log(level_number(meta.level()), meta.target().to_owned(), text.0);
    }
}

/// Routes the SDK's log events at `max_level` (0 off, 1 ERROR ... 5 TRACE) and less verbose to
/// `sink`; `None` or 0 stops them. Installs the library's `tracing` subscriber as the
/// process-wide default on first use; fails (`SDKValidationError`, field `logging`) if another
/// one was installed in this process first.
#[uniffi::export]
pub fn set_log_sink(max_level: u8, sink: Option<Arc<dyn LogSink>>) -> Result<(), NativeError> {
    let installed = *INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(SinkLayer);
        tracing::subscriber::set_global_default(subscriber).is_ok()
    });
    if !installed {
        return Err(NativeError::invalid(
            "logging",
            "another tracing subscriber is installed in this process",
        ));
    }
    let mut current = SINK.write().unwrap_or_else(|p| p.into_inner());
    let level = if sink.is_some() { max_level.min(5) } else { 0 };
    *current = sink;
    MAX_LEVEL.store(level, Ordering::Relaxed);
    drop(current);
    // Call sites cached their interest (and the global level hint) under the old level.
    tracing::callsite::rebuild_interest_cache();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use tracing::level_filters::LevelFilter;

    #[derive(Default)]
    struct Counting {
        calls: AtomicUsize,
        last: std::sync::Mutex<String>,
    }

    impl LogSink for Counting {
        fn log(&self, level: u8, target: String, message: String) {
            self.calls.fetch_add(1, Ordering::SeqCst);
            *self.last.lock().unwrap() = format!("{level} {target} {message}");
        }
    }

    // One test: the subscriber is process-wide, so the steps must not run in parallel.
    #[test]
    fn levels_are_filtered_where_events_are_emitted() {
        let sink = Arc::new(Counting::default());

        // Off: the global level hint is OFF, so `tracing` drops every event at its call
        // site, and the sink is never called.
        set_log_sink(0, Some(sink.clone())).unwrap();
        assert_eq!(LevelFilter::current(), LevelFilter::OFF);
        tracing::warn!(target: "authlete::clients", "dropped");
        assert_eq!(sink.calls.load(Ordering::SeqCst), 0);

        // WARN: DEBUG events stay at their call site; a WARN one arrives with its span's fields.
        set_log_sink(2, Some(sink.clone())).unwrap();
        assert_eq!(LevelFilter::current(), LevelFilter::WARN);
        tracing::debug!(target: "authlete::clients", attempt = 1, "response");
        assert_eq!(sink.calls.load(Ordering::SeqCst), 0);
        let span =
            tracing::warn_span!(target: "authlete::clients", "authlete.call", operation = "clients.get");
        span.in_scope(|| tracing::warn!(target: "authlete::clients", attempt = 2, "transport failure"));
        assert_eq!(sink.calls.load(Ordering::SeqCst), 1);
        assert_eq!(
            *sink.last.lock().unwrap(),
            "2 authlete::clients operation=clients.get transport failure attempt=2"
        );

        // Other crates' events never reach the sink; None stops logging.
        tracing::error!(target: "hyper::client", "not ours");
        assert_eq!(sink.calls.load(Ordering::SeqCst), 1);
        set_log_sink(5, None).unwrap();
        assert_eq!(LevelFilter::current(), LevelFilter::OFF);
    }
}
