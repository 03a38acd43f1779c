//! The core's lazy pagination streams, one item (a model object) at a time, sync or async.

use std::pin::Pin;
use std::sync::Arc;

use authlete::Error;
use futures_util::{Stream, StreamExt};
use pyo3::prelude::*;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::client::{block_on, spawn, CallHandle, NativeClient};
use crate::convert::ToPython;
use crate::error;
use crate::inbox::Inbox;
use crate::models::result_to_python;
use crate::runner::Output;

type ItemStream = Pin<Box<dyn Stream<Item = Result<Output, Error>> + Send>>;

/// A paginated listing; `next` returns the next item, `None` at the end.
#[pyclass(module = "authlete_sdk._native", frozen)]
pub(crate) struct Pager {
    stream: Arc<Mutex<ItemStream>>,
}

fn item_stream<T: ToPython + Send + 'static>(s: authlete::pagination::Paginated<T>) -> ItemStream {
    Box::pin(s.map(|item| item.map(|v| Box::new(v) as Output)))
}

async fn next_item(stream: Arc<Mutex<ItemStream>>) -> Result<Option<Output>, Error> {
    let mut s = stream.lock().await;
    s.next().await.transpose()
}

#[pymethods]
impl Pager {
    /// Every client of a service (optionally of one developer), `page_size` per request.
    #[staticmethod]
    #[pyo3(signature = (client, service_id, developer, page_size))]
    fn clients(client: &NativeClient, service_id: String, developer: Option<String>, page_size: u32) -> Self {
        let s = client.clients().list_all(service_id, developer, page_size);
        Pager { stream: Arc::new(Mutex::new(item_stream(s))) }
    }

    /// Every application `subject` authorized, `page_size` per request.
    #[staticmethod]
    #[pyo3(signature = (client, service_id, subject, developer, page_size))]
    fn authorized_applications(
        client: &NativeClient,
        service_id: String,
        subject: String,
        developer: Option<String>,
        page_size: u32,
    ) -> Self {
        let s = client.clients().authorized_applications_all(service_id, subject, developer, page_size);
        Pager { stream: Arc::new(Mutex::new(item_stream(s))) }
    }

    /// The next item as `(ok, item_or_None | error)`; blocks with the GIL released.
    #[pyo3(signature = (check_signals=false))]
    fn next(&self, py: Python<'_>, check_signals: bool) -> PyResult<(bool, Py<PyAny>)> {
        let r = block_on(py, check_signals, next_item(self.stream.clone()))?;
        error::outcome(py, r, result_to_python)
    }

    /// Fetches the next item on the runtime; its outcome `(ok, item_or_None | error)` goes to
    /// `inbox` under the returned handle's key (its log records too, given `log_context`).
    #[pyo3(signature = (inbox, log_context=None))]
    fn next_async(&self, inbox: &Inbox, log_context: Option<Py<PyAny>>) -> PyResult<CallHandle> {
        let token = CancellationToken::new();
        let (stream, cancel) = (self.stream.clone(), token.clone());
        spawn(
            inbox,
            token,
            log_context,
            async move {
                tokio::select! {
                    _ = cancel.cancelled() => Err(Error::aborted("clients.pagination")),
                    r = next_item(stream) => r,
                }
            },
            result_to_python,
        )
    }
}
