//! Shared helpers: an in-process emulator and small HTTP helpers.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use authlete_emulator::{server::serve_with, Emulator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running emulator; stops when dropped.
pub struct Emu {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub http: reqwest::Client,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// A response as observed by a client.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }
}

pub async fn start() -> Emu {
    start_with(Emulator::new()).await
}

/// Serves this emulator (e.g. one built with `Emulator::with_required_token`).
pub async fn start_with(emulator: Emulator) -> Emu {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_with(listener, Arc::new(emulator), async move {
        let _ = rx.await;
    }));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    Emu { base: format!("http://{addr}"), addr, http, _stop: tx }
}

impl Emu {
    /// An API call with the bearer token.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        self.call_with(method, path, body, Some("Bearer test-token")).await
    }

    pub async fn call_with(&self, method: &str, path: &str, body: Option<Value>, auth: Option<&str>) -> Resp {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb =
            self.http.request(m, format!("{}{}", self.base, path)).header("accept", "application/json");
        if let Some(a) = auth {
            rb = rb.header("authorization", a);
        }
        if let Some(b) = body {
            rb = rb.header("content-type", "application/json").body(b.to_string());
        }
        let r = rb.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        Resp { status, headers, text }
    }

    /// An admin call; must succeed.
    pub async fn admin(&self, what: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}/__emulator/{what}", self.base))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "admin {what} failed: {}", r.status());
        r.json().await.unwrap()
    }

    /// Creates a client in service `s1` and returns it.
    pub async fn create(&self, body: Value) -> Value {
        let r = self.call("POST", "/api/s1/client/create", Some(body)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()
    }

    /// Sends raw bytes on a fresh connection and reads until EOF (or `limit`).
    pub async fn raw(&self, request: &str, limit: Duration) -> (Vec<u8>, bool) {
        let mut s = TcpStream::connect(self.addr).await.unwrap();
        s.write_all(request.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, s.read(&mut chunk)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return (buf, true),
                Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
                Err(_) => return (buf, false),
            }
        }
    }
}

/// A raw HTTP/1.1 request with the bearer token.
pub fn raw_request(method: &str, path: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

pub fn client_body() -> Value {
    json!({
        "clientName": "My client",
        "developer": "john",
        "clientType": "CONFIDENTIAL",
        "applicationType": "WEB",
        "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        "responseTypes": ["CODE"],
        "redirectUris": ["https://my-client.example.com/cb1"],
        "attributes": [{"key": "k", "value": "v"}],
    })
}
