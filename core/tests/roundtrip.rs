//! Lossless round trip: unknown fields (top level and inside extension), nulls and unknown
//! enum values survive get -> update, and the update body carries no read-only field.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use authlete::{ClientGetApiRequest, ClientUpdateApiRequest, GrantType};
use serde_json::{json, Value};
use support::{Recorder, Reply};

#[tokio::test]
async fn get_then_update_keeps_everything_and_sends_no_read_only_field() {
    let server = Recorder::start().await;
    let served = json!({
        "number": 6164,
        "serviceNumber": 5041,
        "clientId": 9007199254740993_i64,
        "clientSecret": "gXz97ISgLs4HuXwOZWch8GEmgL4YMvUJwu3er",
        "createdAt": 1639468356000_i64,
        "modifiedAt": 1639468356000_i64,
        "dynamicallyRegistered": false,
        "derivedSectorIdentifier": "my-client.example.com",
        "clientName": "My client",
        "description": null,
        "grantTypes": ["AUTHORIZATION_CODE", "FUTURE_GRANT"],
        "tokenAuthMethod": "SOMETHING_NEW",
        "futureTopLevel": {"nested": [1, 2, 3], "big": 12345678901234567_i64},
        "extension": {"requestableScopes": ["a"], "futureExtensionField": true},
    });
    server.push(Reply::json(200, &served.to_string()));
    let authlete = server.client();
    let mut client = authlete
        .clients()
        .get(ClientGetApiRequest { service_id: "s".into(), client_id: "1".into() })
        .await
        .expect("get");
    assert_eq!(client.client_id, Some(9007199254740993), "int64 exact");
    assert_eq!(client.description, None, "null reads as absent");
    let grants = client.grant_types.clone().unwrap_or_default();
    assert_eq!(grants, vec![GrantType::AuthorizationCode, GrantType::Unknown("FUTURE_GRANT".into())]);
    assert!(client.extra.contains_key("futureTopLevel"));

    client.client_name = Some("Renamed".into());
    server.push(Reply::json(200, &served.to_string()));
    authlete
        .clients()
        .update(ClientUpdateApiRequest {
            service_id: "s".into(),
            client_id: "1".into(),
            client: Some(client),
        })
        .await
        .expect("update");
    let body = server.last().json();
    let expected = json!({
        "clientName": "Renamed",
        "grantTypes": ["AUTHORIZATION_CODE", "FUTURE_GRANT"],
        "tokenAuthMethod": "SOMETHING_NEW",
        "extension": {"requestableScopes": ["a"], "futureExtensionField": true},
        "futureTopLevel": {"nested": [1, 2, 3], "big": 12345678901234567_i64},
    });
    assert_eq!(body, expected);
    for read_only in [
        "number",
        "serviceNumber",
        "clientId",
        "clientSecret",
        "createdAt",
        "modifiedAt",
        "dynamicallyRegistered",
        "derivedSectorIdentifier",
    ] {
        assert!(body.get(read_only).is_none(), "{read_only} must not be sent");
    }
}

#[tokio::test]
async fn json_round_trip_through_the_binding_entry_point_is_lossless() {
    let server = Recorder::start().await;
    let served = r#"{"clientId":9223372036854775807,"clientName":"x","unknownArray":[null,{"a":1}],"attributes":[{"key":"k","value":"v","extraInPair":1}]}"#;
    server.push(Reply::json(200, served));
    let out = server
        .client()
        .clients()
        .call_json("clients.get", br#"{"serviceId":"s","clientId":"1"}"#, None)
        .await
        .expect("get")
        .expect("body");
    let a: Value = serde_json::from_str(&out).expect("json");
    let b: Value = serde_json::from_str(served).expect("json");
    assert_eq!(a, b);
    assert!(out.contains("9223372036854775807"), "i64::MAX exact in the JSON text");
}

#[test]
fn an_unknown_key_that_names_a_field_is_written_once_and_never_as_a_read_only_field() {
    use authlete::Model;
    let mut client = authlete::Client { client_name: Some("field".into()), ..Default::default() };
    client.extra.insert("clientName".into(), serde_json::json!("extra"));
    client.extra.insert("description".into(), serde_json::json!("from extra"));
    client.extra.insert("clientId".into(), serde_json::json!(5));
    client.extra.insert("newField".into(), serde_json::json!(1));
    // Set fields first (the contract's order), then unknown keys, each key once.
    let text = serde_json::to_string(&client).unwrap();
    assert_eq!(text, r#"{"clientName":"field","description":"from extra","clientId":5,"newField":1}"#);
    // A request body: the same, without the read-only `clientId`.
    let body = String::from_utf8(client.to_request_body().unwrap()).unwrap();
    assert_eq!(body, r#"{"clientName":"field","description":"from extra","newField":1}"#);
    assert_eq!(client.to_request_value().unwrap(), serde_json::from_str::<serde_json::Value>(&body).unwrap());
}
