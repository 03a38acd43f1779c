//! The boundary: reading C arguments, catching panics, handing results and errors out.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use authlete::Error;

use crate::error::{authlete_error, authlete_kind, c_string};

/// A required C string argument as UTF-8 text.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::validation(name, "must not be NULL"));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(p) };
    bytes.to_str().map_err(|e| {
        Error::validation(name, format!("is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()))
    })
}

/// An optional C string argument (NULL = absent).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn opt_text<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { text(p, name) }.map(Some)
    }
}

/// The per-call options (the official TypeScript SDK's RequestOptions as JSON); NULL = none.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn call_options(p: *const c_char) -> Result<Option<authlete::CallOptions>, Error> {
    // SAFETY: forwarded contract.
    match unsafe { opt_text(p, "options_json") }? {
        None => Ok(None),
        Some(json) => authlete::CallOptions::from_json(json.as_bytes()).map(Some),
    }
}

/// Runs `f` at the boundary: clears `*err`, turns a failure (or a panic) into an error object
/// stored in `*err` when `err` is not NULL, and returns the kind.
///
/// # Safety
/// `err` is NULL or valid for one pointer write.
pub(crate) unsafe fn guard(
    err: *mut *mut authlete_error,
    f: impl FnOnce() -> Result<(), Error>,
) -> authlete_kind {
    if !err.is_null() {
        // SAFETY: valid for writes by the caller's contract.
        unsafe { *err = ptr::null_mut() };
    }
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = authlete::error::panic_text(panic.as_ref()).unwrap_or_else(|| "unknown".to_owned());
        Err(Error::unexpected(format!("internal error: {what}")))
    });
    match outcome {
        Ok(()) => authlete_kind::AUTHLETE_OK,
        Err(e) => {
            // SAFETY: valid for writes by the caller's contract.
            unsafe { set_error(err, &e) };
            e.kind().into()
        }
    }
}

/// Stores a new error object in `*err` (if `err` is not NULL).
///
/// # Safety
/// `err` is NULL or valid for one pointer write.
pub(crate) unsafe fn set_error(err: *mut *mut authlete_error, e: &Error) {
    if !err.is_null() {
        // SAFETY: valid for writes by the caller's contract.
        unsafe { *err = Box::into_raw(Box::new(authlete_error::new(e))) };
    }
}

/// Hands a result string to C (owned by the caller, freed with `authlete_string_free`).
pub(crate) fn out_string(s: Option<String>) -> *mut c_char {
    s.map_or(ptr::null_mut(), |s| c_string_from(s).into_raw())
}

/// [`c_string`] taking the text by value: JSON text never holds a NUL, so it becomes the C
/// string in place (the core leaves room for the terminator) instead of being copied
/// (bench/OPTIMISATIONS.md, item 35).
fn c_string_from(s: String) -> CString {
    CString::new(s).unwrap_or_else(|nul| c_string(&String::from_utf8_lossy(&nul.into_vec())))
}

/// Stores `value` in `*out` if `out` is not NULL; otherwise releases it.
///
/// # Safety
/// `out` is NULL or valid for one pointer write.
pub(crate) unsafe fn store(out: *mut *mut c_char, value: Option<String>) {
    if !out.is_null() {
        // SAFETY: valid for writes by the caller's contract.
        unsafe { *out = out_string(value) };
    }
}

/// Clears `*out` (if `out` is not NULL) before a call, so it is NULL on every failure.
///
/// # Safety
/// `out` is NULL or valid for one pointer write.
pub(crate) unsafe fn clear(out: *mut *mut c_char) {
    if !out.is_null() {
        // SAFETY: valid for writes by the caller's contract.
        unsafe { *out = ptr::null_mut() };
    }
}
