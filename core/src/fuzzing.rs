//! Hooks for the fuzz targets in `fuzz/` (cargo feature `fuzzing`): the crate-internal
//! parsers and the response handling that real calls use, reachable from outside the crate.
//! Not part of the API.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use crate::clients::*;
use crate::error::Error;
use crate::operation::Operation;

/// One operation's response handling, as a call runs it.
#[derive(Clone, Copy, Debug)]
pub struct OperationDecoders {
    /// The operation's qualified name, e.g. `clients.get`.
    pub name: &'static str,
    /// The success body as the JSON bindings get it (the checked body as received, or the
    /// typed decode written again).
    pub json: fn(u16, &HeaderMap, &Bytes) -> Result<Option<String>, Error>,
    /// The typed way only: decoded into the model, then written as JSON.
    pub typed_json: fn(u16, &HeaderMap, &Bytes) -> Result<Option<String>, Error>,
    /// The success body as the typed bindings (Rust, Python, Kotlin) get it: the model; true
    /// if one came back.
    pub typed: fn(u16, &HeaderMap, &Bytes) -> Result<bool, Error>,
}

fn json<O: Operation>(status: u16, headers: &HeaderMap, body: &Bytes) -> Result<Option<String>, Error>
where
    O::Output: 'static,
{
    crate::response::decode_as::<JsonOutput, O::Output>(O::SPEC.returns_body, status, headers, body)
}

fn typed_json<O: Operation>(status: u16, headers: &HeaderMap, body: &Bytes) -> Result<Option<String>, Error>
where
    O::Output: 'static,
{
    let value = crate::response::decode::<O::Output>(O::SPEC.returns_body, status, headers, body)?;
    JsonOutput::encode(value, O::SPEC.returns_body)
}

fn typed<O: Operation>(status: u16, headers: &HeaderMap, body: &Bytes) -> Result<bool, Error> {
    crate::response::decode::<O::Output>(O::SPEC.returns_body, status, headers, body)
        .map(|_| O::SPEC.returns_body)
}

macro_rules! operations {
    ($($op:ty),* $(,)?) => {
        /// The response handling of every operation.
        pub const OPERATIONS: &[OperationDecoders] = &[$(OperationDecoders {
            name: <$op as Operation>::SPEC.name,
            json: json::<$op>,
            typed_json: typed_json::<$op>,
            typed: typed::<$op>,
        }),*];
    };
}

operations!(
    ClientGetApiRequest,
    ClientGetListApiRequest,
    ClientCreateApiRequest,
    ClientUpdateApiRequest,
    ClientDeleteApiRequest,
    ClientFlagUpdateApiRequest,
    ClientSecretRefreshApiRequest,
    ClientSecretUpdateApiRequest,
    ClientAuthorizationGetListApiRequest,
    ClientAuthorizationUpdateApiRequest,
    ClientAuthorizationDeleteApiRequest,
    ClientGrantedScopesGetApiRequest,
    ClientGrantedScopesDeleteApiRequest,
    ClientExtensionRequestablesScopesGetApiRequest,
    ClientExtensionRequestablesScopesUpdateApiRequest,
    ClientExtensionRequestablesScopesDeleteApiRequest,
);

/// The error a call returns for a non-success response.
pub fn status_error(status: u16, headers: &HeaderMap, body: &Bytes) -> Error {
    crate::response::status_error(status, headers, body)
}

/// A `Retry-After` value as the retry loop reads it.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    crate::retry::parse_retry_after(value)
}

/// A server name or URL as the configuration resolves it.
pub fn server_url(name_or_url: &str) -> Result<String, Error> {
    crate::config::server_url(name_or_url)
}

/// A server name or URL as a per-call `serverURL` is parsed.
pub fn parsed_server_url(name_or_url: &str) -> Result<reqwest::Url, Error> {
    crate::config::parsed_server_url(name_or_url)
}

/// The wait before retry number `retry` of an idempotent call, `elapsed` after its first
/// attempt, as the retry loop computes it (`None`: no retry).
pub fn retry_wait(
    config: &crate::retry::RetryConfig,
    retry: u32,
    elapsed: Duration,
    retry_after: Option<Duration>,
) -> Option<Duration> {
    let policy =
        crate::retry::RetryPolicy { config, codes: &crate::retry::StatusPattern::DEFAULTS, idempotent: true };
    policy.wait(retry, elapsed, retry_after)
}
