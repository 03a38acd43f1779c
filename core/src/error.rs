//! The error model shared by every language binding.
//!
//! | kind | when |
//! |---|---|
//! | [`ErrorKind::Result`] | 400/401/403/500 with an Authlete JSON result body |
//! | [`ErrorKind::AuthleteDefault`] | any other error status, a non-JSON error body, an unexpected status |
//! | [`ErrorKind::ResponseValidation`] | a success body that does not fit the model |
//! | [`ErrorKind::SdkValidation`] | bad input caught before any I/O |
//! | [`ErrorKind::Connection`] / [`ErrorKind::RequestTimeout`] / [`ErrorKind::RequestAborted`] | transport |
//! | [`ErrorKind::UnexpectedClient`] | a failure inside the SDK or its environment |
//!
//! The kinds come from one list (`spec/errors.yaml`), from which every binding's error
//! classes are generated too. Every binding reads an error through the same accessors:
//! [`Error::kind`], [`Error::message`], [`Error::status`], [`Error::content_type`],
//! [`Error::headers`], [`Error::body`], [`Error::result_code`], [`Error::result_message`],
//! [`Error::field`], [`Error::reason`] and [`Error::attempts`].
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

pub use crate::error_kind::ErrorKind;

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

/// Every failure of an SDK call. Its `Display` is `<class name>: <message>`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// See [`ResultError`].
    Result(Box<ResultError>),
    /// `AuthleteDefaultError`: any other error status, a non-JSON error body, an unexpected status.
    AuthleteDefault(Box<HttpResponse>),
    /// See [`ResponseValidationError`].
    ResponseValidation(Box<ResponseValidationError>),
    /// See [`SdkValidationError`].
    SdkValidation(SdkValidationError),
    /// `ConnectionError`: the connection could not be made or broke.
    Connection(TransportError),
    /// `RequestTimeoutError`: the call's deadline passed (across all attempts).
    RequestTimeout(TransportError),
    /// `RequestAbortedError`: the call was cancelled.
    RequestAborted(TransportError),
    /// `UnexpectedClientError`: a failure inside the SDK or its environment (the async runtime
    /// or the HTTP client could not be created, a bug caught at a language boundary).
    UnexpectedClient(String),
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind().name(), self.message())
    }
}

impl Error {
    /// What happened, without the kind's name (the `Display` text after `<class name>: `).
    /// Never holds a secret the call sent or received.
    pub fn message(&self) -> String {
        match self {
            Error::Result(e) => format!(
                "HTTP {} [{}] {}",
                e.response.status,
                e.result_code.as_deref().unwrap_or("-"),
                e.result_message.as_deref().unwrap_or("")
            ),
            Error::AuthleteDefault(r) => format!(
                "API error occurred: Status {} Content-Type {}. {}",
                r.status,
                if r.content_type.is_empty() { "(none)" } else { r.content_type.as_str() },
                r.detail
            ),
            Error::ResponseValidation(e) => {
                format!("HTTP {} response body is not valid: {}", e.response.status, e.reason)
            }
            Error::SdkValidation(e) => format!("{}: {}", e.field, e.reason),
            Error::Connection(t) | Error::RequestTimeout(t) | Error::RequestAborted(t) => {
                format!("{}: {}", t.operation, t.message)
            }
            Error::UnexpectedClient(m) => m.clone(),
        }
    }

    /// An `UnexpectedClientError`: a failure inside the SDK or its environment.
    pub fn unexpected(message: impl Into<String>) -> Self {
        Error::UnexpectedClient(message.into())
    }

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
            Error::UnexpectedClient(m) => scrub(m),
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
            Error::UnexpectedClient(_) => ErrorKind::UnexpectedClient,
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

    /// The response's `Content-Type` (empty if it had none), if the server answered.
    pub fn content_type(&self) -> Option<&str> {
        self.response().map(|r| r.content_type.as_str())
    }

    /// The response headers (lower-case names, in the order received), if the server answered.
    pub fn headers(&self) -> Option<&Headers> {
        self.response().map(|r| &r.headers)
    }

    /// The raw response body (its first [`ERROR_BODY_LIMIT`] bytes), if the server answered.
    /// Unlike every other text of the error it is not scrubbed: it may hold a secret the
    /// server echoed.
    pub fn body(&self) -> Option<&str> {
        self.response().map(|r| r.body.as_str())
    }

    /// Why the call failed, for the kinds that say: the reason of an `SDKValidationError` or
    /// a `ResponseValidationError`, what the transport reported, or the SDK's own failure.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Error::SdkValidation(e) => Some(&e.reason),
            Error::ResponseValidation(e) => Some(&e.reason),
            Error::Connection(t) | Error::RequestTimeout(t) | Error::RequestAborted(t) => Some(&t.message),
            Error::UnexpectedClient(m) => Some(m),
            _ => None,
        }
    }

    /// How many attempts were made, for the transport kinds.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Connection(t) | Error::RequestTimeout(t) | Error::RequestAborted(t) => Some(t.attempts),
            _ => None,
        }
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

/// The text of a caught panic's payload (what `panic!` was given), when it is text: for the
/// bindings, which turn a panic into an error at their boundary. Not part of the API.
#[doc(hidden)]
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}
