//! JSON decoding that names the field at fault, for inputs from the bindings.

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Decodes `json`; a failure is an `SDKValidationError` naming the path of the bad field
/// (e.g. `client.clientName`), or `what` when the document itself is malformed.
pub fn from_slice_named<T: DeserializeOwned>(json: &[u8], what: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." { what.to_owned() } else { path };
        Error::validation(field, e.into_inner().to_string())
    })?;
    de.end().map_err(|e| Error::validation(what, e.to_string()))?;
    Ok(value)
}
