//! `authlete_kind` and `authlete_error`: the error model of the core, seen from C.

use std::ffi::{c_char, c_int, CString};
use std::ptr;

use authlete::{Error, ErrorKind};

/// The outcome of a call: ::AUTHLETE_OK (0) or the kind of the error, in the order of the
/// error kinds of every binding (`ResultError` = 1 ... `RequestAbortedError` = 7).
///
/// @code
/// authlete_error *err = NULL;
/// if (authlete_call(c, "clients.get", req, &json, &err) == AUTHLETE_RESULT_ERROR)
///     printf("%s\n", authlete_error_result_code(err));
/// @endcode
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum authlete_kind {
    /// Success.
    AUTHLETE_OK = 0,
    /// `ResultError`: the API answered 400/401/403/500 with an Authlete result body
    /// (status, result code, result message, body).
    AUTHLETE_RESULT_ERROR = 1,
    /// `AuthleteDefaultError`: any other error status, a non-JSON error body or an unexpected
    /// status (status, content type, body).
    AUTHLETE_DEFAULT_ERROR = 2,
    /// `ResponseValidationError`: a success response whose body does not fit the model
    /// (status, body, reason in the message).
    AUTHLETE_RESPONSE_VALIDATION_ERROR = 3,
    /// `SDKValidationError`: bad input refused before any I/O: a NULL pointer, invalid UTF-8,
    /// invalid JSON (the message gives the line and column), an unknown operation or field
    /// (authlete_error_field() names it).
    AUTHLETE_SDK_VALIDATION_ERROR = 4,
    /// `ConnectionError`: the connection could not be made or broke.
    AUTHLETE_CONNECTION_ERROR = 5,
    /// `RequestTimeoutError`: the call's deadline passed (across all attempts).
    AUTHLETE_REQUEST_TIMEOUT_ERROR = 6,
    /// `RequestAbortedError`: the call was cancelled (authlete_cancel_request()).
    AUTHLETE_REQUEST_ABORTED_ERROR = 7,
}

impl From<ErrorKind> for authlete_kind {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Result => authlete_kind::AUTHLETE_RESULT_ERROR,
            ErrorKind::AuthleteDefault => authlete_kind::AUTHLETE_DEFAULT_ERROR,
            ErrorKind::ResponseValidation => authlete_kind::AUTHLETE_RESPONSE_VALIDATION_ERROR,
            ErrorKind::SdkValidation => authlete_kind::AUTHLETE_SDK_VALIDATION_ERROR,
            ErrorKind::Connection => authlete_kind::AUTHLETE_CONNECTION_ERROR,
            ErrorKind::RequestTimeout => authlete_kind::AUTHLETE_REQUEST_TIMEOUT_ERROR,
            ErrorKind::RequestAborted => authlete_kind::AUTHLETE_REQUEST_ABORTED_ERROR,
        }
    }
}

/// An error returned through an `authlete_error **err` out-parameter. Opaque; read it with
/// the `authlete_error_*` accessors and release it with authlete_error_free(). The strings
/// the accessors return belong to the error and stay valid until it is freed.
///
/// @code
/// authlete_error *err = NULL;
/// authlete_clients_get(c, "715948317", "1140735077", NULL, &json, &err);
/// authlete_error_free(err);
/// @endcode
pub struct authlete_error {
    kind: authlete_kind,
    status: c_int,
    message: CString,
    kind_name: CString,
    result_code: Option<CString>,
    result_message: Option<CString>,
    body: Option<CString>,
    content_type: Option<CString>,
    field: Option<CString>,
}

/// A C string from Rust text; a NUL inside (impossible in JSON, possible in a body) becomes U+FFFD.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

impl authlete_error {
    pub(crate) fn new(e: &Error) -> Self {
        let response = e.response();
        authlete_error {
            kind: e.kind().into(),
            status: e.status().map_or(0, c_int::from),
            message: c_string(&e.to_string()),
            kind_name: c_string(e.kind().name()),
            result_code: e.result_code().map(c_string),
            result_message: e.result_message().map(c_string),
            body: response.map(|r| c_string(&r.body)),
            content_type: response.filter(|r| !r.content_type.is_empty()).map(|r| c_string(&r.content_type)),
            field: e.field().map(c_string),
        }
    }
}

fn opt(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// Releases an error. NULL is accepted and ignored.
///
/// @param e an error from an `err` out-parameter, or NULL; not usable afterwards.
///
/// @code
/// authlete_error *err = NULL;
/// if (authlete_call(c, op, req, NULL, &err) != AUTHLETE_OK) report(err);
/// authlete_error_free(err);  // NULL is fine
/// @endcode
///
/// # Safety
/// `e` is NULL or an error returned by this library that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_free(e: *mut authlete_error) {
    if !e.is_null() {
        // SAFETY: `e` came from Box::into_raw in this library and is freed once (caller's contract).
        drop(unsafe { Box::from_raw(e) });
    }
}

/// The kind of an error; ::AUTHLETE_OK for NULL.
///
/// @code
/// if (authlete_error_kind(err) == AUTHLETE_REQUEST_TIMEOUT_ERROR) retry_later();
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_kind(e: *const authlete_error) -> authlete_kind {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(authlete_kind::AUTHLETE_OK, |e| e.kind)
}

/// The HTTP status of the response behind the error, 0 if there was none (transport and
/// validation errors) or `e` is NULL.
///
/// @code
/// if (authlete_error_status(err) == 404) puts("no such client");
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_status(e: *const authlete_error) -> c_int {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(0, |e| e.status)
}

/// The human-readable message (never contains the access token or a client secret).
/// Owned by `e`; NULL only when `e` is NULL.
///
/// @code
/// fprintf(stderr, "%s\n", authlete_error_message(err));
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_message(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| e.message.as_ptr())
}

/// The name of the error kind as in every binding, e.g. "ResultError" or "SDKValidationError".
/// Owned by `e`; NULL only when `e` is NULL.
///
/// @code
/// fprintf(stderr, "%s: %s\n", authlete_error_kind_name(err), authlete_error_message(err));
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_kind_name(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| e.kind_name.as_ptr())
}

/// Authlete's `resultCode` (e.g. "A001202") of a ::AUTHLETE_RESULT_ERROR; NULL otherwise.
/// Owned by `e`.
///
/// @code
/// const char *code = authlete_error_result_code(err);
/// if (code && strcmp(code, "A001215") == 0) puts("client locked");
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_result_code(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.result_code))
}

/// Authlete's `resultMessage` of a ::AUTHLETE_RESULT_ERROR; NULL otherwise. Owned by `e`.
///
/// @code
/// const char *msg = authlete_error_result_message(err);
/// puts(msg ? msg : "(none)");
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_result_message(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.result_message))
}

/// The raw response body for errors with a response (result, default and response
/// validation errors); NULL otherwise. Owned by `e`.
///
/// @code
/// const char *body = authlete_error_body(err);
/// if (body) fprintf(stderr, "response: %s\n", body);
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_body(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.body))
}

/// The response's Content-Type, NULL when there was no response or no such header.
/// Owned by `e`.
///
/// @code
/// const char *ct = authlete_error_content_type(err);
/// int is_json = ct && strstr(ct, "json") != NULL;
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_content_type(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.content_type))
}

/// For a ::AUTHLETE_SDK_VALIDATION_ERROR, the input at fault: a JSON path such as
/// "client.clientName", an argument name such as "service_id" or "request_json", or
/// "operation"; NULL for other kinds. Owned by `e`.
///
/// @code
/// if (kind == AUTHLETE_SDK_VALIDATION_ERROR)
///     fprintf(stderr, "bad input: %s\n", authlete_error_field(err));
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_field(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.field))
}

/// The name of a kind ("OK", "ResultError", ... "RequestAbortedError"); a static string,
/// never freed. Unknown values give "Unknown".
///
/// @code
/// authlete_kind k = authlete_call(c, op, req, &json, NULL);
/// printf("%s\n", authlete_kind_name(k));
/// @endcode
#[no_mangle]
pub extern "C" fn authlete_kind_name(kind: c_int) -> *const c_char {
    let name: &'static [u8] = match kind {
        0 => b"OK\0",
        1..=7 => match ErrorKind::ALL[(kind - 1) as usize] {
            ErrorKind::Result => b"ResultError\0",
            ErrorKind::AuthleteDefault => b"AuthleteDefaultError\0",
            ErrorKind::ResponseValidation => b"ResponseValidationError\0",
            ErrorKind::SdkValidation => b"SDKValidationError\0",
            ErrorKind::Connection => b"ConnectionError\0",
            ErrorKind::RequestTimeout => b"RequestTimeoutError\0",
            ErrorKind::RequestAborted => b"RequestAbortedError\0",
        },
        _ => b"Unknown\0",
    };
    name.as_ptr().cast()
}
