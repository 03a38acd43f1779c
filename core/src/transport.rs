//! HTTP transport: reqwest connection pools (rustls, gzip, proxies from the environment),
//! rebuilt in a child process after `fork()` because pooled connections and their tasks
//! belong to the parent. A client has two pools: one for blocking calls on the caller-driven
//! runtime (see [`crate::runtime`]), whose connections are tasks of a runtime that only runs
//! while such a call does, and one for every other call.

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, Url};

use crate::error::Error;
use crate::operation::HttpMethod;
use crate::retry::Failure;

/// The result of one attempt.
pub(crate) enum Outcome {
    /// The server answered (any status) and the whole body was read.
    Response { status: u16, headers: HeaderMap, body: Bytes },
    /// No complete response: why, and what to tell the caller.
    Failed { failure: Failure, message: String },
}

/// The connection pools of one client.
pub(crate) struct Transport {
    connect_timeout: Duration,
    pools: Mutex<Pools>,
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
    pub(crate) fn new(connect_timeout: Duration) -> Result<Self, Error> {
        let any = build(connect_timeout)?;
        let pools = Pools { pid: std::process::id(), any, caller_driven: None };
        Ok(Transport { connect_timeout, pools: Mutex::new(pools) })
    }

    /// The pool for the running call, of this process (new ones in a forked child).
    fn client(&self) -> Result<reqwest::Client, Error> {
        let mut pools = self.pools.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pid = std::process::id();
        if pools.pid != pid {
            *pools = Pools { pid, any: build(self.connect_timeout)?, caller_driven: None };
        }
        if !crate::runtime::on_caller_driven_runtime() {
            return Ok(pools.any.clone());
        }
        match &pools.caller_driven {
            Some(client) => Ok(client.clone()),
            None => {
                let client = build(self.connect_timeout)?;
                pools.caller_driven = Some(client.clone());
                Ok(client)
            }
        }
    }

    /// Sends one request and reads the whole response.
    pub(crate) async fn send(
        &self,
        method: HttpMethod,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&Bytes>,
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
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                // A failed connect means the server never saw the request; anything later
                // (reset, closed before the response) may have been processed.
                let failure = if e.is_connect() { Failure::NotSent } else { Failure::Ambiguous };
                return Outcome::Failed { failure, message: describe(e) };
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        match response.bytes().await {
            Ok(body) => Outcome::Response { status, headers, body },
            Err(e) => Outcome::Failed {
                failure: Failure::Ambiguous,
                message: format!(
                    "the connection broke while reading the HTTP {status} response: {}",
                    describe(e)
                ),
            },
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

fn build(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::validation("options", format!("cannot create the HTTP client: {}", describe(e))))
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
