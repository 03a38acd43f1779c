//! A blocking facade over the async client, for callers without an async runtime. Calls run
//! on the calling thread ([`crate::runtime::block_on`]).

use futures_util::{Stream, StreamExt};

use crate::error::Error;
use crate::operation::Operation;
use crate::options::CallOptions;

impl crate::AuthleteBuilder {
    /// Builds a blocking client, for callers without an async runtime.
    pub fn build_blocking(self) -> Result<Authlete, Error> {
        Authlete::new(self.build()?)
    }
}

/// A blocking Authlete client; see [`crate::Authlete`].
#[derive(Clone, Debug)]
pub struct Authlete {
    inner: crate::Authlete,
    clients: Clients,
}

impl Authlete {
    /// Wraps an async client.
    pub fn new(inner: crate::Authlete) -> Result<Self, Error> {
        let clients = Clients { inner: inner.clients().clone() };
        Ok(Authlete { inner, clients })
    }

    /// The blocking client-management operations.
    pub fn clients(&self) -> &Clients {
        &self.clients
    }

    /// The async client behind this one.
    pub fn as_async(&self) -> &crate::Authlete {
        &self.inner
    }
}

/// The blocking client-management operations; see [`crate::Clients`].
#[derive(Clone)]
pub struct Clients {
    pub(crate) inner: crate::Clients,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl Clients {
    pub(crate) fn run<O: Operation>(
        &self,
        request: &O,
        options: Option<&CallOptions>,
    ) -> Result<O::Output, Error> {
        crate::runtime::block_on(self.inner.execute(request, options))?
    }

    /// Blocking [`crate::Clients::call_json`].
    pub fn call_json(
        &self,
        operation: &str,
        request: &[u8],
        options: Option<&CallOptions>,
    ) -> crate::clients::JsonResult {
        crate::runtime::block_on(self.inner.call_json(operation, request, options))?
    }

    /// Turns a stream into a blocking iterator.
    pub(crate) fn iter<S, T>(&self, stream: S) -> BlockingIter<S>
    where
        S: Stream<Item = Result<T, Error>> + Unpin,
    {
        BlockingIter { stream, done: false }
    }
}

/// A blocking iterator over a paginated listing.
pub struct BlockingIter<S> {
    stream: S,
    /// Set after an error or the end: the iterator then only returns `None`.
    done: bool,
}

impl<S, T> Iterator for BlockingIter<S>
where
    S: Stream<Item = Result<T, Error>> + Unpin,
{
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = crate::runtime::block_on(self.stream.next()).unwrap_or_else(|e| Some(Err(e)));
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}
