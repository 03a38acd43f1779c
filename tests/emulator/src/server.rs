//! HTTP serving: the router, the per-request pipeline (log, faults, auth) and the accept
//! loop (hyper, one task per connection, so a fault can close a connection).

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::errors::{codes, ApiError};
use crate::faults::{self, Action, DropWhen};
use crate::log::{redact_headers, LogEntry};
use crate::routes::{self, Req, OPS};
use crate::state::Emulator;

/// Closes the current connection when notified (inserted into each request).
#[derive(Debug, Clone)]
pub struct ConnKill(pub Arc<Notify>);

type Shared = Arc<Emulator>;

static SEQ: AtomicU64 = AtomicU64::new(1);

/// Body size limit for API and admin requests.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The router: the 16 operations, the admin API and a JSON 404 fallback.
pub fn app(emu: Shared) -> Router {
    let mut api = Router::new();
    for op in OPS {
        let name = op.name;
        let Ok(filter) = MethodFilter::try_from(op.method.clone()) else {
            continue;
        };
        api = api.route(
            op.path,
            on(
                filter,
                move |State(emu): State<Shared>,
                      path: Result<
                    Path<HashMap<String, String>>,
                    axum::extract::rejection::PathRejection,
                >,
                      query: Result<
                    Query<HashMap<String, String>>,
                    axum::extract::rejection::QueryRejection,
                >,
                      headers: axum::http::HeaderMap,
                      body: Bytes| async move {
                    let params = match path {
                        Ok(Path(p)) => p,
                        Err(e) => {
                            return ApiError::bad_request(codes::BAD_PARAM, format!("Invalid path: {e}"))
                                .into_response()
                        }
                    };
                    let query = match query {
                        Ok(Query(q)) => q,
                        Err(e) => {
                            return ApiError::bad_request(codes::BAD_PARAM, format!("Invalid query: {e}"))
                                .into_response()
                        }
                    };
                    let content_type =
                        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
                    let req = Req { params, query, body, content_type };
                    let mut inner = emu.lock();
                    routes::dispatch(&mut inner, name, &req).unwrap_or_else(IntoResponse::into_response)
                },
            ),
        );
    }
    let api = api.route_layer(middleware::from_fn_with_state(emu.clone(), api_layer));
    api.merge(crate::admin::router()).fallback(fallback).with_state(emu)
}

async fn fallback(State(emu): State<Shared>, req: Request) -> Response {
    pipeline(emu, None, req, |_req| async {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: codes::NOT_FOUND,
            message: "No API matches the path.".into(),
        }
        .into_response()
    })
    .await
}

async fn api_layer(State(emu): State<Shared>, req: Request, next: Next) -> Response {
    let op = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| routes::op_for(req.method(), m.as_str()))
        .map(|o| o.name);
    pipeline(emu, op, req, |req| next.run(req)).await
}

/// Marks the log entry cancelled if the request future is dropped before it finished.
struct InFlight {
    emu: Shared,
    seq: u64,
    armed: bool,
}

impl InFlight {
    fn update(&mut self, f: impl FnOnce(&mut LogEntry)) {
        let mut inner = self.emu.lock();
        if let Some(e) = inner.log.iter_mut().rev().find(|e| e.seq == self.seq) {
            f(e);
        }
    }

    fn finish(&mut self, status: u16) {
        self.armed = false;
        self.update(|e| {
            e.completed = true;
            e.status = Some(status);
        });
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.armed {
            self.armed = false;
            self.update(|e| e.cancelled = true);
        }
    }
}

async fn close_connection(kill: Option<ConnKill>) -> Response {
    match kill {
        Some(ConnKill(n)) => {
            n.notify_one();
            std::future::pending::<Response>().await
        }
        None => {
            // Not served by `serve`: make hyper abort the connection through a failing body.
            let err = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("dropped"))
            });
            Response::new(Body::from_stream(err))
        }
    }
}

/// The 401 error for a request, if its `Authorization` header is not accepted: missing
/// (`A001202`), not `Bearer <non-empty>` or, when the emulator requires one token, another
/// token (`A001203`).
fn auth_error(req: &Request, required: Option<&str>) -> Option<ApiError> {
    let value = req.headers().get(header::AUTHORIZATION);
    let text = value.and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    if text.is_empty() {
        return Some(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: codes::AUTH_MISSING,
            message: "Authorization header is missing.".into(),
        });
    }
    match text.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer")
                && !token.trim().is_empty()
                && required.is_none_or(|t| t == token.trim()) =>
        {
            None
        }
        _ => Some(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: codes::AUTH_INVALID,
            message: "The access token in the Authorization header is invalid.".into(),
        }),
    }
}

async fn pipeline<F, Fut>(emu: Shared, op: Option<&'static str>, req: Request, inner: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::bad_request(codes::BAD_JSON, "Cannot read the request body.").into_response()
        }
    };
    let kill = parts.extensions.get::<ConnKill>().cloned();
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let (parsed, raw) = if bytes.is_empty() {
        (None, None)
    } else {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) => (Some(v), None),
            Err(_) => (None, Some(String::from_utf8_lossy(&bytes).into_owned())),
        }
    };
    let fault = {
        let mut state = emu.lock();
        let fault = faults::take(&mut state.faults, op);
        state.push_log(LogEntry {
            seq,
            op: op.map(str::to_string),
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            headers: redact_headers(&parts.headers),
            body: parsed,
            raw_body: raw,
            completed: false,
            cancelled: false,
            fault: fault.as_ref().map(|f| f.name()),
            status: None,
        });
        fault
    };
    let mut flight = InFlight { emu: emu.clone(), seq, armed: true };
    let action = match fault {
        Some(f) => {
            if f.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
            }
            f.action
        }
        None => Action::None,
    };
    match &action {
        Action::Drop(DropWhen::Before) => {
            flight.armed = false;
            return close_connection(kill).await;
        }
        Action::Status { status, retry_after, body, content_type, headers } => {
            flight.finish(*status);
            return faults::status_response(
                *status,
                retry_after.as_deref(),
                body.as_deref(),
                content_type.as_deref(),
                headers,
            );
        }
        Action::Large { status, bytes, gzip } => {
            flight.finish(*status);
            return faults::large_response(*status, *bytes, *gzip);
        }
        _ => {}
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let mut resp = match auth_error(&req, emu.required_token()) {
        Some(e) if op.is_some() => e.into_response(),
        _ => inner(req).await,
    };
    let status = resp.status().as_u16();
    match action {
        Action::Drop(DropWhen::After) => {
            flight.armed = false;
            flight.update(|e| e.status = Some(status));
            close_connection(kill).await
        }
        Action::Malformed => {
            flight.finish(200);
            faults::malformed_response()
        }
        Action::Truncated => {
            flight.armed = false;
            flight.update(|e| e.status = Some(200));
            let body = axum::body::to_bytes(resp.into_body(), BODY_LIMIT).await.unwrap_or_default();
            match kill {
                Some(ConnKill(n)) => faults::truncated_response(body, n),
                None => close_connection(None).await,
            }
        }
        Action::Trickle(ms) => {
            flight.finish(status);
            let (parts, body) = resp.into_parts();
            let body = axum::body::to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
            faults::trickle_response(parts, body, ms)
        }
        Action::ContentType(ct) => {
            flight.finish(status);
            faults::set_content_type(&mut resp, &ct);
            resp
        }
        _ => {
            flight.finish(status);
            resp
        }
    }
}

/// Serves a fresh emulator on `listener` until `shutdown` completes.
pub async fn serve(listener: TcpListener, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    serve_with(listener, Arc::new(Emulator::new()), shutdown).await
}

/// Serves `emu` on `listener` until `shutdown` completes. Each connection runs in its own
/// task, which a fault can end (closing the socket without a response).
pub async fn serve_with(
    listener: TcpListener,
    emu: Shared,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_tls(listener, emu, None, shutdown).await
}

/// [`serve_with`] over TLS when `tls` is given (see [`crate::tls::acceptor`]).
pub async fn serve_tls(
    listener: TcpListener,
    emu: Shared,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = app(emu);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            a = listener.accept() => a,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_connection(stream, app).await,
                Some(tls) => match tls.accept(stream).await {
                    Ok(stream) => serve_connection(stream, app).await,
                    Err(e) => tracing::debug!("TLS handshake failed: {e}"),
                },
            }
        });
    }
    Ok(())
}

/// Serves one connection until it ends or a fault drops it.
async fn serve_connection<S>(stream: S, app: Router)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let kill = Arc::new(Notify::new());
    let conn_kill = ConnKill(kill.clone());
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(conn_kill.clone());
        app.clone().oneshot(req.map(Body::new))
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), svc);
    tokio::select! {
        r = conn => {
            if let Err(e) = r {
                tracing::debug!("connection ended: {e}");
            }
        }
        _ = kill.notified() => tracing::debug!("connection dropped by a fault"),
    }
}
