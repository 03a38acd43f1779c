//! How the core's types that are not records cross a uniffi boundary: a [`Secret`] as a
//! string (the foreign side wraps it in its own redacting type), and a model's unknown fields
//! (`extra`) as one JSON object text, absent when there are none.

use serde_json::{Map, Value};

use super::NativeError;
use crate::secret::Secret;

uniffi::custom_type!(Secret, String, {
    lower: |s| s.into_inner(),
    try_lift: |s| Ok(Secret::from(s)),
});

/// A model's unknown fields (`extra`), as uniffi names the type.
type Extra = Map<String, Value>;

uniffi::custom_type!(Extra, Option<String>, {
    remote,
    lower: |extra| (!extra.is_empty()).then(|| Value::Object(extra).to_string()),
    try_lift: |text| match text {
        None => Ok(Map::new()),
        Some(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(invalid_extra("must be a JSON object")),
            Err(e) => Err(invalid_extra(&format!("is not JSON: {e}"))),
        },
    },
});

/// The error of an `extra` that cannot be lifted, as the function's own error type so that
/// uniffi reports it as an `SDKValidationError` (uniffi downcasts a failed lift to it).
fn invalid_extra(reason: &str) -> uniffi::deps::anyhow::Error {
    uniffi::deps::anyhow::Error::new(NativeError::invalid("extra", reason))
}
