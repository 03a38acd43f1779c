//! What the generated records share: the secret type and the `extra` conversions.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::NativeError;

/// A secret string (clientSecret, newClientSecret, oldClientSecret). Kotlin maps it to
/// `com.authlete.sdk.Secret`, whose `toString()` is `<redacted>`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

uniffi::custom_type!(Secret, String, {
    lower: |s| s.0,
    try_lift: |s| Ok(Secret(s)),
});

/// The unknown fields of a model as a JSON object string, `None` when there are none.
pub(crate) fn extra_to_json(extra: &Map<String, Value>) -> Option<String> {
    if extra.is_empty() {
        None
    } else {
        Some(Value::Object(extra.clone()).to_string())
    }
}

/// Parses `extra` (a JSON object string) back; `path` names the model for errors.
pub(crate) fn extra_from_json(extra: Option<String>, path: &str) -> Result<Map<String, Value>, NativeError> {
    match extra {
        None => Ok(Map::new()),
        Some(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(NativeError::invalid(&format!("{path}.extra"), "must be a JSON object")),
            Err(e) => Err(NativeError::invalid(&format!("{path}.extra"), e)),
        },
    }
}

/// Decodes a model from JSON through the core's serde model (`what` names it in errors).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T, NativeError> {
    Ok(authlete::json::from_slice_named(json.as_bytes(), what)?)
}

/// Encodes a core model as JSON (every field, read-only ones and `extra` included).
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<String, NativeError> {
    serde_json::to_string(value).map_err(|e| NativeError::invalid("value", e))
}
