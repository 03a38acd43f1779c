//! C binding of the Authlete client-management SDK.
//!
//! Built as `libauthlete.so` and `libauthlete.a`; the declarations are in `include/authlete.h`,
//! generated from this crate by cbindgen. Every entry point checks its pointers and UTF-8,
//! converts at the boundary and calls the Rust core: a typed function with the core's typed
//! request (`authlete::Clients::execute_as`), the by-name entries with the request as JSON
//! (`authlete::Clients::call_json`). Results leave as JSON text; no panic crosses into C.
#![allow(non_camel_case_types)]

mod call_async;
mod client;
mod error;
mod ffi;
mod generated;
mod kind;
mod logging;
mod pager;

pub use call_async::*;
pub use client::*;
pub use error::*;
pub use generated::*;
pub use kind::*;
pub use logging::*;
pub use pager::*;
