//! The blocking operations' direct entry points: one C function per operation that takes and
//! returns plain bytes in memory the caller owns, for Kotlin's `...Blocking` methods
//! (`kotlin/.../NativeCalls.kt`).
//!
//! The bytes are uniffi's own serialisation, read and written by uniffi's converters on both
//! sides (`Lift::try_read` here, the generated `FfiConverter...write` in Kotlin; `Lower` here,
//! the generated `read` there), so the typed contract stays uniffi's. Only the envelope is
//! plain: uniffi's calls pass each buffer and each call status as a JNA `Structure`, which
//! JNA makes by reflection and tracks in process-wide tables, and a blocking call crossed
//! four times; here one crossing takes integers only (bench/OPTIMISATIONS.md, item 40).
//!
//! The function for operation `get` is `authlete_uniffi_direct_get_blocking(handle, request,
//! request_len, out, out_capacity) -> i64`:
//! - `handle` is the object's uniffi handle, borrowed: the caller keeps the object alive for
//!   the call (uniffi's methods take a cloned handle instead, one more crossing).
//! - `request`/`request_len`: the request as uniffi serialises it.
//! - `out`/`out_capacity`: where the reply goes.
//! - The result packs the reply's length and its kind: `len << 3 | pending << 2 | kind`, with
//!   kind [`OK`] (the output, uniffi-serialised; empty for operations without one), [`ERROR`]
//!   (a `NativeError`, as uniffi lowers errors) or [`INTERNAL`] (a message in UTF-8, as
//!   uniffi's internal errors: a panic, or a request the converters could not read). When the
//!   reply does not fit, `pending` is set, nothing is written, and the reply waits on this
//!   thread until [`authlete_uniffi_direct_take`] copies it into a larger buffer.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use authlete::foreign::NativeError;
use authlete::operation::Operation;
use uniffi::{Lift, LowerError, LowerReturn, RustBuffer};

use crate::client::AuthleteNative;
use crate::UniFfiTag;

/// The reply holds the operation's output.
pub const OK: i64 = 0;
/// The reply holds a `NativeError`.
pub const ERROR: i64 = 1;
/// The reply holds an internal error's message.
pub const INTERNAL: i64 = 2;
const PENDING: i64 = 4;
const LEN_SHIFT: u32 = 3;

thread_local! {
    /// A reply too large for the caller's buffer, until it asks for it.
    static PENDING_REPLY: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// An output as uniffi returns it, as bytes: a buffer's contents, or nothing for `()`.
pub trait ReturnBytes {
    /// The serialised output.
    fn into_bytes(self) -> Vec<u8>;
}

impl ReturnBytes for RustBuffer {
    fn into_bytes(self) -> Vec<u8> {
        self.destroy_into_vec()
    }
}

impl ReturnBytes for () {
    fn into_bytes(self) -> Vec<u8> {
        Vec::new()
    }
}

/// Runs operation `O` on the calling thread with the request in `request`; writes the reply to
/// `out` (see the module's documentation).
///
/// # Safety
/// `handle` is a live handle of an [`AuthleteNative`] that stays alive until this returns;
/// `request` points to `request_len` readable bytes and `out` to `out_capacity` writable ones.
pub unsafe fn call_blocking<O>(
    handle: u64,
    request: *const u8,
    request_len: i32,
    out: *mut u8,
    out_capacity: i32,
) -> i64
where
    O: Operation + Lift<UniFfiTag>,
    O::Output: LowerReturn<UniFfiTag>,
    <O::Output as LowerReturn<UniFfiTag>>::ReturnType: ReturnBytes,
{
    // SAFETY: the caller's contract: uniffi made the handle from `Arc::into_raw` of the object
    // and keeps a reference to it for the call.
    let native = unsafe { &*(handle as *const AuthleteNative) };
    // SAFETY: the caller's contract on `request`.
    let bytes = unsafe { slice(request, request_len) };
    let (kind, reply) = match catch_unwind(AssertUnwindSafe(|| run::<O>(native, bytes))) {
        Ok(reply) => reply,
        Err(panic) => (INTERNAL, panic_message(panic.as_ref()).into_bytes()),
    };
    // SAFETY: the caller's contract on `out`.
    unsafe { deliver(kind, reply, out, out_capacity) }
}

/// Copies the reply left pending on this thread into `out` and returns its length, or -1 when
/// none is pending or it does not fit (the reply stays pending).
///
/// # Safety
/// `out` points to `out_capacity` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn authlete_uniffi_direct_take(out: *mut u8, out_capacity: i32) -> i64 {
    PENDING_REPLY.with(|pending| {
        let mut pending = pending.borrow_mut();
        match pending.take() {
            Some(reply) if reply.len() <= usize::try_from(out_capacity).unwrap_or(0) => {
                // SAFETY: the caller's contract on `out`; the reply fits.
                unsafe { std::ptr::copy_nonoverlapping(reply.as_ptr(), out, reply.len()) };
                reply.len() as i64
            }
            other => {
                *pending = other;
                -1
            }
        }
    })
}

fn run<O>(native: &AuthleteNative, mut request: &[u8]) -> (i64, Vec<u8>)
where
    O: Operation + Lift<UniFfiTag>,
    O::Output: LowerReturn<UniFfiTag>,
    <O::Output as LowerReturn<UniFfiTag>>::ReturnType: ReturnBytes,
{
    let request = match <O as Lift<UniFfiTag>>::try_read(&mut request) {
        Ok(r) if request.is_empty() => r,
        Ok(_) => return (INTERNAL, b"junk data left in buffer after lifting the request".to_vec()),
        // As uniffi's methods: a lifting error that is a NativeError (a custom type's check)
        // is that error; anything else is internal.
        Err(e) => match e.downcast::<NativeError>() {
            Ok(error) => return (ERROR, lower_error(error)),
            Err(e) => return (INTERNAL, format!("Failed to convert arg 'request': {e}").into_bytes()),
        },
    };
    match native.execute_blocking(request, None) {
        Ok(output) => match <O::Output as LowerReturn<UniFfiTag>>::lower_return(output) {
            Ok(value) => (OK, value.into_bytes()),
            Err(_) => (INTERNAL, b"the result could not be lowered".to_vec()),
        },
        Err(error) => (ERROR, lower_error(error)),
    }
}

fn lower_error(error: NativeError) -> Vec<u8> {
    <NativeError as LowerError<UniFfiTag>>::lower_error(error).destroy_into_vec()
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => (*s).to_owned(),
        (None, Some(s)) => s.clone(),
        (None, None) => "Rust panic".to_owned(),
    }
}

/// # Safety
/// `ptr` points to `len` readable bytes (or `len` is not positive).
unsafe fn slice<'a>(ptr: *const u8, len: i32) -> &'a [u8] {
    match usize::try_from(len) {
        Ok(len) if len > 0 && !ptr.is_null() => {
            // SAFETY: the caller's contract.
            unsafe { std::slice::from_raw_parts(ptr, len) }
        }
        _ => &[],
    }
}

/// # Safety
/// `out` points to `out_capacity` writable bytes.
unsafe fn deliver(kind: i64, reply: Vec<u8>, out: *mut u8, out_capacity: i32) -> i64 {
    let len = reply.len() as i64;
    if reply.len() <= usize::try_from(out_capacity).unwrap_or(0) {
        // SAFETY: the caller's contract on `out`; the reply fits.
        unsafe { std::ptr::copy_nonoverlapping(reply.as_ptr(), out, reply.len()) };
        len << LEN_SHIFT | kind
    } else {
        PENDING_REPLY.with(|pending| *pending.borrow_mut() = Some(reply));
        len << LEN_SHIFT | PENDING | kind
    }
}

/// One `authlete_uniffi_direct_<operation>_blocking` per operation, expanded over the core's
/// list of operations so that a new operation needs nothing here.
macro_rules! direct_functions {
    ($(($name:ident, $blocking:ident, $with:ident, $blocking_with:ident, $request:ty, $output:ty, $doc:literal)),* $(,)?) => {
        $(
            #[doc = concat!("The direct entry of `", stringify!($blocking), "` (see the module's documentation).")]
            ///
            /// # Safety
            /// As [`call_blocking`].
            #[export_name = concat!("authlete_uniffi_direct_", stringify!($blocking))]
            pub unsafe extern "C" fn $blocking(
                handle: u64,
                request: *const u8,
                request_len: i32,
                out: *mut u8,
                out_capacity: i32,
            ) -> i64 {
                // SAFETY: the caller's contract, passed on.
                unsafe { call_blocking::<$request>(handle, request, request_len, out, out_capacity) }
            }
        )*
    };
}

/// The exported functions (their Rust names are the operations' blocking methods').
pub mod entries {
    use super::call_blocking;

    authlete::for_each_operation!(direct_functions);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use authlete::foreign::{ErrorKind, NativeError};
    use authlete::ClientGetApiRequest;
    use uniffi::{Lift, Lower};

    use super::*;

    /// A client whose calls fail before any request (no server listens there anyway).
    fn client() -> u64 {
        let options = r#"{"serverURL":"http://127.0.0.1:9","security":{"bearer":"t"}}"#;
        match AuthleteNative::new(options.to_owned()) {
            Ok(native) => Arc::into_raw(native) as u64,
            Err(e) => panic!("options refused: {e}"),
        }
    }

    fn release(handle: u64) {
        // SAFETY: the handle came from `client`'s `Arc::into_raw`, released once.
        drop(unsafe { Arc::from_raw(handle as *const AuthleteNative) });
    }

    fn request(client_id: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        let request = ClientGetApiRequest { service_id: "1".into(), client_id: client_id.into() };
        <ClientGetApiRequest as Lower<UniFfiTag>>::write(request, &mut bytes);
        bytes
    }

    /// Calls `get` with `request`; the packed result and the reply buffer.
    fn get(handle: u64, request: &[u8], capacity: usize) -> (i64, Vec<u8>) {
        let mut out = vec![0u8; capacity];
        // SAFETY: a live handle; the pointers and lengths are those of the two vectors.
        let packed = unsafe {
            entries::get_blocking(
                handle,
                request.as_ptr(),
                request.len() as i32,
                out.as_mut_ptr(),
                capacity as i32,
            )
        };
        (packed, out)
    }

    fn reply_len(packed: i64) -> usize {
        (packed >> LEN_SHIFT) as usize
    }

    #[test]
    fn an_error_comes_back_as_uniffi_lowers_it() {
        let handle = client();
        let (packed, out) = get(handle, &request(""), 4096);
        assert_eq!(packed & 3, ERROR);
        assert_eq!(packed & PENDING, 0);
        let mut reply = &out[..reply_len(packed)];
        match <NativeError as Lift<UniFfiTag>>::try_read(&mut reply) {
            Ok(NativeError::Failure { kind, field, .. }) => {
                assert_eq!(kind, ErrorKind::SdkValidationError);
                assert_eq!(field.as_deref(), Some("clientId"));
            }
            Err(e) => panic!("not a NativeError: {e}"),
        }
        assert!(reply.is_empty());
        release(handle);
    }

    #[test]
    fn a_request_the_converters_cannot_read_is_an_internal_error() {
        let handle = client();
        let (packed, out) = get(handle, &[0xff, 0xff, 0xff], 4096);
        assert_eq!(packed & 3, INTERNAL);
        let message = String::from_utf8_lossy(&out[..reply_len(packed)]).into_owned();
        assert!(message.starts_with("Failed to convert arg 'request'"), "{message}");

        let mut junk = request("2");
        junk.push(0);
        let (packed, out) = get(handle, &junk, 4096);
        assert_eq!(packed & 3, INTERNAL);
        assert!(String::from_utf8_lossy(&out[..reply_len(packed)]).contains("junk data"));
        release(handle);
    }

    #[test]
    fn a_reply_larger_than_the_buffer_waits_for_a_larger_one() {
        let handle = client();
        let (packed, _) = get(handle, &request(""), 4);
        assert_eq!(packed & 3, ERROR);
        assert_eq!(packed & PENDING, PENDING);
        let len = reply_len(packed);
        assert!(len > 4);
        let mut small = [0u8; 4];
        // SAFETY: the pointers and lengths are those of the buffers.
        unsafe {
            assert_eq!(authlete_uniffi_direct_take(small.as_mut_ptr(), 4), -1, "too small: it stays pending");
            let mut out = vec![0u8; len];
            assert_eq!(authlete_uniffi_direct_take(out.as_mut_ptr(), len as i32), len as i64);
            let (_, direct) = get(handle, &request(""), 4096);
            assert_eq!(out, direct[..len]);
            assert_eq!(authlete_uniffi_direct_take(out.as_mut_ptr(), len as i32), -1, "taken once");
        }
        release(handle);
    }
}
