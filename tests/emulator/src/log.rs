//! The request log read through the `log` admin endpoint.

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

/// One API request as the emulator received it.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Unique sequence number (survives resets, so in-flight requests find their entry).
    pub seq: u64,
    /// Operation name (`clients.get` ...); `None` when no operation matched.
    pub op: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Raw path, still percent-encoded.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Headers (lower-case names; Authorization redacted).
    pub headers: Map<String, Value>,
    /// Parsed JSON body (`None` when empty or not JSON).
    pub body: Option<Value>,
    /// Raw body text when it is not JSON.
    pub raw_body: Option<String>,
    /// The handler produced a response (false for drops and client cancellations).
    pub completed: bool,
    /// The client closed the connection before the response was produced.
    pub cancelled: bool,
    /// The fault applied to this request, if any.
    pub fault: Option<String>,
    /// Status of the response, when one was produced.
    pub status: Option<u16>,
}

/// Copies headers, redacting credentials.
pub fn redact_headers(h: &HeaderMap) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in h {
        let key = name.as_str().to_ascii_lowercase();
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let text = if key == "authorization" {
            match text.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} ***"),
                None => "***".to_string(),
            }
        } else {
            text
        };
        match out.get_mut(&key) {
            Some(Value::String(prev)) => {
                prev.push_str(", ");
                prev.push_str(&text);
            }
            _ => {
                out.insert(key, Value::String(text));
            }
        }
    }
    out
}

impl LogEntry {
    /// The JSON form returned by the `log` admin endpoint.
    pub fn to_json(&self) -> Value {
        json!({
            "op": self.op,
            "method": self.method,
            "path": self.path,
            "segments": segments(&self.path),
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "rawBody": self.raw_body,
            "completed": self.completed,
            "cancelled": self.cancelled,
            "fault": self.fault,
            "status": self.status,
        })
    }
}

/// The path's segments after the leading `/`, each percent-decoded once (lossy UTF-8), so
/// cases can check ids independently of how a client chose to encode them.
pub fn segments(path: &str) -> Vec<String> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(|s| String::from_utf8_lossy(&percent_decode(s.as_bytes())).into_owned())
        .collect()
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' && i + 2 < input.len() {
            if let (Some(h), Some(l)) = (hex(input[i + 1]), hex(input[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(input[i]);
        i += 1;
    }
    out
}
