//! JSON decoding that says where a document does not fit: for inputs from the bindings
//! (`SDKValidationError`) and for response bodies (`ResponseValidationError`).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Where and why a JSON document does not fit the expected type.
pub(crate) struct Mismatch {
    /// The path of the bad value (e.g. `client.clientName`), `None` for the document itself.
    pub(crate) path: Option<String>,
    /// serde's description of the problem.
    pub(crate) message: String,
}

/// Decodes `json` with plain serde_json (the fast path); only a failure is decoded again with
/// path tracking, to say where the document does not fit.
pub(crate) fn decode<T: DeserializeOwned>(json: &[u8]) -> Result<T, Mismatch> {
    // One UTF-8 check of the whole document is much cheaper than serde_json's check of every
    // string (`from_slice`); a document that is not UTF-8 fails below with the exact place.
    if let Ok(text) = std::str::from_utf8(json) {
        if let Ok(value) = serde_json::from_str(text) {
            return Ok(value);
        }
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let path = if path.is_empty() || path == "." { None } else { Some(path) };
        Mismatch { path, message }
    })?;
    de.end().map_err(|e| Mismatch { path: None, message: e.to_string() })?;
    Ok(value)
}

/// Decodes `json`; a failure is an `SDKValidationError` naming the path of the bad field
/// (e.g. `client.clientName`), or `what` when the document itself is malformed.
pub fn from_slice_named<T: DeserializeOwned>(json: &[u8], what: &str) -> Result<T, Error> {
    decode(json).map_err(|Mismatch { path, message }| {
        let mut field = path.unwrap_or_default();
        // serde reports a missing field at its parent: name the field itself.
        if let Some(missing) = message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(missing);
        }
        if field.is_empty() {
            field = what.to_owned();
        }
        Error::validation(field, message)
    })
}
