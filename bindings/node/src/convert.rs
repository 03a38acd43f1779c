//! Results as JS values: the JSON text `JSON.parse` reads, written from the core's typed
//! result, and whether it holds an integer that a JS `number` cannot hold exactly.
//!
//! `node/lib/json.js` reads such integers as `bigint`s, which needs a scan of the text; the
//! flag spares that scan for the (usual) results that have none. Searching the text for 16
//! digits in a row instead was a noticeable part of a page of clients
//! (bench/OPTIMISATIONS.md, item 14).

use std::cell::Cell;
use std::io;
use std::ptr;

use authlete::models::check::{CheckedBody, MAX_SAFE_INTEGER};
use authlete::{Error, OutputEncoding};
use bytes::Bytes;
use napi::bindgen_prelude::{ToNapiValue, TypeName, ValidateNapiValue};
use napi::{sys, ValueType};
use serde_json::ser::{CompactFormatter, Formatter};

/// A result as JSON text, and whether an integer in it lies beyond ±(2^53 − 1).
pub(crate) struct JsJson {
    pub(crate) text: JsonText,
    pub(crate) unsafe_integers: bool,
}

/// JSON text on its way to a JS string: the body as the transport received it (kept, not
/// copied: a page of clients is large, bench/OPTIMISATIONS.md, item 26), or text written from
/// the typed result.
pub enum JsonText {
    /// A body that passed the check (UTF-8, as the check read it as `str`).
    Received(Bytes),
    /// Written by serde_json (UTF-8).
    Written(String),
}

impl JsonText {
    fn as_bytes(&self) -> &[u8] {
        match self {
            JsonText::Received(b) => b,
            JsonText::Written(s) => s.as_bytes(),
        }
    }
}

impl TypeName for JsonText {
    fn type_name() -> &'static str {
        "string"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for JsonText {}

impl ToNapiValue for JsonText {
    /// A JS string of the text. ASCII text (the usual JSON body: non-ASCII characters are
    /// often sent as `\u` escapes) is handed over as Latin-1, which V8 copies as it is
    /// instead of decoding UTF-8; any other text is decoded as UTF-8.
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let bytes = val.as_bytes();
        let mut out = ptr::null_mut();
        // SAFETY: `bytes` is valid for its length during the call, which copies it; ASCII is
        // the same text in Latin-1 and in UTF-8.
        let status = unsafe {
            if bytes.is_ascii() {
                sys::napi_create_string_latin1(env, bytes.as_ptr().cast(), bytes.len() as isize, &mut out)
            } else {
                sys::napi_create_string_utf8(env, bytes.as_ptr().cast(), bytes.len() as isize, &mut out)
            }
        };
        if status != sys::Status::napi_ok {
            return Err(napi::Error::new(napi::Status::from(status), "cannot create the result string"));
        }
        Ok(out)
    }
}

/// The result as [`JsJson`]; `None` for the operations that return no body.
pub(crate) struct JsOutput;

impl OutputEncoding for JsOutput {
    type Output = Option<JsJson>;

    fn encode<T: serde::Serialize + Send + 'static>(
        value: T,
        returns_body: bool,
    ) -> Result<Self::Output, Error> {
        if !returns_body {
            return Ok(None);
        }
        to_js_json(&value)
            .map(Some)
            .map_err(|e| Error::unexpected(format!("the result cannot be encoded as JSON: {e}")))
    }

    // The body as received when it fits its model exactly: the decode and the writing above
    // were a large part of a `getList` on the runtime thread (bench/OPTIMISATIONS.md, item 24).
    const TAKES_CHECKED_BODY: bool = true;

    fn from_checked_body(body: CheckedBody<'_>) -> Option<Self::Output> {
        let text = JsonText::Received(body.body.clone());
        Some(Some(JsJson { text, unsafe_integers: body.unsafe_integers }))
    }
}

/// Compact JSON (as `serde_json::to_string` writes it), noting unsafe integers on the way.
pub(crate) fn to_js_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsJson, serde_json::Error> {
    let seen = Cell::new(false);
    let mut out = Vec::with_capacity(512);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, NoteUnsafe(&seen)))?;
    // serde_json writes valid UTF-8 only; the check is the safe way to say so.
    let text = String::from_utf8(out).map_err(<serde_json::Error as serde::ser::Error>::custom)?;
    Ok(JsJson { text: JsonText::Written(text), unsafe_integers: seen.get() })
}

/// serde_json's compact formatter that also notes an integer beyond ±(2^53 − 1). Floats are
/// not integers for this purpose (`JSON.parse` reads them as numbers, as JS would).
struct NoteUnsafe<'a>(&'a Cell<bool>);

impl Formatter for NoteUnsafe<'_> {
    fn write_i64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i64) -> io::Result<()> {
        if value.unsigned_abs() > MAX_SAFE_INTEGER {
            self.0.set(true);
        }
        CompactFormatter.write_i64(writer, value)
    }

    fn write_u64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u64) -> io::Result<()> {
        if value > MAX_SAFE_INTEGER {
            self.0.set(true);
        }
        CompactFormatter.write_u64(writer, value)
    }

    fn write_i128<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i128) -> io::Result<()> {
        if value.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
            self.0.set(true);
        }
        CompactFormatter.write_i128(writer, value)
    }

    fn write_u128<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u128) -> io::Result<()> {
        if value > u128::from(MAX_SAFE_INTEGER) {
            self.0.set(true);
        }
        CompactFormatter.write_u128(writer, value)
    }

    /// A number kept as written (an unknown field's, of any size or precision): noted unless
    /// it is an integer a JS `number` holds exactly.
    fn write_number_str<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: &str) -> io::Result<()> {
        if value.trim_start_matches('-').parse::<u64>().map_or(true, |n| n > MAX_SAFE_INTEGER) {
            self.0.set(true);
        }
        CompactFormatter.write_number_str(writer, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_to_string_writes_and_notes_only_unsafe_integers() {
        let cases = [
            (json!({"a": 9007199254740991_i64, "b": -9007199254740991_i64, "s": "99999999999999999"}), false),
            (serde_json::from_str(r#"{"f": 1.5}"#).expect("json"), true),
            (serde_json::from_str(r#"{"n": 123456789012345678901234567890}"#).expect("json"), true),
            (json!({"a": 9007199254740992_i64}), true),
            (json!({"deep": [{"n": -9007199254740992_i64}]}), true),
            (json!({"u": u64::MAX}), true),
            (json!({"min": i64::MIN}), true),
        ];
        for (value, unsafe_integers) in cases {
            let got = to_js_json(&value).expect("encodes");
            assert_eq!(got.text.as_bytes(), serde_json::to_string(&value).expect("encodes").as_bytes());
            assert_eq!(got.unsafe_integers, unsafe_integers, "{value}");
        }
    }
}
