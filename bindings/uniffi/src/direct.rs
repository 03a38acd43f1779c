//! The blocking operations' direct entry points: JNI functions of Kotlin's
//! `com.authlete.sdk.NativeJni` (`kotlin/.../NativeCalls.kt` calls them) that take and return
//! plain bytes in memory the caller owns.
//!
//! The bytes are uniffi's own serialisation, read and written by uniffi's converters on both
//! sides (`Lift::try_read` here, the generated `FfiConverter...write` in Kotlin; `Lower` here,
//! the generated `read` there), so the typed contract stays uniffi's. Only the way in differs:
//! uniffi's Kotlin goes through JNA, which makes a `Structure` by reflection for each buffer and
//! call status (a blocking call crossed four times), and whose start (its classes, its
//! `jnidispatch`, registering uniffi's ~330 functions) a first call pays. Here a call is one
//! JNI call with integers only, and a program that only makes blocking calls never loads JNA
//! (bench/OPTIMISATIONS.md, items 40 and 41).
//!
//! `NativeJni.call(operation, handle, request, requestLen, out, outCapacity): Long`:
//! - `operation` is the operation's index in the core's list (`authlete::for_each_operation!`);
//!   Kotlin's generated indices follow the same list, checked once by [`OPERATIONS_HASH`].
//! - `handle` is the object's uniffi handle, borrowed: the caller keeps the object alive for
//!   the call.
//! - `request`/`requestLen`: the request as uniffi serialises it.
//! - `out`/`outCapacity`: where the reply goes.
//! - The result packs the reply's length and its kind: `len << 3 | pending << 2 | kind`, with
//!   kind [`OK`] (the output, uniffi-serialised; empty for operations without one), [`ERROR`]
//!   (a `NativeError`, as uniffi lowers errors) or [`INTERNAL`] (a message in UTF-8, as
//!   uniffi's internal errors: a panic, or a request the converters could not read). When the
//!   reply does not fit, `pending` is set, nothing is written, and the reply waits on this
//!   thread until `NativeJni.take` copies it into a larger buffer.
//!
//! `open` builds the client from its options JSON (the reply: the handle, 8 bytes big-endian,
//! or the error), `retain` adds a reference for uniffi's own object (the suspend functions),
//! `release` drops one.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use authlete::foreign::NativeError;
use authlete::operation::Operation;
use uniffi::{Lift, Lower, LowerError, LowerReturn, RustBuffer};

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
    let (kind, reply) = guarded(|| run::<O>(native, bytes));
    // SAFETY: the caller's contract on `out`.
    unsafe { deliver(kind, reply, out, out_capacity) }
}

fn run<O>(native: &AuthleteNative, mut request: &[u8]) -> (i64, Vec<u8>)
where
    O: Operation + Lift<UniFfiTag>,
    O::Output: LowerReturn<UniFfiTag>,
    <O::Output as LowerReturn<UniFfiTag>>::ReturnType: ReturnBytes,
{
    let request = match lift::<O>(&mut request) {
        Ok(request) => request,
        Err(reply) => return reply,
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

/// Runs `f`, a panic in it becoming an internal error with the panic's message (as uniffi
/// reports one).
fn guarded(f: impl FnOnce() -> (i64, Vec<u8>)) -> (i64, Vec<u8>) {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = authlete::error::panic_text(panic.as_ref()).unwrap_or_else(|| "Rust panic".to_owned());
        (INTERNAL, message.into_bytes())
    })
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
    // SAFETY: the caller's contract on `out`.
    if unsafe { copy_if_fits(&reply, out, out_capacity) } {
        len << LEN_SHIFT | kind
    } else {
        PENDING_REPLY.with(|pending| *pending.borrow_mut() = Some(reply));
        len << LEN_SHIFT | PENDING | kind
    }
}

/// Copies `reply` into `out` when it fits in `out_capacity` bytes; whether it did.
///
/// # Safety
/// `out` points to `out_capacity` writable bytes.
unsafe fn copy_if_fits(reply: &[u8], out: *mut u8, out_capacity: i32) -> bool {
    let fits = reply.len() <= usize::try_from(out_capacity).unwrap_or(0);
    if fits {
        // SAFETY: the caller's contract on `out`; the reply fits.
        unsafe { std::ptr::copy_nonoverlapping(reply.as_ptr(), out, reply.len()) };
    }
    fits
}

/// Copies the reply left pending on this thread into `out` and returns its length, or -1 when
/// none is pending or it does not fit (the reply stays pending).
///
/// # Safety
/// `out` points to `out_capacity` writable bytes.
pub unsafe fn take(out: *mut u8, out_capacity: i32) -> i64 {
    PENDING_REPLY.with(|pending| {
        let mut pending = pending.borrow_mut();
        match pending.take() {
            // SAFETY: the caller's contract on `out`.
            Some(reply) if unsafe { copy_if_fits(&reply, out, out_capacity) } => reply.len() as i64,
            other => {
                *pending = other;
                -1
            }
        }
    })
}

/// Builds a client from its options JSON; the reply is its handle (8 bytes, big-endian) or the
/// error.
///
/// # Safety
/// `options` points to `options_len` readable bytes and `out` to `out_capacity` writable ones.
pub unsafe fn open(options: *const u8, options_len: i32, out: *mut u8, out_capacity: i32) -> i64 {
    // SAFETY: the caller's contract on `options`.
    let options = String::from_utf8_lossy(unsafe { slice(options, options_len) }).into_owned();
    let (kind, reply) = guarded(|| match AuthleteNative::new(options) {
        Ok(native) => (OK, (Arc::into_raw(native) as u64).to_be_bytes().to_vec()),
        Err(error) => (ERROR, lower_error(error)),
    });
    // SAFETY: the caller's contract on `out`.
    unsafe { deliver(kind, reply, out, out_capacity) }
}

/// One operation, as [`call_blocking`] for its request type.
type Entry = unsafe fn(u64, *const u8, i32, *mut u8, i32) -> i64;

macro_rules! operation_table {
    ($(($name:ident, $blocking:ident, $with:ident, $blocking_with:ident, $request:ty, $output:ty, $doc:literal)),* $(,)?) => {
        /// Every operation's entry, in the order of the core's list.
        const OPERATIONS: &[Entry] = &[$(call_blocking::<$request> as Entry),*];

        /// The operations' names in that order, each followed by a comma.
        const OPERATION_NAMES: &str = concat!($(stringify!($name), ","),*);
    };
}

authlete::for_each_operation!(operation_table);

/// FNV-1a (64 bits) of [`OPERATION_NAMES`]: Kotlin's generated `NativeJni` holds the same
/// hash of its own list, and refuses a library whose list differs.
pub const OPERATIONS_HASH: i64 = fnv1a(OPERATION_NAMES.as_bytes()) as i64;

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// A model's JSON function: the input bytes to the reply's kind and bytes.
type ModelEntry = fn(&[u8]) -> (i64, Vec<u8>);

macro_rules! model_table {
    ($(($model:ty, $from_json:ident, $to_json:ident, $what:literal)),* $(,)?) => {
        $(
            fn $from_json(json: &[u8]) -> (i64, Vec<u8>) {
                model_from_json::<$model>(json, $what)
            }

            fn $to_json(value: &[u8]) -> (i64, Vec<u8>) {
                model_to_json::<$model>(value)
            }
        )*

        /// Every model's `from_json` and `to_json`, in the order of the core's list.
        const MODELS: &[(ModelEntry, ModelEntry)] = &[$(($from_json, $to_json)),*];

        /// The models' names in that order, each followed by a comma.
        const MODEL_NAMES: &str = concat!($($what, ","),*);
    };
}

authlete::for_each_model!(model_table);

/// FNV-1a (64 bits) of [`MODEL_NAMES`], checked by Kotlin as [`OPERATIONS_HASH`].
pub const MODELS_HASH: i64 = fnv1a(MODEL_NAMES.as_bytes()) as i64;

/// A model decoded from the API's JSON, as uniffi serialises it (`ModelsJson.kt`'s `fromJson`).
fn model_from_json<M>(json: &[u8], what: &str) -> (i64, Vec<u8>)
where
    M: serde::de::DeserializeOwned + Lower<UniFfiTag>,
{
    match crate::models::decode::<M>(&String::from_utf8_lossy(json), what) {
        Ok(model) => {
            let mut bytes = Vec::new();
            <M as Lower<UniFfiTag>>::write(model, &mut bytes);
            (OK, bytes)
        }
        Err(error) => (ERROR, lower_error(error)),
    }
}

/// A model, as uniffi serialises it, encoded as the API's JSON (`ModelsJson.kt`'s `toJson`).
fn model_to_json<M>(mut value: &[u8]) -> (i64, Vec<u8>)
where
    M: serde::Serialize + Lift<UniFfiTag>,
{
    match lift::<M>(&mut value) {
        Ok(model) => match crate::models::encode(&model) {
            Ok(json) => (OK, json.into_bytes()),
            Err(error) => (ERROR, lower_error(error)),
        },
        Err(reply) => reply,
    }
}

/// Reads a `T` that uniffi's converters wrote, as uniffi's methods lift an argument: a lifting
/// error that is a NativeError (a custom type's check) is that error, anything else internal.
fn lift<T: Lift<UniFfiTag>>(bytes: &mut &[u8]) -> Result<T, (i64, Vec<u8>)> {
    match <T as Lift<UniFfiTag>>::try_read(bytes) {
        Ok(value) if bytes.is_empty() => Ok(value),
        Ok(_) => Err((INTERNAL, b"junk data left in buffer after lifting".to_vec())),
        Err(e) => match e.downcast::<NativeError>() {
            Ok(error) => Err((ERROR, lower_error(error))),
            Err(e) => Err((INTERNAL, format!("Failed to convert arg: {e}").into_bytes())),
        },
    }
}

/// Runs model `model`'s JSON function (`to_json` when `to_json`) on `input`; the reply as
/// [`call`]'s.
///
/// # Safety
/// `input` points to `input_len` readable bytes and `out` to `out_capacity` writable ones.
pub unsafe fn model(
    model: i32,
    to_json: bool,
    input: *const u8,
    input_len: i32,
    out: *mut u8,
    out_capacity: i32,
) -> i64 {
    // SAFETY: the caller's contract on `input`.
    let bytes = unsafe { slice(input, input_len) };
    let (kind, reply) = match usize::try_from(model).ok().and_then(|i| MODELS.get(i)) {
        Some(&(from, to)) => guarded(|| if to_json { to(bytes) } else { from(bytes) }),
        None => (INTERNAL, format!("no model {model}").into_bytes()),
    };
    // SAFETY: the caller's contract on `out`.
    unsafe { deliver(kind, reply, out, out_capacity) }
}

/// Runs operation number `operation` of the core's list (see the module's documentation).
///
/// # Safety
/// As [`call_blocking`].
pub unsafe fn call(
    operation: i32,
    handle: u64,
    request: *const u8,
    request_len: i32,
    out: *mut u8,
    out_capacity: i32,
) -> i64 {
    match usize::try_from(operation).ok().and_then(|i| OPERATIONS.get(i)) {
        // SAFETY: the caller's contract, passed on.
        Some(entry) => unsafe { entry(handle, request, request_len, out, out_capacity) },
        // SAFETY: the caller's contract on `out`.
        None => unsafe {
            deliver(INTERNAL, format!("no operation {operation}").into_bytes(), out, out_capacity)
        },
    }
}

/// The JNI functions of `com.authlete.sdk.NativeJni` (static methods; JNI passes its
/// environment and the class first, which all but `address` leave unused).
pub mod jni {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::Arc;

    use jni_sys::{jclass, jobject, JNIEnv};

    use crate::client::AuthleteNative;

    type Env = *mut JNIEnv;
    type Class = jclass;

    /// `NativeJni.address`: the address of a direct buffer's memory (the JDK gives it to JNI
    /// only), 0 for a buffer that is not direct.
    ///
    /// # Safety
    /// `env` is the calling thread's JNI environment and `buffer` a local reference.
    #[no_mangle]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_address(
        env: Env,
        _class: Class,
        buffer: jobject,
    ) -> i64 {
        // SAFETY: the JVM passes a valid environment, whose function table it keeps.
        unsafe { ((**env).v1_4.GetDirectBufferAddress)(env, buffer) as i64 }
    }

    /// `NativeJni.call`: see [`super::call`].
    ///
    /// # Safety
    /// As [`super::call_blocking`], with the addresses as integers.
    #[no_mangle]
    #[allow(clippy::too_many_arguments)]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_call(
        _env: Env,
        _class: Class,
        operation: i32,
        handle: i64,
        request: i64,
        request_len: i32,
        out: i64,
        out_capacity: i32,
    ) -> i64 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            super::call(
                operation,
                handle as u64,
                request as *const u8,
                request_len,
                out as *mut u8,
                out_capacity,
            )
        }
    }

    /// `NativeJni.take`: see [`super::take`].
    ///
    /// # Safety
    /// `out` is the address of `out_capacity` writable bytes.
    #[no_mangle]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_take(
        _env: Env,
        _class: Class,
        out: i64,
        out_capacity: i32,
    ) -> i64 {
        // SAFETY: the caller's contract, passed on.
        unsafe { super::take(out as *mut u8, out_capacity) }
    }

    /// `NativeJni.open`: see [`super::open`].
    ///
    /// # Safety
    /// As [`super::open`], with the addresses as integers.
    #[no_mangle]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_open(
        _env: Env,
        _class: Class,
        options: i64,
        options_len: i32,
        out: i64,
        out_capacity: i32,
    ) -> i64 {
        // SAFETY: the caller's contract, passed on.
        unsafe { super::open(options as *const u8, options_len, out as *mut u8, out_capacity) }
    }

    /// `NativeJni.retain`: one more reference to the object of `handle` (for uniffi's object,
    /// which releases it through uniffi); returns the handle.
    ///
    /// # Safety
    /// `handle` is a live handle from `open`.
    #[no_mangle]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_retain(
        _env: Env,
        _class: Class,
        handle: i64,
    ) -> i64 {
        // SAFETY: the caller's contract: an `Arc::into_raw` pointer with a reference held.
        unsafe { Arc::increment_strong_count(handle as u64 as *const AuthleteNative) };
        handle
    }

    /// `NativeJni.release`: drops one reference to the object of `handle`.
    ///
    /// # Safety
    /// `handle` is a live handle from `open` or `retain`, released once.
    #[no_mangle]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_release(
        _env: Env,
        _class: Class,
        handle: i64,
    ) {
        // SAFETY: the caller's contract: it gives up this reference.
        let native = unsafe { Arc::from_raw(handle as u64 as *const AuthleteNative) };
        // Dropping the client must not unwind into the JVM.
        let _ = catch_unwind(AssertUnwindSafe(move || drop(native)));
    }

    /// `NativeJni.model`: see [`super::model`].
    ///
    /// # Safety
    /// As [`super::model`], with the addresses as integers.
    #[no_mangle]
    #[allow(clippy::too_many_arguments)]
    pub unsafe extern "system" fn Java_com_authlete_sdk_NativeJni_model(
        _env: Env,
        _class: Class,
        model: i32,
        to_json: u8,
        input: i64,
        input_len: i32,
        out: i64,
        out_capacity: i32,
    ) -> i64 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            super::model(model, to_json != 0, input as *const u8, input_len, out as *mut u8, out_capacity)
        }
    }

    /// `NativeJni.models`: [`super::MODELS_HASH`].
    #[no_mangle]
    pub extern "system" fn Java_com_authlete_sdk_NativeJni_models(_env: Env, _class: Class) -> i64 {
        super::MODELS_HASH
    }

    /// `NativeJni.operations`: [`super::OPERATIONS_HASH`].
    #[no_mangle]
    pub extern "system" fn Java_com_authlete_sdk_NativeJni_operations(_env: Env, _class: Class) -> i64 {
        super::OPERATIONS_HASH
    }
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
            call_blocking::<ClientGetApiRequest>(
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
        assert!(message.starts_with("Failed to convert arg"), "{message}");

        let mut junk = request("2");
        junk.push(0);
        let (packed, out) = get(handle, &junk, 4096);
        assert_eq!(packed & 3, INTERNAL);
        assert!(String::from_utf8_lossy(&out[..reply_len(packed)]).contains("junk data"));
        release(handle);
    }

    #[test]
    fn open_gives_a_handle_or_the_options_error() {
        let mut out = [0u8; 4096];
        let options = br#"{"serverURL":"http://127.0.0.1:9","security":{"bearer":"t"}}"#;
        // SAFETY: the pointers and lengths are those of the buffers.
        let packed = unsafe { open(options.as_ptr(), options.len() as i32, out.as_mut_ptr(), 4096) };
        assert_eq!((packed & 3, reply_len(packed)), (OK, 8));
        let handle = u64::from_be_bytes([out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7]]);
        let (packed, _) = get(handle, &request(""), 4096);
        assert_eq!(packed & 3, ERROR, "the handle is a client");
        release(handle);

        let bad = br#"{"serverURL":"http://127.0.0.1:9","noSuchOption":1}"#;
        // SAFETY: as above.
        let packed = unsafe { open(bad.as_ptr(), bad.len() as i32, out.as_mut_ptr(), 4096) };
        assert_eq!(packed & 3, ERROR);
    }

    #[test]
    fn an_operation_or_model_out_of_the_lists_is_an_internal_error() {
        let mut out = [0u8; 256];
        for index in [-1, OPERATIONS.len() as i32] {
            // SAFETY: no handle is read for an index out of the list; the buffers are these.
            let packed = unsafe { call(index, 0, [].as_ptr(), 0, out.as_mut_ptr(), 256) };
            assert_eq!(packed & 3, INTERNAL);
            // SAFETY: as above.
            let packed = unsafe {
                model(index.max(MODELS.len() as i32), false, [].as_ptr(), 0, out.as_mut_ptr(), 256)
            };
            assert_eq!(packed & 3, INTERNAL);
        }
    }

    #[test]
    fn a_model_goes_to_json_and_back() {
        let index = MODEL_NAMES.split(',').position(|n| n == "client").unwrap_or(usize::MAX) as i32;
        let json = br#"{"clientName":"x","clientId":7,"futureField":{"a":1}}"#;
        let mut out = vec![0u8; 65536];
        // SAFETY: the pointers and lengths are those of the buffers.
        let packed =
            unsafe { model(index, false, json.as_ptr(), json.len() as i32, out.as_mut_ptr(), 65536) };
        assert_eq!(packed & 3, OK);
        let lowered = out[..reply_len(packed)].to_vec();
        let mut back = vec![0u8; 65536];
        // SAFETY: as above.
        let packed =
            unsafe { model(index, true, lowered.as_ptr(), lowered.len() as i32, back.as_mut_ptr(), 65536) };
        assert_eq!(packed & 3, OK);
        let text = String::from_utf8_lossy(&back[..reply_len(packed)]).into_owned();
        assert!(text.contains(r#""clientName":"x""#) && text.contains(r#""futureField":{"a":1}"#), "{text}");

        let broken = b"{not json";
        // SAFETY: as above.
        let packed =
            unsafe { model(index, false, broken.as_ptr(), broken.len() as i32, out.as_mut_ptr(), 65536) };
        assert_eq!(packed & 3, ERROR);
    }

    #[test]
    fn the_lists_hashes_are_fnv1a_of_their_names() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        // The published FNV-1a test vector for "a".
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert!(OPERATION_NAMES.starts_with("get,get_list,"));
        assert_eq!(OPERATIONS.len(), OPERATION_NAMES.matches(',').count());
        assert_eq!(MODELS.len(), MODEL_NAMES.matches(',').count());
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
            assert_eq!(take(small.as_mut_ptr(), 4), -1, "too small: it stays pending");
            let mut out = vec![0u8; len];
            assert_eq!(take(out.as_mut_ptr(), len as i32), len as i64);
            let (_, direct) = get(handle, &request(""), 4096);
            assert_eq!(out, direct[..len]);
            assert_eq!(take(out.as_mut_ptr(), len as i32), -1, "taken once");
        }
        release(handle);
    }
}
