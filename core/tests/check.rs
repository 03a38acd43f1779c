//! `models::check`: a body that passes the check is exactly what the typed decode would write
//! back (so bindings may hand it over as received), for every operation's output model and
//! thousands of variations of a full document built from the contract.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use authlete::models::check::{check_body, Check};
use authlete::{
    Client, ClientAuthorizationDeleteResponse, ClientAuthorizationGetListResponse,
    ClientAuthorizationUpdateResponse, ClientExtensionRequestableScopesGetResponse,
    ClientExtensionRequestableScopesUpdateResponse, ClientFlagUpdateResponse, ClientGetListResponse,
    ClientGrantedScopesDeleteResponse, ClientSecretRefreshResponse, ClientSecretUpdateResponse,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use support::{Recorder, Reply};

const MAX_SAFE: u64 = (1 << 53) - 1;

fn contract() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/authlete-clients.openapi.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// A document of schema `name` with every property set (arrays of two items).
fn full(schemas: &Value, name: &str, depth: usize) -> Value {
    let schema = &schemas[name];
    if let Some(values) = schema["enum"].as_array() {
        return values[0].clone();
    }
    let mut out = Map::new();
    for (key, prop) in schema["properties"].as_object().unwrap() {
        out.insert(key.clone(), value_of(schemas, prop, depth));
    }
    Value::Object(out)
}

fn value_of(schemas: &Value, prop: &Value, depth: usize) -> Value {
    if let Some(r) = prop["$ref"].as_str() {
        return full(schemas, r.rsplit('/').next().unwrap(), depth + 1);
    }
    match prop["type"].as_str().unwrap() {
        "string" => json!("v \u{e9}\"\n"),
        "integer" => json!(7),
        "boolean" => json!(true),
        "array" if depth < 3 => {
            let item = value_of(schemas, &prop["items"], depth + 1);
            json!([item.clone(), item])
        }
        "array" => json!([]),
        // Free-form objects: any JSON.
        _ => json!({"k": [1, null]}),
    }
}

/// Every path (object member or array element) in `doc`.
fn paths(doc: &Value, prefix: Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match doc {
        Value::Object(m) => {
            for (k, v) in m {
                let mut p = prefix.clone();
                p.push(Step::Key(k.clone()));
                out.push(p.clone());
                paths(v, p, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(Step::Index(i));
                out.push(p.clone());
                paths(v, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(doc: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(doc, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// Whether any integer in `v` lies beyond ±(2^53 − 1).
fn has_unsafe(v: &Value) -> bool {
    match v {
        Value::Number(n) => n
            .as_u64()
            .map(|u| u > MAX_SAFE)
            .or(n.as_i64().map(|i| i.unsigned_abs() > MAX_SAFE))
            .unwrap_or(false),
        Value::Array(a) => a.iter().any(has_unsafe),
        Value::Object(m) => m.values().any(has_unsafe),
        _ => false,
    }
}

/// If `text` passes the check for `T`, the typed decode accepts it and writes back the same
/// members and values, and the unsafe-integer note is right. Returns whether it passed.
fn sound<T: Check + DeserializeOwned + Serialize>(text: &str) -> bool {
    let body = bytes::Bytes::copy_from_slice(text.as_bytes());
    let Some(checked) = check_body::<T>(&body) else { return false };
    assert_eq!(checked.text, text);
    let typed: T =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("passed the check, decode failed: {e}\n{text}"));
    let written = serde_json::to_value(&typed).unwrap();
    let received: Value = serde_json::from_str(text).unwrap();
    assert_eq!(written, received, "passed the check, written back differently:\n{text}");
    assert_eq!(checked.unsafe_integers, has_unsafe(&written), "{text}");
    true
}

const PROBES: &[&str] = &[
    "null",
    "0",
    "-1",
    "2147483648",
    "9007199254740993",
    "-9223372036854775808",
    "18446744073709551615",
    "123456789012345678901234",
    "1.5",
    "2.0",
    "1e3",
    "\"\"",
    "\"NEW_VALUE\"",
    "true",
    "[]",
    "[null]",
    "[\"s\"]",
    "{}",
    "{\"tag\": \"t\", \"value\": null}",
];

/// The full document of `schema`, then each member and element replaced by every probe,
/// removed, repeated, and joined by an unknown member; every variation must be sound, and
/// the full document and the removals must pass.
fn variations<T: Check + DeserializeOwned + Serialize>(schema: &str) {
    let schemas = contract()["components"]["schemas"].clone();
    let base = full(&schemas, schema, 0);
    let text = base.to_string();
    assert!(sound::<T>(&text), "the full {schema} must pass:\n{text}");
    let pretty = serde_json::to_string_pretty(&base).unwrap();
    assert!(sound::<T>(&pretty), "spacing does not matter");
    let mut all = Vec::new();
    paths(&base, Vec::new(), &mut all);
    let (mut passed, mut tried) = (0, 0);
    for path in &all {
        for probe in PROBES {
            let mut doc = base.clone();
            *at(&mut doc, path) = serde_json::from_str(probe).unwrap();
            tried += 1;
            passed += usize::from(sound::<T>(&doc.to_string()));
        }
        let Some(Step::Key(key)) = path.last() else { continue };
        let parent = &path[..path.len() - 1];
        // Removed: optional members may be absent.
        let mut doc = base.clone();
        let removed = at(&mut doc, parent).as_object_mut().unwrap().remove(key).unwrap();
        tried += 1;
        passed += usize::from(sound::<T>(&doc.to_string()));
        // Repeated: written by hand, since a map cannot hold the key twice.
        let mut doc = base.clone();
        let object = at(&mut doc, parent);
        let inner = object.to_string();
        let repeated = format!("{{{}:{},{}", serde_json::to_string(key).unwrap(), removed, &inner[1..]);
        *object = json!("__HOLE__");
        let text = doc.to_string().replace("\"__HOLE__\"", &repeated);
        tried += 1;
        assert!(!sound::<T>(&text), "a repeated key must fail the check:\n{text}");
        // An unknown member beside it.
        let mut doc = base.clone();
        at(&mut doc, parent)
            .as_object_mut()
            .unwrap()
            .insert("zzUnknown".into(), json!({"a": [1, {"b": null}]}));
        tried += 1;
        passed += 1;
        assert!(sound::<T>(&doc.to_string()), "an unknown member must pass the check");
    }
    // Most probes are of the wrong type; those of the right type must pass.
    assert!(passed > tried / 10 && passed < tried, "{schema}: {passed} of {tried} variations passed");
}

#[test]
fn client_variations_are_sound() {
    variations::<Client>("client");
}

#[test]
fn every_output_model_is_sound() {
    variations::<ClientGetListResponse>("client_get_list_response");
    variations::<ClientAuthorizationDeleteResponse>("client_authorization_delete_response");
    variations::<ClientAuthorizationGetListResponse>("client_authorization_get_list_response");
    variations::<ClientAuthorizationUpdateResponse>("client_authorization_update_response");
    variations::<ClientExtensionRequestableScopesGetResponse>(
        "client_extension_requestable_scopes_get_response",
    );
    variations::<ClientExtensionRequestableScopesUpdateResponse>(
        "client_extension_requestable_scopes_update_response",
    );
    variations::<ClientFlagUpdateResponse>("client_flag_update_response");
    variations::<ClientGrantedScopesDeleteResponse>("client_granted_scopes_delete_response");
    variations::<ClientSecretRefreshResponse>("client_secret_refresh_response");
    variations::<ClientSecretUpdateResponse>("client_secret_update_response");
}

#[tokio::test]
async fn call_json_hands_over_a_fitting_body_as_received_and_writes_the_others() {
    let server = Recorder::start().await;
    // The unknown member first: the typed writing puts it after the model's fields.
    let fits = r#"{"zz": [1, null], "clientName": "a", "clientId": 5}"#;
    server.push(Reply::json(200, fits));
    server.push(Reply::json(200, r#"{"zz": 1, "clientName": null, "clientId": 5}"#));
    server.push(Reply::json(200, r#"{"clientId": "5"}"#));
    let authlete = server.client();
    let clients = authlete.clients();
    let get = br#"{"serviceId":"s","clientId":"5"}"#;
    let first = clients.call_json("clients.get", get, None).await.unwrap();
    assert_eq!(first.as_deref(), Some(fits));
    let second = clients.call_json("clients.get", get, None).await.unwrap();
    assert_eq!(second.as_deref(), Some(r#"{"clientId":5,"zz":1}"#), "null reads as absent");
    let third = clients.call_json("clients.get", get, None).await.unwrap_err();
    assert_eq!(third.kind(), authlete::ErrorKind::ResponseValidation, "{third}");
    assert!(third.to_string().contains("clientId"), "{third}");
}
