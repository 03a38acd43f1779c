//! A secret string: a credential held by the client (the token, a client key, a proxy URL with
//! credentials) or a secret field of a model (`clientSecret`, `newClientSecret`,
//! `oldClientSecret`). Never printed, logged or put into an error.

use std::fmt;

/// A secret string: never printed, logged or put into an error. `Debug` shows `<redacted>`;
/// [`Secret::expose`] gives the value. In a model it is written and read as a JSON string.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself (for the `Authorization` header, or to hand a client secret on).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value itself, taken out of the wrapper.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}
