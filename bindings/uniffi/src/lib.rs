//! # authlete-uniffi
//!
//! The uniffi binding of the Authlete Rust core, used by the Kotlin/JVM library (`kotlin/`)
//! and ready for Swift. It is thin: conversion at the boundary and nothing else.
//!
//! - [`AuthleteNative`]: the client, built from the official TypeScript SDK's SDKOptions as JSON; every operation
//!   is an async method (a `suspend fun` in Kotlin) with a synchronous `_blocking` twin (for
//!   Kotlin's `...Blocking`), plus the generic by-name [`AuthleteNative::call`] and
//!   [`AuthleteNative::call_blocking`].
//! - The models are uniffi Records generated from the contract (`codegen/emit_uniffi.py`)
//!   with conversions to and from the core's models. Enum-typed fields are `String`s (open
//!   enums: unknown values are kept), unknown fields travel in `extra` as a JSON object string,
//!   and secrets are the [`Secret`] custom type (redacted in Kotlin's `toString()`).
//! - Every failure is one [`NativeError`] carrying the error kind and its details.
//!
//! Calls run on the core's shared multi-thread runtime; dropping the future (cancelling the
//! Kotlin coroutine) aborts the task and with it the HTTP request. The blocking twins drive
//! the call from the calling thread (`block_on`), the runtime's workers doing the I/O.

// uniffi lowers an error variant's fields inline (they cannot be boxed); the size matters only
// on the error path.
#![allow(clippy::result_large_err)]

mod client;
mod error;
mod generated;
mod kind;
mod models;

pub use client::AuthleteNative;
pub use error::{ErrorKind, Header, NativeError};
pub use generated::*;
pub use kind::error_kind_name;
pub use models::Secret;

uniffi::setup_scaffolding!();
