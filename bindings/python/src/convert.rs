//! Results as Python model objects, built straight from the core's typed models: no JSON is
//! written and parsed again, and no Python code runs per field (a page of 100 clients is
//! ~10,000 fields). The per-model code is written once for every model (`shapes.rs`); this module
//! holds the machinery it uses and the registry of the package's classes (filled by
//! `models.rs`).
//!
//! `authlete_sdk` registers its model and enum classes once at import
//! ([`register_models`]); an object is made as `Model.from_dict` makes it: `object.__new__`,
//! then every field slot set (absent fields to `None`) without the checking `__setattr__`
//! (the core has already validated the values), unknown fields in `extra`.
//!
//! Values are built as `Bound` objects, whose drop is a plain decref: a `Py<PyAny>` dropped
//! asks a thread-local whether the GIL is held, once per value of a page
//! (bench/OPTIMISATIONS.md, item 18).

use std::collections::HashMap;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde_json::{Map, Value};

/// A value the core decoded, as the Python object the package's API returns.
pub(crate) trait ToPython {
    /// The Python object for this value.
    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>>;
}

/// One model class: the class, its slot names in the generated field order, and each field's
/// wire name (for a model object inside an unknown field of a request, written as JSON).
pub(crate) struct ModelClass {
    pub(crate) cls: Py<PyType>,
    pub(crate) slots: Vec<Py<PyString>>,
    /// Each slot's member descriptor, read and set directly when `get_member` and
    /// `set_member` are known.
    pub(crate) members: Vec<Py<PyAny>>,
    pub(crate) wires: Vec<String>,
}

/// One enum class: its members in the order of the core's known values, and the class itself
/// for values it does not know (kept as they are by `OpenEnum`).
pub(crate) struct EnumClass {
    pub(crate) cls: Py<PyType>,
    pub(crate) known: Vec<Py<PyAny>>,
}

/// The package's classes, registered once by `authlete_sdk` at import.
pub(crate) struct Registry {
    pub(crate) models: Vec<ModelClass>,
    /// Model index by class (its type object's address), for model objects inside the
    /// unknown fields of a request.
    pub(crate) by_type: HashMap<usize, usize>,
    pub(crate) enums: Vec<EnumClass>,
    pub(crate) object_new: Py<PyAny>,
    /// The `__get__` of member descriptors (the `__slots__` fields), where the stable ABI
    /// gives it (Python 3.10+: `PyType_GetSlot` of a static type); `None` on 3.9.
    pub(crate) get_member: Option<pyo3::ffi::descrgetfunc>,
    /// Their `__set__`, likewise.
    pub(crate) set_member: Option<pyo3::ffi::descrsetfunc>,
    pub(crate) extra: Py<PyString>,
    pub(crate) gc: GcSwitch,
}

/// `gc.isenabled`, `gc.disable` and `gc.enable` (a builtin module, imported at registration).
pub(crate) struct GcSwitch {
    pub(crate) is_enabled: Py<PyAny>,
    pub(crate) disable: Py<PyAny>,
    pub(crate) enable: Py<PyAny>,
}

/// Pauses Python's cyclic garbage collector while a result is built, and resumes it (if it
/// was running) however the build ends. None of the new objects can be garbage before the
/// result is returned, yet a page of full clients (models and lists, all tracked by the
/// collector) set off several young collections a call and now and then an older one, all
/// traversing them again (bench/OPTIMISATIONS.md, item 13).
/// The GIL is held throughout and no Python code runs, so no other thread sees the pause.
pub(crate) struct GcPause<'a, 'py> {
    py: Python<'py>,
    switch: &'a GcSwitch,
    resume: bool,
}

impl<'a, 'py> GcPause<'a, 'py> {
    pub(crate) fn start(py: Python<'py>, switch: &'a GcSwitch) -> PyResult<Self> {
        let resume = switch.is_enabled.call0(py)?.is_truthy(py)?;
        if resume {
            switch.disable.call0(py)?;
        }
        Ok(GcPause { py, switch, resume })
    }
}

impl Drop for GcPause<'_, '_> {
    fn drop(&mut self) {
        if self.resume {
            // gc.enable() takes no argument and does not fail; a drop has no caller to tell.
            let _ = self.switch.enable.call0(self.py);
        }
    }
}

pub(crate) static REGISTRY: PyOnceLock<Registry> = PyOnceLock::new();

/// The registered classes.
pub(crate) fn registry(py: Python<'_>) -> PyResult<&Registry> {
    REGISTRY.get(py).ok_or_else(|| PyRuntimeError::new_err("authlete_sdk did not register its model classes"))
}

impl Registry {
    /// The model class of `obj` if its class is exactly one of the registered ones.
    pub(crate) fn model_of(&self, obj: &Bound<'_, PyAny>) -> Option<&ModelClass> {
        let index = self.by_type.get(&(obj.get_type().as_ptr() as usize))?;
        self.models.get(*index)
    }

    /// The interned name of the `extra` slot.
    pub(crate) fn extra_name<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        self.extra.bind(py)
    }

    /// A new, empty object of model `index` (`object.__new__(cls)`; `__init__` is not run).
    pub(crate) fn new_model<'py>(
        &self,
        py: Python<'py>,
        index: usize,
    ) -> PyResult<(Bound<'py, PyAny>, &ModelClass)> {
        let class = &self.models[index];
        let obj = self.object_new.bind(py).call1((class.cls.bind(py),))?;
        Ok((obj, class))
    }

    /// Sets the `extra` slot of `obj`: the unknown fields, as `json.loads` would give them.
    pub(crate) fn set_extra(
        &self,
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        extra: &Map<String, Value>,
    ) -> PyResult<()> {
        set_slot(obj, self.extra.bind(py), &map_to_python(py, extra)?)
    }

    /// Member `known` of enum `index`: the member of the core's `KNOWN_VALUES[known]`.
    pub(crate) fn enum_known<'py>(&self, py: Python<'py>, index: usize, known: usize) -> Bound<'py, PyAny> {
        self.enums[index].known[known].bind(py).clone()
    }

    /// A value of enum `index` that the core does not know: a new pseudo-member.
    pub(crate) fn enum_unknown<'py>(
        &self,
        py: Python<'py>,
        index: usize,
        value: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.enums[index].cls.bind(py).call1((value,))
    }
}

impl ModelClass {
    /// Slot `index` of `obj` (an object of this class).
    pub(crate) fn get<'py>(
        &self,
        py: Python<'py>,
        r: &Registry,
        obj: &Bound<'py, PyAny>,
        index: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(get_member) = r.get_member else {
            return obj.getattr(self.slots[index].bind(py));
        };
        // SAFETY: `get_member` is the `__get__` of member descriptors and `members[index]` one
        // (checked at registration); `obj` is an object of this class, whose slot it
        // describes, and `cls` its class; the GIL is held and the pointers are live for the
        // call. It returns a new reference, or NULL with an exception set.
        unsafe {
            let value = get_member(self.members[index].as_ptr(), obj.as_ptr(), self.cls.as_ptr());
            Bound::from_owned_ptr_or_err(py, value)
        }
    }

    /// Sets slot `index` of `obj` (an object of this class) to `value`.
    pub(crate) fn set<T: ToPython + ?Sized>(
        &self,
        py: Python<'_>,
        r: &Registry,
        obj: &Bound<'_, PyAny>,
        index: usize,
        value: &T,
    ) -> PyResult<()> {
        let value = value.to_python(py, r)?;
        let Some(set_member) = r.set_member else {
            return set_slot(obj, self.slots[index].bind(py), &value);
        };
        // SAFETY: `set_member` is the `__set__` of member descriptors and `members[index]`
        // one (checked at registration); `obj` is an object of this class, whose slot it
        // describes; the GIL is held and the three pointers are live for the call.
        let rc = unsafe { set_member(self.members[index].as_ptr(), obj.as_ptr(), value.as_ptr()) };
        if rc == 0 {
            Ok(())
        } else {
            Err(PyErr::fetch(py))
        }
    }
}

/// `object.__setattr__(obj, name, value)`: the slot is set without the model's checking
/// `__setattr__` (the core has validated the value already).
fn set_slot(obj: &Bound<'_, PyAny>, name: &Bound<'_, PyString>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    // SAFETY: the three pointers are live references held by the `Bound`s for the duration of
    // the call, and the GIL is held (a `Bound` proves it).
    let rc = unsafe { pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(PyErr::fetch(obj.py()))
    }
}

/// The result of the operations without one (204): `None`.
impl ToPython for () {
    fn to_python<'py>(&self, py: Python<'py>, _: &Registry) -> PyResult<Bound<'py, PyAny>> {
        Ok(py.None().into_bound(py))
    }
}

impl<T: ToPython + ?Sized> ToPython for Box<T> {
    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {
        (**self).to_python(py, r)
    }
}

impl<T: ToPython> ToPython for Option<T> {
    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_python(py, r),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: ToPython> ToPython for Vec<T> {
    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {
        let items = self.iter().map(|v| v.to_python(py, r)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    }
}

macro_rules! plain_to_python {
    ($($t:ty),*) => {$(
        impl ToPython for $t {
            fn to_python<'py>(&self, py: Python<'py>, _: &Registry) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any())
            }
        }
    )*};
}

plain_to_python!(String, bool, i32, i64);

/// A secret field is a plain `str` in Python: the model classes redact it in their `repr`.
impl ToPython for authlete::Secret {
    fn to_python<'py>(&self, py: Python<'py>, _: &Registry) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(py, self.expose()).into_any())
    }
}

/// A JSON value as `json.loads` gives it (int, float, str, bool, None, list, dict).
fn value_to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => exact_number(py, n.as_str())?,
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let items = items.iter().map(|v| value_to_python(py, v)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(map) => map_to_python(py, map)?,
    })
}

/// A number beyond 64-bit integers, as written: an `int` of any size, a `float` when one holds
/// it exactly (at most 15 significant digits), else a `decimal.Decimal` with every digit, so
/// that get -> update sends it back unchanged.
fn exact_number<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    if !text.contains(['.', 'e', 'E']) {
        return py.get_type::<pyo3::types::PyInt>().call1((text,));
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let digits = mantissa.trim_start_matches('-').replace('.', "");
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() && significant <= 15 && (f != 0.0 || significant == 0) => {
            Ok(f.into_pyobject(py)?.into_any())
        }
        _ => py.import("decimal")?.getattr("Decimal")?.call1((text,)),
    }
}

fn map_to_python<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, value_to_python(py, v)?)?;
    }
    Ok(dict.into_any())
}
