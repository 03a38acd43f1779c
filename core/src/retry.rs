//! Retries in the official TypeScript SDK's shape (`strategy: "none" | "backoff"`), with a safe policy: a failure
//! where the server never processed the request (connection refused, 429, 503) is retried for
//! every operation; an ambiguous one (timeout, reset, 500/502/504) only for operations that
//! are idempotent in effect, so a retry never creates a second client.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// How to retry a call, as the official TypeScript SDK's `RetryConfig`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "lowercase", try_from = "RetryWire")]
pub enum RetryConfig {
    /// One attempt only.
    None,
    /// Exponential backoff with jitter, honouring `Retry-After`.
    Backoff {
        /// The backoff intervals.
        backoff: BackoffStrategy,
        /// Whether connection failures are retried.
        #[serde(rename = "retryConnectionErrors")]
        retry_connection_errors: bool,
    },
}

/// `RetryConfig` as read: a plain struct, because serde reads an internally tagged enum
/// through a buffer that turns numbers of any precision (serde_json's arbitrary_precision,
/// which unknown fields need) into maps that `f64` and `u64` refuse.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RetryWire {
    strategy: String,
    backoff: Option<BackoffStrategy>,
    retry_connection_errors: Option<bool>,
}

impl TryFrom<RetryWire> for RetryConfig {
    type Error = String;

    fn try_from(w: RetryWire) -> Result<Self, String> {
        match w.strategy.as_str() {
            "none" if w.backoff.is_none() && w.retry_connection_errors.is_none() => Ok(RetryConfig::None),
            "none" => Err("`backoff` and `retryConnectionErrors` go with strategy `backoff` only".to_owned()),
            "backoff" => Ok(RetryConfig::Backoff {
                backoff: w.backoff.unwrap_or_default(),
                retry_connection_errors: w.retry_connection_errors.unwrap_or(true),
            }),
            other => {
                Err(format!("unknown strategy `{}`, expected `none` or `backoff`", other.escape_debug()))
            }
        }
    }
}

impl Default for RetryConfig {
    /// Our default: backoff, retrying connection errors (safely, see the module docs).
    fn default() -> Self {
        RetryConfig::Backoff { backoff: BackoffStrategy::default(), retry_connection_errors: true }
    }
}

/// Backoff intervals in milliseconds, as the official TypeScript SDK's `BackoffStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct BackoffStrategy {
    /// The first wait, in ms.
    pub initial_interval: u64,
    /// The longest wait, in ms.
    pub max_interval: u64,
    /// The growth factor between waits.
    pub exponent: f64,
    /// No retry starts after this many ms since the first attempt.
    pub max_elapsed_time: u64,
}

impl Default for BackoffStrategy {
    fn default() -> Self {
        BackoffStrategy {
            initial_interval: 500,
            max_interval: 10_000,
            exponent: 1.5,
            max_elapsed_time: 60_000,
        }
    }
}

/// A status code or class (`"429"`, `"5XX"`) that is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusPattern {
    /// One status code.
    Exact(u16),
    /// A class: the hundreds digit (`5` for `5XX`).
    Class(u16),
}

impl StatusPattern {
    /// The official TypeScript SDK's default retry codes.
    pub const DEFAULTS: [StatusPattern; 5] = [
        StatusPattern::Exact(429),
        StatusPattern::Exact(500),
        StatusPattern::Exact(502),
        StatusPattern::Exact(503),
        StatusPattern::Exact(504),
    ];

    /// Parses `"503"` or `"5XX"` (case-insensitive).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = || {
            Error::validation(
                "retryCodes",
                format!("`{}` is not a status code or class like 5XX", text.escape_debug()),
            )
        };
        let t = text.trim();
        // Not ASCII: not a pattern, and `t[1..]` below would not be a char boundary.
        if t.len() != 3 || !t.is_ascii() {
            return Err(bad());
        }
        if t[1..].eq_ignore_ascii_case("xx") {
            let d = t[..1].parse::<u16>().map_err(|_| bad())?;
            return if (1..=5).contains(&d) { Ok(StatusPattern::Class(d)) } else { Err(bad()) };
        }
        match t.parse::<u16>() {
            Ok(code) if (100..=599).contains(&code) => Ok(StatusPattern::Exact(code)),
            _ => Err(bad()),
        }
    }

    /// Whether `status` matches.
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusPattern::Exact(code) => code == status,
            StatusPattern::Class(d) => status / 100 == d,
        }
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(u16),
    /// No connection was made: the server never saw the request.
    NotSent,
    /// The request may have reached the server (reset, broken response).
    Ambiguous,
    /// A failure that another attempt would meet again (the server's certificate is not
    /// trusted, say): never retried.
    Permanent,
}

/// Statuses that mean the server did not process the request, so a retry is always safe.
fn never_processed(status: u16) -> bool {
    status == 429 || status == 503
}

/// The retry decision for one call.
pub(crate) struct RetryPolicy<'a> {
    pub(crate) config: &'a RetryConfig,
    pub(crate) codes: &'a [StatusPattern],
    pub(crate) idempotent: bool,
}

impl RetryPolicy<'_> {
    /// Whether this failure may be retried at all.
    pub(crate) fn retryable(&self, failure: Failure) -> bool {
        let RetryConfig::Backoff { retry_connection_errors, .. } = self.config else {
            return false;
        };
        match failure {
            Failure::Status(s) => {
                self.codes.iter().any(|p| p.matches(s)) && (self.idempotent || never_processed(s))
            }
            Failure::NotSent => *retry_connection_errors,
            Failure::Ambiguous => *retry_connection_errors && self.idempotent,
            Failure::Permanent => false,
        }
    }

    /// The wait before retry number `retry` (1-based), or `None` when the backoff's elapsed
    /// time budget is spent. A `Retry-After` from the server takes precedence.
    pub(crate) fn wait(
        &self,
        retry: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        let RetryConfig::Backoff { backoff, .. } = self.config else {
            return None;
        };
        let wait = retry_after.unwrap_or_else(|| {
            let base = backoff.initial_interval as f64
                * backoff.exponent.max(1.0).powi(retry.saturating_sub(1) as i32);
            let capped = base.min(backoff.max_interval as f64);
            // Jitter of +-25% spreads clients that failed together.
            Duration::from_millis((capped * (0.75 + fastrand::f64() * 0.5)) as u64)
        });
        // A Retry-After of up to u64::MAX seconds must not overflow the sum.
        let total = elapsed.checked_add(wait)?;
        (total <= Duration::from_millis(backoff.max_elapsed_time)).then_some(wait)
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP-date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = parse_retry_after(&future).unwrap_or_default();
        assert!(d > Duration::from_secs(27) && d <= Duration::from_secs(30), "{d:?}");
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn status_patterns() {
        assert!(StatusPattern::parse("5XX").map(|p| p.matches(502)).unwrap_or(false));
        assert!(StatusPattern::parse("429").map(|p| p.matches(429)).unwrap_or(false));
        assert!(StatusPattern::parse("9XX").is_err());
        assert!(StatusPattern::parse("42").is_err());
        assert!(StatusPattern::parse("\u{fffd}").is_err(), "three bytes, one char");
        assert!(StatusPattern::parse("5\u{e9}").is_err(), "three bytes, two chars");
    }

    #[test]
    fn a_huge_retry_after_gives_no_retry() {
        let config = RetryConfig::default();
        let p = RetryPolicy { config: &config, codes: &StatusPattern::DEFAULTS, idempotent: true };
        let huge = parse_retry_after("18446744073709551615");
        assert_eq!(p.wait(1, Duration::from_millis(1500), huge), None);
    }

    #[test]
    fn create_is_only_retried_when_the_server_never_processed_it() {
        let config = RetryConfig::default();
        let create = RetryPolicy { config: &config, codes: &StatusPattern::DEFAULTS, idempotent: false };
        let update = RetryPolicy { config: &config, codes: &StatusPattern::DEFAULTS, idempotent: true };
        for s in [429, 503] {
            assert!(create.retryable(Failure::Status(s)));
        }
        for s in [500, 502, 504] {
            assert!(!create.retryable(Failure::Status(s)));
            assert!(update.retryable(Failure::Status(s)));
        }
        assert!(create.retryable(Failure::NotSent));
        assert!(!create.retryable(Failure::Ambiguous));
        assert!(update.retryable(Failure::Ambiguous));
        let none = RetryConfig::None;
        let p = RetryPolicy { config: &none, codes: &StatusPattern::DEFAULTS, idempotent: true };
        assert!(!p.retryable(Failure::Status(503)));
    }
}
