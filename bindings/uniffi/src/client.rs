//! The client object: construction from the official TypeScript SDK's SDKOptions JSON, the
//! by-name call, and the two runners every operation goes through: [`AuthleteNative::run`] for
//! the async methods (a task on the shared runtime) and [`AuthleteNative::run_blocking`] for
//! their synchronous `_blocking` twins (the caller's thread drives the call); the operation
//! methods themselves are in `operations.rs`.

use std::future::Future;
use std::sync::Arc;

use authlete::operation::Operation;
use authlete::{Authlete, CallOptions, Clients};
use tokio::task::JoinHandle;

use authlete::foreign::NativeError;

/// The Authlete client. Cheap to share: one connection pool, safe across threads and
/// coroutines.
#[derive(uniffi::Object)]
pub struct AuthleteNative {
    clients: Clients,
}

impl std::fmt::Debug for AuthleteNative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.clients.fmt(f)
    }
}

/// Aborts the spawned task when the awaiting future is dropped (coroutine cancelled).
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[uniffi::export]
impl AuthleteNative {
    /// Builds a client from its options as JSON (`security`, `serverIdx`, `server`,
    /// `serverURL`, `retryConfig`, `timeoutMs`, `connectTimeoutMs`, `retryCodes`, `userAgent`,
    /// `maxResponseBytes`, `caCertificates`, `clientCertificate`, `clientKey`, `proxy`).
    #[uniffi::constructor]
    pub fn new(options_json: String) -> Result<Arc<Self>, NativeError> {
        let authlete = Authlete::from_options_json(options_json.as_bytes(), "kotlin")?;
        Ok(Arc::new(AuthleteNative { clients: authlete.clients().clone() }))
    }

    /// Runs an operation by name (`"clients.get"` or `"get"`) with the official TypeScript SDK's request object
    /// as JSON and the official TypeScript SDK's RequestOptions as JSON; returns the result as JSON (`None` for
    /// the 204 operations).
    pub async fn call(
        &self,
        operation: String,
        request_json: String,
        options_json: Option<String>,
    ) -> Result<Option<String>, NativeError> {
        self.run(options_json, move |clients, options| async move {
            clients.call_json(&operation, request_json.as_bytes(), Some(&options)).await
        })
        .await
    }

    /// Blocking [`AuthleteNative::call`]: runs on the calling thread until the call is done
    /// (for Kotlin's `callBlocking`; no coroutine machinery per call).
    pub fn call_blocking(
        &self,
        operation: String,
        request_json: String,
        options_json: Option<String>,
    ) -> Result<Option<String>, NativeError> {
        self.run_blocking(options_json, move |clients, options| async move {
            clients.call_json(&operation, request_json.as_bytes(), Some(&options)).await
        })
    }
}

/// The per-call options from their JSON (the official TypeScript SDK's RequestOptions); none means the defaults.
fn parse_options(options_json: Option<String>) -> Result<CallOptions, NativeError> {
    match options_json {
        Some(json) => Ok(CallOptions::from_json(json.as_bytes())?),
        None => Ok(CallOptions::default()),
    }
}

impl AuthleteNative {
    /// Runs one operation as a task on the core's shared runtime (every async method of `operations.rs`).
    pub(crate) async fn execute<O>(
        &self,
        request: O,
        options_json: Option<String>,
    ) -> Result<O::Output, NativeError>
    where
        O: Operation + 'static,
        O::Output: 'static,
    {
        self.run(options_json, move |clients, options| async move {
            clients.execute(&request, Some(&options)).await
        })
        .await
    }

    /// Runs one operation on the calling thread (every `_blocking` method of `operations.rs`).
    pub(crate) fn execute_blocking<O: Operation>(
        &self,
        request: O,
        options_json: Option<String>,
    ) -> Result<O::Output, NativeError> {
        self.run_blocking(options_json, move |clients, options| async move {
            clients.execute(&request, Some(&options)).await
        })
    }

    /// Runs `f` on the core's shared runtime with the parsed per-call options. Dropping the
    /// returned future aborts the task, which drops the request (the connection is closed).
    pub(crate) async fn run<T, F, Fut>(&self, options_json: Option<String>, f: F) -> Result<T, NativeError>
    where
        F: FnOnce(Clients, CallOptions) -> Fut,
        Fut: Future<Output = Result<T, authlete::Error>> + Send + 'static,
        T: Send + 'static,
    {
        let options = parse_options(options_json)?;
        let runtime = authlete::runtime::shared()?;
        let mut task = AbortOnDrop(runtime.spawn(f(self.clients.clone(), options)));
        match (&mut task.0).await {
            Ok(result) => Ok(result?),
            Err(e) => Err(NativeError::from(authlete::Error::aborted(&format!("task: {e}")))),
        }
    }

    /// Runs `f` to completion on the calling thread with the parsed per-call options
    /// ([`authlete::runtime::block_on`]: the same call as [`AuthleteNative::run`], without a
    /// task or a foreign future). Refused on a thread that is already inside an async runtime,
    /// where blocking would stall it.
    pub(crate) fn run_blocking<T, F, Fut>(&self, options_json: Option<String>, f: F) -> Result<T, NativeError>
    where
        F: FnOnce(Clients, CallOptions) -> Fut,
        Fut: Future<Output = Result<T, authlete::Error>>,
    {
        let options = parse_options(options_json)?;
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(NativeError::invalid(
                "runtime",
                "a blocking call cannot be made inside an async runtime; use the suspend function",
            ));
        }
        Ok(authlete::runtime::block_on(f(self.clients.clone(), options))??)
    }
}
