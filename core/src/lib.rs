//! # authlete
//!
//! The Rust core of the Authlete client-management SDK. It implements the 16 operations of
//! the `clients` resource, the models, the error model, the transport and the retries once;
//! the Python, Node, C and Kotlin libraries are thin bindings over it.
//!
//! ```no_run
//! # async fn run() -> Result<(), authlete::Error> {
//! use authlete::{Authlete, Client, ClientCreateApiRequest};
//!
//! let authlete = Authlete::builder().server("us").bearer_token("<token>").build()?;
//! let created = authlete
//!     .clients()
//!     .create(ClientCreateApiRequest {
//!         service_id: "715948317".into(),
//!         client: Some(Client { client_name: Some("My client".into()), ..Default::default() }),
//!     })
//!     .await?;
//! println!("created client {:?}", created.client_id);
//! # Ok(()) }
//! ```
//!
//! Callers without an async runtime use [`AuthleteBuilder::build_blocking`].

pub mod blocking;
mod client;
pub mod clients;
pub mod config;
pub mod error;
mod error_kind;
#[cfg(feature = "uniffi")]
#[doc(hidden)]
pub mod foreign;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
#[doc(hidden)]
pub mod json;
pub mod models;
#[doc(hidden)]
pub mod operation;
pub mod options;
mod output;
pub mod pagination;
mod redact;
mod response;
pub mod retry;
#[doc(hidden)]
pub mod runtime;
mod secret;
mod tls;
mod transport;
mod validate;

pub use client::Authlete;
pub use clients::*;
pub use config::{AuthleteBuilder, Config};
pub use error::{Error, ErrorKind};
pub use models::*;
pub use options::CallOptions;
pub use retry::{BackoffStrategy, RetryConfig, StatusPattern};
pub use secret::Secret;
pub use tls::TlsSettings;
pub use tokio_util::sync::CancellationToken;

// The uniffi component of the core's types (the `uniffi` feature): the binding crate
// (bindings/uniffi) exports the operations over them.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
