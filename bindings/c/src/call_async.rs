//! `authlete_call_async`: a call that returns at once and reports through a callback, with a
//! cancel handle.

use std::ffi::{c_char, c_void};
use std::panic::AssertUnwindSafe;

use authlete::Error;
use futures_util::FutureExt;
use tokio_util::sync::CancellationToken;

use crate::client::{authlete_client, client_ref};
use crate::error::{authlete_error, authlete_kind};
use crate::ffi::{call_options, guard, out_string, set_error, text};

/// A handle that cancels one asynchronous call. Opaque; release it with authlete_cancel_free()
/// (freeing does not cancel). Safe to use from any thread.
///
/// @code
/// authlete_cancel *cancel = NULL;
/// authlete_call_async(c, op, req, NULL, done, NULL, &cancel, NULL);
/// authlete_cancel_request(cancel);
/// authlete_cancel_free(cancel);
/// @endcode
pub struct authlete_cancel {
    token: CancellationToken,
}

/// The completion callback of authlete_call_async(), called exactly once, on a thread of the
/// library's runtime.
///
/// @param user_data the pointer given to authlete_call_async().
/// @param kind ::AUTHLETE_OK or the error kind.
/// @param out_json the result as JSON (NULL for void operations and on failure); owned by the
///        callback: release it with authlete_string_free().
/// @param err NULL on success, else the error; owned by the callback: authlete_error_free().
///
/// The callback must not call the blocking functions (authlete_call() and the typed
/// functions); it may call authlete_call_async().
///
/// @code
/// static void done(void *ud, authlete_kind kind, char *json, authlete_error *err) {
///     authlete_string_free(json);
///     authlete_error_free(err);
/// }
/// @endcode
pub type authlete_completion = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        kind: authlete_kind,
        out_json: *mut c_char,
        err: *mut authlete_error,
    ),
>;

struct UserData(*mut c_void);
// SAFETY: the caller promises (documented) that user_data may be used from another thread.
unsafe impl Send for UserData {}

/// Starts a call like authlete_call_with_options() and returns at once; the result arrives
/// through `callback`.
///
/// @param c the client (borrowed; the call keeps its own reference, so the client may be freed
///        while the call runs).
/// @param operation, request_json, options_json as authlete_call_with_options() (borrowed;
///        copied before return; `options_json` may be NULL).
/// @param callback called exactly once if this function returns ::AUTHLETE_OK; never called
///        otherwise. Must not be NULL.
/// @param user_data passed to the callback; it is used on another thread.
/// @param cancel_out NULL, or receives a cancel handle (owned by the caller:
///        authlete_cancel_free()). authlete_cancel_request() makes the call end with
///        ::AUTHLETE_REQUEST_ABORTED_ERROR and closes its connection.
/// @param err NULL, or receives an error when the call cannot start.
/// @return ::AUTHLETE_OK if the call started, else ::AUTHLETE_SDK_VALIDATION_ERROR (NULL
///         arguments, non-UTF-8 text, invalid options); request errors (invalid JSON, unknown
///         operation) are reported through the callback.
///
/// @code
/// static void done(void *ud, authlete_kind kind, char *json, authlete_error *err) {
///     if (kind == AUTHLETE_OK) puts(json ? json : "(no content)");
///     authlete_string_free(json);
///     authlete_error_free(err);
/// }
/// authlete_cancel *cancel = NULL;
/// authlete_call_async(c, "clients.get", req, NULL, done, NULL, &cancel, &err);
/// authlete_cancel_request(cancel);  // optional
/// authlete_cancel_free(cancel);
/// @endcode
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `c` is NULL or a live client; `cancel_out`
/// and `err` are NULL or valid for writes; `callback` is a valid function.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn authlete_call_async(
    c: *const authlete_client,
    operation: *const c_char,
    request_json: *const c_char,
    options_json: *const c_char,
    callback: authlete_completion,
    user_data: *mut c_void,
    cancel_out: *mut *mut authlete_cancel,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        if !cancel_out.is_null() {
            *cancel_out = std::ptr::null_mut();
        }
        guard(err, || {
            let client = client_ref(c)?.clone();
            let operation = text(operation, "operation")?.to_owned();
            let request = text(request_json, "request_json")?.as_bytes().to_vec();
            let mut options = call_options(options_json)?.unwrap_or_default();
            let callback = callback.ok_or_else(|| Error::validation("callback", "must not be NULL"))?;
            let token = CancellationToken::new();
            options.cancel = Some(token.clone());
            let runtime = authlete::runtime::shared()?;
            let user_data = UserData(user_data);
            runtime.spawn(async move {
                let user_data = user_data;
                // A panic in the call (a bug) still reaches the callback, as an error: the
                // caller waits for it.
                let call = client.clients().call_json(&operation, &request, Some(&options));
                let result = match AssertUnwindSafe(call).catch_unwind().await {
                    Ok(result) => result,
                    Err(_) => Err(Error::unexpected("the call failed inside the SDK (a bug)")),
                };
                let (kind, json, error) = match result {
                    Ok(json) => (authlete_kind::AUTHLETE_OK, out_string(json), std::ptr::null_mut()),
                    Err(e) => {
                        let mut error = std::ptr::null_mut();
                        set_error(&mut error, &e);
                        (e.kind().into(), std::ptr::null_mut(), error)
                    }
                };
                // SAFETY: the callback is a valid function (caller's contract); ownership of
                // `json` and `error` passes to it.
                callback(user_data.0, kind, json, error);
            });
            if !cancel_out.is_null() {
                *cancel_out = Box::into_raw(Box::new(authlete_cancel { token }));
            }
            Ok(())
        })
    }
}

/// Cancels the call behind `h` (no effect if it already ended, or if `h` is NULL).
///
/// @code
/// authlete_cancel_request(cancel);  // the callback then gets AUTHLETE_REQUEST_ABORTED_ERROR
/// @endcode
///
/// # Safety
/// `h` is NULL or a live handle from authlete_call_async().
#[no_mangle]
pub unsafe extern "C" fn authlete_cancel_request(h: *const authlete_cancel) {
    // SAFETY: caller's contract.
    if let Some(h) = unsafe { h.as_ref() } {
        h.token.cancel();
    }
}

/// Releases a cancel handle (does not cancel the call). NULL is accepted and ignored.
///
/// @code
/// authlete_cancel_free(cancel);
/// @endcode
///
/// # Safety
/// `h` is NULL or a handle from authlete_call_async() that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn authlete_cancel_free(h: *mut authlete_cancel) {
    if !h.is_null() {
        // SAFETY: `h` came from Box::into_raw, freed once.
        drop(unsafe { Box::from_raw(h) });
    }
}
