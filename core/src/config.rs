//! Client configuration: server, token, timeouts, retries and User-Agent, from a builder or
//! from the official TypeScript SDK's `SDKOptions` as JSON (what the bindings pass).

use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;
use crate::retry::{RetryConfig, StatusPattern};
use crate::secret::Secret;
use crate::tls::TlsSettings;
use crate::validate;

/// The servers of the contract, in the official TypeScript SDK's index order.
pub const SERVERS: [(&str, &str); 4] = [
    ("us", "https://us.authlete.com"),
    ("jp", "https://jp.authlete.com"),
    ("eu", "https://eu.authlete.com"),
    ("br", "https://br.authlete.com"),
];

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default deadline of a whole call, all retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on the decompressed size of a response body (16 MiB): far above any response
/// of the API, far below what would hurt a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 << 20;

/// The resolved configuration of an [`crate::Authlete`] client.
#[derive(Clone, Debug)]
pub struct Config {
    /// The server URL, without a trailing slash (a path prefix is kept).
    pub server_url: String,
    /// The access token sent as `Authorization: Bearer`, if any.
    pub token: Option<Secret>,
    /// The deadline of a whole call, across retries.
    pub timeout: Duration,
    /// The connect timeout of one attempt.
    pub connect_timeout: Duration,
    /// How calls are retried.
    pub retry: RetryConfig,
    /// Which statuses are retried.
    pub retry_codes: Vec<StatusPattern>,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The cap on the decompressed size of a response body.
    pub max_response_bytes: u64,
    /// Extra CA certificates and the client certificate.
    pub tls: TlsSettings,
    /// A proxy for every request, instead of the environment's (`HTTPS_PROXY`, ...).
    pub proxy: Option<Secret>,
}

/// Builds an [`crate::Authlete`] client. Unset values fall back to the environment
/// (`AUTHLETE_SERVER_URL`, `AUTHLETE_AUTHLETE`, `AUTHLETE_BEARER`), then to the defaults.
#[derive(Clone, Debug, Default)]
pub struct AuthleteBuilder {
    server_url: Option<String>,
    server_index: Option<usize>,
    authlete: Option<Secret>,
    bearer: Option<Secret>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    retry_codes: Option<Vec<StatusPattern>>,
    user_agent: Option<String>,
    binding: Option<String>,
    max_response_bytes: Option<u64>,
    tls: TlsSettings,
    proxy: Option<Secret>,
}

impl AuthleteBuilder {
    /// A server by name (`us`, `jp`, `eu`, `br`) or any URL; a path prefix in a URL is kept.
    pub fn server(mut self, name_or_url: impl Into<String>) -> Self {
        self.server_url = Some(name_or_url.into());
        self
    }

    /// A server by the official TypeScript SDK's index (0 = us, 1 = jp, 2 = eu, 3 = br).
    pub fn server_index(mut self, index: usize) -> Self {
        self.server_index = Some(index);
        self
    }

    /// The token of the official TypeScript SDK's `security.authlete` (takes precedence over `bearer`).
    pub fn authlete_token(mut self, token: impl Into<String>) -> Self {
        self.authlete = Some(Secret::new(token));
        self
    }

    /// The token of the official TypeScript SDK's `security.bearer`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(Secret::new(token));
        self
    }

    /// The deadline of a whole call, across retries (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The connect timeout of each attempt (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How calls are retried (default: backoff, see [`RetryConfig`]).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Which statuses are retried (default 429, 500, 502, 503, 504).
    pub fn retry_codes(mut self, codes: Vec<StatusPattern>) -> Self {
        self.retry_codes = Some(codes);
        self
    }

    /// Replaces the whole `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The cap on the decompressed size of a response body (default 16 MiB); a larger body
    /// ends the call with a `ResponseValidationError` naming the limit.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Extra CA certificates (PEM, one or more) trusted beside the operating system's store.
    pub fn ca_certificates(mut self, pem: impl Into<String>) -> Self {
        self.tls.ca_certificates = Some(pem.into());
        self
    }

    /// A client certificate chain and its private key (both PEM), for mutual TLS.
    pub fn client_certificate(mut self, cert_pem: impl Into<String>, key_pem: impl Into<String>) -> Self {
        self.tls.client_certificate = Some(cert_pem.into());
        self.tls.client_key = Some(Secret::new(key_pem));
        self
    }

    /// An HTTP(S) proxy URL for every request, instead of the environment's `HTTP_PROXY`,
    /// `HTTPS_PROXY` and `NO_PROXY`. It may carry credentials: it is never printed.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Secret::new(url));
        self
    }

    /// Names the language binding in the default `User-Agent` (e.g. `python/3.11`).
    pub fn binding(mut self, binding: impl Into<String>) -> Self {
        self.binding = Some(binding.into());
        self
    }

    /// Applies the official TypeScript SDK's `SDKOptions` given as JSON: `security` (`authlete` or `bearer`),
    /// `serverIdx`, `server`, `serverURL`, `retryConfig`, `timeoutMs`, `connectTimeoutMs`,
    /// `retryCodes`, `userAgent`, `maxResponseBytes`, `caCertificates`, `clientCertificate`,
    /// `clientKey`, `proxy`. Unknown keys are refused, naming the key.
    pub fn sdk_options_json(mut self, json: &[u8]) -> Result<Self, Error> {
        let o: SdkOptions = crate::json::from_slice_named(json, "options")?;
        if let Some(s) = o.security {
            if let Some(t) = s.authlete {
                self = self.authlete_token(t);
            }
            if let Some(t) = s.bearer {
                self = self.bearer_token(t);
            }
        }
        if let Some(i) = o.server_idx {
            self = self.server_index(i);
        }
        if let Some(s) = o.server.or(o.server_url) {
            self = self.server(s);
        }
        if let Some(r) = o.retry_config {
            self = self.retry_config(r);
        }
        if let Some(ms) = o.timeout_ms {
            self = self.timeout(Duration::from_millis(ms));
        }
        if let Some(ms) = o.connect_timeout_ms {
            self = self.connect_timeout(Duration::from_millis(ms));
        }
        if let Some(codes) = o.retry_codes {
            self = self.retry_codes(codes.iter().map(|c| StatusPattern::parse(c)).collect::<Result<_, _>>()?);
        }
        if let Some(ua) = o.user_agent {
            self = self.user_agent(ua);
        }
        if let Some(n) = o.max_response_bytes {
            self = self.max_response_bytes(n);
        }
        if let Some(pem) = o.ca_certificates {
            self = self.ca_certificates(pem);
        }
        if o.client_certificate.is_some() || o.client_key.is_some() {
            self.tls.client_certificate = o.client_certificate;
            self.tls.client_key = o.client_key.map(Secret::new);
        }
        if let Some(url) = o.proxy {
            self = self.proxy(url);
        }
        Ok(self)
    }

    /// Resolves the configuration, checking every value.
    pub fn resolve(self) -> Result<Config, Error> {
        let server_url = match (self.server_url, self.server_index) {
            (Some(s), _) => server_url(&s)?,
            (None, Some(i)) => match SERVERS.get(i) {
                Some((_, url)) => (*url).to_owned(),
                None => {
                    return Err(Error::validation(
                        "serverIdx",
                        format!("must be 0 to {} (got {i})", SERVERS.len() - 1),
                    ))
                }
            },
            (None, None) => match env("AUTHLETE_SERVER_URL") {
                Some(url) => server_url(&url)?,
                None => SERVERS[0].1.to_owned(),
            },
        };
        let token = self
            .authlete
            .or(self.bearer)
            .or_else(|| env("AUTHLETE_AUTHLETE").map(Secret::new))
            .or_else(|| env("AUTHLETE_BEARER").map(Secret::new));
        if let Some(t) = &token {
            validate::token("security", t.expose())?;
        }
        let user_agent = self.user_agent.unwrap_or_else(|| default_user_agent(self.binding.as_deref()));
        validate::header_value("userAgent", &user_agent)?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::validation("timeoutMs", "must be positive"));
        }
        let max_response_bytes = self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(Error::validation("maxResponseBytes", "must be positive"));
        }
        self.tls.check()?;
        if let Some(p) = &self.proxy {
            validate::proxy_url(p.expose())?;
        }
        Ok(Config {
            server_url,
            token,
            timeout,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            retry: self.retry.unwrap_or_default(),
            retry_codes: self.retry_codes.unwrap_or_else(|| StatusPattern::DEFAULTS.to_vec()),
            user_agent,
            max_response_bytes,
            tls: self.tls,
            proxy: self.proxy,
        })
    }
}

/// The `User-Agent` this SDK sends: its name, version and language binding.
pub fn default_user_agent(binding: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match binding {
        Some(b) => format!("authlete-sdk/{version} {b}"),
        None => format!("authlete-sdk/{version} rust"),
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Resolves a server name or checks a URL; drops a trailing slash, keeps a path prefix.
pub(crate) fn server_url(name_or_url: &str) -> Result<String, Error> {
    Ok(parsed_server_url(name_or_url)?.as_str().trim_end_matches('/').to_owned())
}

/// [`server_url`] as a parsed URL (its path may end with a slash).
pub(crate) fn parsed_server_url(name_or_url: &str) -> Result<reqwest::Url, Error> {
    let named = SERVERS.iter().find(|(name, _)| name.eq_ignore_ascii_case(name_or_url));
    let url = reqwest::Url::parse(named.map_or(name_or_url, |(_, url)| url)).map_err(|e| {
        Error::validation("serverURL", format!("is not a server name (us, jp, eu, br) or a URL: {e}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::validation("serverURL", "must be an http or https URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::validation("serverURL", "must not have a query or fragment"));
    }
    Ok(url)
}

/// The official TypeScript SDK's `SDKOptions`, as JSON.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SdkOptions {
    security: Option<SecurityOptions>,
    server_idx: Option<usize>,
    server: Option<String>,
    #[serde(rename = "serverURL", alias = "serverUrl")]
    server_url: Option<String>,
    retry_config: Option<RetryConfig>,
    timeout_ms: Option<u64>,
    connect_timeout_ms: Option<u64>,
    retry_codes: Option<Vec<String>>,
    user_agent: Option<String>,
    max_response_bytes: Option<u64>,
    ca_certificates: Option<String>,
    client_certificate: Option<String>,
    client_key: Option<String>,
    proxy: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecurityOptions {
    authlete: Option<String>,
    bearer: Option<String>,
}
