//! Captures the core's per-call `tracing` event ("call succeeded" / "call failed") of one
//! call, so the JS side can hand one line per call to its `debugLogger`. A subscriber is set
//! only on the call's own future (`WithSubscriber`), so concurrent calls never mix their lines.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// The fields of the per-call event, as JSON (operation, attempts, duration_ms, status, error).
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Option<Map<String, Value>>>>);

impl Capture {
    /// The captured record as JSON text, if the call emitted one.
    pub fn take(&self) -> Option<String> {
        let slot = self.0.lock().unwrap_or_else(|p| p.into_inner()).take();
        slot.map(|m| Value::Object(m).to_string())
    }
}

struct Fields(Map<String, Value>);

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), Value::from(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), Value::from(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), Value::from(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().into(), Value::from(format!("{value:?}")));
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
        let mut fields = Fields(Map::new());
        event.record(&mut fields);
        let call_event =
            matches!(fields.0.get("message").and_then(Value::as_str), Some("call succeeded" | "call failed"));
        if call_event {
            fields.0.remove("message");
            *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(fields.0);
        }
    }
    fn enter(&self, _span: &Id) {}
    fn exit(&self, _span: &Id) {}
}
