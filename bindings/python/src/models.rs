//! The package's model and enum classes, registered once at import, and results turned into
//! them (convert.rs holds the machinery, shapes.rs the per-model code).

use std::collections::HashMap;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyType};

use crate::convert::{registry, EnumClass, GcPause, GcSwitch, ModelClass, Registry, ToPython, REGISTRY};
use crate::shapes::{ENUMS, MODELS};

/// Registers the package's model and enum classes (`{name: class}`); the field names of each
/// model must be those the core's model has, in the same order (both come from the contract).
#[pyfunction]
pub(crate) fn register_models(
    py: Python<'_>,
    models: &Bound<'_, PyDict>,
    enums: &Bound<'_, PyDict>,
) -> PyResult<()> {
    fn class<'py>(table: &Bound<'py, PyDict>, name: &str) -> PyResult<Bound<'py, PyType>> {
        let obj = table
            .get_item(name)?
            .ok_or_else(|| PyTypeError::new_err(format!("register_models: no class `{name}`")))?;
        Ok(obj.cast_into::<PyType>()?)
    }
    let mut model_classes = Vec::with_capacity(MODELS.len());
    let mut by_type = HashMap::with_capacity(MODELS.len());
    for (name, core_wires) in MODELS {
        let cls = class(models, name)?;
        let (fields, wires): (Vec<String>, Vec<String>) = cls
            .getattr("_fields_")?
            .try_iter()?
            .map(|f| {
                let f = f?;
                Ok((f.getattr("name")?.extract()?, f.getattr("wire")?.extract()?))
            })
            .collect::<PyResult<Vec<_>>>()?
            .into_iter()
            .unzip();
        if wires != *core_wires {
            return Err(PyTypeError::new_err(format!(
                "register_models: the fields of `{name}` differ from the native module's (rebuild both from the same contract)"
            )));
        }
        let slots: Vec<Py<PyString>> = fields.iter().map(|s| PyString::intern(py, s).unbind()).collect();
        // `Class.slot` is the slot's member descriptor itself.
        let members = slots.iter().map(|s| Ok(cls.getattr(s.bind(py))?.unbind())).collect::<PyResult<_>>()?;
        by_type.insert(cls.as_ptr() as usize, model_classes.len());
        model_classes.push(ModelClass { cls: cls.unbind(), slots, members, wires });
    }
    let mut enum_classes = Vec::with_capacity(ENUMS.len());
    for (name, values) in ENUMS {
        let cls = class(enums, name)?;
        let map = cls.getattr("_value2member_map_")?;
        let map = map.cast::<PyDict>()?;
        let known = values
            .iter()
            .map(|v| match map.get_item(v)? {
                Some(member) => Ok(member.unbind()),
                None => Err(PyTypeError::new_err(format!(
                    "register_models: `{name}` has no member `{v}` (rebuild both from the same contract)"
                ))),
            })
            .collect::<PyResult<_>>()?;
        enum_classes.push(EnumClass { cls: cls.unbind(), known });
    }
    let object_new = py.import("builtins")?.getattr("object")?.getattr("__new__")?.unbind();
    let (get_member, set_member) = member_descriptor_slots(py, &model_classes)?.unzip();
    let gc = py.import("gc")?;
    let gc = GcSwitch {
        is_enabled: gc.getattr("isenabled")?.unbind(),
        disable: gc.getattr("disable")?.unbind(),
        enable: gc.getattr("enable")?.unbind(),
    };
    let registry = Registry {
        models: model_classes,
        by_type,
        enums: enum_classes,
        object_new,
        get_member,
        set_member,
        extra: PyString::intern(py, "extra").unbind(),
        gc,
    };
    // A second registration (a reloaded package) keeps the first classes.
    let _ = REGISTRY.set(py, registry);
    Ok(())
}

/// The `__get__` and `__set__` of the member descriptors of `__slots__`, if this Python gives
/// them: reading or setting a slot through them skips the lookup of the name in the class
/// (a visible share of building a page of clients and of reading a full client's request:
/// bench/OPTIMISATIONS.md, items 18 and 28). Every model slot must be such a descriptor, or
/// none is read or set this way.
fn member_descriptor_slots(
    py: Python<'_>,
    models: &[ModelClass],
) -> PyResult<Option<(pyo3::ffi::descrgetfunc, pyo3::ffi::descrsetfunc)>> {
    let Some(first) = models.iter().find_map(|m| m.members.first()) else { return Ok(None) };
    let member_type = first.bind(py).get_type();
    if member_type.name()? != "member_descriptor" {
        return Ok(None);
    }
    for member in models.iter().flat_map(|m| &m.members) {
        if !member.bind(py).get_type().is(&member_type) {
            return Ok(None);
        }
    }
    let slot = |which| {
        // SAFETY: `member_type` is a live type object and the GIL is held. Before 3.10 the
        // call fails for a static type (NULL and an error, cleared here); a slot, when given,
        // is a function of a static type, valid for the life of the interpreter.
        let slot = unsafe { pyo3::ffi::PyType_GetSlot(member_type.as_ptr().cast(), which) };
        if slot.is_null() {
            let _ = PyErr::take(py);
        }
        slot
    };
    let (get, set) = (slot(pyo3::ffi::Py_tp_descr_get), slot(pyo3::ffi::Py_tp_descr_set));
    if get.is_null() || set.is_null() {
        return Ok(None);
    }
    // SAFETY: `Py_tp_descr_get` holds a `descrgetfunc` and `Py_tp_descr_set` a `descrsetfunc`,
    // both non-null here.
    Ok(Some(unsafe {
        (
            std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::descrgetfunc>(get),
            std::mem::transmute::<*mut std::ffi::c_void, pyo3::ffi::descrsetfunc>(set),
        )
    }))
}

/// The Python object of a call's typed result (`None` for the 204 operations) or of a page's
/// item (`None` at the end), built with the cyclic collector paused.
pub(crate) fn result_to_python<T: ToPython>(py: Python<'_>, value: T) -> PyResult<Py<PyAny>> {
    let registry = registry(py)?;
    let _pause = GcPause::start(py, &registry.gc)?;
    Ok(value.to_python(py, registry)?.unbind())
}
