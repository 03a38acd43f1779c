//! Turning an HTTP response into a result or the documented error kind.

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, HttpResponse, ResponseValidationError, ResultError, ERROR_BODY_LIMIT};
use crate::models::check::{check_body, Check};
use crate::output::OutputEncoding;
use crate::redact::Secrets;

/// Statuses at which Authlete answers with a `{resultCode, resultMessage}` body.
const RESULT_STATUSES: [u16; 4] = [400, 401, 403, 500];

fn content_type(headers: &HeaderMap) -> String {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The response an error keeps: the body's first [`ERROR_BODY_LIMIT`] bytes, and a detail for
/// messages with any `Bearer` credential redacted (the call adds its own secrets later).
fn http_response(status: u16, headers: &HeaderMap, body: &Bytes) -> HttpResponse {
    let mut response = HttpResponse {
        status,
        content_type: content_type(headers),
        body: String::from_utf8_lossy(&body[..body.len().min(ERROR_BODY_LIMIT)]).into_owned(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        detail: String::new(),
    };
    response.set_detail(&Secrets::default());
    response
}

/// The error for a body larger than the cap: a `ResponseValidationError` naming the limit,
/// with the first bytes of the body.
pub(crate) fn oversized_error(status: u16, headers: &HeaderMap, prefix: &Bytes, limit: u64) -> Error {
    Error::ResponseValidation(Box::new(ResponseValidationError {
        response: http_response(status, headers, prefix),
        reason: format!(
            "the response body is larger than maxResponseBytes ({limit} bytes); it was not read further"
        ),
    }))
}

/// The error for a non-success status.
pub(crate) fn status_error(status: u16, headers: &HeaderMap, body: &Bytes) -> Error {
    let response = http_response(status, headers, body);
    if RESULT_STATUSES.contains(&status) && is_json(&response.content_type) {
        if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
            let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
            return Error::Result(Box::new(ResultError {
                result_code: text("resultCode"),
                result_message: text("resultMessage"),
                response,
            }));
        }
    }
    Error::AuthleteDefault(Box::new(response))
}

/// A success body as `E` hands it over: the body itself when `E` takes a checked body and it
/// fits `T` exactly (models/check.rs), else decoded into `T` and encoded. Both ways give the
/// same members and values; a body that does not fit gives `decode`'s error.
pub(crate) fn decode_as<E, T>(
    returns_body: bool,
    status: u16,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<E::Output, Error>
where
    E: OutputEncoding,
    T: Check + DeserializeOwned + Serialize + Send + 'static,
{
    if E::TAKES_CHECKED_BODY && returns_body && json_content_type(headers) {
        if let Some(out) = check_body::<T>(body).and_then(E::from_checked_body) {
            return Ok(out);
        }
    }
    E::encode(decode::<T>(returns_body, status, headers, body)?, returns_body)
}

/// Whether the body may be read as JSON: `decode` refuses any other declared type.
fn json_content_type(headers: &HeaderMap) -> bool {
    let ct = content_type(headers);
    ct.is_empty() || is_json(&ct)
}

/// Decodes a success body into the operation's output.
pub(crate) fn decode<T: DeserializeOwned>(
    returns_body: bool,
    status: u16,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, Error> {
    let invalid = |reason: String| {
        Error::ResponseValidation(Box::new(ResponseValidationError {
            response: http_response(status, headers, body),
            reason,
        }))
    };
    if !returns_body {
        // The 204 operations return `()`, whose JSON form is `null`; any body is ignored.
        return serde_json::from_slice(b"null").map_err(|e| invalid(e.to_string()));
    }
    if !json_content_type(headers) {
        return Err(invalid(format!("expected application/json, got `{}`", content_type(headers))));
    }
    if body.is_empty() {
        return Err(invalid("expected a JSON body, got an empty one".to_owned()));
    }
    crate::json::decode(body).map_err(|m| match m.path {
        Some(path) => invalid(format!("{path}: {}", m.message)),
        None => invalid(m.message),
    })
}
