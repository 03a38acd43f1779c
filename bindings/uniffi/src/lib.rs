//! # authlete-uniffi
//!
//! The uniffi binding of the Authlete Rust core, used by the Kotlin/JVM library (`kotlin/`)
//! and ready for Swift. It is thin: conversion at the boundary and nothing else.
//!
//! - [`AuthleteNative`]: the client, built from the official TypeScript SDK's SDKOptions as JSON; every operation
//!   is an async method (a `suspend fun` in Kotlin) with a synchronous `_blocking` twin (for
//!   Kotlin's `...Blocking`), plus the generic by-name [`AuthleteNative::call`] and
//!   [`AuthleteNative::call_blocking`].
//! - The models, enums and request types are the core's own (`authlete`, built with its
//!   `uniffi` feature): uniffi Records and Enums of the core's component, which Kotlin gets in
//!   `com.authlete.sdk.models`. Enums are open (`Unknown` keeps a value this SDK does not
//!   know), unknown fields travel in `extra` as a JSON object string, and secrets are the
//!   core's `Secret` (Kotlin's `com.authlete.sdk.Secret`, redacted in `toString()`).
//! - Every failure is one [`NativeError`] carrying the error kind and its details. It is the
//!   core's (`authlete::foreign`, with the kinds and the custom types), because a failure to
//!   lift a core type (an `extra` that is not a JSON object) must arrive as that error.
//!
//! - [`next_page_start`]: the core's pagination rule, for Kotlin's pagers.
//! - [`set_log_sink`]: the core's `tracing` events to a foreign [`LogSink`] (Kotlin's SLF4J
//!   bridge), filtered by level where they are emitted.
//!
//! Calls run on the core's shared multi-thread runtime; dropping the future (cancelling the
//! Kotlin coroutine) aborts the task and with it the HTTP request. The blocking twins drive
//! the call from the calling thread (`block_on`), the runtime's workers doing the I/O.

// uniffi lowers an error variant's fields inline (they cannot be boxed); the size matters only
// on the error path.
#![allow(clippy::result_large_err)]

mod client;
pub mod direct;
mod logging;
mod models;
mod operations;
mod pagination;

pub use authlete::foreign::{error_kind_name, ErrorKind, Header, NativeError};
pub use client::AuthleteNative;
pub use logging::{set_log_sink, LogSink};
pub use operations::*;
pub use pagination::next_page_start;

uniffi::setup_scaffolding!();
