//! The one error type of every uniffi function: the core's error record, every kind with its details.

use super::kind::ErrorKind;

/// Every failure of a call. The Kotlin facade turns it into `AuthleteException`, whose
/// `message` is `detail` (`detail` is not called `message` here because uniffi's Kotlin
/// exceptions already have one).
#[derive(Clone, Debug, PartialEq, thiserror::Error, uniffi::Error)]
pub enum NativeError {
    /// The one variant: the fields of the SDK's error model (crate::error).
    #[error("{detail}")]
    Failure {
        /// The error kind.
        kind: ErrorKind,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
        /// Authlete's `resultCode` (ResultError).
        result_code: Option<String>,
        /// Authlete's `resultMessage` (ResultError).
        result_message: Option<String>,
        /// The raw response body, when the server answered.
        body: Option<String>,
        /// The response's Content-Type, when the server answered.
        content_type: Option<String>,
        /// The response headers (lower-case names, in the order received), when the server answered.
        headers: Vec<Header>,
        /// The request field at fault (SDKValidationError).
        field: Option<String>,
        /// Why the call failed, without the kind's name (validation reasons, what the
        /// transport reported, the SDK's own failure).
        reason: Option<String>,
        /// How many attempts were made (transport kinds).
        attempts: Option<u32>,
        /// A message that never contains a secret.
        detail: String,
    },
}

impl NativeError {
    /// An `SDKValidationError` for `field`.
    pub fn invalid(field: &str, reason: impl std::fmt::Display) -> Self {
        crate::Error::validation(field, reason.to_string()).into()
    }
}

impl From<crate::Error> for NativeError {
    fn from(e: crate::Error) -> Self {
        NativeError::Failure {
            kind: e.kind().into(),
            status: e.status(),
            result_code: e.result_code().map(str::to_owned),
            result_message: e.result_message().map(str::to_owned),
            body: e.response().map(|r| r.body.clone()),
            content_type: e.content_type().map(str::to_owned),
            headers: e
                .headers()
                .map(|h| {
                    h.iter()
                        .map(|(name, value)| Header { name: name.clone(), value: value.clone() })
                        .collect()
                })
                .unwrap_or_default(),
            field: e.field().map(str::to_owned),
            reason: e.reason().map(str::to_owned),
            attempts: e.attempts(),
            detail: e.to_string(),
        }
    }
}

/// One response header.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Header {
    /// The name, in lower case.
    pub name: String,
    /// The value.
    pub value: String,
}
