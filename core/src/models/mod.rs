//! The data types of the Authlete client-management API.
//!
//! Every model and enum is generated from the contract (`codegen/`), so there is one
//! definition of each. The conventions they share live here:
//! - every field is optional unless the contract requires it, and JSON `null` reads as absent;
//! - enums are open: a value this SDK does not know is kept as `Unknown(String)`;
//! - fields the SDK does not know are kept in `extra` and sent back unchanged (a key there
//!   that names a field is written only when the field is unset, so never twice);
//! - read-only fields ([`Model::READ_ONLY_FIELDS`]) are never sent in a request body;
//! - secrets are redacted in `Debug` output;
//! - a JSON document can be checked against a model without building it ([`check`]), so that
//!   a body that fits exactly can be handed over as received.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// What `Debug` prints in place of a secret.
pub(crate) const REDACTED: Redacted = Redacted;

/// A placeholder that prints `<redacted>`.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Prints the names of unknown fields only: their values may hold anything, secrets included.
pub(crate) struct ExtraKeys<'a>(pub(crate) &'a Map<String, Value>);

impl fmt::Debug for ExtraKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// A key of a model's JSON object: a field of the model (its index) or an unknown name.
pub(crate) enum Key {
    Known(usize),
    Other(String),
}

/// Reads an object key without allocating for the model's own field names (the generated
/// `Deserialize` impls match on the index).
pub(crate) struct FieldKey(pub(crate) fn(&str) -> Option<usize>);

impl<'de> serde::de::DeserializeSeed<'de> for FieldKey {
    type Value = Key;

    // Called once per key of every model: kept inline in the generated visitors, where the
    // compiler otherwise decides case by case (bench/OPTIMISATIONS.md, item 33).
    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for FieldKey {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline(always)]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.0)(v) {
            Some(i) => Key::Known(i),
            None => Key::Other(v.to_owned()),
        })
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match (self.0)(&v) {
            Some(i) => Key::Known(i),
            None => Key::Other(v),
        })
    }
}

/// What every model of the contract shares.
pub trait Model: Serialize + DeserializeOwned + Clone + Default + PartialEq + fmt::Debug {
    /// Wire names of the fields the server assigns; they are stripped from request bodies.
    const READ_ONLY_FIELDS: &'static [&'static str];

    /// Writes the model as the body of a request: every field but the read-only ones, unknown
    /// fields included.
    fn serialize_request<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// The JSON sent for this model in a request body (see [`Model::serialize_request`]).
    fn to_request_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(AsRequest(self))
    }

    /// The bytes sent for this model in a request body (see [`Model::serialize_request`]):
    /// written straight from the model, without the `Value` tree of `to_request_value` (a
    /// `String` and a map entry per field, several times slower for a full client:
    /// bench/OPTIMISATIONS.md, item 25).
    fn to_request_body(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(&AsRequest(self))
    }
}

/// A model that serializes as the body of a request ([`Model::serialize_request`]).
pub struct AsRequest<'a, M>(pub &'a M);

impl<M: Model> Serialize for AsRequest<'_, M> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_request(serializer)
    }
}

/// Declares an open enumeration: the known values as variants plus `Unknown(String)`, which
/// keeps any other value as received, so that a newer server never breaks an older SDK.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the SDK does not know, kept as received.
            Unknown(String),
        }

        impl $name {
            /// Every value this version of the SDK knows, as written on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(other) => other,
                }
            }

            /// Whether this SDK version knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        // Across a uniffi boundary an open enum is its wire value, a string: the foreign
        // side keeps any value, as this side does.
        #[cfg(feature = "uniffi")]
        uniffi::custom_type!($name, String, {
            lower: |v| v.as_str().to_owned(),
            try_lift: |s| Ok($name::from(s)),
        });

        impl crate::models::check::Check for $name {
            fn check<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                notes: &crate::models::check::Notes,
            ) -> Result<(), D::Error> {
                // Open: any string is a value (an unknown one is kept as received).
                <String as crate::models::check::Check>::check(deserializer, notes)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

#[doc(hidden)]
pub mod check;
mod generated;
pub use generated::*;
