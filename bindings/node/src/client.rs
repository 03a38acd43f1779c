//! The native client class: construction from the official TypeScript SDK's `SDKOptions` JSON
//! and one async, cancellable method per operation.

use std::panic::AssertUnwindSafe;

use authlete::operation::Operation;
use authlete::{Authlete, CallOptions};
use futures_util::FutureExt;
use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use tokio_util::sync::CancellationToken;
use tracing::instrument::WithSubscriber;

use crate::convert::{JsJson, JsOutput};
use crate::error;
use crate::logging::Capture;
use crate::outcome::{failed, NativeOutcome};
use crate::settle;

/// A cancellation handle for one call; the JS side cancels it when the call's AbortSignal fires.
#[napi]
pub struct CancelToken {
    token: CancellationToken,
}

#[napi]
impl CancelToken {
    /// A new, not yet cancelled, token.
    #[napi(constructor, catch_unwind)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        CancelToken { token: CancellationToken::new() }
    }

    /// Cancels the call this token was given to: its request is aborted (connection closed).
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        self.token.cancel();
    }
}

/// One Authlete client (one connection pool), shared by every call made through it.
#[napi]
pub struct NativeClient {
    inner: Authlete,
}

#[napi]
impl NativeClient {
    /// A client from the official TypeScript SDK's `SDKOptions` as JSON; `binding` names the runtime in the
    /// User-Agent. Throws an error whose message is `AUTHLETE_ERROR:` + an error record.
    #[napi(constructor, catch_unwind)]
    pub fn new(options_json: String, binding: String) -> napi::Result<Self> {
        Authlete::from_options_json(options_json.as_bytes(), &binding)
            .map(|inner| NativeClient { inner })
            .map_err(|e| error::to_napi(&e))
    }

    /// The server URL this client sends to.
    #[napi(getter, catch_unwind)]
    pub fn server_url(&self) -> String {
        self.inner.config().server_url.clone()
    }
}

/// One method per operation (`get`, `getList`, ...), each taking the official TypeScript SDK's
/// request object as JSON and its `RequestOptions` as JSON, and never rejecting: the outcome
/// tells success or failure. Written once and expanded over the core's list of operations.
macro_rules! operation_methods {
    ($(($name:ident, $blocking:ident, $with:ident, $blocking_with:ident, $request:ty, $output:ty, $doc:literal)),* $(,)?) => {
        #[napi]
        impl NativeClient {
            $(
                #[doc = $doc]
                #[napi(catch_unwind, ts_return_type = "Promise<NativeOutcome>")]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    request_json: String,
                    options_json: Option<String>,
                    cancel: Option<&CancelToken>,
                    capture_log: Option<bool>,
                ) -> napi::Result<PromiseRaw<'env, NativeOutcome>> {
                    self.start::<$request>(env, request_json, options_json, cancel, capture_log)
                }
            )*
        }
    };
}

authlete::for_each_operation!(operation_methods);

impl NativeClient {
    /// Starts operation `O` on the core's shared runtime; the promise settles on the JS thread.
    fn start<'env, O: Operation + 'static>(
        &self,
        env: &'env Env,
        request_json: String,
        options_json: Option<String>,
        cancel: Option<&CancelToken>,
        capture_log: Option<bool>,
    ) -> napi::Result<PromiseRaw<'env, NativeOutcome>> {
        let client = self.inner.clone();
        let token = cancel.map(|c| c.token.clone());
        let capture = capture_log.unwrap_or(false).then(Capture::default);
        let work = run::<O>(client, request_json, options_json, token);
        // The core's shared runtime (two workers), as the other bindings' async calls. napi's
        // runtime has one worker per CPU: with one CPU, many calls in flight were slower there,
        // the one worker switching between them (bench/OPTIMISATIONS.md, item 22).
        let runtime = authlete::runtime::shared().map_err(|e| error::to_napi(&e))?;
        let (promise, pending) = settle::promise(env.raw())?;
        // Boxed: tokio copies an unboxed future into its task and again into each stage
        // (bench/OPTIMISATIONS.md, item 31).
        runtime.spawn(Box::pin(async move {
            let guarded = AssertUnwindSafe(work).catch_unwind();
            let result = match &capture {
                Some(c) => guarded.with_subscriber(c.clone()).await,
                None => guarded.await,
            };
            let log = capture.and_then(|c| c.take());
            pending.settle(match result {
                Ok(Ok(result)) => NativeOutcome {
                    ok: true,
                    unsafe_integers: result.as_ref().is_some_and(|r| r.unsafe_integers),
                    json: result.map(|r| r.text),
                    error: None,
                    log,
                },
                Ok(Err(record)) => failed(record, log),
                Err(_) => failed(error::unexpected("the native call panicked"), log),
            });
        }));
        Ok(PromiseRaw::new(env.raw(), promise))
    }
}

/// Parses the options, attaches the cancellation token and runs the call.
async fn run<O: Operation + 'static>(
    client: Authlete,
    request_json: String,
    options_json: Option<String>,
    token: Option<CancellationToken>,
) -> Result<Option<JsJson>, error::ErrorRecord> {
    let mut options = match options_json.as_deref() {
        Some(json) => Some(CallOptions::from_json(json.as_bytes()).map_err(|e| error::record(&e))?),
        None => None,
    };
    if let Some(token) = token {
        options.get_or_insert_with(CallOptions::default).cancel = Some(token);
    }
    client
        .clients()
        .call_typed_as::<O, JsOutput>(request_json.as_bytes(), options.as_ref())
        .await
        .map_err(|e| error::record(&e))
}
