//! Request bodies are checked against the contract's types: for every operation with a body
//! and every field of its schema (taken from the emulator's tables, which `contract.rs`
//! checks against the contract), a value of a wrong JSON type is a 400 `A000102` naming the
//! field, and a value of the right type is accepted. Form bodies are read by the same kinds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use authlete_emulator::routes::OPS;
use authlete_emulator::validate::{BodySchema, Kind, OP_BODIES};
use common::{start, Emu};
use serde_json::{json, Map, Value};

/// A value of the right type for a kind.
fn good(kind: Kind) -> Value {
    match kind {
        Kind::Str => json!("text"),
        Kind::Bool => json!(true),
        Kind::I32 => json!(7),
        Kind::I64 => json!(9_007_199_254_740_993_i64),
        Kind::StrArr => json!(["a", "b"]),
        Kind::Enum(values) => json!(values[0]),
        Kind::EnumArr(values) => json!([values[0]]),
        Kind::Tagged => json!([{"tag": "en", "value": "x"}]),
        Kind::Pairs => json!([{"key": "k", "value": "v"}]),
        Kind::Extension => json!({"requestableScopes": ["s"], "accessTokenDuration": 5}),
    }
}

/// Values of a wrong JSON type for a kind (the whole value, an item or a member).
fn bad(kind: Kind) -> Vec<Value> {
    match kind {
        Kind::Str => vec![json!(1), json!(true), json!(["text"]), json!({})],
        Kind::Bool => vec![json!("true"), json!(1), json!([true])],
        Kind::I32 => vec![json!("7"), json!(1.5), json!(3_000_000_000_i64), json!(false)],
        Kind::I64 => vec![json!("7"), json!(1.5), json!(18_446_744_073_709_551_615_u64), json!([])],
        Kind::StrArr => vec![json!("a"), json!([1]), json!([["a"]]), json!({})],
        Kind::Enum(_) => vec![json!(1), json!(["X"]), json!({})],
        Kind::EnumArr(values) => vec![json!(values[0]), json!([1]), json!({})],
        Kind::Tagged => vec![json!({}), json!(["x"]), json!([{"tag": 1}]), json!([{"value": ["x"]}])],
        Kind::Pairs => vec![json!("k=v"), json!([1]), json!([{"key": false}]), json!([{"value": 2}])],
        Kind::Extension => {
            vec![json!([]), json!("x"), json!({"requestableScopes": "s"}), json!({"idTokenDuration": "5"})]
        }
    }
}

/// A body of the schema with every field set to a value of the right type.
fn full_body(schema: &BodySchema) -> Map<String, Value> {
    schema.fields.iter().map(|(name, kind)| (name.to_string(), good(*kind))).collect()
}

/// The operation's path for client `id` (subject `john`, in the path and the query).
fn path_of(op: &str, id: i64) -> (&'static str, String) {
    let o = OPS.iter().find(|o| o.name == op).unwrap();
    let path = o
        .path
        .replace("{serviceId}", "s1")
        .replace("{clientId}", &id.to_string())
        .replace("{clientIdentifier}", &id.to_string())
        .replace("{subject}", "john");
    (o.method.as_str(), path)
}

async fn new_client(emu: &Emu) -> i64 {
    emu.create(json!({})).await["clientId"].as_i64().unwrap()
}

#[tokio::test]
async fn every_field_of_every_request_body_has_its_type_checked() {
    let emu = start().await;
    let id = new_client(&emu).await;
    let mut checked = 0;
    for (op, schema) in OP_BODIES {
        let (method, path) = path_of(op, id);
        for (field, kind) in schema.fields {
            for value in bad(*kind) {
                let mut body = full_body(schema);
                body.insert(field.to_string(), value.clone());
                let r = emu.call(method, &path, Some(Value::Object(body))).await;
                assert_eq!(r.status, 400, "{op} {field}={value}: {}", r.text);
                let v = r.json();
                assert_eq!(v["resultCode"], "A000102", "{op} {field}={value}: {v}");
                let msg = v["resultMessage"].as_str().unwrap();
                assert!(msg.starts_with("[A000102] ") && msg.contains(&format!("'{field}")), "{op}: {msg}");
                checked += 1;
            }
        }
    }
    // Every field of the client model (read-only ones too) and of the four other bodies.
    assert!(checked > 4 * 100, "{checked}");
    // Nothing refused was stored: the client is unchanged and still the only one.
    let list = emu.call("GET", "/api/s1/client/get/list?end=10", None).await.json();
    assert_eq!(list["totalCount"], 1);
    assert!(list["clients"][0].get("clientName").is_none());
}

#[tokio::test]
async fn every_field_of_every_request_body_accepts_its_type() {
    let emu = start().await;
    for (op, schema) in OP_BODIES {
        let id = new_client(&emu).await;
        let (method, path) = path_of(op, id);
        let mut body = full_body(schema);
        if *op == "clients.updateSecret" {
            body.insert("clientSecret".into(), json!("new_secret-1"));
        }
        if schema.schema == "client" {
            body.insert("clientIdAlias".into(), json!(format!("alias-{id}")));
        }
        let r = emu.call(method, &path, Some(Value::Object(body.clone()))).await;
        assert_eq!(r.status, 200, "{op}: {}", r.text);
        if schema.schema == "client" {
            let got = r.json();
            // Writable fields are stored as given; read-only ones keep the server's values.
            assert_eq!(got["clientName"], "text");
            assert_eq!(got["defaultMaxAge"], 7);
            assert_eq!(got["extension"]["accessTokenDuration"], 5);
            assert_ne!(got["clientId"], json!(9_007_199_254_740_993_i64));
            assert_ne!(got["clientSecret"], "text");
        }
    }
    // null reads as absent for any field.
    let nulls: Map<String, Value> =
        OP_BODIES[0].1.fields.iter().map(|(n, _)| (n.to_string(), Value::Null)).collect();
    let r = emu.call("POST", "/api/s1/client/create", Some(Value::Object(nulls))).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn wrong_types_of_read_only_client_fields_are_refused() {
    let emu = start().await;
    for (field, value) in [("clientId", json!("123")), ("number", json!("1")), ("createdAt", json!(1.5))] {
        let r = emu.call("POST", "/api/s1/client/create", Some(json!({ field: value }))).await;
        assert_eq!((r.status, r.json()["resultCode"].clone()), (400, json!("A000102")), "{field}");
    }
}

async fn form(emu: &Emu, method: &str, path: &str, body: &str) -> common::Resp {
    let r = emu
        .http
        .request(method.parse().unwrap(), format!("{}{path}", emu.base))
        .header("authorization", "Bearer t")
        .header("content-type", "application/x-www-form-urlencoded; charset=UTF-8")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    common::Resp { status, headers, text: r.text().await.unwrap() }
}

#[tokio::test]
async fn form_bodies_are_read_by_the_field_kinds() {
    let emu = start().await;
    let id = new_client(&emu).await;
    let r = form(&emu, "POST", &format!("/api/s1/client/lock_flag/update/{id}"), "clientLocked=true").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = form(&emu, "POST", &format!("/api/s1/client/secret/update/{id}"), "clientSecret=abc_-1").await;
    assert_eq!(r.json()["newClientSecret"], "abc_-1");
    let r =
        form(&emu, "POST", &format!("/api/s1/client/authorization/update/{id}"), "subject=jo+hn&scopes=x+y")
            .await;
    assert_eq!(r.json()["resultCode"], "A138001", "{}", r.text);
    // Scope lists in a form are space-delimited (as the contract says for updateTokens).
    let path = format!("/api/s1/client/extension/requestable_scopes/update/{id}");
    let r = form(&emu, "PUT", &path, "requestableScopes=x+y%20z").await;
    assert_eq!(r.json()["requestableScopes"], json!(["x", "y", "z"]), "{}", r.text);
    let r = form(
        &emu,
        "POST",
        &format!("/api/s1/client/update/{id}"),
        "clientName=%C3%A9t%C3%A9&redirectUris=https%3A%2F%2Fa%2Fcb&redirectUris=https%3A%2F%2Fb%2Fcb\
         &defaultMaxAge=30&parRequired=true&attributes=%5B%7B%22key%22%3A%22k%22%7D%5D&custom=1",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let c = r.json();
    assert_eq!(c["clientName"], "été");
    assert_eq!(c["redirectUris"], json!(["https://a/cb", "https://b/cb"]));
    assert_eq!(c["defaultMaxAge"], 30);
    assert_eq!(c["parRequired"], true);
    assert_eq!(c["attributes"], json!([{"key": "k"}]));
    assert_eq!(c["custom"], "1");
    assert_eq!(c["locked"], true, "kept from the form lock_flag call");
    // Wrong types and missing fields in forms: the same errors as in JSON.
    for (path, body, code) in [
        (format!("/api/s1/client/lock_flag/update/{id}"), "clientLocked=yes", "A000102"),
        (format!("/api/s1/client/lock_flag/update/{id}"), "", "A000104"),
        (format!("/api/s1/client/update/{id}"), "defaultMaxAge=soon", "A000102"),
        (format!("/api/s1/client/update/{id}"), "defaultMaxAge=3000000000", "A000102"),
        (format!("/api/s1/client/update/{id}"), "clientType=BOGUS", "A000103"),
        (format!("/api/s1/client/update/{id}"), "clientName=%ZZ", "A000101"),
        (format!("/api/s1/client/update/{id}"), "attributes=k", "A000102"),
        (format!("/api/s1/client/authorization/update/{id}"), "scopes=a", "A000104"),
    ] {
        let r = form(&emu, "POST", &path, body).await;
        assert_eq!(
            (r.status, r.json()["resultCode"].clone()),
            (400, json!(code)),
            "{path} {body}: {}",
            r.text
        );
    }
}
