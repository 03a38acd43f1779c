"""Emits the Python binding's conversions of the core's models to the package's model
objects (bindings/python/src/convert_generated.rs; the machinery is in convert.rs).

The slot names and their order are the Python package's (`emit_python.pyname`, the contract's
field order), the Rust field names the core's (`emit_rust.ident`); the native module checks at
registration that the package's classes have exactly these fields.
"""

from __future__ import annotations

from emit_python import pyname
from emit_rust import HEADER, ident, lit, rname, variant
from ir import Api, Enum, Model


def model_impl(m: Model, index: int) -> str:
    rows = "".join(
        f"        class.set(py, r, &obj, {i}, &self.{ident(f.wire)})?;\n" for i, f in enumerate(m.fields)
    )
    return (
        f"impl ToPython for core::{rname(m.name)} {{\n"
        "    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {\n"
        f"        let (obj, class) = r.new_model(py, {index})?;\n"
        f"{rows}"
        "        r.set_extra(py, &obj, &self.extra)?;\n"
        "        Ok(obj)\n"
        "    }\n}\n"
    )


def enum_impl(e: Enum, index: int) -> str:
    """A known value is its member by position (`ENUMS` lists the values in the core's
    order); no string is hashed or compared."""
    name = rname(e.name)
    arms = "".join(f"            core::{name}::{variant(v)} => {i},\n" for i, v in enumerate(e.values))
    return (
        f"impl ToPython for core::{name} {{\n"
        "    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {\n"
        "        let known = match self {\n"
        f"{arms}"
        f"            core::{name}::Unknown(value) => return r.enum_unknown(py, {index}, value),\n"
        "        };\n"
        f"        Ok(r.enum_known(py, {index}, known))\n"
        "    }\n}\n"
    )


def emit(api: Api) -> str:
    parts = [
        HEADER,
        "//! Every model and enum of the core as the Python package's object (see convert.rs).\n\n",
        "use std::any::Any;\n\n",
        "use authlete::models as core;\nuse pyo3::exceptions::PyTypeError;\nuse pyo3::prelude::*;\n\n",
        "use crate::convert::{Registry, ToPython};\n\n",
        "/// The package's model classes by name, with their slots in the contract's field order.\n",
        "pub(crate) const MODELS: &[(&str, &[&str])] = &[\n",
    ]
    for m in api.models:
        slots = ", ".join(lit(pyname(f.wire)) for f in m.fields)
        parts.append(f"    ({lit(m.name)}, &[{slots}]),\n")
    parts.append("];\n\n/// The package's enum classes by name, with the values the core knows in its order.\n")
    parts.append("pub(crate) const ENUMS: &[(&str, &[&str])] = &[\n")
    for e in api.enums:
        parts.append(f"    ({lit(e.name)}, &[{', '.join(lit(v) for v in e.values)}]),\n")
    parts.append("];\n\n")
    parts += [model_impl(m, i) + "\n" for i, m in enumerate(api.models)]
    parts += [enum_impl(e, i) + "\n" for i, e in enumerate(api.enums)]
    parts.append(
        "/// The Python object of a typed result: an operation's result or a paginated item (a model).\n"
        "pub(crate) fn output_to_python<'py>(\n"
        "    py: Python<'py>,\n"
        "    r: &Registry,\n"
        "    value: &(dyn Any + Send),\n"
        ") -> PyResult<Bound<'py, PyAny>> {\n"
    )
    for t in (m.name for m in api.models):
        parts.append(
            f"    if let Some(v) = value.downcast_ref::<core::{rname(t)}>() {{\n        return v.to_python(py, r);\n    }}\n"
        )
    parts.append('    Err(PyTypeError::new_err("the native module returned a result of an unknown type"))\n}\n')
    return "".join(parts)


def outputs(api: Api, root) -> dict:
    return {root / "bindings/python/src/convert_generated.rs": emit(api)}
