//! The generated `Deserialize` of the models (known keys into fields, unknown ones into
//! `extra`): the same results and errors as serde's derive with `#[serde(flatten)]` had.

use authlete::{Client, ClientFlagUpdateRequest, ClientGetListResponse, ClientType};
use serde_json::json;

#[test]
fn unknown_keys_go_to_extra_at_every_level_and_null_reads_as_absent() {
    let c: Client = serde_json::from_value(json!({
        "clientId": 7, "clientName": null, "clientType": "PUBLIC", "newField": {"a": [1, 2]},
        "extension": {"requestableScopes": ["x"], "futureFlag": true},
        "clientNames": [{"tag": "en", "value": "v", "more": 1}]
    }))
    .unwrap();
    assert_eq!(c.client_id, Some(7));
    assert_eq!(c.client_name, None);
    assert_eq!(c.client_type, Some(ClientType::Public));
    assert_eq!(c.extra.get("newField"), Some(&json!({"a": [1, 2]})));
    assert!(!c.extra.contains_key("clientId"));
    let ext = c.extension.as_ref().unwrap();
    assert_eq!(ext.extra.get("futureFlag"), Some(&json!(true)));
    assert_eq!(c.client_names.as_ref().unwrap()[0].extra.get("more"), Some(&json!(1)));
    // Round trip: the unknown fields are written back.
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(back["newField"], json!({"a": [1, 2]}));
    assert_eq!(back["extension"]["futureFlag"], json!(true));
}

#[test]
fn errors_are_those_of_serde() {
    let dup = serde_json::from_str::<Client>(r#"{"clientId": 1, "clientId": 2}"#).unwrap_err();
    assert!(dup.to_string().contains("duplicate field `clientId`"), "{dup}");
    let missing = serde_json::from_str::<ClientFlagUpdateRequest>("{}").unwrap_err();
    assert!(missing.to_string().contains("missing field `clientLocked`"), "{missing}");
    let null_required =
        serde_json::from_str::<ClientFlagUpdateRequest>(r#"{"clientLocked": null}"#).unwrap_err();
    assert!(null_required.to_string().contains("invalid type: null"), "{null_required}");
    let wrong = serde_json::from_str::<Client>(r#"{"clientId": "x"}"#).unwrap_err();
    assert!(wrong.to_string().contains("invalid type: string \"x\", expected i64"), "{wrong}");
    let not_object = serde_json::from_str::<Client>("[1]").unwrap_err();
    assert!(not_object.to_string().contains("expected struct Client"), "{not_object}");
}

#[test]
fn path_tracking_still_names_the_field() {
    let text = r#"{"clients": [{"clientId": 1}, {"extension": {"requestableScopes": [1]}}]}"#;
    let mut de = serde_json::Deserializer::from_str(text);
    let err = serde_path_to_error::deserialize::<_, ClientGetListResponse>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "clients[1].extension.requestableScopes[0]");
}
