//! The error model shared by every language binding.
//!
//! | kind | when |
//! |---|---|
//! | [`ErrorKind::Result`] | 400/401/403/500 with an Authlete JSON result body |
//! | [`ErrorKind::AuthleteDefault`] | any other error status, a non-JSON error body, an unexpected status |
//! | [`ErrorKind::ResponseValidation`] | a success body that does not fit the model |
//! | [`ErrorKind::SdkValidation`] | bad input caught before any I/O |
//! | [`ErrorKind::Connection`] / [`ErrorKind::RequestTimeout`] / [`ErrorKind::RequestAborted`] | transport |
//!
//! Messages never contain the access token or a secret the call sent or received, even when
//! the server echoes one: every text an error shows is scrubbed (see `redact`). The raw body
//! is kept (its first [`ERROR_BODY_LIMIT`] bytes) behind [`HttpResponse::body`].

use std::fmt;

use crate::redact::Secrets;

/// HTTP headers of a response, in the order received (names in lower case).
pub type Headers = Vec<(String, String)>;

/// How much of a response body an error keeps.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// How many characters of a body a message shows.
const MESSAGE_BODY_CHARS: usize = 512;

/// The kind of an [`Error`], named as in every language binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ResultError`: the API answered 400/401/403/500 with an Authlete result body.
    Result,
    /// `AuthleteDefaultError`: any other error status or a non-JSON error body.
    AuthleteDefault,
    /// `ResponseValidationError`: a success response whose body does not fit the model.
    ResponseValidation,
    /// `SDKValidationError`: bad input, refused before any request was sent.
    SdkValidation,
    /// `ConnectionError`: the connection failed or broke.
    Connection,
    /// `RequestTimeoutError`: the call's deadline passed.
    RequestTimeout,
    /// `RequestAbortedError`: the caller cancelled the call.
    RequestAborted,
}

impl ErrorKind {
    /// Every kind, in a stable order (the C enum follows it, starting at 1).
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::Result,
        ErrorKind::AuthleteDefault,
        ErrorKind::ResponseValidation,
        ErrorKind::SdkValidation,
        ErrorKind::Connection,
        ErrorKind::RequestTimeout,
        ErrorKind::RequestAborted,
    ];

    /// The class name used by the bindings, e.g. `"ResultError"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Result => "ResultError",
            ErrorKind::AuthleteDefault => "AuthleteDefaultError",
            ErrorKind::ResponseValidation => "ResponseValidationError",
            ErrorKind::SdkValidation => "SDKValidationError",
            ErrorKind::Connection => "ConnectionError",
            ErrorKind::RequestTimeout => "RequestTimeoutError",
            ErrorKind::RequestAborted => "RequestAbortedError",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An HTTP response that the SDK reports as an error.
#[derive(Clone, Default, PartialEq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` of the response, empty if none.
    pub content_type: String,
    /// The body as text (invalid UTF-8 replaced), at most its first [`ERROR_BODY_LIMIT`]
    /// bytes. Raw: it may hold whatever the server sent, secrets included.
    pub body: String,
    /// The response headers.
    pub headers: Headers,
    /// What messages show of the response beyond its status and type: the `Location` of a
    /// redirect and the start of the body, secrets redacted.
    pub detail: String,
}

impl fmt::Debug for HttpResponse {
    /// The body's size only: it is raw, and may hold a secret the server echoed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("headers", &self.headers)
            .field("detail", &self.detail)
            .finish()
    }
}

impl HttpResponse {
    /// The `Location` header, if any (a redirect's target).
    pub fn location(&self) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == "location").map(|(_, v)| v.as_str())
    }

    /// Sets [`HttpResponse::detail`] from the response, scrubbed of `secrets`.
    pub(crate) fn set_detail(&mut self, secrets: &Secrets) {
        let body = secrets.scrub(&self.body);
        let body = match body.char_indices().nth(MESSAGE_BODY_CHARS) {
            Some((i, _)) => &body[..i],
            None => &body,
        };
        self.detail = match self.location() {
            Some(loc) => format!("Location: {}. Body: {body}", secrets.scrub(loc)),
            None => format!("Body: {body}"),
        };
    }
}

/// `ResultError`: Authlete answered 400, 401, 403 or 500 with a JSON result.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultError {
    /// The response.
    pub response: HttpResponse,
    /// Authlete's `resultCode`, e.g. `A001202`.
    pub result_code: Option<String>,
    /// Authlete's `resultMessage`.
    pub result_message: Option<String>,
}

/// `ResponseValidationError`: a success status with a body that does not fit the model.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseValidationError {
    /// The response.
    pub response: HttpResponse,
    /// Why the body was refused.
    pub reason: String,
}

/// `SDKValidationError`: bad input, refused before any I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkValidationError {
    /// The request field (a dotted path such as `client.clientName`) or option at fault.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

/// A transport failure: connection, timeout or cancellation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// The operation, e.g. `clients.get`.
    pub operation: String,
    /// What happened.
    pub message: String,
    /// How many attempts were made.
    pub attempts: u32,
}

/// Every failure of an SDK call.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ResultError`].
    #[error("ResultError: HTTP {status} [{code}] {message}", status = .0.response.status, code = .0.result_code.as_deref().unwrap_or("-"), message = .0.result_message.as_deref().unwrap_or(""))]
    Result(Box<ResultError>),
    /// `AuthleteDefaultError`: any other error status, a non-JSON error body, an unexpected status.
    #[error("AuthleteDefaultError: API error occurred: Status {status} Content-Type {ct}. {detail}", status = .0.status, ct = if .0.content_type.is_empty() { "(none)" } else { .0.content_type.as_str() }, detail = .0.detail)]
    AuthleteDefault(Box<HttpResponse>),
    /// See [`ResponseValidationError`].
    #[error("ResponseValidationError: HTTP {status} response body is not valid: {reason}", status = .0.response.status, reason = .0.reason)]
    ResponseValidation(Box<ResponseValidationError>),
    /// See [`SdkValidationError`].
    #[error("SDKValidationError: {field}: {reason}", field = .0.field, reason = .0.reason)]
    SdkValidation(SdkValidationError),
    /// `ConnectionError`: the connection could not be made or broke.
    #[error("ConnectionError: {op}: {msg}", op = .0.operation, msg = .0.message)]
    Connection(TransportError),
    /// `RequestTimeoutError`: the call's deadline passed (across all attempts).
    #[error("RequestTimeoutError: {op}: {msg}", op = .0.operation, msg = .0.message)]
    RequestTimeout(TransportError),
    /// `RequestAbortedError`: the call was cancelled.
    #[error("RequestAbortedError: {op}: {msg}", op = .0.operation, msg = .0.message)]
    RequestAborted(TransportError),
}

impl Error {
    /// An `SDKValidationError` for `field`.
    pub fn validation(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::SdkValidation(SdkValidationError { field: field.into(), reason: reason.into() })
    }

    /// The error for an operation name that does not exist.
    pub fn unknown_operation(name: &str) -> Self {
        Error::validation("operation", format!("unknown operation `{}`", name.escape_debug()))
    }

    /// A `RequestAbortedError` for a call cancelled by its caller.
    pub fn aborted(operation: &str) -> Self {
        Error::RequestAborted(TransportError {
            operation: operation.to_owned(),
            message: "the request was aborted by the caller".to_owned(),
            attempts: 0,
        })
    }

    /// This error with every text it shows scrubbed of `secrets` (the raw body is kept).
    pub(crate) fn redact(mut self, secrets: &Secrets) -> Self {
        let scrub = |text: &mut String| {
            let clean = secrets.scrub(text);
            if clean != *text {
                *text = clean;
            }
        };
        match &mut self {
            Error::Result(e) => {
                e.response.set_detail(secrets);
                if let Some(m) = &mut e.result_message {
                    scrub(m);
                }
            }
            Error::AuthleteDefault(r) => r.set_detail(secrets),
            Error::ResponseValidation(e) => {
                e.response.set_detail(secrets);
                scrub(&mut e.reason);
            }
            Error::SdkValidation(e) => scrub(&mut e.reason),
            Error::Connection(e) | Error::RequestTimeout(e) | Error::RequestAborted(e) => {
                scrub(&mut e.message)
            }
        }
        self
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Result(_) => ErrorKind::Result,
            Error::AuthleteDefault(_) => ErrorKind::AuthleteDefault,
            Error::ResponseValidation(_) => ErrorKind::ResponseValidation,
            Error::SdkValidation(_) => ErrorKind::SdkValidation,
            Error::Connection(_) => ErrorKind::Connection,
            Error::RequestTimeout(_) => ErrorKind::RequestTimeout,
            Error::RequestAborted(_) => ErrorKind::RequestAborted,
        }
    }

    /// The HTTP response behind the error, if the server answered.
    pub fn response(&self) -> Option<&HttpResponse> {
        match self {
            Error::Result(e) => Some(&e.response),
            Error::AuthleteDefault(r) => Some(r),
            Error::ResponseValidation(e) => Some(&e.response),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// Authlete's `resultCode`, for a `ResultError`.
    pub fn result_code(&self) -> Option<&str> {
        match self {
            Error::Result(e) => e.result_code.as_deref(),
            _ => None,
        }
    }

    /// Authlete's `resultMessage`, for a `ResultError`.
    pub fn result_message(&self) -> Option<&str> {
        match self {
            Error::Result(e) => e.result_message.as_deref(),
            _ => None,
        }
    }

    /// The request field at fault, for an `SDKValidationError`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::SdkValidation(e) => Some(&e.field),
            _ => None,
        }
    }

    /// A transport error of `kind` (`Connection`, `RequestTimeout` or `RequestAborted`).
    pub(crate) fn transport(kind: ErrorKind, operation: &str, message: String, attempts: u32) -> Self {
        let e = TransportError { operation: operation.to_owned(), message, attempts };
        match kind {
            ErrorKind::RequestTimeout => Error::RequestTimeout(e),
            ErrorKind::RequestAborted => Error::RequestAborted(e),
            _ => Error::Connection(e),
        }
    }
}
