//! Checking a JSON document against a model without building it.
//!
//! A binding that hands results over as JSON text (C, Node) used to decode each body into the
//! typed model and write the model out again. When a body fits its model exactly, that text
//! holds the same members with the same values as the body itself, so the body can be handed
//! over as received. [`check_body`] says when that holds; it reads the body once without
//! allocating for the model's strings, in less time than the typed decode alone, let alone
//! the decode and the writing out together (bench/OPTIMISATIONS.md, item 24).
//!
//! The check is conservative: it accepts only what the typed decode accepts *and* writes back
//! unchanged. Anything else (a `null`, which the typed decode reads as absent and does not
//! write; a repeated key; an integral number a `f64` holds only approximately) fails the check,
//! and the caller takes the typed way, which gives the same result or the same error as before.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// 2^53 − 1, the largest integer every IEEE double (a JS `number`) holds exactly; beyond it
/// an integer is "unsafe" ([`CheckedBody::unsafe_integers`]).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// What a check noticed on the way, and how it reads the document.
#[derive(Debug, Default)]
pub struct Notes {
    unsafe_integers: Cell<bool>,
    /// The document is a request body: its outermost model must not hold read-only fields.
    request: Cell<bool>,
}

impl Notes {
    /// Whether the model being read is the outermost one of a request body; the flag is
    /// cleared, so the models inside it read as plain values.
    pub(crate) fn take_request(&self) -> bool {
        self.request.take()
    }

    fn integer(&self, magnitude: u64) {
        if magnitude > MAX_SAFE_INTEGER {
            self.unsafe_integers.set(true);
        }
    }

    /// A number of any size or precision, as written: one a JS `number` may not hold exactly
    /// (an integer beyond 2^53, or any with a fraction or an exponent) is noted.
    fn number(&self, text: &str) {
        let digits = text.trim_start_matches('-');
        match digits.parse::<u64>() {
            Ok(n) => self.integer(n),
            Err(_) => self.unsafe_integers.set(true),
        }
    }
}

/// A success body that fits its model exactly: the typed decode would accept it and write
/// back the same members with the same values (member order, spacing and the spelling of
/// escapes may differ).
#[derive(Debug, Clone, Copy)]
pub struct CheckedBody<'a> {
    /// The body as received.
    pub text: &'a str,
    /// The same bytes as `text`, as the transport received them: an output may keep them (a
    /// reference count) instead of copying the text.
    pub body: &'a Bytes,
    /// Whether a number in it may not fit a JS `number` exactly: an integer beyond
    /// ±(2^53 − 1), or a number with a fraction or exponent (in the unknown fields).
    pub unsafe_integers: bool,
}

/// `body` as a [`CheckedBody`] when it fits `T` exactly, else `None`.
pub fn check_body<T: Check>(body: &Bytes) -> Option<CheckedBody<'_>> {
    let text = std::str::from_utf8(body).ok()?;
    let notes = Notes::default();
    fits::<T>(text, &notes).then(|| CheckedBody { text, body, unsafe_integers: notes.unsafe_integers.get() })
}

/// Whether `text` can be sent as the request body of model `T` as it is: the typed way
/// (decode, then write without the read-only fields) would send the same members with the
/// same values. It does when the text fits `T` exactly and its outermost object holds no
/// read-only field; an integer beyond 2^53 is exact in the text as in the model.
pub fn fits_request_body<T: Check>(text: &str) -> bool {
    fits::<T>(text, &Notes { request: Cell::new(true), ..Notes::default() })
}

/// Whether `text` is one JSON value that fits `T` exactly, and nothing after it.
fn fits<T: Check>(text: &str, notes: &Notes) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    T::check(&mut de, notes).is_ok() && de.end().is_ok()
}

/// A type whose JSON form can be checked without building a value (see the module docs).
/// Implemented for the models and enums (generated), the field types and `()`.
pub trait Check {
    /// Reads one JSON value from `de`; an error means it does not fit exactly.
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error>;
}

/// [`Check`] as a `DeserializeSeed`, to check the values of maps and sequences.
pub(crate) struct Seed<'n, T>(pub(crate) &'n Notes, PhantomData<T>);

impl<'n, T> Seed<'n, T> {
    pub(crate) fn new(notes: &'n Notes) -> Self {
        Seed(notes, PhantomData)
    }
}

impl<'de, T: Check> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        T::check(de, self.0)
    }
}

/// The 204 operations' output: nothing to check (their bodies are never handed over).
impl Check for () {
    fn check<'de, D: Deserializer<'de>>(_de: D, _notes: &Notes) -> Result<(), D::Error> {
        Err(D::Error::custom("no body expected"))
    }
}

struct Str;

impl Visitor<'_> for Str {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, _v: &str) -> Result<(), E> {
        Ok(())
    }
}

impl Check for String {
    fn check<'de, D: Deserializer<'de>>(de: D, _notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_str(Str)
    }
}

impl Check for crate::secret::Secret {
    #[inline]
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error> {
        String::check(de, notes)
    }
}

struct Bool;

impl Visitor<'_> for Bool {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: serde::de::Error>(self, _v: bool) -> Result<(), E> {
        Ok(())
    }
}

impl Check for bool {
    fn check<'de, D: Deserializer<'de>>(de: D, _notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_bool(Bool)
    }
}

/// An integer within `min..=max`, as serde's own integer types accept (no fractions).
struct Int<'n> {
    min: i64,
    max: i64,
    notes: &'n Notes,
}

impl Visitor<'_> for Int<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer in {}..={}", self.min, self.max)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        if v < self.min || v > self.max {
            return Err(E::custom("integer out of range"));
        }
        self.notes.integer(v.unsigned_abs());
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(E::custom("integer out of range")),
        }
    }
}

impl Check for i32 {
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_i32(Int { min: i32::MIN.into(), max: i32::MAX.into(), notes })
    }
}

impl Check for i64 {
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_i64(Int { min: i64::MIN, max: i64::MAX, notes })
    }
}

struct Seq<'n, T>(&'n Notes, PhantomData<T>);

impl<'de, T: Check> Visitor<'de> for Seq<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Seed::<T>::new(self.0))?.is_some() {}
        Ok(())
    }
}

impl<T: Check> Check for Vec<T> {
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_seq(Seq::<T>(notes, PhantomData))
    }
}

/// Any JSON value (the unknown members a model keeps in `extra`). `null` is kept there, so it
/// passes; so do repeated keys inside it, which `Value` and `JSON.parse` both read as the last.
struct AnyValue<'n>(&'n Notes);

impl<'de> Visitor<'de> for AnyValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, _v: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.0.integer(v.unsigned_abs());
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.0.integer(v);
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _v: f64) -> Result<(), E> {
        self.0.unsafe_integers.set(true);
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, _v: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Seed::<Value>::new(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // serde_json (arbitrary_precision) hands a number over as a map of one private key
        // to its text, which `Value` keeps digit for digit.
        match map.next_key_seed(NumberKey)? {
            None => return Ok(()),
            Some(true) => {
                let text: std::borrow::Cow<'de, str> = map.next_value()?;
                self.0.number(&text);
                return Ok(());
            }
            Some(false) => map.next_value_seed(Seed::<Value>::new(self.0))?,
        }
        while map.next_key_seed(Seed::<String>::new(self.0))?.is_some() {
            map.next_value_seed(Seed::<Value>::new(self.0))?;
        }
        Ok(())
    }
}

/// The key serde_json gives a number's text under (arbitrary_precision).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads an object key: whether it is [`NUMBER_TOKEN`].
struct NumberKey;

impl<'de> DeserializeSeed<'de> for NumberKey {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
        de.deserialize_str(self)
    }
}

impl Visitor<'_> for NumberKey {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == NUMBER_TOKEN)
    }
}

impl Check for Value {
    fn check<'de, D: Deserializer<'de>>(de: D, notes: &Notes) -> Result<(), D::Error> {
        de.deserialize_any(AnyValue(notes))
    }
}

/// The unknown keys of one object, to refuse a repeated one: the typed decode keeps the last
/// value at the first key's place, and a reader of the body might keep the first.
#[derive(Default)]
pub(crate) struct UnknownKeys(Vec<String>);

/// More unknown keys than this in one object fail the check: comparing each with all the
/// others would grow with their square (the typed decode hashes them).
const MAX_UNKNOWN_KEYS: usize = 32;

impl UnknownKeys {
    /// Notes `key`; an error when it was seen before, or when there are too many to compare.
    pub(crate) fn add<E: serde::de::Error>(&mut self, key: String) -> Result<(), E> {
        if self.0.len() >= MAX_UNKNOWN_KEYS {
            return Err(E::custom("too many unknown keys to compare"));
        }
        if self.0.contains(&key) {
            return Err(E::custom("repeated key"));
        }
        self.0.push(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Client, ClientGetListResponse};

    fn passes<T: Check>(text: &str) -> bool {
        check_body::<T>(&Bytes::copy_from_slice(text.as_bytes())).is_some()
    }

    #[test]
    fn accepts_what_the_typed_decode_writes_back_unchanged() {
        let body = r#"{"clientId": 9007199254740993, "clientName": "a\"b",
            "grantTypes": ["AUTHORIZATION_CODE", "SOMETHING_NEW"], "clientNames": [{"tag": "en", "value": "x"}],
            "unknown": {"nested": [null, 1.5, -3, "s", {"k": true}]}}"#;
        let received = Bytes::from_static(body.as_bytes());
        let checked = check_body::<Client>(&received).expect("fits");
        assert_eq!(checked.text, body);
        assert_eq!(checked.body.as_ptr(), received.as_ptr(), "the received bytes, not a copy");
        assert!(checked.unsafe_integers, "clientId is beyond 2^53");
        let plain = Bytes::from_static(br#"{"clientId": 9007199254740991, "number": -5}"#);
        let plain = check_body::<Client>(&plain).expect("fits");
        assert!(!plain.unsafe_integers);
        assert!(passes::<ClientGetListResponse>(r#"{"start": 0, "end": 1, "clients": [{"clientId": 1}]}"#));
        assert!(passes::<Client>(r#"{"extra": 18446744073709551615}"#), "a u64 is exact in Value");
        // Numbers of any size or precision are kept as written, and noted for JS.
        for n in ["123456789012345678901234", "-1e400", "3.14159265358979323846264338327950288"] {
            let body = Bytes::from(format!(r#"{{"x": {n}, "y": [{{"z": {n}}}]}}"#));
            let checked = check_body::<Client>(&body).expect("fits");
            assert!(checked.unsafe_integers, "{n}");
        }
        let unknown = |n: usize| {
            format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(","))
        };
        assert!(passes::<Client>(&unknown(MAX_UNKNOWN_KEYS)));
        assert!(!passes::<Client>(&unknown(MAX_UNKNOWN_KEYS + 1)), "more are left to the typed decode");
    }

    #[test]
    fn refuses_what_the_typed_decode_refuses_or_writes_differently() {
        let cases = [
            (r#"{"clientName": null}"#, "null reads as absent"),
            (r#"{"clientName": 5}"#, "wrong type"),
            (r#"{"number": 2147483648}"#, "i32 out of range"),
            (r#"{"clientId": 1.0}"#, "a fraction for an integer"),
            (r#"{"clientId": 1, "clientId": 2}"#, "a repeated field"),
            (r#"{"x": 1, "x": 2}"#, "a repeated unknown key"),
            (r#"{"grantTypes": "AUTHORIZATION_CODE"}"#, "a string for an array"),
            (r#"{"clientNames": [{"tag": null}]}"#, "null in a nested model"),
            (r#"{} x"#, "trailing characters"),
            (r#"[]"#, "not an object"),
        ];
        for (body, why) in cases {
            assert!(!passes::<Client>(body), "{why}: {body}");
        }
        assert!(
            check_body::<Client>(&Bytes::from_static(b"{\"clientName\": \"\xff\"}")).is_none(),
            "not UTF-8"
        );
        // A required field (`clientLocked`) missing, and present.
        assert!(!passes::<crate::ClientFlagUpdateRequest>("{}"));
        assert!(passes::<crate::ClientFlagUpdateRequest>(r#"{"clientLocked": true}"#));
    }

    #[test]
    fn a_request_body_fits_without_read_only_fields_in_its_outermost_object() {
        let fits = fits_request_body::<Client>;
        assert!(fits(r#"{"clientName": "App", "clientNames": [{"tag": "en", "value": "x"}], "x": 1}"#));
        assert!(!fits(r#"{"clientId": 9007199254740993}"#), "clientId is read-only");
        for field in ["number", "serviceNumber", "clientSecret", "createdAt", "dynamicallyRegistered"] {
            let value = if field == "clientSecret" {
                "\"s\""
            } else if field == "dynamicallyRegistered" {
                "true"
            } else {
                "1"
            };
            assert!(
                !fits(&format!(r#"{{"clientName": "App", "{field}": {value}}}"#)),
                "{field} is read-only"
            );
        }
        assert!(!fits(r#"{"clientName": null}"#), "what a body check refuses, a request check refuses");
        assert!(!fits(r#"{"clientName": "App"} x"#));
        // A response body holds read-only fields: the body check accepts them.
        assert!(passes::<Client>(r#"{"clientId": 1}"#));
        // Read-only fields of a nested model are sent: the typed way writes them too.
        assert!(fits_request_body::<ClientGetListResponse>(r#"{"clients": [{"clientId": 1}]}"#));
    }
}
