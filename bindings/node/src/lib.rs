//! # authlete-node
//!
//! The Node.js binding of the Authlete SDK (napi-rs). It is thin: one native class holding an
//! [`authlete::Authlete`], with one method per operation that runs the official TypeScript
//! SDK's request object (as JSON) as the operation's request type on the core's shared runtime
//! ([`authlete::runtime::shared`], as the other bindings' async calls) and resolves to the
//! result JSON or an error record; and the core's pagination rule for the JS pagers.
//! Everything else (validation, retries, deadlines, error mapping) lives in the core; the JS
//! wrapper in `node/` gives it the official TypeScript SDK's API.
//!
//! No panic crosses into Node: every export is `catch_unwind`, and the call futures are
//! wrapped in `catch_unwind` too.

/// The allocator of this addon's Rust code (Node keeps its own): decoding a page of clients
/// makes thousands of small allocations, which mimalloc serves faster than the system
/// allocator (bench/OPTIMISATIONS.md, item 6). Not used in the Python module,
/// where it raised the peak RSS of getList above the official SDK's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod client;
mod convert;
mod error;
mod logging;
mod outcome;
mod pagination;
mod settle;

pub use client::{CancelToken, NativeClient};
pub use outcome::NativeOutcome;
pub use pagination::next_page_start;
