//! The admin API under `/__emulator/`: reset, seed, fault, log.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::faults::Fault;
use crate::state::{self, Emulator};

type Shared = Arc<Emulator>;

/// The admin routes (all POST, JSON bodies; an empty body is `{}`).
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/seed", post(seed))
        .route("/__emulator/fault", post(fault))
        .route("/__emulator/log", post(log))
}

fn bad(msg: impl Into<String>) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": msg.into() }))).into_response()
}

fn body(bytes: &Bytes) -> Result<Map<String, Value>, String> {
    match crate::validate::parse_body(bytes) {
        Ok(m) => Ok(m.unwrap_or_default()),
        Err(e) => Err(e.message),
    }
}

async fn reset(State(emu): State<Shared>) -> Response {
    emu.lock().reset();
    Json(json!({ "reset": true })).into_response()
}

async fn fault(State(emu): State<Shared>, bytes: Bytes) -> Response {
    let b = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return bad(r),
    };
    match Fault::parse(&b) {
        Ok(f) => {
            let name = f.name();
            let mut inner = emu.lock();
            inner.faults.push(f);
            Json(json!({ "queued": inner.faults.len(), "fault": name })).into_response()
        }
        Err(e) => bad(e),
    }
}

async fn log(State(emu): State<Shared>, bytes: Bytes) -> Response {
    let b = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return bad(r),
    };
    let filter = b.get("op").and_then(Value::as_str).map(str::to_string);
    // `contains`: only requests whose body, as text, holds this (numbers are kept digit for
    // digit, so an SDK that rounds one is caught).
    let contains = b.get("contains").and_then(Value::as_str).map(str::to_string);
    let inner = emu.lock();
    let matches = |e: &&crate::log::LogEntry| {
        (filter.is_none() || e.op == filter)
            && contains.as_deref().is_none_or(|c| {
                e.raw_body.as_deref().is_some_and(|r| r.contains(c))
                    || e.body.as_ref().is_some_and(|v| v.to_string().contains(c))
            })
    };
    let entries: Vec<Value> = inner.log.iter().filter(matches).map(|e| e.to_json()).collect();
    let cancelled = inner.log.iter().filter(matches).filter(|e| e.cancelled).count();
    Json(json!({ "count": entries.len(), "cancelled": cancelled, "requests": entries })).into_response()
}

fn client_ref(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

async fn seed(State(emu): State<Shared>, bytes: Bytes) -> Response {
    let b = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return bad(r),
    };
    let sid = match b.get("serviceId") {
        None | Some(Value::Null) => "default".to_string(),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return bad("serviceId must be a non-empty string"),
    };
    let mut inner = emu.lock();
    let mut stored = Vec::new();
    for c in b.get("clients").and_then(Value::as_array).cloned().unwrap_or_default() {
        let Value::Object(mut c) = c else {
            return bad("clients must be objects");
        };
        let id = match c.shift_remove("clientId") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(id) => Some(id),
                None => return bad("clientId must be an int64"),
            },
        };
        let secret = match c.shift_remove("clientSecret") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return bad("clientSecret must be a string"),
        };
        c.shift_remove("number");
        c.shift_remove("serviceNumber");
        match state::insert_client(&mut inner, &sid, c, id, secret) {
            Ok(c) => stored.push(Value::Object(c)),
            Err(e) => return bad(e.message),
        }
    }
    let mut seeded = 0;
    for a in b.get("authorizations").and_then(Value::as_array).cloned().unwrap_or_default() {
        let Some(ident) = client_ref(a.get("clientId")) else {
            return bad("authorizations[].clientId is required");
        };
        let Some(subject) = a.get("subject").and_then(Value::as_str) else {
            return bad("authorizations[].subject is required");
        };
        let scopes: Vec<String> = a
            .get("scopes")
            .and_then(Value::as_array)
            .map(|s| s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let tokens = a.get("tokens").and_then(Value::as_u64).unwrap_or(1) as u32;
        let svc = inner.service(&sid);
        let id = match svc.find(&ident).and_then(|n| svc.client(n).map(|c| state::client_id(c))) {
            Ok(id) => id,
            Err(e) => return bad(e.message),
        };
        crate::authz::seed(&mut inner, &sid, id, subject, scopes, tokens);
        seeded += 1;
    }
    Json(json!({ "serviceId": sid, "clients": stored, "authorizations": seeded })).into_response()
}
