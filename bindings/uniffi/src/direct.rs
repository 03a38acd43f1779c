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
