//! Authorizations (tokens and granted scopes per client and subject) and requestable scopes.

use serde_json::{json, Map, Value};

use crate::errors::{result_body, ApiError};
use crate::routes::Req;
use crate::state::{self, Authorization, Inner};

/// Runs the authorization and scope operations.
pub fn dispatch(
    inner: &mut Inner,
    sid: &str,
    op: &str,
    req: &Req,
    body: &Map<String, Value>,
) -> Result<Value, ApiError> {
    match op {
        "clients.getAuthorizedApplications" => authorized_apps(inner, sid, req),
        "clients.updateTokens" => update_tokens(inner, sid, req, body),
        "clients.deleteTokens" => delete_tokens(inner, sid, req),
        "clients.getGrantedScopes" | "clients.deleteGrantedScopes" => granted(inner, sid, op, req),
        "clients.updateRequestableScopes" => update_requestable(inner, sid, req, body),
        "clients.deleteRequestableScopes" => {
            let svc = inner.service(sid);
            let n = svc.find(req.param("clientId"))?;
            let client = svc.client(n)?;
            with_extension(client, |ext| {
                ext.shift_remove("requestableScopes");
                ext.insert("requestableScopesEnabled".into(), Value::Bool(false));
            });
            Ok(Value::Null)
        }
        "clients.getRequestableScopes" => {
            let svc = inner.service(sid);
            let n = svc.find(req.param("clientId"))?;
            let client = svc.client(n)?;
            let scopes = client
                .get("extension")
                .and_then(|e| e.get("requestableScopes"))
                .cloned()
                .unwrap_or(Value::Null);
            let mut out = Map::new();
            if !scopes.is_null() {
                out.insert("requestableScopes".into(), scopes);
            }
            Ok(Value::Object(out))
        }
        _ => Err(ApiError::bad_request(crate::errors::codes::NOT_FOUND, format!("Unknown operation {op}."))),
    }
}

fn with_extension(client: &mut state::Client, f: impl FnOnce(&mut Map<String, Value>)) {
    if let Some(Value::Object(ext)) = client.get_mut("extension") {
        f(ext);
        return;
    }
    let mut ext = Map::new();
    f(&mut ext);
    client.insert("extension".into(), Value::Object(ext));
}

fn authorized_apps(inner: &mut Inner, sid: &str, req: &Req) -> Result<Value, ApiError> {
    let subject = req.subject()?;
    let start = req.index("start", 0)?;
    let end = req.index("end", 5)?;
    let developer = req.query.get("developer").cloned();
    let svc = inner.service(sid);
    let all: Vec<Value> = svc
        .clients
        .values()
        .filter(|c| {
            let id = state::client_id(c);
            svc.authorizations.get(&(id, subject.clone())).is_some_and(|a| a.tokens > 0)
        })
        .filter(|c| {
            developer.as_deref().is_none_or(|d| c.get("developer").and_then(Value::as_str) == Some(d))
        })
        .map(state::limited)
        .collect();
    let page: Vec<Value> =
        all.iter().skip(start as usize).take((end - start).max(0) as usize).cloned().collect();
    let mut out = json!({
        "start": start, "end": end, "subject": subject, "totalCount": all.len(), "clients": page,
    });
    if let Some(d) = developer {
        out["developer"] = Value::from(d);
    }
    Ok(out)
}

fn string_list(v: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    let arr = v.as_array().ok_or_else(|| ApiError::bad_type(field, "array of strings"))?;
    arr.iter()
        .map(|s| s.as_str().map(str::to_string).ok_or_else(|| ApiError::bad_type(field, "array of strings")))
        .collect()
}

fn update_tokens(
    inner: &mut Inner,
    sid: &str,
    req: &Req,
    body: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let subject = match body.get("subject") {
        None | Some(Value::Null) => return Err(ApiError::missing("subject")),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ApiError::bad_type("subject", "string")),
    };
    let scopes = match body.get("scopes") {
        None | Some(Value::Null) => None,
        Some(v) => Some(string_list(v, "scopes")?),
    };
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientId"))?;
    let id = state::client_id(svc.client(n)?);
    let key = svc.api_key;
    let mut count = 0;
    if let Some(a) = svc.authorizations.get_mut(&(id, subject)) {
        count = a.tokens;
        if let (Some(s), true) = (scopes, a.tokens > 0) {
            a.token_scopes = s;
            a.modified_at = state::now_ms();
        }
    }
    Ok(result_body(
        "A138001",
        &format!("Updated {count} access token(s) issued to the client (ID = {id}) of the service (API Key = {key})."),
    ))
}

fn delete_tokens(inner: &mut Inner, sid: &str, req: &Req) -> Result<Value, ApiError> {
    let subject = req.subject()?;
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientId"))?;
    let id = state::client_id(svc.client(n)?);
    let key = svc.api_key;
    let mut count = 0;
    if let Some(a) = svc.authorizations.get_mut(&(id, subject)) {
        count = a.tokens;
        a.tokens = 0;
        a.token_scopes.clear();
        a.modified_at = state::now_ms();
    }
    Ok(result_body(
        "A137001",
        &format!("Deleted {count} access token(s) issued to the client (ID = {id}) of the service (API Key = {key})."),
    ))
}

fn granted(inner: &mut Inner, sid: &str, op: &str, req: &Req) -> Result<Value, ApiError> {
    let subject = req.subject()?;
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientId"))?;
    let id = state::client_id(svc.client(n)?);
    let key = svc.api_key;
    if op == "clients.deleteGrantedScopes" {
        if let Some(a) = svc.authorizations.get_mut(&(id, subject.clone())) {
            a.latest = None;
            a.merged = None;
            a.modified_at = state::now_ms();
        }
        return Ok(result_body(
            "A146001",
            &format!("Deleted the scopes granted to the client (ID = {id}) by the subject '{subject}'."),
        ));
    }
    let mut out = result_body(
        "A145001",
        &format!("Retrieved the scopes granted to the client (ID = {id}) by the subject '{subject}'."),
    );
    out["serviceApiKey"] = Value::from(key);
    out["clientId"] = Value::from(id);
    out["subject"] = Value::from(subject.clone());
    if let Some(a) = svc.authorizations.get(&(id, subject)) {
        if let (Some(l), Some(m)) = (&a.latest, &a.merged) {
            out["latestGrantedScopes"] = json!(l);
            out["mergedGrantedScopes"] = json!(m);
            out["modifiedAt"] = Value::from(a.modified_at);
        }
    }
    Ok(out)
}

fn update_requestable(
    inner: &mut Inner,
    sid: &str,
    req: &Req,
    body: &Map<String, Value>,
) -> Result<Value, ApiError> {
    // The contract: a null or absent `requestableScopes` is the same as the delete call.
    let scopes = match body.get("requestableScopes") {
        None | Some(Value::Null) => None,
        Some(v) => Some(string_list(v, "requestableScopes")?),
    };
    let svc = inner.service(sid);
    let n = svc.find(req.param("clientId"))?;
    let client = svc.client(n)?;
    with_extension(client, |ext| match &scopes {
        Some(s) => {
            ext.insert("requestableScopes".into(), json!(s));
            ext.insert("requestableScopesEnabled".into(), Value::Bool(true));
        }
        None => {
            ext.shift_remove("requestableScopes");
            ext.insert("requestableScopesEnabled".into(), Value::Bool(false));
        }
    });
    client.insert("modifiedAt".into(), Value::from(state::now_ms()));
    Ok(match scopes {
        Some(s) => json!({ "requestableScopes": s }),
        None => json!({}),
    })
}

/// Seeds an authorization (admin): live tokens with these scopes and a granted-scopes record.
pub fn seed(inner: &mut Inner, sid: &str, client_id: i64, subject: &str, scopes: Vec<String>, tokens: u32) {
    let svc = inner.service(sid);
    let entry = svc.authorizations.entry((client_id, subject.to_string())).or_default();
    let mut merged = entry.merged.clone().unwrap_or_default();
    for s in &scopes {
        if !merged.contains(s) {
            merged.push(s.clone());
        }
    }
    *entry = Authorization {
        tokens,
        token_scopes: scopes.clone(),
        latest: Some(scopes),
        merged: Some(merged),
        modified_at: state::now_ms(),
    };
}
