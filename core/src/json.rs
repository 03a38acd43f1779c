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

/// A JSON request object split at one member: the document without it, and that member's
/// value as written. `None` when `json` is not an object of distinct keys holding `member`
/// (the caller then decodes the whole document, which gives the exact error if any).
pub(crate) fn split_member<'a>(json: &'a [u8], member: &str) -> Option<(Vec<u8>, &'a str)> {
    use serde::de::{MapAccess, Visitor};
    use serde_json::value::RawValue;

    /// The members in order, keys unescaped, values as written.
    struct Members<'a>(Vec<(String, &'a RawValue)>);

    impl<'de> serde::Deserialize<'de> for Members<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Members<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                    let mut members = Vec::new();
                    while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                        members.push(entry);
                    }
                    Ok(Members(members))
                }
            }
            de.deserialize_map(V)
        }
    }

    let text = std::str::from_utf8(json).ok()?;
    let Members(members) = serde_json::from_str(text).ok()?;
    let mut found = None;
    let mut rest = Vec::with_capacity(64);
    rest.push(b'{');
    for (i, (key, value)) in members.iter().enumerate() {
        // A repeated key: the typed decode says which.
        if members[..i].iter().any(|(k, _)| k == key) {
            return None;
        }
        if key == member {
            found = Some(value.get());
            continue;
        }
        if rest.len() > 1 {
            rest.push(b',');
        }
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut rest, key);
        rest.push(b':');
        rest.extend_from_slice(value.get().as_bytes());
    }
    rest.push(b'}');
    Some((rest, found?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(json: &str, member: &str) -> Option<(String, String)> {
        split_member(json.as_bytes(), member)
            .map(|(rest, value)| (String::from_utf8(rest).unwrap_or_default(), value.to_owned()))
    }

    #[test]
    fn splits_out_one_member_as_written() {
        let (rest, body) = split(r#"{ "serviceId" : "s\"1", "client": {"a" : [1, 2]}, "n": 3 }"#, "client")
            .unwrap_or_default();
        assert_eq!(body, r#"{"a" : [1, 2]}"#, "the member's value byte for byte");
        assert_eq!(rest, r#"{"serviceId":"s\"1","n":3}"#);
        let (rest, body) = split(r#"{"\u0063lient": {}}"#, "client").unwrap_or_default();
        assert_eq!((rest.as_str(), body.as_str()), ("{}", "{}"), "an escaped key is the same key");
    }

    #[test]
    fn leaves_anything_else_to_the_typed_decode() {
        for (json, why) in [
            (r#"{"serviceId": "s1"}"#, "no such member"),
            (r#"{"client": {}, "client": {}}"#, "a repeated key"),
            (r#"{"client": {}, "x": 1, "x": 2}"#, "another repeated key"),
            (r#"[{"client": {}}]"#, "not an object"),
            (r#"{"client": {}"#, "malformed"),
            ("{\"client\": \"\u{ff}\"} x", "trailing characters"),
        ] {
            assert!(split(json, "client").is_none(), "{why}: {json}");
        }
        assert!(split_member(b"{\"client\": \"\xff\"}", "client").is_none(), "not UTF-8");
    }
}
