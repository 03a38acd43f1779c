//! JSON decoding that names the field at fault, for inputs from the bindings.

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Decodes `json`; a failure is an `SDKValidationError` naming the path of the bad field
/// (e.g. `client.clientName`), or `what` when the document itself is malformed.
pub fn from_slice_named<T: DeserializeOwned>(json: &[u8], what: &str) -> Result<T, Error> {
    // The fast path: plain serde_json; only a failure is decoded again with path tracking.
    if let Ok(value) = serde_json::from_slice(json) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let mut field = if path.is_empty() || path == "." { String::new() } else { path };
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
    })?;
    de.end().map_err(|e| Error::validation(what, e.to_string()))?;
    Ok(value)
}
