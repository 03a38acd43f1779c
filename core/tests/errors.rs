//! Every status / content-type combination maps to its documented error kind with its fields.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::Duration;

use authlete::{Error, ErrorKind};
use support::{Recorder, Reply};

const GET: &[u8] = br#"{"serviceId":"s","clientId":"1"}"#;

async fn get_with(reply: Reply) -> Error {
    let server = Recorder::start().await;
    server.push(reply);
    let authlete = server.builder().retry_config(authlete::RetryConfig::None).build().expect("client");
    authlete.clients().call_json("clients.get", GET, None).await.expect_err("an error")
}

#[tokio::test]
async fn json_results_at_400_401_403_500_are_result_errors() {
    for status in [400, 401, 403, 500] {
        let body = r#"{"resultCode":"A001202","resultMessage":"[A001202] Authorization header is missing."}"#;
        let e = get_with(Reply::json(status, body).with_header("X-Request-Id", "r1")).await;
        assert_eq!(e.kind(), ErrorKind::Result, "{status}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.result_code(), Some("A001202"));
        assert_eq!(e.result_message(), Some("[A001202] Authorization header is missing."));
        let r = e.response().expect("response");
        assert_eq!(r.body, body);
        assert_eq!(r.content_type, "application/json");
        assert!(r.headers.iter().any(|(k, v)| k == "x-request-id" && v == "r1"));
        assert!(e.to_string().contains("A001202"), "{e}");
    }
}

#[tokio::test]
async fn other_statuses_and_text_bodies_are_default_errors() {
    for (status, ct, body) in [
        (404, "text/plain", "not found"),
        (409, "text/plain", "conflict"),
        (502, "text/html", "<html>bad gateway</html>"),
        (400, "text/plain", "plain bad request"),
        (500, "application/json", "{not json"),
        (418, "application/json", r#"{"resultCode":"X"}"#),
        (302, "", ""),
    ] {
        let e = get_with(Reply::text(status, ct, body)).await;
        assert_eq!(e.kind(), ErrorKind::AuthleteDefault, "{status} {ct}");
        assert_eq!(e.status(), Some(status));
        let r = e.response().expect("response");
        assert_eq!(r.content_type, ct);
        assert_eq!(r.body, body);
        assert_eq!(e.result_code(), None);
        assert!(e.to_string().contains(&status.to_string()), "{e}");
    }
}

#[tokio::test]
async fn invalid_success_bodies_are_response_validation_errors() {
    for (reply, why) in [
        (Reply::text(200, "application/json", "not json"), "expected"),
        (Reply::text(200, "text/html", "<html></html>"), "text/html"),
        (Reply::text(204, "", ""), "empty"),
        (Reply::json(200, r#"{"clientId":"not-a-number"}"#), "clientId"),
        (Reply::json(200, r#"{"clientName":5}"#), "clientName"),
        (Reply::json(200, "[1,2]"), "invalid type"),
        // Not UTF-8 inside a string (the fast path checks the whole body first).
        (
            Reply::Respond {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: b"{\"clientName\":\"a\xff\"}".to_vec(),
            },
            "clientName",
        ),
    ] {
        let e = get_with(reply).await;
        assert_eq!(e.kind(), ErrorKind::ResponseValidation, "{why}");
        assert!(e.to_string().contains(why), "{why}: {e}");
        assert!(e.status().is_some());
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_connection_error() {
    let e = get_with(Reply::Truncated { status: 200, body: br#"{"clientNa"#.to_vec(), declared: 500 }).await;
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    let authlete = authlete::Authlete::builder()
        .server("http://127.0.0.1:9")
        .retry_config(authlete::RetryConfig::None)
        .build()
        .expect("client");
    let e = authlete.clients().call_json("clients.get", GET, None).await.expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert_eq!(e.status(), None);
}

#[tokio::test]
async fn the_deadline_gives_a_timeout_error() {
    let server = Recorder::start().await;
    server.push(Reply::Delay(Duration::from_secs(5), Box::new(Reply::json(200, "{}"))));
    let authlete = server.builder().timeout(Duration::from_millis(200)).build().expect("client");
    let started = std::time::Instant::now();
    let e = authlete.clients().call_json("clients.get", GET, None).await.expect_err("timeout");
    assert_eq!(e.kind(), ErrorKind::RequestTimeout);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_cancelled_call_is_aborted_and_closes_the_connection() {
    let server = Recorder::start().await;
    server.push(Reply::Delay(Duration::from_secs(5), Box::new(Reply::json(200, "{}"))));
    let authlete = server.client();
    let token = authlete::CancellationToken::new();
    let options = authlete::CallOptions { cancel: Some(token.clone()), ..Default::default() };
    let cancel = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        token.cancel();
    });
    let e = authlete.clients().call_json("clients.get", GET, Some(&options)).await.expect_err("aborted");
    assert_eq!(e.kind(), ErrorKind::RequestAborted);
    cancel.await.expect("join");
    for _ in 0..50 {
        if server.closed_by_client() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.closed_by_client(), 1, "the server saw the connection close");
}

#[tokio::test]
async fn an_unknown_operation_is_named() {
    let server = Recorder::start().await;
    let e = server.client().clients().call_json("clients.nope", GET, None).await.expect_err("unknown");
    assert_eq!(e.kind(), ErrorKind::SdkValidation);
    assert_eq!(e.field(), Some("operation"));
    assert!(e.to_string().contains("clients.nope"));
    assert!(server.requests().is_empty());
}

/// Every binding reads an error through the same accessors; each says the same as the variant.
#[tokio::test]
async fn the_record_accessors_agree_with_every_kind() {
    let e = get_with(Reply::json(403, r#"{"resultCode":"A1","resultMessage":"locked"}"#)).await;
    assert_eq!(e.message(), "HTTP 403 [A1] locked");
    assert_eq!(e.to_string(), format!("ResultError: {}", e.message()));
    assert_eq!((e.content_type(), e.reason(), e.attempts()), (Some("application/json"), None, None));
    assert!(e.body().is_some_and(|b| b.contains("A1")));
    assert!(e.headers().is_some_and(|h| h.iter().any(|(k, _)| k == "content-type")));

    let e = get_with(Reply::json(200, r#"{"clientId":"x"}"#)).await;
    assert_eq!(e.kind(), ErrorKind::ResponseValidation);
    assert!(e.reason().is_some_and(|r| r.contains("clientId")), "{e}");

    let e = Error::validation("client.clientName", "expected a string");
    assert_eq!((e.field(), e.reason()), (Some("client.clientName"), Some("expected a string")));
    assert_eq!((e.status(), e.body(), e.headers(), e.attempts()), (None, None, None, None));
    assert_eq!(e.to_string(), "SDKValidationError: client.clientName: expected a string");

    let e = Error::aborted("clients.get");
    assert_eq!((e.kind(), e.attempts()), (ErrorKind::RequestAborted, Some(0)));
    assert_eq!(e.reason(), Some("the request was aborted by the caller"));

    let e = Error::unexpected("cannot start the async runtime: no threads");
    assert_eq!(e.kind(), ErrorKind::UnexpectedClient);
    assert_eq!(e.kind().name(), "UnexpectedClientError");
    assert_eq!(e.reason(), Some("cannot start the async runtime: no threads"));
    assert_eq!(e.to_string(), "UnexpectedClientError: cannot start the async runtime: no threads");
    assert_eq!((e.status(), e.field(), e.attempts()), (None, None, None));
}

/// The kinds in the C enum's order: new kinds only ever go at the end.
#[test]
fn the_kinds_keep_their_order() {
    let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "ResultError",
            "AuthleteDefaultError",
            "ResponseValidationError",
            "SDKValidationError",
            "ConnectionError",
            "RequestTimeoutError",
            "RequestAbortedError",
            "UnexpectedClientError",
        ]
    );
}
