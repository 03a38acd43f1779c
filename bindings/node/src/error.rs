//! Errors as plain JSON records for the JS side, which turns them into the official TypeScript SDK's classes.

use authlete::Error;
use serde_json::{json, Map, Value};

/// Prefix of a native exception message that carries an error record as JSON.
pub const MARKER: &str = "AUTHLETE_ERROR:";

/// The record of an SDK error: kind (the class name), message and whatever the kind carries.
pub fn record(e: &Error) -> String {
    let mut out = Map::new();
    out.insert("kind".into(), json!(e.kind().name()));
    out.insert("message".into(), json!(e.to_string()));
    if let Some(r) = e.response() {
        out.insert("statusCode".into(), json!(r.status));
        out.insert("contentType".into(), json!(r.content_type));
        out.insert("body".into(), json!(r.body));
        let headers: Vec<Value> = r.headers.iter().map(|(k, v)| json!([k, v])).collect();
        out.insert("headers".into(), Value::Array(headers));
    }
    if let Some(code) = e.result_code() {
        out.insert("resultCode".into(), json!(code));
    }
    if let Some(m) = e.result_message() {
        out.insert("resultMessage".into(), json!(m));
    }
    if let Some(f) = e.field() {
        out.insert("field".into(), json!(f));
    }
    match e {
        Error::SdkValidation(v) => {
            out.insert("reason".into(), json!(v.reason));
        }
        Error::ResponseValidation(v) => {
            out.insert("reason".into(), json!(v.reason));
        }
        Error::Connection(t) | Error::RequestTimeout(t) | Error::RequestAborted(t) => {
            out.insert("attempts".into(), json!(t.attempts));
            out.insert("cause".into(), json!(t.message));
        }
        _ => {}
    }
    Value::Object(out).to_string()
}

/// The record of a failure inside the binding itself (a panic caught at the boundary).
pub fn unexpected(message: &str) -> String {
    json!({ "kind": "UnexpectedClientError", "message": message }).to_string()
}

/// A native exception carrying `record` (thrown synchronously, e.g. by the constructor).
pub fn to_napi(record: String) -> napi::Error {
    napi::Error::from_reason(format!("{MARKER}{record}"))
}
