//! What the core's types need to cross a uniffi boundary (the `uniffi` feature; the binding
//! is bindings/uniffi, the Kotlin library's native part): the custom types (a [`Secret`](crate::Secret)
//! as a string, a model's unknown fields as JSON text), the error record every exported
//! function returns ([`NativeError`]) and its kinds ([`ErrorKind`]).
//!
//! The error record lives here, not in the binding, because lifting a custom type (an
//! invalid `extra`) can fail inside the core's own conversions, and uniffi reports such a
//! failure as the function's error only when it is of the function's error type.

mod error;
mod kind;
mod types;

pub use error::{Header, NativeError};
pub use kind::{error_kind_name, ErrorKind};
