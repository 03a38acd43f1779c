//! HTTP transport: reqwest connection pools (rustls with the settings of `tls`, gzip, a proxy
//! given or the environment's, no redirects), rebuilt in a child process after `fork()`
//! because pooled connections and their tasks belong to the parent. Bodies are read with a cap
//! on their decompressed size. A client has two pools: one for blocking calls on the caller-driven
//! runtime (see [`crate::runtime`]), whose connections are tasks of a runtime that only runs
//! while such a call does, and one for every other call.

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, Url};

use crate::config::Config;
use crate::error::Error;
use crate::operation::HttpMethod;
use crate::retry::Failure;

/// The result of one attempt.
pub(crate) enum Outcome {
    /// The server answered (any status) and the whole body was read.
    Response { status: u16, headers: HeaderMap, body: Bytes },
    /// The body was larger than the cap: the first bytes of it (the connection is dropped).
    Oversized { status: u16, headers: HeaderMap, prefix: Bytes },
    /// No complete response: why, and what to tell the caller.
    Failed { failure: Failure, message: String },
}

/// How many bytes of an oversized body are kept for the error.
const OVERSIZED_PREFIX: usize = 4096;

/// The connection pools of one client.
pub(crate) struct Transport {
    settings: Settings,
    pools: Mutex<Pools>,
}

/// What a pool is built from (again after fork).
struct Settings {
    connect_timeout: Duration,
    tls: rustls::ClientConfig,
    proxy: Option<reqwest::Proxy>,
}

/// The pools of one process.
struct Pools {
    pid: u32,
    /// For calls on any runtime but the caller-driven one.
    any: reqwest::Client,
    /// For calls on the caller-driven runtime (see [`crate::runtime`]); made by the first.
    caller_driven: Option<reqwest::Client>,
}

impl Transport {
    pub(crate) fn new(config: &Config) -> Result<Self, Error> {
        let proxy = match &config.proxy {
            Some(url) => Some(
                reqwest::Proxy::all(url.expose())
                    .map_err(|_| Error::validation("proxy", "must be an http or https URL with a host"))?,
            ),
            None => None,
        };
        let settings =
            Settings { connect_timeout: config.connect_timeout, tls: config.tls.client_config()?, proxy };
        let any = settings.build()?;
        let pools = Pools { pid: std::process::id(), any, caller_driven: None };
        Ok(Transport { settings, pools: Mutex::new(pools) })
    }

    /// The pool for the running call, of this process (new ones in a forked child).
    fn client(&self) -> Result<reqwest::Client, Error> {
        let mut pools = self.pools.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pid = std::process::id();
        if pools.pid != pid {
            *pools = Pools { pid, any: self.settings.build()?, caller_driven: None };
        }
        if !crate::runtime::on_caller_driven_runtime() {
            return Ok(pools.any.clone());
        }
        match &pools.caller_driven {
            Some(client) => Ok(client.clone()),
            None => {
                let client = self.settings.build()?;
                pools.caller_driven = Some(client.clone());
                Ok(client)
            }
        }
    }

    /// Sends one request and reads the whole response, up to `limit` bytes of body.
    pub(crate) async fn send(
        &self,
        method: HttpMethod,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&Bytes>,
        limit: u64,
    ) -> Outcome {
        let client = match self.client() {
            Ok(c) => c,
            Err(e) => return Outcome::Failed { failure: Failure::NotSent, message: e.to_string() },
        };
        let method = match method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Delete => Method::DELETE,
        };
        let mut request = client.request(method, url.clone()).headers(headers.clone());
        if let Some(body) = body {
            request = request.body(body.clone());
        }
        let guard = crate::runtime::RequestGuard::new();
        let outcome = self.exchange(request, limit).await;
        guard.done();
        outcome
    }

    /// Sends the request and reads the response, up to `limit` bytes of body.
    async fn exchange(&self, request: reqwest::RequestBuilder, limit: u64) -> Outcome {
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                // A failed connect means the server never saw the request; anything later
                // (reset, closed before the response) may have been processed.
                let failure = if tls_refused(&e) {
                    Failure::Permanent
                } else if e.is_connect() {
                    Failure::NotSent
                } else {
                    Failure::Ambiguous
                };
                return Outcome::Failed { failure, message: describe(e) };
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if response.content_length().is_some_and(|n| n > limit) {
            return Outcome::Oversized { status, headers, prefix: Bytes::new() };
        }
        let mut body = Body::default();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        // Dropping the response closes the connection: the rest is never read.
                        return Outcome::Oversized { status, headers, prefix: body.prefix(chunk) };
                    }
                    body.push(chunk);
                }
                Ok(None) => return Outcome::Response { status, headers, body: body.finish() },
                Err(e) => {
                    return Outcome::Failed {
                        failure: Failure::Ambiguous,
                        message: format!(
                            "the connection broke while reading the HTTP {status} response: {}",
                            describe(e)
                        ),
                    }
                }
            }
        }
    }
}

impl Drop for Transport {
    /// The caller-driven pool's connections are closed now, not at the next blocking call.
    fn drop(&mut self) {
        let pools = self.pools.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        if pools.pid == std::process::id() {
            if let Some(pool) = pools.caller_driven.take() {
                crate::runtime::drop_on_caller_driven(pool);
            }
        }
    }
}

/// A body read in chunks: the first one kept as it came (a small body is one chunk, not
/// copied), later ones appended to a buffer.
#[derive(Default)]
struct Body {
    first: Bytes,
    rest: Option<bytes::BytesMut>,
}

impl Body {
    fn len(&self) -> usize {
        self.rest.as_ref().map_or(self.first.len(), |r| r.len())
    }

    fn push(&mut self, chunk: Bytes) {
        match &mut self.rest {
            Some(rest) => rest.extend_from_slice(&chunk),
            None if self.first.is_empty() => self.first = chunk,
            None => {
                let mut rest = bytes::BytesMut::with_capacity(self.first.len() + chunk.len());
                rest.extend_from_slice(&self.first);
                rest.extend_from_slice(&chunk);
                self.rest = Some(rest);
            }
        }
    }

    fn finish(self) -> Bytes {
        match self.rest {
            Some(rest) => rest.freeze(),
            None => self.first,
        }
    }

    /// The first [`OVERSIZED_PREFIX`] bytes of the body read so far and `next`.
    fn prefix(self, next: Bytes) -> Bytes {
        let mut body = self.finish();
        if body.len() < OVERSIZED_PREFIX {
            let mut joined = bytes::BytesMut::from(&body[..]);
            joined.extend_from_slice(&next[..next.len().min(OVERSIZED_PREFIX - body.len())]);
            body = joined.freeze();
        }
        body.slice(..body.len().min(OVERSIZED_PREFIX))
    }
}

impl Settings {
    fn build(&self) -> Result<reqwest::Client, Error> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(60))
            // The API never redirects; following one could send the body (a new client
            // secret, say) to another origin. A 3xx is an error with its Location.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            // Retries are decided in one place, the call's policy (crate::retry). With no retry
            // allowed, reqwest also skips the copy of each request it keeps for one.
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .tls_backend_preconfigured(self.tls.clone());
        if let Some(proxy) = &self.proxy {
            builder = builder.proxy(proxy.clone());
        }
        builder
            .build()
            .map_err(|e| Error::unexpected(format!("cannot create the HTTP client: {}", describe(e))))
    }
}

/// Whether the TLS handshake was refused (an untrusted certificate, no client certificate):
/// another attempt would meet the same refusal.
fn tls_refused(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            return true;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) {
                return true;
            }
        }
        source = s.source();
    }
    false
}

/// A reqwest error and its causes, without the URL (which could carry credentials).
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
