//! What a call hands back to JS: its outcome, made on the runtime thread and settled on the
//! JS thread (settle.rs).

use napi_derive::napi;

use crate::convert::JsonText;
use crate::error::ErrorRecord;
use crate::logging::CallLog;

/// The outcome of a call: exactly one of `json` (the result; absent for the void operations),
/// or `error` (the error record). `log` holds the per-call log record when asked for.
#[napi(object, object_from_js = false)]
pub struct NativeOutcome {
    /// True when the call succeeded.
    pub ok: bool,
    /// The result as JSON text (absent for `delete` and `deleteRequestableScopes`).
    #[napi(ts_type = "string")]
    pub json: Option<JsonText>,
    /// True when `json` holds an integer beyond ±(2^53 − 1), to be read as a `bigint`.
    pub unsafe_integers: bool,
    /// The error record: kind, message, statusCode, body, headers, ...
    pub error: Option<ErrorRecord>,
    /// The per-call log record (operation, attempts, durationMs, status, error).
    pub log: Option<CallLog>,
}

/// The outcome of a call that failed with `record`.
pub(crate) fn failed(record: ErrorRecord, log: Option<CallLog>) -> NativeOutcome {
    NativeOutcome { ok: false, json: None, unsafe_integers: false, error: Some(record), log }
}
