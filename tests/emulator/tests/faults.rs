//! Each admin fault does what it says, observed from a client (reqwest or raw TCP).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::{client_body, raw_request, start};
use serde_json::json;

#[tokio::test]
async fn status_with_retry_after_then_normal() {
    let emu = start().await;
    emu.admin("fault", json!({"op": "clients.getList", "status": 503, "retryAfter": "1", "times": 2})).await;
    for _ in 0..2 {
        let r = emu.call("GET", "/api/s1/client/get/list", None).await;
        assert_eq!(r.status, 503);
        assert_eq!(r.header("retry-after").as_deref(), Some("1"));
        assert_eq!(r.json()["resultCode"], "A000999");
    }
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn status_with_text_body_and_op_filter() {
    let emu = start().await;
    emu.admin(
        "fault",
        json!({"op": "clients.get", "status": 502, "body": "Bad gateway", "contentType": "text/plain"}),
    )
    .await;
    // Another operation is not affected.
    assert_eq!(emu.call("GET", "/api/s1/client/get/list", None).await.status, 200);
    let r = emu.call("GET", "/api/s1/client/get/1", None).await;
    assert_eq!(r.status, 502);
    assert_eq!(r.text, "Bad gateway");
    assert_eq!(r.header("content-type").as_deref(), Some("text/plain"));
    assert!(r.header("retry-after").is_none());
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let emu = start().await;
    emu.admin("fault", json!({"delayMs": 300})).await;
    let t = Instant::now();
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn drop_before_closes_without_response_or_effect() {
    let emu = start().await;
    emu.admin("fault", json!({"op": "clients.create", "drop": "before"})).await;
    let (bytes, closed) =
        emu.raw(&raw_request("POST", "/api/s1/client/create", "{}"), Duration::from_secs(5)).await;
    assert!(closed, "connection must be closed");
    assert!(bytes.is_empty(), "no response expected: {}", String::from_utf8_lossy(&bytes));
    let list = emu.call("GET", "/api/s1/client/get/list", None).await.json();
    assert_eq!(list["totalCount"], 0, "the create must not have happened");
    let log = emu.admin("log", json!({"op": "clients.create"})).await;
    assert_eq!(log["count"], 1);
    assert_eq!(log["requests"][0]["fault"], "drop:before");
    assert_eq!(log["requests"][0]["completed"], false);
}

#[tokio::test]
async fn drop_after_processes_then_closes() {
    let emu = start().await;
    emu.admin("fault", json!({"op": "clients.create", "drop": "after"})).await;
    let (bytes, closed) = emu
        .raw(
            &raw_request("POST", "/api/s1/client/create", &client_body().to_string()),
            Duration::from_secs(5),
        )
        .await;
    assert!(closed);
    assert!(bytes.is_empty(), "no response expected: {}", String::from_utf8_lossy(&bytes));
    let list = emu.call("GET", "/api/s1/client/get/list", None).await.json();
    assert_eq!(list["totalCount"], 1, "the create must have happened");
    // reqwest sees a connection error, not a response.
    emu.admin("fault", json!({"op": "clients.create", "drop": "after"})).await;
    let err = emu
        .http
        .post(format!("{}/api/s1/client/create", emu.base))
        .header("authorization", "Bearer t")
        .body("{}")
        .send()
        .await;
    assert!(err.is_err());
}

#[tokio::test]
async fn malformed_body() {
    let emu = start().await;
    emu.admin("fault", json!({"op": "clients.getList", "malformed": true})).await;
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("application/json"));
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
}

#[tokio::test]
async fn truncated_body() {
    let emu = start().await;
    emu.create(client_body()).await;
    emu.admin("fault", json!({"op": "clients.getList", "truncated": true})).await;
    let (bytes, closed) =
        emu.raw(&raw_request("GET", "/api/s1/client/get/list", ""), Duration::from_secs(5)).await;
    assert!(closed);
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    assert!(body.len() < len, "body {} bytes, Content-Length {len}", body.len());
    assert!(!body.is_empty());
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
}

#[tokio::test]
async fn trickled_body_arrives_whole_and_slowly() {
    let emu = start().await;
    emu.create(client_body()).await;
    emu.admin("fault", json!({"op": "clients.getList", "trickleMs": 400})).await;
    let t = Instant::now();
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert!(t.elapsed() >= Duration::from_millis(350), "{:?}", t.elapsed());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some(r.text.len().to_string()));
    assert_eq!(r.json()["totalCount"], 1);
    // The next call is answered at once, on the same kind of connection.
    let t = Instant::now();
    assert_eq!(emu.call("GET", "/api/s1/client/get/list", None).await.status, 200);
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn content_type_only() {
    let emu = start().await;
    emu.admin("fault", json!({"contentType": "text/html"})).await;
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("text/html"));
    assert_eq!(r.json()["totalCount"], 0);
}

#[tokio::test]
async fn cancelled_connection_is_logged() {
    let emu = start().await;
    emu.admin("fault", json!({"op": "clients.getList", "delayMs": 2000})).await;
    let (bytes, closed) =
        emu.raw(&raw_request("GET", "/api/s1/client/get/list?start=0", ""), Duration::from_millis(200)).await;
    assert!(bytes.is_empty() && !closed);
    // The raw stream was dropped above: the emulator must notice the disconnect.
    let mut seen = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let log = emu.admin("log", json!({"op": "clients.getList"})).await;
        if log["cancelled"] == 1 {
            assert_eq!(log["requests"][0]["completed"], false);
            assert_eq!(log["requests"][0]["cancelled"], true);
            assert_eq!(log["requests"][0]["query"], "start=0");
            seen = true;
            break;
        }
    }
    assert!(seen, "the cancelled request was not logged");
}

#[tokio::test]
async fn reset_clears_state_faults_and_log() {
    let emu = start().await;
    emu.create(client_body()).await;
    emu.admin("fault", json!({"status": 500})).await;
    emu.admin("reset", json!({})).await;
    let r = emu.call("GET", "/api/s1/client/get/list", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["totalCount"], 0);
    let log = emu.admin("log", json!({})).await;
    assert_eq!(log["count"], 1);
}

#[tokio::test]
async fn bad_fault_requests_are_refused() {
    let emu = start().await;
    for body in [
        json!({}),
        json!({"op": "clients.nope", "status": 500}),
        json!({"drop": "sideways"}),
        json!({"status": 500, "times": 0}),
    ] {
        let r = emu
            .http
            .post(format!("{}/__emulator/fault", emu.base))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
    }
}
