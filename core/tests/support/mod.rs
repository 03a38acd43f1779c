//! A recording HTTP/1.1 server on loopback for the core's tests: it records every raw request
//! (request line, headers, body) and answers from a script of replies.

#![allow(dead_code)]
// Test support: a failure here is a test failure, so panicking is the right behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The raw request target, exactly as on the request line.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What the server does with the next request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answer with a status, extra headers and a body.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Read the request, then close the connection without answering.
    Drop,
    /// Wait, then do the inner reply.
    Delay(Duration, Box<Reply>),
    /// Send headers announcing more body than is sent, then close.
    Truncated { status: u16, body: Vec<u8>, declared: usize },
    /// Do the inner reply as if the connection stayed open (no `Connection: close`), then
    /// close it: a server dropping an idle keep-alive connection.
    ThenClose(Box<Reply>),
    /// As `ThenClose`, but the connection is reset (RST) rather than closed (FIN), as by a load
    /// balancer's idle timeout.
    ThenReset(Box<Reply>),
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        let headers =
            if content_type.is_empty() { vec![] } else { vec![("Content-Type".into(), content_type.into())] };
        Reply::Respond { status, headers, body: body.as_bytes().to_vec() }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond { status, mut headers, body } => {
                headers.push((name.into(), value.into()));
                Reply::Respond { status, headers, body }
            }
            other => other,
        }
    }
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    script: VecDeque<Reply>,
    /// Connections the client closed while a delayed reply was pending.
    closed_by_client: usize,
}

/// The server: its base URL, what it received, what it will answer.
#[derive(Clone)]
pub struct Recorder {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Recorder {
    pub async fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State::default()));
        let s = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, s.clone()));
            }
        });
        Recorder { url, state }
    }

    /// Queues replies; when the script is empty the server answers `200 {}`.
    pub fn push(&self, reply: Reply) -> &Self {
        self.state.lock().expect("lock").script.push_back(reply);
        self
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// How many connections the client closed while waiting for a delayed reply.
    pub fn closed_by_client(&self) -> usize {
        self.state.lock().expect("lock").closed_by_client
    }

    pub fn last(&self) -> Recorded {
        self.requests().pop().expect("a request was received")
    }

    /// A client for this server: bearer token "test-token", fast retries.
    pub fn client(&self) -> authlete::Authlete {
        self.builder().build().expect("client")
    }

    pub fn builder(&self) -> authlete::AuthleteBuilder {
        authlete::Authlete::builder()
            .server(self.url.clone())
            .bearer_token("test-token")
            .retry_config(fast_retries())
    }
}

pub fn fast_retries() -> authlete::RetryConfig {
    authlete::RetryConfig::Backoff {
        backoff: authlete::BackoffStrategy {
            initial_interval: 5,
            max_interval: 20,
            exponent: 1.5,
            max_elapsed_time: 5_000,
        },
        retry_connection_errors: true,
    }
}

async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).await.unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let reply = {
            let mut s = state.lock().expect("lock");
            s.requests.push(Recorded { method, target, headers, body });
            s.script.pop_front().unwrap_or_else(|| Reply::json(200, "{}"))
        };
        let (reply, close, reset) = match reply {
            Reply::ThenClose(inner) => (*inner, true, false),
            Reply::ThenReset(inner) => (*inner, true, true),
            other => (other, false, false),
        };
        if !answer(reader.get_mut(), reply, &state).await || close {
            if reset {
                // Linger 0: dropping the socket sends RST instead of FIN. Wait a little first,
                // so the client has read the reply.
                tokio::time::sleep(Duration::from_millis(20)).await;
                let _ = reader.get_mut().set_zero_linger();
            }
            return;
        }
    }
}

/// Writes a reply; false when the connection is to be closed.
async fn answer(stream: &mut TcpStream, mut reply: Reply, state: &Mutex<State>) -> bool {
    while let Reply::Delay(d, inner) = reply {
        let mut probe = [0u8; 1];
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            n = stream.read(&mut probe) => {
                if matches!(n, Ok(0) | Err(_)) {
                    state.lock().expect("lock").closed_by_client += 1;
                    return false;
                }
            }
        }
        reply = *inner;
    }
    match reply {
        Reply::Respond { status, headers, body } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let ok = stream.write_all(head.as_bytes()).await.is_ok() && stream.write_all(&body).await.is_ok();
            ok && stream.flush().await.is_ok()
        }
        Reply::Truncated { status, body, declared } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.flush().await;
            false
        }
        Reply::Drop | Reply::Delay(..) | Reply::ThenClose(..) | Reply::ThenReset(..) => false,
    }
}
