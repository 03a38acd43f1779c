"""Emits the uniffi binding's operations (bindings/uniffi/src/generated.rs) from the IR (see ir.py).

The models and request types are the core's own, uniffi Records and Enums through the core's
`uniffi` feature; nothing is copied here. For every model: `<model>_from_json` /
`<model>_to_json`. For every operation: an async method of `AuthleteNative` (a `suspend fun`
in Kotlin) and a synchronous `<operation>_blocking` twin that runs the same call on the
calling thread (the Kotlin `...Blocking` functions, without a foreign future per call). Both
take the core's request type and the per-call options as JSON.
"""

from __future__ import annotations

from emit_rust import HEADER, doc, ident, rname
from ir import Api, Model, Operation, snake


def emit_json(m: Model) -> str:
    name, s = rname(m.name), snake(rname(m.name))
    return (
        doc(f"Decodes a `{name}` from JSON (the API's camelCase form).")
        + f"#[uniffi::export]\npub fn {s}_from_json(json: String) -> Result<{name}, NativeError> {{\n"
        + f'    decode(&json, "{snake(m.name)}")\n}}\n\n'
        + doc(f"Encodes a `{name}` as JSON (the API's camelCase form, every field).")
        + f"#[uniffi::export]\npub fn {s}_to_json(value: {name}) -> Result<String, NativeError> {{\n"
        + "    encode(&value)\n}\n"
    )


def emit_operation(op: Operation) -> str:
    """The async method and its synchronous `_blocking` twin: the same call, run as a task
    (`execute`) or on the calling thread (`execute_blocking`)."""
    out_ty = rname(op.response_type) if op.response_type else "()"
    d = f"{op.summary}: `{op.method} {op.path}` (`clients.{op.name}`).\n\n{op.doc}".rstrip()
    name = ident(op.name)
    sig = f"(&self, request: {op.request_type}, options_json: Option<String>) -> Result<{out_ty}, NativeError>"
    return (
        doc(d, "    ")
        + f"    pub async fn {name}{sig} {{\n        self.execute(request, options_json).await\n    }}\n\n"
        + doc(f"Blocking [`AuthleteNative::{name}`]: runs on the calling thread until the call is done.", "    ")
        + f"    pub fn {ident(op.name + '_blocking')}{sig} {{\n        self.execute_blocking(request, options_json)\n    }}\n"
    )


def emit(api: Api) -> str:
    parts = [
        HEADER,
        "//! `<model>_from_json` / `<model>_to_json` for every model, and every operation as an async\n"
        "//! method of `AuthleteNative` and its synchronous `_blocking` twin, over the core's types.\n\n",
        "use authlete::models::*;\nuse authlete::*;\n\n",
        "use crate::client::AuthleteNative;\nuse crate::error::NativeError;\nuse crate::models::{decode, encode};\n\n",
    ]
    parts += [emit_json(m) + "\n" for m in api.models]
    parts.append("#[uniffi::export]\nimpl AuthleteNative {\n")
    parts.append("\n".join(emit_operation(op) for op in api.operations))
    parts.append("}\n")
    return "".join(parts)


def outputs(api: Api, root) -> dict:
    return {root / "bindings/uniffi/src/generated.rs": emit(api)}
