//! A fixed-response stand-in for the Authlete API, for benchmarks: `get` answers the full
//! client, `get/list` a page of 100 full clients, `create` reads the body and answers the full
//! client; any path layout whose tail is Authlete's (`.../client/get/{id}`) works, so the older
//! SDKs' v2 and v3 paths are served too. A request without `Authorization` gets 401, an
//! unknown path 404. `GET /__bench/stats` reports the answered requests by kind.
//!
//! `bench-server FIXTURES_DIR [ADDR]`: prints its base URL as the first stdout line.

use std::convert::Infallible;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

struct State {
    client: Bytes,
    list: Bytes,
    /// get, list, create, unauthorized, not found
    counts: [AtomicU64; 5],
}

fn json(status: u16, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    r
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    let count = |i: usize| state.counts[i].fetch_add(1, Ordering::Relaxed);
    if path == "/__bench/stats" {
        let c: Vec<u64> = state.counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        let text = format!(
            "{{\"get\":{},\"list\":{},\"create\":{},\"unauthorized\":{},\"notFound\":{}}}",
            c[0], c[1], c[2], c[3], c[4]
        );
        return Ok(json(200, Bytes::from(text)));
    }
    if !req.headers().contains_key(hyper::header::AUTHORIZATION) {
        count(3);
        let body = r#"{"resultCode":"A001202","resultMessage":"[A001202] Authorization header is missing."}"#;
        return Ok(json(401, Bytes::from_static(body.as_bytes())));
    }
    let post = req.method() == hyper::Method::POST;
    if post && path.ends_with("/client/create") {
        // Read (and drop) the whole body, as a server must.
        let _ = req.into_body().collect().await;
        count(2);
        return Ok(json(200, state.client.clone()));
    }
    if !post && path.ends_with("/client/get/list") {
        count(1);
        return Ok(json(200, state.list.clone()));
    }
    if !post && path.contains("/client/get/") {
        count(0);
        return Ok(json(200, state.client.clone()));
    }
    count(4);
    let body = r#"{"resultCode":"A000404","resultMessage":"[A000404] Not found."}"#;
    Ok(json(404, Bytes::from_static(body.as_bytes())))
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:0".into());
    let read = |name: &str| std::fs::read(std::path::Path::new(&dir).join(name)).map(Bytes::from);
    let (client, list) = match (read("client.json"), read("list.json")) {
        (Ok(c), Ok(l)) => (c, l),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("bench-server: fixtures in {dir}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let state = Arc::new(State { client, list, counts: Default::default() });
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench-server: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let result: std::io::Result<()> = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr).await?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "http://{}", listener.local_addr()?)?;
            out.flush()?;
        }
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let state = state.clone();
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(move |req| handle(state.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    if let Err(e) = result {
        eprintln!("bench-server: {e}");
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}
