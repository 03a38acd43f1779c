//! The core's error record as a Python object; `authlete_sdk.errors` builds the exception
//! class of its kind from it.

use authlete::Error;
use pyo3::prelude::*;

/// A failed call: the core's error, read through the same accessors as in every binding.
#[pyclass(frozen, module = "authlete_sdk._native")]
pub(crate) struct ErrorRecord(Error);

#[pymethods]
impl ErrorRecord {
    /// The kind's class name, e.g. `"ResultError"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().name()
    }

    /// What happened, without the kind's name; never holds a secret.
    #[getter]
    fn message(&self) -> String {
        self.0.message()
    }

    #[getter]
    fn status(&self) -> Option<u16> {
        self.0.status()
    }

    #[getter]
    fn content_type(&self) -> Option<&str> {
        self.0.content_type()
    }

    /// The raw body: it may hold a secret the server echoed.
    #[getter]
    fn body(&self) -> Option<&str> {
        self.0.body()
    }

    #[getter]
    fn headers(&self) -> Option<Vec<(&str, &str)>> {
        self.0.headers().map(|h| h.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
    }

    #[getter]
    fn result_code(&self) -> Option<&str> {
        self.0.result_code()
    }

    #[getter]
    fn result_message(&self) -> Option<&str> {
        self.0.result_message()
    }

    #[getter]
    fn field(&self) -> Option<&str> {
        self.0.field()
    }

    #[getter]
    fn reason(&self) -> Option<&str> {
        self.0.reason()
    }

    #[getter]
    fn attempts(&self) -> Option<u32> {
        self.0.attempts()
    }

    /// The kind and the message only: the body stays behind its accessor.
    fn __repr__(&self) -> String {
        format!("<ErrorRecord {}>", self.0)
    }
}

/// The record of `e` for Python.
pub(crate) fn to_py(py: Python<'_>, e: Error) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, ErrorRecord(e))?.into_any())
}

/// A call's outcome for Python: `(True, result)` (the value `convert` makes of it) or
/// `(False, ErrorRecord)`.
pub(crate) fn outcome<T>(
    py: Python<'_>,
    r: Result<T, Error>,
    convert: fn(Python<'_>, T) -> PyResult<Py<PyAny>>,
) -> PyResult<(bool, Py<PyAny>)> {
    match r {
        Ok(value) => Ok((true, convert(py, value)?)),
        Err(e) => Ok((false, to_py(py, e)?)),
    }
}
