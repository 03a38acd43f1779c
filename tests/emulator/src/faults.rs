//! Injected faults: queued by the `fault` admin endpoint, consumed by matching requests.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::sync::Notify;

use crate::errors::{codes, result_body};
use crate::routes::OPS;

/// When a dropped connection is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropWhen {
    /// Before the request is processed.
    Before,
    /// After the request was processed (its effects happened), without a response.
    After,
}

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer with this status (and optional Retry-After, body, content type).
    Status {
        /// HTTP status.
        status: u16,
        /// Retry-After header value.
        retry_after: Option<String>,
        /// Body text (default: an Authlete result JSON).
        body: Option<String>,
        /// Content-Type (default: JSON when the body parses, else text/plain).
        content_type: Option<String>,
        /// More response headers (e.g. `Location`).
        headers: Vec<(String, String)>,
    },
    /// Answer with a body of this many bytes (spaces), sent in chunks without a length, or
    /// gzip-compressed (`Content-Encoding: gzip`): a bomb, small on the wire.
    Large {
        /// HTTP status.
        status: u16,
        /// The size of the (decompressed) body.
        bytes: u64,
        /// Whether the body is sent gzip-compressed.
        gzip: bool,
    },
    /// Close the connection without a response.
    Drop(DropWhen),
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with a Content-Length larger than what is sent, then close.
    Truncated,
    /// The normal response, its body sent in pieces spread over this many ms.
    Trickle(u64),
    /// The normal response with another Content-Type.
    ContentType(String),
    /// Only the delay (then the normal response).
    None,
}

/// One queued fault.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Operation name; `None` matches any operation.
    pub op: Option<String>,
    /// Remaining matching requests.
    pub times: u32,
    /// Delay before anything else.
    pub delay_ms: u64,
    /// The action.
    pub action: Action,
}

impl Fault {
    /// A short name for the log.
    pub fn name(&self) -> String {
        let base = match &self.action {
            Action::Status { status, .. } => format!("status:{status}"),
            Action::Large { bytes, gzip, .. } => format!("large:{bytes}{}", if *gzip { ":gzip" } else { "" }),
            Action::Drop(DropWhen::Before) => "drop:before".into(),
            Action::Drop(DropWhen::After) => "drop:after".into(),
            Action::Malformed => "malformed".into(),
            Action::Truncated => "truncated".into(),
            Action::Trickle(ms) => format!("trickle:{ms}"),
            Action::ContentType(ct) => format!("contentType:{ct}"),
            Action::None => "delay".into(),
        };
        if self.delay_ms > 0 && self.action != Action::None {
            format!("delay+{base}")
        } else {
            base
        }
    }

    /// Parses the body of the `fault` admin request.
    pub fn parse(body: &Map<String, Value>) -> Result<Fault, String> {
        let op = match body.get("op") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if OPS.iter().any(|o| o.name == s) => Some(s.clone()),
            Some(other) => return Err(format!("unknown op {other}")),
        };
        let times = match body.get("times") {
            None | Some(Value::Null) => 1,
            Some(v) => v.as_u64().filter(|t| *t >= 1).ok_or("times must be an integer >= 1")? as u32,
        };
        let delay_ms = match body.get("delayMs") {
            None | Some(Value::Null) => 0,
            Some(v) => v.as_u64().ok_or("delayMs must be a non-negative integer")?,
        };
        let text = |k: &str| -> Result<Option<String>, String> {
            match body.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Number(n)) if k == "retryAfter" => Ok(Some(n.to_string())),
                Some(_) => Err(format!("{k} must be a string")),
            }
        };
        let flag = |k: &str| body.get(k).and_then(Value::as_bool).unwrap_or(false);
        let status = |default: u16| -> Result<u16, String> {
            match body.get("status") {
                None | Some(Value::Null) if default > 0 => Ok(default),
                s => s
                    .and_then(Value::as_u64)
                    .filter(|s| (100..=599).contains(s))
                    .map(|s| s as u16)
                    .ok_or_else(|| "status must be an HTTP status code".to_owned()),
            }
        };
        let action = if let Some(d) = body.get("drop").filter(|v| !v.is_null()) {
            match d.as_str() {
                Some("before") => Action::Drop(DropWhen::Before),
                Some("after") => Action::Drop(DropWhen::After),
                _ => return Err("drop must be \"before\" or \"after\"".into()),
            }
        } else if flag("malformed") {
            Action::Malformed
        } else if flag("truncated") {
            Action::Truncated
        } else if let Some(t) = body.get("trickleMs").filter(|v| !v.is_null()) {
            Action::Trickle(t.as_u64().filter(|t| *t >= 1).ok_or("trickleMs must be an integer >= 1")?)
        } else if let Some(n) = body.get("bodyBytes").filter(|v| !v.is_null()) {
            Action::Large {
                status: status(200)?,
                bytes: n.as_u64().ok_or("bodyBytes must be a non-negative integer")?,
                gzip: flag("gzip"),
            }
        } else if body.get("status").is_some_and(|v| !v.is_null()) {
            let headers = match body.get("headers") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Object(m)) => m
                    .iter()
                    .map(|(k, v)| {
                        v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or("headers must be strings")
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return Err("headers must be an object".into()),
            };
            Action::Status {
                status: status(0)?,
                retry_after: text("retryAfter")?,
                body: text("body")?,
                content_type: text("contentType")?,
                headers,
            }
        } else if let Some(ct) = text("contentType")? {
            Action::ContentType(ct)
        } else if delay_ms > 0 {
            Action::None
        } else {
            return Err(
                "a fault needs one of status, bodyBytes, delayMs, drop, malformed, truncated, trickleMs, contentType"
                    .into(),
            );
        };
        Ok(Fault { op, times, delay_ms, action })
    }
}

/// Takes the first queued fault matching `op` (decrementing its count).
pub fn take(faults: &mut Vec<Fault>, op: Option<&str>) -> Option<Fault> {
    let idx = faults.iter().position(|f| f.op.is_none() || f.op.as_deref() == op)?;
    let fault = faults[idx].clone();
    if faults[idx].times <= 1 {
        faults.remove(idx);
    } else {
        faults[idx].times -= 1;
    }
    Some(fault)
}

/// The response of a status fault.
pub fn status_response(
    status: u16,
    retry_after: Option<&str>,
    body: Option<&str>,
    content_type: Option<&str>,
    headers: &[(String, String)],
) -> Response {
    let (body, default_ct) = match body {
        Some(b) => {
            let ct = if serde_json::from_str::<Value>(b).is_ok() { "application/json" } else { "text/plain" };
            (b.to_string(), ct)
        }
        None => {
            let code = if status == 500 { codes::SERVER_ERROR } else { codes::INJECTED };
            let msg = format!("Injected fault (HTTP {status}).");
            (result_body(code, &msg).to_string(), "application/json")
        }
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    set_content_type(&mut resp, content_type.unwrap_or(default_ct));
    if let Some(ra) = retry_after.and_then(|r| HeaderValue::from_str(r).ok()) {
        resp.headers_mut().insert(header::RETRY_AFTER, ra);
    }
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) =
            (header::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
        {
            resp.headers_mut().append(n, v);
        }
    }
    resp
}

/// A JSON-typed body of `bytes` spaces: streamed in chunks without a Content-Length, or
/// gzip-compressed whole (a few KiB on the wire per MiB).
pub fn large_response(status: u16, bytes: u64, gzip: bool) -> Response {
    const CHUNK: usize = 64 * 1024;
    let body = if gzip {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = [b' '; CHUNK];
        let mut left = bytes;
        let mut ok = true;
        while left > 0 && ok {
            let n = left.min(CHUNK as u64) as usize;
            ok = enc.write_all(&chunk[..n]).is_ok();
            left -= n as u64;
        }
        Body::from(enc.finish().unwrap_or_default())
    } else {
        let chunks = futures_util::stream::unfold(bytes, |left| async move {
            (left > 0).then(|| {
                let n = left.min(CHUNK as u64) as usize;
                (Ok::<Bytes, std::io::Error>(Bytes::from(vec![b' '; n])), left - n as u64)
            })
        });
        Body::from_stream(chunks)
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    set_content_type(&mut resp, "application/json");
    if gzip {
        resp.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    resp
}

/// Replaces the Content-Type of a response.
pub fn set_content_type(resp: &mut Response, ct: &str) {
    if let Ok(v) = HeaderValue::from_str(ct) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
}

/// 200 with a body that is not JSON, labelled as JSON.
pub fn malformed_response() -> Response {
    let mut resp = Response::new(Body::from("<html>this is {not JSON"));
    set_content_type(&mut resp, "application/json");
    resp
}

/// 200 whose Content-Length promises `full.len()` bytes but only half arrive before the
/// connection is closed.
pub fn truncated_response(full: Bytes, kill: Arc<Notify>) -> Response {
    let full = if full.len() < 2 { Bytes::from_static(b"{\"resultCode\":\"A000000\"}") } else { full };
    let total = full.len();
    let part = full.slice(..total / 2);
    let first = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(part) });
    let close = futures_util::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        kill.notify_one();
        std::future::pending::<Result<Bytes, std::io::Error>>().await
    });
    let mut resp = Response::new(Body::from_stream(futures_util::StreamExt::chain(first, close)));
    set_content_type(&mut resp, "application/json");
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        resp.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    resp
}

/// The pieces a trickled body is sent in (fewer for a shorter body).
const TRICKLE_PIECES: usize = 8;

/// The response `parts` with the body `full` sent in up to [`TRICKLE_PIECES`] pieces, the
/// first at once and the others spread evenly over `ms` milliseconds; `Content-Length` is the
/// full length. An empty body (a 204) is sent as it is.
pub fn trickle_response(mut parts: axum::http::response::Parts, full: Bytes, ms: u64) -> Response {
    if full.is_empty() {
        return Response::from_parts(parts, Body::empty());
    }
    let total = full.len();
    let pieces = TRICKLE_PIECES.min(total);
    let size = total.div_ceil(pieces);
    let gap = Duration::from_millis(ms / pieces.saturating_sub(1).max(1) as u64);
    let chunks: Vec<Bytes> = (0..total).step_by(size).map(|i| full.slice(i..(i + size).min(total))).collect();
    let stream = futures_util::StreamExt::then(
        futures_util::stream::iter(chunks.into_iter().enumerate()),
        move |(i, chunk)| async move {
            if i > 0 {
                tokio::time::sleep(gap).await;
            }
            Ok::<Bytes, std::io::Error>(chunk)
        },
    );
    parts.headers.remove(header::TRANSFER_ENCODING);
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, v);
    }
    Response::from_parts(parts, Body::from_stream(stream))
}
