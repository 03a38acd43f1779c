//! Captures the core's per-call `tracing` event ("call succeeded" / "call failed") of one
//! call, so the JS side can hand one line per call to its `debugLogger`. A subscriber is set
//! only on the call's own future (`WithSubscriber`), so concurrent calls never mix their lines.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use napi_derive::napi;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// The per-call log record: the fields of the core's "call succeeded" / "call failed" event.
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct CallLog {
    /// The operation, e.g. `clients.get`.
    pub operation: Option<String>,
    /// How many attempts were made.
    pub attempts: Option<u32>,
    /// How long the call took, in milliseconds.
    pub duration_ms: Option<f64>,
    /// The HTTP status of the last response (0 if none).
    pub status: Option<u32>,
    /// The error kind, for a failed call.
    pub error: Option<String>,
}

/// Captures the per-call event of one call.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Option<CallLog>>>);

impl Capture {
    /// The captured record, if the call emitted one.
    pub fn take(&self) -> Option<CallLog> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// The event's fields, and whether it is the per-call one.
#[derive(Default)]
struct Fields {
    log: CallLog,
    call_event: bool,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        let small = u32::try_from(value).unwrap_or(u32::MAX);
        match field.name() {
            "attempts" => self.log.attempts = Some(small),
            "status" => self.log.status = Some(small),
            "duration_ms" => self.log.duration_ms = Some(value as f64),
            _ => {}
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_u64(field, u64::try_from(value).unwrap_or(0));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => self.log.operation = Some(value.to_owned()),
            "error" => self.log.error = Some(value.to_owned()),
            "message" => self.call_event = matches!(value, "call succeeded" | "call failed"),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if field.name() == "message" {
            let text = format!("{value:?}");
            self.call_event = matches!(text.as_str(), "call succeeded" | "call failed");
        }
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("authlete") && *metadata.level() <= Level::INFO
    }
    fn new_span(&self, _span: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _span: &Id, _values: &Record<'_>) {}
    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if !event.metadata().is_event() {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.call_event {
            *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(fields.log);
        }
    }
    fn enter(&self, _span: &Id) {}
    fn exit(&self, _span: &Id) {}
}
