//! `authlete_client`: creating, sharing and freeing a client, and the by-name calls.

use std::ffi::{c_char, CString};

use authlete::operation::Operation;
use authlete::{Authlete, CallOptions, Error, JsonOutput};
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::{authlete_error, authlete_kind};
use crate::ffi::{call_options, clear, guard, opt_text, store, text};

/// A client: configuration plus one connection pool. Opaque; create it with
/// authlete_client_new() and release it with authlete_client_free(). Safe to share across
/// threads: any number of calls may run on one client at the same time.
///
/// @code
/// authlete_client *c = NULL;
/// authlete_client_new(NULL, &c, NULL);  // share c with any thread
/// authlete_client_free(c);
/// @endcode
pub struct authlete_client {
    pub(crate) inner: Authlete,
}

/// Creates a client from the official TypeScript SDK's `SDKOptions` (and this SDK's own
/// options) as JSON.
///
/// Keys: `security` ({"authlete": token} or {"bearer": token}), `serverIdx` (0..3), `server`
/// ("us", "jp", "eu", "br"), `serverURL`, `retryConfig` ({"strategy": "none"} or {"strategy":
/// "backoff", "backoff": {"initialInterval", "maxInterval", "exponent", "maxElapsedTime"} in ms,
/// "retryConnectionErrors": bool}), `timeoutMs`, `connectTimeoutMs`, `retryCodes` (e.g.
/// ["5XX", "429"]), `userAgent`, `maxResponseBytes` (the cap on a response body's
/// decompressed size, default 16 MiB), `caCertificates` (extra trusted CAs, PEM text),
/// `clientCertificate` and `clientKey` (mutual TLS, PEM text) and `proxy` (an HTTP(S) proxy
/// URL instead of the environment's). Unknown keys are refused. Without a server or token, the
/// environment variables AUTHLETE_SERVER_URL, AUTHLETE_AUTHLETE and AUTHLETE_BEARER apply.
///
/// @param options_json the options (NUL-terminated UTF-8 JSON object), or NULL for "{}";
///        borrowed for the duration of the call.
/// @param out receives the new client (owned by the caller: authlete_client_free()); set to
///        NULL on failure. Must not be NULL.
/// @param err NULL, or receives an error object on failure (free with authlete_error_free()).
/// @return ::AUTHLETE_OK, or ::AUTHLETE_SDK_VALIDATION_ERROR for bad options (invalid JSON
///         with its line and column, an unknown key, a token containing CR/LF, a NULL `out`).
///
/// @code
/// authlete_client *c = NULL;
/// authlete_error *err = NULL;
/// if (authlete_client_new("{\"security\":{\"bearer\":\"TOKEN\"}}", &c, &err) != AUTHLETE_OK) {
///     fprintf(stderr, "%s\n", authlete_error_message(err));
///     authlete_error_free(err);
/// }
/// @endcode
///
/// # Safety
/// `options_json` is NULL or NUL-terminated; `out` and `err` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn authlete_client_new(
    options_json: *const c_char,
    out: *mut *mut authlete_client,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        guard(err, || {
            if out.is_null() {
                return Err(Error::validation("out", "must not be NULL"));
            }
            *out = std::ptr::null_mut();
            let json = opt_text(options_json, "options_json")?.unwrap_or("{}");
            let inner = Authlete::from_options_json(json.as_bytes(), "c")?;
            *out = Box::into_raw(Box::new(authlete_client { inner }));
            Ok(())
        })
    }
}

/// Releases a client and its connection pool. NULL is accepted and ignored. No call may be
/// running on the client (asynchronous calls already started keep their own reference).
///
/// @code
/// authlete_client_free(c);
/// c = NULL;
/// @endcode
///
/// # Safety
/// `c` is NULL or a client from authlete_client_new() that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn authlete_client_free(c: *mut authlete_client) {
    if !c.is_null() {
        // SAFETY: `c` came from Box::into_raw in authlete_client_new, freed once.
        drop(unsafe { Box::from_raw(c) });
    }
}

/// Releases a string returned by this library (an `out_json`). NULL is accepted and ignored.
/// Never pass such a string to free().
///
/// @code
/// char *json = NULL;
/// if (authlete_call(c, "clients.get", req, &json, NULL) == AUTHLETE_OK) puts(json);
/// authlete_string_free(json);
/// @endcode
///
/// # Safety
/// `s` is NULL or a string returned by this library that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn authlete_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from CString::into_raw in this library, freed once.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// The library version, e.g. "0.1.0" (a static string, never freed).
///
/// @code
/// printf("libauthlete %s\n", authlete_version());
/// @endcode
#[no_mangle]
pub extern "C" fn authlete_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Calls an operation by name with the official TypeScript SDK's request object as JSON; blocks the calling
/// thread until the call ends (retries and deadline included).
///
/// Operation names: "clients.get", "clients.getList", "clients.create", "clients.update",
/// "clients.delete", "clients.updateLockFlag", "clients.rotateSecret", "clients.updateSecret",
/// "clients.getAuthorizedApplications", "clients.updateTokens", "clients.deleteTokens",
/// "clients.getGrantedScopes", "clients.deleteGrantedScopes", "clients.getRequestableScopes",
/// "clients.updateRequestableScopes", "clients.deleteRequestableScopes" (the "clients."
/// prefix is optional). Request keys are the official TypeScript SDK's (camelCase), e.g.
/// {"serviceId": "715948317", "clientId": "1140735077"}.
///
/// @param c the client (borrowed; must not be NULL).
/// @param operation the operation name (borrowed).
/// @param request_json the request object as JSON (borrowed).
/// @param out_json receives the result as JSON, owned by the caller (authlete_string_free());
///        NULL for the operations without a result (delete, deleteRequestableScopes) and on
///        failure. May be NULL to discard the result.
/// @param err NULL, or receives an error object on failure (free with authlete_error_free()).
/// @return ::AUTHLETE_OK or the error kind: ::AUTHLETE_SDK_VALIDATION_ERROR for NULL or
///         non-UTF-8 arguments, invalid JSON (message with line and column), an unknown
///         operation (named in the message) or request field (authlete_error_field()); the
///         HTTP and transport kinds for failures of the call itself.
///
/// @code
/// char *json = NULL;
/// authlete_error *err = NULL;
/// if (authlete_call(c, "clients.get", "{\"serviceId\":\"715948317\",\"clientId\":\"1140735077\"}",
///                   &json, &err) == AUTHLETE_OK)
///     puts(json);
/// authlete_string_free(json);
/// authlete_error_free(err);
/// @endcode
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `c` is NULL or a live client; `out_json`
/// and `err` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn authlete_call(
    c: *const authlete_client,
    operation: *const c_char,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: forwarded contract.
    unsafe { authlete_call_with_options(c, operation, request_json, std::ptr::null(), out_json, err) }
}

/// authlete_call() with per-call options: the official TypeScript SDK's `RequestOptions` as JSON, e.g.
/// {"timeoutMs": 2000, "retries": {"strategy": "none"}, "retryCodes": ["503"],
/// "serverURL": "https://jp.authlete.com", "headers": {"X-Trace": "1"}}.
///
/// @param c the client (borrowed), as for authlete_call().
/// @param operation the operation name (borrowed), as for authlete_call().
/// @param request_json the request object as JSON (borrowed), as for authlete_call().
/// @param options_json the options (borrowed), or NULL for none. Invalid options give
///        ::AUTHLETE_SDK_VALIDATION_ERROR before any I/O.
/// @param out_json receives the result as JSON, as for authlete_call().
/// @param err NULL, or receives an error object on failure, as for authlete_call().
/// @return as authlete_call().
///
/// @code
/// authlete_call_with_options(c, "clients.getList", "{\"serviceId\":\"1\"}",
///                            "{\"timeoutMs\":5000}", &json, &err);
/// @endcode
///
/// # Safety
/// As authlete_call(); `options_json` is NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn authlete_call_with_options(
    c: *const authlete_client,
    operation: *const c_char,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        clear(out_json);
        guard(err, || {
            let client = client_ref(c)?;
            let operation = text(operation, "operation")?;
            let request = text(request_json, "request_json")?;
            let options = call_options(options_json)?;
            let result = block_on(client, operation, request.as_bytes(), options.as_ref())?;
            store(out_json, result);
            Ok(())
        })
    }
}

/// The client behind a pointer.
///
/// # Safety
/// `c` is NULL or a live client.
pub(crate) unsafe fn client_ref<'a>(c: *const authlete_client) -> Result<&'a Authlete, Error> {
    // SAFETY: caller's contract.
    unsafe { c.as_ref() }.map(|c| &c.inner).ok_or_else(|| Error::validation("client", "must not be NULL"))
}

/// Runs one by-name call on this thread ([`authlete::runtime::block_on`]).
pub(crate) fn block_on(
    client: &Authlete,
    operation: &str,
    request: &[u8],
    options: Option<&CallOptions>,
) -> Result<Option<String>, Error> {
    not_in_callback()?;
    authlete::runtime::block_on(client.clients().call_json(operation, request, options))?
}

/// Refuses a blocking call from a thread inside a tokio runtime: a completion or log callback
/// runs on one, and blocking there would stall it.
pub(crate) fn not_in_callback() -> Result<(), Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::validation(
            "client",
            "a blocking call cannot be made from a completion or log callback; use authlete_call_async",
        ));
    }
    Ok(())
}

/// The body of every typed operation function (generated.rs): `request` builds the core's
/// typed request from the C arguments (the `arg_*` helpers below), which runs on this thread
/// with [`authlete::Clients::execute_as`]; the result leaves as JSON text (a success body that
/// fits its model exactly as received), as from [`authlete_call`].
///
/// # Safety
/// As authlete_call_with_options(); `request` reads only pointers that are NULL or valid.
pub(crate) unsafe fn execute<O>(
    c: *const authlete_client,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut authlete_error,
    request: impl FnOnce() -> Result<O, Error>,
) -> authlete_kind
where
    O: Operation,
    O::Output: 'static,
{
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        clear(out_json);
        guard(err, || {
            let client = client_ref(c)?;
            let request = request()?;
            let options = call_options(options_json)?;
            not_in_callback()?;
            let call = client.clients().execute_as::<O, JsonOutput>(&request, options.as_ref());
            let result = authlete::runtime::block_on(call)??;
            store(out_json, result);
            Ok(())
        })
    }
}

/// A required text argument of a typed function (NULL or invalid UTF-8 is an error naming
/// `name`, the argument's wire name).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn arg_text(p: *const c_char, name: &str) -> Result<String, Error> {
    // SAFETY: forwarded contract.
    unsafe { text(p, name) }.map(str::to_owned)
}

/// An optional text argument of a typed function (NULL = absent).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn arg_opt_text(p: *const c_char, name: &str) -> Result<Option<String>, Error> {
    // SAFETY: forwarded contract.
    unsafe { opt_text(p, name) }.map(|t| t.map(str::to_owned))
}

/// An optional 32-bit integer argument of a typed function (NULL = absent).
///
/// # Safety
/// `p` is NULL or valid for one read.
pub(crate) unsafe fn arg_opt_int(p: *const i32) -> Option<i32> {
    // SAFETY: forwarded contract.
    unsafe { p.as_ref() }.copied()
}

/// A required model argument of a typed function: its JSON text decoded once, straight into
/// the core's model `M`.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn arg_model<M: DeserializeOwned>(p: *const c_char, name: &str) -> Result<M, Error> {
    // SAFETY: forwarded contract.
    decode_model(unsafe { text(p, name) }?, name)
}

/// An optional model argument of a typed function: NULL (or the JSON text `null`) = absent.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn arg_opt_model<M: DeserializeOwned>(
    p: *const c_char,
    name: &str,
) -> Result<Option<M>, Error> {
    // SAFETY: forwarded contract.
    match unsafe { opt_text(p, name) }? {
        None => Ok(None),
        Some(json) => decode_model(json, name),
    }
}

/// Decodes the JSON of model argument `name`. Errors are `SDKValidationError`s named as in the
/// request object of authlete_call(): text that is not JSON is `name` with "invalid JSON" and
/// the line and column; a value that does not fit is the path under `name` (e.g.
/// `client.clientName`), or `name` itself for the document as a whole.
fn decode_model<M: DeserializeOwned>(json: &str, name: &str) -> Result<M, Error> {
    authlete::json::from_slice_named(json.as_bytes(), "").map_err(|e| {
        // Only a failure reads the text again, to tell malformed JSON from a value that does not fit.
        if let Err(syntax) = serde_json::from_str::<IgnoredAny>(json) {
            return Error::validation(name, format!("invalid JSON: {syntax}"));
        }
        match e {
            Error::SdkValidation(mut v) => {
                v.field = if v.field.is_empty() { name.to_owned() } else { format!("{name}.{}", v.field) };
                Error::SdkValidation(v)
            }
            other => other,
        }
    })
}
