//! # authlete-node
//!
//! The Node.js binding of the Authlete SDK (napi-rs). It is thin: one native class holding an
//! [`authlete::Authlete`], whose `call` runs an operation by name with the seed's request
//! object as JSON on napi's tokio runtime and resolves to the result JSON or an error record.
//! Everything else (validation, retries, deadlines, error mapping) lives in the core; the JS
//! wrapper in `node/` gives it the seed's API.
//!
//! No panic crosses into Node: every export is `catch_unwind`, and the call futures are
//! wrapped in `catch_unwind` too.

mod client;
mod error;
mod logging;

pub use client::{CancelToken, NativeClient, NativeOutcome};
