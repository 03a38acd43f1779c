"""Emits the uniffi binding glue (bindings/uniffi/src/generated.rs) from the IR (see ir.py).

For every model: a uniffi Record with the same fields as the core's model (enum-typed fields
as `String`, since the enums are open; secrets as the `Secret` custom type; unknown fields in
`extra` as a JSON object string), conversions to and from the core's model, and
`<model>_from_json` / `<model>_to_json` helpers. For every operation: an async method of
`AuthleteNative` (a `suspend fun` in Kotlin) that builds the core's request and runs it as a
task, and a synchronous `<operation>_blocking` twin that runs the same call on the calling
thread (the Kotlin `...Blocking` functions, without a foreign future per call), its arguments
in one `<Operation>BlockingArgs` record.
"""

from __future__ import annotations

import re

from emit_rust import HEADER, doc, ident, lit, rname
from ir import Api, Model, Operation, TypeRef, snake


def record_type(t: TypeRef, secret: bool = False) -> str:
    if secret:
        return "Secret"
    return {"string": "String", "bool": "bool", "i32": "i32", "i64": "i64", "enum": "String", "model": rname(t.name)}.get(
        t.kind
    ) or f"Vec<{record_type(t.item)}>"


def to_record(expr: str, t: TypeRef, secret: bool) -> str:
    """Converts a core value (non-optional) to the record's type."""
    if secret:
        return f"Secret({expr})"
    if t.kind == "enum":
        return f"{expr}.as_str().to_owned()"
    if t.kind == "model":
        return f"{expr}.into()"
    if t.kind == "array" and t.item.kind in ("enum", "model"):
        inner = to_record("x", t.item, False)
        return f"{expr}.into_iter().map(|x| {inner}).collect()"
    return expr


def needs_path(t: TypeRef) -> bool:
    return t.kind == "model" or (t.kind == "array" and t.item.kind == "model")


def to_core(expr: str, t: TypeRef, secret: bool, path: str) -> str:
    """Converts a record value (non-optional) to the core type; `?`-fallible for models."""
    if secret:
        return f"{expr}.0"
    if t.kind == "enum":
        return f"core::{rname(t.name)}::from({expr})"
    if t.kind == "model":
        return f"{expr}.into_core(&{path})?"
    if t.kind == "array" and t.item.kind == "enum":
        return f"{expr}.into_iter().map(core::{rname(t.item.name)}::from).collect()"
    if t.kind == "array" and t.item.kind == "model":
        return (
            f"{expr}.into_iter().enumerate().map(|(i, x)| x.into_core(&format!(\"{{}}[{{i}}]\", {path})))"
            ".collect::<Result<Vec<_>, _>>()?"
        )
    return expr


def short_doc(text: str, limit: int = 90) -> str:
    """The first sentence of a field's documentation, at most `limit` characters: uniffi's
    metadata buffer (16 KiB per record) cannot hold the full text of Client's 97 fields.
    The full documentation is on the core's models (`authlete::models`)."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 3].rstrip() + "..."


def emit_model(m: Model) -> str:
    name = rname(m.name)
    out = [doc(short_doc(m.doc or f"The `{m.schema}` object.", 200) + f" Full documentation: `authlete::models::{name}`.")]
    out.append("#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]\n")
    out.append(f"pub struct {name} {{\n")
    for f in m.fields:
        ty = record_type(f.type, f.secret)
        d = short_doc(f.doc)
        if f.type.kind == "enum" or (f.type.kind == "array" and f.type.item.kind == "enum"):
            d += f" `{f.type.name or f.type.item.name}` values."
        if f.read_only:
            d += " Read-only."
        if f.secret:
            d += " Secret."
        out.append(doc(d, "    "))
        if f.required:
            out.append(f"    pub {ident(f.wire)}: {ty},\n")
        else:
            out.append(f"    #[uniffi(default = None)]\n    pub {ident(f.wire)}: Option<{ty}>,\n")
    out.append(
        "    /// Fields this SDK version does not know, as a JSON object string; sent back unchanged.\n"
        "    #[uniffi(default = None)]\n    pub extra: Option<String>,\n}\n\n"
    )
    # core -> record
    out.append(f"impl From<core::{name}> for {name} {{\n    fn from(v: core::{name}) -> Self {{\n        Self {{\n")
    for f in m.fields:
        n = ident(f.wire)
        if f.required:
            out.append(f"            {n}: {to_record(f'v.{n}', f.type, f.secret)},\n")
        elif to_record("x", f.type, f.secret) == "x":
            out.append(f"            {n}: v.{n},\n")
        else:
            out.append(f"            {n}: v.{n}.map(|x| {to_record('x', f.type, f.secret)}),\n")
    out.append("            extra: extra_to_json(&v.extra),\n        }\n    }\n}\n\n")
    # record -> core
    out.append(f"impl {name} {{\n")
    out.append(f"    /// Converts to the core's model; `path` names this value in errors.\n")
    out.append(f"    pub(crate) fn into_core(self, path: &str) -> Result<core::{name}, NativeError> {{\n")
    out.append(f"        Ok(core::{name} {{\n")
    for f in m.fields:
        n = ident(f.wire)
        p = f'format!("{{path}}.{f.wire}")'
        if f.required:
            out.append(f"            {n}: {to_core(f'self.{n}', f.type, f.secret, p)},\n")
        elif to_core("x", f.type, f.secret, p) == "x":
            out.append(f"            {n}: self.{n},\n")
        elif needs_path(f.type):
            conv = to_core("x", f.type, f.secret, "p").replace("?", "")
            out.append(
                f"            {n}: match self.{n} {{\n                Some(x) => {{\n                    let p = {p};\n"
                f"                    Some({to_core('x', f.type, f.secret, 'p')})\n                }}\n                None => None,\n            }},\n"
            )
            del conv
        else:
            out.append(f"            {n}: self.{n}.map(|x| {to_core('x', f.type, f.secret, p)}),\n")
    out.append("            extra: extra_from_json(self.extra, path)?,\n        })\n    }\n}\n\n")
    # JSON helpers
    s = snake(name)
    out.append(doc(f"Decodes a `{name}` from JSON (the API's camelCase form)."))
    out.append(
        f"#[uniffi::export]\npub fn {s}_from_json(json: String) -> Result<{name}, NativeError> {{\n"
        f"    decode::<core::{name}>(&json, {lit(snake(m.name))}).map(Into::into)\n}}\n\n"
    )
    out.append(doc(f"Encodes a `{name}` as JSON (the API's camelCase form, every field)."))
    out.append(
        f"#[uniffi::export]\npub fn {s}_to_json(value: {name}) -> Result<String, NativeError> {{\n"
        f"    encode(&value.into_core({lit(snake(m.name))})?)\n}}\n"
    )
    return "".join(out)


def op_args(op: Operation) -> list[tuple[str, str, str]]:
    """(rust ident, rust type, core field init) of the generated method's arguments."""
    args = []
    for p in op.params:
        ty = "String" if p.type.kind == "string" else "i32"
        n = ident(p.wire)
        if p.required and p.http_name not in op.shared_params:
            args.append((n, ty, n))
        else:
            args.append((n, f"Option<{ty}>", n))
    for shared in op.shared_params:
        args.append((ident(shared), "Option<String>", ident(shared)))
    if op.body_field:
        n = ident(op.body_field)
        path = lit(op.body_field)
        if op.body_required:
            args.append((n, op.body_type, f"{n}: {n}.into_core({path})?"))
        else:
            args.append((n, f"Option<{op.body_type}>", f"{n}: {n}.map(|b| b.into_core({path})).transpose()?"))
    return args


def blocking_args_name(op: Operation) -> str:
    """The record that carries a `_blocking` method's arguments (e.g. `GetBlockingArgs`)."""
    return op.name[0].upper() + op.name[1:] + "BlockingArgs"


def emit_blocking_args(op: Operation) -> str:
    """The arguments of `<operation>_blocking` as one record: Kotlin lowers each `String` or
    record argument into a buffer of its own (a native call and JNA structures each), one
    record into one buffer (less peak RSS for `create`: bench/OPTIMISATIONS.md, item 23)."""
    fields = "".join(
        f"    /// The `{n}` argument of [`AuthleteNative::{ident(op.name)}`].\n    pub {n}: {t},\n" for n, t, _ in op_args(op)
    )
    return (
        doc(f"The arguments of [`AuthleteNative::{ident(op.name)}_blocking`], in one record.")
        + "#[derive(Clone, Debug, PartialEq, uniffi::Record)]\n"
        + f"pub struct {blocking_args_name(op)} {{\n{fields}"
        + "    /// The per-call options (the official TypeScript SDK's `RequestOptions`) as JSON; none means the defaults.\n"
        + "    #[uniffi(default = None)]\n    pub options_json: Option<String>,\n}\n\n"
    )


def emit_operation(op: Operation) -> str:
    """The async method and its synchronous `_blocking` twin: the same request and call, run
    as a task (`run`) or on the calling thread (`run_blocking`, its arguments in one record)."""
    out_ty = rname(op.response_type) if op.response_type else "()"
    args = op_args(op)
    d = f"{op.summary}: `{op.method} {op.path}` (`clients.{op.name}`).\n\n{op.doc}".rstrip()
    sig = "".join(f"        {n}: {t},\n" for n, t, _ in args)
    inits = ", ".join(init for _, _, init in args)
    conv = "Ok(out.into())" if op.response_type else "Ok(out)"
    name = ident(op.name)
    body = (
        f"        let request = authlete::{op.request_type} {{ {inits} }};\n"
        f"        let out = self\n            .{{runner}}(options_json, move |clients, options| async move {{\n"
        f"                clients.{name}_with(request, &options).await\n            }}){{wait}}?;\n"
        f"        {conv}\n    }}\n"
    )
    unpack = ", ".join(n for n, _, _ in args)
    args_ty = blocking_args_name(op)
    return (
        doc(d, "    ")
        + f"    pub async fn {name}(\n        &self,\n{sig}        options_json: Option<String>,\n"
        f"    ) -> Result<{out_ty}, NativeError> {{\n"
        + body.replace("{runner}", "run").replace("{wait}", "\n            .await")
        + "\n"
        + doc(f"Blocking [`AuthleteNative::{name}`]: runs on the calling thread until the call is done.", "    ")
        + f"    pub fn {ident(op.name + '_blocking')}(&self, args: {args_ty}) -> Result<{out_ty}, NativeError> {{\n"
        + f"        let {args_ty} {{ {unpack}, options_json }} = args;\n"
        + body.replace("{runner}", "run_blocking").replace("{wait}", "")
    )


def emit(api: Api) -> str:
    parts = [
        HEADER,
        "//! The uniffi records of every model, their conversions to and from the core's models, and\n"
        "//! every operation as an async method of `AuthleteNative` and its synchronous `_blocking` twin.\n\n",
        "#![allow(clippy::too_many_arguments, clippy::let_unit_value, clippy::redundant_closure)]\n\n",
        "use authlete::models as core;\n\n",
        "use crate::client::AuthleteNative;\nuse crate::error::NativeError;\n",
        "use crate::models::{decode, encode, extra_from_json, extra_to_json, Secret};\n\n",
    ]
    parts += [emit_model(m) + "\n" for m in api.models]
    parts += [emit_blocking_args(op) for op in api.operations]
    parts.append("#[uniffi::export]\nimpl AuthleteNative {\n")
    parts.append("\n".join(emit_operation(op) for op in api.operations))
    parts.append("}\n")
    return "".join(parts)


def outputs(api: Api, root) -> dict:
    return {root / "bindings/uniffi/src/generated.rs": emit(api)}
