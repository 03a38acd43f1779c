//! Errors as plain JSON records for the JS side, which turns them into the official TypeScript SDK's classes.

use authlete::Error;
use napi_derive::napi;

/// Prefix of a native exception message that carries an error record as JSON.
pub const MARKER: &str = "AUTHLETE_ERROR:";

/// An SDK error as JS reads it: the core's error record, read through the accessors every
/// binding uses (a plain object on the JS side; `errors.fromRecord` makes the class of its kind).
#[napi(object, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    /// The kind's class name, e.g. `ResultError`.
    pub kind: String,
    /// What happened, without the kind's name; never holds a secret.
    pub message: String,
    /// The HTTP status, when the server answered.
    pub status_code: Option<u32>,
    /// The response's Content-Type, when the server answered.
    pub content_type: Option<String>,
    /// The raw response body, when the server answered (it may hold what the server echoed).
    pub body: Option<String>,
    /// The response headers as `[name, value]` pairs, when the server answered.
    pub headers: Option<Vec<Vec<String>>>,
    /// Authlete's result code (ResultError).
    pub result_code: Option<String>,
    /// Authlete's result message (ResultError).
    pub result_message: Option<String>,
    /// The request field at fault (SDKValidationError).
    pub field: Option<String>,
    /// Why the call failed, without the kind's name.
    pub reason: Option<String>,
    /// How many attempts were made (transport kinds).
    pub attempts: Option<u32>,
}

/// The record of `e`.
pub fn record(e: &Error) -> ErrorRecord {
    let owned = |s: Option<&str>| s.map(str::to_owned);
    ErrorRecord {
        kind: e.kind().name().to_owned(),
        message: e.message(),
        status_code: e.status().map(u32::from),
        content_type: owned(e.content_type()),
        body: owned(e.body()),
        headers: e.headers().map(|h| h.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect()),
        result_code: owned(e.result_code()),
        result_message: owned(e.result_message()),
        field: owned(e.field()),
        reason: owned(e.reason()),
        attempts: e.attempts(),
    }
}

/// The record of a failure inside the binding itself (a panic caught at the boundary).
pub fn unexpected(message: &str) -> ErrorRecord {
    record(&Error::unexpected(message))
}

/// A native exception carrying `e`'s record as JSON (thrown synchronously, e.g. by the
/// constructor, where no outcome object carries it).
pub fn to_napi(e: &Error) -> napi::Error {
    let json = serde_json::to_string(&record(e)).unwrap_or_default();
    napi::Error::from_reason(format!("{MARKER}{json}"))
}
