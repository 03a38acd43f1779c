//! Bad input is refused with a typed error naming the field, before any I/O.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use authlete::ErrorKind;
use serde_json::json;
use support::Recorder;

async fn refused(op: &str, request: serde_json::Value, options: Option<&str>) -> (String, String) {
    let server = Recorder::start().await;
    let authlete = server.client();
    let result = match options.map(|o| authlete::CallOptions::from_json(o.as_bytes())) {
        Some(Err(e)) => Err(e),
        Some(Ok(o)) => authlete.clients().call_json(op, request.to_string().as_bytes(), Some(&o)).await,
        None => authlete.clients().call_json(op, request.to_string().as_bytes(), None).await,
    };
    let e = result.expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::SdkValidation, "{e}");
    assert!(server.requests().is_empty(), "nothing sent for {request}");
    (e.field().unwrap_or_default().to_owned(), e.to_string())
}

#[tokio::test]
async fn client_secrets_must_fit_the_contract() {
    for secret in ["", "has space", "semi;colon", &"a".repeat(87), "ünicode"] {
        let request = json!({"serviceId": "s", "clientIdentifier": "1", "clientSecretUpdateRequest": {"clientSecret": secret}});
        let (field, message) = refused("clients.updateSecret", request, None).await;
        assert_eq!(field, "clientSecretUpdateRequest.clientSecret");
        assert!(
            !secret.is_empty() && !message.contains(secret) || secret.is_empty(),
            "the secret is not echoed: {message}"
        );
    }
}

#[tokio::test]
async fn wrong_types_missing_fields_and_unknown_keys_are_named() {
    let cases = [
        ("clients.get", json!({"serviceId": "s"}), "clientId"),
        ("clients.get", json!({"serviceId": 5, "clientId": "1"}), "serviceId"),
        ("clients.create", json!({"serviceId": "s", "client": {"clientName": 5}}), "client.clientName"),
        ("clients.create", json!({"serviceId": "s", "client": {"grantTypes": "CODE"}}), "client.grantTypes"),
        (
            "clients.updateLockFlag",
            json!({"serviceId": "s", "clientIdentifier": "1", "clientFlagUpdateRequest": {"clientLocked": "yes"}}),
            "clientFlagUpdateRequest.clientLocked",
        ),
        (
            "clients.updateLockFlag",
            json!({"serviceId": "s", "clientIdentifier": "1", "clientFlagUpdateRequest": {}}),
            "clientFlagUpdateRequest.clientLocked",
        ),
        (
            "clients.updateSecret",
            json!({"serviceId": "s", "clientIdentifier": "1"}),
            "clientSecretUpdateRequest",
        ),
        ("clients.get", json!({"serviceId": "s", "clientID": "1"}), "clientID"),
        ("clients.getList", json!({"serviceId": "s", "start": -1}), "start"),
        ("clients.getAuthorizedApplications", json!({"serviceId": "s"}), "subjectPathParameter"),
        (
            "clients.updateTokens",
            json!({"serviceId": "s", "clientId": "1", "clientAuthorizationUpdateRequest": {"subject": ""}}),
            "clientAuthorizationUpdateRequest.subject",
        ),
    ];
    for (op, request, field) in cases {
        let (got, message) = refused(op, request.clone(), None).await;
        assert_eq!(got, field, "{op} {request}: {message}");
    }
}

#[tokio::test]
async fn malformed_json_is_refused_with_its_position() {
    let server = Recorder::start().await;
    let e = server
        .client()
        .clients()
        .call_json("clients.get", b"{\"serviceId\": ", None)
        .await
        .expect_err("bad json");
    assert_eq!(e.kind(), ErrorKind::SdkValidation);
    assert!(e.to_string().contains("line 1 column"), "{e}");
}

#[tokio::test]
async fn cr_lf_in_headers_and_tokens_is_refused() {
    let (field, message) = refused(
        "clients.get",
        json!({"serviceId": "s", "clientId": "1"}),
        Some(r#"{"headers":{"X-A":"v\r\nX-Injected: 1"}}"#),
    )
    .await;
    assert_eq!(field, "headers.X-A");
    assert!(!message.contains("Injected"), "{message}");
    let (field, _) = refused(
        "clients.get",
        json!({"serviceId": "s", "clientId": "1"}),
        Some(r#"{"headers":{"Bad Name":"v"}}"#),
    )
    .await;
    assert_eq!(field, "headers");
    let e = authlete::Authlete::builder().bearer_token("sekrit\r\nvalue").build().expect_err("refused");
    assert_eq!(e.field(), Some("security"));
    assert!(!e.to_string().contains("sekrit"), "{e}");
}

#[tokio::test]
async fn options_json_is_checked() {
    for (json, field) in [
        (r#"{"serverIdx": 9}"#, "serverIdx"),
        (r#"{"serverURL": "ftp://x"}"#, "serverURL"),
        (r#"{"serverURL": "not a url"}"#, "serverURL"),
        (r#"{"retryConfig": {"strategy": "sometimes"}}"#, "retryConfig"),
        (r#"{"timeoutMs": "5"}"#, "timeoutMs"),
        (r#"{"unknownOption": 1}"#, "unknownOption"),
    ] {
        let e = authlete::Authlete::from_options_json(json.as_bytes(), "test").expect_err(json);
        assert_eq!(e.kind(), ErrorKind::SdkValidation);
        assert!(
            e.field().unwrap_or_default().starts_with(field) || e.to_string().contains(field),
            "{json}: {e}"
        );
    }
}
