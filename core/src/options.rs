//! Per-call options: deadline, retries, retried statuses, extra headers, server URL and a
//! cancellation token.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use crate::error::Error;
use crate::retry::{RetryConfig, StatusPattern};
use crate::validate;

/// Options for one call; unset values fall back to the client's configuration.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The deadline of this call, across retries.
    pub timeout: Option<Duration>,
    /// How this call is retried.
    pub retries: Option<RetryConfig>,
    /// Which statuses are retried.
    pub retry_codes: Option<Vec<StatusPattern>>,
    /// Extra request headers (checked: no CR/LF or other control characters).
    pub headers: Vec<(String, String)>,
    /// Another server for this call (a name or a URL).
    pub server_url: Option<String>,
    /// Cancelling this token aborts the call with `RequestAbortedError`.
    pub cancel: Option<CancellationToken>,
    /// The cap on the decompressed size of the response body for this call.
    pub max_response_bytes: Option<u64>,
}

impl fmt::Debug for CallOptions {
    /// Header values are left out: they may carry credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("retry_codes", &self.retry_codes)
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("server_url", &self.server_url)
            .field("cancellable", &self.cancel.is_some())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl CallOptions {
    /// Parses the official TypeScript SDK's `RequestOptions` as JSON: `retries`, `retryCodes`,
    /// `timeoutMs`, `serverURL`, `headers` and `fetchOptions.headers`, and this SDK's
    /// `maxResponseBytes`.
    pub fn from_json(json: &[u8]) -> Result<Self, Error> {
        let o: RequestOptions = crate::json::from_slice_named(json, "options")?;
        let mut headers: Vec<(String, String)> = Vec::new();
        for map in [o.fetch_options.and_then(|f| f.headers), o.headers].into_iter().flatten() {
            for (name, value) in map {
                match value {
                    serde_json::Value::String(v) => headers.push((name, v)),
                    _ => return Err(Error::validation(format!("headers.{name}"), "must be a string")),
                }
            }
        }
        let out = CallOptions {
            timeout: o.timeout_ms.map(Duration::from_millis),
            retries: o.retries,
            retry_codes: o
                .retry_codes
                .map(|codes| codes.iter().map(|c| StatusPattern::parse(c)).collect::<Result<Vec<_>, _>>())
                .transpose()?,
            headers,
            server_url: o.server_url,
            cancel: None,
            max_response_bytes: o.max_response_bytes,
        };
        out.check()?;
        Ok(out)
    }

    /// Checks headers and the timeout before any I/O.
    pub(crate) fn check(&self) -> Result<(), Error> {
        for (name, value) in &self.headers {
            validate::header_name("headers", name)?;
            validate::header_value(&format!("headers.{name}"), value)?;
        }
        if self.timeout == Some(Duration::ZERO) {
            return Err(Error::validation("timeoutMs", "must be positive"));
        }
        if self.max_response_bytes == Some(0) {
            return Err(Error::validation("maxResponseBytes", "must be positive"));
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RequestOptions {
    retries: Option<RetryConfig>,
    retry_codes: Option<Vec<String>>,
    timeout_ms: Option<u64>,
    #[serde(rename = "serverURL", alias = "serverUrl")]
    server_url: Option<String>,
    headers: Option<serde_json::Map<String, serde_json::Value>>,
    fetch_options: Option<FetchOptions>,
    max_response_bytes: Option<u64>,
}

#[derive(Deserialize)]
struct FetchOptions {
    headers: Option<serde_json::Map<String, serde_json::Value>>,
}
