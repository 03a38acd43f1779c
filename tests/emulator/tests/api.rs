//! Behaviour of the operations: ids, aliases, unknown fields, validation, pagination.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{client_body, start};
use serde_json::json;

#[tokio::test]
async fn odd_ids_reach_the_server_as_one_segment() {
    let emu = start().await;
    // Note: reqwest (WHATWG URL rules) turns a `%2E%2E` segment into `..` and resolves it,
    // so a bare ".." id can only be checked with a raw request (below).
    let ids = [
        ("a%2Fb%3Fc", "a/b?c"),
        ("..%2Fx", "../x"),
        ("a%23b", "a#b"),
        ("%25", "%"),
        ("a%20b", "a b"),
        ("%C3%A9t%C3%A9", "été"),
    ];
    for (raw, decoded) in ids {
        let r = emu.call("GET", &format!("/api/s1/client/get/{raw}"), None).await;
        assert_eq!(r.status, 400, "{raw}");
        let v = r.json();
        assert_eq!(v["resultCode"], "A000201", "{raw}");
        assert!(v["resultMessage"].as_str().unwrap().contains(&format!("'{decoded}'")), "{raw}: {v}");
    }
    let (bytes, _) = emu
        .raw(
            &common::raw_request("GET", "/api/s1/client/get/%2E%2E", ""),
            std::time::Duration::from_millis(500),
        )
        .await;
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("HTTP/1.1 400") && text.contains("'..'"), "{text}");
    let log = emu.admin("log", json!({"op": "clients.get"})).await;
    assert_eq!(log["count"], ids.len() + 1);
    assert_eq!(log["requests"][0]["path"], "/api/s1/client/get/a%2Fb%3Fc");
    assert_eq!(log["requests"][0]["segments"], json!(["api", "s1", "client", "get", "a/b?c"]));
    assert_eq!(log["requests"][5]["segments"][4], "été");
}

#[tokio::test]
async fn unmatched_paths_are_404_json_and_logged() {
    let emu = start().await;
    let r = emu.call("GET", "/api/s1/client/get/", None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["resultCode"], "A000404");
    let log = emu.admin("log", json!({})).await;
    assert_eq!(log["requests"][0]["op"], serde_json::Value::Null);
}

#[tokio::test]
async fn create_assigns_server_fields_and_ignores_read_only_input() {
    let emu = start().await;
    let mut body = client_body();
    body["clientId"] = json!(1);
    body["number"] = json!(77);
    body["clientSecret"] = json!("mine");
    body["createdAt"] = json!(5);
    let c = emu.create(body).await;
    let id = c["clientId"].as_i64().unwrap();
    assert!((10_000_000_000_000..100_000_000_000_000).contains(&id));
    assert_eq!(c["number"], 1);
    assert_eq!(c["clientSecret"].as_str().unwrap().len(), 86);
    assert!(c["createdAt"].as_i64().unwrap() > 1_600_000_000_000);
    assert_eq!(emu.create(client_body()).await["number"], 2);
}

#[tokio::test]
async fn unknown_fields_round_trip() {
    let emu = start().await;
    let seeded = emu
        .admin(
            "seed",
            json!({"serviceId": "s1", "clients": [{"clientId": 9007199254740993_i64, "clientName": "x",
            "futureField": {"a": [1, 2]}, "grantTypes": ["AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"],
            "extension": {"requestableScopes": ["a"], "futureExt": true}}]}),
        )
        .await;
    assert_eq!(seeded["clients"][0]["clientId"], 9007199254740993_i64);
    let got = emu.call("GET", "/api/s1/client/get/9007199254740993", None).await;
    assert!(got.text.contains("9007199254740993"));
    let mut c = got.json();
    c["clientName"] = json!("y");
    let upd = emu.call("POST", "/api/s1/client/update/9007199254740993", Some(c)).await;
    assert_eq!(upd.status, 200, "{}", upd.text);
    let again = emu.call("GET", "/api/s1/client/get/9007199254740993", None).await.json();
    assert_eq!(again["clientName"], "y");
    assert_eq!(again["futureField"], json!({"a": [1, 2]}));
    assert_eq!(again["extension"]["futureExt"], true);
    assert_eq!(again["grantTypes"][1], "PRE_AUTHORIZED_CODE");
}

#[tokio::test]
async fn update_replaces_writable_fields() {
    let emu = start().await;
    let c = emu.create(json!({"clientName": "a", "developer": "d"})).await;
    let id = c["clientId"].as_i64().unwrap();
    let u = emu
        .call("POST", &format!("/api/s1/client/update/{id}"), Some(json!({"clientName": "b"})))
        .await
        .json();
    assert_eq!(u["clientName"], "b");
    assert!(u.get("developer").is_none());
    assert_eq!(u["clientSecret"], c["clientSecret"]);
    assert_eq!(u["createdAt"], c["createdAt"]);
}

#[tokio::test]
async fn aliases_resolve_and_must_be_unique() {
    let emu = start().await;
    let c = emu.create(json!({"clientIdAlias": "my-app", "clientIdAliasEnabled": true})).await;
    let r =
        emu.call("POST", "/api/s1/client/lock_flag/update/my-app", Some(json!({"clientLocked": true}))).await;
    assert_eq!(r.status, 200);
    let got = emu.call("GET", "/api/s1/client/get/my-app", None).await.json();
    assert_eq!(got["clientId"], c["clientId"]);
    assert_eq!(got["locked"], true);
    let r = emu.call("POST", "/api/s1/client/create", Some(json!({"clientIdAlias": "my-app"}))).await;
    assert_eq!((r.status, r.json()["resultCode"].clone()), (400, json!("A000202")));
    // Services are separate.
    let r = emu.call("POST", "/api/s2/client/create", Some(json!({"clientIdAlias": "my-app"}))).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn request_validation() {
    let emu = start().await;
    let id = emu.create(client_body()).await["clientId"].as_i64().unwrap();
    let cases = [
        ("POST", "/api/s1/client/create".to_string(), "{\"clientName\": 1}", "A000102"),
        ("POST", "/api/s1/client/create".to_string(), "{\"clientType\": \"BOGUS\"}", "A000103"),
        ("POST", "/api/s1/client/create".to_string(), "{\"grantTypes\": \"AUTHORIZATION_CODE\"}", "A000102"),
        ("POST", "/api/s1/client/create".to_string(), "{\"defaultMaxAge\": 3000000000}", "A000102"),
        (
            "POST",
            "/api/s1/client/create".to_string(),
            "{\"extension\": {\"accessTokenDuration\": \"1\"}}",
            "A000102",
        ),
        ("POST", "/api/s1/client/create".to_string(), "{not json", "A000101"),
        ("POST", format!("/api/s1/client/lock_flag/update/{id}"), "{\"clientLocked\": \"yes\"}", "A000102"),
        ("POST", format!("/api/s1/client/lock_flag/update/{id}"), "{}", "A000104"),
        ("POST", format!("/api/s1/client/secret/update/{id}"), "{}", "A000104"),
        ("POST", format!("/api/s1/client/secret/update/{id}"), "{\"clientSecret\": \"a b\"}", "A149201"),
        ("POST", format!("/api/s1/client/authorization/update/{id}"), "{\"scopes\": []}", "A000104"),
        ("PUT", format!("/api/s1/client/extension/requestable_scopes/update/{id}"), "", "A000104"),
        ("GET", "/api/s1/client/get/list?end=x".to_string(), "", "A000105"),
        ("GET", "/api/s1/client/authorization/get/list/a?subject=b".to_string(), "", "A000106"),
    ];
    for (method, path, body, code) in cases {
        let r = emu
            .http
            .request(method.parse().unwrap(), format!("{}{path}", emu.base))
            .header("authorization", "Bearer t")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{method} {path} {body}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["resultCode"], code, "{method} {path} {body}: {v}");
    }
    let long = "a".repeat(87);
    let r = emu
        .call("POST", &format!("/api/s1/client/secret/update/{id}"), Some(json!({"clientSecret": long})))
        .await;
    assert_eq!(r.status, 400);
    let ok = "A".repeat(86);
    let r = emu
        .call("POST", &format!("/api/s1/client/secret/update/{id}"), Some(json!({"clientSecret": ok})))
        .await;
    assert_eq!(r.json()["newClientSecret"], ok);
}

#[tokio::test]
async fn pagination_and_developer_filter() {
    let emu = start().await;
    for i in 0..7 {
        emu.create(
            json!({"clientName": format!("c{i}"), "developer": if i % 2 == 0 { "even" } else { "odd" }}),
        )
        .await;
    }
    let v = emu.call("GET", "/api/s1/client/get/list", None).await.json();
    assert_eq!(
        (v["start"].clone(), v["end"].clone(), v["totalCount"].clone()),
        (json!(0), json!(5), json!(7))
    );
    assert_eq!(v["clients"].as_array().unwrap().len(), 5);
    let v = emu.call("GET", "/api/s1/client/get/list?start=5&end=10", None).await.json();
    assert_eq!(v["clients"].as_array().unwrap().len(), 2);
    assert_eq!(v["clients"][0]["clientName"], "c5");
    let v = emu.call("GET", "/api/s1/client/get/list?developer=even&end=100", None).await.json();
    assert_eq!(v["totalCount"], 4);
}

#[tokio::test]
async fn authorizations_and_scopes() {
    let emu = start().await;
    let a = emu.create(json!({"clientName": "a", "clientIdAlias": "app-a"})).await;
    let b = emu.create(json!({"clientName": "b"})).await;
    let (ia, ib) = (a["clientId"].as_i64().unwrap(), b["clientId"].as_i64().unwrap());
    emu.admin(
        "seed",
        json!({"serviceId": "s1", "authorizations": [
        {"clientId": ia, "subject": "john", "scopes": ["openid", "profile"]},
        {"clientId": "app-a", "subject": "jane", "scopes": ["email"]},
        {"clientId": ib, "subject": "john", "scopes": ["openid"], "tokens": 3}]}),
    )
    .await;
    let v = emu.call("GET", "/api/s1/client/authorization/get/list/john?subject=john", None).await.json();
    assert_eq!(v["totalCount"], 2);
    assert_eq!(v["subject"], "john");
    assert_eq!(
        v["clients"][0],
        json!({"number": 1, "clientName": "a", "clientId": ia, "clientIdAlias": "app-a", "clientIdAliasEnabled": false})
    );
    let v = emu
        .call(
            "POST",
            &format!("/api/s1/client/authorization/update/{ib}"),
            Some(json!({"subject": "john", "scopes": ["x"]})),
        )
        .await
        .json();
    assert_eq!(v["resultCode"], "A138001");
    assert!(v["resultMessage"].as_str().unwrap().contains("Updated 3 access token(s)"));
    let v = emu
        .call("GET", &format!("/api/s1/client/granted_scopes/get/{ia}/john?subject=john"), None)
        .await
        .json();
    assert_eq!(v["latestGrantedScopes"], json!(["openid", "profile"]));
    assert_eq!(v["clientId"], ia);
    let v = emu
        .call("DELETE", &format!("/api/s1/client/granted_scopes/delete/{ia}/john?subject=john"), None)
        .await
        .json();
    assert_eq!(v["resultCode"], "A146001");
    let v = emu.call("GET", &format!("/api/s1/client/granted_scopes/get/{ia}/john"), None).await.json();
    assert!(v.get("latestGrantedScopes").is_none());
    let v = emu
        .call("DELETE", &format!("/api/s1/client/authorization/delete/{ib}/john?subject=john"), None)
        .await
        .json();
    assert_eq!(v["resultCode"], "A137001");
    let v = emu.call("GET", "/api/s1/client/authorization/get/list/john?subject=john", None).await.json();
    assert_eq!(v["totalCount"], 1);
    // Requestable scopes.
    let p = "/api/s1/client/extension/requestable_scopes";
    let v =
        emu.call("PUT", &format!("{p}/update/{ia}"), Some(json!({"requestableScopes": ["r"]}))).await.json();
    assert_eq!(v, json!({"requestableScopes": ["r"]}));
    let v = emu.call("GET", &format!("{p}/get/{ia}"), None).await.json();
    assert_eq!(v, json!({"requestableScopes": ["r"]}));
    let c = emu.call("GET", &format!("/api/s1/client/get/{ia}"), None).await.json();
    assert_eq!(c["extension"]["requestableScopesEnabled"], true);
    assert_eq!(emu.call("DELETE", &format!("{p}/delete/{ia}"), None).await.status, 204);
    let v = emu.call("GET", &format!("{p}/get/{ia}"), None).await.json();
    assert_eq!(v, json!({}));
    // A null or absent `requestableScopes` in update is the delete call (the contract says so);
    // an empty list is a list.
    for body in [json!({"requestableScopes": null}), json!({})] {
        emu.call("PUT", &format!("{p}/update/{ia}"), Some(json!({"requestableScopes": ["r"]}))).await;
        let v = emu.call("PUT", &format!("{p}/update/{ia}"), Some(body.clone())).await;
        assert_eq!((v.status, v.json()), (200, json!({})), "{body}");
        assert_eq!(emu.call("GET", &format!("{p}/get/{ia}"), None).await.json(), json!({}), "{body}");
        let c = emu.call("GET", &format!("/api/s1/client/get/{ia}"), None).await.json();
        assert_eq!(c["extension"]["requestableScopesEnabled"], false, "{body}");
    }
    let v = emu.call("PUT", &format!("{p}/update/{ia}"), Some(json!({"requestableScopes": []}))).await.json();
    assert_eq!(v, json!({"requestableScopes": []}));
    let c = emu.call("GET", &format!("/api/s1/client/get/{ia}"), None).await.json();
    assert_eq!(c["extension"]["requestableScopesEnabled"], true);
    // Deleting the client removes it.
    assert_eq!(emu.call("DELETE", &format!("/api/s1/client/delete/{ia}"), None).await.status, 204);
    assert_eq!(emu.call("GET", &format!("/api/s1/client/get/{ia}"), None).await.status, 400);
}

#[tokio::test]
async fn secrets_rotate() {
    let emu = start().await;
    let c = emu.create(json!({"clientIdAlias": "r"})).await;
    let v = emu.call("GET", "/api/s1/client/secret/refresh/r", None).await.json();
    assert_eq!(v["resultCode"], "A148001");
    assert_eq!(v["oldClientSecret"], c["clientSecret"]);
    assert_eq!(v["newClientSecret"].as_str().unwrap().len(), 86);
    let got = emu.call("GET", "/api/s1/client/get/r", None).await.json();
    assert_eq!(got["clientSecret"], v["newClientSecret"]);
}

#[tokio::test]
async fn log_redacts_authorization_and_keeps_body() {
    let emu = start().await;
    emu.create(json!({"clientName": "z"})).await;
    let log = emu.admin("log", json!({"op": "clients.create"})).await;
    let e = &log["requests"][0];
    assert_eq!(e["headers"]["authorization"], "Bearer ***");
    assert_eq!(e["body"], json!({"clientName": "z"}));
    assert_eq!(e["method"], "POST");
    assert_eq!(e["status"], 200);
    assert_eq!(e["completed"], true);
    assert!(!log.to_string().contains("test-token"));
}

#[tokio::test]
async fn alias_changes_follow_updates_and_deletes() {
    let emu = start().await;
    let c = emu.create(json!({"clientIdAlias": "old"})).await;
    let id = c["clientId"].as_i64().unwrap();
    let r = emu.call("POST", "/api/s1/client/update/old", Some(json!({"clientIdAlias": "new"}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(emu.call("GET", "/api/s1/client/get/old", None).await.status, 400);
    assert_eq!(emu.call("GET", "/api/s1/client/get/new", None).await.json()["clientId"], id);
    // The old alias is free again; the new one is taken.
    assert_eq!(
        emu.call("POST", "/api/s1/client/create", Some(json!({"clientIdAlias": "old"}))).await.status,
        200
    );
    assert_eq!(
        emu.call("POST", "/api/s1/client/create", Some(json!({"clientIdAlias": "new"}))).await.status,
        400
    );
    assert_eq!(emu.call("DELETE", "/api/s1/client/delete/new", None).await.status, 204);
    assert_eq!(
        emu.call("POST", "/api/s1/client/create", Some(json!({"clientIdAlias": "new"}))).await.status,
        200
    );
}
