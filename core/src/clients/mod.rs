//! The `clients` resource: the executor every operation goes through (validation, URL,
//! headers, retries within one deadline, decoding, tracing) and the by-name JSON entry point
//! the language bindings use.

use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT,
};
use reqwest::Url;
use tracing::Instrument;

use crate::config::{self, Config};
use crate::error::{Error, ErrorKind};
use crate::operation::{Operation, RequestParts};
use crate::options::CallOptions;
use crate::redact::Secrets;
use crate::response;
use crate::retry::{self, Failure, RetryPolicy};
use crate::transport::{Outcome, Transport};

mod generated;
pub use generated::*;

#[doc(hidden)]
pub use crate::output::{JsonOutput, JsonResult, OutputEncoding};

/// What all handles of one client share.
pub(crate) struct Shared {
    pub(crate) config: Config,
    transport: Transport,
    /// Accept, User-Agent and Authorization, built once.
    base_headers: HeaderMap,
    /// `config.server_url` parsed once: a call only sets the path and query of a copy (parsing
    /// the whole URL again, host and IDNA included, showed in the profile of every `get`:
    /// bench/OPTIMISATIONS.md, item 11).
    base_url: Url,
}

/// The client-management operations. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Clients {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clients").field("config", &self.shared.config).finish()
    }
}

impl Clients {
    pub(crate) fn new(config: Config) -> Result<Self, Error> {
        let mut base_headers = HeaderMap::new();
        base_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        base_headers.insert(USER_AGENT, header_value("userAgent", &config.user_agent)?);
        if let Some(token) = &config.token {
            let mut v = header_value("security", &format!("Bearer {}", token.expose()))?;
            v.set_sensitive(true);
            base_headers.insert(AUTHORIZATION, v);
        }
        let transport = Transport::new(&config)?;
        let base_url = config::parsed_server_url(&config.server_url)?;
        Ok(Clients { shared: Arc::new(Shared { config, transport, base_headers, base_url }) })
    }

    /// Calls an operation by name (`"clients.get"` or `"get"`) with the official TypeScript SDK's request object
    /// as JSON; returns the result as JSON (`None` for the 204 operations). This is the entry
    /// point of the language bindings.
    #[doc(hidden)]
    pub async fn call_json(
        &self,
        operation: &str,
        request: &[u8],
        options: Option<&CallOptions>,
    ) -> JsonResult {
        dispatch::<JsonOutput>(self, operation, request, options).await
    }

    /// [`Clients::call_json`] with the result handed over as `E` says (e.g. Node's `JsOutput`).
    #[doc(hidden)]
    pub async fn call_as<E: OutputEncoding>(
        &self,
        operation: &str,
        request: &[u8],
        options: Option<&CallOptions>,
    ) -> Result<E::Output, Error> {
        dispatch::<E>(self, operation, request, options).await
    }

    /// Runs operation `O` with its request object as JSON, the result handed over as `E`
    /// says: [`Clients::call_as`] for a binding that knows the operation's type (Node's one
    /// method per operation), without the lookup by name.
    #[doc(hidden)]
    pub async fn call_typed_as<O: Operation, E: OutputEncoding>(
        &self,
        request: &[u8],
        options: Option<&CallOptions>,
    ) -> Result<E::Output, Error>
    where
        O::Output: 'static,
    {
        dispatch_one::<E, O>(self, request, options).await
    }

    /// Runs one operation: validation, then attempts within the deadline, then decoding.
    #[doc(hidden)]
    pub async fn execute<O: Operation>(
        &self,
        request: &O,
        options: Option<&CallOptions>,
    ) -> Result<O::Output, Error> {
        self.run(request, None, options, response::decode::<O::Output>).await
    }

    /// [`Clients::execute`] with the result handed over as `E` says: e.g. [`JsonOutput`], JSON
    /// text (a body that fits its model exactly handed over as received), for a binding whose
    /// public format is JSON and that builds the typed request itself.
    #[doc(hidden)]
    pub async fn execute_as<O: Operation, E: OutputEncoding>(
        &self,
        request: &O,
        options: Option<&CallOptions>,
    ) -> Result<E::Output, Error>
    where
        O::Output: 'static,
    {
        self.run(request, None, options, response::decode_as::<E, O::Output>).await
    }

    /// [`Clients::execute`] with the success body turned into `R` by `decode` (the typed
    /// output, or what a binding's [`OutputEncoding`] makes of it). `raw_body` is the body's
    /// JSON text when it is sent as given ([`Operation::RAW_BODY`]); `request` then has none.
    async fn run<O: Operation, R>(
        &self,
        request: &O,
        raw_body: Option<&str>,
        options: Option<&CallOptions>,
        decode: Decoder<R>,
    ) -> Result<R, Error> {
        let spec = &O::SPEC;
        let span = tracing::info_span!("authlete.call", operation = spec.name);
        let started = Instant::now();
        let attempts = AtomicU32::new(0);
        let ok_status = AtomicU16::new(0);
        let prepared = self.prepare(request, raw_body, options);
        let call = async {
            let prepared = prepared.as_ref().map_err(Clone::clone)?;
            let cancel = options.and_then(|o| o.cancel.clone());
            let attempt_all = tokio::time::timeout(
                prepared.deadline,
                self.attempt_all::<O, R>(prepared, &attempts, &ok_status, decode),
            );
            let outcome = match cancel {
                Some(token) => tokio::select! {
                    biased;
                    _ = token.cancelled() => return Err(Error::aborted(spec.name)),
                    r = attempt_all => r,
                },
                None => attempt_all.await,
            };
            outcome.unwrap_or_else(|_| {
                let n = attempts.load(Ordering::Relaxed);
                Err(Error::transport(
                    ErrorKind::RequestTimeout,
                    spec.name,
                    format!("no response within {} ms ({n} attempt(s))", prepared.deadline.as_millis()),
                    n,
                ))
            })
        };
        let result = call
            .instrument(span.clone())
            .await
            .map_err(|e| self.redact(e, prepared.as_ref().ok().and_then(|p| p.body.as_deref()), options));
        let _entered = span.enter();
        let duration_ms = started.elapsed().as_millis() as u64;
        let n = attempts.load(Ordering::Relaxed);
        match &result {
            Ok(_) => tracing::info!(
                operation = spec.name,
                attempts = n,
                duration_ms,
                status = ok_status.load(Ordering::Relaxed),
                "call succeeded"
            ),
            Err(e) => {
                macro_rules! failed {
                    ($level:expr) => {
                        tracing::event!(
                            $level,
                            operation = spec.name,
                            attempts = n,
                            duration_ms,
                            status = e.status().unwrap_or(0),
                            error = e.kind().name(),
                            "call failed"
                        )
                    };
                }
                if logged_as_warning(e.kind()) {
                    failed!(tracing::Level::WARN)
                } else {
                    failed!(tracing::Level::INFO)
                }
            }
        }
        result
    }

    /// `e` with every secret this call sent (token, credentials in headers, the proxy's, secret
    /// fields of the body) or received (secret fields of the error's body) out of its texts.
    fn redact(&self, e: Error, body: Option<&[u8]>, options: Option<&CallOptions>) -> Error {
        let cfg = &self.shared.config;
        let mut secrets = Secrets::default();
        if let Some(t) = &cfg.token {
            secrets.add(t.expose());
        }
        if let Some(p) = &cfg.proxy {
            secrets.add_url(p.expose());
        }
        for (name, value) in options.map(|o| o.headers.as_slice()).unwrap_or_default() {
            if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("proxy-authorization")
            {
                secrets.add_authorization(value);
            } else if crate::redact::sensitive_header(name) {
                secrets.add(value);
            }
        }
        if let Some(body) = body {
            secrets.add_json_fields(body);
        }
        if let Some(r) = e.response() {
            secrets.add_json_fields(r.body.as_bytes());
        }
        e.redact(&secrets)
    }

    /// Validates the request and the options and builds what every attempt sends.
    fn prepare<O: Operation>(
        &self,
        request: &O,
        raw_body: Option<&str>,
        options: Option<&CallOptions>,
    ) -> Result<Prepared, Error> {
        let cfg = &self.shared.config;
        if let Some(o) = options {
            o.check()?;
        }
        let mut parts = RequestParts::default();
        request.build(&mut parts)?;
        if let (Some(text), Some(raw)) = (raw_body, O::RAW_BODY) {
            parts.raw_body(raw.field, text)?;
        }
        let mut url = match options.and_then(|o| o.server_url.as_deref()) {
            Some(s) => config::parsed_server_url(s)?,
            None => self.shared.base_url.clone(),
        };
        // The server URL has no query (config::parsed_server_url); its path may end with `/`.
        let path = format!("{}{}", url.path().trim_end_matches('/'), parts.path);
        url.set_path(&path);
        url.set_query((!parts.query.is_empty()).then_some(parts.query.as_str()));
        let mut headers = self.shared.base_headers.clone();
        if parts.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        for (name, value) in options.map(|o| o.headers.as_slice()).unwrap_or_default() {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::validation("headers", format!("`{}` is not a valid header name", name.escape_debug()))
            })?;
            let mut v = header_value(&format!("headers.{name}"), value)?;
            v.set_sensitive(name == AUTHORIZATION);
            headers.insert(name, v);
        }
        Ok(Prepared {
            url,
            headers,
            body: parts.body.map(Bytes::from),
            limit: options.and_then(|o| o.max_response_bytes).unwrap_or(cfg.max_response_bytes),
            deadline: options.and_then(|o| o.timeout).unwrap_or(cfg.timeout),
            retry: options.and_then(|o| o.retries.clone()).unwrap_or_else(|| cfg.retry.clone()),
            retry_codes: options
                .and_then(|o| o.retry_codes.clone())
                .unwrap_or_else(|| cfg.retry_codes.clone()),
        })
    }

    /// Attempts until success, a final failure, or the backoff budget is spent. Each attempt
    /// that ends (with a response or a transport failure) emits one [`attempt_event`].
    async fn attempt_all<O: Operation, R>(
        &self,
        p: &Prepared,
        attempts: &AtomicU32,
        ok_status: &AtomicU16,
        decode: Decoder<R>,
    ) -> Result<R, Error> {
        let spec = &O::SPEC;
        let policy = RetryPolicy { config: &p.retry, codes: &p.retry_codes, idempotent: spec.idempotent };
        let started = Instant::now();
        loop {
            let n = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            let attempt_started = Instant::now();
            let outcome =
                self.shared.transport.send(spec.method, &p.url, &p.headers, p.body.as_ref(), p.limit).await;
            let duration_ms = attempt_started.elapsed().as_millis() as u64;
            let (failure, retry_after, error) = match outcome {
                Outcome::Response { status, headers, body } if (200..300).contains(&status) => {
                    attempt_event(spec.name, n, Failure::Status(status), duration_ms, None);
                    ok_status.store(status, Ordering::Relaxed);
                    return decode(spec.returns_body, status, &headers, &body);
                }
                Outcome::Response { status, headers, body } => {
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry::parse_retry_after);
                    (Failure::Status(status), retry_after, response::status_error(status, &headers, &body))
                }
                Outcome::Oversized { status, headers, prefix } => {
                    attempt_event(spec.name, n, Failure::Status(status), duration_ms, None);
                    return Err(response::oversized_error(status, &headers, &prefix, p.limit));
                }
                // The message stays out of the record: it is the caller's (in the error), and
                // the record only says which kind of failure it was.
                Outcome::Failed { failure, message } => {
                    (failure, None, Error::transport(ErrorKind::Connection, spec.name, message, n))
                }
            };
            let wait = if policy.retryable(failure) {
                let elapsed = started.elapsed();
                // Sleeping past the deadline would only turn this error into a timeout.
                policy.wait(n, elapsed, retry_after).filter(|w| elapsed + *w < p.deadline)
            } else {
                None
            };
            // Emitted after the retry decision, so that one record says whether a retry follows.
            attempt_event(spec.name, n, failure, duration_ms, wait);
            match wait {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(error),
            }
        }
    }
}

/// The per-attempt DEBUG record, the same fields in every language (each binding's bridge
/// passes them on by name): `operation` (the official TypeScript SDK's name, e.g.
/// `clients.get`), `attempt` (1-based), `status` (the HTTP status) or `failure` (the kind of
/// transport failure: `connect`, `broken`, `tls`), `duration_ms` (the attempt alone) and, when
/// a retry follows, `wait_ms` (the wait before it). Nothing the caller sent or received beyond
/// the status is in it, so no token, body or secret can be. An attempt cut short by the
/// deadline or a cancellation has no record (the call's own event reports those).
fn attempt_event(
    operation: &'static str,
    attempt: u32,
    outcome: Failure,
    duration_ms: u64,
    wait: Option<Duration>,
) {
    let (status, failure) = match outcome {
        Failure::Status(s) => (Some(s), None),
        // No connection was made: the server never saw the request.
        Failure::NotSent => (None, Some("connect")),
        // The connection broke after the request went out (reset, incomplete response).
        Failure::Ambiguous => (None, Some("broken")),
        // Only a refused TLS handshake is permanent (transport.rs).
        Failure::Permanent => (None, Some("tls")),
    };
    let wait_ms = wait.map(|w| w.as_millis() as u64);
    tracing::debug!(operation, attempt, status, failure, duration_ms, wait_ms, "attempt");
}

/// Turns a success response (whether the operation returns a body, status, headers, body)
/// into a call's result.
type Decoder<R> = fn(bool, u16, &HeaderMap, &Bytes) -> Result<R, Error>;

/// Everything an attempt sends, computed once per call.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    /// The cap on the response body's decompressed size.
    limit: u64,
    deadline: Duration,
    retry: retry::RetryConfig,
    retry_codes: Vec<retry::StatusPattern>,
}

fn header_value(field: &str, value: &str) -> Result<HeaderValue, Error> {
    crate::validate::header_value(field, value)?;
    HeaderValue::from_str(value).map_err(|_| Error::validation(field, "is not a valid header value"))
}

/// Decodes a request of type `O` from JSON, runs it and encodes the result as `E` says.
async fn dispatch_one<E: OutputEncoding, O: Operation>(
    clients: &Clients,
    request: &[u8],
    options: Option<&CallOptions>,
) -> Result<E::Output, Error>
where
    O::Output: 'static,
{
    let decode = response::decode_as::<E, O::Output>;
    // A body that fits its model exactly is sent as the binding wrote it: decoding a full
    // client and writing it again took more than the check (bench/OPTIMISATIONS.md, item 27).
    // Anything else takes the typed way, with its exact errors.
    if let Some(raw) = O::RAW_BODY {
        if let Some((rest, body)) = crate::json::split_member(request, raw.field) {
            if (raw.fits)(body) {
                if let Ok(request) = serde_json::from_slice::<O>(&rest) {
                    return clients.run(&request, Some(body), options, decode).await;
                }
            }
        }
    }
    let request: O = crate::json::from_slice_named(request, "request")?;
    clients.run(&request, None, options, decode).await
}

/// Whether a call that failed with `kind` is logged as a warning: neither the caller's input
/// nor the API's answer explains it (the network, the deadline, a response that breaks the
/// contract, the SDK itself). The others are an answer the caller handles: INFO.
fn logged_as_warning(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Connection
            | ErrorKind::RequestTimeout
            | ErrorKind::ResponseValidation
            | ErrorKind::UnexpectedClient
    )
}
