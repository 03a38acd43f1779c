//! Core errors as plain Python tuples; `authlete_sdk.errors` builds the exception classes.

use authlete::Error;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `(kind, message, status, content_type, body, headers, result_code, result_message,
/// field, reason, attempts)`; absent values are `None`.
pub(crate) fn to_py<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyTuple>> {
    let resp = e.response();
    let (field, reason, attempts) = match e {
        Error::SdkValidation(v) => (Some(v.field.as_str()), Some(v.reason.as_str()), None),
        Error::ResponseValidation(v) => (None, Some(v.reason.as_str()), None),
        Error::Connection(t) | Error::RequestTimeout(t) | Error::RequestAborted(t) => {
            (None, Some(t.message.as_str()), Some(t.attempts))
        }
        _ => (None, None, None),
    };
    let headers: Option<Vec<(&str, &str)>> =
        resp.map(|r| r.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect());
    let values: Vec<Py<PyAny>> = vec![
        e.kind().name().into_pyobject(py)?.into_any().unbind(),
        e.to_string().into_pyobject(py)?.into_any().unbind(),
        resp.map(|r| r.status).into_pyobject(py)?.into_any().unbind(),
        resp.map(|r| r.content_type.as_str()).into_pyobject(py)?.into_any().unbind(),
        resp.map(|r| r.body.as_str()).into_pyobject(py)?.into_any().unbind(),
        headers.into_pyobject(py)?.into_any().unbind(),
        e.result_code().into_pyobject(py)?.into_any().unbind(),
        e.result_message().into_pyobject(py)?.into_any().unbind(),
        field.into_pyobject(py)?.into_any().unbind(),
        reason.into_pyobject(py)?.into_any().unbind(),
        attempts.into_pyobject(py)?.into_any().unbind(),
    ];
    PyTuple::new(py, values)
}

/// A call's outcome for Python: `(True, result)` (the value `convert` makes of it) or
/// `(False, error_tuple)`.
pub(crate) fn outcome<T>(
    py: Python<'_>,
    r: Result<T, Error>,
    convert: fn(Python<'_>, T) -> PyResult<Py<PyAny>>,
) -> PyResult<(bool, Py<PyAny>)> {
    match r {
        Ok(value) => Ok((true, convert(py, value)?)),
        Err(e) => Ok((false, to_py(py, &e)?.into_any().unbind())),
    }
}
