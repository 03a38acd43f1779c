//! Requests as JSON, written straight from the Python objects: the request object (a dict of
//! wire names) with the package's model objects in it, read slot by slot. It replaces
//! `json.dumps(model.to_dict())`, which for a full client built a short-lived Python object
//! per field only to throw them away (most of the Python side of `create`:
//! bench/OPTIMISATIONS.md, item 8).
//!
//! The JSON is what `json.dumps(to_dict())` gives (compact): a model's set fields in field
//! order under their wire names, then its unknown fields (`extra`), except those whose wire
//! name a set field has already written (`to_dict`'s `setdefault`). Values are written as
//! they are: the core decodes the request into its typed models and refuses a wrong type with
//! the field's path, as it did with the JSON `json.dumps` wrote.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::convert::{registry, ModelClass, Registry};

/// Nesting deeper than this is refused (the core's JSON decoder allows 128 levels); it also
/// stops a dict that contains itself.
const MAX_DEPTH: usize = 128;

/// The request object `request` (a dict) as JSON bytes.
#[pyfunction]
pub(crate) fn request_json<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut out = Vec::with_capacity(512);
    Writer { registry: registry(py)?, out: &mut out }.value(request, 0)?;
    Ok(PyBytes::new(py, &out))
}

/// `"name":` as JSON, the key of an object member.
pub(crate) fn object_key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 3);
    write_str(&mut key, name);
    key.push(b':');
    key
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

struct Writer<'a> {
    registry: &'a Registry,
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn value(&mut self, v: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
        if depth > MAX_DEPTH {
            return Err(PyValueError::new_err(format!(
                "the request is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        if v.is_none() {
            self.out.extend_from_slice(b"null");
        } else if let Ok(s) = v.cast::<PyString>() {
            // Also the enum members (`OpenEnum` is a str whose text is the value).
            write_str(self.out, &s.to_cow()?);
        } else if let Ok(b) = v.cast::<PyBool>() {
            self.out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
        } else if let Ok(i) = v.cast::<PyInt>() {
            self.int(i)?;
        } else if let Ok(f) = v.cast::<PyFloat>() {
            let x = f.value();
            if !x.is_finite() {
                return Err(PyValueError::new_err(format!("{x} is not a JSON number")));
            }
            let _ = serde_json::to_writer(&mut *self.out, &x);
        } else if let Ok(d) = v.cast::<PyDict>() {
            self.dict(d, depth)?;
        } else if let Ok(l) = v.cast::<PyList>() {
            self.items(l.iter(), depth)?;
        } else if let Ok(t) = v.cast::<PyTuple>() {
            self.items(t.iter(), depth)?;
        } else if v.get_type().name()?.to_cow()? == "Decimal" && v.hasattr("is_finite")? {
            self.decimal(v)?;
        } else if let Some(class) = self.registry.model_of(v) {
            self.model(v, class, depth)?;
        } else if v.getattr("to_dict").is_ok() && v.getattr("_fields_").is_ok() {
            // A subclass of a model: its own `to_dict` says what it sends.
            self.value(&v.call_method0("to_dict")?, depth + 1)?;
        } else {
            let name = v.get_type().name()?;
            return Err(PyTypeError::new_err(format!("Object of type {name} is not JSON serializable")));
        }
        Ok(())
    }

    fn int(&mut self, i: &Bound<'_, PyInt>) -> PyResult<()> {
        if let Ok(n) = i.extract::<i64>() {
            let _ = serde_json::to_writer(&mut *self.out, &n);
        } else {
            // Any size: the core keeps numbers as written (a typed field refuses what it
            // cannot hold, naming the field).
            self.out.extend_from_slice(i.str()?.to_cow()?.as_bytes());
        }
        Ok(())
    }

    /// A `decimal.Decimal`, digit for digit (what an exact number arrives as).
    fn decimal(&mut self, d: &Bound<'_, PyAny>) -> PyResult<()> {
        if !d.call_method0("is_finite")?.is_truthy()? {
            return Err(PyValueError::new_err(format!("{} is not a JSON number", d.str()?)));
        }
        self.out.extend_from_slice(d.str()?.to_cow()?.as_bytes());
        Ok(())
    }

    fn items<'py>(&mut self, items: impl Iterator<Item = Bound<'py, PyAny>>, depth: usize) -> PyResult<()> {
        self.out.push(b'[');
        for (n, item) in items.enumerate() {
            if n > 0 {
                self.out.push(b',');
            }
            self.value(&item, depth + 1)?;
        }
        self.out.push(b']');
        Ok(())
    }

    fn dict(&mut self, d: &Bound<'_, PyDict>, depth: usize) -> PyResult<()> {
        self.out.push(b'{');
        for (n, (k, v)) in d.iter().enumerate() {
            if n > 0 {
                self.out.push(b',');
            }
            self.key(&k)?;
            self.value(&v, depth + 1)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    fn key(&mut self, k: &Bound<'_, PyAny>) -> PyResult<()> {
        let k = k.cast::<PyString>().map_err(|_| {
            let name = k.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            PyTypeError::new_err(format!("keys must be str, not {name}"))
        })?;
        write_str(self.out, &k.to_cow()?);
        self.out.push(b':');
        Ok(())
    }

    /// A model object: its set fields, then the unknown fields a set field does not shadow.
    fn model(&mut self, obj: &Bound<'_, PyAny>, class: &ModelClass, depth: usize) -> PyResult<()> {
        let py = obj.py();
        self.out.push(b'{');
        let mut written = vec![false; class.slots.len()];
        let mut first = true;
        for (i, slot) in class.slots.iter().enumerate() {
            let v = obj.getattr(slot.bind(py))?;
            if v.is_none() {
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.out.extend_from_slice(&class.wire_keys[i]);
            self.value(&v, depth + 1)?;
            written[i] = true;
        }
        let extra = obj.getattr(self.registry.extra_name(py))?;
        let extra = extra.cast::<PyDict>()?;
        for (k, v) in extra.iter() {
            if let Ok(name) = k.cast::<PyString>() {
                let name = name.to_cow()?;
                let name: &str = &name;
                let shadowed = class.wires.iter().zip(&written).any(|(wire, set)| *set && wire == name);
                if shadowed {
                    continue;
                }
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.key(&k)?;
            self.value(&v, depth + 1)?;
        }
        self.out.push(b'}');
        Ok(())
    }
}
