//! Every model and enum of the core as the Python package's object (the machinery is in
//! convert.rs), every model and enum read back from the package's objects, and every
//! operation's request read from its arguments (the machinery is in request.rs). Written once
//! here as macros, expanded over the core's lists of models, enums and requests
//! (`authlete::for_each_model_shape!`, `authlete::for_each_request!`), so that a new field,
//! model or operation needs nothing in this crate.

use authlete::clients as api;
use authlete::models as core;
use authlete::Error;
use pyo3::prelude::*;
use serde_json::{Map, Value};

use crate::convert::{Registry, ToPython};
use crate::request::{open_enum, read_model, Args, FromPython, ModelFields, Refused};
use crate::runner::{Pending, Runner};

macro_rules! shapes {
    (
        models: [$(($model:ident, $model_name:literal, [$($field:ident $wire:literal $required:literal),*])),* $(,)?],
        enums: [$(($enum:ident, $enum_name:literal, [$($variant:ident $value:literal),*])),* $(,)?] $(,)?
    ) => {
        /// The position of each model in `MODELS` (its class in the registry).
        #[allow(dead_code)]
        enum ModelIndex { $($model),* }

        /// The position of each enum in `ENUMS`.
        #[allow(dead_code)]
        enum EnumIndex { $($enum),* }

        /// The package's model classes by the contract's name, with their fields' wire names in
        /// the contract's order (the classes' `_fields_` must list the same).
        pub(crate) const MODELS: &[(&str, &[&str])] = &[$(($model_name, &[$($wire),*])),*];

        /// The package's enum classes by name, with the values the core knows in its order.
        pub(crate) const ENUMS: &[(&str, &[&str])] = &[$(($enum_name, &[$($value),*])),*];

        $(
            const _: () = {
                /// The position of each field: its slot in the class, its bit in `REQUIRED`.
                #[allow(non_camel_case_types, dead_code)]
                enum Field { $($field),* }

                impl ToPython for core::$model {
                    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {
                        let (obj, class) = r.new_model(py, ModelIndex::$model as usize)?;
                        $(class.set(py, r, &obj, Field::$field as usize, &self.$field)?;)*
                        r.set_extra(py, &obj, &self.extra)?;
                        Ok(obj)
                    }
                }

                impl ModelFields for core::$model {
                    const INDEX: usize = ModelIndex::$model as usize;
                    const EXPECTED: &'static str = concat!("struct ", stringify!($model));
                    const WIRES: &'static [&'static str] = &[$($wire),*];
                    const REQUIRED: u128 = 0 $(| (($required as u128) << (Field::$field as usize)))*;

                    fn field_index(wire: &str) -> Option<usize> {
                        match wire {
                            $($wire => Some(Field::$field as usize),)*
                            _ => None,
                        }
                    }

                    fn set(&mut self, index: usize, v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<(), Refused> {
                        $(
                            if index == Field::$field as usize {
                                self.$field = FromPython::from_python(v, r, depth)?;
                                return Ok(());
                            }
                        )*
                        Ok(())
                    }

                    fn extra_mut(&mut self) -> &mut Map<String, Value> {
                        &mut self.extra
                    }
                }

                impl FromPython for core::$model {
                    fn from_python(v: &Bound<'_, PyAny>, r: &Registry, depth: usize) -> Result<Self, Refused> {
                        read_model(v, r, depth)
                    }
                }
            };
        )*

        $(
            const _: () = {
                /// The position of each known value: its member in `ENUMS`.
                #[allow(dead_code)]
                enum Known { $($variant),* }

                // A known value is its member by position: no string is hashed or compared.
                impl ToPython for core::$enum {
                    fn to_python<'py>(&self, py: Python<'py>, r: &Registry) -> PyResult<Bound<'py, PyAny>> {
                        let known = match self {
                            $(core::$enum::$variant => Known::$variant as usize,)*
                            core::$enum::Unknown(value) => return r.enum_unknown(py, EnumIndex::$enum as usize, value),
                        };
                        Ok(r.enum_known(py, EnumIndex::$enum as usize, known))
                    }
                }

                impl FromPython for core::$enum {
                    fn from_python(v: &Bound<'_, PyAny>, _: &Registry, _: usize) -> Result<Self, Refused> {
                        open_enum(v, concat!("a ", stringify!($enum), " string"))
                    }
                }
            };
        )*
    };
}

authlete::for_each_model_shape!(shapes);

/// One field of a request read from its positional argument; the field's type says how: a
/// required or optional `str`, an optional `int` (int32), a required or optional model body.
trait FromArg: Sized {
    /// Reads argument `i` (`name` the Python parameter, `wire` the contract's name) of
    /// operation `op`.
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        name: &'static str,
        wire: &'static str,
        op: &str,
    ) -> Result<Self, Refused>;
}

impl FromArg for String {
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        _: &'static str,
        wire: &'static str,
        op: &str,
    ) -> Result<Self, Refused> {
        a.required(a.str(i, wire)?, wire, op)
    }
}

impl FromArg for Option<String> {
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        _: &'static str,
        wire: &'static str,
        _: &str,
    ) -> Result<Self, Refused> {
        a.str(i, wire)
    }
}

impl FromArg for Option<i32> {
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        _: &'static str,
        wire: &'static str,
        _: &str,
    ) -> Result<Self, Refused> {
        a.int(i, wire)
    }
}

impl<M: ModelFields> FromArg for Option<M> {
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        name: &'static str,
        wire: &'static str,
        _: &str,
    ) -> Result<Self, Refused> {
        a.body(i, name, wire)
    }
}

impl<M: ModelFields> FromArg for M {
    fn from_arg(
        a: &Args<'_, '_>,
        i: usize,
        name: &'static str,
        wire: &'static str,
        op: &str,
    ) -> Result<Self, Refused> {
        a.required(a.body(i, name, wire)?, wire, op)
    }
}

macro_rules! start {
    ($(($request:ident, $qualified:literal, $short:literal, [$($field:ident $wire:literal),*])),* $(,)?) => {
        /// Reads operation `op`'s arguments (in the order of `Op.params`, the request's field
        /// order) into its request struct and starts it with `run`. `op` is the qualified name
        /// (`clients.getList`) or the short one.
        pub(crate) fn start(op: &str, a: &Args<'_, '_>, run: Runner) -> Result<Pending, Refused> {
            Ok(match op {
                $(
                    $qualified | $short => {
                        /// The position of each argument.
                        #[allow(non_camel_case_types, dead_code)]
                        enum Arg { $($field),* }
                        run.start(api::$request {
                            $($field: FromArg::from_arg(a, Arg::$field as usize, stringify!($field), $wire, $qualified)?,)*
                        })
                    }
                )*
                other => return Err(Refused::Error(Error::unknown_operation(other))),
            })
        }
    };
}

authlete::for_each_request!(start);
