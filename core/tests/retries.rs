//! Retries: Retry-After honoured, 503 then 200 succeeds for every operation, an ambiguous
//! failure retried for update but never for create, the deadline bounds all attempts, and
//! strategy none makes one attempt.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, Instant};

use authlete::{ErrorKind, RetryConfig};
use serde_json::json;
use support::{Recorder, Reply};

fn request_for(op: &str) -> serde_json::Value {
    let mut r = json!({"serviceId": "s"});
    let m = r.as_object_mut().expect("object");
    match op {
        "clients.getList" => {}
        "clients.create" => {
            m.insert("client".into(), json!({"clientName": "x"}));
        }
        "clients.updateLockFlag" | "clients.rotateSecret" | "clients.updateSecret" => {
            m.insert("clientIdentifier".into(), json!("1"));
            m.insert("clientFlagUpdateRequest".into(), json!({"clientLocked": true}));
            m.insert("clientSecretUpdateRequest".into(), json!({"clientSecret": "abc"}));
            if op != "clients.updateLockFlag" {
                m.remove("clientFlagUpdateRequest");
            }
            if op != "clients.updateSecret" {
                m.remove("clientSecretUpdateRequest");
            }
        }
        "clients.getAuthorizedApplications" => {
            m.insert("subject".into(), json!("u"));
        }
        _ => {
            m.insert("clientId".into(), json!("1"));
            if matches!(
                op,
                "clients.deleteTokens" | "clients.getGrantedScopes" | "clients.deleteGrantedScopes"
            ) {
                m.insert("subject".into(), json!("u"));
            }
            if op == "clients.updateRequestableScopes" {
                m.insert("clientExtensionRequestableScopesUpdateRequest".into(), json!({}));
            }
        }
    }
    r
}

fn success_for(op: &str) -> Reply {
    if op == "clients.delete" || op == "clients.deleteRequestableScopes" {
        Reply::text(204, "", "")
    } else if op == "clients.updateLockFlag" {
        Reply::json(200, r#"{"resultCode":"A","resultMessage":"ok"}"#)
    } else {
        Reply::json(200, "{}")
    }
}

#[tokio::test]
async fn a_503_then_success_succeeds_for_every_operation() {
    let server = Recorder::start().await;
    let authlete = server.client();
    for op in authlete::OPERATION_NAMES {
        server.push(Reply::text(503, "text/plain", "busy"));
        server.push(success_for(op));
        let before = server.requests().len();
        let request = request_for(op).to_string();
        authlete
            .clients()
            .call_json(op, request.as_bytes(), None)
            .await
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        assert_eq!(server.requests().len() - before, 2, "{op}: two attempts");
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = Recorder::start().await;
    server.push(Reply::text(429, "text/plain", "slow down").with_header("Retry-After", "1"));
    server.push(Reply::json(200, "{}"));
    let started = Instant::now();
    server
        .client()
        .clients()
        .call_json("clients.create", br#"{"serviceId":"s","client":{}}"#, None)
        .await
        .expect("429 is safe to retry, even for create");
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_returns_the_error_at_once() {
    let server = Recorder::start().await;
    server.push(Reply::text(503, "text/plain", "later").with_header("Retry-After", "30"));
    let authlete = server.builder().timeout(Duration::from_secs(2)).build().expect("client");
    let started = Instant::now();
    let e = authlete
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, None)
        .await
        .expect_err("503");
    assert_eq!(e.kind(), ErrorKind::AuthleteDefault);
    assert_eq!(e.status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_dropped_connection_after_sending_is_retried_for_update_but_not_create() {
    let server = Recorder::start().await;
    let authlete = server.client();
    server.push(Reply::Drop);
    server.push(Reply::json(200, "{}"));
    authlete
        .clients()
        .call_json("clients.update", br#"{"serviceId":"s","clientId":"1","client":{}}"#, None)
        .await
        .expect("update retried");
    assert_eq!(server.requests().len(), 2);

    server.push(Reply::Drop);
    server.push(Reply::json(200, "{}"));
    let e = authlete
        .clients()
        .call_json("clients.create", br#"{"serviceId":"s","client":{}}"#, None)
        .await
        .expect_err("create is not retried after an ambiguous failure");
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert_eq!(server.requests().len(), 3, "exactly one create was sent");
}

#[tokio::test]
async fn create_is_not_retried_on_500_502_504() {
    for status in [500, 502, 504] {
        let server = Recorder::start().await;
        server.push(Reply::text(status, "text/plain", "oops"));
        let e = server
            .client()
            .clients()
            .call_json("clients.create", br#"{"serviceId":"s","client":{}}"#, None)
            .await
            .expect_err("not retried");
        assert_eq!(e.status(), Some(status));
        assert_eq!(server.requests().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn the_deadline_bounds_all_attempts() {
    let server = Recorder::start().await;
    for _ in 0..100 {
        server
            .push(Reply::Delay(Duration::from_millis(150), Box::new(Reply::text(503, "text/plain", "busy"))));
    }
    let authlete = server.builder().timeout(Duration::from_millis(700)).build().expect("client");
    let started = Instant::now();
    let e = authlete
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, None)
        .await
        .expect_err("deadline");
    assert!(matches!(e.kind(), ErrorKind::RequestTimeout | ErrorKind::AuthleteDefault), "{e}");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    assert!(server.requests().len() >= 2, "it did retry");
}

#[tokio::test]
async fn strategy_none_makes_one_attempt() {
    let server = Recorder::start().await;
    server.push(Reply::text(503, "text/plain", "busy"));
    let authlete = server.builder().retry_config(RetryConfig::None).build().expect("client");
    let e = authlete
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, None)
        .await
        .expect_err("503");
    assert_eq!(e.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn per_call_retries_and_codes_override_the_client() {
    let server = Recorder::start().await;
    let authlete = server.builder().retry_config(RetryConfig::None).build().expect("client");
    server.push(Reply::text(404, "text/plain", "not yet"));
    server.push(Reply::json(200, "{}"));
    let options = authlete::CallOptions::from_json(
        br#"{"retries":{"strategy":"backoff","backoff":{"initialInterval":5,"maxInterval":10,"exponent":1.1,"maxElapsedTime":1000}},"retryCodes":["4XX"]}"#,
    )
    .expect("options");
    authlete
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, Some(&options))
        .await
        .expect("retried on 404 by request");
    assert_eq!(server.requests().len(), 2);
}
