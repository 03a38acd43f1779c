//! Settling the promises of calls on the JS thread, through one threadsafe function per JS
//! environment.
//!
//! napi-rs's `spawn_future` makes a threadsafe function for every promise it returns: a libuv
//! handle opened and closed, and an environment cleanup hook added and removed, per call
//! (a visible share of a `get`'s profile: bench/OPTIMISATIONS.md, item 21). Here each
//! environment (the main thread, each worker thread) has one, made at its first call. It keeps
//! the event loop alive only while calls are pending, as a promise napi-rs made did.
//!
//! Lifetimes: the environment's cleanup hook releases the threadsafe function when the
//! environment tears down (a worker thread ending); calls that finish after that drop their
//! outcome, as their promise is gone with the environment.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::ToNapiValue;
use napi::sys;

use crate::outcome::{failed, NativeOutcome};

/// A raw threadsafe function. Calling one from any thread is what it is for; the mutex in
/// [`Shared`] makes sure no call races its release.
struct Tsfn(sys::napi_threadsafe_function);

/// A settled call on its way to the JS thread: its promise and its outcome.
struct Settlement(sys::napi_deferred, NativeOutcome);

// SAFETY: the pointers are only used under `Shared::state`'s lock (the function) and on the
// JS thread (the deferred, by `call_js`).
unsafe impl Send for Tsfn {}
unsafe impl Send for Settlement {}

/// The threadsafe function and the settlements waiting for the JS thread.
struct State {
    /// `None` once the environment tore down.
    tsfn: Option<Tsfn>,
    /// Settlements not yet taken by `call_js`. The JS thread is woken once when this stops
    /// being empty and then settles all of them: with many calls in flight, one wake-up
    /// settles many, and only the first of them queues an item on the threadsafe function.
    queue: Vec<Settlement>,
}

/// What the calls' tasks, the threadsafe function's callback and the cleanup hook share.
struct Shared {
    state: Mutex<State>,
    /// Calls started and not settled yet. Read and written on the JS thread only.
    pending: AtomicUsize,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Lets the threadsafe function keep the event loop alive (`keep`) or not.
    fn keep_loop_alive(&self, env: sys::napi_env, keep: bool) {
        if let Some(tsfn) = self.lock().tsfn.as_ref() {
            // SAFETY: called on the JS thread of `env`, which owns the function.
            unsafe {
                if keep {
                    sys::napi_ref_threadsafe_function(env, tsfn.0);
                } else {
                    sys::napi_unref_threadsafe_function(env, tsfn.0);
                }
            }
        }
    }

    /// Queues `settlement` for the JS thread, waking it if the queue was empty; dropped if
    /// the environment is gone.
    fn send(&self, settlement: Settlement) {
        let mut state = self.lock();
        let Some(tsfn) = state.tsfn.as_ref() else { return };
        if state.queue.is_empty() {
            // SAFETY: the function is live (not released: the lock is held). No data: the
            // callback takes the queue.
            let status = unsafe {
                sys::napi_call_threadsafe_function(
                    tsfn.0,
                    ptr::null_mut(),
                    sys::ThreadsafeFunctionCallMode::nonblocking,
                )
            };
            if status != sys::Status::napi_ok {
                return;
            }
        }
        state.queue.push(settlement);
    }
}

/// A pending call's promise, to be settled from any thread. Dropped unsettled (the task
/// panicked past its guard, or the runtime dropped it), it settles with an error outcome, so
/// no promise stays pending and no call keeps the event loop alive for ever.
pub(crate) struct Pending {
    settlement: Option<(sys::napi_deferred, Arc<Shared>)>,
}

// SAFETY: the deferred is only used on the JS thread, by the threadsafe function's callback.
unsafe impl Send for Pending {}

impl Pending {
    /// Settles the promise with `outcome` (on the JS thread, soon).
    pub(crate) fn settle(mut self, outcome: NativeOutcome) {
        if let Some((deferred, shared)) = self.settlement.take() {
            shared.send(Settlement(deferred, outcome));
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some((deferred, shared)) = self.settlement.take() {
            let outcome = failed(crate::error::unexpected("the call ended without a result"), None);
            shared.send(Settlement(deferred, outcome));
        }
    }
}

thread_local! {
    /// This JS thread's environment and its [`Shared`], made at the first call.
    static CURRENT: RefCell<Option<(usize, Arc<Shared>)>> = const { RefCell::new(None) };
}

/// A new promise of `env` and its [`Pending`] settlement. Called on the JS thread.
pub(crate) fn promise(env: sys::napi_env) -> napi::Result<(sys::napi_value, Pending)> {
    let shared = shared_of(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: `env` is the calling JS thread's environment.
    let status = unsafe { sys::napi_create_promise(env, &mut deferred, &mut promise) };
    if status != sys::Status::napi_ok {
        return Err(napi::Error::new(napi::Status::from(status), "cannot create a promise"));
    }
    if shared.pending.fetch_add(1, Ordering::Relaxed) == 0 {
        shared.keep_loop_alive(env, true);
    }
    Ok((promise, Pending { settlement: Some((deferred, shared)) }))
}

/// This environment's [`Shared`], made with its threadsafe function on first use.
fn shared_of(env: sys::napi_env) -> napi::Result<Arc<Shared>> {
    CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        if let Some((owner, shared)) = current.as_ref() {
            if *owner == env as usize && shared.lock().tsfn.is_some() {
                return Ok(shared.clone());
            }
        }
        let shared = create(env)?;
        *current = Some((env as usize, shared.clone()));
        Ok(shared)
    })
}

/// Makes the threadsafe function (not keeping the loop alive while nothing is pending) and
/// the cleanup hook that releases it.
fn create(env: sys::napi_env) -> napi::Result<Arc<Shared>> {
    let check = |status: sys::napi_status, what: &str| {
        if status == sys::Status::napi_ok {
            Ok(())
        } else {
            Err(napi::Error::new(napi::Status::from(status), format!("cannot create {what}")))
        }
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State { tsfn: None, queue: Vec::new() }),
        pending: AtomicUsize::new(0),
    });
    let name = "authlete.settle";
    let mut js_name = ptr::null_mut();
    // SAFETY: plain N-API calls on the JS thread of `env`; the pointers handed over are
    // reclaimed exactly once (the context in `finalize`, the hook's in `teardown`).
    unsafe {
        check(
            sys::napi_create_string_utf8(env, name.as_ptr().cast(), name.len() as isize, &mut js_name),
            "a name",
        )?;
        let context = Arc::into_raw(shared.clone()) as *mut c_void;
        let mut tsfn = ptr::null_mut();
        let status = sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            js_name,
            0,
            1,
            context,
            Some(finalize),
            context,
            Some(call_js),
            &mut tsfn,
        );
        if status != sys::Status::napi_ok {
            drop(Arc::from_raw(context as *const Shared));
        }
        check(status, "a threadsafe function")?;
        sys::napi_unref_threadsafe_function(env, tsfn);
        shared.lock().tsfn = Some(Tsfn(tsfn));
        // Registered after the threadsafe function, so it runs before Node's own teardown of
        // it (cleanup hooks run in reverse order).
        let hook = Arc::into_raw(shared.clone()) as *mut c_void;
        let status = sys::napi_add_env_cleanup_hook(env, Some(teardown), hook);
        if status != sys::Status::napi_ok {
            drop(Arc::from_raw(hook as *const Shared));
        }
        check(status, "a cleanup hook")?;
    }
    Ok(shared)
}

/// The environment tears down: release the threadsafe function; later settlements drop.
unsafe extern "C" fn teardown(arg: *mut c_void) {
    // SAFETY: `arg` is the `Arc` handed to the hook in `create`, reclaimed here once.
    let shared = unsafe { Arc::from_raw(arg as *const Shared) };
    let taken = shared.lock().tsfn.take();
    if let Some(tsfn) = taken {
        // SAFETY: the function is live; after this no one calls it (the lock says `None`).
        unsafe { sys::napi_release_threadsafe_function(tsfn.0, sys::ThreadsafeFunctionReleaseMode::abort) };
    }
}

/// The threadsafe function is gone: drop its reference to [`Shared`].
unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the context `Arc` of `create`, finalized once.
    drop(unsafe { Arc::from_raw(data as *const Shared) });
}

/// On the JS thread: settles the queued calls' promises. `env` is null while the function is
/// torn down.
unsafe extern "C" fn call_js(
    env: sys::napi_env,
    _js: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() || context.is_null() {
        return;
    }
    // SAFETY: `context` is the `Shared` the function holds until `finalize`.
    let shared = unsafe { &*(context as *const Shared) };
    let settled = std::mem::take(&mut shared.lock().queue);
    if settled.is_empty() {
        return;
    }
    if shared.pending.fetch_sub(settled.len(), Ordering::Relaxed) == settled.len() {
        shared.keep_loop_alive(env, false);
    }
    for Settlement(deferred, outcome) in settled {
        // SAFETY: on the JS thread of `env`, which made `deferred`; each is settled once.
        unsafe {
            match NativeOutcome::to_napi_value(env, outcome) {
                Ok(value) => sys::napi_resolve_deferred(env, deferred, value),
                Err(e) => sys::napi_reject_deferred(env, deferred, napi::JsError::from(e).into_value(env)),
            };
        }
    }
}
