"""Emits the Python binding's conversions between the core's types and the package's
objects (bindings/python/src/convert_generated.rs): each core model and enum as the package's
object (the machinery is in convert.rs), each model and enum read from the package's objects,
and each operation's request struct read from its arguments (the machinery is in request.rs).

The slot names and their order are the Python package's (`emit_python.pyname`, the contract's
field order), the Rust field names the core's (`emit_rust.ident`); the native module checks at
registration that the package's classes have exactly these fields. An operation's arguments
arrive in the order of `emit_python.op_params`, which also writes `Op.params` and the calls
in clients.py.
"""

from __future__ import annotations

from emit_python import op_params, pyname
from emit_rust import HEADER, ident, lit, rname, variant
from ir import Api, Enum, Model, Operation


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


def model_from_python(m: Model, index: int) -> str:
    """`ModelFields` (what request.rs's `read_model` needs to know of the model) and
    `FromPython` through it."""
    name = rname(m.name)
    if len(m.fields) > 128:
        raise ValueError(f"{m.name}: request.rs tracks at most 128 fields per model")
    wires = ", ".join(lit(f.wire) for f in m.fields)
    required = ", ".join(str(i) for i, f in enumerate(m.fields) if f.required)
    index_arms = "".join(f"            {lit(f.wire)} => Some({i}),\n" for i, f in enumerate(m.fields))
    if len(m.fields) == 1:
        only = ident(m.fields[0].wire)
        set_body = f"        if index == 0 {{\n            self.{only} = FromPython::from_python(v, r, depth)?;\n        }}\n"
    else:
        arms = "".join(
            f"            {i} => self.{ident(f.wire)} = FromPython::from_python(v, r, depth)?,\n" for i, f in enumerate(m.fields)
        )
        set_body = f"        match index {{\n{arms}            _ => {{}}\n        }}\n"
    return (
        f"impl ModelFields for core::{name} {{\n"
        f"    const INDEX: usize = {index};\n"
        f"    const EXPECTED: &'static str = {lit('struct ' + name)};\n"
        f"    const WIRES: &'static [&'static str] = &[{wires}];\n"
        f"    const REQUIRED: &'static [usize] = &[{required}];\n\n"
        "    fn field_index(wire: &str) -> Option<usize> {\n"
        "        match wire {\n"
        f"{index_arms}"
        "            _ => None,\n"
        "        }\n"
        "    }\n\n"
        "    fn set(&mut self, index: usize, v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<(), Refused> {\n"
        f"{set_body}"
        "        Ok(())\n"
        "    }\n\n"
        "    fn extra_mut(&mut self) -> &mut Map<String, Value> {\n"
        "        &mut self.extra\n"
        "    }\n"
        "}\n\n"
        f"impl FromPython for core::{name} {{\n"
        "    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused> {\n"
        "        read_model(v, r, depth)\n"
        "    }\n}\n"
    )


def enum_from_python(e: Enum) -> str:
    name = rname(e.name)
    return (
        f"impl FromPython for core::{name} {{\n"
        "    fn from_python(v: &Bound<'_, PyAny>, _: &Registry, _: usize) -> Result<Self, Refused> {\n"
        f"        open_enum(v, {lit('a ' + name + ' string')})\n"
        "    }\n}\n"
    )


def operation_arm(op: Operation) -> str:
    """One arm of `start`: the request struct, its fields read from the arguments in order."""
    rows = []
    for i, (name, wire, kind, required, _doc) in enumerate(op_params(op)):
        if kind == "str":
            value = f"a.str({i}, {lit(wire)})?"
        elif kind == "i32":
            param = next((p for p in op.params if p.wire == wire), None)
            if param is None or param.type.kind != "i32":
                raise ValueError(f"{op.qualified}: {wire}: request.rs reads integer arguments as i32 only")
            value = f"a.int({i}, {lit(wire)})?"
        else:
            value = f"a.body::<core::{rname(op.body_type or '')}>({i}, {lit(name)}, {lit(wire)})?"
        if required:
            value = f"a.required({value}, {lit(wire)}, {lit(op.qualified)})?"
        rows.append(f"            {ident(wire)}: {value},\n")
    names = f"{lit(op.qualified)} | {lit(op.name)}"
    return f"        {names} => run.start(api::{op.request_type} {{\n{''.join(rows)}        }}),\n"


def emit(api: Api) -> str:
    parts = [
        HEADER,
        "//! Every model and enum of the core as the Python package's object (see convert.rs), read\n",
        "//! back from the package's objects, and every operation's request read from its arguments\n",
        "//! (see request.rs).\n\n",
        "use authlete::clients as api;\nuse authlete::models as core;\nuse authlete::Error;\n",
        "use pyo3::prelude::*;\nuse serde_json::{Map, Value};\n\n",
        "use crate::runner::{Pending, Runner};\n",
        "use crate::convert::{Registry, ToPython};\n",
        "use crate::request::{open_enum, read_model, Args, FromPython, ModelFields, Refused};\n\n",
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
    parts += [model_from_python(m, i) + "\n" for i, m in enumerate(api.models)]
    parts += [enum_from_python(e) + "\n" for e in api.enums]
    parts.append(
        "/// Reads operation `op`'s arguments (in the order of `Op.params`) into its request struct\n"
        "/// and starts it with `run`. `op` is the qualified name (`clients.getList`) or the short one.\n"
        "pub(crate) fn start(op: &str, a: &Args<'_, '_>, run: Runner) -> Result<Pending, Refused> {\n"
        "    Ok(match op {\n"
    )
    parts += [operation_arm(op) for op in api.operations]
    parts.append("        other => return Err(Refused::Error(Error::unknown_operation(other))),\n    })\n}\n")
    return "".join(parts)


def outputs(api: Api, root) -> dict:
    return {root / "bindings/python/src/convert_generated.rs": emit(api)}
