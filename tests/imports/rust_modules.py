"""The module graph of a Rust crate, from `cargo modules dependencies` (cargo-modules), as
JSON for cycles.py: each module maps to the modules whose items it uses.

    cargo modules dependencies --package authlete --lib --no-externs --no-sysroot > crate.dot
    python3 tests/imports/rust_modules.py crate.dot > crate.json
    python3 tests/imports/cycles.py crate.json

An item belongs to its innermost module; a use between a module and one that contains it
(`use super::...` in a child, `pub use child::*` in a parent) is left out, as cycles.py
leaves out a Python module's import of its own package.
"""

from __future__ import annotations

import json
import re
import sys

NODE = re.compile(r'^\s*"([^"]+)" \[label="[^|"]*\b(mod|crate)\|')
EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[label="uses"')


def main() -> int:
    with open(sys.argv[1]) as f:
        lines = f.readlines()
    modules = {m.group(1) for line in lines if (m := NODE.match(line))}

    def module_of(path: str) -> str:
        while path not in modules and "::" in path:
            path = path.rsplit("::", 1)[0]
        return path

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for line in lines:
        m = EDGE.match(line)
        if not m:
            continue
        a, b = module_of(m.group(1)), module_of(m.group(2))
        related = a == b or a.startswith(b + "::") or b.startswith(a + "::")
        if a in graph and b in graph and not related:
            graph[a].add(b)
    json.dump({m: sorted(deps) for m, deps in sorted(graph.items())}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
