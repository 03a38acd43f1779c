//! `authlete_kind` and `authlete_error`: the error model of the core, seen from C.

use std::ffi::{c_char, c_int, c_uint, CStr, CString};
use std::ptr;

use authlete::Error;

pub use crate::kind::authlete_kind;

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
    reason: Option<CString>,
    attempts: c_uint,
    headers: Vec<(String, CString)>,
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
            reason: e.reason().map(c_string),
            attempts: e.attempts().unwrap_or(0),
            headers: e
                .headers()
                .map(|h| h.iter().map(|(k, v)| (k.clone(), c_string(v))).collect())
                .unwrap_or_default(),
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

/// Why the call failed, without the kind's name: the reason of an
/// ::AUTHLETE_SDK_VALIDATION_ERROR or ::AUTHLETE_RESPONSE_VALIDATION_ERROR, what the transport
/// reported, or the SDK's own failure; NULL for other kinds. Owned by `e`.
///
/// @code
/// if (kind == AUTHLETE_CONNECTION_ERROR) fprintf(stderr, "%s\n", authlete_error_reason(err));
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_reason(e: *const authlete_error) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), |e| opt(&e.reason))
}

/// How many attempts were made, for the transport kinds (::AUTHLETE_CONNECTION_ERROR,
/// ::AUTHLETE_REQUEST_TIMEOUT_ERROR, ::AUTHLETE_REQUEST_ABORTED_ERROR); 0 otherwise.
///
/// @code
/// printf("gave up after %u attempt(s)\n", authlete_error_attempts(err));
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_attempts(e: *const authlete_error) -> c_uint {
    // SAFETY: caller's contract: NULL or a live error.
    unsafe { e.as_ref() }.map_or(0, |e| e.attempts)
}

/// The first value of a response header (`name` compared without regard to case), when the
/// server answered and sent it; NULL otherwise. Owned by `e`.
///
/// @code
/// const char *wait = authlete_error_header(err, "Retry-After");
/// @endcode
///
/// # Safety
/// `e` is NULL or a live error returned by this library; `name` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn authlete_error_header(
    e: *const authlete_error,
    name: *const c_char,
) -> *const c_char {
    // SAFETY: caller's contract: NULL or a live error.
    let Some(e) = (unsafe { e.as_ref() }) else { return ptr::null() };
    if name.is_null() {
        return ptr::null();
    }
    // SAFETY: caller's contract: a NUL-terminated string.
    let name = unsafe { CStr::from_ptr(name) }.to_bytes();
    e.headers
        .iter()
        .find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(name))
        .map_or(ptr::null(), |(_, v)| v.as_ptr())
}
