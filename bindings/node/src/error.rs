//! Errors as plain JSON records for the JS side, which turns them into the official TypeScript SDK's classes.

use authlete::Error;
use serde_json::{json, Map, Value};

/// Prefix of a native exception message that carries an error record as JSON.
pub const MARKER: &str = "AUTHLETE_ERROR:";

/// The record of an SDK error, read through the accessors every binding uses: kind (the class
/// name), message (without the kind's name) and whatever the kind carries.
pub fn record(e: &Error) -> String {
    let mut out = Map::new();
    out.insert("kind".into(), json!(e.kind().name()));
    out.insert("message".into(), json!(e.message()));
    if let Some(status) = e.status() {
        out.insert("statusCode".into(), json!(status));
    }
    if let Some(ct) = e.content_type() {
        out.insert("contentType".into(), json!(ct));
    }
    if let Some(body) = e.body() {
        out.insert("body".into(), json!(body));
    }
    if let Some(headers) = e.headers() {
        let pairs: Vec<Value> = headers.iter().map(|(k, v)| json!([k, v])).collect();
        out.insert("headers".into(), Value::Array(pairs));
    }
    let texts = [
        ("resultCode", e.result_code()),
        ("resultMessage", e.result_message()),
        ("field", e.field()),
        ("reason", e.reason()),
    ];
    for (name, value) in texts {
        if let Some(v) = value {
            out.insert(name.into(), json!(v));
        }
    }
    if let Some(n) = e.attempts() {
        out.insert("attempts".into(), json!(n));
    }
    Value::Object(out).to_string()
}

/// The record of a failure inside the binding itself (a panic caught at the boundary).
pub fn unexpected(message: &str) -> String {
    record(&Error::unexpected(message))
}

/// A native exception carrying `record` (thrown synchronously, e.g. by the constructor).
pub fn to_napi(record: String) -> napi::Error {
    napi::Error::from_reason(format!("{MARKER}{record}"))
}
