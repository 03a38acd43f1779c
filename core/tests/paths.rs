//! Path safety: ids containing / ? # .. % space and non-ASCII are encoded into one segment.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use authlete::ErrorKind;
use serde_json::json;
use support::Recorder;

#[tokio::test]
async fn odd_ids_are_one_encoded_segment() {
    let server = Recorder::start().await;
    let authlete = server.client();
    for (id, encoded) in [
        ("a/b?c", "a%2Fb%3Fc"),
        ("../x", "%2E%2E%2Fx"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
        ("two words", "two%20words"),
        ("ünï-😀", "%C3%BCn%C3%AF-%F0%9F%98%80"),
        ("a.b_c~d-e", "a%2Eb_c~d-e"),
        ("...", "%2E%2E%2E"),
    ] {
        let request = json!({"serviceId": "s/1", "clientId": id}).to_string();
        authlete.clients().call_json("clients.get", request.as_bytes(), None).await.expect("sent");
        assert_eq!(server.last().target, format!("/api/s%2F1/client/get/{encoded}"), "{id}");
    }
    let request = json!({"serviceId": "s", "subject": "a b/c", "developer": "x&y=z"}).to_string();
    authlete
        .clients()
        .call_json("clients.getAuthorizedApplications", request.as_bytes(), None)
        .await
        .expect("sent");
    assert_eq!(
        server.last().target,
        "/api/s/client/authorization/get/list/a%20b%2Fc?subject=a%20b%2Fc&developer=x%26y%3Dz"
    );
}

#[tokio::test]
async fn empty_dot_and_control_ids_are_refused_before_any_io() {
    let server = Recorder::start().await;
    let authlete = server.client();
    for (request, field) in [
        (json!({"serviceId": "", "clientId": "1"}), "serviceId"),
        (json!({"serviceId": "s", "clientId": ""}), "clientId"),
        (json!({"serviceId": "s", "clientId": ".."}), "clientId"),
        (json!({"serviceId": "s", "clientId": "."}), "clientId"),
        (json!({"serviceId": "s", "clientId": "a\r\nX-Evil: 1"}), "clientId"),
    ] {
        let e = authlete
            .clients()
            .call_json("clients.get", request.to_string().as_bytes(), None)
            .await
            .expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::SdkValidation);
        assert_eq!(e.field(), Some(field));
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}
