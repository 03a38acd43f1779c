//! Every success and error response of every operation validates against the contract, and
//! the emulator's route and field tables match it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "common/schema.rs"]
mod schema;

use authlete_emulator::routes::OPS;
use authlete_emulator::validate::{body_schema, Kind, CLIENT_FIELDS, EXTENSION_FIELDS, OP_BODIES};
use common::{client_body, start, Emu, Resp};
use serde_json::{json, Value};

fn check(spec: &schema::Spec, op: &str, r: &Resp) {
    let o = OPS.iter().find(|o| o.name == op).unwrap();
    let schema = spec
        .response_schema(o.method.as_str(), o.path, r.status)
        .unwrap_or_else(|| panic!("{op}: status {} is not in the contract ({})", r.status, r.text));
    match schema {
        None => assert!(r.text.is_empty(), "{op}: {} must have no body", r.status),
        Some(s) => {
            assert_eq!(r.header("content-type").as_deref(), Some("application/json"), "{op}");
            let v: Value = r.json();
            spec.validate(s, &v, op).unwrap_or_else(|e| panic!("{op} {}: {e}\n{}", r.status, r.text));
        }
    }
}

#[test]
fn route_table_matches_contract() {
    let spec = schema::load();
    let paths = spec.0["paths"].as_object().unwrap();
    let mut count = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("clients.{}", op["x-speakeasy-name-override"].as_str().unwrap());
            let ours = OPS.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(ours.path, path, "{name}");
            assert_eq!(ours.method.as_str(), method.to_ascii_uppercase(), "{name}");
            count += 1;
        }
    }
    assert_eq!(count, 16);
    assert_eq!(OPS.len(), 16);
}

fn kind_of(spec: &schema::Spec, s: &Value) -> String {
    let s = spec.resolve(s);
    let ty = s["type"].as_str().unwrap_or("object");
    match ty {
        "array" => {
            let items = spec.resolve(&s["items"]);
            if items.get("enum").is_some() {
                "enum[]".into()
            } else if items["type"] == "object" {
                let keys: Vec<&String> = items["properties"].as_object().unwrap().keys().collect();
                format!("obj[]{keys:?}")
            } else {
                format!("{}[]", items["type"].as_str().unwrap())
            }
        }
        "integer" => s["format"].as_str().unwrap().to_string(),
        "string" if s.get("enum").is_some() => "enum".into(),
        t => t.to_string(),
    }
}

fn our_kind(k: Kind) -> String {
    match k {
        Kind::Str => "string".into(),
        Kind::Bool => "boolean".into(),
        Kind::I32 => "int32".into(),
        Kind::I64 => "int64".into(),
        Kind::StrArr => "string[]".into(),
        Kind::Enum(_) => "enum".into(),
        Kind::EnumArr(_) => "enum[]".into(),
        Kind::Tagged => "obj[][\"tag\", \"value\"]".into(),
        Kind::Pairs => "obj[][\"key\", \"value\"]".into(),
        Kind::Extension => "object".into(),
    }
}

#[test]
fn field_tables_match_contract() {
    let spec = schema::load();
    for (schema_name, table) in [("client", CLIENT_FIELDS), ("client_extension", EXTENSION_FIELDS)] {
        let props = spec.0["components"]["schemas"][schema_name]["properties"].as_object().unwrap();
        assert_eq!(props.len(), table.len(), "{schema_name}: field count");
        for (name, s) in props {
            let ours = table.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(our_kind(ours.1), kind_of(&spec, s), "{schema_name}.{name}");
            let s = spec.resolve(s);
            let spec_enum = s.get("enum").or_else(|| spec.resolve(&s["items"]).get("enum"));
            if let (Some(e), Kind::Enum(v) | Kind::EnumArr(v)) = (spec_enum, ours.1) {
                for x in e.as_array().unwrap() {
                    assert!(v.contains(&x.as_str().unwrap()), "{name}: {x} missing");
                }
            }
        }
    }
}

#[test]
fn request_body_tables_match_contract() {
    let spec = schema::load();
    let mut with_body = 0;
    for op in OPS {
        let item = &spec.0["paths"][op.path][op.method.as_str().to_ascii_lowercase()];
        let request = &item["requestBody"];
        let Some(content) = request["content"].as_object() else {
            assert!(body_schema(op.name).is_none(), "{}: the contract has no body", op.name);
            continue;
        };
        with_body += 1;
        let ours = body_schema(op.name).unwrap_or_else(|| panic!("{}: no body table", op.name));
        for (media, c) in content {
            let reference = c["schema"]["$ref"].as_str().unwrap();
            assert_eq!(reference, format!("#/components/schemas/{}", ours.schema), "{} {media}", op.name);
        }
        assert_eq!(request["required"].as_bool().unwrap_or(false), ours.body_required, "{}", op.name);
        let schema = &spec.0["components"]["schemas"][ours.schema];
        let props = schema["properties"].as_object().unwrap();
        assert_eq!(props.len(), ours.fields.len(), "{}: field count", ours.schema);
        for (name, s) in props {
            let kind =
                ours.fields.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(our_kind(kind.1), kind_of(&spec, s), "{}.{name}", ours.schema);
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(required, ours.required, "{}: required", ours.schema);
    }
    assert_eq!(with_body, OP_BODIES.len());
}

async fn fault(emu: &Emu, op: &str, status: u16) {
    emu.admin("fault", json!({"op": op, "status": status})).await;
}

#[tokio::test]
async fn every_response_validates() {
    let spec = schema::load();
    let emu = start().await;
    let mut body = client_body();
    body["clientIdAlias"] = json!("alias-1");
    body["extension"] = json!({"requestableScopes": ["a"], "requestableScopesEnabled": true});
    let r = emu.call("POST", "/api/s1/client/create", Some(body)).await;
    check(&spec, "clients.create", &r);
    let client = r.json();
    let id = client["clientId"].as_i64().unwrap();
    let c = "/api/s1/client";
    emu.admin("seed", json!({"serviceId": "s1", "authorizations": [{"clientId": id, "subject": "john", "scopes": ["openid"]}]})).await;

    let calls: Vec<(&str, &str, String, Option<Value>)> = vec![
        ("clients.get", "GET", format!("{c}/get/{id}"), None),
        ("clients.getList", "GET", format!("{c}/get/list?start=0&end=3"), None),
        ("clients.update", "POST", format!("{c}/update/{id}"), Some(client.clone())),
        (
            "clients.updateLockFlag",
            "POST",
            format!("{c}/lock_flag/update/alias-1"),
            Some(json!({"clientLocked": true})),
        ),
        ("clients.rotateSecret", "GET", format!("{c}/secret/refresh/{id}"), None),
        (
            "clients.updateSecret",
            "POST",
            format!("{c}/secret/update/{id}"),
            Some(json!({"clientSecret": "s_1-x"})),
        ),
        (
            "clients.getAuthorizedApplications",
            "GET",
            format!("{c}/authorization/get/list/john?subject=john"),
            None,
        ),
        (
            "clients.updateTokens",
            "POST",
            format!("{c}/authorization/update/{id}"),
            Some(json!({"subject": "john", "scopes": ["x"]})),
        ),
        ("clients.getGrantedScopes", "GET", format!("{c}/granted_scopes/get/{id}/john?subject=john"), None),
        (
            "clients.deleteGrantedScopes",
            "DELETE",
            format!("{c}/granted_scopes/delete/{id}/john?subject=john"),
            None,
        ),
        ("clients.deleteTokens", "DELETE", format!("{c}/authorization/delete/{id}/john?subject=john"), None),
        (
            "clients.updateRequestableScopes",
            "PUT",
            format!("{c}/extension/requestable_scopes/update/{id}"),
            Some(json!({"requestableScopes": ["r1", "r2"]})),
        ),
        ("clients.getRequestableScopes", "GET", format!("{c}/extension/requestable_scopes/get/{id}"), None),
        (
            "clients.deleteRequestableScopes",
            "DELETE",
            format!("{c}/extension/requestable_scopes/delete/{id}"),
            None,
        ),
        ("clients.delete", "DELETE", format!("{c}/delete/{id}"), None),
    ];
    for (op, method, path, body) in &calls {
        // Success.
        let r = emu.call(method, path, body.clone()).await;
        assert!(r.status == 200 || r.status == 204, "{op}: {} {}", r.status, r.text);
        check(&spec, op, &r);
        // 401 without a token.
        let r = emu.call_with(method, path, body.clone(), None).await;
        assert_eq!(r.status, 401, "{op}");
        assert_eq!(r.json()["resultCode"], "A001202");
        check(&spec, op, &r);
        // Injected 403 and 500 with the default Authlete-shaped body.
        for status in [403, 500] {
            fault(&emu, op, status).await;
            let r = emu.call(method, path, body.clone()).await;
            assert_eq!(r.status, status, "{op}");
            check(&spec, op, &r);
        }
    }
    // 400 for every operation: the client no longer exists (or the body is wrong).
    for (op, method, path, body) in &calls {
        let (path, body) = if *op == "clients.getList" {
            (format!("{c}/get/list?start=-1"), None)
        } else if *op == "clients.getAuthorizedApplications" {
            (format!("{c}/authorization/get/list/john?subject=jane"), None)
        } else {
            (path.clone(), body.clone())
        };
        let r = emu.call(method, &path, body).await;
        assert_eq!(r.status, 400, "{op}: {}", r.text);
        assert!(r.json()["resultMessage"].as_str().unwrap().starts_with('['), "{op}");
        check(&spec, op, &r);
    }
    let r = emu.call("POST", "/api/s1/client/create", Some(json!({"clientType": "NOPE"}))).await;
    assert_eq!(r.status, 400);
    check(&spec, "clients.create", &r);
}
