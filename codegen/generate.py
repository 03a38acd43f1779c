"""Regenerates every generated file from the contract.

    python3 codegen/generate.py          # write the files
    python3 codegen/generate.py --check  # fail if a committed file is stale

The contract is read once into the IR (ir.py); each `emit_<language>.py` module beside this
file has `outputs(api, root) -> {path: text}` and is picked up automatically.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ir  # noqa: E402

ROOT = HERE.parent


def outputs(api: ir.Api) -> dict[Path, str]:
    files: dict[Path, str] = {}
    for module in sorted(HERE.glob("emit_*.py")):
        files.update(importlib.import_module(module.stem).outputs(api, ROOT))
    return files


def rustfmt(text: str) -> str:
    res = subprocess.run(
        ["rustfmt", "--edition", "2021", "--emit", "stdout", "--config-path", str(ROOT / "rustfmt.toml")],
        input=text,
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        raise SystemExit("rustfmt failed on generated code")
    return res.stdout


def main() -> int:
    check = "--check" in sys.argv
    api = ir.load()
    stale = []
    for path, text in outputs(api).items():
        if path.suffix == ".rs":
            text = rustfmt(text)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print("stale generated files (run `make generate`):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
