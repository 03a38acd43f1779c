//! `authlete_sdk._native`: the Python binding of the Rust core. An operation's arguments and
//! model objects go in as Python objects and are read straight into the core's request struct
//! (`request`); its typed result comes out as the package's model objects (`convert`); errors
//! as records that `authlete_sdk.errors` turns into exception classes. Models, keyword
//! arguments and exceptions live in the generated Python package.

mod client;
mod convert;
mod error;
mod inbox;
mod logging;
mod models;
mod pagination;
mod request;
mod runner;
mod shapes;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add_class::<client::NativeClient>()?;
    m.add_class::<client::CallHandle>()?;
    m.add_class::<pagination::Pager>()?;
    m.add_class::<inbox::Inbox>()?;
    m.add_class::<error::ErrorRecord>()?;
    m.add_function(wrap_pyfunction!(logging::set_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(operation_names, m)?)?;
    m.add_function(wrap_pyfunction!(models::register_models, m)?)?;
    // The package's version is the crate's: the workspace's one version.
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ERROR_KINDS", authlete::ErrorKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>())?;
    Ok(())
}

/// The names of the 16 operations the core implements.
#[pyfunction]
fn operation_names() -> Vec<&'static str> {
    authlete::clients::OPERATION_NAMES.to_vec()
}
