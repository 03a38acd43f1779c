"""Start-up cost: importing the package and constructing a client load none of the heavy
standard modules (they are imported when a feature needs them). See bench/OPTIMISATIONS.md."""

from __future__ import annotations

import subprocess
import sys

import pytest

# typing: annotations only; asyncio: the async calls; logging: once the application has it.
HEAVY = ("typing", "asyncio", "logging")

PROBE = f"""
import sys
import authlete_sdk
from authlete_sdk import Authlete
from authlete_sdk.models import Client

Authlete(security={{"bearer": "t"}}, server_url="http://127.0.0.1:9")
Client(client_name="x").to_dict()
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_import_and_construct_load_no_heavy_module() -> None:
    res = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd="/")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"loaded at import: {res.stdout.strip()}"


def test_type_alias_still_resolves_at_run_time() -> None:
    from authlete_sdk import options

    assert "RetryConfig" in repr(options.RetryArg)
    with pytest.raises(AttributeError):
        options.NoSuchName  # noqa: B018 (the access itself must raise)


def test_version_is_the_workspace_version() -> None:
    """One version: the native module's, the installed distribution's and Cargo.toml's agree."""
    import importlib.metadata
    import pathlib
    import re

    import authlete_sdk

    cargo = (pathlib.Path(__file__).resolve().parents[2] / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE)
    assert match is not None
    assert authlete_sdk.__version__ == match.group(1)
    assert importlib.metadata.version("authlete-sdk") == match.group(1)
