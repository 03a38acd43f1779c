//! Requests from Python, read straight into the core's types: an operation's arguments (a
//! tuple in the order of the generated `Op.params`) become its request struct
//! (`authlete::ClientCreateApiRequest`, ...), the package's model objects the core's models,
//! read slot by slot; `Clients::execute` then runs it. No JSON is written in between
//! (bench/OPTIMISATIONS.md, item 29). The per-model and per-operation code is generated
//! (`shapes.rs`); this module holds what it uses.
//!
//! What is accepted, and how it is refused, is what the JSON request of before gave once the
//! core had decoded it:
//! - a model field takes the package's model object of its class (its slots, then the
//!   unknown fields in `extra`), a dict of wire names (unknown keys go to `extra`), or any
//!   other model object through its own `to_dict()` (a subclass says what it sends);
//! - an unknown field whose name is a field's wire name stands for that field when the field
//!   is unset (it is read typed), and is dropped when the field is set (`to_dict`'s rule);
//! - `None` is an absent field; a required field that is absent or `None` is refused;
//! - open enums take their members or any `str`; a string field any `str` (enum members
//!   included); integers are range-checked; `bool` is not an integer;
//! - `extra` values become JSON as `json.dumps` writes them, numbers kept exact: an `int` of
//!   any size and a `decimal.Decimal` digit for digit, a `float` as its shortest form.
//!
//! A value of the wrong type or out of range is an `SDKValidationError` naming its path in
//! wire names (`client.clientNames[0].tag`; Python shows `client.client_names[0].tag`), as
//! the core named it when it decoded the JSON. A value no JSON can carry (a `set`, `NaN`, a
//! key that is not a `str`, nesting beyond [`MAX_DEPTH`], a dict that contains itself) is
//! refused as the whole `request`, as the JSON writer refused it. An exception raised by
//! Python code on the way (a body dict's own checks, `_checked`) is raised as it is.

use std::fmt::Write as _;

use authlete::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::convert::{ModelClass, Registry};

/// Nesting deeper than this, counted from the request, is refused (as the core's JSON decoder
/// refused it); it also stops a dict that contains itself.
const MAX_DEPTH: usize = 128;

/// One step of the path to a refused value, innermost first: a field's wire name or a list
/// index.
pub(crate) enum Step {
    Field(&'static str),
    Index(usize),
}

/// Why a Python value did not become the core's value.
pub(crate) enum Refused {
    /// The value at `path` (built on the way out, innermost step first) has the wrong type or
    /// is out of range.
    Invalid { path: Vec<Step>, reason: String },
    /// The request is refused as a whole (a value no JSON can carry, an unknown operation).
    Error(Error),
    /// A Python exception, raised to the caller as it is.
    Python(PyErr),
}

impl From<PyErr> for Refused {
    fn from(e: PyErr) -> Self {
        Refused::Python(e)
    }
}

impl Refused {
    fn invalid(reason: impl Into<String>) -> Self {
        Refused::Invalid { path: Vec::new(), reason: reason.into() }
    }

    /// A value no JSON request could carry: the request is refused as a whole (`request`).
    fn not_json(reason: impl Into<String>) -> Self {
        Refused::Error(Error::validation("request", reason))
    }

    /// The same refusal, one step further out.
    pub(crate) fn at(mut self, step: Step) -> Self {
        if let Refused::Invalid { path, .. } = &mut self {
            path.push(step);
        }
        self
    }

    /// The core's error for this refusal (an `SDKValidationError` for Python), or the Python
    /// exception to raise.
    pub(crate) fn into_error(self) -> PyResult<Error> {
        match self {
            Refused::Invalid { path, reason } => Ok(Error::validation(render(path), reason)),
            Refused::Error(e) => Ok(e),
            Refused::Python(e) => Err(e),
        }
    }
}

/// `client.clientNames[0].tag` from its steps, innermost first.
fn render(path: Vec<Step>) -> String {
    let mut out = String::new();
    for step in path.into_iter().rev() {
        match step {
            Step::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    if out.is_empty() {
        out.push_str("request");
    }
    out
}

/// A core value read from a Python object.
pub(crate) trait FromPython: Sized {
    /// The value of `v`, at `depth` below the request.
    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused>;
}

impl<T: FromPython> FromPython for Option<T> {
    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused> {
        if v.is_none() {
            return Ok(None);
        }
        T::from_python(v, r, depth).map(Some)
    }
}

impl FromPython for String {
    fn from_python(v: &Bound<'_, PyAny>, _: &Registry, _: usize) -> Result<Self, Refused> {
        match v.cast::<PyString>() {
            Ok(s) => text(s).map_err(Refused::invalid),
            Err(_) => Err(invalid_type(v, "a string")),
        }
    }
}

impl FromPython for authlete::Secret {
    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused> {
        String::from_python(v, r, depth).map(authlete::Secret::from)
    }
}

impl FromPython for bool {
    fn from_python(v: &Bound<'_, PyAny>, _: &Registry, _: usize) -> Result<Self, Refused> {
        match v.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => Err(invalid_type(v, "a boolean")),
        }
    }
}

macro_rules! integer_from_python {
    ($($t:ty),*) => {$(
        impl FromPython for $t {
            fn from_python(v: &Bound<'_, PyAny>, _: &Registry, _: usize) -> Result<Self, Refused> {
                let expected = stringify!($t);
                if let (Ok(i), false) = (v.cast::<PyInt>(), v.is_instance_of::<PyBool>()) {
                    return i.extract::<$t>().map_err(|_| out_of_range(v, expected));
                }
                // A Decimal holding an integer, written as one, was an integer on the wire.
                if let Some(text) = decimal_text(v)? {
                    if !text.contains(['.', 'e', 'E']) {
                        return text.parse::<$t>().map_err(|_| out_of_range(v, expected));
                    }
                }
                Err(invalid_type(v, expected))
            }
        }
    )*};
}

integer_from_python!(i32, i64);

impl<T: FromPython> FromPython for Vec<T> {
    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused> {
        check_depth(depth)?;
        let item = |(i, item): (usize, Bound<'_, PyAny>)| {
            T::from_python(&item, r, depth + 1).map_err(|e| e.at(Step::Index(i)))
        };
        if let Ok(list) = v.cast::<PyList>() {
            list.iter().enumerate().map(item).collect()
        } else if let Ok(tuple) = v.cast::<PyTuple>() {
            tuple.iter().enumerate().map(item).collect()
        } else {
            Err(invalid_type(v, "a sequence"))
        }
    }
}

/// An open enum from any `str` (its members are `str`s whose text is the value).
pub(crate) fn open_enum<E: for<'a> From<&'a str>>(
    v: &Bound<'_, PyAny>,
    expected: &str,
) -> Result<E, Refused> {
    match v.cast::<PyString>() {
        Ok(s) => Ok(E::from(&*s.to_cow().map_err(|e| Refused::invalid(message(v.py(), &e)))?)),
        Err(_) => Err(invalid_type(v, expected)),
    }
}

/// A core model's fields as the generated code lists them, for [`read_model`].
pub(crate) trait ModelFields: Default {
    /// The model's index in `MODELS` (its class in the registry).
    const INDEX: usize;
    /// What serde's decode expected, for messages: `struct Client`.
    const EXPECTED: &'static str;
    /// The fields' wire names, in the contract's order (the slots' order).
    const WIRES: &'static [&'static str];
    /// The required fields, one bit per field index.
    const REQUIRED: u128;
    /// The index of the field with this wire name.
    fn field_index(wire: &str) -> Option<usize>;
    /// Sets field `index` from `v` (`None` is absent for an optional field).
    fn set(&mut self, index: usize, v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<(), Refused>;
    /// The unknown fields.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// The fields a model read has set so far (a model has at most 128 fields: the generator
/// checks it).
#[derive(Default)]
struct Seen(u128);

impl Seen {
    fn has(&self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }

    fn add(&mut self, i: usize) {
        self.0 |= 1 << i;
    }
}

/// Model `M` from `v`: its own class's object, a dict of wire names, or another model object
/// through its `to_dict()`.
pub(crate) fn read_model<M: ModelFields>(
    v: &Bound<'_, PyAny>,
    r: &Registry,
    depth: usize,
) -> Result<M, Refused> {
    check_depth(depth)?;
    let class = &r.models[M::INDEX];
    if v.get_type_ptr().cast() == class.cls.as_ptr() {
        return model_from_slots(v, class, r, depth);
    }
    if let Ok(dict) = v.cast::<PyDict>() {
        let mut out = M::default();
        let mut seen = Seen::default();
        for (k, x) in dict.iter() {
            unknown_or_field(&mut out, &mut seen, &k, &x, r, depth)?;
        }
        return required(out, &seen);
    }
    if model_like(v) {
        return read_model(&v.call_method0(pyo3::intern!(v.py(), "to_dict"))?, r, depth + 1);
    }
    Err(invalid_type(v, M::EXPECTED))
}

fn model_from_slots<M: ModelFields>(
    v: &Bound<'_, PyAny>,
    class: &ModelClass,
    r: &Registry,
    depth: usize,
) -> Result<M, Refused> {
    let py = v.py();
    let mut out = M::default();
    let mut seen = Seen::default();
    for (i, wire) in M::WIRES.iter().enumerate() {
        let x = class.get(py, r, v, i)?;
        if x.is_none() {
            continue;
        }
        out.set(i, &x, r, depth + 1).map_err(|e| e.at(Step::Field(wire)))?;
        seen.add(i);
    }
    for (k, x) in extra_of(v, r)?.iter() {
        unknown_or_field(&mut out, &mut seen, &k, &x, r, depth)?;
    }
    required(out, &seen)
}

/// The unknown fields of a model object (its `extra` dict).
fn extra_of<'py>(v: &Bound<'py, PyAny>, r: &Registry) -> Result<Bound<'py, PyDict>, Refused> {
    let extra = v.getattr(r.extra_name(v.py()))?;
    extra.cast_into::<PyDict>().map_err(|_| Refused::not_json("extra: expected a dict"))
}

/// One member of a model's wire form: an unknown field, or a field not set yet (a field
/// already set shadows it).
fn unknown_or_field<M: ModelFields>(
    out: &mut M,
    seen: &mut Seen,
    k: &Bound<'_, PyAny>,
    x: &Bound<'_, PyAny>,
    r: &Registry,
    depth: usize,
) -> Result<(), Refused> {
    let key = key(k)?;
    if let Some(i) = M::field_index(&key) {
        if !seen.has(i) {
            out.set(i, x, r, depth + 1).map_err(|e| e.at(Step::Field(M::WIRES[i])))?;
            seen.add(i);
        }
        return Ok(());
    }
    let value = json(x, r, depth + 1)?;
    out.extra_mut().insert(key, value);
    Ok(())
}

fn required<M: ModelFields>(out: M, seen: &Seen) -> Result<M, Refused> {
    match M::REQUIRED & !seen.0 {
        0 => Ok(out),
        missing => {
            let wire = M::WIRES[missing.trailing_zeros() as usize];
            Err(Refused::invalid(format!("missing field `{wire}`")).at(Step::Field(wire)))
        }
    }
}

/// Whether `v` is a model object (of the package or made like one): it says what it sends
/// with `to_dict()`.
fn model_like(v: &Bound<'_, PyAny>) -> bool {
    let py = v.py();
    v.hasattr(pyo3::intern!(py, "to_dict")).unwrap_or(false)
        && v.hasattr(pyo3::intern!(py, "_fields_")).unwrap_or(false)
}

/// `v` as the JSON value `json.dumps` would write (an `extra` value), numbers exact.
fn json(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Value, Refused> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(if v.is_none() {
        Value::Null
    } else if let Ok(s) = v.cast::<PyString>() {
        // Also the enum members (`OpenEnum` is a str whose text is the value).
        Value::String(text(s).map_err(Refused::not_json)?)
    } else if let Ok(b) = v.cast::<PyBool>() {
        Value::Bool(b.is_true())
    } else if let Ok(i) = v.cast::<PyInt>() {
        Value::Number(int_number(i)?)
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        Value::Number(
            Number::from_f64(x).ok_or_else(|| Refused::not_json(format!("{x} is not a JSON number")))?,
        )
    } else if let Ok(d) = v.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, x) in d.iter() {
            map.insert(key(&k)?, json(&x, r, depth + 1)?);
        }
        Value::Object(map)
    } else if let Ok(l) = v.cast::<PyList>() {
        Value::Array(l.iter().map(|x| json(&x, r, depth + 1)).collect::<Result<_, _>>()?)
    } else if let Ok(t) = v.cast::<PyTuple>() {
        Value::Array(t.iter().map(|x| json(&x, r, depth + 1)).collect::<Result<_, _>>()?)
    } else if let Some(text) = decimal_text(v)? {
        Value::Number(text.parse().map_err(|_| Refused::not_json(format!("{text} is not a JSON number")))?)
    } else if let Some(class) = r.model_of(v) {
        model_json(v, class, r, depth)?
    } else if model_like(v) {
        json(&v.call_method0(pyo3::intern!(v.py(), "to_dict"))?, r, depth + 1)?
    } else {
        return Err(Refused::not_json(format!("Object of type {} is not JSON serializable", type_name(v))));
    })
}

/// A model object inside an unknown field: its set fields under their wire names, then its
/// unknown fields that no set field shadows (what `to_dict` gives).
fn model_json(
    v: &Bound<'_, PyAny>,
    class: &ModelClass,
    r: &Registry,
    depth: usize,
) -> Result<Value, Refused> {
    let py = v.py();
    let mut map = Map::new();
    for (i, wire) in class.wires.iter().enumerate() {
        let x = class.get(py, r, v, i)?;
        if !x.is_none() {
            map.insert(wire.clone(), json(&x, r, depth + 1)?);
        }
    }
    for (k, x) in extra_of(v, r)?.iter() {
        let k = key(&k)?;
        if !map.contains_key(&k) {
            let x = json(&x, r, depth + 1)?;
            map.insert(k, x);
        }
    }
    Ok(Value::Object(map))
}

/// An `int` of any size as a JSON number, digit for digit.
fn int_number(i: &Bound<'_, PyInt>) -> Result<Number, Refused> {
    if let Ok(n) = i.extract::<i64>() {
        return Ok(n.into());
    }
    if let Ok(n) = i.extract::<u64>() {
        return Ok(n.into());
    }
    let digits = i.str()?;
    let digits = digits.to_cow()?;
    // serde_json keeps a number's text as written (its `arbitrary_precision`).
    digits.parse().map_err(|_| Refused::not_json(format!("{digits} is not a JSON number")))
}

/// The text of a `decimal.Decimal` (what an exact number arrives as), `None` for any other
/// object; a NaN or an infinity is refused.
fn decimal_text(v: &Bound<'_, PyAny>) -> Result<Option<String>, Refused> {
    let py = v.py();
    if v.get_type().name()?.to_cow()? != "Decimal" || !v.hasattr(pyo3::intern!(py, "is_finite"))? {
        return Ok(None);
    }
    let text = v.str()?.to_cow()?.into_owned();
    if !v.call_method0(pyo3::intern!(py, "is_finite"))?.is_truthy()? {
        return Err(Refused::not_json(format!("{text} is not a JSON number")));
    }
    Ok(Some(text))
}

/// An object key, which must be a `str` (as for `json.dumps`).
fn key(k: &Bound<'_, PyAny>) -> Result<String, Refused> {
    match k.cast::<PyString>() {
        Ok(s) => text(s).map_err(Refused::not_json),
        Err(_) => Err(Refused::not_json(format!("keys must be str, not {}", type_name(k)))),
    }
}

/// A `str` as UTF-8; a lone surrogate has no UTF-8 form (the message says so).
fn text(s: &Bound<'_, PyString>) -> Result<String, String> {
    s.to_cow().map(|c| c.into_owned()).map_err(|e| message(s.py(), &e))
}

/// The text of a Python exception, as `str(e)` gives it.
fn message(py: Python<'_>, e: &PyErr) -> String {
    e.value(py).str().map(|s| s.to_string()).unwrap_or_else(|_| e.to_string())
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

fn check_depth(depth: usize) -> Result<(), Refused> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(())
}

fn too_deep() -> Refused {
    Refused::not_json(format!("the request is nested more than {MAX_DEPTH} levels deep"))
}

/// serde's words for what `v` is (`integer \`5\``, `string "x"`, `map`), for a message saying
/// it is not what a field expected; a value no JSON can carry is refused as such.
fn invalid_type(v: &Bound<'_, PyAny>, expected: &str) -> Refused {
    match describe(v) {
        Ok(what) => Refused::invalid(format!("invalid type: {what}, expected {expected}")),
        Err(refused) => refused,
    }
}

fn out_of_range(v: &Bound<'_, PyAny>, expected: &str) -> Refused {
    let shown = v.str().map(|s| s.to_string()).unwrap_or_default();
    Refused::invalid(format!("invalid value: integer `{shown}`, expected {expected}"))
}

fn describe(v: &Bound<'_, PyAny>) -> Result<String, Refused> {
    let shown = || v.str().map(|s| s.to_string());
    Ok(if v.is_none() {
        "null".to_owned()
    } else if let Ok(b) = v.cast::<PyBool>() {
        format!("boolean `{}`", b.is_true())
    } else if v.is_instance_of::<PyInt>() {
        format!("integer `{}`", shown()?)
    } else if let Ok(f) = v.cast::<PyFloat>() {
        if !f.value().is_finite() {
            return Err(Refused::not_json(format!("{} is not a JSON number", f.value())));
        }
        format!("floating point `{}`", shown()?)
    } else if let Ok(s) = v.cast::<PyString>() {
        format!("string {:?}", text(s).map_err(Refused::not_json)?)
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        "sequence".to_owned()
    } else if v.is_instance_of::<PyDict>() || model_like(v) {
        "map".to_owned()
    } else if let Some(text) = decimal_text(v)? {
        if text.contains(['.', 'e', 'E']) {
            format!("floating point `{text}`")
        } else {
            format!("integer `{text}`")
        }
    } else {
        return Err(Refused::not_json(format!("Object of type {} is not JSON serializable", type_name(v))));
    })
}

/// An operation's arguments (a tuple in the order of `Op.params`), checked as the package
/// checked them before (same messages: the argument's name, then what is wrong).
pub(crate) struct Args<'a, 'py> {
    pub(crate) items: &'a Bound<'py, PyTuple>,
    pub(crate) registry: &'a Registry,
}

impl<'py> Args<'_, 'py> {
    /// Argument `i`, `None` when it is `None`.
    fn get(&self, i: usize) -> PyResult<Option<Bound<'py, PyAny>>> {
        let v = self.items.get_item(i)?;
        Ok((!v.is_none()).then_some(v))
    }

    /// A required argument's value; `None` is refused.
    pub(crate) fn required<T>(&self, v: Option<T>, wire: &'static str, op: &str) -> Result<T, Refused> {
        v.ok_or_else(|| Refused::invalid(format!("{op}: missing required argument")).at(Step::Field(wire)))
    }

    /// A `str` argument.
    pub(crate) fn str(&self, i: usize, wire: &'static str) -> Result<Option<String>, Refused> {
        let Some(v) = self.get(i)? else { return Ok(None) };
        match v.cast::<PyString>() {
            Ok(s) => text(s).map(Some).map_err(|reason| Refused::invalid(reason).at(Step::Field(wire))),
            Err(_) => {
                Err(Refused::invalid(format!("expected str, got {}", type_name(&v))).at(Step::Field(wire)))
            }
        }
    }

    /// An `int` argument within int32.
    pub(crate) fn int(&self, i: usize, wire: &'static str) -> Result<Option<i32>, Refused> {
        let Some(v) = self.get(i)? else { return Ok(None) };
        let refuse = |reason: String| Refused::invalid(reason).at(Step::Field(wire));
        match v.cast::<PyInt>() {
            Ok(n) if !v.is_instance_of::<PyBool>() => n.extract::<i32>().map(Some).map_err(|_| {
                refuse(format!(
                    "{} is out of range for int32",
                    v.str().map(|s| s.to_string()).unwrap_or_default()
                ))
            }),
            _ => Err(refuse(format!("expected int, got {}", type_name(&v)))),
        }
    }

    /// The body argument: a model object of its class (or a subclass), or a mapping, which the
    /// class's `_checked` makes a model object of (its exceptions are raised as they are).
    pub(crate) fn body<M: ModelFields>(
        &self,
        i: usize,
        name: &'static str,
        wire: &'static str,
    ) -> Result<Option<M>, Refused> {
        let Some(v) = self.get(i)? else { return Ok(None) };
        let r = self.registry;
        let class = r.models[M::INDEX].cls.bind(v.py());
        let v = if v.is_instance(class)? {
            v
        } else if v.cast::<PyMapping>().is_ok() {
            class.call_method1(pyo3::intern!(v.py(), "_checked"), (&v, (name, wire)))?
        } else {
            let reason = format!("expected {} or dict, got {}", class_name(class), type_name(&v));
            return Err(Refused::invalid(reason).at(Step::Field(wire)));
        };
        read_model(&v, r, 1).map(Some).map_err(|e| e.at(Step::Field(wire)))
    }
}

fn class_name(class: &Bound<'_, PyType>) -> String {
    class.name().map(|n| n.to_string()).unwrap_or_default()
}
