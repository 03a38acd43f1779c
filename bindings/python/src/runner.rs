//! What a call runs: the typed request the generated `start` builds, run by the core with the
//! call's options, its typed result handed to the thread that holds the GIL.

use std::future::Future;
use std::pin::Pin;

use authlete::operation::Operation;
use authlete::{CallOptions, Clients, Error};
use tokio_util::sync::CancellationToken;

use crate::convert::ToPython;

/// A typed result on its way from the runtime to the thread that holds the GIL.
pub(crate) type Output = Box<dyn ToPython + Send>;

/// A call under way: its typed result once it is done.
pub(crate) type Pending = Pin<Box<dyn Future<Output = Result<Output, Error>> + Send>>;

/// What a call runs with besides its request: the client, the per-call options (JSON, parsed
/// on the runtime) and, for an async call, its cancellation.
pub(crate) struct Runner {
    pub(crate) clients: Clients,
    pub(crate) options: Option<Vec<u8>>,
    pub(crate) cancel: Option<CancellationToken>,
}

impl Runner {
    /// Runs operation `O` with `request` (the generated `start` picks `O`).
    pub(crate) fn start<O>(self, request: O) -> Pending
    where
        O: Operation + 'static,
        O::Output: ToPython + 'static,
    {
        Box::pin(async move {
            let options = parse_options(self.options.as_deref(), self.cancel)?;
            let output = self.clients.execute(&request, options.as_ref()).await?;
            Ok(Box::new(output) as Output)
        })
    }
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
