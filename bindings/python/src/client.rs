//! The native client: sync calls (GIL released) and async calls completed through a callback,
//! cancellable through a [`CallHandle`]. A call reads its arguments into the operation's
//! request struct (`request.rs`, with the GIL), runs it with `Clients::execute` and turns the
//! typed result into the package's model object (`convert.rs`).

use std::future::Future;

use authlete::{Authlete, Error};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use tokio_util::sync::CancellationToken;

use crate::convert::registry;
use crate::error;
use crate::inbox::Inbox;
use crate::logging::Sink;
use crate::models::result_to_python;
use crate::request::Args;
use crate::runner::Runner;
use crate::shapes::start;

/// One configured client; cheap to share between threads.
#[pyclass(module = "authlete_sdk._native", frozen)]
pub(crate) struct NativeClient {
    inner: Authlete,
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
    let sink = Sink::caller();
    let late = sink.as_ref().and_then(Sink::late);
    let outcome = py.detach(|| {
        let outcome = authlete::runtime::block_on(Sink::scope(sink, async move {
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
        }));
        outcome.unwrap_or_else(|refused| Ok(Err(refused)))
    });
    if let Some(late) = late {
        Sink::emit_late(py, &late);
    }
    outcome
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

    /// Runs operation `op` with its arguments (a tuple in the order of `Op.params`); returns
    /// `(ok, result_or_error)`, the result as the package's model object. Arguments the
    /// request cannot take are an error outcome, before anything is sent.
    #[pyo3(signature = (op, args, options=None, check_signals=false))]
    fn call(
        &self,
        py: Python<'_>,
        op: &str,
        args: &Bound<'_, PyTuple>,
        options: Option<&[u8]>,
        check_signals: bool,
    ) -> PyResult<(bool, Py<PyAny>)> {
        let run = Runner {
            clients: self.inner.clients().clone(),
            options: options.map(<[u8]>::to_vec),
            cancel: None,
        };
        let r = match start(op, &Args { items: args, registry: registry(py)? }, run) {
            Ok(pending) => block_on(py, check_signals, pending)?,
            Err(refused) => Err(refused.into_error()?),
        };
        error::outcome(py, r, result_to_python)
    }

    /// Starts operation `op` on the runtime; its outcome `(ok, result_or_error)` settles the
    /// future `inbox` finds under the returned handle's key. The handle also cancels it.
    #[pyo3(signature = (op, args, options, inbox, log_context=None))]
    fn call_async(
        &self,
        py: Python<'_>,
        op: &str,
        args: &Bound<'_, PyTuple>,
        // `&[u8]`, not `Vec<u8>`: pyo3 extracts a `Vec<u8>` from `bytes` item by item (an int
        // object per byte; bench/OPTIMISATIONS.md, item 10).
        options: Option<&[u8]>,
        inbox: &Inbox,
        log_context: Option<Py<PyAny>>,
    ) -> PyResult<CallHandle> {
        let token = CancellationToken::new();
        let run = Runner {
            clients: self.inner.clients().clone(),
            options: options.map(<[u8]>::to_vec),
            cancel: Some(token.clone()),
        };
        match start(op, &Args { items: args, registry: registry(py)? }, run) {
            Ok(pending) => spawn(inbox, token, log_context, pending, result_to_python),
            Err(refused) => Ok(settle_now(inbox, token, refused.into_error()?)),
        }
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

/// Spawns `fut` on the shared runtime; its outcome goes to `inbox`, to be made a Python
/// object by `convert` on the loop thread, and so do its log records when the caller gave
/// its `log_context` (logging.rs). The handle carries the call's key and `cancel`.
pub(crate) fn spawn<T, F>(
    inbox: &Inbox,
    cancel: CancellationToken,
    log_context: Option<Py<PyAny>>,
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
    let sink = sender.log_queue().and_then(|queue| Sink::asyncio(queue, log_context));
    rt.spawn(async move {
        let r = Sink::scope(sink, fut).await;
        sender.send(Box::new(move |py| error::outcome(py, r, convert)));
    });
    Ok(CallHandle { token: cancel, key })
}

/// Settles an async call that failed before it started: its outcome goes to `inbox` at once
/// (the loop takes it at its next wake-up, as any other).
fn settle_now(inbox: &Inbox, cancel: CancellationToken, e: Error) -> CallHandle {
    let sender = inbox.sender();
    let key = sender.key();
    sender.send(Box::new(move |py| error::outcome(py, Err::<(), _>(e), result_to_python)));
    CallHandle { token: cancel, key }
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
