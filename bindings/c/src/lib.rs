//! C binding of the Authlete client-management SDK.
//!
//! Built as `libauthlete.so` and `libauthlete.a`; the declarations are in `include/authlete.h`,
//! generated from this crate by cbindgen. Every entry point checks its pointers and UTF-8,
//! converts at the boundary and calls the Rust core (`authlete::Clients::call_json`); no panic
//! crosses into C.
#![allow(non_camel_case_types)]

mod call_async;
mod client;
mod error;
mod ffi;
mod generated;
mod kind;
mod logging;

pub use call_async::*;
pub use client::*;
pub use error::*;
pub use generated::*;
pub use kind::*;
pub use logging::*;
