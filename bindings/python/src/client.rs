//! The native client: sync calls (GIL released) and async calls completed through a callback,
//! cancellable through a [`CallHandle`].

use std::future::Future;

use authlete::clients::AnyOutput;
use authlete::{Authlete, CallOptions, Error};
use pyo3::prelude::*;
use tokio_util::sync::CancellationToken;

use crate::error;
use crate::inbox::Inbox;
use crate::models::result_to_python;

/// One configured client; cheap to share between threads.
#[pyclass(module = "authlete_sdk._native", frozen)]
pub(crate) struct NativeClient {
    inner: Authlete,
}

/// Parses per-call options; `None` means the client's defaults.
fn parse_options(
    json: Option<&[u8]>,
    cancel: Option<CancellationToken>,
) -> Result<Option<CallOptions>, Error> {
    let mut opts = match json {
        Some(j) => Some(CallOptions::from_json(j)?),
        None => None,
    };
    if let Some(token) = cancel {
        opts.get_or_insert_with(CallOptions::default).cancel = Some(token);
    }
    Ok(opts)
}

/// Runs `fut` to completion on this thread with the GIL released
/// ([`authlete::runtime::block_on`]), checking for signals every 100 ms when `check_signals`
/// (Ctrl-C in the main thread drops the call). A call that finishes while the interpreter
/// shuts down leaves its (daemon) thread parked instead of back in Python: pyo3 hangs a thread
/// that would take the GIL then, where Python < 3.14 ends it with `pthread_exit`, whose
/// unwinding through these frames aborted the process (python/tests/test_exit.py).
pub(crate) fn block_on<T>(
    py: Python<'_>,
    check_signals: bool,
    fut: impl Future<Output = Result<T, Error>> + Send,
) -> PyResult<Result<T, Error>>
where
    T: Send,
{
    py.detach(|| {
        let outcome = authlete::runtime::block_on(async move {
            tokio::pin!(fut);
            if !check_signals {
                return Ok(fut.await);
            }
            loop {
                tokio::select! {
                    r = &mut fut => return Ok(r),
                    _ = tokio::time::sleep(std::time::Duration::from_millis(100)) => {
                        // `try_attach`: during interpreter shutdown (a call made by a
                        // finalizer) there is no signal to check, and `attach` would panic.
                        Python::try_attach(|py| py.check_signals()).transpose()?;
                    }
                }
            }
        });
        outcome.unwrap_or_else(|refused| Ok(Err(refused)))
    })
}

#[pymethods]
impl NativeClient {
    /// A client from the official TypeScript SDK's SDKOptions as JSON (`binding` goes in the User-Agent):
    /// `(client, None)` or `(None, ErrorRecord)`.
    #[staticmethod]
    fn create(py: Python<'_>, options_json: &[u8], binding: &str) -> PyResult<(Option<Self>, Py<PyAny>)> {
        match Authlete::from_options_json(options_json, binding) {
            Ok(inner) => Ok((Some(NativeClient { inner }), py.None())),
            Err(e) => Ok((None, error::to_py(py, e)?)),
        }
    }

    /// Runs operation `op` with the request as JSON; returns `(ok, result_or_error)`, the
    /// result as the package's model object.
    #[pyo3(signature = (op, request, options=None, check_signals=false))]
    fn call(
        &self,
        py: Python<'_>,
        op: &str,
        request: &[u8],
        options: Option<&[u8]>,
        check_signals: bool,
    ) -> PyResult<(bool, Py<PyAny>)> {
        let clients = self.inner.clients().clone();
        let (op, request, options_json) = (op.to_owned(), request.to_vec(), options.map(<[u8]>::to_vec));
        let r = block_on(py, check_signals, async move {
            let opts = parse_options(options_json.as_deref(), None)?;
            clients.call_as::<AnyOutput>(&op, &request, opts.as_ref()).await
        })?;
        error::outcome(py, r, result_to_python)
    }

    /// Starts operation `op` on the runtime; its outcome `(ok, result_or_error)` settles the
    /// future `inbox` finds under the returned handle's key. The handle also cancels it.
    #[pyo3(signature = (op, request, options, inbox))]
    fn call_async(
        &self,
        op: String,
        // `&[u8]`, not `Vec<u8>`: pyo3 extracts a `Vec<u8>` from `bytes` item by item (an int
        // object per byte: slow for a full client's request; bench/OPTIMISATIONS.md, item 10).
        request: &[u8],
        options: Option<&[u8]>,
        inbox: &Inbox,
    ) -> PyResult<CallHandle> {
        let (request, options) = (request.to_vec(), options.map(<[u8]>::to_vec));
        let token = CancellationToken::new();
        let clients = self.inner.clients().clone();
        let cancel = token.clone();
        spawn(
            inbox,
            token,
            async move {
                let opts = options_from(options.as_deref(), cancel)?;
                clients.call_as::<AnyOutput>(&op, &request, Some(&opts)).await
            },
            result_to_python,
        )
    }

    /// The server URL this client sends to.
    #[getter]
    fn server_url(&self) -> String {
        self.inner.config().server_url.to_string()
    }

    /// The User-Agent this client sends.
    #[getter]
    fn user_agent(&self) -> String {
        self.inner.config().user_agent.clone()
    }
}

impl NativeClient {
    pub(crate) fn clients(&self) -> &authlete::Clients {
        self.inner.clients()
    }
}

fn options_from(json: Option<&[u8]>, cancel: CancellationToken) -> Result<CallOptions, Error> {
    Ok(parse_options(json, Some(cancel))?.unwrap_or_default())
}

/// Spawns `fut` on the shared runtime; its outcome goes to `inbox`, to be made a Python
/// object by `convert` on the loop thread. The handle carries the call's key and `cancel`.
pub(crate) fn spawn<T, F>(
    inbox: &Inbox,
    cancel: CancellationToken,
    fut: F,
    convert: fn(Python<'_>, T) -> PyResult<Py<PyAny>>,
) -> PyResult<CallHandle>
where
    T: Send + 'static,
    F: Future<Output = Result<T, Error>> + Send + 'static,
{
    let rt =
        authlete::runtime::shared().map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let sender = inbox.sender();
    let key = sender.key();
    rt.spawn(async move {
        let r = fut.await;
        sender.send(Box::new(move |py| error::outcome(py, r, convert)));
    });
    Ok(CallHandle { token: cancel, key })
}

/// Cancels an async call: the in-flight request is aborted (its connection closed).
#[pyclass(module = "authlete_sdk._native", frozen)]
pub(crate) struct CallHandle {
    token: CancellationToken,
    key: u64,
}

#[pymethods]
impl CallHandle {
    /// Cancels the call (no effect once it has finished).
    fn cancel(&self) {
        self.token.cancel();
    }

    /// The call's key in its inbox.
    #[getter]
    fn key(&self) -> u64 {
        self.key
    }

    /// Whether `cancel` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}
