//! Every operation puts the exact method, path, query, headers and body on the wire, and
//! every example response of the contract decodes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{json, Value};
use support::{Recorder, Reply};

/// (operation, request as the official TypeScript SDK takes it, method, raw request target, body sent, success reply)
type Row = (&'static str, Value, &'static str, &'static str, Option<Value>, Reply);

fn table() -> Vec<Row> {
    let ok = || Reply::json(200, "{}");
    let no_content = || Reply::text(204, "", "");
    vec![
        (
            "clients.get",
            json!({"serviceId": "s1", "clientId": "42"}),
            "GET",
            "/api/s1/client/get/42",
            None,
            ok(),
        ),
        (
            "clients.getList",
            json!({"serviceId": "s1", "developer": "john doe", "start": 0, "end": 10}),
            "GET",
            "/api/s1/client/get/list?developer=john%20doe&start=0&end=10",
            None,
            ok(),
        ),
        (
            "clients.create",
            json!({"serviceId": "s1", "client": {"clientName": "App", "clientId": 5, "number": 3, "clientSecret": "s"}}),
            "POST",
            "/api/s1/client/create",
            Some(json!({"clientName": "App"})),
            ok(),
        ),
        (
            "clients.update",
            json!({"serviceId": "s1", "clientId": "42", "client": {"clientName": "App", "grantTypes": ["AUTHORIZATION_CODE"]}}),
            "POST",
            "/api/s1/client/update/42",
            Some(json!({"clientName": "App", "grantTypes": ["AUTHORIZATION_CODE"]})),
            ok(),
        ),
        (
            "clients.delete",
            json!({"serviceId": "s1", "clientId": "42"}),
            "DELETE",
            "/api/s1/client/delete/42",
            None,
            no_content(),
        ),
        (
            "clients.updateLockFlag",
            json!({"serviceId": "s1", "clientIdentifier": "my-alias", "clientFlagUpdateRequest": {"clientLocked": true}}),
            "POST",
            "/api/s1/client/lock_flag/update/my-alias",
            Some(json!({"clientLocked": true})),
            Reply::json(200, r#"{"resultCode":"A0","resultMessage":"ok"}"#),
        ),
        (
            "clients.rotateSecret",
            json!({"serviceId": "s1", "clientIdentifier": "my-alias"}),
            "GET",
            "/api/s1/client/secret/refresh/my-alias",
            None,
            ok(),
        ),
        (
            "clients.updateSecret",
            json!({"serviceId": "s1", "clientIdentifier": "7", "clientSecretUpdateRequest": {"clientSecret": "abc_DEF-1"}}),
            "POST",
            "/api/s1/client/secret/update/7",
            Some(json!({"clientSecret": "abc_DEF-1"})),
            ok(),
        ),
        (
            "clients.getAuthorizedApplications",
            json!({"serviceId": "s1", "subjectPathParameter": "john", "subjectQueryParameter": "john", "developer": "d", "start": 0, "end": 5}),
            "GET",
            "/api/s1/client/authorization/get/list/john?subject=john&developer=d&start=0&end=5",
            None,
            ok(),
        ),
        (
            "clients.updateTokens",
            json!({"serviceId": "s1", "clientId": "42", "clientAuthorizationUpdateRequest": {"subject": "john", "scopes": ["history.read"]}}),
            "POST",
            "/api/s1/client/authorization/update/42",
            Some(json!({"subject": "john", "scopes": ["history.read"]})),
            ok(),
        ),
        (
            "clients.deleteTokens",
            json!({"serviceId": "s1", "clientId": "42", "subject": "john"}),
            "DELETE",
            "/api/s1/client/authorization/delete/42/john?subject=john",
            None,
            ok(),
        ),
        (
            "clients.getGrantedScopes",
            json!({"serviceId": "s1", "clientId": "42", "subjectPathParameter": "john"}),
            "GET",
            "/api/s1/client/granted_scopes/get/42/john?subject=john",
            None,
            ok(),
        ),
        (
            "clients.deleteGrantedScopes",
            json!({"serviceId": "s1", "clientId": "42", "subjectQueryParameter": "john"}),
            "DELETE",
            "/api/s1/client/granted_scopes/delete/42/john?subject=john",
            None,
            ok(),
        ),
        (
            "clients.getRequestableScopes",
            json!({"serviceId": "s1", "clientId": "42"}),
            "GET",
            "/api/s1/client/extension/requestable_scopes/get/42",
            None,
            ok(),
        ),
        (
            "clients.updateRequestableScopes",
            json!({"serviceId": "s1", "clientId": "42", "clientExtensionRequestableScopesUpdateRequest": {"requestableScopes": ["a", "b"]}}),
            "PUT",
            "/api/s1/client/extension/requestable_scopes/update/42",
            Some(json!({"requestableScopes": ["a", "b"]})),
            ok(),
        ),
        (
            "clients.deleteRequestableScopes",
            json!({"serviceId": "s1", "clientId": "42"}),
            "DELETE",
            "/api/s1/client/extension/requestable_scopes/delete/42",
            None,
            no_content(),
        ),
    ]
}

#[tokio::test]
async fn every_operation_sends_the_exact_request() {
    let server = Recorder::start().await;
    let authlete = server.client();
    let table = table();
    assert_eq!(table.len(), authlete::OPERATION_NAMES.len(), "one row per operation");
    for (op, request, method, target, body, reply) in table {
        server.push(reply);
        let out = authlete.clients().call_json(op, request.to_string().as_bytes(), None).await;
        let out = out.unwrap_or_else(|e| panic!("{op}: {e}"));
        let void = op.ends_with("clients.delete") || op.ends_with("deleteRequestableScopes");
        assert_eq!(out.is_none(), void, "{op}: void result iff 204 operation");
        let r = server.last();
        assert_eq!(r.method, method, "{op}");
        assert_eq!(r.target, target, "{op}");
        assert_eq!(r.header("accept"), Some("application/json"), "{op}");
        assert_eq!(r.header("authorization"), Some("Bearer test-token"), "{op}");
        let ua = r.header("user-agent").unwrap_or_default();
        assert!(ua.starts_with(&format!("authlete-sdk/{} rust", env!("CARGO_PKG_VERSION"))), "{op}: {ua}");
        match body {
            Some(expected) => {
                assert_eq!(r.header("content-type"), Some("application/json"), "{op}");
                assert_eq!(r.json(), expected, "{op}");
            }
            None => {
                assert_eq!(r.header("content-type"), None, "{op}: no body, no content type");
                assert!(r.body.is_empty(), "{op}");
            }
        }
    }
}

#[tokio::test]
async fn a_json_body_that_fits_goes_out_as_written_and_any_other_the_typed_way() {
    let server = Recorder::start().await;
    let authlete = server.client();
    let send = |request: &str| {
        let (authlete, request) = (authlete.clone(), request.to_owned());
        async move { authlete.clients().call_json("clients.update", request.as_bytes(), None).await }
    };
    // Fits: the bytes the binding wrote, spacing and escapes as they were.
    server.push(Reply::json(200, "{}"));
    let body = r#"{ "clientName" : "A\u00e9", "grantTypes": ["AUTHORIZATION_CODE"], "x-new": [1.50] }"#;
    send(&format!(r#"{{"serviceId": "s1", "client": {body}, "clientId": "42"}}"#)).await.expect("update");
    let r = server.last();
    assert_eq!(r.target, "/api/s1/client/update/42");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(String::from_utf8_lossy(&r.body), body);
    // A read-only field, or a null: written the typed way, without them.
    for (request, sent) in [
        (
            r#"{"serviceId": "s1", "clientId": "42", "client": {"clientName": "A", "clientId": 7}}"#,
            json!({"clientName": "A"}),
        ),
        (
            r#"{"serviceId": "s1", "clientId": "42", "client": {"clientName": "A", "description": null}}"#,
            json!({"clientName": "A"}),
        ),
    ] {
        server.push(Reply::json(200, "{}"));
        send(request).await.expect("update");
        assert_eq!(server.last().json(), sent, "{request}");
    }
    // A bad member beside a body that fits, or in it: the typed decode's error, nothing sent.
    let before = server.requests().len();
    for (request, field) in [
        (r#"{"serviceId": "s1", "clientId": "42", "client": {"clientName": "A"}, "bogus": 1}"#, "bogus"),
        (r#"{"serviceId": 5, "clientId": "42", "client": {"clientName": "A"}}"#, "serviceId"),
        (r#"{"serviceId": "", "clientId": "42", "client": {"clientName": "A"}}"#, "serviceId"),
        (r#"{"serviceId": "s1", "clientId": "42", "client": {"clientName": 5}}"#, "client.clientName"),
    ] {
        let e = send(request).await.expect_err(request);
        assert_eq!(e.kind(), authlete::ErrorKind::SdkValidation, "{request}");
        assert!(e.to_string().contains(field), "{request}: {e}");
    }
    assert_eq!(server.requests().len(), before, "no request sent");
}

#[tokio::test]
async fn typed_api_and_json_api_send_the_same_request() {
    let server = Recorder::start().await;
    let authlete = server.client();
    let request = authlete::ClientGetListApiRequest {
        service_id: "s1".into(),
        developer: Some("john doe".into()),
        start: Some(0),
        end: Some(10),
    };
    authlete.clients().get_list(request).await.expect("get_list");
    assert_eq!(server.last().target, "/api/s1/client/get/list?developer=john%20doe&start=0&end=10");
}

#[tokio::test]
async fn server_url_path_prefix_is_kept() {
    let server = Recorder::start().await;
    let authlete = authlete::Authlete::builder()
        .server(format!("{}/prefix/v3/", server.url))
        .bearer_token("t")
        .build()
        .expect("client");
    authlete.clients().call_json("get", br#"{"serviceId":"s","clientId":"1"}"#, None).await.expect("call");
    assert_eq!(server.last().target, "/prefix/v3/api/s/client/get/1");
}

#[tokio::test]
async fn per_call_options_add_headers_and_change_the_server() {
    let server = Recorder::start().await;
    let other = Recorder::start().await;
    let authlete = authlete::Authlete::builder()
        .server("https://us.authlete.com")
        .bearer_token("t")
        .build()
        .expect("client");
    let options = authlete::CallOptions::from_json(
        format!(r#"{{"serverURL":"{}","headers":{{"X-Trace":"1"}},"fetchOptions":{{"headers":{{"X-Other":"2"}}}}}}"#, other.url)
            .as_bytes(),
    )
    .expect("options");
    authlete
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, Some(&options))
        .await
        .expect("call");
    assert!(server.requests().is_empty());
    let r = other.last();
    assert_eq!(r.header("x-trace"), Some("1"));
    assert_eq!(r.header("x-other"), Some("2"));
}

/// Minimal valid requests (as the official TypeScript SDK takes them) for every operation, used to replay the contract's examples.
fn minimal_request(op: &str) -> Value {
    let mut r = json!({"serviceId": "s", "clientId": "1", "clientIdentifier": "1", "subject": "u"});
    let m = r.as_object_mut().expect("object");
    match op {
        "getList" | "create" => {
            m.remove("clientId");
        }
        _ => {}
    }
    if !matches!(op, "updateLockFlag" | "rotateSecret" | "updateSecret") {
        m.remove("clientIdentifier");
    } else {
        m.remove("clientId");
    }
    if !matches!(
        op,
        "getAuthorizedApplications" | "deleteTokens" | "getGrantedScopes" | "deleteGrantedScopes"
    ) {
        m.remove("subject");
    }
    if op == "getAuthorizedApplications" {
        m.remove("clientId");
    }
    match op {
        "updateSecret" => {
            m.insert("clientSecretUpdateRequest".into(), json!({"clientSecret": "abc"}));
        }
        "updateRequestableScopes" => {
            m.insert("clientExtensionRequestableScopesUpdateRequest".into(), json!({}));
        }
        _ => {}
    }
    r
}

#[tokio::test]
async fn every_example_response_of_the_contract_decodes() {
    let spec: Value =
        serde_norway::from_str(include_str!("../../spec/authlete-clients.openapi.yaml")).expect("spec");
    let server = Recorder::start().await;
    let authlete = server.client();
    let mut decoded = 0;
    for (_, methods) in spec["paths"].as_object().expect("paths") {
        for (_, op) in methods.as_object().expect("methods") {
            let name = op["x-speakeasy-name-override"].as_str().expect("name");
            for (status, response) in op["responses"].as_object().expect("responses") {
                if !status.starts_with('2') {
                    continue;
                }
                let content = &response["content"]["application/json"];
                let mut examples = vec![];
                if !content["example"].is_null() {
                    examples.push(content["example"].clone());
                }
                for (_, ex) in content["examples"].as_object().into_iter().flatten() {
                    examples.push(ex["value"].clone());
                }
                for example in examples {
                    server.push(Reply::json(200, &example.to_string()));
                    let request = minimal_request(name).to_string();
                    let out = authlete.clients().call_json(name, request.as_bytes(), None).await;
                    let out = out.unwrap_or_else(|e| panic!("{name}: {e}"));
                    let back: Value = serde_json::from_str(&out.expect("a body")).expect("json");
                    assert_eq!(back, example, "{name}: decoding then encoding keeps every field");
                    decoded += 1;
                }
            }
        }
    }
    assert!(decoded >= 10, "decoded {decoded} examples");
}
