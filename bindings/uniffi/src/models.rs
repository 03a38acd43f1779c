//! The JSON form of the core's models, for `<model>_from_json` / `<model>_to_json`.

use authlete::foreign::NativeError;

/// Decodes a core model from JSON (`what` names it in errors).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T, NativeError> {
    Ok(authlete::json::from_slice_named(json.as_bytes(), what)?)
}

/// Encodes a core model as JSON (every field, read-only ones and `extra` included).
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<String, NativeError> {
    serde_json::to_string(value).map_err(|e| NativeError::invalid("value", e))
}
