//! Captures the core's `tracing` events of one call, the per-attempt DEBUG record
//! ("attempt") and the per-call one ("call succeeded" / "call failed"), so the JS side can
//! hand one line per attempt and one per call to its `debugLogger`. A subscriber is set only on
//! the call's own future (`WithSubscriber`), so concurrent calls never mix their lines.

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
    /// The per-attempt records, in order (the core's "attempt" events).
    pub attempt_logs: Vec<AttemptLog>,
}

/// The per-attempt log record: the fields of the core's "attempt" event.
#[napi(object, object_from_js = false)]
#[derive(Clone, Default)]
pub struct AttemptLog {
    /// The operation, e.g. `clients.get`.
    pub operation: Option<String>,
    /// The attempt's number, from 1.
    pub attempt: Option<u32>,
    /// The HTTP status, when the server answered.
    pub status: Option<u32>,
    /// The kind of transport failure (`connect`, `broken`, `tls`), when it did not.
    pub failure: Option<String>,
    /// How long the attempt took, in milliseconds.
    pub duration_ms: Option<f64>,
    /// The wait before the next attempt, in milliseconds, when a retry follows.
    pub wait_ms: Option<f64>,
}

/// Captures the per-attempt and per-call events of one call.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Captured>>);

#[derive(Default)]
struct Captured {
    call: Option<CallLog>,
    attempts: Vec<AttemptLog>,
}

impl Capture {
    /// The captured per-call record with the attempts' records, if the call emitted one.
    pub fn take(&self) -> Option<CallLog> {
        let mut captured = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let attempts = std::mem::take(&mut captured.attempts);
        captured.call.take().map(|call| CallLog { attempt_logs: attempts, ..call })
    }
}

/// Which of the core's events this is.
#[derive(Default, PartialEq)]
enum Kind {
    #[default]
    Other,
    Call,
    Attempt,
}

/// The event's fields (the per-call and per-attempt records share their names), and which
/// event it is.
#[derive(Default)]
struct Fields {
    log: CallLog,
    attempt: AttemptLog,
    kind: Kind,
}

impl Fields {
    fn message(&mut self, text: &str) {
        self.kind = match text {
            "call succeeded" | "call failed" => Kind::Call,
            "attempt" => Kind::Attempt,
            _ => Kind::Other,
        };
    }
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        let small = u32::try_from(value).unwrap_or(u32::MAX);
        match field.name() {
            "attempts" => self.log.attempts = Some(small),
            "attempt" => self.attempt.attempt = Some(small),
            "status" => {
                self.log.status = Some(small);
                self.attempt.status = Some(small);
            }
            "duration_ms" => {
                self.log.duration_ms = Some(value as f64);
                self.attempt.duration_ms = Some(value as f64);
            }
            "wait_ms" => self.attempt.wait_ms = Some(value as f64),
            _ => {}
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_u64(field, u64::try_from(value).unwrap_or(0));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => {
                self.log.operation = Some(value.to_owned());
                self.attempt.operation = Some(value.to_owned());
            }
            "error" => self.log.error = Some(value.to_owned()),
            "failure" => self.attempt.failure = Some(value.to_owned()),
            "message" => self.message(value),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if field.name() == "message" {
            self.message(&format!("{value:?}"));
        }
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // DEBUG for the per-attempt records.
        metadata.target().starts_with("authlete") && *metadata.level() <= Level::DEBUG
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
        let mut captured = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match fields.kind {
            Kind::Call => captured.call = Some(fields.log),
            Kind::Attempt => captured.attempts.push(fields.attempt),
            Kind::Other => {}
        }
    }
    fn enter(&self, _span: &Id) {}
    fn exit(&self, _span: &Id) {}
}
