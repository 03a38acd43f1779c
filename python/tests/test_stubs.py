"""The generated stubs match the runtime: stubtest, every field of every model, and mypy
catching misuse through them."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import authlete_sdk
from authlete_sdk import clients, models
from authlete_sdk.models import Model, OpenEnum

PKG = Path(authlete_sdk.__file__).parent


def _stub_classes(path: Path) -> dict:
    tree = ast.parse(path.read_text())
    out = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = {t.target.id for t in node.body if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Name)}
            names |= {
                t.targets[0].id for t in node.body if isinstance(t, ast.Assign) and isinstance(t.targets[0], ast.Name)
            }
            names |= {f.name for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
            out[node.name] = names
    return out


def test_stubtest_finds_no_difference() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "authlete_sdk"], capture_output=True, text=True, cwd="/"
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_every_model_field_and_enum_value_is_in_the_stubs() -> None:
    stubs = _stub_classes(PKG / "models" / "_generated.pyi")
    checked = 0
    for name in models.__all__:
        cls = getattr(models, name)
        if cls in (Model, OpenEnum):
            continue
        assert name in stubs, name
        if issubclass(cls, Model):
            assert {f.name for f in cls._fields_} <= stubs[name], name
            checked += len(cls._fields_)
        else:
            assert {m.name for m in cls} <= stubs[name], name
    assert checked >= 97 + 40


def test_every_operation_is_in_the_stubs() -> None:
    stubs = _stub_classes(PKG / "clients.pyi")["Clients"]
    methods = {n for n, _ in inspect.getmembers(clients.Clients, inspect.isfunction) if not n.startswith("_")}
    generated = {n for n in methods if n in clients.Clients.__dict__}
    assert len(generated) == 32 and generated <= stubs


def test_mypy_rejects_misuse_through_the_stubs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        textwrap.dedent(
            """
            from authlete_sdk import Authlete
            from authlete_sdk.models import Client, ClientFlagUpdateRequest

            a = Authlete(security={"bearer": "t"})
            a.clients.get(service_id="1")
            a.clients.get(service_id="1", client_id=2)
            Client(client_name=5)
            ClientFlagUpdateRequest()
            c: Client = a.clients.get(service_id="1", client_id="2")
            c.client_nmae
            n: int = c.client_name
            """
        )
    )
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(bad)], capture_output=True, text=True)
    out = res.stdout
    assert res.returncode == 1, out
    for needle in ('"client_id"', "client_name", "client_locked", "client_nmae", "Incompatible types in assignment"):
        assert needle in out, (needle, out)
