//! Authlete-shaped error responses: `{"resultCode":"A...","resultMessage":"[A...] ..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Result codes used by the emulator. Codes marked "real" are the ones Authlete documents;
/// the others are the emulator's own (documented in tests/emulator/README.md).
pub mod codes {
    /// real: the Authorization header is missing (401).
    pub const AUTH_MISSING: &str = "A001202";
    /// real: the access token is not valid (401).
    pub const AUTH_INVALID: &str = "A001203";
    /// real: server error (500).
    pub const SERVER_ERROR: &str = "A001101";
    /// emulator: the request body is not valid JSON.
    pub const BAD_JSON: &str = "A000101";
    /// emulator: a known field has the wrong JSON type.
    pub const BAD_TYPE: &str = "A000102";
    /// emulator: a value is not one of the allowed enum values.
    pub const BAD_ENUM: &str = "A000103";
    /// emulator: a required field or parameter is missing.
    pub const MISSING: &str = "A000104";
    /// emulator: a query or path parameter is invalid.
    pub const BAD_PARAM: &str = "A000105";
    /// emulator: the subject in the path and in the query differ.
    pub const SUBJECT_MISMATCH: &str = "A000106";
    /// emulator: no client has the given client ID or alias.
    pub const NO_SUCH_CLIENT: &str = "A000201";
    /// emulator: the client ID alias is already used by another client of the service.
    pub const DUPLICATE_ALIAS: &str = "A000202";
    /// emulator: the new client secret is invalid (updateSecret).
    pub const BAD_SECRET: &str = "A149201";
    /// emulator: no API matches the path (404).
    pub const NOT_FOUND: &str = "A000404";
    /// emulator: injected fault without an explicit body.
    pub const INJECTED: &str = "A000999";
}

/// An error answered by the emulator's API.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Authlete result code.
    pub code: &'static str,
    /// Message without the `[code]` prefix.
    pub message: String,
}

impl ApiError {
    /// A 400 error.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code, message: message.into() }
    }

    /// The unknown-client error.
    pub fn no_such_client(ident: &str) -> Self {
        Self::bad_request(codes::NO_SUCH_CLIENT, format!("No client has the client ID or alias '{ident}'."))
    }

    /// A wrong-type error for a field.
    pub fn bad_type(field: &str, expected: &str) -> Self {
        Self::bad_request(
            codes::BAD_TYPE,
            format!("The value of '{field}' has a wrong type: {expected} expected."),
        )
    }

    /// A missing-field error.
    pub fn missing(field: &str) -> Self {
        Self::bad_request(codes::MISSING, format!("'{field}' is required but missing."))
    }
}

/// The JSON body Authlete uses for results.
pub fn result_body(code: &str, message: &str) -> serde_json::Value {
    json!({ "resultCode": code, "resultMessage": format!("[{code}] {message}") })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(result_body(self.code, &self.message))).into_response()
    }
}
