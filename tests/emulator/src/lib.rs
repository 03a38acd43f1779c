//! A local, stateful stand-in for Authlete's client-management API, used as the test
//! oracle for every language binding of the SDK. See `README.md` beside this crate.

pub mod admin;
pub mod authz;
pub mod errors;
pub mod faults;
pub mod log;
pub mod routes;
pub mod server;
pub mod state;
pub mod tls;
pub mod validate;

pub use server::{app, serve};
pub use state::Emulator;
