"""The single model definition: the OpenAPI contract read into plain Python records.

Every generated file (Rust models and operations, Python stubs, TypeScript declarations)
is emitted from this intermediate representation, so there is exactly one list of the
models, their fields, enum values, documentation and the operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parent.parent / "spec" / "authlete-clients.openapi.yaml"

# Fields whose values are credentials: redacted in Debug output, reprs and logs everywhere.
SECRET_FIELDS = {"clientSecret", "newClientSecret", "oldClientSecret"}


def pascal(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[_\W]+", name) if p)


def snake(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    return s.replace("-", "_").lower()


def camel(name: str) -> str:
    p = pascal(name)
    return p[:1].lower() + p[1:]


@dataclass
class TypeRef:
    """A field type: `kind` is one of string, bool, i32, i64, enum, model, array."""

    kind: str
    name: str = ""  # enum or model name (PascalCase)
    item: "TypeRef | None" = None
    # The values of an enum written inline (`type: string` with `enum:`), which stays kind
    # "string"; the TypeScript declarations name it (e.g. `ResponseMode`).
    values: list[str] | None = None


@dataclass
class Field:
    wire: str  # camelCase JSON name
    type: TypeRef
    doc: str
    required: bool = False
    read_only: bool = False

    @property
    def snake(self) -> str:
        return snake(self.wire)

    @property
    def secret(self) -> bool:
        return self.wire in SECRET_FIELDS


@dataclass
class Model:
    name: str
    schema: str
    doc: str
    fields: list[Field]


@dataclass
class Enum:
    name: str
    schema: str
    doc: str
    values: list[str]


@dataclass
class Param:
    wire: str  # the name in the official TypeScript SDK's request object (camelCase)
    http_name: str  # the name in the path template or the query string
    location: str  # "path" | "query"
    type: TypeRef
    required: bool
    doc: str

    @property
    def snake(self) -> str:
        return snake(self.wire)


@dataclass
class Operation:
    name: str  # the name in the official TypeScript SDK, e.g. getList
    operation_id: str
    request_type: str  # e.g. ClientGetListApiRequest
    method: str
    path: str  # template under the server URL, e.g. /api/{serviceId}/client/get/{clientId}
    summary: str
    doc: str
    params: list[Param]
    body_field: str | None  # the official TypeScript SDK's request field holding the body, e.g. clientFlagUpdateRequest
    body_type: str | None  # model name
    body_required: bool
    response_type: str | None  # None for 204 operations
    success_status: int
    # A subject given both in the path and the query: the official TypeScript SDK names them
    # subjectPathParameter / subjectQueryParameter; we also accept one `subject`.
    shared_params: list[str] = field(default_factory=list)
    # The official TypeScript SDK's resource of the operation (`x-speakeasy-group`): `clients`,
    # or `clientManagement` for three of the siblings.
    group: str = "clients"

    @property
    def snake(self) -> str:
        return snake(self.name)

    @property
    def qualified(self) -> str:
        return "clients." + self.name

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot create a second resource."""
        return self.name != "create"


@dataclass
class Api:
    models: list[Model]
    enums: list[Enum]
    operations: list[Operation]
    servers: list[tuple[str, str]]  # (name, url)

    def model(self, name: str) -> Model:
        return next(m for m in self.models if m.name == name)


def _doc(d: dict) -> str:
    text = (d.get("description") or d.get("summary") or "").strip()
    # YAML folded paragraphs come out with single newlines between lines of one paragraph.
    return re.sub(r"[ \t]+\n", "\n", text)


def _type(schema: dict) -> TypeRef:
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[1]
        return TypeRef("ref", pascal(ref))
    t = schema.get("type")
    if t == "string":
        return TypeRef("string", values=[str(v) for v in schema["enum"]] if "enum" in schema else None)
    if t == "boolean":
        return TypeRef("bool")
    if t == "integer":
        return TypeRef("i64" if schema.get("format") == "int64" else "i32")
    if t == "array":
        return TypeRef("array", item=_type(schema["items"]))
    raise ValueError(f"unsupported schema {schema}")


def load(spec_path: Path = SPEC) -> Api:
    spec = yaml.safe_load(spec_path.read_text())
    schemas = spec["components"]["schemas"]
    enums, models = [], []
    for key, sch in schemas.items():
        if "enum" in sch:
            enums.append(Enum(pascal(key), key, _doc(sch), [str(v) for v in sch["enum"]]))
        elif sch.get("type") == "object":
            req = set(sch.get("required", []))
            fields = [
                Field(wire, _type(p), _doc(p), wire in req, bool(p.get("readOnly")))
                for wire, p in sch["properties"].items()
            ]
            models.append(Model(pascal(key), key, _doc(sch), fields))
    enum_names = {e.name for e in enums}

    def resolve(t: TypeRef) -> TypeRef:
        if t.kind == "ref":
            t.kind = "enum" if t.name in enum_names else "model"
        if t.item:
            resolve(t.item)
        return t

    docs = {e.name: e.doc for e in enums} | {m.name: m.doc for m in models}
    for m in models:
        for f in m.fields:
            resolve(f.type)
            # A `$ref` property has no description of its own: use the referenced schema's.
            if not f.doc:
                f.doc = docs.get(f.type.name) or f"The `{f.wire}` property."

    ops = []
    for path, methods in spec["paths"].items():
        for method, o in methods.items():
            ops.append(_operation(path, method, o, resolve))
    servers = [(s["url"].split("//")[1].split(".")[0], s["url"]) for s in spec["servers"]]
    return Api(models, enums, ops, servers)


def _operation(path: str, method: str, o: dict, resolve) -> Operation:
    raw = o.get("parameters", [])
    names = [p["name"] for p in raw]
    shared = sorted({n for n in names if names.count(n) > 1})
    params = []
    for p in raw:
        wire = p["name"]
        if wire in shared:
            wire += "PathParameter" if p["in"] == "path" else "QueryParameter"
        params.append(
            Param(wire, p["name"], p["in"], resolve(_type(p["schema"])), bool(p.get("required")), _doc(p))
        )
    body_field = body_type = None
    body_required = False
    rb = o.get("requestBody")
    if rb:
        ref = rb["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        body_type = pascal(ref)
        body_field = "client" if ref == "client" else camel(ref)
        body_required = bool(rb.get("required"))
    ok = next(c for c in o["responses"] if c.startswith("2"))
    resp = o["responses"][ok].get("content", {}).get("application/json", {}).get("schema")
    return Operation(
        name=o["x-speakeasy-name-override"],
        operation_id=o["operationId"],
        request_type=pascal(o["operationId"]) + "Request",
        method=method.upper(),
        path=path,
        summary=o.get("summary", "").strip(),
        doc=_doc(o),
        params=params,
        body_field=body_field,
        body_type=body_type,
        body_required=body_required,
        response_type=pascal(resp["$ref"].rsplit("/", 1)[1]) if resp else None,
        success_status=int(ok),
        shared_params=shared,
        group=o.get("x-speakeasy-group", "clients"),
    )
