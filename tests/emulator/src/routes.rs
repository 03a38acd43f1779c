//! The 16 client-management operations: route table and dispatch.

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::errors::{codes, ApiError};
use crate::state::{self, Inner};
use crate::validate;

/// One operation of the contract.
#[derive(Debug, Clone)]
pub struct Op {
    /// Seed name, e.g. `clients.get`.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template (axum syntax, same as the OpenAPI one).
    pub path: &'static str,
}

const fn op(name: &'static str, method: Method, path: &'static str) -> Op {
    Op { name, method, path }
}

/// Every operation, as the contract defines them.
pub const OPS: &[Op] = &[
    op("clients.get", Method::GET, "/api/{serviceId}/client/get/{clientId}"),
    op("clients.getList", Method::GET, "/api/{serviceId}/client/get/list"),
    op("clients.create", Method::POST, "/api/{serviceId}/client/create"),
    op("clients.update", Method::POST, "/api/{serviceId}/client/update/{clientId}"),
    op("clients.delete", Method::DELETE, "/api/{serviceId}/client/delete/{clientId}"),
    op("clients.updateLockFlag", Method::POST, "/api/{serviceId}/client/lock_flag/update/{clientIdentifier}"),
    op("clients.rotateSecret", Method::GET, "/api/{serviceId}/client/secret/refresh/{clientIdentifier}"),
    op("clients.updateSecret", Method::POST, "/api/{serviceId}/client/secret/update/{clientIdentifier}"),
    op(
        "clients.getAuthorizedApplications",
        Method::GET,
        "/api/{serviceId}/client/authorization/get/list/{subject}",
    ),
    op("clients.updateTokens", Method::POST, "/api/{serviceId}/client/authorization/update/{clientId}"),
    op(
        "clients.deleteTokens",
        Method::DELETE,
        "/api/{serviceId}/client/authorization/delete/{clientId}/{subject}",
    ),
    op(
        "clients.updateRequestableScopes",
        Method::PUT,
        "/api/{serviceId}/client/extension/requestable_scopes/update/{clientId}",
    ),
    op(
        "clients.deleteRequestableScopes",
        Method::DELETE,
        "/api/{serviceId}/client/extension/requestable_scopes/delete/{clientId}",
    ),
    op(
        "clients.getGrantedScopes",
        Method::GET,
        "/api/{serviceId}/client/granted_scopes/get/{clientId}/{subject}",
    ),
    op(
        "clients.deleteGrantedScopes",
        Method::DELETE,
        "/api/{serviceId}/client/granted_scopes/delete/{clientId}/{subject}",
    ),
    op(
        "clients.getRequestableScopes",
        Method::GET,
        "/api/{serviceId}/client/extension/requestable_scopes/get/{clientId}",
    ),
];

/// The operation whose template and method match.
pub fn op_for(method: &Method, template: &str) -> Option<&'static Op> {
    OPS.iter().find(|o| o.path == template && o.method == *method)
}

/// A decoded request, ready for an operation.
#[derive(Debug, Default)]
pub struct Req {
    /// Decoded path parameters.
    pub params: HashMap<String, String>,
    /// Decoded query parameters.
    pub query: HashMap<String, String>,
    /// Raw body.
    pub body: bytes::Bytes,
    /// The request's `Content-Type`, if any (a form body is read as a form).
    pub content_type: Option<String>,
}

impl Req {
    /// A path parameter.
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }

    /// An int32 query parameter that must not be negative.
    pub fn index(&self, name: &str, default: i64) -> Result<i64, ApiError> {
        match self.query.get(name) {
            None => Ok(default),
            Some(s) => s.parse::<i32>().ok().filter(|v| *v >= 0).map(i64::from).ok_or_else(|| {
                ApiError::bad_request(
                    codes::BAD_PARAM,
                    format!("'{name}' must be a non-negative int32, got '{s}'."),
                )
            }),
        }
    }

    /// The body of operation `op`, parsed (JSON or form) and checked against the
    /// operation's request body schema (`None` when empty or when `op` takes no body).
    pub fn checked_body(&self, op: &str) -> Result<Option<Map<String, Value>>, ApiError> {
        match validate::body_schema(op) {
            Some(schema) => validate::check_request(schema, self.content_type.as_deref(), &self.body),
            None => Ok(None),
        }
    }

    /// The subject, from the path and/or the query (they must agree when both are given).
    pub fn subject(&self) -> Result<String, ApiError> {
        let path = self.params.get("subject").filter(|s| !s.is_empty());
        let query = self.query.get("subject").filter(|s| !s.is_empty());
        match (path, query) {
            (Some(p), Some(q)) if p != q => Err(ApiError::bad_request(
                codes::SUBJECT_MISMATCH,
                format!("The subject in the path ('{p}') differs from the one in the query ('{q}')."),
            )),
            (Some(s), _) | (None, Some(s)) => Ok(s.clone()),
            (None, None) => Err(ApiError::missing("subject")),
        }
    }
}

fn ok(v: Value) -> Response {
    (StatusCode::OK, Json(v)).into_response()
}

/// Runs operation `op` against the state.
pub fn dispatch(inner: &mut Inner, op: &str, req: &Req) -> Result<Response, ApiError> {
    let sid = req.param("serviceId").to_string();
    let body = req.checked_body(op)?.unwrap_or_default();
    match op {
        "clients.get" => {
            let svc = inner.service(&sid);
            let n = svc.find(req.param("clientId"))?;
            Ok(ok(Value::Object(svc.client(n)?.clone())))
        }
        "clients.getList" => get_list(inner, &sid, req),
        "clients.create" => create(inner, &sid, &body),
        "clients.update" => update(inner, &sid, req, &body),
        "clients.delete" => {
            let svc = inner.service(&sid);
            let n = svc.find(req.param("clientId"))?;
            let removed = svc.remove(n);
            let id = removed.as_ref().map(state::client_id).unwrap_or(0);
            svc.authorizations.retain(|(cid, _), _| *cid != id);
            inner.release_client_id(id);
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        "clients.updateLockFlag" => lock_flag(inner, &sid, req, &body),
        "clients.rotateSecret" | "clients.updateSecret" => secret(inner, &sid, op, req, &body),
        "clients.deleteRequestableScopes" => crate::authz::dispatch(inner, &sid, op, req, &body)
            .map(|_| StatusCode::NO_CONTENT.into_response()),
        _ => crate::authz::dispatch(inner, &sid, op, req, &body).map(ok),
    }
}

fn get_list(inner: &mut Inner, sid: &str, req: &Req) -> Result<Response, ApiError> {
    let start = req.index("start", 0)?;
    let end = req.index("end", 5)?;
    let developer = req.query.get("developer");
    let svc = inner.service(sid);
    let all: Vec<Value> = svc
        .clients
        .values()
        .filter(|c| developer.is_none_or(|d| c.get("developer").and_then(Value::as_str) == Some(d.as_str())))
        .map(|c| Value::Object(c.clone()))
        .collect();
    let page: Vec<Value> =
        all.iter().skip(start as usize).take((end - start).max(0) as usize).cloned().collect();
    Ok(ok(json!({ "start": start, "end": end, "totalCount": all.len(), "clients": page })))
}

fn create(inner: &mut Inner, sid: &str, body: &Map<String, Value>) -> Result<Response, ApiError> {
    let mut client = state::writable(body);
    state::apply_defaults(&mut client);
    let created = state::insert_client(inner, sid, client, None, None)?;
    Ok(ok(Value::Object(created)))
}

fn update(inner: &mut Inner, sid: &str, req: &Req, body: &Map<String, Value>) -> Result<Response, ApiError> {
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientId"))?;
    svc.check_alias(body, Some(n))?;
    let old = svc.client(n)?.clone();
    let mut new = state::writable(body);
    for key in state::READ_ONLY {
        if let Some(v) = old.get(*key) {
            new.insert(key.to_string(), v.clone());
        }
    }
    for key in ["locked", "extension"] {
        if !new.contains_key(key) {
            if let Some(v) = old.get(key) {
                new.insert(key.to_string(), v.clone());
            }
        }
    }
    state::apply_defaults(&mut new);
    new.insert("modifiedAt".into(), Value::from(state::now_ms()));
    svc.put(n, new.clone());
    Ok(ok(Value::Object(new)))
}

fn lock_flag(
    inner: &mut Inner,
    sid: &str,
    req: &Req,
    body: &Map<String, Value>,
) -> Result<Response, ApiError> {
    let locked = match body.get("clientLocked") {
        None | Some(Value::Null) => return Err(ApiError::missing("clientLocked")),
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(ApiError::bad_type("clientLocked", "boolean")),
    };
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientIdentifier"))?;
    let client = svc.client(n)?;
    client.insert("locked".into(), Value::Bool(locked));
    let id = state::client_id(client);
    let what = if locked { "locked" } else { "unlocked" };
    Ok(ok(crate::errors::result_body("A150001", &format!("The client (ID = {id}) was {what}."))))
}

/// Whether `s` is a client secret Authlete accepts: 1-86 chars of `[A-Za-z0-9_-]`.
pub fn valid_secret(s: &str) -> bool {
    (1..=86).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn secret(
    inner: &mut Inner,
    sid: &str,
    op: &str,
    req: &Req,
    body: &Map<String, Value>,
) -> Result<Response, ApiError> {
    let new_secret = if op == "clients.updateSecret" {
        let s = match body.get("clientSecret") {
            None | Some(Value::Null) => return Err(ApiError::missing("clientSecret")),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(ApiError::bad_type("clientSecret", "string")),
        };
        if !valid_secret(&s) {
            return Err(ApiError::bad_request(
                codes::BAD_SECRET,
                "The client secret must be 1 to 86 characters of A-Z, a-z, 0-9, '-' and '_'.",
            ));
        }
        s
    } else {
        state::new_secret()
    };
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientIdentifier"))?;
    let client = svc.client(n)?;
    let old = client.get("clientSecret").cloned().unwrap_or(Value::Null);
    client.insert("clientSecret".into(), Value::from(new_secret.clone()));
    client.insert("modifiedAt".into(), Value::from(state::now_ms()));
    let id = state::client_id(client);
    let (code, verb) =
        if op == "clients.updateSecret" { ("A149001", "updated") } else { ("A148001", "refreshed") };
    let mut out = crate::errors::result_body(
        code,
        &format!("Successfully {verb} the client secret of the client (ID = {id})."),
    );
    out["newClientSecret"] = Value::from(new_secret);
    out["oldClientSecret"] = old;
    Ok(ok(out))
}
