//! How the core's types that are not records cross a uniffi boundary (the `uniffi` feature):
//! a [`Secret`] as a string (the foreign side wraps it in its own redacting type), and a
//! model's unknown fields (`extra`) as one JSON object text, absent when there are none.

use serde_json::{Map, Value};

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
            Ok(_) => Err(uniffi::deps::anyhow::anyhow!("extra must be a JSON object")),
            Err(e) => Err(uniffi::deps::anyhow::anyhow!("extra is not JSON: {e}")),
        },
    },
});
