"""Writes the bench's response bodies from the contract (codegen/ir.py): a "full" client with
every field of `Client` set (nested models, arrays of 2 items), a list of 100 of them, and the
create body (the full client without its read-only fields).

    python3 bench/fixtures.py OUT_DIR     -> client.json, list.json, create.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codegen"))
import ir  # noqa: E402


def value(api: ir.Api, t: ir.TypeRef, wire: str, depth: int, n: int):
    models = {m.name: m for m in api.models}
    enums = {e.name: e for e in api.enums}
    if t.kind == "ref":
        t = ir.TypeRef("enum" if t.name in enums else "model", t.name)
    if t.kind == "string":
        low = wire.lower()
        if low.endswith(("uri", "uris", "url", "endpoint")) or low in ("entityid", "trustanchorid"):
            return f"https://app{n}.example.com/{wire}"
        return f"{wire} value {n}"
    if t.kind == "bool":
        return False
    if t.kind == "i32":
        return 3600 + n
    if t.kind == "i64":
        return 1700000000000 + n
    if t.kind == "enum":
        return enums[t.name].values[0]
    if t.kind == "array" and t.item is not None:
        return [value(api, t.item, wire, depth, n + i) for i in range(2)]
    if t.kind == "model":
        return model(api, models[t.name], depth + 1, n)
    raise ValueError(t)


def model(api: ir.Api, m: ir.Model, depth: int, n: int) -> dict:
    out = {}
    for f in m.fields:
        if f.type.kind == "model" or f.type.kind == "ref":
            if depth > 3:
                continue
        out[f.wire] = value(api, f.type, f.wire, depth, n)
    return out


def full_client(api: ir.Api, n: int) -> dict:
    client = model(api, next(m for m in api.models if m.name == "Client"), 0, n)
    client["clientId"] = 1140735077 + n
    client["number"] = n + 1
    client["clientIdAlias"] = f"alias-{n}"
    client["clientIdAliasEnabled"] = True
    client["clientSecret"] = "s" * 86
    client["jwks"] = '{"keys":[]}'
    # Plain strings in the contract that the peers read as enums.
    client["responseModes"] = ["QUERY", "FORM_POST"]
    client["bcDeliveryMode"] = "POLL"
    client["digestAlgorithm"] = "SHA-256"
    return client


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    api = ir.load()
    read_only = {f.wire for m in api.models if m.name == "Client" for f in m.fields if f.read_only}
    one = full_client(api, 0)
    (out / "client.json").write_text(json.dumps(one, separators=(",", ":")))
    clients = [full_client(api, i) for i in range(100)]
    page = {"start": 0, "end": 100, "totalCount": 100, "clients": clients}
    (out / "list.json").write_text(json.dumps(page, separators=(",", ":")))
    body = {k: v for k, v in one.items() if k not in read_only}
    (out / "create.json").write_text(json.dumps(body, separators=(",", ":")))


if __name__ == "__main__":
    main()
