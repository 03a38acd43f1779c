//! The native side of the JVM boundary microbenchmark (bench/BOUNDARY.md).
//!
//! Every mechanism does the same work, [`work`]: sum the input's bytes and write as many
//! output bytes as there were input bytes (bounded by the room given), so that only the way
//! across the boundary differs. The entry points:
//!
//! - uniffi's shape: `boundary_rustbuffer_alloc`, `boundary_rustbuffer_free`, `boundary_uniffi_echo`
//!   (takes the input buffer, returns a new one) and `boundary_uniffi_empty` (a handle clone's
//!   shape), each with a call status, as uniffi's scaffolding has them;
//! - primitives only, for JNA direct mapping and FFM: `boundary_prim_echo`, `boundary_prim_empty`;
//! - JNI: `Java_JniLib_echo`, `Java_JniLib_empty` (the class `JniLib`, default package).

use jni_sys::{jclass, jint, jlong, jobject, JNIEnv};
use std::mem::ManuallyDrop;

/// uniffi's `RustBuffer`.
#[repr(C)]
pub struct RustBuffer {
    capacity: u64,
    len: u64,
    data: *mut u8,
}

impl RustBuffer {
    fn from_vec(v: Vec<u8>) -> Self {
        let mut v = ManuallyDrop::new(v);
        RustBuffer { capacity: v.capacity() as u64, len: v.len() as u64, data: v.as_mut_ptr() }
    }

    /// # Safety
    /// The buffer must come from [`RustBuffer::from_vec`] and not be used again.
    unsafe fn into_vec(self) -> Vec<u8> {
        if self.data.is_null() {
            return Vec::new();
        }
        // SAFETY: data, len and capacity are a Vec's, given up by `from_vec` (the caller's promise).
        unsafe { Vec::from_raw_parts(self.data, self.len as usize, self.capacity as usize) }
    }
}

/// uniffi's `RustCallStatus`; every call here succeeds, so it is only passed, as uniffi passes it.
#[repr(C)]
pub struct RustCallStatus {
    code: i8,
    error_buf: RustBuffer,
}

/// The work every mechanism does: a checksum of the input, `input.len()` bytes of output.
fn work(input: &[u8], out: &mut [u8]) -> i64 {
    let sum = input.iter().fold(0u64, |a, &b| a.wrapping_add(u64::from(b)));
    let n = input.len().min(out.len());
    out[..n].fill(sum as u8);
    sum as i64
}

#[no_mangle]
pub extern "C" fn boundary_rustbuffer_alloc(size: u64, _status: *mut RustCallStatus) -> RustBuffer {
    // As uniffi's `RustBuffer::new_with_size`: a zeroed Vec of that length.
    RustBuffer::from_vec(vec![0u8; size as usize])
}

/// # Safety
/// `buf` must come from this library and not be used again.
#[no_mangle]
pub unsafe extern "C" fn boundary_rustbuffer_free(buf: RustBuffer, _status: *mut RustCallStatus) {
    // SAFETY: the caller passes a buffer this library made, once (uniffi's contract).
    drop(unsafe { buf.into_vec() });
}

/// Takes the input buffer (freed here, as uniffi's lift does) and returns a new one.
///
/// # Safety
/// `input` must come from `boundary_rustbuffer_alloc` and not be used again.
#[no_mangle]
pub unsafe extern "C" fn boundary_uniffi_echo(input: RustBuffer, _status: *mut RustCallStatus) -> RustBuffer {
    // SAFETY: the caller passes a buffer from `boundary_rustbuffer_alloc`, giving it up.
    let input = unsafe { input.into_vec() };
    let mut out = vec![0u8; input.len()];
    work(&input, &mut out);
    RustBuffer::from_vec(out)
}

/// A handle clone's shape: a handle in, a handle out, a call status.
#[no_mangle]
pub extern "C" fn boundary_uniffi_empty(handle: i64, _status: *mut RustCallStatus) -> i64 {
    handle.wrapping_add(1)
}

/// # Safety
/// `in_ptr` must point to `in_len` readable bytes and `out_ptr` to `out_cap` writable bytes.
unsafe fn prim(in_ptr: *const u8, in_len: i32, out_ptr: *mut u8, out_cap: i32) -> i64 {
    if in_ptr.is_null() || out_ptr.is_null() || in_len < 0 || out_cap < 0 {
        return -1;
    }
    // SAFETY: non-null, and the lengths are the caller's promise.
    let (input, out) = unsafe {
        (
            std::slice::from_raw_parts(in_ptr, in_len as usize),
            std::slice::from_raw_parts_mut(out_ptr, out_cap as usize),
        )
    };
    work(input, out)
}

/// # Safety
/// `in_ptr` must point to `in_len` readable bytes and `out_ptr` to `out_cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn boundary_prim_echo(
    in_ptr: *const u8,
    in_len: i32,
    out_ptr: *mut u8,
    out_cap: i32,
) -> i64 {
    // SAFETY: the caller's promise, as documented on `prim`.
    unsafe { prim(in_ptr, in_len, out_ptr, out_cap) }
}

#[no_mangle]
pub extern "C" fn boundary_prim_empty(x: i64) -> i64 {
    x.wrapping_add(1)
}

/// `static native long echo(ByteBuffer in, int inLen, ByteBuffer out, int outCap)` in `JniLib`.
///
/// # Safety
/// Called by the JVM only: `in` and `out` direct buffers of at least `in_len` and `out_cap` bytes.
#[no_mangle]
pub unsafe extern "system" fn Java_JniLib_echo(
    env: *mut JNIEnv,
    _class: jclass,
    input: jobject,
    in_len: jint,
    out: jobject,
    out_cap: jint,
) -> jlong {
    // SAFETY: the JVM passes a valid environment for this thread and live references; the
    // buffers are direct (a null address for any other is refused by `prim`), and the Java side
    // passes lengths within their capacities.
    unsafe {
        let address = (**env).v1_4.GetDirectBufferAddress;
        prim(address(env, input) as *const u8, in_len, address(env, out) as *mut u8, out_cap)
    }
}

/// `static native long empty(long x)` in `JniLib`.
#[no_mangle]
pub extern "system" fn Java_JniLib_empty(_env: *mut JNIEnv, _class: jclass, x: jlong) -> jlong {
    x.wrapping_add(1)
}
