//! The Rust runner of the shared cross-language cases (tests/cases/*.json, format in
//! tests/cases/README.md). It runs every case against the emulator — the one at
//! `AUTHLETE_EMULATOR_URL`, or one started in this process — and fails if any case fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use authlete::{Authlete, CallOptions, CancellationToken, Error};
use serde_json::{json, Map, Value};

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let failed = rt.block_on(run());
    std::process::exit(i32::from(failed > 0));
}

async fn emulator_url() -> String {
    if let Ok(url) = std::env::var("AUTHLETE_EMULATOR_URL") {
        return url.trim_end_matches('/').to_owned();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(authlete_emulator::serve(listener, std::future::pending()));
    url
}

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

async fn run() -> usize {
    // Cases choose their own tokens; the environment must not supply one.
    std::env::remove_var("AUTHLETE_AUTHLETE");
    std::env::remove_var("AUTHLETE_BEARER");
    let base = emulator_url().await;
    // The admin client is plain reqwest, which needs a process-wide rustls provider (the SDK
    // configures its own).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let (mut passed, mut failed) = (0, 0);
    for file in case_files() {
        let doc: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("case file is JSON");
        for case in doc["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().unwrap_or("?");
            match run_case(&http, &base, case).await {
                Ok(()) => passed += 1,
                Err(reason) => {
                    failed += 1;
                    println!("{name}: FAIL {reason}");
                }
            }
        }
    }
    println!("rust cases: {passed} passed, {failed} failed");
    failed
}

async fn admin(http: &reqwest::Client, base: &str, what: &str, body: &Value) -> Result<Value, String> {
    let r = http
        .post(format!("{base}/__emulator/{what}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!("admin {what}: HTTP {}", r.status()));
    }
    let text = r.text().await.map_err(|e| e.to_string())?;
    Ok(if text.is_empty() { Value::Null } else { serde_json::from_str(&text).map_err(|e| e.to_string())? })
}

fn client_for(base: &str, case: &Value) -> Result<Authlete, Error> {
    let mut options = json!({
        "serverURL": base,
        "security": {"bearer": "test-token"},
        "retryConfig": {"strategy": "backoff",
                        "backoff": {"initialInterval": 10, "maxInterval": 50, "exponent": 1.5, "maxElapsedTime": 3000},
                        "retryConnectionErrors": true},
    });
    if let (Some(o), Some(overrides)) = (options.as_object_mut(), case["client"].as_object()) {
        for (k, v) in overrides {
            o.insert(k.clone(), v.clone());
        }
    }
    Authlete::from_options_json(options.to_string().as_bytes(), "rust-cases")
}

async fn run_case(http: &reqwest::Client, base: &str, case: &Value) -> Result<(), String> {
    admin(http, base, "reset", &json!({})).await?;
    let client = client_for(base, case);
    let mut saved = Map::new();
    for (i, step) in case["steps"].as_array().ok_or("no steps")?.iter().enumerate() {
        let step = substitute(step, &saved);
        let outcome = if let Some(what) = step["admin"].as_str() {
            admin_step(http, base, what, &step).await
        } else if let Some(op) = step["call"].as_str() {
            call_step(&client, op, &step).await
        } else {
            Err("step is neither admin nor call".to_owned())
        };
        let value = outcome.map_err(|e| format!("step {i}: {e}"))?;
        if let Some(name) = step["save"].as_str() {
            saved.insert(name.to_owned(), value);
        }
    }
    Ok(())
}

async fn admin_step(http: &reqwest::Client, base: &str, what: &str, step: &Value) -> Result<Value, String> {
    let body = if step["body"].is_null() { json!({}) } else { step["body"].clone() };
    let wait = step["waitMs"].as_u64().unwrap_or(0);
    let started = std::time::Instant::now();
    loop {
        let got = admin(http, base, what, &body).await?;
        match step.get("expect") {
            Some(expected) if !matches(expected, &got) => {
                if started.elapsed() >= Duration::from_millis(wait) {
                    return Err(format!("admin {what}: expected {expected}, got {got}"));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ => return Ok(got),
        }
    }
}

async fn call_step(client: &Result<Authlete, Error>, op: &str, step: &Value) -> Result<Value, String> {
    let expect = &step["expect"];
    let result = match client {
        Err(e) => Err(e.clone()),
        Ok(client) => {
            let mut options = step["options"].clone();
            let abort_after =
                options.as_object_mut().and_then(|o| o.remove("abortAfterMs")).and_then(|v| v.as_u64());
            let call_options = match &options {
                Value::Null => Ok(None),
                o => CallOptions::from_json(o.to_string().as_bytes()).map(Some),
            };
            match call_options {
                Err(e) => Err(e),
                Ok(mut call_options) => {
                    if let Some(ms) = abort_after {
                        let token = CancellationToken::new();
                        let t = token.clone();
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            t.cancel();
                        });
                        call_options.get_or_insert_with(CallOptions::default).cancel = Some(token);
                    }
                    let request = step["request"].to_string();
                    client.clients().call_json(op, request.as_bytes(), call_options.as_ref()).await
                }
            }
        }
    };
    match result {
        Ok(out) => {
            let value = match out {
                Some(text) => serde_json::from_str(&text).map_err(|e| e.to_string())?,
                None => Value::Null,
            };
            if let Some(expected) = expect.get("result") {
                if !matches(expected, &value) {
                    return Err(format!("{op}: expected result {expected}, got {value}"));
                }
            } else if expect["void"] == json!(true) {
                if !value.is_null() {
                    return Err(format!("{op}: expected no result, got {value}"));
                }
            } else {
                return Err(format!("{op}: expected {expect}, but the call succeeded with {value}"));
            }
            Ok(value)
        }
        Err(e) => {
            let Some(expected) = expect.get("error") else {
                return Err(format!("{op}: unexpected error {e}"));
            };
            check_error(expected, &e).map_err(|why| format!("{op}: {why} (got {e})"))?;
            Ok(Value::Null)
        }
    }
}

fn check_error(expected: &Value, e: &Error) -> Result<(), String> {
    if let Some(kind) = expected["kind"].as_str() {
        if e.kind().name() != kind {
            return Err(format!("expected kind {kind}"));
        }
    }
    if let Some(status) = expected["status"].as_u64() {
        if e.status().map(u64::from) != Some(status) {
            return Err(format!("expected status {status}"));
        }
    }
    if let Some(code) = expected["resultCode"].as_str() {
        if e.result_code() != Some(code) {
            return Err(format!("expected resultCode {code}"));
        }
    }
    if let Some(field) = expected["field"].as_str() {
        let got = e.field().unwrap_or_default();
        if got != field && !got.starts_with(&format!("{field}.")) {
            return Err(format!("expected field {field}"));
        }
    }
    // Neither Display, Debug nor the result message shows these (secrets).
    let shown = format!("{e} {e:?} {}", e.result_message().unwrap_or_default());
    for secret in expected["messageExcludes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if shown.contains(secret) {
            return Err(format!("the error shows `{secret}`"));
        }
    }
    Ok(())
}

/// Subset matching as tests/cases/README.md defines it.
fn matches(expected: &Value, actual: &Value) -> bool {
    match expected {
        Value::String(s) if s == "$any" => !actual.is_null(),
        Value::String(s) if s == "$absent" => actual.is_null(),
        Value::Null => actual.is_null(),
        Value::Object(e) => e.iter().all(|(k, v)| matches(v, actual.get(k).unwrap_or(&Value::Null))),
        Value::Array(e) => actual
            .as_array()
            .is_some_and(|a| a.len() == e.len() && e.iter().zip(a).all(|(x, y)| matches(x, y))),
        Value::Number(n) => match actual {
            Value::Number(m) => match (n.as_i64(), m.as_i64(), n.as_u64(), m.as_u64()) {
                (Some(a), Some(b), _, _) => a == b,
                (_, _, Some(a), Some(b)) => a == b,
                _ => n.as_f64() == m.as_f64(),
            },
            _ => false,
        },
        other => other == actual,
    }
}

fn lookup<'a>(saved: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = saved.get(parts.next()?)?;
    for p in parts {
        v = match v {
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            other => other.get(p)?,
        };
    }
    Some(v)
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Replaces `${path}` and `${path|string}` as tests/cases/README.md defines it.
fn substitute(v: &Value, saved: &Map<String, Value>) -> Value {
    match v {
        Value::String(s) => {
            if let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
                if !inner.contains("${") {
                    let (path, as_string) = match inner.strip_suffix("|string") {
                        Some(p) => (p, true),
                        None => (inner, false),
                    };
                    if let Some(found) = lookup(saved, path) {
                        return if as_string { Value::String(as_text(found)) } else { found.clone() };
                    }
                }
            }
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                let Some(end) = rest[start..].find('}') else { break };
                let path = rest[start + 2..start + end].trim_end_matches("|string");
                out.push_str(&rest[..start]);
                match lookup(saved, path) {
                    Some(found) => out.push_str(&as_text(found)),
                    None => out.push_str(&rest[start..start + end + 1]),
                }
                rest = &rest[start + end + 1..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, saved)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute(x, saved))).collect()),
        other => other.clone(),
    }
}
