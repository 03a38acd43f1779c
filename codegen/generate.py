"""Regenerates every generated file from the contract.

    python3 codegen/generate.py          # write the files
    python3 codegen/generate.py --check  # fail if a committed file is stale
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ir  # noqa: E402
import rust  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def outputs(api: ir.Api) -> dict[Path, str]:
    files = {
        ROOT / "core/src/models/generated.rs": rust.emit_models(api),
        ROOT / "core/src/clients/generated.rs": rust.emit_operations(api),
    }
    return files


def rustfmt(text: str) -> str:
    res = subprocess.run(["rustfmt", "--edition", "2021", "--emit", "stdout"], input=text, capture_output=True, text=True)
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
