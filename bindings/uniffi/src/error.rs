//! The one error type of the binding: every core error kind with its details.

/// The kind of a failure, named as in every language binding (`ResultError`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ErrorKind {
    /// `ResultError`: 400/401/403/500 with an Authlete result body.
    ResultError,
    /// `AuthleteDefaultError`: any other error status or a non-JSON error body.
    AuthleteDefaultError,
    /// `ResponseValidationError`: a success body that does not fit the model.
    ResponseValidationError,
    /// `SDKValidationError`: bad input, refused before any request was sent.
    SdkValidationError,
    /// `ConnectionError`: the connection failed or broke.
    ConnectionError,
    /// `RequestTimeoutError`: the call's deadline passed.
    RequestTimeoutError,
    /// `RequestAbortedError`: the call was cancelled.
    RequestAbortedError,
}

impl From<authlete::ErrorKind> for ErrorKind {
    fn from(kind: authlete::ErrorKind) -> Self {
        use authlete::ErrorKind as K;
        match kind {
            K::Result => ErrorKind::ResultError,
            K::AuthleteDefault => ErrorKind::AuthleteDefaultError,
            K::ResponseValidation => ErrorKind::ResponseValidationError,
            K::SdkValidation => ErrorKind::SdkValidationError,
            K::Connection => ErrorKind::ConnectionError,
            K::RequestTimeout => ErrorKind::RequestTimeoutError,
            K::RequestAborted => ErrorKind::RequestAbortedError,
        }
    }
}

/// Every failure of a call. The Kotlin facade turns it into `AuthleteException`, whose
/// `message` is `detail` (`detail` is not called `message` here because uniffi's Kotlin
/// exceptions already have one).
#[derive(Clone, Debug, PartialEq, thiserror::Error, uniffi::Error)]
pub enum NativeError {
    /// The one variant: the fields of the SDK's error model (authlete::error).
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
        /// The request field at fault (SDKValidationError).
        field: Option<String>,
        /// A message that never contains a secret.
        detail: String,
    },
}

impl NativeError {
    /// An `SDKValidationError` for `field`.
    pub(crate) fn invalid(field: &str, reason: impl std::fmt::Display) -> Self {
        authlete::Error::validation(field, reason.to_string()).into()
    }
}

impl From<authlete::Error> for NativeError {
    fn from(e: authlete::Error) -> Self {
        NativeError::Failure {
            kind: e.kind().into(),
            status: e.status(),
            result_code: e.result_code().map(str::to_owned),
            result_message: e.result_message().map(str::to_owned),
            body: e.response().map(|r| r.body.clone()),
            field: e.field().map(str::to_owned),
            detail: e.to_string(),
        }
    }
}
