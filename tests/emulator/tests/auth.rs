//! `--require-token` / `AUTHLETE_EMULATOR_TOKEN`: only that bearer token is accepted, every
//! other one gets the same Authlete-shaped 401; by default any non-empty token is accepted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use authlete_emulator::routes::OPS;
use authlete_emulator::Emulator;
use common::Emu;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

async fn start_with_token(token: Option<&str>) -> Emu {
    common::start_with(Emulator::with_required_token(token.map(str::to_string))).await
}

/// A concrete path for an operation's template (the client need not exist: auth comes first).
fn concrete(template: &str) -> String {
    template
        .replace("{serviceId}", "s1")
        .replace("{clientId}", "123")
        .replace("{clientIdentifier}", "123")
        .replace("{subject}", "john")
}

fn assert_401(r: &common::Resp, code: &str, what: &str) {
    assert_eq!(r.status, 401, "{what}: {}", r.text);
    assert_eq!(r.header("content-type").as_deref(), Some("application/json"), "{what}");
    let v = r.json();
    assert_eq!(v["resultCode"], code, "{what}: {v}");
    assert!(v["resultMessage"].as_str().unwrap().starts_with(&format!("[{code}] ")), "{what}: {v}");
}

#[tokio::test]
async fn required_token_is_the_only_one_accepted_on_every_operation() {
    let emu = start_with_token(Some("s3cret")).await;
    for op in OPS {
        let path = format!("{}?subject=john", concrete(op.path));
        let m = op.method.as_str();
        let body = Some(json!({}));
        let r = emu.call_with(m, &path, body.clone(), None).await;
        assert_401(&r, "A001202", &format!("{} without a token", op.name));
        for wrong in ["Bearer other", "Bearer s3cret2", "Bearer S3CRET", "Basic s3cret", "s3cret"] {
            let r = emu.call_with(m, &path, body.clone(), Some(wrong)).await;
            assert_401(&r, "A001203", &format!("{} with {wrong:?}", op.name));
        }
        let r = emu.call_with(m, &path, body.clone(), Some("Bearer s3cret")).await;
        assert_ne!(r.status, 401, "{} with the required token: {}", op.name, r.text);
    }
    // The right token (any scheme case) works end to end; nothing was done by refused calls.
    let r = emu.call_with("POST", "/api/s1/client/create", Some(json!({})), Some("bearer s3cret")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = emu.call_with("GET", "/api/s1/client/get/list", None, Some("Bearer s3cret")).await;
    // Two creates were accepted (one in the loop, one here); the 6 refused ones stored nothing.
    assert_eq!(list.json()["totalCount"], 2);
    // The admin API needs no token.
    let log = emu.admin("log", json!({"op": "clients.create"})).await;
    let statuses: Vec<&Value> = log["requests"].as_array().unwrap().iter().map(|e| &e["status"]).collect();
    assert_eq!(statuses.iter().filter(|s| ***s == json!(401)).count(), 6);
}

#[tokio::test]
async fn without_a_required_token_any_non_empty_bearer_token_is_accepted() {
    let emu = start_with_token(None).await;
    for token in ["Bearer a", "Bearer s3cret", "BEARER x.y.z"] {
        let r = emu.call_with("GET", "/api/s1/client/get/list", None, Some(token)).await;
        assert_eq!(r.status, 200, "{token}");
    }
    let r = emu.call_with("GET", "/api/s1/client/get/list", None, Some("Bearer ")).await;
    assert_401(&r, "A001203", "empty token");
    // An empty required token means none is required.
    let emu = start_with_token(Some("")).await;
    let r = emu.call_with("GET", "/api/s1/client/get/list", None, Some("Bearer anything")).await;
    assert_eq!(r.status, 200);
}

/// Starts the binary and returns it with its base URL.
fn spawn(args: &[&str], env_token: Option<&str>) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_authlete-emulator"));
    cmd.args(["--addr", "127.0.0.1:0"]).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    match env_token {
        Some(t) => cmd.env("AUTHLETE_EMULATOR_TOKEN", t),
        None => cmd.env_remove("AUTHLETE_EMULATOR_TOKEN"),
    };
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim_end().to_string())
}

/// The status line of a raw GET of the client list with this Authorization value.
fn status_with(url: &str, auth: &str) -> String {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /api/s1/client/get/list HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp.lines().next().unwrap_or("").to_string()
}

fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn the_binary_takes_the_token_from_the_flag_or_the_environment() {
    for (args, env) in [
        (vec!["--require-token", "tok-1"], None),
        (vec!["--require-token=tok-1"], None),
        (vec![], Some("tok-1")),
        // The flag wins over the environment.
        (vec!["--require-token", "tok-1"], Some("other")),
    ] {
        let (child, url) = spawn(&args, env);
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(status_with(&url, "Bearer tok-1").starts_with("HTTP/1.1 200"), "{args:?} {env:?}");
        assert!(status_with(&url, "Bearer tok-2").starts_with("HTTP/1.1 401"), "{args:?} {env:?}");
        stop(child);
    }
    // Without either, any token.
    let (child, url) = spawn(&[], Some(""));
    assert!(status_with(&url, "Bearer tok-2").starts_with("HTTP/1.1 200"));
    stop(child);
}

#[test]
fn an_empty_required_token_is_a_usage_error() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_authlete-emulator")).args(["--require-token", ""]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--require-token"));
}
