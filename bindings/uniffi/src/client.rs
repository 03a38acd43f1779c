//! The client object: construction from the seed's SDKOptions JSON, the by-name call, and the
//! task runner every generated operation goes through.

use std::future::Future;
use std::sync::Arc;

use authlete::{Authlete, CallOptions, Clients};
use tokio::task::JoinHandle;

use crate::error::NativeError;

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
    /// Builds a client from the seed's SDKOptions as JSON (`security`, `serverIdx`, `server`,
    /// `serverURL`, `retryConfig`, `timeoutMs`, `connectTimeoutMs`, `retryCodes`, `userAgent`).
    #[uniffi::constructor]
    pub fn new(options_json: String) -> Result<Arc<Self>, NativeError> {
        let authlete = Authlete::from_options_json(options_json.as_bytes(), "kotlin")?;
        Ok(Arc::new(AuthleteNative { clients: authlete.clients().clone() }))
    }

    /// Runs an operation by name (`"clients.get"` or `"get"`) with the seed's request object
    /// as JSON and the seed's RequestOptions as JSON; returns the result as JSON (`None` for
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
}

impl AuthleteNative {
    /// Runs `f` on the core's shared runtime with the parsed per-call options. Dropping the
    /// returned future aborts the task, which drops the request (the connection is closed).
    pub(crate) async fn run<T, F, Fut>(&self, options_json: Option<String>, f: F) -> Result<T, NativeError>
    where
        F: FnOnce(Clients, CallOptions) -> Fut,
        Fut: Future<Output = Result<T, authlete::Error>> + Send + 'static,
        T: Send + 'static,
    {
        let options = match options_json {
            Some(json) => CallOptions::from_json(json.as_bytes())?,
            None => CallOptions::default(),
        };
        let runtime = authlete::runtime::shared()?;
        let mut task = AbortOnDrop(runtime.spawn(f(self.clients.clone(), options)));
        match (&mut task.0).await {
            Ok(result) => Ok(result?),
            Err(e) => Err(NativeError::from(authlete::Error::aborted(&format!("task: {e}")))),
        }
    }
}
